"""Which standard a content root is checked against, and why that one.

In order of precedence:

1. a folder named for this run: ``--schemas``, ``CHECKER_SCHEMAS``, the plugin's ``schemas:``;
2. the repository's own ``schemas/`` (in the working folder, or beside mkdocs.yml);
3. a standard shipped with the tool: the current one, or an earlier release kept whole under
   ``released/<version>/`` beside it.

organization.yaml may pin ``standard: {id, version}``. Then the shipped standard of that id
and version is used, however new the installed tool is, and a repository's own ``schemas/``
must be that one. A pin that nothing here satisfies stops the run (:class:`PinError`):
scoring against another standard would change scores without anyone having decided it.
Without a pin the current shipped standard is used, as before pins existed.

Only ``id`` and ``version`` are read here, cheaply; a broken organization.yaml or
standard.yaml is left to the checks that report it (the organization findings, StandardError).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from checker import __version__
from checker.core.paths import ORGANIZATION_FILE, display
from checker.core.shipped import candidates
from checker.core.standards import FOLDER_NAME, STANDARD_FILE, StandardsFolder
from checker.core.yamlload import load_yaml

RELEASED_DIR = "released"  # earlier standards, each a full copy: released/<version>/
REPOSITORY_DIR = Path(FOLDER_NAME)
ENV = "CHECKER_SCHEMAS"
PIN_MAX_BYTES = 2 << 20  # organization.yaml's own limit is the standard's; this is its default

# Where the current shipped standard may be: inside the installed package, or beside the
# package in a checkout. The first that holds a standard.yaml wins. Tests replace this list.
SHIPPED_ROOTS: list[Path] = list(candidates("_schemas", FOLDER_NAME))

Source = Literal["explicit", "repository", "shipped"]


@dataclass(frozen=True, slots=True)
class Pin:
    """``standard: {id, version}`` in a content root's organization.yaml."""

    id: str
    version: str
    file: str  # organization.yaml, as findings show it

    @property
    def label(self) -> str:
        return f"{self.id} {self.version}"


@dataclass(frozen=True, slots=True)
class StandardChoice:
    folder: Path  # holds standard.yaml and the JSON Schemas
    source: Source
    pin: Pin | None = None


class PinError(Exception):
    """The standard organization.yaml pins is not there: nothing is checked against another."""


def choose_standard(
    content_root: Path | None,
    explicit: Path | None = None,
    repository: Path | None = REPOSITORY_DIR,
    shipped: Sequence[Path] | None = None,
) -> StandardChoice:
    """The standard in force for ``content_root``; PinError when its pin cannot be honoured.

    ``explicit`` is the folder named for this run (``CHECKER_SCHEMAS`` when None);
    ``repository`` the repository's own standard folder, used when it holds a standard.yaml;
    ``shipped`` the places of the current shipped standard (SHIPPED_ROOTS when None).
    """
    named = explicit or _from_env()
    if named is not None:
        # Named for this run on purpose (a draft standard, a comparison): the pin does not
        # veto it; dossiers that declare another standard still get R007.
        return StandardChoice(named, "explicit")
    pin = read_pin(content_root) if content_root is not None else None
    if repository is not None and (repository / STANDARD_FILE).is_file():
        if pin is not None:
            found = identify(repository)
            if found is not None and found != (pin.id, pin.version):
                raise PinError(_mismatch(pin, repository, found, shipped))
        return StandardChoice(repository, "repository", pin)
    return StandardChoice(shipped_standard(pin, shipped), "shipped", pin)


def shipped_standard(pin: Pin | None, shipped: Sequence[Path] | None = None) -> Path:
    """The shipped standard folder for ``pin``: the current one when there is no pin."""
    folders = shipped_folders(shipped)
    if not folders:
        return REPOSITORY_DIR  # a broken install: the engine says the folder is missing
    if pin is None:
        return folders[0]
    for folder in folders:  # the current one first: usually the pin is today's standard
        if identify(folder) == (pin.id, pin.version):
            return folder
    raise PinError(_unavailable(pin, folders))


def shipped_folders(shipped: Sequence[Path] | None = None) -> list[Path]:
    """The current shipped standard, then the earlier releases kept beside it (by name)."""
    roots = SHIPPED_ROOTS if shipped is None else shipped
    current = next((r for r in roots if (r / STANDARD_FILE).is_file()), None)
    if current is None:
        return []
    released = current / RELEASED_DIR
    earlier = (
        sorted(p for p in released.iterdir() if (p / STANDARD_FILE).is_file())
        if released.is_dir()
        else []
    )
    return [current, *earlier]


def read_pin(content_root: Path) -> Pin | None:
    """organization.yaml's ``standard``, or None when there is none or it is not readable.

    A malformed pin counts as none here: the organization checks report it, with its line."""
    path = content_root / ORGANIZATION_FILE
    if not path.is_file():
        return None
    file = display(path)
    loaded = load_yaml(path, file, PIN_MAX_BYTES)
    pinned = loaded.data.get("standard") if loaded.ok and isinstance(loaded.data, dict) else None
    if not isinstance(pinned, dict):
        return None
    standard_id, version = pinned.get("id"), pinned.get("version")
    if not (isinstance(standard_id, str) and isinstance(version, str)):
        return None
    return Pin(standard_id, version, file)


def identify(folder: Path) -> tuple[str, str] | None:
    """(id, version) of the standard in ``folder``, or None when it cannot be read."""
    loaded = StandardsFolder(folder).read_standard()
    data = loaded.data if loaded.ok and isinstance(loaded.data, dict) else {}
    standard_id, version = data.get("id"), data.get("version")
    if isinstance(standard_id, str) and isinstance(version, str):
        return standard_id, version
    return None


def _from_env() -> Path | None:
    value = os.environ.get(ENV)
    return Path(value) if value else None


def _available(folders: Sequence[Path]) -> str:
    labels = []
    for index, folder in enumerate(folders):
        found = identify(folder)
        if found is not None:
            labels.append(" ".join(found) + ("（最新）" if index == 0 else ""))
    return "、".join(labels) or "无"


def _unavailable(pin: Pin, folders: Sequence[Path]) -> str:
    return (
        f"{pin.file} 指定按标准 {pin.label} 评分，但本 checker（{__version__}）没有这一版标准；"
        f"它带有的标准：{_available(folders)}。可以：\n"
        f"  1. 把 {pin.file} 中的 standard 改为上面列出的一版"
        "（得分可能随之变化：在合并请求中运行 `checker ci --base 目标分支` 可逐条查看）；\n"
        f"  2. 安装带有标准 {pin.label} 的 checker 版本；\n"
        f"  3. 在仓库中保留一份标准：用最新标准为 {pin.label} 的 checker 运行 "
        "`checker init --own-standard`（在另一个目录），把生成的 schemas/ 复制到本仓库，"
        "以后按仓库中的这份标准评分，不再随 checker 升级而变。"
    )


def _mismatch(
    pin: Pin, repository: Path, found: tuple[str, str], shipped: Sequence[Path] | None
) -> str:
    own = " ".join(found)
    return (
        f"{pin.file} 指定按标准 {pin.label} 评分，但仓库中的 "
        f"{display(repository / STANDARD_FILE)} 是 {own}。可以：\n"
        f"  1. 把 {pin.file} 中的 standard 改为 {own}"
        "（得分可能随之变化：在合并请求中运行 `checker ci --base 目标分支` 可逐条查看）；\n"
        f"  2. 把 {display(repository)}/ 换成 {pin.label} 这一版标准"
        f"（用最新标准为这一版的 checker 运行 `checker init --own-standard` 即可得到）；\n"
        f"  3. 删除 {display(repository)}/，改用 checker 带有的标准；"
        f"本 checker（{__version__}）带有：{_available(shipped_folders(shipped))}。"
    )
