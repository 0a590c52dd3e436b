"""Figures across branches, computed once per year from the engine's results.

Every page reads these objects: the home page's shares, the ranking page's places and the
branch page's places are the same numbers, not recomputed per page. Totals, grades and
compliance themselves are the engine's (``ResultBrief.total``, ``.grade``, ``.compliant``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from typing import TypeVar

from checker.core.ranking import Place, rank
from checker.dossier.site.brief import ResultBrief
from checker.dossier.site.collect import SiteData
from checker.dossier.standard import Aspect, Standard
from checker.dossier.standing import rank_results

V = TypeVar("V")

UNPLACED = ""  # the zone or level of a branch whose parent organization is unknown


@dataclass(frozen=True, slots=True)
class Share:
    compliant: int
    total: int
    target: float | None = None

    @property
    def value(self) -> float:
        return self.compliant / self.total if self.total else 0.0

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.value + 1e-9 >= self.target


@dataclass(slots=True)
class Ranks:
    overall: Place
    zone: Place
    level: Place


@dataclass(slots=True)
class ItemStat:
    id: str
    title: str
    aspect: str
    max: Decimal
    scored: int = 0  # branches scored on this item
    lost: int = 0  # branches that lost points on it
    lost_points: Decimal = Decimal(0)
    score_sum: Decimal = Decimal(0)
    codes: dict[str, int] = field(default_factory=dict)  # finding code -> branches
    self_lost: int = 0  # losses the branch itself claimed (self-score below full), no finding
    lost_by_zone: dict[str, int] = field(default_factory=dict)

    @property
    def lost_share(self) -> float:
        return self.lost / self.scored if self.scored else 0.0

    @property
    def mean_lost(self) -> Decimal:
        return self.lost_points / self.scored if self.scored else Decimal(0)

    @property
    def mean_score(self) -> Decimal:
        return self.score_sum / self.scored if self.scored else Decimal(0)


@dataclass(slots=True)
class YearSummary:
    year: int
    target: float | None
    results: dict[str, ResultBrief]  # branch code -> result
    overall: Share
    by_zone: dict[str, Share]
    by_level: dict[str, Share]
    grades: dict[str, int]  # grade name -> branches, in the standard's order
    mean_total: Decimal
    ranks: dict[str, Ranks]
    order: list[str]  # branch codes, best first (ties by code)
    items: dict[str, ItemStat]
    zone_counts: dict[str, int]


@dataclass(slots=True)
class Change:
    """From one year to the next, over the branches scored in both."""

    year: int
    previous: int
    share_delta: float
    mean_delta: Decimal
    zone_delta: dict[str, float]
    level_delta: dict[str, float]
    up: list[str]  # branch codes whose grade rose
    down: list[str]
    same: int
    new_top: list[str]  # reached the top grade this year
    newly_compliant: list[str]
    item_delta: list[tuple[str, Decimal]]  # item id, mean score change, largest moves first


@dataclass(slots=True)
class Summary:
    years: dict[int, YearSummary]
    changes: dict[int, Change]  # keyed by the later year

    @property
    def latest(self) -> YearSummary:
        return self.years[max(self.years)]


def summarize(data: SiteData) -> Summary:
    years = {year: _year(data, year) for year in data.years}
    changes = {}
    ordered = sorted(years)
    for previous, year in pairwise(ordered):
        changes[year] = _change(data.standard, years[previous], years[year])
    return Summary(years, changes)


def _share(results: Iterable[ResultBrief], target: float | None) -> Share:
    results = list(results)
    return Share(sum(r.compliant for r in results), len(results), target)


def _year(data: SiteData, year: int) -> YearSummary:
    standard = data.standard
    target = data.organization.targets.get(year)
    results = {b.code: b.years[year].brief for b in data.branches if year in b.years}
    placement = {b.code: b.placement for b in data.branches}

    def group(key: str) -> dict[str, list[ResultBrief]]:
        groups: dict[str, list[ResultBrief]] = {}
        for code, result in results.items():
            groups.setdefault(placement[code].get(key, UNPLACED), []).append(result)
        return groups

    zones, levels = group("zone"), group("level")
    ranked = rank_results(standard, results.values())
    ranks_overall = {r.branch: place for r, place in ranked}
    ranks_zone = {r.branch: p for rs in zones.values() for r, p in rank_results(standard, rs)}
    ranks_level = {r.branch: p for rs in levels.values() for r, p in rank_results(standard, rs)}
    grades = {g.name: 0 for g in standard.grades}
    for result in results.values():
        grades[result.grade] = grades.get(result.grade, 0) + 1
    total = sum((r.total for r in results.values()), Decimal(0))
    return YearSummary(
        year=year,
        target=target,
        results=results,
        overall=_share(results.values(), target),
        by_zone={z: _share(rs, target) for z, rs in sorted(zones.items())},
        by_level={lv: _share(rs, target) for lv, rs in levels.items()},
        grades=grades,
        mean_total=total / len(results) if results else Decimal(0),
        ranks={
            code: Ranks(ranks_overall[code], ranks_zone[code], ranks_level[code])
            for code in results
        },
        order=[r.branch for r, _ in ranked],
        items=_items(standard, results, placement),
        zone_counts={z: len(rs) for z, rs in zones.items()},
    )


def _items(
    standard: Standard, results: dict[str, ResultBrief], placement: dict[str, dict]
) -> dict[str, ItemStat]:
    stats = {
        item.id: ItemStat(item.id, item.title, item.aspect, item.points)
        for item in standard.items.values()
    }
    for code, result in results.items():
        zone = placement[code].get("zone", UNPLACED)
        for item in result.items:
            stat = stats.get(item.id)
            if stat is None:
                continue
            stat.scored += 1
            stat.score_sum += item.score
            if item.score < item.max:
                stat.lost += 1
                stat.lost_points += item.max - item.score
                stat.lost_by_zone[zone] = stat.lost_by_zone.get(zone, 0) + 1
                for finding_code in sorted(item.codes):
                    stat.codes[finding_code] = stat.codes.get(finding_code, 0) + 1
                if not item.codes and item.source == "self":
                    stat.self_lost += 1
    return stats


def _change(standard: Standard, before: YearSummary, after: YearSummary) -> Change:
    both = [code for code in after.results if code in before.results]
    up, down, same, new_top, newly = [], [], 0, [], []
    top = standard.grades[0].name
    for code in both:
        old, new = before.results[code], after.results[code]
        delta = standard.grade_index(old.grade) - standard.grade_index(new.grade)
        if delta > 0:
            up.append(code)
        elif delta < 0:
            down.append(code)
        else:
            same += 1
        if new.grade == top and old.grade != top:
            new_top.append(code)
        if new.compliant and not old.compliant:
            newly.append(code)
    for code in after.results:
        if code not in before.results and after.results[code].grade == top:
            new_top.append(code)
    item_delta = [
        (item_id, stat.mean_score - before.items[item_id].mean_score)
        for item_id, stat in after.items.items()
        if item_id in before.items and stat.scored and before.items[item_id].scored
    ]
    item_delta.sort(key=lambda pair: (-abs(pair[1]), pair[0]))
    return Change(
        year=after.year,
        previous=before.year,
        share_delta=after.overall.value - before.overall.value,
        mean_delta=after.mean_total - before.mean_total,
        zone_delta={
            z: s.value - before.by_zone[z].value
            for z, s in after.by_zone.items()
            if z in before.by_zone
        },
        level_delta={
            lv: s.value - before.by_level[lv].value
            for lv, s in after.by_level.items()
            if lv in before.by_level
        },
        up=sorted(up),
        down=sorted(down),
        same=same,
        new_top=sorted(new_top),
        newly_compliant=sorted(newly),
        item_delta=item_delta,
    )


# ---------------------------------------------------------------------------------------
# Views the pages list: groups, weak items and aspects, ordered once here.


@dataclass(frozen=True, slots=True)
class GroupStanding:
    """A zone or level in the ranking of groups by compliance share."""

    group: str
    share: Share
    place: Place
    members: list[str]  # branch codes, best first
    mean_total: Decimal
    top: int  # branches in the top grade


def item_order(item_id: str) -> str:
    """A sort key for item ids that orders ``A2.10`` after ``A2.9``."""
    parts = re.findall(r"\d+", item_id)
    return ".".join(f"{int(p):03d}" for p in parts) or item_id


def in_order(groups: dict[str, V], order: Iterable[str]) -> list[tuple[str, V]]:
    """``groups`` in the organization's order, then any it does not list, as they come."""
    order = list(order)
    known = [(k, groups[k]) for k in order if k in groups]
    return known + [(k, v) for k, v in groups.items() if k not in order]


def group_standings(
    data: SiteData,
    year: YearSummary,
    key: str,
    order: Iterable[str],
    name: Callable[[str], str],
) -> list[GroupStanding]:
    """The zones (``key="zone"``) or levels of ``year`` by share, best first, ties by name."""
    groups = year.by_zone if key == "zone" else year.by_level
    placement = {b.code: b.placement for b in data.branches}
    members: dict[str, list[str]] = {}
    for code in year.order:
        members.setdefault(placement[code].get(key, UNPLACED), []).append(code)
    top = data.standard.grades[0].name
    ranked = rank(
        in_order(groups, order),
        key=lambda pair: -round(pair[1].value, 9),
        then=lambda pair: name(pair[0]),
    )
    out = []
    for (group, share), place in ranked:
        codes = members.get(group, [])
        total = sum((year.results[c].total for c in codes), Decimal(0))
        tops = sum(1 for c in codes if year.results[c].grade == top)
        out.append(GroupStanding(group, share, place, codes, total / (len(codes) or 1), tops))
    return out


def weakest_items(year: YearSummary) -> list[ItemStat]:
    """The items some branch lost points on: most branches first, then most points lost."""
    return sorted(
        (s for s in year.items.values() if s.lost),
        key=lambda s: (-s.lost, -s.mean_lost, item_order(s.id)),
    )


def weakest_in_zone(year: YearSummary, zone: str, count: int = 5) -> list[ItemStat]:
    """The ``count`` items most branches of ``zone`` lost points on."""
    return sorted(
        (s for s in year.items.values() if s.lost_by_zone.get(zone)),
        key=lambda s: (-s.lost_by_zone[zone], item_order(s.id)),
    )[:count]


def aspect_rates(standard: Standard, year: YearSummary) -> list[tuple[Aspect, float]]:
    """Each aspect of the standard with the share of its points the branches scored."""
    out = []
    for aspect in standard.aspects:
        scored = [s for s in year.items.values() if s.aspect == aspect.id]
        got = sum((s.score_sum for s in scored), Decimal(0))
        possible = sum((s.max * s.scored for s in scored), Decimal(0))
        out.append((aspect, float(got / possible) if possible else 0.0))
    return out
