"""`checker import`: read a filled-in form back into branch.yaml, dossier.yaml and narratives.

The form is read through the same layout that generated it (layout.py). First the marker
(the standard's id and version, the layout digest), then the structure: every table in its
place, every fixed row under its label; a form whose tables or rows were deleted, added or
reordered is refused rather than guessed at. Then each cell is read by the kind of its
column (normalize.py). A cell that cannot be read keeps its text as typed and gets a finding
with its place in the form (`表3 第5行 第2列`); after writing, the validation findings of the
engine are mapped back to the same places through the JSON pointers of the values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from checker.core import yamlwrite
from checker.core.findings import Finding, pointer
from checker.core.organization import Organization
from checker.core.word import normalize as n
from checker.dossier.standard import Standard
from checker.dossier.word.layout import FORM_VERSION, MARKER, Field, FormLayout, TableSpec

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table

_BRANCH_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{1,39}$")
_PARENTHETICAL = re.compile(r"\([^()]*\)\s*$")


class FormRefused(Exception):
    """The form cannot be read at all; nothing is written."""

    def __init__(self, code: str, message: str, where: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.where = where


@dataclass(slots=True)
class WordFinding:
    """A finding about the form, with its place in the Word document and, when the value
    was written anyway, the document and JSON pointer it was written to."""

    finding: Finding
    where: str
    target: tuple[str, str] | None = None  # ("dossier" | "branch", JSON pointer)


@dataclass(slots=True)
class ImportResult:
    branch: dict[str, Any]
    dossier: dict[str, Any]
    narratives: dict[str, str]
    code: str
    year: int
    findings: list[WordFinding] = field(default_factory=list)
    # (document, JSON pointer) -> place in the form; rows and cells both have entries.
    locations: dict[tuple[str, str], str] = field(default_factory=dict)

    def where(self, doc: str, path: str) -> str:
        """The place in the form of the value at ``path``, or of its nearest ancestor."""
        parts = path.split("/")
        while len(parts) > 1:
            hit = self.locations.get((doc, "/".join(parts)))
            if hit:
                return hit
            parts.pop()
        return ""


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", n.halfwidth(text)).replace("\uff08", "(").replace("\uff09", ")")


def _same_label(found: str, expected: str) -> bool:
    # Labels are compared without spaces, full-width forms or the typeset punctuation.
    return _squash(found) == _squash(expected)


def read_marker(document: Document) -> tuple[re.Match | None, str]:
    """The form's marker and where it was found: the document properties, or the line on
    the cover (its paragraph number) when an office program dropped the properties."""
    identifier = document.core_properties.identifier or ""
    match = MARKER.search(identifier)
    if match:
        return match, "文档属性"
    for number, paragraph in enumerate(document.paragraphs[:80], 1):
        match = MARKER.search(paragraph.text)
        if match:
            return match, f"第{number}段"
    return None, ""


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


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_TAGS = (f"{_W}t", f"{_W}br", f"{_W}cr", f"{_W}tab")
_SKIP = (f"{_W}del", f"{_W}moveFrom")


def _paragraph_text(p) -> str:
    """Text of a paragraph as Word shows it, including text inside tracked insertions,
    content controls and hyperlinks; deleted text left out."""
    parts = []
    for element in p.iter(*_TEXT_TAGS):
        if any(a.tag in _SKIP for a in element.iterancestors()):
            continue
        if element.tag == f"{_W}t":
            parts.append(element.text or "")
        elif element.tag == f"{_W}tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _cell_paragraphs(tc) -> list[str]:
    return [_paragraph_text(p) for p in tc.iter(f"{_W}p")]


def _cell_text(tc) -> str:
    return "\n".join(_cell_paragraphs(tc))


def _merged(tc) -> bool:
    pr = tc.tcPr
    if pr is None:
        return False
    span = pr.find(f"{_W}gridSpan")
    return pr.find(f"{_W}vMerge") is not None or (
        span is not None and span.get(f"{_W}val", "1") != "1"
    )


def _texts(row) -> list[str]:
    """Texts of a row's cells; a merged cell makes the row unreadable (ValueError)."""
    tcs = row._tr.tc_lst
    if any(_merged(tc) for tc in tcs):
        raise ValueError("merged")
    return [_cell_text(tc) for tc in tcs]


def _matches(table: Table, spec: TableSpec) -> str:
    """Empty when ``table`` has the structure of ``spec``; otherwise what differs."""
    rows = table.rows
    if not rows:
        return "表格是空的"
    texts: list[list[str]] = []
    skip = 2 if spec.columns else 0  # record tables: a title row and the header
    for number, row in enumerate(rows[skip:], skip + 1):
        try:
            texts.append(_texts(row))
        except ValueError:
            return f"第{number}行的单元格被合并或拆分"
    if spec.columns:
        title = rows[0]._tr.tc_lst
        span = title[0].tcPr.find(f"{_W}gridSpan") if title[0].tcPr is not None else None
        if len(title) != 1 or span is None or span.get(f"{_W}val") != str(len(spec.columns)):
            return "第1行（表格标题）被拆分或改动"
        if not _same_label(_cell_text(title[0]), spec.title):
            return f"第1行应为“{spec.title}”，实际为“{_cell_text(title[0]).strip()}”"
        if len(rows) < 2:
            return "缺少表头"
        try:
            header = _texts(rows[1])
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


class _Reader:
    def __init__(
        self,
        document: Document,
        layout: FormLayout,
        docx_name: str,
        organization: Organization | None,
    ) -> None:
        self.document = document
        self.layout = layout
        self.docx = docx_name
        self.organization = organization
        self.findings: list[WordFinding] = []
        self.locations: dict[tuple[str, str], str] = {}
        self.tables = document.tables

    def problem(self, code: str, message: str, where: str, target=None, hint: str = "") -> None:
        finding = Finding(code, message, self.docx, 0, 0, "", hint)
        self.findings.append(WordFinding(finding, where, target))

    def value(self, f: Field, text: str, where: str, target: tuple[str, str], year=None) -> Any:
        """The value of one cell, or None for an empty cell. Unreadable text is kept."""
        if n.is_blank(text):
            return None
        try:
            return _parse(f, text, year)
        except n.Unreadable as exc:
            self.problem(exc.code, f"{f.label}：{exc.message}", where, target, exc.hint)
            return n.clean_text(text)

    # --- the parts of the form ------------------------------------------------------------

    def labelled(self, kind: str) -> dict[tuple[str, tuple[str, ...]], tuple[Any, str]]:
        """Values of the label tables of ``kind``: (document, path) -> (value, where)."""
        found: dict[tuple[str, tuple[str, ...]], tuple[Any, str]] = {}
        for index, spec in self.layout.by_kind(kind):
            table = self.tables[index]
            for number, (row, item) in enumerate(zip(table.rows, spec.rows, strict=True), 1):
                if item.field is None:
                    continue
                f = item.field
                where = f"表{index + 1} 第{number}行 第2列"
                ptr = pointer(list(f.path))
                self.locations[(f.doc, ptr)] = where
                text = _texts(row)[1]
                if f.doc == "branch" and f.path == ("organization",):
                    text = self.organization_id(text)
                found[(f.doc, f.path)] = (self.value(f, text, where, (f.doc, ptr)), where)
        return found

    def organization_id(self, text: str) -> str:
        """`CZJ`, `CZJ(中共…委员会)` or the organization's name, as its id."""
        value = _PARENTHETICAL.sub("", n.halfwidth(n.clean_text(text))).strip()
        if self.organization is not None and value not in self.organization.organizations:
            by_name = {
                n.halfwidth(str(o.get("name", ""))): key
                for key, o in self.organization.organizations.items()
            }
            return by_name.get(value, value)
        return value

    def records(self, kind: str) -> list[tuple[dict[str, Any], str]]:
        """The non-empty rows of the record tables of ``kind``, not yet parsed:
        ({key: (column, text, where)}, where of the row)."""
        out = []
        for index, spec in self.layout.by_kind(kind):
            table = self.tables[index]
            first = spec.first_data_row
            for number, row in enumerate(table.rows[first - 1 :], first):
                texts = _texts(row)
                if all(n.is_blank(t) for t in texts):
                    continue  # empty rows, however many, are ignored
                pending: dict[str, Any] = {"type": spec.key} if kind == "activities" else {}
                for col, (text, column) in enumerate(zip(texts, spec.columns, strict=True), 1):
                    where = f"表{index + 1} 第{number}行 第{col}列"
                    pending[column.path[0]] = (column, text, where)
                out.append((pending, f"表{index + 1} 第{number}行"))
        return out


def _parse(f: Field, text: str, year: int | None) -> Any:
    kind = f.kind
    if kind == "text":
        return n.clean_text(text)
    if kind in ("code", "id"):
        return n.parse_code(text)
    if kind in ("ids", "list"):
        return n.parse_ids(text)
    if kind == "path":
        return n.parse_path(text)
    if kind == "paths":
        return n.parse_paths(text)
    if kind == "date":
        return n.parse_date(text, year)
    if kind in ("int", "number"):
        return n.parse_number(text, integer=kind == "int")
    if kind == "bool":
        return n.parse_bool(text)
    if kind == "choice":
        return n.parse_choice(text, list(f.options))
    return n.clean_text(text)


def _set(data: dict, path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = value


def read_form(
    document: Document,
    layout: FormLayout,
    docx_name: str,
    organization: Organization | None = None,
) -> ImportResult:
    """Read a vetted form. Raises FormRefused when it is not a form of this layout."""
    check_marker(document, layout)
    check_structure(list(document.tables), layout)
    reader = _Reader(document, layout, docx_name, organization)
    standard: Standard = layout.standard

    cover = reader.labelled("cover")
    code, code_where = cover.get(("branch", ("code",)), (None, ""))
    year, year_where = cover.get(("dossier", ("year",)), (None, ""))
    if not isinstance(code, str) or not _BRANCH_CODE.match(code):
        raise FormRefused(
            "W013", f"封面的支部编号“{code or ''}”不合规，无法确定台账的位置", code_where
        )
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise FormRefused("W013", f"封面的考核年度“{year or ''}”不是四位数的年份", year_where)

    branch: dict[str, Any] = {}
    dossier: dict[str, Any] = {
        "standard": {"id": standard.id, "version": standard.version},
        "branch": code,
        "year": year,
        "members": [],
        "committee": {},
    }
    for (doc, path), (value, _where) in cover.items():
        if value is not None and path != ("year",):
            _set(branch if doc == "branch" else dossier, path, value)
    for (_doc, path), (value, _where) in reader.labelled("facts").items():
        if value is not None:
            _set(dossier, path, value)
    dossier["members"] = _finish(reader, reader.records("roster"), "members", year, sort=False)
    dossier["activities"] = _finish(
        reader, reader.records("activities"), "activities", year, sort=True
    )
    items: dict[str, dict] = {}
    for (_doc, path), (value, _where) in reader.labelled("item").items():
        entry = items.setdefault(path[1], {})
        if value is not None:
            entry[path[2]] = value
    dossier["items"] = {item_id: items.get(item_id, {}) for item_id in standard.items}

    narratives: dict[str, str] = {}
    # The limit validation applies to the file: refused here, so that a narrative that
    # validation would reject for its size is never written in the first place.
    max_narrative = int(standard.settings["max_markdown_bytes"])
    for index, spec in layout.by_kind("narrative"):
        tc = reader.tables[index].rows[1]._tr.tc_lst[0]
        blocks = [n.clean_text(text) for text in _cell_paragraphs(tc)]
        text = "\n\n".join(b for b in blocks if b)
        where = f"表{index + 1} 第2行 第1列"
        if text:
            narratives[spec.key] = text + "\n"
            size = len(narratives[spec.key].encode("utf-8"))
            if size > max_narrative:
                raise FormRefused(
                    "W015",
                    f"表{index + 1}“{spec.caption}”的内容有 {_kb(size)}，"
                    f"超过叙述文件的上限 {_kb(max_narrative)}（{spec.key}）",
                    where,
                )
        reader.locations[(spec.key, "")] = where

    return ImportResult(
        branch=branch,
        dossier=dossier,
        narratives=narratives,
        code=code,
        year=year,
        findings=reader.findings,
        locations=reader.locations,
    )


def _kb(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < (1 << 20) else f"{size / (1 << 20):.1f} MB"


def _finish(
    reader: _Reader, rows: list[tuple[dict, str]], section: str, year: int, sort: bool
) -> list[dict]:
    """Parse the cells of each record, in final order, so that pointers are final too."""
    if sort:
        # Chronological, as a dossier is written; a date that cannot be read sorts last.
        def key(row: tuple[dict, str]) -> tuple[int, str]:
            column, text, _where = row[0].get("date", (None, "", ""))
            if column is None or n.is_blank(text):
                return (1, "")
            try:
                return (0, n.parse_date(text, year))
            except n.Unreadable:
                return (1, "")

        rows = sorted(rows, key=key)
    records: list[dict] = []
    for index, (pending, row_where) in enumerate(rows):
        reader.locations[("dossier", f"/{section}/{index}")] = row_where
        record: dict[str, Any] = {}
        for key_name, entry in pending.items():
            if not isinstance(entry, tuple):
                record[key_name] = entry
                continue
            column, text, where = entry
            ptr = f"/{section}/{index}/{key_name}"
            reader.locations[("dossier", ptr)] = where
            value = reader.value(column, text, where, ("dossier", ptr), year)
            if value is not None and value != []:
                record[key_name] = value
        records.append(record)
    return records


# --- writing the files -------------------------------------------------------------------


# A file name goes into a YAML comment: a CR, NEL or line separator there would end the
# comment and turn the rest of the name into YAML, and any control character makes the
# file one that validation refuses (F006).
_NOT_IN_COMMENT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _shown(name: str) -> str:
    return _NOT_IN_COMMENT.sub("\ufffd", name)


def branch_text(result: ImportResult, schema: dict, docx_name: str, first_line: str = "") -> str:
    """branch.yaml's text; ``first_line`` is its schema line for editors, if any."""
    data = yamlwrite.ordered(result.branch, schema)
    header = [
        *([first_line.rstrip("\n")] if first_line else []),
        f"# 由 checker import 从 {_shown(docx_name)} 导入。",
    ]
    return yamlwrite.document([(None, data)], header)


def dossier_text(
    result: ImportResult, schema: dict, layout: FormLayout, docx_name: str, first_line: str = ""
) -> str:
    data = yamlwrite.ordered(result.dossier, schema)
    standard = layout.standard
    private = [c.label for c in layout.by_kind("roster")[0][1].columns if c.private]
    header = [
        *([first_line.rstrip("\n")] if first_line else []),
        f"# {result.year} 年度党支部标准化建设台账，"
        f"由 checker import 从 {_shown(docx_name)} 导入。",
    ]
    sections: list[tuple[str | None, dict]] = [
        (None, {k: data[k] for k in ("standard", "branch", "year")}),
        (f"党员名册（{'、'.join(private)}不公开）", {"members": data["members"]}),
    ]
    fixed = ("standard", "branch", "year", "members", "activities", "items")
    facts = {k: v for k, v in data.items() if k not in fixed}
    if facts:
        sections.append(("支部基本情况", facts))
    sections.append(("活动记录：每次一条，按日期排列", {"activities": data["activities"]}))
    text = yamlwrite.document(sections, header)
    lines = ["", "# 逐条自评：self_score 自评分，note 自评说明，evidence 佐证材料。", "items:"]
    for item_id, entry in data["items"].items():
        item = standard.items.get(item_id)
        if item is not None:
            points = format(item.points.normalize(), "f")
            lines.append(f"  # {item.id} {item.title}（{points} 分）")
        lines.extend(yamlwrite.mapping_lines({item_id: entry}, indent=2))
    return text + "\n".join(lines) + "\n"
