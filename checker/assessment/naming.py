"""The 七一 naming list: which branches the committee names for a year, from the branches'
dossier results of that year and the year before — those of the standard's top grade, those
newly at the compliant grade or above, those that kept it and those that lost it.

Grade names come from the standard (its first grade is the top one, its `compliant_from`
the floor); nothing here names a grade itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from checker.assessment.rollup import Rollup, rollups
from checker.core.organization import Organization
from checker.dossier.engine import Engine, run
from checker.dossier.layout import discover
from checker.dossier.results import DossierResult


@dataclass(frozen=True, slots=True)
class Named:
    branch: str
    name: str
    organization: str  # the parent organization's id
    organization_name: str


@dataclass(slots=True)
class Naming:
    year: int
    committee: str
    top: str  # the standard's top grade (示范)
    floor: str  # the lowest compliant grade (达标)
    committee_rollup: Rollup | None  # the year's compliance against the target
    top_grade: list[Named] = field(default_factory=list)
    new: list[Named] = field(default_factory=list)  # compliant this year, not the year before
    kept: list[Named] = field(default_factory=list)  # compliant both years
    lost: list[Named] = field(default_factory=list)  # compliant the year before, not this year
    private: set[str] = field(default_factory=set)  # roster values, kept out of the decision

    def lists(self) -> list[tuple[str, list[Named]]]:
        """(key, branches) of the four lists, in the order of the decision."""
        return [("top", self.top_grade), ("new", self.new), ("kept", self.kept),
                ("lost", self.lost)]  # fmt: skip


def naming_lists(
    current: list[DossierResult],
    previous: list[DossierResult],
    organization: Organization,
    top: str,
) -> tuple[list[Named], list[Named], list[Named], list[Named]]:
    """(top grade, new, kept, lost), each ordered by parent organization as organization.yaml
    lists them, then by branch code. A branch without a dossier the year before counts as not
    compliant then."""
    before = {r.branch for r in previous if r.compliant}
    now = {r.branch: r for r in current}
    order = {org_id: index for index, org_id in enumerate(organization.organizations)}

    def named(results) -> list[Named]:
        rows = [
            Named(r.branch, r.name, r.placement.get("organization", ""),
                  r.placement.get("organization_name", ""))
            for r in results
        ]  # fmt: skip
        return sorted(rows, key=lambda n: (order.get(n.organization, len(order)), n.branch))

    compliant = [r for r in current if r.compliant]
    lost = [
        r for r in previous if r.compliant and not (r.branch in now and now[r.branch].compliant)
    ]
    # A branch that lost it and has no dossier this year: named from last year's result.
    return (
        named(r for r in compliant if r.grade == top),
        named(r for r in compliant if r.branch not in before),
        named(r for r in compliant if r.branch in before),
        named(now.get(r.branch, r) for r in lost),
    )


def name_year(engine: Engine, root: Path, organization: Organization, year: int,
              jobs: int = 1) -> Naming:  # fmt: skip
    """The naming of ``year`` for the content under ``root``: checks the dossiers of the year
    and the year before."""
    refs = [r for r in discover([root])[0] if r.year_dir.name in (str(year), str(year - 1))]
    by_year: dict[int, list[DossierResult]] = {year: [], year - 1: []}
    private: set[str] = set()
    for result in run(engine, refs, jobs):
        if result.year in by_year:
            by_year[result.year].append(result)
            private.update(result.private)
    standard = engine.standard
    top = standard.grades[0].name
    found = rollups(by_year[year], organization, year)
    naming = Naming(year, organization.committee, top, standard.compliant_from,
                    found[0] if found else None)  # fmt: skip
    naming.private = private
    naming.top_grade, naming.new, naming.kept, naming.lost = naming_lists(
        by_year[year], by_year[year - 1], organization, top
    )
    return naming
