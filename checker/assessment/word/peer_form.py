"""`checker peer-form`: a zone's 定量互评 sheet in Word.

Two parts: the 互评表 each organization fills in at the closed session (copied once per
organization: the zone's organizations and a score column, the rater's code on top, no
name of any person), and the supervision group's summary matrix: one row per rating
organization, one column per rated organization of the zone, the cell of an organization
and itself struck out. The filled matrix is read back by `checker import`
(peer_import.py) into assessment/<year>/peers.yaml, found by the marker on its cover."""

from __future__ import annotations

from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from checker.assessment.scheme import Scheme
from checker.assessment.word import peer_layout as lay
from checker.assessment.word.peer_layout import PeerSheet
from checker.core import atomic
from checker.core.word import documents, paragraphs, style, tables

RATER_WIDTH = 46.0  # the narrowest: ten score columns beside it fill the page
WIDEST_SCORE = 24.0


def _scale(scheme: Scheme) -> str:
    def plain(value) -> str:
        return format(value.normalize(), "f")

    return f"{plain(scheme.rating_min)}到{plain(scheme.rating_max)}"


def _title(sheet: PeerSheet, year: int, what: str) -> str:
    scope = sheet.zone_name or "全体党组织"
    return f"{scope}\n{year}年度党组织定量互评{what}"


def _head_cell(cell, text: str, size=style.SIZE_4, fixed: bool = True) -> None:
    tables.cell_text(
        cell, text, size=size, east_asia=style.HEI, shade=style.SHADE,
        align=WD_ALIGN_PARAGRAPH.CENTER, fixed=fixed, middle=True,
    )  # fmt: skip


def _widths(columns: int) -> list[float]:
    """A full-width matrix: score columns as wide as fits up to WIDEST_SCORE, the rest for
    the raters' names."""
    most = (style.TEXT_WIDTH_MM - RATER_WIDTH) / lay.COLUMNS_PER_TABLE
    score = max(most, min(WIDEST_SCORE, (style.TEXT_WIDTH_MM - RATER_WIDTH) / columns))
    return [style.TEXT_WIDTH_MM - score * columns, *([score] * columns)]


def _slip(document, scheme: Scheme, sheet: PeerSheet, year: int) -> None:
    paragraphs.title(document, _title(sheet, year, "表"))
    paragraphs.body(
        document,
        f"评分党组织代码：＿＿＿＿＿＿（只写代码，不写姓名）。请对下列党组织逐个打分，"
        f"分数为{_scale(scheme)}分，可保留一位小数；不给本组织打分，本组织一栏划去。"
        "填好后交督导组汇总。",
    )
    widths = [16, 110, 30]
    table = tables.table(document, widths, rows=1, header_rows=1)
    for cell, text in zip(tables.row_cells(table.rows[0]), lay.SLIP_HEADER, strict=True):
        _head_cell(cell, text)
    for ratee in sheet.ratees:
        cells = tables.add_row(table, widths)
        tables.cell_text(cells[0], str(sheet.number(ratee)), size=style.SIZE_4, middle=True,
                         align=WD_ALIGN_PARAGRAPH.CENTER)  # fmt: skip
        label = f"{ratee}　{sheet.names[ratee]}"
        tables.cell_text(cells[1], label, size=style.SIZE_4, middle=True)
        tables.cell_text(cells[2], "", size=style.SIZE_4, align=WD_ALIGN_PARAGRAPH.RIGHT)
        tables.min_height(table.rows[-1], 10)  # room for a handwritten score


def _matrix(document, sheet: PeerSheet, block: tuple[str, ...]) -> list:
    """One table of the summary; returns its last row's cells."""
    widths = _widths(len(block))
    small = len(block) > 6  # narrow columns: codes in 小五
    table = tables.table(document, widths, rows=1, header_rows=1)
    head = tables.row_cells(table.rows[0])
    _head_cell(head[0], lay.RATER_HEADER, style.SIZE_5)
    for cell, ratee in zip(head[1:], block, strict=True):
        text = lay.header_text(sheet, ratee)
        _head_cell(cell, text, style.SIZE_S5 if small else style.SIZE_5, fixed=False)
    for rater in sheet.raters:
        cells = tables.add_row(table, widths)
        label = f"{rater}\n{sheet.names[rater]}"
        tables.cell_text(cells[0], label, size=style.SIZE_5, middle=True)
        for cell, ratee in zip(cells[1:], block, strict=True):
            if ratee == rater:
                tables.cell_text(cell, lay.SELF_CELL, size=style.SIZE_5, shade=style.SHADE,
                                 align=WD_ALIGN_PARAGRAPH.CENTER, middle=True)  # fmt: skip
            else:
                tables.cell_text(cell, "", size=style.SIZE_5, align=WD_ALIGN_PARAGRAPH.RIGHT,
                                 middle=True)  # fmt: skip
    if block != sheet.blocks()[-1]:
        paragraphs.paragraph(document, "", line=Pt(12))
    return cells


def _summary(document, scheme: Scheme, sheet: PeerSheet, year: int) -> None:
    paragraphs.paragraph(document, "", page_break_before=True)
    paragraphs.title(document, _title(sheet, year, "汇总表"))
    paragraphs.paragraph(
        document, f"表式标识：{lay.marker(scheme, sheet, year)}（导入时用于核对，请勿修改）",
        size=style.SIZE_S5, color=style.GREY, line=Pt(14),
    )  # fmt: skip
    paragraphs.paragraph(
        document,
        "由督导组把收回的互评表逐份誊入：每行是一个评分的党组织，每列是一个被评党组织"
        f"（列首为互评表上的编号和代码），填写{_scale(scheme)}的分数，只填数字；"
        "没有交表或没有打分的留空，“—”格不填。汇总人和监督人签字后交工委导入。",
        size=style.SIZE_4, first_line_indent=True, line=Pt(22),
    )  # fmt: skip
    for block in sheet.blocks():
        last = _matrix(document, sheet, block)
    tables.keep_with_next(last)  # the sign-off never stands alone on a page
    paragraphs.paragraph(document, "汇总人（签字）：　　　监督人（签字）：　　　日期：",
                         size=style.SIZE_4, space_before=Pt(12))  # fmt: skip


def write_peer_form(output: Path, scheme: Scheme, sheet: PeerSheet, year: int) -> None:
    """The zone's 互评表 and summary sheet for ``year``, written atomically."""
    document = documents.new_document()
    _slip(document, scheme, sheet, year)
    _summary(document, scheme, sheet, year)
    scope = sheet.zone_name or "全体党组织"
    documents.set_property(document, "title", f"{scope} {year}年度党组织定量互评表和汇总表")
    props = document.core_properties
    props.identifier = lay.marker(scheme, sheet, year)
    props.author = "checker"
    props.created = documents.FIXED_TIME
    props.modified = documents.FIXED_TIME
    atomic.write_bytes(output, documents.document_bytes(document))
