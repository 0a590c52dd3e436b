"""The members a ledger refers to: the dossier roster of the same branch-year, and the
months of the year each member belonged to the branch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from checker.core.findings import Finding
from checker.core.paths import display
from checker.core.yamlload import load_yaml
from checker.points.layout import LedgerRef

ALL_MONTHS = frozenset(range(1, 13))


@dataclass(frozen=True, slots=True)
class Member:
    id: str
    status: str
    months: frozenset[int]  # the months of the year the member belonged to the branch
    appraisal: str = ""  # the roster's 民主评议等次, which the ledger's grading should match


def load_roster(ref: LedgerRef, max_bytes: int) -> tuple[dict[str, Member], list[Finding]]:
    """Members by id. The dossier's own checks report a broken roster; here only that the
    ledger has none to refer to (J021)."""
    file = display(ref.dossier.dossier)
    loaded = load_yaml(ref.dossier.dossier, file, max_bytes)
    data = loaded.data if isinstance(loaded.data, dict) else {}
    members = data.get("members")
    if not isinstance(members, list) or not members:
        message = "积分台账要按党员名册计分，但本年度台账中没有可用的党员名册（members）"
        return {}, [Finding("J021", message, file, 1, 1, "/members")]
    roster: dict[str, Member] = {}
    for record in members:
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            roster[record["id"]] = Member(
                record["id"],
                str(record.get("status", "")),
                _months(record, ref.year),
                str(record.get("appraisal") or ""),
            )
    return roster, []


def _months(record: dict[str, Any], year: int | None) -> frozenset[int]:
    if year is None:
        return ALL_MONTHS
    first, last = 1, 12
    for key in ("joined_on", "transferred_in_on"):
        day = _date(record.get(key))
        if day is not None and day.year == year:
            first = max(first, day.month)
        elif day is not None and day.year > year:
            return frozenset()
    left = _date(record.get("left_on"))
    if left is not None:
        if left.year < year:
            return frozenset()
        if left.year == year:
            last = left.month
    return frozenset(range(first, last + 1))


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value is not None else None
    except ValueError:
        return None
