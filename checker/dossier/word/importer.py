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

from docx.oxml.ns import qn

from checker.core.findings import Finding, pointer
from checker.core.organization import Organization
from checker.core.word import normalize as n
from checker.core.word import prose
from checker.core.word.cells import row_texts
from checker.dossier.standard import Standard
from checker.dossier.word.layout import Field, FormLayout
from checker.dossier.word.structure import FormRefused, check_marker, check_structure

if TYPE_CHECKING:
    from docx.document import Document

_BRANCH_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{1,39}$")
_PARENTHETICAL = re.compile(r"\([^()]*\)\s*$")


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
                text = row_texts(row)[1]
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
                texts = row_texts(row)
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

    narratives = _narratives(reader, standard)

    return ImportResult(
        branch=branch,
        dossier=dossier,
        narratives=narratives,
        code=code,
        year=year,
        findings=reader.findings,
        locations=reader.locations,
    )


def _narratives(reader: _Reader, standard: Standard) -> dict[str, str]:
    """The narratives' cells as Markdown (prose.py: headings, bullets, bold), by file name."""
    narratives: dict[str, str] = {}
    # The limit validation applies to the file: refused here, so that a narrative that
    # validation would reject for its size is never written in the first place.
    max_narrative = int(standard.settings["max_markdown_bytes"])
    styles = style_names(reader.document)
    for index, spec in reader.layout.by_kind("narrative"):
        tc = reader.tables[index].rows[1]._tr.tc_lst[0]
        blocks = prose.read_cell(tc, styles)
        for block in blocks:
            block.text = n.clean_text(block.text)
        text = prose.to_markdown(blocks)
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
    return narratives


def style_names(document: Document) -> dict[str, str]:
    """Paragraph style id -> style name, from the document's styles part."""
    names = {}
    for style in document.styles.element.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if style.get(qn("w:type")) == "paragraph" and name is not None:
            names[style.get(qn("w:styleId"), "")] = name.get(qn("w:val"), "")
    return names


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
