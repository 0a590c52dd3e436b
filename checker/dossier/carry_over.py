"""What a branch's dossier carries from one year to the next: the roster, the committee and
the party groups stay; the year's own records and numbers start empty. Shared by
`checker new --from` and the Word form pre-filled from last year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

# A member's numbers and grades for one year; the rest of the record stays with the member.
YEARLY_MEMBER_FIELDS = ("training_hours", "dues_months", "appraisal")
# Sections that describe one year only.
YEARLY_SECTIONS = ("activities", "items", "funds", "discipline")
# The committee's approval is a file in last year's evidence folder, not this year's.
_YEARLY_COMMITTEE_FIELDS = ("approval",)
PROBATIONARY = "预备党员"


@dataclass(frozen=True, slots=True)
class ProbationDue:
    """A probationary member whose year of probation ends (or ended) by the new year's end."""

    member: str
    ends_on: date | None  # None: no joining date, so the end cannot be told


def carried(dossier: dict[str, Any], year: int) -> dict[str, Any]:
    """``dossier`` (last year's, as loaded) as the start of ``year``'s."""
    result = {k: v for k, v in dossier.items() if k not in YEARLY_SECTIONS}
    result["year"] = year
    members = dossier.get("members")
    if isinstance(members, list):
        result["members"] = [_member(m) for m in members]
    committee = dossier.get("committee")
    if isinstance(committee, dict):
        result["committee"] = {
            k: v for k, v in committee.items() if k not in _YEARLY_COMMITTEE_FIELDS
        }
    return result


def _member(member: Any) -> Any:
    if not isinstance(member, dict):
        return member
    return {k: v for k, v in member.items() if k not in YEARLY_MEMBER_FIELDS}


def probation_due(members: Any, year: int, probation_years: int) -> list[ProbationDue]:
    """Probationary members whose probation, counted from ``joined_on``, is over by the end
    of ``year``: the secretary must record the branch meeting's decision on each."""
    due: list[ProbationDue] = []
    for member in members if isinstance(members, list) else []:
        if not isinstance(member, dict) or member.get("status") != PROBATIONARY:
            continue
        joined = _date(member.get("joined_on"))
        ends = _add_years(joined, probation_years) if joined is not None else None
        if ends is None or ends.year <= year:
            due.append(ProbationDue(str(member.get("id", "")), ends))
    return due


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value is not None else None
    except ValueError:
        return None


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
