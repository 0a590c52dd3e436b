"""The layout of the Word form, derived from the standard and the JSON Schemas.

Nothing here names an item, a record type or a roster column: the items and record types
come from `standard.yaml`, the columns and their Chinese titles, types, choices and privacy
from `dossier.schema.json` and `branch.schema.json`. A new item, record type or column
therefore appears in the form without a code change. The generator (form.py) and the
importer (importer.py) both read the form through this one description, so they cannot
disagree about where a value lives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from checker.core import periods
from checker.core.word.marker import shape_digest
from checker.core.word.style import LANDSCAPE_TEXT_WIDTH_MM, TEXT_WIDTH_MM
from checker.dossier.layout import NARRATIVE_FILES
from checker.dossier.rules import describe_rule
from checker.dossier.standard import Item, Standard

FORM_VERSION = "1"
MARKER_PREFIX = "checker-form/"
MARKER = re.compile(
    r"checker-form/(?P<form>[0-9A-Za-z.]+);standard=(?P<id>[^;\s]+);"
    r"version=(?P<version>[^;\s]+);layout=(?P<layout>[0-9a-f]{12})"
)

NARRATIVE_TITLES = {"summary.md": "年度工作总结", "highlights.md": "特色亮点"}
# Relative column widths; a column not listed gets the width of its kind.
_KIND_WIDTH = {
    "date": 20, "text": 24, "id": 12, "ids": 20, "int": 10, "number": 10, "choice": 14,
    "path": 24, "paths": 22, "code": 14, "bool": 10, "list": 20,
}  # fmt: skip
_KEY_WIDTH = {
    "id": 11, "name": 13, "gender": 9, "birth_date": 21, "id_number": 29, "phone": 20,
    "address": 20, "joined_on": 21, "status": 15, "role": 15, "group": 17,
    "training_hours": 11, "dues_months": 11, "appraisal": 13, "note": 17,
    "date": 24, "topic": 31, "place": 18, "chair": 11, "recorder": 11, "lecturer": 11,
    "absent_reasons": 23, "participants": 20, "resolution": 25, "minutes": 25, "evidence": 24,
}  # fmt: skip
_DOSSIER_FIXED = ("standard", "branch", "year", "members", "activities", "items")


@dataclass(frozen=True, slots=True)
class Field:
    """One value a person types: where it goes, what it is called, how to read it."""

    doc: str  # "branch" or "dossier"
    path: tuple[str, ...]  # keys within the document, or within a roster/activity row
    label: str
    kind: str  # text code id ids path paths date int number bool choice list
    private: bool = False
    options: tuple[str, ...] = ()
    hint: str = ""
    width: float = 20

    @property
    def header(self) -> str:
        return f"{self.label}\n（不公开）" if self.private else self.label


@dataclass(frozen=True, slots=True)
class Row:
    """A row of a two-column table: a fixed label, and a value to fill (or fixed text)."""

    label: str
    field: Field | None = None
    text: str = ""  # the fixed content of a read-only row


@dataclass(frozen=True, slots=True)
class TableSpec:
    kind: str  # cover facts roster activities item narrative
    caption: str
    key: str = ""  # the record type, item id or narrative file name
    columns: tuple[Field, ...] = ()  # roster and activities: one row per record
    rows: tuple[Row, ...] = ()  # label tables: one row per value
    widths: tuple[float, ...] = ()
    landscape: bool = False
    blank_rows: int = 0
    title: str = ""  # record tables: the first row, one cell across, naming the table

    @property
    def first_data_row(self) -> int:
        """1-based number of the first row a person fills in (record tables)."""
        return 3

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    def signature(self) -> list:
        if self.columns:
            return [self.kind, self.key, self.title, [list(c.path) for c in self.columns]]
        return [self.kind, self.key, [[r.label, list(r.field.path) if r.field else None]
                                      for r in self.rows]]  # fmt: skip


@dataclass(slots=True)
class FormLayout:
    standard: Standard
    tables: list[TableSpec] = field(default_factory=list)
    digest: str = ""

    @property
    def marker(self) -> str:
        s = self.standard
        return (
            f"{MARKER_PREFIX}{FORM_VERSION};standard={s.id};version={s.version};"
            f"layout={self.digest}"
        )

    def by_kind(self, kind: str) -> list[tuple[int, TableSpec]]:
        return [(i, t) for i, t in enumerate(self.tables) if t.kind == kind]


def _resolve(schema: dict, root: dict) -> tuple[dict, str]:
    """The schema with local $refs resolved, and the name of the last $def it came from."""
    name = ""
    for _ in range(10):
        ref = schema.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#/$defs/"):
            break
        name = ref.rsplit("/", 1)[1]
        target = root.get("$defs", {}).get(name, {})
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema, name


def _kind(schema: dict, root: dict) -> tuple[str, tuple[str, ...]]:
    schema, name = _resolve(schema, root)
    by_def = {"date": "date", "member_id": "id", "evidence_path": "path", "branch_code": "code"}
    if name in by_def:
        return by_def[name], ()
    if "enum" in schema:
        return "choice", tuple(str(v) for v in schema["enum"])
    kind = schema.get("type")
    if kind == "integer":
        return "int", ()
    if kind == "number":
        return "number", ()
    if kind == "boolean":
        return "bool", ()
    if kind == "array":
        inner, _ = _kind(schema.get("items", {}), root)
        return {"id": "ids", "path": "paths"}.get(inner, "list"), ()
    if schema.get("format") == "date":
        return "date", ()
    if "pattern" in schema:
        return "code", ()
    return "text", ()


def _label(title: str, kind: str) -> str:
    label = title.removeprefix("本年度")
    if kind in ("id", "ids"):
        label = re.sub(r"[(\uff08]党员编号[)\uff09]$", "", label)
    return label


def _field(
    doc: str, path: tuple[str, ...], schema: dict, root: dict, prefix: str = "", private=False
) -> Field:
    resolved, _ = _resolve(schema, root)
    kind, options = _kind(schema, root)
    title = resolved.get("title", path[-1])
    return Field(
        doc=doc,
        path=path,
        label=f"{prefix}{_label(title, kind)}",
        kind=kind,
        private=private or bool(resolved.get("x-private")),
        options=options,
        hint=resolved.get("description", ""),
        width=_KEY_WIDTH.get(path[-1], _KIND_WIDTH.get(kind, 20)),
    )


def _scalars(doc: str, schema: dict, skip: tuple[str, ...] = ()) -> list[Field]:
    """Fields for the top-level scalars and the scalars of top-level objects."""
    fields: list[Field] = []
    for key, prop in schema.get("properties", {}).items():
        if key in skip:
            continue
        resolved, _ = _resolve(prop, schema)
        if resolved.get("type") == "object":
            prefix = f"{resolved.get('title', key)}："
            private = bool(resolved.get("x-private"))
            for sub, sub_prop in resolved.get("properties", {}).items():
                fields.append(_field(doc, (key, sub), sub_prop, schema, prefix, private))
        else:
            fields.append(_field(doc, (key,), prop, schema))
    return fields


def _columns(schema: dict, definition: str, skip: tuple[str, ...], total_mm: float) -> list[Field]:
    record = schema["$defs"][definition]
    fields = [
        _field("dossier", (key,), prop, schema)
        for key, prop in record["properties"].items()
        if key not in skip
    ]
    scale = total_mm / sum(f.width for f in fields)
    return [_with_width(f, round(f.width * scale, 1)) for f in fields]


def _with_width(f: Field, width: float) -> Field:
    return Field(f.doc, f.path, f.label, f.kind, f.private, f.options, f.hint, width)


def describe_rules(item: Item, standard: Standard) -> str:
    """How an item is scored: the rule kinds' own sentences, the ones the site shows too."""
    parts = [describe_rule(rule, standard) for rule in item.rules]
    if item.not_applicable:
        parts.append(f"{item.not_applicable.description}，填写不适用理由后按满分计。")
    return "".join(parts)


def _blank_rows(standard: Standard, record_type: str) -> int:
    """As many empty rows as the standard asks records of this type in a year (2 to 12)."""
    wanted = 0
    for item in standard.items.values():
        for rule in item.rules:
            if rule.kind == "period_count" and rule.params.get("type") == record_type:
                per_year = periods.per_year(rule.params["period"])
                wanted = max(wanted, per_year * int(rule.params.get("min", 1)))
    return max(2, min(12, wanted))


def _points(value: Any) -> str:
    text = format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)
    return text


def build_layout(standard: Standard, schemas: dict[str, dict]) -> FormLayout:
    """The form for ``standard``: every table in document order."""
    dossier, branch = schemas["dossier"], schemas["branch"]
    layout = FormLayout(standard)
    layout.tables.extend(
        [
            _cover(dossier, branch),
            _facts(dossier),
            _roster(dossier),
            *_activities(standard, dossier),
            *_items(standard, dossier),
            *_narratives(),
        ]
    )
    layout.digest = shape_digest([t.signature() for t in layout.tables])
    return layout


def _cover(dossier: dict, branch: dict) -> TableSpec:
    """The branch's profile and the assessment year."""
    branch_fields = _scalars("branch", branch)
    plain = [f for f in branch_fields if len(f.path) == 1]
    nested = [f for f in branch_fields if len(f.path) > 1]
    year = _field("dossier", ("year",), dossier["properties"]["year"], dossier)
    cover = [Row(_row_label(f), f) for f in [*plain, year, *nested]]
    return TableSpec("cover", "封面信息", rows=tuple(cover), widths=(48, 108))


def _facts(dossier: dict) -> TableSpec:
    """Facts of the year that are not lists: committee, party groups, funds, discipline."""
    facts = _scalars("dossier", dossier, skip=_DOSSIER_FIXED)
    return TableSpec(
        "facts",
        "支部基本情况",
        rows=tuple(Row(_row_label(f), f) for f in facts),
        widths=(52, 44, 60),
    )


def _roster(dossier: dict) -> TableSpec:
    roster = _columns(dossier, "member", (), LANDSCAPE_TEXT_WIDTH_MM)
    return TableSpec(
        "roster",
        "党员名册",
        title="党员名册（标有“不公开”的列为个人信息，不会公开）",
        columns=tuple(roster),
        widths=tuple(f.width for f in roster),
        landscape=True,
        blank_rows=10,
    )


def _activities(standard: Standard, dossier: dict) -> list[TableSpec]:
    """One table per record type of the standard."""
    activity = _columns(dossier, "activity", ("type",), LANDSCAPE_TEXT_WIDTH_MM)
    tables = []
    for record_type, attendance in standard.record_types.items():
        note = "（须填写应到、实到人数）" if attendance else ""
        tables.append(
            TableSpec(
                "activities",
                f"活动记录：{record_type}{note}",
                key=record_type,
                title=f"{record_type}{note}",
                columns=tuple(activity),
                widths=tuple(f.width for f in activity),
                landscape=True,
                blank_rows=_blank_rows(standard, record_type),
            )
        )
    return tables


def _items(standard: Standard, dossier: dict) -> list[TableSpec]:
    """One table per item: what it asks and how it scores, then the branch's entries."""
    entry = dossier["$defs"]["item"]["properties"]
    tables = []
    for aspect in standard.aspects:
        for item in aspect.items:
            rows = [
                Row(item.id, text=f"{item.title}（{_points(item.points)} 分）"),
                Row("标准要求", text=item.requirement),
                Row("计分方式", text=describe_rules(item, standard)),
                Row("应有佐证", text=item.evidence_hint or "—"),
            ]
            for key, prop in entry.items():
                if key == "na_reason" and item.not_applicable is None:
                    continue
                f = _field("dossier", ("items", item.id, key), prop, dossier)
                label = f.label
                if key == "self_score":
                    label = f"{label}（满分 {_points(item.points)} 分）"
                rows.append(Row(label, f))
            tables.append(
                TableSpec(
                    "item",
                    f"{item.id} {item.title}",
                    key=item.id,
                    rows=tuple(rows),
                    widths=(30, 126),
                )
            )
    return tables


def _narratives() -> list[TableSpec]:
    tables = []
    for name in NARRATIVE_FILES:
        title = NARRATIVE_TITLES.get(name, name)
        tables.append(
            TableSpec(
                "narrative",
                title,
                key=name,
                rows=(Row(f"{title}（可选，导入后保存为 {name}）"),),
                widths=(TEXT_WIDTH_MM,),
            )
        )
    return tables


def _row_label(f: Field) -> str:
    return f"{f.label}（不公开）" if f.private else f.label
