"""Tables in the official layout: fixed column widths, rows built fast from a prototype,
cell text with its fonts, header rows, shading, padding and rows kept together.

Every row is kept on one page (``w:cantSplit``): a row torn across a page break is hard to
read and to fill in. A row that may be taller than a page (a narrative) is let split with
:func:`allow_split`, since Word cuts off what does not fit of a row that cannot split."""

from __future__ import annotations

import copy
import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell as _CellType

from checker.core.word.runs import properties, run_element, typeset
from checker.core.word.style import BODY_FONT, SIZE_5

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table, _Cell, _Row

    Container = Document | _Cell  # what tables can be added to


def table(
    container: Container,
    widths_mm: Sequence[float],
    rows: int = 1,
    *,
    header_rows: int = 0,
    align_center: bool = True,
) -> Table:
    """A bordered table with fixed column widths; the first ``header_rows`` repeat on
    every page."""
    tbl = container.add_table(rows=rows, cols=len(widths_mm))
    tbl._tbl.tblPr.style = "TableGrid"  # the built-in "Table Grid", set without a lookup
    tbl.autofit = False
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER if align_center else WD_TABLE_ALIGNMENT.LEFT
    twips = [str(int(Mm(width).twips)) for width in widths_mm]
    grid = tbl._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), twips, strict=True):
        col.set(qn("w:w"), width)
    for tr in tbl._tbl.tr_lst:
        tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for tc, width in zip(tr.tc_lst, twips, strict=True):
            tcw = tc.get_or_add_tcPr().get_or_add_tcW()
            tcw.set(qn("w:w"), width)
            tcw.set(qn("w:type"), "dxa")
    for index in range(min(header_rows, rows)):
        mark_header(tbl.rows[index])
    return tbl


def mark_header(row: _Row) -> None:
    """Repeat this row at the top of each page the table runs onto."""
    trpr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    trpr.append(element)


def merge_row(row: _Row) -> _Cell:
    """Merge all cells of a row into one cell spanning the table; returns it."""
    tcs = row._tr.tc_lst
    first = tcs[0]
    total = 0
    for tc in tcs:
        width = tc.tcPr.tcW if tc.tcPr is not None else None
        total += int(width.get(qn("w:w"))) if width is not None else 0
    for tc in tcs[1:]:
        row._tr.remove(tc)
    tcpr = first.get_or_add_tcPr()
    tcw = tcpr.get_or_add_tcW()
    tcw.set(qn("w:w"), str(total))
    span = OxmlElement("w:gridSpan")
    span.set(qn("w:val"), str(len(tcs)))
    tcw.addnext(span)
    return _CellType(first, row)


def add_row(tbl: Table, widths_mm: Sequence[float]) -> list[_Cell]:
    """A new last row with cells of the given widths; returns its cells.

    Built from a cached prototype: python-docx's own add_row is slow for long tables.
    """
    tr = copy.deepcopy(_row_prototype(tuple(widths_mm)))
    tbl._tbl.append(tr)
    return [_CellType(tc, tbl) for tc in tr.tc_lst]


@functools.cache
def _row_prototype(widths_mm: tuple[float, ...]):
    tr = OxmlElement("w:tr")
    trpr = OxmlElement("w:trPr")
    trpr.append(OxmlElement("w:cantSplit"))
    tr.append(trpr)
    for width in widths_mm:
        tc = OxmlElement("w:tc")
        tcpr = OxmlElement("w:tcPr")
        tcw = OxmlElement("w:tcW")
        tcw.set(qn("w:w"), str(int(Mm(width).twips)))
        tcw.set(qn("w:type"), "dxa")
        tcpr.append(tcw)
        tc.append(tcpr)
        tc.append(OxmlElement("w:p"))
        tr.append(tc)
    return tr


def allow_split(cells: Sequence[_Cell]) -> None:
    """Let the row of these cells, which may be taller than a page, break across pages."""
    trpr = cells[0]._tc.getparent().trPr
    if trpr is not None:
        for element in trpr.findall(qn("w:cantSplit")):
            trpr.remove(element)


def estimated_height_mm(texts: Sequence[str], widths_mm: Sequence[float], size: Pt) -> float:
    """About how tall a row of these texts is: the most lines any cell needs, at one line a
    character high plus spacing, CJK characters a square of the font size."""
    char_mm = size.pt * 25.4 / 72
    lines = 1
    for text, width in zip(texts, widths_mm, strict=False):
        per_line = max(1, int((width - 2) / char_mm))
        cell = sum(max(1, -(-len(line) // per_line)) for line in text.split("\n"))
        lines = max(lines, cell)
    return lines * char_mm * 1.3 + 2


def row_cells(row: _Row) -> list[_Cell]:
    """The cells of a row without python-docx's grid walk (our tables have no merges)."""
    return [_CellType(tc, row) for tc in row._tr.tc_lst]


_JC = {
    WD_ALIGN_PARAGRAPH.CENTER: "center",
    WD_ALIGN_PARAGRAPH.RIGHT: "right",
    WD_ALIGN_PARAGRAPH.LEFT: "left",
}


@functools.cache
def _cell_paragraph_properties(align: int | None):
    ppr = OxmlElement("w:pPr")
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")
    ppr.append(spacing)
    if align in _JC:
        jc = OxmlElement("w:jc")
        jc.set(qn("w:val"), _JC[align])
        ppr.append(jc)
    return ppr


def cell_text(
    cell: _Cell,
    text: str,
    *,
    size: Pt = SIZE_5,
    bold: bool = False,
    east_asia: str = BODY_FONT,
    align: int | None = None,
    shade: str | None = None,
    color: RGBColor | None = None,
    fixed: bool = False,
    middle: bool = False,
) -> None:
    """Put ``text`` into an empty cell: one paragraph per blank-line-separated block,
    line breaks within a block; single line spacing; fonts named on every run.

    ``fixed`` text (labels, requirements, reports) is typeset with Chinese punctuation;
    values a person typed or will import back are written exactly as they are. ``middle``
    centres the text vertically (numbers beside a cell of several lines).
    """
    if fixed:
        text = typeset(text)
    clear_cell(cell)
    for block in text.split("\n\n") if text else [""]:
        p = cell_paragraph(size=size, bold=bold, east_asia=east_asia, align=align, color=color)
        p.append(run_element(block, east_asia=east_asia, size=size, bold=bold, color=color))
        cell._tc.append(p)
    if shade:
        shade_cell(cell, shade)
    if middle:
        centre_vertically(cell)


def clear_cell(cell: _Cell) -> None:
    """Remove the paragraphs of a cell (a cell must get at least one again)."""
    tc = cell._tc
    for p in tc.findall(qn("w:p")):
        tc.remove(p)


def cell_paragraph(
    *,
    size: Pt = SIZE_5,
    bold: bool = False,
    east_asia: str = BODY_FONT,
    align: int | None = None,
    color: RGBColor | None = None,
    style_id: str = "",
):
    """An empty ``w:p`` for a cell: single spacing, and the fonts and size on its mark.

    The paragraph mark's formatting is what Word, WPS and LibreOffice give text typed into
    the paragraph; without it an empty cell's text falls back to the Normal style's 16 pt.
    """
    p = OxmlElement("w:p")
    ppr = copy.deepcopy(_cell_paragraph_properties(align))
    if style_id:  # w:pStyle is the first child of w:pPr
        element = OxmlElement("w:pStyle")
        element.set(qn("w:val"), style_id)
        ppr.insert(0, element)
    # w:rPr is the last child of w:pPr a cell paragraph has.
    ppr.append(properties(east_asia=east_asia, size=size, bold=bold, color=color))
    p.append(ppr)
    return p


def cell_margins(tbl: Table, left_mm: float, right_mm: float) -> None:
    """Narrow left and right cell padding, so that narrow columns still hold two characters."""
    tblpr = tbl._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, mm in (("w:left", left_mm), ("w:right", right_mm)):
        element = OxmlElement(side)
        element.set(qn("w:w"), str(int(Mm(mm).twips)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    look = tblpr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tblpr.append(margins)


def min_height(row: _Row, mm: float) -> None:
    """Give a row at least ``mm`` of height, room to write in."""
    trpr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:trHeight")
    element.set(qn("w:val"), str(int(Mm(mm).twips)))
    element.set(qn("w:hRule"), "atLeast")
    trpr.insert(0, element)


def keep_with_next(cells: Sequence[_Cell]) -> None:
    """Keep this row on the page of the next one (Word and LibreOffice honour keepNext in
    table rows): no header alone at the foot of a page."""
    for cell in cells:
        for p in cell._tc.iter(qn("w:p")):
            ppr = p.find(qn("w:pPr"))
            if ppr is None:
                ppr = OxmlElement("w:pPr")
                p.insert(0, ppr)
            if ppr.find(qn("w:keepNext")) is None:
                element = OxmlElement("w:keepNext")
                style = ppr.find(qn("w:pStyle"))
                if style is not None:
                    style.addnext(element)
                else:
                    ppr.insert(0, element)


def shade_cell(cell: _Cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    element = OxmlElement("w:shd")
    element.set(qn("w:val"), "clear")
    element.set(qn("w:color"), "auto")
    element.set(qn("w:fill"), fill)
    tcpr.append(element)


def centre_vertically(cell: _Cell) -> None:
    # w:vAlign comes after w:shd in w:tcPr, and cell_text shades first.
    element = OxmlElement("w:vAlign")
    element.set(qn("w:val"), "center")
    cell._tc.get_or_add_tcPr().append(element)
