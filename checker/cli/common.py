"""What every command shares: exit codes, the error line, and the options they all spell alike."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import click

from checker.core.cleantext import terminal
from checker.core.paths import default_root, find_root

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def echo(text: str, err: bool = False, nl: bool = True) -> None:
    """Print human-readable text; names and values from content may hold controls, and
    a terminal would obey an ESC or a CR, so every line goes out escaped."""
    click.echo(terminal(text), err=err, nl=nl)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Say what is wrong, in one line on stderr, and stop with ``code``."""
    echo(f"错误：{message}", err=True)
    sys.exit(code)


def content_option(help_text: str = "内容根目录。") -> Decorator:
    """``--content DIR`` (default ``content``, or ``.`` in a dossier repository), passed on
    as ``content_dir``."""
    return click.option(
        "--content",
        "content_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=default_root,
        show_default="content/（台账仓库中为当前目录）",
        help=help_text,
    )


def format_option(choices: Sequence[str], default: str | None = None) -> Decorator:
    """``--format`` among ``choices`` (the first by default), passed on as ``fmt``."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default or choices[0],
        show_default=True,
        help="输出格式。",
    )


jobs_option: Decorator = click.option(
    "-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True, help="并行进程数。"
)


def root_of(paths: Sequence[Path]) -> Path:
    """The content root whose organization.yaml pins the standard for a command on ``paths``:
    the one holding the first PATH, else the default content root."""
    found = find_root(paths[0]) if paths else None
    return found if found is not None else default_root()
