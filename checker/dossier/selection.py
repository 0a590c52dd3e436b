"""Which results a listing shows: `checker score --year --grade --below --zone --organization`.

The grades and their order are the standard's (highest first); the zones and organizations
are organization.yaml's, named by id or by name. Options of different kinds narrow each
other; the repeats of one option widen it (``--grade 示范 --grade 达标``).

``--below G`` lists what has not reached G: a result whose grade ranks below G, a vetoed one
whose veto grade does, and a dossier that could not be scored (it has no grade, and it has
certainly not reached G). ``--grade`` lists scored results only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from checker.core.organization import Organization
from checker.dossier.results import DossierResult
from checker.dossier.standard import Standard


class SelectionError(ValueError):
    """An option names a grade, zone or organization that does not exist; the message (in
    Chinese) lists the ones that do."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


@dataclass(frozen=True, slots=True)
class Selection:
    year: int | None = None
    grades: frozenset[str] = frozenset()
    below: frozenset[str] | None = None  # the grades that rank below --below's; None: all
    zone: str | None = None  # an id of organization.yaml
    organizations: frozenset[str] = frozenset()  # the given one and those under it

    def admits(self, result: DossierResult) -> bool:
        if self.year is not None and result.year != self.year:
            return False
        if self.grades and not (result.scored and result.grade in self.grades):
            return False
        if self.below is not None and result.scored and result.grade not in self.below:
            return False
        if self.zone is not None and result.placement.get("zone") != self.zone:
            return False
        return not self.organizations or result.placement.get("organization") in self.organizations

    def pick(self, results: Iterable[DossierResult]) -> Iterable[DossierResult]:
        return (r for r in results if self.admits(r))


def select(
    standard: Standard,
    organization: Organization | None,
    *,
    year: int | None = None,
    grades: Iterable[str] = (),
    below: str | None = None,
    zone: str | None = None,
    parent: str | None = None,
) -> Selection:
    """The selection the options ask for; raise SelectionError for a name that is not known."""
    names = [g.name for g in standard.grades]
    for grade in (*grades, *([below] if below is not None else [])):
        if grade not in names:
            option = "--below" if grade == below else "--grade"
            raise SelectionError(option, f"没有“{grade}”这个等次；可选：{'、'.join(names)}")
    return Selection(
        year=year,
        grades=frozenset(grades),
        below=frozenset(names[names.index(below) + 1 :]) if below is not None else None,
        zone=_zone(organization, zone) if zone is not None else None,
        organizations=_under(organization, parent) if parent is not None else frozenset(),
    )


def _known(organization: Organization | None, option: str, what: str) -> Organization:
    if organization is None:
        raise SelectionError(option, f"内容根目录中没有可用的 organization.yaml，不能按{what}筛选")
    return organization


def _zone(organization: Organization | None, given: str) -> str:
    zones = _known(organization, "--zone", "责任区").zones
    for zone_id, name in zones.items():
        if given in (zone_id, name):
            return zone_id
    listed = "、".join(f"{zone_id}（{name}）" for zone_id, name in zones.items())
    raise SelectionError("--zone", f"没有“{given}”这个责任区；可选：{listed}")


def _under(organization: Organization | None, given: str) -> frozenset[str]:
    """The organization named ``given`` and every one whose ``parent`` chain reaches it."""
    records = _known(organization, "--organization", "上级党组织").organizations
    found = next((i for i, r in records.items() if given in (i, r.get("name"))), None)
    if found is None:
        listed = "、".join(f"{i}（{r.get('name', '')}）" for i, r in records.items())
        raise SelectionError("--organization", f"没有“{given}”这个上级党组织；可选：{listed}")
    return frozenset(i for i in records if found in _chain(records, i))


def _chain(records: dict[str, dict], org_id: str) -> list[str]:
    """``org_id`` and its parents, up to the top (a loop in the file stops the walk)."""
    chain: list[str] = []
    while org_id in records and org_id not in chain:
        chain.append(org_id)
        org_id = records[org_id].get("parent", "")
    return chain
