"""`checker assess-form`: one organization's 民主测评 ballot and the supervision group's
tally sheet, in one Word file.

The ballot (printed once per member): the scheme's questions, a tick box under each rating,
no name line — a ballot records what was chosen, never by whom. The tally sheet: per question
the count of each rating, the ballots collected, the count's date; its filled copy is read
back by `checker import` (tally_import.py), found by the marker on its cover."""

from __future__ import annotations

from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from checker.assessment.scheme import Scheme
from checker.assessment.word import tally_layout as lay
from checker.core import atomic
from checker.core.word import documents, paragraphs, style, tables

BOX = "□"
TEXT_WIDTH = 156.0


def _rating_widths(scheme: Scheme, fixed: float) -> list[float]:
    share = (TEXT_WIDTH - fixed) / len(scheme.ratings)
    return [share] * len(scheme.ratings)


def _header(table, texts: list[str]) -> None:
    for cell, text in zip(tables.row_cells(table.rows[0]), texts, strict=True):
        tables.cell_text(
            cell, text, size=style.SIZE_4, east_asia=style.HEI, shade=style.SHADE,
            align=WD_ALIGN_PARAGRAPH.CENTER, fixed=True, middle=True,
        )  # fmt: skip


def _ballot(document, scheme: Scheme, org_name: str, year: int) -> None:
    paragraphs.title(document, f"{org_name}\n{year}年度党员民主测评票")
    paragraphs.body(
        document,
        "请对本党组织履行党建工作责任的情况逐项评价，在所选等次下的方框内画“√”，"
        "每项只选一个等次。测评票不记名，不写姓名。",
    )
    widths = [16, 60, *_rating_widths(scheme, 76)]
    table = tables.table(document, widths, rows=1, header_rows=1)
    _header(table, ["序号", "测评内容", *scheme.ratings])
    for number, text in enumerate(scheme.questions.values(), 1):
        cells = tables.add_row(table, widths)
        tables.cell_text(cells[0], str(number), size=style.SIZE_4, fixed=True, middle=True,
                         align=WD_ALIGN_PARAGRAPH.CENTER)  # fmt: skip
        tables.cell_text(cells[1], text, size=style.SIZE_4, fixed=True, middle=True)
        for cell in cells[2:]:
            tables.cell_text(cell, BOX, size=style.SIZE_3, align=WD_ALIGN_PARAGRAPH.CENTER,
                             middle=True)  # fmt: skip
        tables.keep_with_next(cells)
    tables.keep_with_next(tables.row_cells(table.rows[0]))


def _tally(document, scheme: Scheme, org: str, org_name: str, year: int) -> None:
    paragraphs.paragraph(document, "", page_break_before=True)
    paragraphs.title(document, f"{org_name}\n{year}年度党员民主测评统计表")
    paragraphs.paragraph(
        document, f"表式标识：{lay.marker(scheme, org, year)}（导入时用于核对，请勿修改）",
        size=style.SIZE_S5, color=style.GREY, line=Pt(14),
    )  # fmt: skip
    paragraphs.body(
        document,
        "由督导组当场开箱计票：逐题填写各等次的票数和合计（只填数字），填写收回的有效"
        "票数，计票人和监票人签字后交工委导入。",
    )
    head = tables.table(document, (60, 96), rows=len(lay.HEAD_LABELS))
    values = [f"{org} {org_name}", str(year), ""]
    for row, label, value in zip(head.rows, lay.HEAD_LABELS, values, strict=True):
        label_cell, value_cell = tables.row_cells(row)
        tables.cell_text(label_cell, label, size=style.SIZE_4, east_asia=style.HEI,
                         shade=style.SHADE, fixed=True)  # fmt: skip
        tables.cell_text(value_cell, value, size=style.SIZE_4)
    tables.keep_with_next([c for row in head.rows for c in tables.row_cells(row)])
    paragraphs.paragraph(document, "", line=Pt(12))
    widths = [16, 48, *_rating_widths(scheme, 84), 20]
    table = tables.table(document, widths, rows=1, header_rows=1)
    _header(table, [*lay.TALLY_FIXED, *scheme.ratings, "合计"])
    for qid, text in scheme.questions.items():
        cells = tables.add_row(table, widths)
        tables.cell_text(cells[0], qid, size=style.SIZE_4, fixed=True, middle=True,
                         align=WD_ALIGN_PARAGRAPH.CENTER)  # fmt: skip
        tables.cell_text(cells[1], text, size=style.SIZE_4, fixed=True, middle=True)
        for cell in cells[2:]:
            tables.cell_text(cell, "", size=style.SIZE_4, align=WD_ALIGN_PARAGRAPH.RIGHT)
        tables.keep_with_next(cells)
    tables.keep_with_next(tables.row_cells(table.rows[0]))
    paragraphs.paragraph(document, "", line=Pt(12))
    paragraphs.paragraph(document, "计票人（签字）：　　　　　监票人（签字）：　　　　　日期：",
                         keep_with_next=True)  # fmt: skip


def write_ballot_form(output: Path, scheme: Scheme, org: str, org_name: str, year: int) -> None:
    """The ballot and the tally sheet of ``org`` for ``year``, written atomically."""
    document = documents.new_document()
    _ballot(document, scheme, org_name, year)
    _tally(document, scheme, org, org_name, year)
    props = document.core_properties
    documents.set_property(document, "title", f"{org_name} {year}年度党员民主测评票和统计表")
    props.identifier = lay.marker(scheme, org, year)
    props.author = "checker"
    props.created = documents.FIXED_TIME
    props.modified = documents.FIXED_TIME
    atomic.write_bytes(output, documents.document_bytes(document))
