"""The options every command shares (--schemas, --today, the cache) and the engine they build."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click
from click.core import ParameterSource

from checker.cli.common import echo, fail, option
from checker.core.cache_trust import refusal
from checker.core.paths import default_root, display
from checker.core.periods import default_today
from checker.core.standard_choice import PinError, StandardChoice, choose_standard
from checker.core.standards import StandardsFolder
from checker.core.textfile import os_reason
from checker.dossier.engine import Engine
from checker.dossier.report.text import finding_line
from checker.dossier.standard import StandardError

F = TypeVar("F", bound=Callable[..., Any])


DEFAULT_CACHE_DIR = Path(".checker-cache")


def parse_today(value: str) -> date:
    """The day ``--today`` names."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"“{value}”不是 YYYY-MM-DD 格式的日期") from None


class Session:
    """Options shared by every command, and the engine they build. The global options write
    into it as click reads them, before the command or after it (``session_options``)."""

    def __init__(self) -> None:
        self.explicit: Path | None = None  # --schemas; None: chosen per content root
        self.given_today: date | None = None  # --today
        self.cache = True  # --cache/--no-cache
        self.cache_path = DEFAULT_CACHE_DIR  # --cache-dir
        self._today: date | None = None
        self._cache_refused: str | None = None  # why the cache is not used ("" when it is)
        self._choices: dict[Path, StandardChoice] = {}

    @property
    def today(self) -> date:
        """The day of judgement: --today, else the calendar's, read once so that a run
        across midnight judges every dossier on the same day."""
        if self._today is None:
            self._today = self.given_today or default_today()
        return self._today

    @property
    def cache_dir(self) -> Path | None:
        """The cache folder, or None with --no-cache or when git tracks files in it (said
        once, on stderr: the run goes on without it)."""
        if not self.cache:
            return None
        if self._cache_refused is None:
            self._cache_refused = refusal(self.cache_path) or ""
            if self._cache_refused:
                echo(f"警告：{self._cache_refused}", err=True)
        return None if self._cache_refused else self.cache_path

    def choice(self, content_root: Path | None = None) -> StandardChoice:
        """The standard in force for ``content_root`` (default: the default content root),
        as its organization.yaml pins it; a pin that cannot be honoured stops the command."""
        root = content_root if content_root is not None else default_root()
        if root not in self._choices:
            try:
                self._choices[root] = choose_standard(root, self.explicit)
            except PinError as exc:
                fail(str(exc))
        return self._choices[root]

    def engine(self, content_root: Path | None = None) -> Engine:
        schemas = self.choice(content_root).folder
        try:
            return Engine(schemas, self.today, self.cache_dir)
        except StandardError as exc:
            for finding in exc.findings:
                echo(finding_line(finding), err=True)
            fail(f"标准文件 {display(StandardsFolder(schemas).standard_path)} 有错误，无法检查台账")
        except OSError as exc:
            fail(f"无法读取标准目录 {display(schemas)}：{os_reason(exc)}")
        raise AssertionError("unreachable")


def _into_session(
    attribute: str, convert: Callable[[Any], Any] = lambda v: v
) -> Callable[[click.Context, click.Parameter, Any], None]:
    """A callback that writes a global option into the Session when the user gave it: the
    group's options are read first, the command's after them, so the later place wins."""

    def store(ctx: click.Context, param: click.Parameter, value: Any) -> None:
        source = ctx.get_parameter_source(param.name or "")
        if value is not None and source not in (None, ParameterSource.DEFAULT):
            setattr(ctx.ensure_object(Session), attribute, convert(value))

    return store


_DIRECTORY = click.Path(file_okay=False, path_type=Path)
# Declared once, for the group and for every command: `checker --today D score` and
# `checker score --today D` mean the same.
_GLOBAL_OPTIONS: tuple[tuple[tuple[str, ...], dict[str, Any]], ...] = (
    (
        ("--schemas",),
        {
            "type": _DIRECTORY,
            "metavar": "目录",
            "callback": _into_session("explicit"),
            "help": "标准和 JSON Schema 所在目录（默认：当前目录的 schemas/，"
            "否则用内置标准中 organization.yaml 指定的一版）。",
        },
    ),
    (
        ("--today",),
        {
            "metavar": "YYYY-MM-DD",
            "callback": _into_session("given_today", parse_today),
            "help": "按指定日期判断“今天”，用于复核往期结果。",
        },
    ),
    (
        ("--cache/--no-cache",),
        {
            "default": True,
            "show_default": "--cache",
            "callback": _into_session("cache"),
            "help": "复用未改动台账的结果。",
        },
    ),
    (
        ("--cache-dir",),
        {
            "type": _DIRECTORY,
            "metavar": "目录",
            "show_default": DEFAULT_CACHE_DIR.as_posix(),
            "callback": _into_session("cache_path"),
            "help": "结果缓存目录。",
        },
    ),
)


def session_options(command: F) -> F:
    """The global options, on the group and on each command; they reach the command only
    through the Session (``pass_obj``), never as parameters."""
    for decls, attrs in reversed(_GLOBAL_OPTIONS):
        command = option(*decls, expose_value=False, **attrs)(command)
    return command
