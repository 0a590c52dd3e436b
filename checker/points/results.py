"""What the points engine gives: per member, per month and per year, with where each number
comes from (declared, reviewed, evaluated) and a reason for every point not counted.

``to_dict`` is the JSON output, numbers to two places; ``to_payload`` is the same with every
number exact, for the cache and worker processes, so a result read back prints the same
as the one computed. ``from_dict`` reads either.
"""

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


def _out(value: Decimal, exact: bool) -> int | float | str:
    return str(value) if exact else number(value)


def _decimal(value: object) -> Decimal:
    """A number as ``to_dict`` or ``to_payload`` wrote it (int, float or exact string)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"not a number: {value!r}")
    return Decimal(str(value))


@dataclass(slots=True)
class Lost:
    """Points that were declared (or would be due) but are not counted, and why."""

    code: str
    message: str
    points: Decimal
    month: int | None = None

    def to_dict(self, exact: bool = False) -> dict:
        return {
            "code": self.code,
            "message": self.message,
            "points": _out(self.points, exact),
            "month": self.month,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Lost:
        return cls(data["code"], data["message"], _decimal(data["points"]), data["month"])


@dataclass(slots=True)
class MonthPoints:
    month: int
    declared: Decimal = Decimal(0)  # what members declared
    reviewed: Decimal = Decimal(0)  # what the branch approved
    counted: Decimal = Decimal(0)  # what counts after the monthly and yearly caps

    def to_dict(self, exact: bool = False) -> dict:
        return {
            "month": self.month,
            "declared": _out(self.declared, exact),
            "reviewed": _out(self.reviewed, exact),
            "counted": _out(self.counted, exact),
        }

    @classmethod
    def from_dict(cls, data: dict) -> MonthPoints:
        return cls(
            data["month"],
            _decimal(data["declared"]),
            _decimal(data["reviewed"]),
            _decimal(data["counted"]),
        )


@dataclass(slots=True)
class PartPoints:
    """One term of the total; ``sign`` is -1 for deductions and for the total's cap."""

    part: str
    name: str
    source: str  # declarations | evaluations | total
    points: Decimal
    sign: int = 1

    def to_dict(self, exact: bool = False) -> dict:
        return {
            "part": self.part,
            "name": self.name,
            "source": self.source,
            "points": _out(self.points, exact),
            "sign": self.sign,
        }

    @classmethod
    def from_dict(cls, data: dict) -> PartPoints:
        return cls(
            data["part"], data["name"], data["source"], _decimal(data["points"]), data["sign"]
        )


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

    def to_dict(self, exact: bool = False) -> dict:
        return {
            "member": self.member,
            "months_in_branch": self.months_in_branch,
            "parts": [p.to_dict(exact) for p in self.parts],
            "total": _out(self.total, exact),
            "vetoed": self.vetoed,
            "grade": self.grade,
            "decided": self.decided,
            "not_graded": self.not_graded,
            "excused": self.excused,
            "quarters": {
                str(q): (None if v is None else _out(v, exact)) for q, v in self.quarters.items()
            },
            "months": [m.to_dict(exact) for m in self.months],
            "lost": [x.to_dict(exact) for x in self.lost],
        }

    @classmethod
    def from_dict(cls, data: dict) -> MemberYear:
        return cls(
            member=data["member"],
            months_in_branch=data["months_in_branch"],
            parts=[PartPoints.from_dict(p) for p in data["parts"]],
            months=[MonthPoints.from_dict(m) for m in data["months"]],
            quarters={
                int(q): (None if v is None else _decimal(v)) for q, v in data["quarters"].items()
            },
            lost=[Lost.from_dict(x) for x in data["lost"]],
            total=_decimal(data["total"]),
            vetoed=data["vetoed"],
            grade=data["grade"],
            decided=data["decided"],
            not_graded=data["not_graded"],
            excused=data["excused"],
        )


@dataclass(frozen=True, slots=True)
class MonthFiled:
    """A month file of the ledger: how many declarations it holds and when it was reviewed."""

    month: int
    declarations: int
    reviewed_on: date | None

    def to_dict(self) -> dict:
        reviewed = self.reviewed_on.isoformat() if self.reviewed_on else None
        return {"month": self.month, "declarations": self.declarations, "reviewed_on": reviewed}

    @classmethod
    def from_dict(cls, data: dict) -> MonthFiled:
        reviewed = data["reviewed_on"]
        return cls(
            data["month"], data["declarations"], date.fromisoformat(reviewed) if reviewed else None
        )


@dataclass(slots=True)
class LedgerResult:
    branch: str
    year: int | None
    file: str  # the points folder, as shown to people
    standard: tuple[str, str]
    members: list[MemberYear] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    computed: bool = True  # False when an error makes the numbers meaningless
    grades: tuple[str, ...] = ()  # the standard's grades, best first, for listings
    reference: date | None = None  # the day the ledger is judged at
    months: list[MonthFiled] = field(default_factory=list)  # the month files, by month

    @property
    def errors(self) -> int:
        return sum(f.is_error for f in self.findings)

    def to_dict(self, exact: bool = False) -> dict:
        return {
            "branch": self.branch,
            "year": self.year,
            "folder": self.file,
            "standard": {"id": self.standard[0], "version": self.standard[1]},
            "computed": self.computed,
            "grades": list(self.grades),
            "judged_on": self.reference.isoformat() if self.reference else None,
            "months": [m.to_dict() for m in self.months],
            "members": [m.to_dict(exact) for m in self.members],
            # The output sorts them; a payload keeps the order the text report lists them in.
            "findings": [
                f.to_dict()
                for f in (self.findings if exact else sorted(self.findings, key=Finding.sort_key))
            ],
        }

    def to_payload(self) -> dict:
        """The result with exact numbers, for the cache and worker processes."""
        return self.to_dict(exact=True)

    @classmethod
    def from_dict(cls, data: dict) -> LedgerResult:
        """The inverse of ``to_payload`` (and of ``to_dict``, to two places)."""
        return cls(
            branch=data["branch"],
            year=data["year"],
            file=data["folder"],
            standard=(data["standard"]["id"], data["standard"]["version"]),
            members=[MemberYear.from_dict(m) for m in data["members"]],
            findings=[Finding.from_dict(f) for f in data["findings"]],
            computed=data["computed"],
            grades=tuple(data["grades"]),
            reference=date.fromisoformat(data["judged_on"]) if data["judged_on"] else None,
            months=[MonthFiled.from_dict(m) for m in data["months"]],
        )
