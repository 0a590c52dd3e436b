"""What the points engine gives: per member, per month and per year, with where each number
comes from (declared, reviewed, evaluated) and a reason for every point not counted."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from checker.core.findings import Finding

RESULT_FORMAT = 1
CENT = Decimal("0.01")


def number(value: Decimal) -> int | float:
    """A JSON number: whole numbers without a fraction, others to two places."""
    rounded = value.quantize(CENT, rounding=ROUND_HALF_UP)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


@dataclass(slots=True)
class Lost:
    """Points that were declared (or would be due) but are not counted, and why."""

    code: str
    message: str
    points: Decimal
    month: int | None = None

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "message": self.message,
            "points": number(self.points),
            "month": self.month,
        }


@dataclass(slots=True)
class MonthPoints:
    month: int
    declared: Decimal = Decimal(0)  # what members declared
    reviewed: Decimal = Decimal(0)  # what the branch approved
    counted: Decimal = Decimal(0)  # what counts after the monthly and yearly caps

    def to_dict(self) -> dict:
        return {
            "month": self.month,
            "declared": number(self.declared),
            "reviewed": number(self.reviewed),
            "counted": number(self.counted),
        }


@dataclass(slots=True)
class PartPoints:
    """One term of the total; ``sign`` is -1 for deductions and for the total's cap."""

    part: str
    name: str
    source: str  # declarations | evaluations | total
    points: Decimal
    sign: int = 1

    def to_dict(self) -> dict:
        return {
            "part": self.part,
            "name": self.name,
            "source": self.source,
            "points": number(self.points),
            "sign": self.sign,
        }


@dataclass(slots=True)
class MemberYear:
    member: str
    months_in_branch: int
    parts: list[PartPoints] = field(default_factory=list)
    months: list[MonthPoints] = field(default_factory=list)
    quarters: dict[int, Decimal | None] = field(default_factory=dict)  # evaluation, of 100
    lost: list[Lost] = field(default_factory=list)
    total: Decimal = Decimal(0)
    vetoed: bool = False
    grade: str = ""  # what the points give
    decided: str | None = None  # what the branch meeting decided
    not_graded: str | None = None  # the category, for members not graded
    # The category the roster's status alone puts the member in (预备党员): not graded
    # even before the year's grading says so.
    excused: str | None = None

    def to_dict(self) -> dict:
        return {
            "member": self.member,
            "months_in_branch": self.months_in_branch,
            "parts": [p.to_dict() for p in self.parts],
            "total": number(self.total),
            "vetoed": self.vetoed,
            "grade": self.grade,
            "decided": self.decided,
            "not_graded": self.not_graded,
            "excused": self.excused,
            "quarters": {
                str(q): (None if v is None else number(v)) for q, v in self.quarters.items()
            },
            "months": [m.to_dict() for m in self.months],
            "lost": [x.to_dict() for x in self.lost],
        }


@dataclass(frozen=True, slots=True)
class MonthFiled:
    """A month file of the ledger: how many declarations it holds and when it was reviewed."""

    month: int
    declarations: int
    reviewed_on: date | None

    def to_dict(self) -> dict:
        reviewed = self.reviewed_on.isoformat() if self.reviewed_on else None
        return {"month": self.month, "declarations": self.declarations, "reviewed_on": reviewed}


@dataclass(slots=True)
class LedgerResult:
    branch: str
    year: int | None
    file: str  # the points folder, as shown to people
    standard: tuple[str, str]
    members: list[MemberYear] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    computed: bool = True  # False when an error makes the numbers meaningless
    reference: date | None = None  # the day the ledger is judged at
    months: list[MonthFiled] = field(default_factory=list)  # the month files, by month

    @property
    def errors(self) -> int:
        return sum(f.is_error for f in self.findings)

    def to_dict(self) -> dict:
        return {
            "branch": self.branch,
            "year": self.year,
            "folder": self.file,
            "standard": {"id": self.standard[0], "version": self.standard[1]},
            "computed": self.computed,
            "judged_on": self.reference.isoformat() if self.reference else None,
            "months": [m.to_dict() for m in self.months],
            "members": [m.to_dict() for m in self.members],
            "findings": [f.to_dict() for f in sorted(self.findings, key=Finding.sort_key)],
        }
