"""Lists that grow with the number of branches, cut into pages of a bounded size.

A list of at most ``PAGE_ROWS`` rows stays on its page as it is. A longer one is cut: its
first page keeps the list's own path, the others are ``<folder>/_<n>/index.md`` beside it
(``ranking/_2/``, ``branches/_3/``: a branch code has no ``_``, so the folder is never a
branch's), and each page ends with links to all of them. So no page grows with N.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from typing import TypeVar

from checker.core.site.html import e, html_block, link

PAGE_ROWS = 200  # rows of a ranking or directory table on one page

T = TypeVar("T")


def pieces(items: Sequence[T], size: int | None = None) -> list[Sequence[T]]:
    """``items`` in pieces of ``size`` rows (``PAGE_ROWS``); one empty piece for none."""
    size = size or PAGE_ROWS
    if not items:
        return [items]
    return [items[i : i + size] for i in range(0, len(items), size)]


def page_uri(first: str, number: int) -> str:
    """The path of page ``number`` (from 1) of a list whose first page is ``first``."""
    if number == 1:
        return first
    folder = posixpath.dirname(first)
    return posixpath.join(folder, f"_{number}", "index.md")


def pager(first: str, number: int, total: int) -> str:
    """Links to every page of the list, the current one marked (nothing for one page)."""
    if total <= 1:
        return ""
    here = page_uri(first, number)
    items = []
    for n in range(1, total + 1):
        if n == number:
            items.append(f'<li><span aria-current="page">第 {n} 页</span></li>')
        else:
            items.append(f'<li><a href="{e(link(here, page_uri(first, n)))}">第 {n} 页</a></li>')
    return html_block(
        f'<nav class="pager" aria-label="分页（共 {total} 页）"><ul>', *items, "</ul></nav>"
    )
