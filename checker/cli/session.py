"""The options every command shares (--schemas, --today, the cache) and the engine they build."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from checker.cli.common import echo, fail
from checker.core.paths import default_root, display
from checker.core.periods import default_today
from checker.core.standard_choice import PinError, StandardChoice, choose_standard
from checker.core.standards import StandardsFolder
from checker.core.textfile import os_reason
from checker.dossier.engine import Engine
from checker.dossier.report.text import finding_line
from checker.dossier.standard import StandardError


def parse_today(value: str | None) -> date:
    """The day ``--today`` names, or the real one when it is not given."""
    if not value:
        return default_today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"“{value}”不是 YYYY-MM-DD 格式的日期") from None


class Session:
    """Options shared by every command, and the engine they build."""

    def __init__(
        self, schemas: Path | None, today: str | None, cache: bool, cache_dir: Path
    ) -> None:
        self.explicit = schemas  # --schemas; None: chosen per content root (standard_choice)
        self.today = parse_today(today)
        self.cache_dir = cache_dir if cache else None
        self._choices: dict[Path, StandardChoice] = {}

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
