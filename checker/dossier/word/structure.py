"""Is this our form, unchanged? Its marker (the standard, the form version, the layout
digest) and the shape of every table and fixed row. A form that fails is refused, never
guessed at: nothing is read from it and nothing is written."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from checker.core.word import normalize as n
from checker.core.word.cells import W, cell_text, row_texts
from checker.core.word.marker import find_marker
from checker.dossier.word.layout import FORM_VERSION, MARKER, FormLayout, TableSpec

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table


class FormRefused(Exception):
    """The form cannot be read at all; nothing is written."""

    def __init__(self, code: str, message: str, where: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.where = where


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", n.halfwidth(text)).replace("\uff08", "(").replace("\uff09", ")")


def _same_label(found: str, expected: str) -> bool:
    # Labels are compared without spaces, full-width forms or the typeset punctuation.
    return _squash(found) == _squash(expected)


def read_marker(document: Document) -> tuple[re.Match | None, str]:
    """The form's marker and where it was found: the document properties, or the line on
    the cover (its paragraph number) when an office program dropped the properties."""
    return find_marker(document, MARKER, 80)


def check_marker(document: Document, layout: FormLayout) -> None:
    match, where = read_marker(document)
    standard = layout.standard
    if match is None:
        raise FormRefused(
            "W006",
            "文档中没有 checker 表单标识，不是用 `checker template` 生成的填报表格",
        )
    if (match["id"], match["version"]) != (standard.id, standard.version):
        raise FormRefused(
            "W007",
            f"表格按标准 {match['id']} {match['version']} 生成，"
            f"当前标准是 {standard.id} {standard.version}",
            where,
        )
    if match["form"] != FORM_VERSION:
        raise FormRefused(
            "W007",
            f"表格的表式版本为 {match['form']}，当前 checker 的表式版本为 {FORM_VERSION}",
            where,
        )
    if match["layout"] != layout.digest:
        raise FormRefused(
            "W007",
            "表格的栏目与当前标准和台账格式不一致（标准或 JSON Schema 在生成表格后有改动）",
            where,
        )


def _matches(table: Table, spec: TableSpec) -> str:
    """Empty when ``table`` has the structure of ``spec``; otherwise what differs."""
    rows = table.rows
    if not rows:
        return "表格是空的"
    texts: list[list[str]] = []
    skip = 2 if spec.columns else 0  # record tables: a title row and the header
    for number, row in enumerate(rows[skip:], skip + 1):
        try:
            texts.append(row_texts(row))
        except ValueError:
            return f"第{number}行的单元格被合并或拆分"
    if spec.columns:
        title = rows[0]._tr.tc_lst
        span = title[0].tcPr.find(f"{W}gridSpan") if title[0].tcPr is not None else None
        if len(title) != 1 or span is None or span.get(f"{W}val") != str(len(spec.columns)):
            return "第1行（表格标题）被拆分或改动"
        if not _same_label(cell_text(title[0]), spec.title):
            return f"第1行应为“{spec.title}”，实际为“{cell_text(title[0]).strip()}”"
        if len(rows) < 2:
            return "缺少表头"
        try:
            header = row_texts(rows[1])
        except ValueError:
            return "第2行（表头）的单元格被合并或拆分"
        if len(header) != len(spec.columns):
            return f"应有 {len(spec.columns)} 列，实际有 {len(header)} 列"
        for col, (found, column) in enumerate(zip(header, spec.columns, strict=True), 1):
            if not _same_label(found, column.header):
                return f"第2行 第{col}列应为“{column.label}”，实际为“{found.strip()}”"
        for number, row in enumerate(texts, 3):
            if len(row) != len(spec.columns):
                return f"第{number}行的单元格被合并或拆分"
        return ""
    expected = list(spec.rows)
    if spec.kind == "narrative":
        if len(texts) != 2 or any(len(row) != 1 for row in texts):
            return "应为 1 列 2 行"
        return "" if _same_label(texts[0][0], expected[0].label) else "标题被改动"
    if len(texts) != len(expected):
        return f"应有 {len(expected)} 行，实际有 {len(texts)} 行"
    for number, (row, item) in enumerate(zip(texts, expected, strict=True), 1):
        if len(row) != len(spec.widths):
            return f"第{number}行的单元格被合并或拆分"
        if not _same_label(row[0], item.label):
            return f"第{number}行应为“{item.label}”，实际为“{row[0].strip()}”"
    return ""


def check_structure(tables: list[Table], layout: FormLayout) -> None:
    """Refuse a form whose tables or fixed rows were deleted, added or reordered."""
    specs = layout.tables
    for index, spec in enumerate(specs):
        name = f"表{index + 1}“{spec.caption}”"
        if index >= len(tables):
            raise FormRefused(
                "W008",
                f"表格只有 {len(tables)} 个，应有 {len(specs)} 个：从{name}起的表格被删除了",
                f"表{index + 1}",
            )
        problem = _matches(tables[index], spec)
        if not problem:
            continue
        elsewhere = [
            j + 1
            for j, other in enumerate(specs)
            if j != index and other.kind == spec.kind and not _matches(tables[index], other)
        ]
        if elsewhere:
            moved = specs[elsewhere[0] - 1].caption
            raise FormRefused(
                "W008",
                f"这里应是{name}，却是“{moved}”（原为表{elsewhere[0]}）：表格被调换了顺序或删除了",
                f"表{index + 1}",
            )
        raise FormRefused("W008", f"{name}的结构被改动：{problem}", f"表{index + 1}")
    if len(tables) > len(specs):
        raise FormRefused(
            "W008",
            f"表格有 {len(tables)} 个，应有 {len(specs)} 个：增加了表格",
            f"表{len(specs) + 1}",
        )
