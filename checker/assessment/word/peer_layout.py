"""The 互评 summary sheet's fixed parts: which organizations rate (rows) and which are rated
(columns) for a zone, the marker on the cover and in the document properties, and a digest
of what the sheet's rows and columns depend on, so a sheet made before organization.yaml
or the scheme changed is refused rather than read into the wrong cells."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.assessment.scheme import Scheme
from checker.core.organization import Organization
from checker.core.word.marker import shape_digest

FORM_VERSION = "1"
MARKER_PREFIX = "checker-peer-sheet/"
ALL_ZONES = "all"
MARKER = re.compile(
    r"checker-peer-sheet/(?P<form>[0-9]+);scheme=(?P<id>[^;\s]+);version=(?P<version>[^;\s]+);"
    r"zone=(?P<zone>[A-Za-z0-9-]+);year=(?P<year>[0-9]{4});layout=(?P<layout>[0-9a-f]{12})"
)
# Rated organizations per matrix table: ten score columns fit an A4 page upright.
COLUMNS_PER_TABLE = 10
SLIP_HEADER = ("编号", "被评党组织", "分数")
RATER_HEADER = "评分党组织"
SELF_CELL = "—"


@dataclass(frozen=True, slots=True)
class PeerSheet:
    """Who rates whom on one zone's sheet: every organization rates each of the zone's."""

    zone: str  # a zone id, or ALL_ZONES
    zone_name: str
    raters: tuple[str, ...]
    ratees: tuple[str, ...]
    names: dict[str, str]

    def blocks(self) -> list[tuple[str, ...]]:
        """The rated organizations split into the matrix tables, in order."""
        step = COLUMNS_PER_TABLE
        return [self.ratees[i : i + step] for i in range(0, len(self.ratees), step)]

    def number(self, ratee: str) -> int:
        return self.ratees.index(ratee) + 1


def peer_sheet(organization: Organization, zone: str | None) -> PeerSheet:
    """The sheet of ``zone`` (every organization when None); KeyError for an unknown zone."""
    orgs = organization.organizations
    names = {org: str(record.get("name") or org) for org, record in orgs.items()}
    if zone is None:
        return PeerSheet(ALL_ZONES, "", tuple(orgs), tuple(orgs), names)
    if zone not in organization.zones:
        raise KeyError(zone)
    ratees = tuple(org for org, record in orgs.items() if record.get("zone") == zone)
    return PeerSheet(zone, organization.zones[zone], tuple(orgs), ratees, names)


def header_text(sheet: PeerSheet, ratee: str) -> str:
    return f"{sheet.number(ratee)}\n{ratee}"


def digest(scheme: Scheme, sheet: PeerSheet) -> str:
    shape = {
        "raters": sheet.raters,
        "ratees": sheet.ratees,
        "range": [str(scheme.rating_min), str(scheme.rating_max)],
        "columns": COLUMNS_PER_TABLE,
    }
    return shape_digest(shape)


def marker(scheme: Scheme, sheet: PeerSheet, year: int) -> str:
    return (
        f"{MARKER_PREFIX}{FORM_VERSION};scheme={scheme.id};version={scheme.version};"
        f"zone={sheet.zone};year={year};layout={digest(scheme, sheet)}"
    )
