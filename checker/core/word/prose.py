"""Markdown prose as plain Word paragraphs in a table cell, and back.

A narrative file (Markdown) is shown to the person filling in a form as they would write it
in Word: an ATX heading (``## 主要工作``) as a paragraph in a heading style, a bullet
(``- ``, ``* ``, ``+ ``) as a paragraph starting with "• ", ``**bold**`` as a bold run, the
lines of a paragraph joined by line breaks. Nothing else of Markdown or HTML is
interpreted: links, images, code, tags and entities stay the text they are, so that what
comes from the content never becomes anything but text in Word.

Reading a cell back gives the same Markdown: a paragraph in a heading style (Word's
"heading 1" … "heading 6", whatever the style's id) as ``#`` … ``######``; a paragraph
starting with a bullet character, or in a Word bullet list, as ``- ``; bold runs as ``**…**``.
Nested bullets come back as bullets of the first level, and ``*`` and ``+`` bullets as
``-``; everything else comes back as it was written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from checker.core.word.cells import W, paragraph_spans
from checker.core.word.runs import run_element
from checker.core.word.style import BODY_FONT, HEI, KAI
from checker.core.word.tables import cell_paragraph, clear_cell

if TYPE_CHECKING:
    from docx.table import _Cell

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_BULLET = re.compile(r"^[ \t]*[-*+][ \t]+(.*)$")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.DOTALL)
BULLET = "• "
_BULLET_MARKS = "•●▪■◦·○"
_HEADING_STYLE = re.compile(r"^heading ([1-6])$", re.IGNORECASE)
_LIST_STYLE = re.compile(r"^list bullet", re.IGNORECASE)  # Word's bullet styles number by style
_BLACK = RGBColor(0, 0, 0)  # the heading styles' own colour is blue


@dataclass(slots=True)
class Block:
    """A paragraph of prose: ``heading`` (with its level), ``bullet`` or ``para``."""

    kind: str
    text: str
    level: int = 0


def parse(markdown: str) -> list[Block]:
    """The blocks of ``markdown``, in the subset described above."""
    blocks: list[Block] = []
    current: Block | None = None  # the paragraph or bullet the next line continues
    for line in markdown.replace("\r\n", "\n").split("\n"):
        heading = _HEADING.match(line)
        bullet = _BULLET.match(line)
        if not line.strip():
            current = None
        elif heading:
            blocks.append(Block("heading", heading.group(2) or "", len(heading.group(1))))
            current = None
        elif bullet:
            current = Block("bullet", bullet.group(1))
            blocks.append(current)
        elif current is not None:
            current.text += "\n" + line.strip()
        else:
            current = Block("para", line.strip())
            blocks.append(current)
    return blocks


def spans(text: str) -> list[tuple[str, bool]]:
    """``text`` in (text, bold) pieces: ``**…**`` bold, everything else as written."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for match in _BOLD.finditer(text):
        if match.start() > at:
            pieces.append((text[at : match.start()], False))
        pieces.append((match.group(1), True))
        at = match.end()
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


def write_cell(cell: _Cell, markdown: str, *, size: Pt, east_asia: str = BODY_FONT) -> None:
    """Fill an empty cell with the paragraphs of ``markdown`` (one empty paragraph for
    none), each in ``size`` with its fonts named, also on the paragraph mark."""
    clear_cell(cell)
    blocks = parse(markdown) or [Block("para", "")]
    for block in blocks:
        face, color, style_id = east_asia, None, ""
        text = block.text
        if block.kind == "heading":
            face, color = (HEI if block.level == 1 else KAI), _BLACK
            style_id = f"Heading{block.level}"
        elif block.kind == "bullet":
            text = BULLET + text
        p = cell_paragraph(size=size, east_asia=face, color=color, style_id=style_id)
        if block.kind == "bullet":
            _hanging_indent(p, size)
        for piece, bold in spans(text) or [("", False)]:
            p.append(run_element(piece, east_asia=face, size=size, bold=bold, color=color))
        cell._tc.append(p)


def _hanging_indent(p: Any, size: Pt) -> None:
    # Wrapped lines of a bullet start under its text, not under the bullet: "• " in Times
    # New Roman is 0.6 em wide (twips: 20 a point).
    width = str(round(size.pt * 20 * 0.6))
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), width)
    ind.set(qn("w:hanging"), width)
    p.find(qn("w:pPr")).find(qn("w:spacing")).addnext(ind)


def read_cell(tc: Any, style_names: dict[str, str]) -> list[Block]:
    """The blocks of a cell as a person left them; ``style_names`` maps the document's
    paragraph style ids to their names (Word's built-in names are English in the file)."""
    blocks = []
    for p in tc.iter(f"{W}p"):
        text = _markdown_text(paragraph_spans(p))
        ppr = p.find(f"{W}pPr")
        style = ppr.find(f"{W}pStyle") if ppr is not None else None
        name = style_names.get(style.get(f"{W}val", ""), "") if style is not None else ""
        heading = _HEADING_STYLE.match(name)
        listed = _LIST_STYLE.match(name) or (ppr is not None and ppr.find(f"{W}numPr") is not None)
        if heading:
            blocks.append(Block("heading", text, int(heading.group(1))))
        elif text and text[0] in _BULLET_MARKS:
            blocks.append(Block("bullet", text[1:].lstrip(" \t\u3000")))
        elif listed:
            blocks.append(Block("bullet", text))
        else:
            blocks.append(Block("para", text))
    return blocks


def _markdown_text(pieces: list[tuple[str, bool]]) -> str:
    out = []
    for text, bold in pieces:
        inner = text.strip()
        if bold and inner:
            # Markdown's bold cannot start or end with a space: keep them outside.
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
            out.append(f"{lead}**{inner}**{trail}")
        else:
            out.append(text)
    return "".join(out)


def to_markdown(blocks: list[Block]) -> str:
    """Markdown of blocks: a blank line between blocks, none between bullets that follow
    each other; a bullet's further lines indented under it. Empty blocks are dropped."""
    out: list[str] = []
    previous = ""
    for block in blocks:
        text = block.text.strip("\n")
        if not text.strip():
            continue
        if block.kind == "heading":
            line = f"{'#' * block.level} {text}".rstrip()
        elif block.kind == "bullet":
            line = "- " + text.replace("\n", "\n  ")
        else:
            line = text
        if out:
            out.append("\n" if block.kind == previous == "bullet" else "\n\n")
        out.append(line)
        previous = block.kind
    return "".join(out)
