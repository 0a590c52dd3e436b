"""Branch standardization rolled up to the committee's targets: per zone, level, parent
organization and for the whole committee, the share of branches at 达标 or above against the
year's target in organization.yaml, how many more are needed, which are closest, and the
trajectory across the years of the targets."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from checker.core.organization import Organization
from checker.dossier.results import DossierResult

CLOSEST = 3  # how many of the branches below 达标 are named as closest


@dataclass(frozen=True, slots=True)
class Near:
    branch: str
    name: str
    total: Decimal
    grade: str


@dataclass(slots=True)
class Rollup:
    scope: str  # committee | zone | level | organization
    id: str
    name: str
    branches: int = 0
    compliant: int = 0
    target: Fraction | None = None
    closest: list[Near] = field(default_factory=list)

    @property
    def needed(self) -> int:
        """Branches still to reach 达标 for the target: 还需 N 个支部达标."""
        if self.target is None:
            return 0
        return max(0, math.ceil(self.target * self.branches) - self.compliant)

    def to_dict(self) -> dict:
        return {
            "scope": self.scope,
            "id": self.id,
            "name": self.name,
            "branches": self.branches,
            "compliant": self.compliant,
            "share": round(self.compliant / self.branches, 4) if self.branches else None,
            "target": None if self.target is None else float(self.target),
            "needed": self.needed,
            "closest": [
                {"branch": n.branch, "name": n.name, "total": float(n.total), "grade": n.grade}
                for n in self.closest
            ],
        }


def rollups(results: list[DossierResult], organization: Organization, year: int) -> list[Rollup]:
    """The committee first, then each zone, level and parent organization (in the order of
    organization.yaml) that has branches this year."""
    target = organization.targets.get(year)
    share = None if target is None else Fraction(str(target))
    scopes: list[tuple[str, str, str]] = [("committee", "", organization.committee)]
    scopes += [("zone", z, n) for z, n in organization.zones.items()]
    scopes += [("level", v, n) for v, n in organization.levels.items()]
    scopes += [
        ("organization", o, r.get("name", "")) for o, r in organization.organizations.items()
    ]
    found = []
    for scope, key, name in scopes:
        mine = [r for r in results if scope == "committee" or r.placement.get(scope) == key]
        if not mine:
            continue
        rollup = Rollup(scope, key, name, len(mine), sum(r.compliant for r in mine), share)
        below = sorted(
            (r for r in mine if not r.compliant and r.scored and not r.vetoed),
            key=lambda r: (-r.total, r.branch),
        )
        rollup.closest = [Near(r.branch, r.name, r.total, r.grade) for r in below[:CLOSEST]]
        found.append(rollup)
    return found


def trajectory(by_year: dict[int, list[DossierResult]], organization: Organization) -> list[dict]:
    """Each year with a target or results: the target and the share actually reached."""
    years = sorted(set(organization.targets) | set(by_year))
    rows = []
    for year in years:
        results = by_year.get(year, [])
        actual = sum(r.compliant for r in results) / len(results) if results else None
        rows.append(
            {
                "year": year,
                "target": organization.targets.get(year),
                "branches": len(results),
                "compliant": sum(r.compliant for r in results),
                "share": None if actual is None else round(actual, 4),
            }
        )
    return rows
