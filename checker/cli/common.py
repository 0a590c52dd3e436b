"""What every command shares: exit codes, the error line, and the options they all spell alike."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

import click

from checker.cli import zh_help
from checker.core.cleantext import terminal
from checker.core.paths import default_root, display, find_root

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def command(name: str | None = None, **attrs: Any) -> Callable[[Callable[..., Any]], click.Command]:
    """``click.command`` whose help is Chinese throughout (zh_help.Command)."""
    return click.command(name, cls=zh_help.Command, **attrs)


def group(name: str | None = None, **attrs: Any) -> Callable[[Callable[..., Any]], click.Group]:
    """``click.group`` whose help, and its commands' help, is Chinese throughout (zh_help.Group)."""
    return click.group(name, cls=zh_help.Group, **attrs)


def option(*decls: str, **attrs: Any) -> Decorator:
    """``click.option`` whose help notes (range, default) read as Chinese (zh_help.Option)."""
    return click.option(*decls, cls=zh_help.Option, **attrs)


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
    return option(
        "--content",
        "content_dir",
        type=click.Path(file_okay=False, path_type=Path),
        metavar="目录",
        default=default_root,
        show_default="content/（台账仓库中为当前目录）",
        help=help_text,
    )


def format_option(choices: Sequence[str], default: str | None = None) -> Decorator:
    """``--format`` among ``choices`` (the first by default), passed on as ``fmt``."""
    return option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default or choices[0],
        show_default=True,
        help="输出格式。",
    )


jobs_option: Decorator = option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    metavar="个数",
    default=1,
    show_default=True,
    help="并行进程数。",
)


def year_option(help_text: str, *name: str, **attrs: Any) -> Decorator:
    """``--year 年度`` (a year from 2000 to 2100), passed on as ``year`` unless ``name``."""
    return option(
        "--year", *name, type=click.IntRange(2000, 2100), metavar="年度", help=help_text, **attrs
    )


_MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")


def _month(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not _MONTH.match(value):
        raise click.BadParameter(f"“{value}”不是 YYYY-MM 格式的月份，例如 2025-03")
    return value


def month_option(help_text: str, **attrs: Any) -> Decorator:
    """``--month 年-月`` (YYYY-MM, checked), passed on as ``month``."""
    return option("--month", metavar="年-月", callback=_month, help=help_text, **attrs)


def check_docx_output(output: Path) -> None:
    """Stop unless ``output`` is a file name ending in .docx (the Word writers' -o)."""
    if output.suffix.lower() != ".docx":
        fail(f"输出文件应以 .docx 结尾：{display(output)}")
    if output.is_dir():
        fail(f"{display(output)} 是一个目录")


def root_of(paths: Sequence[Path]) -> Path:
    """The content root whose organization.yaml pins the standard for a command on ``paths``:
    the one holding the first PATH, else the default content root."""
    found = find_root(paths[0]) if paths else None
    return found if found is not None else default_root()


def write_json_list(
    key: str,
    items: Iterable[bytes],
    after: Callable[[], dict] | None = None,
    nested: bool = False,
) -> None:
    """Stream ``{"KEY": [...]}`` to stdout from items already encoded (indented JSON), one
    at a time, so memory stays flat: the same bytes as encoding the whole object at once.
    ``after()``, asked once the items are written: more members of the object. ``nested``:
    the items are indented for their place already (``jsonout.nested``)."""
    out = sys.stdout.buffer if hasattr(sys.stdout, "buffer") else None
    write = out.write if out is not None else (lambda b: sys.stdout.write(b.decode("utf-8")))
    for chunk in json_list_chunks(key, items, after, nested):
        write(chunk)
    if out is not None:
        out.flush()


def json_list_chunks(
    key: str,
    items: Iterable[bytes],
    after: Callable[[], dict] | None = None,
    nested: bool = False,
) -> Iterator[bytes]:
    """The bytes of ``write_json_list``, a piece at a time."""
    from checker.core.jsonout import dumps_bytes
    from checker.core.jsonout import nested as indent

    yield b'{\n  "' + key.encode() + b'": ['
    first = True
    for item in items:
        yield (b"\n    " if first else b",\n    ") + (item if nested else indent(item))
        first = False
    yield b"\n  ]" if not first else b"]"
    for name, value in (after() if after is not None else {}).items():
        yield b',\n  "' + name.encode() + b'": ' + dumps_bytes(value).replace(b"\n", b"\n  ")
    yield b"\n}\n"
