"""Member by member, what a change did to a points ledger: the year's total and grade, and
the months whose counted points moved. Members by id only: CI output is read by many."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from checker.points.results import LedgerResult, MemberYear, number


@dataclass(frozen=True, slots=True)
class MemberDelta:
    member: str
    base: MemberYear | None  # None: not in the ledger at the base
    current: MemberYear | None  # None: no longer in it
    months: tuple[tuple[int, Decimal], ...]  # (month, change of the counted points)

    def to_dict(self) -> dict:
        def side(year: MemberYear | None) -> dict | None:
            if year is None:
                return None
            return {"total": number(year.total), "grade": year.grade, "decided": year.decided}

        return {
            "member": self.member,
            "base": side(self.base),
            "current": side(self.current),
            "months": [{"month": m, "change": number(c)} for m, c in self.months],
        }


def member_deltas(base: LedgerResult | None, current: LedgerResult | None) -> list[MemberDelta]:
    """Members whose total, grade, decided grade or monthly points differ, by member id."""
    before = {m.member: m for m in base.members} if base else {}
    now = {m.member: m for m in current.members} if current else {}
    deltas = []
    for member in sorted(before.keys() | now.keys()):
        old, new = before.get(member), now.get(member)
        months = _months(old, new)
        same = (
            old is not None
            and new is not None
            and (old.total, old.grade, old.decided) == (new.total, new.grade, new.decided)
        )
        if same and not months:
            continue
        deltas.append(MemberDelta(member, old, new, months))
    return deltas


def _months(old: MemberYear | None, new: MemberYear | None) -> tuple[tuple[int, Decimal], ...]:
    counted_old = {m.month: m.counted for m in old.months} if old else {}
    counted_new = {m.month: m.counted for m in new.months} if new else {}
    changes = []
    for month in sorted(counted_old.keys() | counted_new.keys()):
        change = counted_new.get(month, Decimal(0)) - counted_old.get(month, Decimal(0))
        if change:
            changes.append((month, change))
    return tuple(changes)
