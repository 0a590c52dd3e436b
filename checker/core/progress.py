"""A progress bar on stderr for commands that work through many dossiers.

The bar is click's own, drawn on stderr only: stdout carries the results (JSON must stay
clean), so the bar never touches it. It shows only when stderr is a terminal and there is
enough work to wait for; a pipe, a file or a CI log gets nothing at all.

`CHECKER_PROGRESS=0` turns it off; `CHECKER_PROGRESS=1` shows it on a terminal however
little there is to do.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

import click

T = TypeVar("T")

THRESHOLD = 20  # more dossiers than this are worth a bar
ENV = "CHECKER_PROGRESS"


def _isatty(stream: TextIO | None) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError, OSError):  # closed or replaced streams
        return False


def enabled(length: int, *, streaming: bool = False, stream: TextIO | None = None) -> bool:
    """Whether a bar for ``length`` steps is shown on ``stream`` (default: stderr).

    ``streaming`` says that the command prints results to stdout while it works: when
    stdout is the same terminal, those lines already show the progress, and a bar would
    only break them up.
    """
    setting = os.environ.get(ENV, "").strip().lower()
    if setting in ("0", "false", "no", "off"):
        return False
    if not _isatty(stream if stream is not None else sys.stderr):
        return False
    if streaming and _isatty(sys.stdout):
        return False
    forced = setting in ("1", "true", "yes", "on")
    return length > 0 and (forced or length > THRESHOLD)


def track(
    items: Iterable[T],
    length: int,
    label: str = "检查台账",
    *,
    streaming: bool = False,
) -> Iterator[T]:
    """Yield ``items`` unchanged, advancing a bar on stderr when :func:`enabled` says so."""
    stream = sys.stderr
    if not enabled(length, streaming=streaming, stream=stream):
        yield from items
        return
    with click.progressbar(
        items, length=length, label=label, file=stream, show_pos=True, width=30
    ) as bar:
        yield from bar
