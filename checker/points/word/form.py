"""`checker points-form`: the month's declaration and review form of one branch.

A cover (branch, month, the marker), instructions, the members of the branch, the
declarations table (one row per declaration, pre-filled from the month's file when there
is one, then blank rows), the review (date, who reviewed) and the standards for reference.
Built from the official layout primitives, like the dossier's form.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from checker.core import atomic
from checker.core.periods import official_date
from checker.core.word import documents, paragraphs, style, tables
from checker.points.standard import PointsStandard
from checker.points.word import layout as lay
from checker.points.word.source import MonthSource

if TYPE_CHECKING:
    from docx.document import Document


def shown(column_kind: str, value: Any) -> str:
    """How a stored value is shown in the form (dates the official way: 2025年3月6日)."""
    if value is None:
        return ""
    if column_kind == "date" and isinstance(value, str):
        try:
            return official_date(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


def _number(value: Any) -> str:
    return "不设上限" if value is None else format(value.normalize(), "f")


class _Writer:
    def __init__(self, document: Document, standard: PointsStandard, source: MonthSource):
        self.doc = document
        self.standard = standard
        self.source = source

    def caption(self, number: int, text: str) -> None:
        paragraphs.paragraph(
            self.doc, f"表{number + 1} {text}", east_asia=style.HEI, size=style.SIZE_5,
            line=Pt(18), space_before=Pt(6), space_after=Pt(3), keep_with_next=True,
        )  # fmt: skip

    def label_table(self, number: int, caption: str, rows: list[tuple[str, str]]) -> None:
        self.caption(number, caption)
        table = tables.table(self.doc, (45, 111), rows=len(rows))
        for row, (label, value) in zip(table.rows, rows, strict=True):
            label_cell, value_cell = tables.row_cells(row)
            tables.cell_text(
                label_cell, label, size=style.SIZE_4, shade=style.SHADE, east_asia=style.HEI,
                fixed=True,
            )  # fmt: skip
            tables.cell_text(value_cell, value, size=style.SIZE_4)
        cells = [c for row in table.rows[:-1] for c in tables.row_cells(row)]
        tables.keep_with_next(cells)

    def header_table(self, widths, header, rows: list[list[str]], repeat: int = 1):
        table = tables.table(self.doc, widths, rows=1, header_rows=repeat)
        for cell, text in zip(tables.row_cells(table.rows[0]), header, strict=True):
            tables.cell_text(
                cell, text, size=style.SIZE_S5, east_asia=style.HEI, shade=style.SHADE,
                align=WD_ALIGN_PARAGRAPH.CENTER, fixed=True, middle=True,
            )  # fmt: skip
        tables.keep_with_next(tables.row_cells(table.rows[0]))
        for texts in rows:
            for cell, text in zip(tables.add_row(table, widths), texts, strict=True):
                tables.cell_text(cell, text, size=style.SIZE_S5)
        return table

    def cover(self) -> None:
        source, standard = self.source, self.standard
        year, month = source.month.split("-")
        paragraphs.paragraph(self.doc, "")
        paragraphs.title(self.doc, f"党员积分月度申报和审核表\n（{year}年{int(month)}月）")
        paragraphs.paragraph(
            self.doc, f"依据《{standard.title}》（{standard.id} {standard.version}）",
            east_asia=style.KAI, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=Pt(12),
        )  # fmt: skip
        rows = [source.branch, source.branch_name, source.month]
        self.label_table(lay.COVER, "封面", list(zip(lay.COVER_ROWS, rows, strict=True)))
        paragraphs.paragraph(
            self.doc, f"表式标识：{lay.marker(standard)}（导入时用于核对标准版本，请勿修改）",
            size=style.SIZE_S5, line=Pt(14), color=style.GREY,
        )  # fmt: skip
        self.instructions()

    def instructions(self) -> None:
        cap = f"每名党员的审核不晚于次月 {self.standard.review_days} 日内完成。"
        lines = [
            "本表为支部内部文件，含党员姓名，不对外公开。请勿删除、增加或调换表格；申报需要"
            "更多行时，在表3最后一个单元格按 Tab 键增加行，空行会被忽略。",
            "每条申报一行：党员编号（见表2）、积分标准编号（见表5，如 P01）、日期、次数"
            "（不填为 1 次）、说明和佐证材料（相对于年度目录的路径，如 evidence/培训证明.pdf，"
            "每行一个）。",
            "日期可写作 2025年3月6日、2025.3.6 或 2025-03-06，也可只写月日（如 3月6日）；"
            "数字可用全角或半角。",
            "审核结果填“通过”“调整”或“不通过”，尚未审核的不填；调整的填认定次数和理由，"
            "不通过的填理由。审核者填职务或会议（如 支部委员会），不写姓名。" + cap,
            "填好后运行 `checker import 本表.docx` 导入为 points/年-月.yaml，系统逐条指出需要"
            "修改的表格位置。",
        ]
        for number, text in enumerate(lines, 1):
            paragraphs.paragraph(self.doc, f"{number}. {text}", size=style.SIZE_S4, line=Pt(20))

    def members(self) -> None:
        self.caption(lay.MEMBERS, "本支部党员")
        rows = [[member, name] for member, name in self.source.members]
        self.header_table((40, 60), lay.MEMBER_HEADER, rows)

    def declarations(self) -> None:
        documents.new_section(self.doc, landscape=True)
        self.caption(lay.DECLARATIONS, "申报和审核")
        widths = lay.DECLARATION_WIDTHS
        table = tables.table(self.doc, widths, rows=2, header_rows=2)
        tables.cell_margins(table, 0.8, 0.8)
        title = tables.merge_row(table.rows[0])
        tables.cell_text(
            title, lay.DECLARATIONS_TITLE, east_asia=style.HEI, shade=style.SHADE, fixed=True
        )
        header = tables.row_cells(table.rows[1])
        for cell, column in zip(header, lay.COLUMNS, strict=True):
            tables.cell_text(
                cell, column.label, size=style.SIZE_S5, east_asia=style.HEI, shade=style.SHADE,
                align=WD_ALIGN_PARAGRAPH.CENTER, fixed=True, middle=True,
            )  # fmt: skip
        tables.keep_with_next([title, *header])  # the header never alone at a page's foot
        records = [*self.source.declarations, *({} for _ in range(lay.BLANK_ROWS))]
        for record in records:
            cells = tables.add_row(table, widths)
            for cell, column in zip(cells, lay.COLUMNS, strict=True):
                tables.cell_text(
                    cell, shown(column.kind, record.get(column.key)), size=style.SIZE_S5
                )

    def review(self) -> None:
        documents.new_section(self.doc, landscape=False)
        data = self.source.month_data
        values = [shown("date", data.get("reviewed_on")), shown("text", data.get("reviewed_by"))]
        self.label_table(lay.REVIEW, "支部审核", list(zip(lay.REVIEW_ROWS, values, strict=True)))

    def standards(self) -> None:
        self.caption(lay.STANDARDS, "积分标准（供查阅）")
        rows = [
            [r.id, r.title, _number(r.points), _number(r.month_cap)]
            for r in self.standard.rules.values()
        ]
        self.header_table((18, 90, 24, 24), lay.STANDARD_HEADER, rows)


def build_month_form(standard: PointsStandard, source: MonthSource) -> Document:
    document = documents.new_document()
    props = document.core_properties
    documents.set_property(
        document, "title", f"{source.branch} {source.month} 党员积分申报和审核表"
    )
    documents.set_property(document, "subject", f"{standard.id} {standard.version}")
    props.identifier = lay.marker(standard)
    props.keywords = "checker-points-form"
    props.comments = "由 checker points-form 生成。标识（identifier）用于导入时核对标准，请勿修改。"
    props.author = props.last_modified_by = "checker"
    props.created = props.modified = documents.FIXED_TIME
    props.revision = 1
    props.language = "zh-CN"
    writer = _Writer(document, standard, source)
    writer.cover()
    writer.members()
    writer.declarations()
    writer.review()
    writer.standards()
    return document


def write_month_form(target: Path, standard: PointsStandard, source: MonthSource) -> None:
    """Build the form and write it atomically."""
    atomic.write_bytes(target, documents.document_bytes(build_month_form(standard, source)))
