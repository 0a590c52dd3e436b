"""`checker init DIR`: a committee's own dossier repository, working from the installed package.

Everything the repository needs is assembled in memory first (`plan`), so a refusal writes
nothing; then it is written in one go (`write`). The texts are templates in
checker/init_templates; the CI files are those of `checker init-ci`; the example branch is
one of this project's sample branches, shipped as checker._example.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

import yaml

from checker.core import atomic
from checker.core.paths import BRANCH_FILE, BRANCHES_DIR, ORGANIZATION_FILE
from checker.core.periods import default_today
from checker.core.shipped import shipped_folder
from checker.core.standards import FOLDER_NAME as SCHEMAS_DIR
from checker.core.standards import SCHEMA_FILES, STANDARD_FILE
from checker.dossier import hooks, initci
from checker.dossier.layout import DOSSIER_FILE
from checker.dossier.standard import Standard

EXAMPLE_PACKAGE_DIR = "_example"
EXAMPLE_SOURCE_DIR = "content"
EXAMPLE_BRANCH = "379901-CZJ-01"
REGION = re.compile(r"^[0-9]{6}([0-9]{3})?$")
PLACEHOLDER_COMMITTEE = "（请填写工委全称，如：中共××市直属机关工作委员会）"

# The schema of each kind of YAML file, for editors: file name -> schema, and where it lives.
SCHEMA_OF = {
    DOSSIER_FILE: SCHEMA_FILES["dossier"],
    "review.yaml": SCHEMA_FILES["review"],
    BRANCH_FILE: SCHEMA_FILES["branch"],
    ORGANIZATION_FILE: SCHEMA_FILES["organization"],
}
EDITOR_GLOBS = {
    SCHEMA_FILES["dossier"]: "branches/*/*/dossier.yaml",
    SCHEMA_FILES["review"]: "branches/*/*/review.yaml",
    SCHEMA_FILES["branch"]: "branches/*/branch.yaml",
    SCHEMA_FILES["organization"]: "organization.yaml",
    SCHEMA_FILES["points_month"]: "branches/*/*/points/*-[0-9][0-9].yaml",
    SCHEMA_FILES["points_quarter"]: "branches/*/*/points/*-Q[1-4].yaml",
    SCHEMA_FILES["points_grading"]: "branches/*/*/points/grading.yaml",
    SCHEMA_FILES["assessment_organization"]: "assessment/*/organizations/*.yaml",
    SCHEMA_FILES["assessment_ratings"]: "assessment/*/*.yaml",
}
_MODELINE = re.compile(rb"^# yaml-language-server: \$schema=[^\n]*\n")
# A folder holding only these is as good as empty: a fresh clone of an empty repository.
_IGNORABLE = {".git"}


class FolderNotEmpty(Exception):
    """The target folder holds files already; nothing has been written."""

    def __init__(self, folder: Path, entries: list[str]) -> None:
        super().__init__(str(folder))
        self.folder = folder
        self.entries = entries


@dataclass(slots=True)
class Options:
    name: str | None = None
    region: str | None = None
    example: bool = False
    own_standard: bool = False
    schema_url: str | None = None  # the site's address: editors take the schemas from there
    today: date = field(default_factory=default_today)


@dataclass(slots=True)
class Plan:
    files: dict[str, bytes]  # path relative to the repository -> content
    example_code: str | None


def _template(name: str) -> str:
    folder = resources.files("checker.dossier.init_templates")
    return folder.joinpath(name).read_text(encoding="utf-8")


def _fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace(f"@@{key}@@", value)
    leftover = re.search(r"@@[A-Z_]+@@", text)
    if leftover:  # a template names something we do not fill: our bug, not the user's
        raise AssertionError(f"unfilled {leftover.group()}")
    return text


def example_dir() -> Path:
    """The sample content the example branch comes from: the package's copy, or the
    checkout's content/."""
    marker = f"{BRANCHES_DIR}/{EXAMPLE_BRANCH}/{BRANCH_FILE}"
    return shipped_folder(EXAMPLE_PACKAGE_DIR, EXAMPLE_SOURCE_DIR, marker)


def _yaml_scalar(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def _example_branch() -> tuple[dict[str, bytes], dict, list[int]]:
    """The example branch's files (relative to the branch folder), its organization's entry
    in the sample organization.yaml, and the years it has."""
    source = example_dir()
    branch_dir = source / BRANCHES_DIR / EXAMPLE_BRANCH
    files = {
        path.relative_to(branch_dir).as_posix(): path.read_bytes()
        for path in sorted(branch_dir.rglob("*"))
        if path.is_file()
    }
    branch = yaml.safe_load(files[BRANCH_FILE])
    organizations = yaml.safe_load((source / ORGANIZATION_FILE).read_bytes())["organizations"]
    entry = next(o for o in organizations if o["id"] == branch["organization"])
    years = sorted(int(p.name) for p in branch_dir.iterdir() if p.is_dir() and p.name.isdigit())
    return files, entry, years


def _editor_settings(standard_dir: Path, options: Options) -> bytes:
    if options.own_standard:
        base = f"./{SCHEMAS_DIR}/"
    elif options.schema_url:
        base = options.schema_url.rstrip("/") + "/schemas/"
    else:
        base = standard_dir.resolve().as_uri() + "/"
    schemas = {base + schema: glob for schema, glob in EDITOR_GLOBS.items()}
    if options.own_standard:
        schemas[base + SCHEMA_FILES["standard"]] = f"{SCHEMAS_DIR}/{STANDARD_FILE}"
    settings = {
        "yaml.schemas": schemas,
        "files.encoding": "utf8",
        "[yaml]": {"editor.insertSpaces": True, "editor.tabSize": 2},
    }
    return (json.dumps(settings, ensure_ascii=False, indent=2) + "\n").encode()


def _pre_commit_config() -> bytes:
    hook = hooks.local_hook()
    text = (
        "# 提交前检查（https://pre-commit.com）：\n"
        "# 安装 pre-commit 后在本仓库运行一次 pre-commit install。\n"
        "# 钩子用本机已安装的 checker（与 CI 中 CHECKER_PACKAGE 的版本一致），不需要访问外网。\n"
        + yaml.safe_dump(
            {"repos": [{"repo": "local", "hooks": [hook]}]},
            allow_unicode=True,
            sort_keys=False,
        )
    )
    return text.encode()


def _with_modeline(data: bytes, target: Path, root: Path, own_standard: bool) -> bytes:
    """A sample file with its schema line fitted to where it now lives (or none)."""
    data = _MODELINE.sub(b"", data, count=1)
    schema = SCHEMA_OF.get(target.name)
    if schema is None or not own_standard:
        return data
    # The schemas are written with the rest, so the line is computed as if they were there.
    depth = len(target.parent.relative_to(root).parts)
    line = f"# yaml-language-server: $schema={'../' * depth}{SCHEMAS_DIR}/{schema}\n"
    return line.encode() + data


def plan(standard: Standard, options: Options) -> Plan:
    """Every file of the new repository, in memory."""
    committee = options.name or PLACEHOLDER_COMMITTEE
    root = Path("/repository")  # only for relative paths of schema lines
    files: dict[str, bytes] = {}
    organizations = [
        "  # - id: ORG-01",
        "  #   name: （请填写上级党组织全称，如：中共××市财政局机关委员会）",
        "  #   level: city",
        "  #   zone: Z1",
    ]
    first_year = latest_year = options.today.year
    example_code = None
    if options.example:
        branch_files, entry, years = _example_branch()
        example_code = EXAMPLE_BRANCH
        first_year, latest_year = min([first_year, *years]), max(years)
        organizations = [f"  - id: {entry['id']}"] + [
            f"    {key}: {_yaml_scalar(str(value))}" for key, value in entry.items() if key != "id"
        ]
        for relative, data in branch_files.items():
            path = f"{BRANCHES_DIR}/{EXAMPLE_BRANCH}/{relative}"
            files[path] = _with_modeline(data, root / path, root, options.own_standard)
    else:
        files[f"{BRANCHES_DIR}/.gitkeep"] = b""
    targets = [f"  {first_year + i}: {share}" for i, share in enumerate(("0.5", "0.8", "1.0"))]
    region = (
        f'region_code: "{options.region}"'
        if options.region
        else '# region_code: "379900"   （请填写，填写后去掉行首的 #）'
    )
    organization = _fill(
        _template("organization.yaml"),
        {
            "COMMITTEE": _yaml_scalar(committee),
            "REGION": region,
            "STANDARD_ID": standard.id,
            "STANDARD_VERSION": standard.version,
            "ORGANIZATIONS": "\n".join(organizations),
            "TARGETS": "\n".join(targets),
        },
    )
    files[ORGANIZATION_FILE] = _with_modeline(
        organization.encode(), root / ORGANIZATION_FILE, root, options.own_standard
    )
    files["mkdocs.yml"] = _fill(_template("mkdocs.yml"), {"COMMITTEE": committee}).encode()
    files["docs/about.md"] = _fill(_template("about.md"), {"COMMITTEE": committee}).encode()
    files[".gitignore"] = _template("gitignore.txt").encode()
    files["inbox/README.md"] = _template("inbox-README.md").encode()
    for kind, (_, target) in initci.TARGETS.items():
        files[target] = initci.template(kind).encode()
    files[".pre-commit-config.yaml"] = _pre_commit_config()
    files[".vscode/settings.json"] = _editor_settings(standard.folder, options)
    if options.own_standard:
        for path in sorted(standard.source.documents()):
            files[f"{SCHEMAS_DIR}/{path.name}"] = path.read_bytes()
    files["README.md"] = _readme(committee, standard, options, example_code, latest_year).encode()
    return Plan(files, example_code)


def _readme(
    committee: str, standard: Standard, options: Options, code: str | None, year: int
) -> str:
    if code is None:
        code = "<支部编号>"
        note = (
            "下面的命令以支部编号 `<支部编号>` 为例，使用时换成本支部的编号"
            "（在 `organization.yaml` 中登记了上级党组织之后，用 `checker new` 建立支部）。"
        )
    else:
        note = (
            f"下面的命令以示例支部 `{code}` 为例（`checker init --example` 生成的示例，"
            "正式使用前可删除），使用时换成本支部的编号。"
        )
    pinned = f"`{standard.id}` 版本 `{standard.version}`"
    if options.own_standard:
        schemas_row = (
            "| `schemas/` | 本仓库自己的标准（`standard.yaml`）和各类文件的 JSON Schema，"
            "优先于 checker 自带的标准 |\n"
        )
        standard_note = (
            f"本仓库使用自己的标准 `schemas/standard.yaml`（{pinned}），"
            "优先于 checker 自带的标准，升级 checker 不影响得分。改分值或阈值时："
            "修改 `standard.yaml`，把其中的 `version` 改为新版本号（如 2025.1 → 2025.2），"
            "同时改 `organization.yaml` 中 `standard` 的 `version`；合并请求中 `checker ci` "
            "按新标准重新评分全部台账，列出每条得分变化。已有台账中的 `standard` 仍写着旧版本时"
            "报 R007（写明台账填写的版本和现行版本），把它们改为新版本即可。"
        )
    else:
        schemas_row = ""
        standard_note = (
            f"本仓库使用 checker 自带的标准 {pinned}（`organization.yaml` 中的 `standard`）。"
            "升级 checker 时，只要这里的版本不变，得分就不变；新版 checker 不再带有这一版本时，"
            "检查会停下并说明怎么办。换用新版标准：把 `version` 改为新版本号，在合并请求中查看 "
            "`checker ci` 列出的每条得分变化，并把各台账中的 `standard` 改为新版本"
            "（否则报 R007，写明台账填写的版本和现行版本）。要自定分值或阈值，"
            "用 `checker init --own-standard` 在另一个目录生成带标准副本的仓库，"
            "把其中的 `schemas/` 目录复制到本仓库，本仓库就改用这份标准。"
        )
    return _fill(
        _template("README.md"),
        {
            "COMMITTEE": committee,
            "SCHEMAS_ROW": schemas_row.rstrip("\n"),
            "EXAMPLE_NOTE": note,
            "CODE": code,
            "YEAR": str(year),
            "NEXT": str(year + 1),
            "STANDARD_NOTE": standard_note,
        },
    )


def existing_entries(folder: Path) -> list[str]:
    """What in ``folder`` would make it not empty for `init` (a bare `.git` does not)."""
    if not folder.is_dir():
        return []
    return sorted(entry.name for entry in folder.iterdir() if entry.name not in _IGNORABLE)


def write(folder: Path, the_plan: Plan, force: bool = False) -> list[str]:
    """Write the planned files into ``folder``; refuse, writing nothing, when it is not empty
    and ``force`` is not given. Returns the paths written."""
    entries = existing_entries(folder)
    if entries and not force:
        raise FolderNotEmpty(folder, entries)
    if not os.path.lexists(folder):
        # A new folder appears whole or not at all: built beside its place, then renamed.
        parent = folder.absolute().parent
        parent.mkdir(parents=True, exist_ok=True)
        with atomic.scratch(parent) as scratch:
            staged = scratch / "repository"
            _write_files(staged, the_plan)
            os.rename(staged, folder)
    else:
        _write_files(folder, the_plan)
    return sorted(the_plan.files)


def _write_files(folder: Path, the_plan: Plan) -> None:
    for relative, data in the_plan.files.items():
        atomic.write_bytes(folder / relative, data)
    (folder / BRANCHES_DIR).mkdir(exist_ok=True)
