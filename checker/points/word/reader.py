"""Reading a filled monthly points form back into the data of `points/YYYY-MM.yaml`.

First the marker (the points standard and the layout digest) and the shape of the tables;
a form that fails either is refused whole. Then every cell by the kind of its column
(core/word/normalize.py). Every problem of every cell is collected, each with its place
(`表3 第5行 第3列`), so that one run lists them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from checker.core.word import normalize as n
from checker.core.word.cells import row_texts
from checker.core.word.marker import find_marker
from checker.points.standard import PointsStandard
from checker.points.word import layout as lay

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table

_BRANCH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{1,39}$")
_MONTH = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])$")


class PointsFormRefused(Exception):
    """The form cannot be read at all (not ours, another standard, a changed structure)."""

    def __init__(self, code: str, message: str, where: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.where = where


@dataclass(frozen=True, slots=True)
class CellProblem:
    code: str
    message: str
    where: str
    hint: str = ""


@dataclass(slots=True)
class MonthForm:
    branch: str
    month: str
    data: dict[str, Any]
    problems: list[CellProblem] = field(default_factory=list)
    places: dict[str, str] = field(default_factory=dict)  # JSON pointer -> place in the form

    @property
    def year(self) -> int:
        return int(self.month[:4])

    def where(self, pointer: str) -> str:
        """The place of the value at ``pointer``, or of its nearest ancestor."""
        parts = pointer.split("/")
        while len(parts) > 1:
            hit = self.places.get("/".join(parts))
            if hit:
                return hit
            parts.pop()
        return ""


def read_marker(document: Document) -> re.Match | None:
    """The marker in the document properties, or on the cover when an office program
    dropped the properties."""
    return find_marker(document, lay.MARKER, 40)[0]


def check_marker(document: Document, standard: PointsStandard) -> None:
    match = read_marker(document)
    if match is None:
        raise PointsFormRefused(
            "W006", "文档中没有 checker 积分表格标识，不是用 `checker points-form` 生成的表格"
        )
    if (match["id"], match["version"]) != (standard.id, standard.version):
        raise PointsFormRefused(
            "W007",
            f"表格按积分标准 {match['id']} {match['version']} 生成，"
            f"当前积分标准是 {standard.id} {standard.version}",
        )
    if match["form"] != lay.FORM_VERSION or match["layout"] != lay.digest(standard):
        raise PointsFormRefused(
            "W007", "表格的栏目或积分标准与当前的不一致（积分标准在生成表格后有改动）"
        )


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", n.halfwidth(text)).replace("\uff08", "(").replace("\uff09", ")")


def _rows(table: Table, number: int) -> list[list[str]]:
    try:
        return [row_texts(row) for row in table.rows]
    except ValueError:
        raise PointsFormRefused("W008", f"表{number}的单元格被合并或拆分", f"表{number}") from None


def _labels(table: Table, number: int, labels: tuple[str, ...]) -> list[str]:
    """The value column of a two-column label table, its labels checked."""
    rows = _rows(table, number)
    found = [_squash(r[0]) for r in rows if r]
    if found != [_squash(label) for label in labels] or any(len(r) != 2 for r in rows):
        raise PointsFormRefused("W008", f"表{number}的固定行被改动", f"表{number}")
    return [r[1] for r in rows]


def _declaration_rows(table: Table) -> list[list[str]]:
    number = lay.DECLARATIONS + 1
    header_row = table.rows[1] if len(table.rows) > 1 else None
    header = row_texts(header_row) if header_row is not None else []
    if [_squash(h) for h in header] != [_squash(c.label) for c in lay.COLUMNS]:
        raise PointsFormRefused("W008", f"表{number}的表头被改动", f"表{number}")
    rows = []
    for index, row in enumerate(table.rows[lay.FIRST_DATA_ROW - 1 :], lay.FIRST_DATA_ROW):
        try:
            texts = row_texts(row)
        except ValueError:
            raise PointsFormRefused(
                "W008", f"表{number}第{index}行的单元格被合并或拆分", f"表{number}"
            ) from None
        if len(texts) != len(lay.COLUMNS):
            raise PointsFormRefused("W008", f"表{number}第{index}行的列数不对", f"表{number}")
        rows.append(texts)
    return rows


def read_month_form(
    document: Document, standard: PointsStandard, roster: set[str] | None = None
) -> MonthForm:
    """The month's data from a form whose marker and structure are sound; raises
    PointsFormRefused otherwise. ``roster`` (member ids), when given, is checked here so
    that an unknown member is reported at its cell with the rest."""
    check_marker(document, standard)
    found = document.tables
    if len(found) != lay.TABLE_COUNT:
        raise PointsFormRefused(
            "W008", f"表格有 {len(found)} 个，应有 {lay.TABLE_COUNT} 个：表格被删除或增加了"
        )
    branch, _name, month = _labels(found[lay.COVER], lay.COVER + 1, lay.COVER_ROWS)
    branch, month = n.compact(branch), n.compact(month)
    if not _BRANCH.match(branch) or not _MONTH.match(month):
        raise PointsFormRefused("W013", f"封面的支部编号“{branch}”或月份“{month}”无法识别", "表1")
    form = MonthForm(branch, month, {"month": month, "declarations": []})
    cells = _Cells(form, standard, roster)
    for index, texts in enumerate(_declaration_rows(found[lay.DECLARATIONS]), lay.FIRST_DATA_ROW):
        if all(n.is_blank(t) for t in texts):
            continue  # empty rows, however many, are ignored
        cells.declaration(texts, index)
    reviewed_on, reviewed_by = _labels(found[lay.REVIEW], lay.REVIEW + 1, lay.REVIEW_ROWS)
    cells.review(reviewed_on, reviewed_by)
    return form


class _Cells:
    def __init__(self, form: MonthForm, standard: PointsStandard, roster: set[str] | None):
        self.form = form
        self.standard = standard
        self.roster = roster

    def problem(self, code: str, label: str, message: str, where: str, hint: str = "") -> None:
        self.form.problems.append(CellProblem(code, f"{label}：{message}", where, hint))

    def declaration(self, texts: list[str], row: int) -> None:
        number = lay.DECLARATIONS + 1
        index = len(self.form.data["declarations"])
        record: dict[str, Any] = {}
        self.form.places[f"/declarations/{index}"] = f"表{number} 第{row}行"
        for col, (column, text) in enumerate(zip(lay.COLUMNS, texts, strict=True), 1):
            where = f"表{number} 第{row}行 第{col}列"
            self.form.places[f"/declarations/{index}/{column.key}"] = where
            if n.is_blank(text):
                if column.key in lay.REQUIRED:
                    self.problem("S003", column.label, "未填写", where)
                continue
            try:
                record[column.key] = self.value(column, text)
            except n.Unreadable as exc:
                self.problem(exc.code, column.label, exc.message, where, exc.hint)
                continue
            self.known(column, record[column.key], where)
        self.form.data["declarations"].append(record)

    def value(self, column: lay.Column, text: str) -> Any:
        if column.kind == "date":
            return n.parse_date(text, self.form.year)
        if column.kind == "int":
            return n.parse_number(text, integer=True)
        if column.kind in ("id", "code"):
            return n.parse_code(text).upper() if column.kind == "code" else n.parse_code(text)
        if column.kind == "paths":
            return n.parse_paths(text)
        if column.kind == "choice":
            return n.parse_choice(text, list(lay.RESULTS))
        return n.clean_text(text)

    def known(self, column: lay.Column, value: Any, where: str) -> None:
        """The member in the roster and the standard in the points standard."""
        if column.key == "member" and self.roster is not None and value not in self.roster:
            message = f"“{value}”不在本年度的党员名册中"
            self.problem("J001", column.label, message, where, "党员编号见表2。")
        if column.key == "standard" and value not in self.standard.rules:
            message = f"“{value}”不是积分标准的编号"
            self.problem("J002", column.label, message, where, "积分标准编号见表5。")

    def review(self, reviewed_on: str, reviewed_by: str) -> None:
        number = lay.REVIEW + 1
        data = self.form.data
        for row, (key, text) in enumerate(
            (("reviewed_on", reviewed_on), ("reviewed_by", reviewed_by)), 1
        ):
            where = f"表{number} 第{row}行 第2列"
            self.form.places[f"/{key}"] = where
            if n.is_blank(text):
                continue
            if key == "reviewed_by":
                data[key] = n.clean_text(text)
                continue
            # A review written as month and day only (1月5日) is in the month after: for
            # December's declarations that is January of the next year.
            year = self.form.year + (self.form.month.endswith("-12"))
            try:
                data[key] = n.parse_date(text, year)
            except n.Unreadable as exc:
                self.problem(exc.code, lay.REVIEW_ROWS[0], exc.message, where, exc.hint)
