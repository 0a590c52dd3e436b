"""What the assessment gives: per organization each component's score, weight and weighted
points, bonus and deduction, the total, its ranks, and why any point was not given."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from checker.core.findings import Finding
from checker.core.ranking import Place

CENT = Decimal("0.01")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def number(value: Decimal) -> int | float:
    rounded = cents(value)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


@dataclass(slots=True)
class ComponentScore:
    id: str
    name: str
    weight: Decimal
    score: Decimal  # of 100
    missing: bool = False  # no input: counted as the scheme says

    @property
    def weighted(self) -> Decimal:
        return cents(self.score * self.weight)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "weight": number(self.weight),
            "score": number(self.score),
            "weighted": number(self.weighted),
            "missing": self.missing,
        }


@dataclass(slots=True)
class OrganizationResult:
    organization: str
    name: str
    zone: str
    level: str
    components: list[ComponentScore] = field(default_factory=list)
    bonus: Decimal = Decimal(0)
    deduction: Decimal = Decimal(0)
    reasons: list[str] = field(default_factory=list)  # every point not given, in words
    ranks: dict[str, Place] = field(default_factory=dict)  # overall | zone | level

    @property
    def total(self) -> Decimal:
        weighted = sum((c.weighted for c in self.components), Decimal(0))
        return cents(weighted + self.bonus - self.deduction)

    def to_dict(self) -> dict:
        return {
            "organization": self.organization,
            "name": self.name,
            "zone": self.zone,
            "level": self.level,
            "components": [c.to_dict() for c in self.components],
            "bonus": number(self.bonus),
            "deduction": number(self.deduction),
            "total": number(self.total),
            "ranks": {
                k: {"rank": p.rank, "of": p.of, "tied": p.tied} for k, p in self.ranks.items()
            },
            "reasons": list(self.reasons),
        }


@dataclass(slots=True)
class Assessment:
    year: int
    scheme: tuple[str, str]
    organizations: list[OrganizationResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    rollups: list = field(default_factory=list)  # rollup.Rollup: branches against the targets
    trajectory: list[dict] = field(default_factory=list)  # year, target, share reached
    scheme_title: str = ""  # for the bulletin's lead; not in the JSON

    @property
    def errors(self) -> int:
        return sum(f.is_error for f in self.findings)

    def to_dict(self) -> dict:
        return {
            "year": self.year,
            "scheme": {"id": self.scheme[0], "version": self.scheme[1]},
            "organizations": [o.to_dict() for o in self.organizations],
            "rollups": [r.to_dict() for r in self.rollups],
            "trajectory": self.trajectory,
            "findings": [f.to_dict() for f in sorted(self.findings, key=Finding.sort_key)],
        }
