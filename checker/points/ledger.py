"""Reading a branch-year's points ledger: every file with the safe loader, checked against
its schema, each record kept only where its shape is sound, every finding placed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from checker.core.findings import Finding, pointer
from checker.core.paths import display
from checker.core.schema import SchemaSet
from checker.core.yamlload import Loaded, load_yaml
from checker.points.layout import LedgerFile, LedgerRef, ledger_files

_KINDS = {"month": "points_month", "quarter": "points_quarter", "grading": "points_grading"}


@dataclass(slots=True)
class Record:
    """One record of a ledger file, with where it stands."""

    data: dict[str, Any]
    file: str
    parts: tuple
    loaded: Loaded

    def finding(self, code: str, message: str, *key: str) -> Finding:
        parts = (*self.parts, *key)
        line, column = self.loaded.locate(parts)
        return Finding(code, message, self.file, line, column, pointer(parts))


@dataclass(slots=True)
class Month:
    number: int
    file: str
    data: dict[str, Any]
    declarations: list[Record]
    loaded: Loaded

    def finding(self, code: str, message: str, *key: str) -> Finding:
        line, column = self.loaded.locate(key)
        return Finding(code, message, self.file, line, column, pointer(key))


@dataclass(slots=True)
class Quarter:
    number: int
    file: str
    data: dict[str, Any]
    tallies: list[Record]
    loaded: Loaded


@dataclass(slots=True)
class Grading:
    file: str
    data: dict[str, Any]
    grades: list[Record]
    not_graded: list[Record]
    loaded: Loaded


@dataclass(slots=True)
class Ledger:
    ref: LedgerRef
    months: dict[int, Month] = field(default_factory=dict)
    quarters: dict[int, Quarter] = field(default_factory=dict)
    grading: Grading | None = None
    findings: list[Finding] = field(default_factory=list)


def load_ledger(ref: LedgerRef, schemas: SchemaSet, max_bytes: int) -> Ledger:
    ledger = Ledger(ref)
    for entry in ledger_files(ref):
        file = display(entry.path)
        if entry.kind == "link":
            message = f"“{entry.path.name}”是链接，不读取：积分台账的文件要直接放在 points/ 中"
            ledger.findings.append(Finding("J017", message, file, 0, 0))
            continue
        if entry.kind == "unknown":
            message = (
                f"积分目录中的“{entry.path.name}”不是积分台账的文件："
                "月度申报为 年度-月.yaml，季度评议为 年度-Q季度.yaml，年度定级为 grading.yaml"
            )
            ledger.findings.append(Finding("J017", message, file, 0, 0))
            continue
        if entry.year is not None and entry.year != ref.year:
            message = f"“{entry.path.name}”不属于 {ref.year} 年度，应放在 {entry.year} 年度的目录中"
            ledger.findings.append(Finding("J016", message, file, 1, 1))
            continue
        loaded = load_yaml(entry.path, file, max_bytes)
        ledger.findings.extend(loaded.findings)
        if not isinstance(loaded.data, dict):
            continue
        check = schemas.check(_KINDS[entry.kind], loaded)
        ledger.findings.extend(check.findings)
        _place(ledger, entry, file, loaded, check.sound)
    return ledger


def _records(loaded: Loaded, file: str, key: str, sound) -> list[Record]:
    values = loaded.data.get(key)
    if not isinstance(values, list) or not sound(key):
        return []
    return [
        Record(value, file, (key, index), loaded)
        for index, value in enumerate(values)
        if isinstance(value, dict) and sound(key, index)
    ]


def _place(ledger: Ledger, entry: LedgerFile, file: str, loaded: Loaded, sound) -> None:
    data = loaded.data
    if entry.kind == "month":
        expected = f"{entry.year}-{entry.number:02d}"
        if sound("month") and data.get("month") != expected:
            _mismatch(ledger, loaded, file, "month", data.get("month"), expected)
            return
        records = _records(loaded, file, "declarations", sound)
        ledger.months[entry.number] = Month(entry.number, file, data, records, loaded)
    elif entry.kind == "quarter":
        expected = f"{entry.year}-Q{entry.number}"
        if sound("quarter") and data.get("quarter") != expected:
            _mismatch(ledger, loaded, file, "quarter", data.get("quarter"), expected)
            return
        records = _records(loaded, file, "tallies", sound)
        ledger.quarters[entry.number] = Quarter(entry.number, file, data, records, loaded)
    else:
        if sound("year") and data.get("year") != ledger.ref.year:
            _mismatch(ledger, loaded, file, "year", data.get("year"), ledger.ref.year)
            return
        ledger.grading = Grading(
            file,
            data,
            _records(loaded, file, "grades", sound),
            _records(loaded, file, "not_graded", sound),
            loaded,
        )


def _mismatch(ledger: Ledger, loaded: Loaded, file: str, key: str, found: Any, expected: Any):
    line, column = loaded.locate([key])
    message = f"{key} 写的是“{found}”，与文件所在的位置（{expected}）不一致"
    ledger.findings.append(Finding("J016", message, file, line, column, pointer([key])))


def day(value: Any) -> date | None:
    """An ISO date from the ledger (the schema has checked its shape), or None."""
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None
