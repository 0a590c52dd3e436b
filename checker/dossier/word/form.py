"""`checker template`: the Word form a branch fills in, generated from the standard.

The form is a cover with the branch's profile, instructions, the basic facts of the year,
the roster (private columns marked), one log table per record type, one table per item of
the standard (requirement, how it is scored, self-score, note, evidence) and the narratives.
Its core properties and a line on the cover carry a marker with the standard's id and
version and a digest of the layout, so that the importer can tell a form made for another
version. It can be pre-filled from an existing dossier, e.g. last year's (prefill.py).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from checker.core.organization import Organization
from checker.core.periods import official_date
from checker.core.word import documents, paragraphs, prose, style, tables
from checker.dossier.word.layout import Field, FormLayout, Row, TableSpec, build_layout
from checker.dossier.word.prefill import Prefill

if TYPE_CHECKING:
    from docx.document import Document

    from checker.dossier.engine import Engine

_CN_NUMBERS = "一二三四五六七八九十"
# A row about this tall or taller may split across pages: Word cuts off what does not fit
# of a row that cannot split and is taller than the page (138 mm of text in landscape).
_TALL_MM = 100
# A record table about this tall stays on one page; a longer one keeps its last rows
# together, so that no page holds the repeated header and a single row.
_ONE_PAGE_MM = 90
_LAST_ROWS = 3


def display_value(f: Field, value: Any) -> str:
    """How a stored value is shown in the form (dates the official way: 2025年3月6日)."""
    if value is None:
        return ""
    if f.kind == "date" and isinstance(value, str):
        try:
            return official_date(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        joiner = "\n" if f.kind == "paths" else "、"
        return joiner.join(str(v) for v in value)
    if isinstance(value, dict):
        return ""
    return str(value)


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def build_form(
    layout: FormLayout,
    prefill: Prefill | None = None,
    organization: Organization | None = None,
    year: int | None = None,
) -> Document:
    """The form as a python-docx Document."""
    prefill = prefill or Prefill()
    if year is not None and not prefill.dossier.get("year"):
        prefill.dossier["year"] = year
    document = documents.new_document()
    _properties(document, layout)
    writer = _Writer(document, layout, prefill, organization)
    writer.cover()
    writer.instructions()
    writer.facts()
    writer.roster()
    writer.activities()
    writer.items()
    writer.narratives()
    writer.signature()
    return document


def form_bytes(document: Document) -> bytes:
    return documents.document_bytes(document)


def _properties(document: Document, layout: FormLayout) -> None:
    props = document.core_properties
    standard = layout.standard
    documents.set_property(document, "title", f"{standard.title} 填报表")
    documents.set_property(document, "subject", f"{standard.id} {standard.version}")
    props.identifier = layout.marker
    props.keywords = "checker-form"
    props.category = "党支部标准化建设台账填报表"
    props.comments = (
        "由 checker template 生成。标识（identifier）用于导入时核对标准版本，请勿修改。"
    )
    props.author = "checker"
    props.last_modified_by = "checker"
    props.created = documents.FIXED_TIME
    props.modified = documents.FIXED_TIME
    props.revision = 1
    props.language = "zh-CN"


class _Writer:
    def __init__(
        self,
        document: Document,
        layout: FormLayout,
        prefill: Prefill,
        organization: Organization | None,
    ) -> None:
        self.doc = document
        self.layout = layout
        self.prefill = prefill
        self.organization = organization
        self.number = 0  # tables written so far
        self.landscape = False

    # --- helpers ------------------------------------------------------------------------

    def spec(self, kind: str) -> list[tuple[int, TableSpec]]:
        return self.layout.by_kind(kind)

    def caption(self, index: int, spec: TableSpec) -> None:
        assert index == self.number, "tables must be written in layout order"
        self.number += 1
        paragraphs.paragraph(
            self.doc,
            f"表{index + 1} {spec.caption}",
            east_asia=style.HEI,
            size=style.SIZE_5,
            line=Pt(18),
            space_before=Pt(6),
            space_after=Pt(3),
            keep_with_next=True,
        )

    def value_of(self, f: Field) -> str:
        source = self.prefill.branch if f.doc == "branch" else self.prefill.dossier
        text = display_value(f, _get(source, f.path))
        if f.doc == "branch" and f.path == ("organization",) and text and self.organization:
            org = self.organization.organizations.get(text)
            if org:
                text = f"{text}({org['name']})"
        return text

    def section(self, landscape: bool) -> None:
        if landscape != self.landscape:
            documents.new_section(self.doc, landscape)
            self.landscape = landscape

    def heading(self, text: str, level: int = 1) -> None:
        paragraphs.paragraph(
            self.doc,
            text,
            east_asia=style.HEI if level == 1 else style.KAI,
            size=style.SIZE_4 if level == 1 else style.SIZE_S4,
            line=Pt(24),
            space_before=Pt(6),
            keep_with_next=True,
        )

    def small(self, text: str, color=None) -> None:
        paragraphs.paragraph(self.doc, text, size=style.SIZE_S5, line=Pt(14), color=color)

    # --- parts of the form --------------------------------------------------------------

    def cover(self) -> None:
        standard = self.layout.standard
        for _ in range(2):
            paragraphs.paragraph(self.doc, "")
        paragraphs.title(self.doc, "党支部标准化建设年度台账\n填报表")
        paragraphs.paragraph(
            self.doc,
            f"依据《{standard.title}》（{standard.id} {standard.version}）",
            east_asia=style.KAI,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            space_after=Pt(18),
        )
        ((index, spec),) = self.spec("cover")
        self.caption(index, spec)
        table = tables.table(self.doc, spec.widths, rows=len(spec.rows))
        for row, item in zip(table.rows, spec.rows, strict=True):
            cells = tables.row_cells(row)
            tables.cell_text(
                cells[0],
                item.label,
                size=style.SIZE_4,
                shade=style.SHADE,
                east_asia=style.HEI,
                fixed=True,
            )
            value = self.value_of(item.field) if item.field else ""
            tables.cell_text(cells[1], value, size=style.SIZE_4)
        paragraphs.paragraph(self.doc, "")
        paragraphs.paragraph(
            self.doc,
            "填报单位（盖章）：               填报日期：   年  月  日",
            size=style.SIZE_4,
        )
        paragraphs.paragraph(self.doc, "")
        self.small(
            f"表式标识：{self.layout.marker}（导入时用于核对标准版本，请勿修改）", color=style.GREY
        )

    def instructions(self) -> None:
        standard = self.layout.standard
        paragraphs.paragraph(
            self.doc,
            "填写说明",
            east_asia=style.HEI,
            size=style.SIZE_3,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            page_break_before=True,
        )
        roster = self.spec("roster")[0][1]
        choices = [f"{c.label}：{'/'.join(c.options)}" for c in roster.columns if c.options]
        private = "、".join(c.label for c in roster.columns if c.private)
        types = "、".join(standard.record_types)
        lines = [
            f"本表依据《{standard.title}》（{standard.version} 版）生成，共 {len(standard.items)} "
            "个条目。请勿删除、增加或调换表格，也不要删除表格中的固定行；党员名册和活动记录"
            "需要更多行时，在表格最后一个单元格按 Tab 键增加行，空行会被忽略。",
            "日期可写作 2025年3月6日、2025.3.6、2025/3/6 或 2025-03-06；活动记录中的日期可只写"
            "月日（如 3月6日），按考核年度补全年份。数字可用全角或半角，可带单位（如 12 学时）。",
            "党员编号（如 M01）在支部内唯一、长期不变。主持人、记录人、授课人、参加党员都填"
            "党员编号，多人用顿号“、”分隔。",
            f"党员名册中标有“不公开”的列（{private}）和其他标有“不公开”的内容属于个人信息，"
            "只用于支部内部管理和上级检查，不会出现在网站和公开的报告中。",
            "可选的值：" + ";".join(choices) + "。",
            f"活动记录按类型分表填写（{types}），每次活动一行；会议类活动须填写应到、"
            "实到人数。会议记录和佐证材料填写相对于年度目录的路径，如 evidence/会议记录.pdf，"
            "每行一个；文件本身另行放入 evidence/ 目录。",
            "逐条自评部分：灰色底纹的内容是标准的要求和计分方式，不用填写；自评分填写数字，"
            "不超过该条满分。自动计分的条目由台账数据计算，自评分仅供参考。",
            "年度工作总结和特色亮点可以分段，可用 Word 的标题样式、项目符号（或以“•”开头）"
            "和加粗，导入时会保留。",
            "填好后运行 `checker import 本表.docx` 导入，系统会转换为台账文件并校验，"
            "逐条指出需要修改的表格位置。",
        ]
        for number, text in enumerate(lines, 1):
            paragraphs.paragraph(self.doc, f"{number}. {text}", size=style.SIZE_4, line=Pt(24))

    def label_table(self, index: int, spec: TableSpec) -> None:
        self.caption(index, spec)
        table = tables.table(self.doc, spec.widths, rows=len(spec.rows))
        last = len(spec.rows) - 1
        for number, (row, item) in enumerate(zip(table.rows, spec.rows, strict=True)):
            cells = tables.row_cells(row)
            if item.field is not None and spec.kind == "item":
                tables.min_height(row, 14 if item.field.kind in ("text", "paths") else 8)
            texts = self.label_row(cells, spec, item)
            if tables.estimated_height_mm(texts, spec.widths, style.SIZE_5) > _TALL_MM:
                tables.allow_split(cells)
            elif spec.kind == "item" and number < last:
                tables.keep_with_next(cells)  # an item's table stays on one page

    def label_row(self, cells: list, spec: TableSpec, item: Row) -> list[str]:
        """Fill a row of a label table: the label, the value or fixed text, the hint."""
        item_table = spec.kind == "item"
        tables.cell_text(
            cells[0], item.label, shade=style.SHADE, bold=item_table, fixed=True, middle=True
        )
        if item.field is None:
            value = item.text
            bold = item_table and item is spec.rows[0]
            tables.cell_text(
                cells[1], value, shade=style.SHADE, bold=bold, color=style.GREY, fixed=True
            )
        else:
            value = self.value_of(item.field)
            tables.cell_text(cells[1], value)
        hint = item.field.hint if item.field else ""
        if len(cells) > 2:
            tables.cell_text(
                cells[2], hint, size=style.SIZE_S5, shade=style.SHADE, color=style.GREY,
                fixed=True,
            )  # fmt: skip
        return [item.label, value, hint]

    def facts(self) -> None:
        self.heading("一、支部基本情况")
        for index, spec in self.spec("facts"):
            self.label_table(index, spec)

    def record_table(self, index: int, spec: TableSpec, records: list[dict]) -> None:
        self.caption(index, spec)
        table = tables.table(self.doc, spec.widths, rows=2, header_rows=2)
        tables.cell_margins(table, 0.8, 0.8)
        title = tables.merge_row(table.rows[0])
        tables.cell_text(
            title, spec.title, size=style.SIZE_5, east_asia=style.HEI, shade=style.SHADE, fixed=True
        )
        header = tables.row_cells(table.rows[1])
        for cell, column in zip(header, spec.columns, strict=True):
            shade = style.PRIVATE_SHADE if column.private else style.SHADE
            tables.cell_text(
                cell, column.header, size=style.SIZE_S5, east_asia=style.HEI, shade=shade,
                align=WD_ALIGN_PARAGRAPH.CENTER, fixed=True, middle=True,
            )  # fmt: skip
        tables.keep_with_next([title, *header])  # the header never alone at a page's foot
        blank = spec.blank_rows if not records else 2
        rows = [self.record_row(table, spec, r) for r in [*records, *({} for _ in range(blank))]]
        _keep_rows(rows)

    def record_row(self, table, spec: TableSpec, record: dict) -> tuple[list, float]:
        """One row of a record table, with about how tall it is."""
        cells = tables.add_row(table, spec.widths)
        texts = [display_value(column, record.get(column.path[0])) for column in spec.columns]
        for cell, text in zip(cells, texts, strict=True):
            tables.cell_text(cell, text, size=style.SIZE_S5)
        height = tables.estimated_height_mm(texts, spec.widths, style.SIZE_S5)
        if height > _TALL_MM:
            tables.allow_split(cells)
        return cells, height

    def roster(self) -> None:
        self.section(landscape=True)
        self.heading("二、党员名册")
        self.small("标有“不公开”的列为个人信息，不会公开。党员编号在支部内唯一，长期不变。")
        members = [m for m in self.prefill.dossier.get("members") or [] if isinstance(m, dict)]
        for index, spec in self.spec("roster"):
            self.record_table(index, spec, members)

    def activities(self) -> None:
        self.heading("三、活动记录")
        records = [a for a in self.prefill.dossier.get("activities") or [] if isinstance(a, dict)]
        known = {spec.key for _, spec in self.spec("activities")}
        for record in records:
            if record.get("type") not in known:
                self.prefill.skipped.append(
                    f"{record.get('date', '')} {record.get('type', '')} {record.get('topic', '')}"
                )
        for index, spec in self.spec("activities"):
            mine = [r for r in records if r.get("type") == spec.key]
            self.record_table(index, spec, mine)

    def items(self) -> None:
        self.section(landscape=False)
        self.heading("四、逐条自评")
        by_item = dict(self.spec("item"))
        by_id = {spec.key: index for index, spec in by_item.items()}
        for number, aspect in enumerate(self.layout.standard.aspects):
            points = format(aspect.points.normalize(), "f")
            cn = _CN_NUMBERS[number] if number < len(_CN_NUMBERS) else str(number + 1)
            self.heading(f"（{cn}）{aspect.name}（满分 {points} 分）", level=2)
            for item in aspect.items:
                index = by_id[item.id]
                self.label_table(index, by_item[index])

    def narratives(self) -> None:
        self.heading("五、年度工作总结和特色亮点")
        for index, spec in self.spec("narrative"):
            self.caption(index, spec)
            table = tables.table(self.doc, spec.widths, rows=2)
            label = spec.rows[0].label
            top, bottom = (tables.row_cells(row)[0] for row in table.rows)
            tables.cell_text(top, label, shade=style.SHADE, east_asia=style.HEI, fixed=True)
            tables.keep_with_next([top])
            text = self.prefill.narratives.get(spec.key, "").strip()
            prose.write_cell(bottom, text, size=style.SIZE_S4)  # Markdown as Word paragraphs
            tables.allow_split([bottom])  # a year's summary may be longer than a page

    def signature(self) -> None:
        paragraphs.paragraph(self.doc, "")
        paragraphs.paragraph(
            self.doc,
            "支部书记（签字）：                 填报日期：   年  月  日",
            size=style.SIZE_4,
            line=Pt(28),
        )


def _keep_rows(rows: list[tuple[list, float]]) -> None:
    """A short table on one page; a long one with its last rows on the same page."""
    cells = [c for c, _height in rows]
    if sum(height for _cells, height in rows) <= _ONE_PAGE_MM:
        kept = cells[:-1]
    else:
        kept = cells[-_LAST_ROWS:-1]
    for row in kept:
        tables.keep_with_next(row)


def form_layout(engine: Engine) -> FormLayout:
    """The form of the engine's standard and schemas (the same for writing and reading)."""
    return build_layout(engine.standard, engine.schemas.raw)


def write_form(
    target: Path,
    layout: FormLayout,
    prefill: Prefill | None,
    organization: Organization | None,
    year: int | None,
) -> Prefill:
    """Build the form and write it atomically; returns the prefill (with what was skipped)."""
    from checker.core import atomic

    prefill = prefill or Prefill()
    document = build_form(layout, prefill, organization, year)
    atomic.write_bytes(target, form_bytes(document))
    return prefill
