"""`checker points-report`: the year's grading table (党员积分年度定级表) in the official
layout: title, branch and year, one row per member (id, name — an internal document of the
branch — the year's points, the grade the points give, the grade decided, and for a member
not graded the category), the count of each grade with the one-third check, and the
secretary's sign-off kept together with the table's end."""

from __future__ import annotations

from fractions import Fraction
from math import floor
from typing import TYPE_CHECKING

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from checker.core.word import documents, paragraphs, style, tables
from checker.points.grading import share_words
from checker.points.results import LedgerResult, MemberYear, number
from checker.points.standard import PointsStandard

if TYPE_CHECKING:
    from docx.document import Document

HEADER = ("编号", "姓名", "全年积分", "按积分等次", "定级", "备注")
WIDTHS = (16, 22, 22, 26, 28, 42)
NOT_GRADED = "不参加定级"


def member_row(year: MemberYear, name: str, standard: PointsStandard) -> list[str]:
    """The table's row of one member, as the grading table shows it."""
    if year.not_graded is not None:
        category = standard.not_graded.get(year.not_graded, year.not_graded)
        return [year.member, name, str(number(year.total)), year.grade, NOT_GRADED, category]
    note = "一票否决" if year.vetoed else ""
    return [year.member, name, str(number(year.total)), year.grade, year.decided or "", note]


def grade_counts(result: LedgerResult, standard: PointsStandard) -> dict[str, int]:
    """How many members the branch meeting graded into each grade (in the standard's order)."""
    counts = {g.name: 0 for g in standard.grades}
    for year in result.members:
        if year.not_graded is None and year.decided in counts:
            counts[year.decided] += 1
    return counts


def one_third_line(counts: dict[str, int], standard: PointsStandard) -> str:
    graded = sum(counts.values())
    excellent = counts.get(standard.excellent, 0)
    share = standard.excellent_share_max
    limit = floor(share * graded)
    within = graded == 0 or Fraction(excellent, graded) <= share
    verdict = "符合规定" if within else "超过规定比例"
    return (
        f"参加定级 {graded} 人，定为“{standard.excellent}”{excellent} 人；“{standard.excellent}”"
        f"不超过参加定级党员的{share_words(share)}（{limit} 人），{verdict}。"
    )


def build_grading_table(
    result: LedgerResult,
    standard: PointsStandard,
    branch_name: str,
    names: dict[str, str],
) -> Document:
    document = documents.new_document()
    documents.set_property(document, "title", f"{result.branch} {result.year} 年度党员积分定级表")
    props = document.core_properties
    props.author = props.last_modified_by = "checker"
    props.created = props.modified = documents.FIXED_TIME
    props.language = "zh-CN"
    paragraphs.title(document, "党员积分年度定级表")
    branch = f"党支部：{branch_name or result.branch}（{result.branch}）"
    paragraphs.paragraph(document, branch, size=style.SIZE_4, line=Pt(24))
    paragraphs.paragraph(document, f"年度：{result.year} 年", size=style.SIZE_4, line=Pt(24))
    paragraphs.paragraph(
        document, f"依据《{standard.title}》（{standard.id} {standard.version}）",
        east_asia=style.KAI, size=style.SIZE_4, line=Pt(24), space_after=Pt(6),
    )  # fmt: skip
    _members(document, result, standard, names)
    counts = grade_counts(result, standard)
    _counts(document, counts)
    paragraphs.paragraph(
        document, one_third_line(counts, standard), size=style.SIZE_4, line=Pt(24),
        space_before=Pt(6), keep_with_next=True,
    )  # fmt: skip
    paragraphs.paragraph(document, "", keep_with_next=True)
    paragraphs.paragraph(
        document, "支部书记（签字）：                 日期：   年  月  日",
        size=style.SIZE_4, line=Pt(28),
    )  # fmt: skip
    return document


def _header(table) -> None:
    for cell, text in zip(tables.row_cells(table.rows[0]), HEADER, strict=False):
        tables.cell_text(
            cell, text, east_asia=style.HEI, shade=style.SHADE,
            align=WD_ALIGN_PARAGRAPH.CENTER, fixed=True, middle=True,
        )  # fmt: skip
    tables.keep_with_next(tables.row_cells(table.rows[0]))


def _members(document, result: LedgerResult, standard: PointsStandard, names) -> None:
    table = tables.table(document, WIDTHS, rows=1, header_rows=1)
    _header(table)
    for year in result.members:
        cells = tables.add_row(table, WIDTHS)
        row = member_row(year, names.get(year.member, ""), standard)
        for col, (cell, text) in enumerate(zip(cells, row, strict=True)):
            centre = WD_ALIGN_PARAGRAPH.CENTER if 2 <= col <= 4 else None
            tables.cell_text(cell, text, align=centre)


def _counts(document, counts: dict[str, int]) -> None:
    paragraphs.paragraph(
        document, "各等次人数", east_asia=style.HEI, size=style.SIZE_4, line=Pt(24),
        space_before=Pt(12), keep_with_next=True,
    )  # fmt: skip
    widths = (78, 78)
    table = tables.table(document, widths, rows=1)
    for cell, text in zip(tables.row_cells(table.rows[0]), ("等次", "人数"), strict=True):
        tables.cell_text(cell, text, east_asia=style.HEI, shade=style.SHADE, fixed=True)
    rows = [tables.row_cells(table.rows[0])]
    for grade, count in counts.items():
        cells = tables.add_row(table, widths)
        tables.cell_text(cells[0], grade, fixed=True)
        tables.cell_text(cells[1], str(count), align=WD_ALIGN_PARAGRAPH.CENTER)
        rows.append(cells)
    for cells in rows:  # the counts, the check below and the sign-off stay together
        tables.keep_with_next(cells)
