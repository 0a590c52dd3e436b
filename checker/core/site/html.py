"""HTML and Markdown pieces every generated page is built from; they know no kind of content.

Each page is Markdown with blocks of HTML. Text that comes from content reaches a page only
through ``e`` (HTML text and attributes) or ``md`` (a Markdown heading); links are relative,
so the site works under any base URL and with or without directory URLs.
"""

from __future__ import annotations

import functools
import hashlib
import json
import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:])")
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def md(text: str) -> str:
    """Content text for a Markdown context (a heading): no markup, no HTML."""
    return _MD_SPECIAL.sub(r"\\\1", escape(str(text), quote=False)).replace("\n", " ")


def e(text: object) -> str:
    """Content text for HTML (text or a quoted attribute value): the one escaping path."""
    return escape(str(text), quote=True)


def inline_code(text: str) -> str:
    """Escape, then show `backticks` as code, as README does."""
    parts = escape(text).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))


def safe_id(value: str) -> str:
    """An id or anchor for ``value``: the value itself when it has the shape of a validated
    code (letters, digits, ``-``), else a hash of it. Never markup, whatever ``value`` is."""
    if _SAFE_ID.fullmatch(value):
        return value
    return "x" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def anchor(kind: str, value: str) -> str:
    """The anchor of a group heading, e.g. ``zone-Z1``; ``kind-none`` for no value."""
    return f"{kind}-{safe_id(value) if value else 'none'}"


@functools.lru_cache(maxsize=4096)
def link(from_src: str, to: str, anchor: str = "") -> str:
    """A relative URL from page ``from_src`` to page or file ``to``."""
    base = posixpath.dirname(from_src) or "."
    if to.endswith(".md"):
        target = posixpath.dirname(to) or "."
        rel = posixpath.relpath(target, base)
        rel = "./" if rel == "." else rel + "/"
    else:
        rel = posixpath.relpath(to, base)
    return rel + (f"#{anchor}" if anchor else "")


def front_matter(**values: object) -> str:
    """YAML front matter (as JSON, which YAML reads). The title is escaped: the theme puts
    ``page.meta.title`` into ``<title>`` and the navigation without escaping it."""
    lines = ["---"]
    for key, value in values.items():
        if key == "title":
            value = escape(str(value), quote=False)
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def html_block(*parts: str) -> str:
    """A raw HTML block for Markdown: one line, blank lines around it."""
    text = re.sub(r"\n{2,}", "\n", "".join(parts))  # a blank line would end the HTML block
    return f"\n{text}\n\n"


def figure(*parts: str) -> str:
    """A wide chart card around an SVG chart (and its caption, if any)."""
    return html_block('<figure class="chart-card wide">', *parts, "</figure>")


@dataclass(frozen=True, slots=True)
class Cell:
    text: str  # HTML, already escaped
    sort: str | None = None  # the value to sort by, when it differs from the text
    css: str = ""


def table(
    headers: Sequence[str | tuple[str, str]],
    rows: Iterable[Sequence[Cell | str]],
    css: str = "",
    sortable: bool = True,
    caption: str = "",
) -> str:
    """An HTML table. Header ``(name, "num")`` marks a numeric column (sorted as numbers)."""
    classes = " ".join(c for c in ("data-table", "sortable" if sortable else "", css) if c)
    head = []
    for header in headers:
        name, kind = header if isinstance(header, tuple) else (header, "")
        attrs = f' data-type="{kind}" class="{kind}"' if kind else ""
        head.append(f'<th scope="col"{attrs}>{e(name)}</th>')
    body = []
    for row in rows:
        cells = []
        for cell in row:
            if isinstance(cell, str):
                cell = Cell(cell)
            attrs = f' data-sort="{e(cell.sort)}"' if cell.sort is not None else ""
            attrs += f' class="{e(cell.css)}"' if cell.css else ""
            cells.append(f"<td{attrs}>{cell.text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{e(caption)}</caption>" if caption else ""
    return html_block(
        f'<div class="table-wrap"><table class="{classes}">{cap}<thead><tr>',
        "".join(head),
        "</tr></thead><tbody>",
        "".join(body),
        "</tbody></table></div>",
    )


def html_list(tag: str, css: str, items: Iterable[str]) -> str:
    """``<ul>`` or ``<ol>`` of items that are HTML already: no blank line, no block."""
    return f'<{tag} class="{css}">' + "".join(f"<li>{item}</li>" for item in items) + f"</{tag}>"


__all__ = [
    "Cell",
    "anchor",
    "e",
    "figure",
    "front_matter",
    "html_block",
    "html_list",
    "inline_code",
    "link",
    "md",
    "safe_id",
    "table",
]
