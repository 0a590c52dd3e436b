"""A report as a list of blocks (title, headings, paragraphs, tables, a signature block),
and its two views: Word in the GB/T 9704 layout (checker.core.word) or Markdown.

The branch-year report (branch_report.py) and the annual bulletin (bulletin.py) are built as
blocks and rendered here; the phrasing helpers both use are here too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from checker.core.cleantext import markdown
from checker.core.pii import findings_for, redact, scan
from checker.core.word import documents, paragraphs, runs, style, tables

if TYPE_CHECKING:
    from docx.document import Document

_CN = "一二三四五六七八九十"


@dataclass(slots=True)
class Block:
    kind: str  # title heading subheading para plain table signature closing note
    text: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    align: str = ""  # one letter per column: l c r
    together: bool = True  # a short table is kept on one page (False: it may run on)


def cn_number(index: int) -> str:
    """一, 二 … 十, 十一 … 九十九 for index 0, 1, …"""
    number = index + 1
    if number <= 10:
        return _CN[number - 1]
    if number < 100:
        tens, ones = divmod(number, 10)
        head = "十" if tens == 1 else _CN[tens - 1] + "十"
        return head + (_CN[ones - 1] if ones else "")
    return str(number)


def sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ("。", "；", "！", "？", "!", "?") else text + "。"


def percent(part: int, whole: int) -> str:
    return f"{part / whole * 100:.1f}%" if whole else "—"


def percent_of(part: Decimal, whole: Decimal) -> str:
    return f"{float(part) / float(whole) * 100:.1f}%" if whole else "—"


# --- views -------------------------------------------------------------------------------


def to_docx(blocks: list[Block]) -> Document:
    """Render blocks in the GB/T 9704 layout."""
    document = documents.new_document()
    for block in blocks:
        if block.kind == "title":
            paragraphs.title(document, block.text)
        elif block.kind == "heading":
            paragraphs.heading(document, block.text, 1)
        elif block.kind == "subheading":
            paragraphs.heading(document, block.text, 2)
        elif block.kind == "para":
            paragraphs.body(document, block.text)
        elif block.kind == "plain":
            paragraphs.paragraph(document, block.text)
        elif block.kind == "note":
            paragraphs.paragraph(
                document,
                block.text,
                east_asia=style.HEI,
                size=style.SIZE_S4,
                align=WD_ALIGN_PARAGRAPH.CENTER,
                line=Pt(22),
                space_before=Pt(6),
                keep_with_next=True,
            )
        elif block.kind == "table":
            _docx_table(document, block)
        elif block.kind == "signature":
            _docx_signature(document, block)
        elif block.kind == "closing":
            paragraphs.paragraph(document, "")
            paragraphs.paragraph(document, block.text, align=WD_ALIGN_PARAGRAPH.RIGHT)
        elif block.kind == "remark":
            paragraphs.paragraph(document, "")
            paragraphs.paragraph(
                document, block.text, size=style.SIZE_S4, line=Pt(22), color=style.GREY
            )
    return document


_ALIGN = {
    "l": WD_ALIGN_PARAGRAPH.LEFT,
    "c": WD_ALIGN_PARAGRAPH.CENTER,
    "r": WD_ALIGN_PARAGRAPH.RIGHT,
}


def _docx_table(document: Document, block: Block) -> None:
    table = tables.table(document, block.widths, rows=1, header_rows=1)
    for cell, text in zip(tables.row_cells(table.rows[0]), block.header, strict=True):
        tables.cell_text(
            cell, text, size=style.SIZE_S4, east_asia=style.HEI, shade=style.SHADE,
            align=WD_ALIGN_PARAGRAPH.CENTER, fixed=True, middle=True,
        )  # fmt: skip
    together = block.together and len(block.rows) <= 12  # a short table stays on one page
    for index, values in enumerate(block.rows):
        cells = tables.add_row(table, block.widths)
        for col, (cell, text) in enumerate(zip(cells, values, strict=True)):
            align = _ALIGN.get(block.align[col] if col < len(block.align) else "l")
            # Middle: a score beside a name that wraps onto two lines.
            tables.cell_text(cell, text, size=style.SIZE_S4, align=align, fixed=True, middle=True)
        if index == 0 or (together and index < len(block.rows) - 1):
            tables.keep_with_next(cells)
    tables.keep_with_next(tables.row_cells(table.rows[0]))
    paragraphs.paragraph(document, "", line=Pt(12))


def _docx_signature(document: Document, block: Block) -> None:
    """The sign-off: one row a label and room to sign, each row on one page and the rows
    together, on the page of the heading before them."""
    table = tables.table(document, block.widths, rows=len(block.rows))
    last = len(block.rows) - 1
    for number, (row, (label, signoff)) in enumerate(zip(table.rows, block.rows, strict=True)):
        cells = tables.row_cells(row)
        tables.cell_text(
            cells[0], label, size=style.SIZE_4, east_asia=style.HEI, shade=style.SHADE,
            align=WD_ALIGN_PARAGRAPH.CENTER, fixed=True, middle=True,
        )  # fmt: skip
        tables.cell_text(
            cells[1], "\n\n\n" + signoff, size=style.SIZE_4, align=WD_ALIGN_PARAGRAPH.RIGHT,
            fixed=True,
        )  # fmt: skip
        if number < last:
            tables.keep_with_next(cells)


def docx_bytes(blocks: list[Block]) -> bytes:
    document = to_docx(blocks)
    props = document.core_properties
    title = next((b.text.replace("\n", " ") for b in blocks if b.kind == "title"), "")
    documents.set_property(document, "title", title)
    props.author = "checker"
    props.last_modified_by = "checker"
    props.language = "zh-CN"
    props.created = documents.FIXED_TIME
    props.modified = documents.FIXED_TIME
    props.revision = 1
    return documents.document_bytes(document)


def _md_cell(text: str) -> str:
    return "<br>".join(markdown(line) for line in runs.typeset(text).split("\n"))


def _md_lines(text: str) -> str:
    """Block text from content and from us, shown as text: one Markdown line per line."""
    return "  \n".join(markdown(line) for line in runs.typeset(text).split("\n"))


def to_markdown(blocks: list[Block]) -> str:
    """The same report in Markdown (for CI summaries, the site or e-mail)."""
    lines: list[str] = []
    for block in blocks:
        text = _md_lines(block.text)
        if block.kind == "title":
            lines += [f"# {text.replace('  ' + chr(10), ' ')}", ""]
        elif block.kind == "heading":
            lines += [f"## {text}", ""]
        elif block.kind == "subheading":
            lines += [f"### {text}", ""]
        elif block.kind in ("para", "plain"):
            lines += [text, ""]
        elif block.kind == "note":
            lines += [f"**{text}**", ""]
        elif block.kind == "table":
            marks = {"l": ":---", "c": ":---:", "r": "---:"}
            align = [marks.get(a, "---") for a in block.align.ljust(len(block.header), "l")]
            lines.append("| " + " | ".join(_md_cell(h) for h in block.header) + " |")
            lines.append("|" + "|".join(align) + "|")
            for row in block.rows:
                lines.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
            lines.append("")
        elif block.kind == "signature":
            lines += ["| 意见 | 签字 |", "|---|---|"]
            for label, signoff in block.rows:
                lines.append(f"| {_md_cell(label)} | <br><br>{_md_cell(signoff)} |")
            lines.append("")
        elif block.kind == "closing":
            closing = "<br>".join(markdown(line) for line in runs.typeset(block.text).split("\n"))
            lines += [f'<p align="right">{closing}</p>', ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def redact_blocks(blocks: list[Block], private: Iterable[str] = ()) -> list[str]:
    """Redact personal data in a public report's text, in place; say what was removed.

    The bulletin is published: names of branches, organizations and zones come from the
    content, and an ID or mobile number or a roster's name in one of them must not go out
    with it. Returns one masked description per hit, for the terminal.
    """
    values = sorted(set(private))
    removed: list[str] = []

    def clean(text: str, where: str) -> str:
        hits = scan(text, values)
        if not hits:
            return text
        removed.extend(f.message for f in findings_for(text, hits, "", where))
        return redact(text, hits)

    for block in blocks:
        block.text = clean(block.text, "通报正文")
        block.header = [clean(cell, "通报表头") for cell in block.header]
        block.rows = [[clean(cell, "通报表格") for cell in row] for row in block.rows]
    return removed
