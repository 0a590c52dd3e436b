"""The layout of Chinese official documents (GB/T 9704-2012) for the Word files we write.

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title in 2号小标宋 (22 pt);
body in 3号仿宋_GB2312 (16 pt), 22 lines a page (exact line spacing 28.95 pt); page numbers
in 4号 (14 pt) as "— 1 —", odd pages on the right and even pages on the left, each one
character in from the edge. Fonts missing on the reader's machine fall back, so every run
names both its East Asian (w:eastAsia) and its Latin font (w:ascii, w:hAnsi).
"""

from __future__ import annotations

import copy
import functools
import io
import re
import zipfile
from collections.abc import Sequence
from typing import TYPE_CHECKING

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell as _CellType

from checker.core.typography import to_fullwidth

if TYPE_CHECKING:
    from docx.document import Document
    from docx.oxml.text.run import CT_R
    from docx.section import Section
    from docx.table import Table, _Cell, _Row
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    Container = Document | _Cell  # what paragraphs and tables can be added to

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
FOOTER_DISTANCE = Mm(22)  # puts the page number's dash about 7 mm below the text block
HEADER_DISTANCE = Mm(15)
TEXT_WIDTH_MM = 210 - 28 - 26  # 156 mm
LANDSCAPE_TEXT_WIDTH_MM = 297 - 28 - 26  # 243 mm

LATIN = "Times New Roman"
TITLE_FONT = "方正小标宋简体"  # 小标宋
BODY_FONT = "仿宋_GB2312"
HEI = "黑体"
KAI = "楷体_GB2312"
SONG = "宋体"

SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
SIZE_S4 = Pt(12)  # 小四
SIZE_5 = Pt(10.5)  # 五号
SIZE_S5 = Pt(9)  # 小五
BODY_LINE = Pt(28.95)  # 22 lines in the 223 mm text block
GREY = RGBColor(0x59, 0x59, 0x59)
SHADE = "E7E6E6"
PRIVATE_SHADE = "FBE4D5"


# Characters a Word part cannot hold (outside XML 1.0, where lxml refuses them outright) or
# should not (C1 controls, DEL, a lone CR that python-docx would turn into a line break):
# content from folder names, uploads and YAML values may carry any of them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]|\r(?!\n)")
PROPERTY_LIMIT = 255  # python-docx refuses core properties longer than this


def xml_text(text: str) -> str:
    """``text`` safe for a Word part: CRLF as LF, other control characters as U+FFFD, so
    that something visibly stands where they were."""
    return _NOT_XML.sub("\ufffd", text).replace("\r\n", "\n")


def set_property(document: Document, name: str, value: str) -> None:
    """Set a core property (title, subject …) to ``value``, cleaned and, past the
    255-character limit of the format, shortened with an ellipsis."""
    text = xml_text(value)
    if len(text) > PROPERTY_LIMIT:
        text = text[: PROPERTY_LIMIT - 1] + "…"
    setattr(document.core_properties, name, text)


def document_bytes(document: Document) -> bytes:
    """The .docx bytes, the same for the same document: python-docx stamps every zip member
    with the current time, so the members are written again with a fixed one."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info))
    return out.getvalue()


def new_document() -> Document:
    """An empty document with GB/T 9704 page setup, default fonts and page numbers."""
    document = docx.Document()
    _default_fonts(document)
    section = document.sections[0]
    page_setup(section)
    document.settings.odd_and_even_pages_header_footer = True
    page_number_footer(section)
    return document


def _set_fonts(rpr, east_asia: str, latin: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)


def _default_fonts(document: Document) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, BODY_FONT, LATIN)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal = document.styles["Normal"]
    normal.font.size = SIZE_3
    normal.font.name = LATIN
    _set_fonts(normal.element.get_or_add_rPr(), BODY_FONT, LATIN)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = BODY_LINE
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


def page_setup(section: Section, landscape: bool = False) -> None:
    """A4 with the GB/T 9704 margins (kept as they are when a section turns landscape)."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (
        (PAGE_HEIGHT, PAGE_WIDTH) if landscape else (PAGE_WIDTH, PAGE_HEIGHT)
    )
    section.top_margin = MARGIN_TOP
    section.bottom_margin = MARGIN_BOTTOM
    section.left_margin = MARGIN_LEFT
    section.right_margin = MARGIN_RIGHT
    section.header_distance = HEADER_DISTANCE
    section.footer_distance = FOOTER_DISTANCE
    section.gutter = Mm(0)


def new_section(document: Document, landscape: bool) -> Section:
    """A new section on a new page; its footer continues the page numbers of the last one."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    page_setup(section, landscape)
    return section


def fonts(
    run: Run,
    east_asia: str = BODY_FONT,
    size: Pt = SIZE_3,
    bold: bool = False,
    latin: str = LATIN,
    color: RGBColor | None = None,
) -> Run:
    """Name the East Asian and the Latin font of ``run`` and set its size."""
    run.font.name = latin
    _set_fonts(run._r.get_or_add_rPr(), east_asia, latin)
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    return run


def page_number_footer(section: Section) -> None:
    """ "— 1 —" in 4号宋体: odd pages right, even pages left, one character from the edge."""
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = align
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.right_indent = SIZE_4
        else:
            fmt.left_indent = SIZE_4
        _page_field(paragraph)


def _page_field(paragraph: Paragraph) -> None:
    def run(text: str = "") -> Run:
        return fonts(paragraph.add_run(text), SONG, SIZE_4)

    run("— ")
    for kind in ("begin", None, "separate", "1", "end"):
        r = run()
        if kind in ("begin", "separate", "end"):
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            r._r.append(element)
        elif kind is None:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
            r._r.append(element)
        else:
            r.text = kind
    run(" —")


def paragraph(
    container: Container,
    text: str = "",
    *,
    east_asia: str = BODY_FONT,
    size: Pt = SIZE_3,
    bold: bool = False,
    align: int | None = None,
    first_line_indent: bool = False,
    line: Pt | None = None,
    space_before: Pt | None = None,
    space_after: Pt | None = None,
    color: RGBColor | None = None,
    keep_with_next: bool = False,
    page_break_before: bool = False,
) -> Paragraph:
    """A paragraph with one run (line breaks for ``\\n``), fonts named on the run."""
    para = container.add_paragraph()
    fmt = para.paragraph_format
    if align is not None:
        para.alignment = align
    if first_line_indent:
        fmt.first_line_indent = Pt(size.pt * 2)
    if line is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = line
    if space_before is not None:
        fmt.space_before = space_before
    if space_after is not None:
        fmt.space_after = space_after
    if keep_with_next:
        fmt.keep_with_next = True
    if page_break_before:
        fmt.page_break_before = True
    if text:
        fonts(para.add_run(xml_text(typeset(text))), east_asia, size, bold, color=color)
    return para


def title(container: Container, text: str) -> Paragraph:
    """The document title: 2号小标宋, centred, a blank line's space after."""
    return paragraph(
        container,
        text,
        east_asia=TITLE_FONT,
        size=SIZE_2,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        line=Pt(36),
        space_after=BODY_LINE,
    )


def heading(container: Container, text: str, level: int = 1) -> Paragraph:
    """一级标题 3号黑体, 二级标题 3号楷体, both indented two characters like body text."""
    face = HEI if level == 1 else KAI
    return paragraph(container, text, east_asia=face, first_line_indent=True, keep_with_next=True)


def body(container: Container, text: str) -> Paragraph:
    """Body text: 3号仿宋_GB2312, first line indented two characters."""
    return paragraph(container, text, first_line_indent=True)


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


def row_cells(row: _Row) -> list[_Cell]:
    """The cells of a row without python-docx's grid walk (our tables have no merges)."""
    return [_CellType(tc, row) for tc in row._tr.tc_lst]


def run_element(
    text: str,
    *,
    east_asia: str = BODY_FONT,
    size: Pt = SIZE_5,
    bold: bool = False,
    latin: str = LATIN,
    color: RGBColor | None = None,
) -> CT_R:
    """A ``w:r`` built directly (python-docx's property setters are slow for big tables):
    both fonts named, size, and ``\n`` as line breaks."""
    run = OxmlElement("w:r")
    key = (east_asia, latin, round(size.pt * 2), bold, str(color) if color else "")
    run.append(copy.deepcopy(_run_properties(*key)))
    for index, line in enumerate(xml_text(text).split("\n")):
        if index:
            run.append(OxmlElement("w:br"))
        if line:
            t = OxmlElement("w:t")
            t.set(_XML_SPACE, "preserve")
            t.text = line
            run.append(t)
    return run


_XML_SPACE = qn("xml:space")


@functools.cache
def _run_properties(east_asia: str, latin: str, half_points: int, bold: bool, color: str):
    rpr = OxmlElement("w:rPr")
    fonts_element = OxmlElement("w:rFonts")
    fonts_element.set(qn("w:ascii"), latin)
    fonts_element.set(qn("w:hAnsi"), latin)
    fonts_element.set(qn("w:eastAsia"), east_asia)
    fonts_element.set(qn("w:cs"), latin)
    rpr.append(fonts_element)
    if bold:
        rpr.append(OxmlElement("w:b"))
    if color:
        color_element = OxmlElement("w:color")
        color_element.set(qn("w:val"), color)
        rpr.append(color_element)
    for tag in ("w:sz", "w:szCs"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), str(half_points))
        rpr.append(element)
    return rpr


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
) -> None:
    """Put ``text`` into an empty cell: one paragraph per blank-line-separated block,
    line breaks within a block; single line spacing; fonts named on every run.

    ``fixed`` text (labels, requirements, reports) is typeset with Chinese punctuation;
    values a person typed or will import back are written exactly as they are.
    """
    if fixed:
        text = typeset(text)
    tc = cell._tc
    for p in tc.findall(qn("w:p")):
        tc.remove(p)
    for block in text.split("\n\n") if text else [""]:
        p = OxmlElement("w:p")
        p.append(copy.deepcopy(_cell_paragraph_properties(align)))
        p.append(run_element(block, east_asia=east_asia, size=size, bold=bold, color=color))
        tc.append(p)
    if shade:
        shade_cell(cell, shade)


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


def typeset(text: str) -> str:
    """Chinese punctuation in fixed text: see :func:`checker.typography.to_fullwidth`."""
    return to_fullwidth(text)


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
