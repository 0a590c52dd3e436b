"""The ledgers of many branches in counts only: per year, for the committee, each zone, each
level and each branch, how many members are in the scheme, how punctually months were
declared and reviewed, the average total and how many members got each grade.

Nothing here names a member. Small groups are protected (``K_MIN``): a row whose graded
members are fewer than five shows no grades and no average, and more rows are held back
where the hidden ones could otherwise be recovered by subtraction from a total.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from checker.core.periods import year_end
from checker.points.declarations import month_end
from checker.points.results import LedgerResult
from checker.points.standard import PointsStandard

K_MIN = 5  # the fewest graded members a row's grades and average total are shown for
NOT_GRADED = "不参加定级"
UNDECIDED = "未定级"  # in the scheme, but the branch meeting has not graded yet
TENTH = Decimal("0.1")


@dataclass(slots=True)
class Tally:
    """The counts of one group of ledgers: a branch, a zone, a level or the committee."""

    ledgers: int = 0
    roster: int = 0  # members on the rosters
    graded: int = 0  # in the scheme: belonged a month or more, in no not-graded category
    months_due: int = 0  # months ended by the judging day
    months_filed: int = 0  # … of which the ledger has a month file
    months_reviewed: int = 0  # month files with a review date
    reviewed_on_time: int = 0  # … after the month ended and within the days allowed
    total_sum: Decimal = Decimal(0)  # of the graded members' totals
    grades: Counter[str] = field(default_factory=Counter)
    shown: bool = True  # False: grades and average withheld (small group)

    def add(self, other: Tally) -> None:
        for name in ("ledgers", "roster", "graded", "months_due", "months_filed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.months_reviewed += other.months_reviewed
        self.reviewed_on_time += other.reviewed_on_time
        self.total_sum += other.total_sum
        self.grades.update(other.grades)

    @property
    def scheme_share(self) -> float | None:
        return self.graded / self.roster if self.roster else None

    @property
    def filed_share(self) -> float | None:
        return self.months_filed / self.months_due if self.months_due else None

    @property
    def on_time_share(self) -> float | None:
        return self.reviewed_on_time / self.months_reviewed if self.months_reviewed else None

    @property
    def average(self) -> Decimal | None:
        """The graded members' average total, to one decimal; None when withheld."""
        if not self.shown or not self.graded:
            return None
        return (self.total_sum / self.graded).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass(slots=True)
class YearSummary:
    year: int
    committee: Tally = field(default_factory=Tally)
    zones: dict[str, Tally] = field(default_factory=dict)
    levels: dict[str, Tally] = field(default_factory=dict)
    branches: dict[str, Tally] = field(default_factory=dict)
    grade_names: tuple[str, ...] = ()  # the columns of the distribution, in order


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a branch sits, as the dossier site knows it."""

    zone: str
    level: str


def summarize_ledgers(
    results: Iterable[LedgerResult],
    standard: PointsStandard,
    placements: Mapping[str, Placement],
) -> list[YearSummary]:
    """One summary per year, ascending, over the computed ledgers of placed branches."""
    years: dict[int, YearSummary] = {}
    for result in results:
        place = placements.get(result.branch)
        if not result.computed or result.year is None or place is None:
            continue
        summary = years.setdefault(result.year, YearSummary(result.year))
        tally = ledger_tally(result, standard)
        summary.branches[result.branch] = tally
        summary.committee.add(tally)
        summary.zones.setdefault(place.zone, Tally()).add(tally)
        summary.levels.setdefault(place.level, Tally()).add(tally)
    for summary in years.values():
        summary.grade_names = _grade_names(summary, standard)
        _protect(summary, placements)
    return [years[y] for y in sorted(years)]


def ledger_tally(result: LedgerResult, standard: PointsStandard) -> Tally:
    tally = Tally(ledgers=1, roster=len(result.members))
    for member in result.members:
        if not member.months_in_branch:
            continue
        if member.not_graded or member.excused:
            tally.grades[NOT_GRADED] += 1
            continue
        tally.graded += 1
        tally.total_sum += member.total
        tally.grades[member.decided or UNDECIDED] += 1
    year = result.year
    if year is None:  # a folder not named for a year: no months to be due
        return tally
    reference = result.reference or year_end(year)
    due = {m for m in range(1, 13) if month_end(year, m) <= reference}
    filed = {m.month for m in result.months}
    tally.months_due, tally.months_filed = len(due), len(due & filed)
    allowed = timedelta(days=standard.review_days)
    for month in result.months:
        if month.reviewed_on is None:
            continue
        tally.months_reviewed += 1
        end = month_end(year, month.month)
        tally.reviewed_on_time += int(end < month.reviewed_on <= end + allowed)
    return tally


def _grade_names(summary: YearSummary, standard: PointsStandard) -> tuple[str, ...]:
    names = [g.name for g in standard.grades] + [NOT_GRADED]
    if summary.committee.grades[UNDECIDED]:
        names.append(UNDECIDED)
    return tuple(names)


def _protect(summary: YearSummary, placements: Mapping[str, Placement]) -> None:
    """Withhold small rows, then more rows wherever the withheld ones of a group add up to
    fewer than K_MIN graded members: the group's total minus the rows shown would give them
    away. Only ever withholds more, so it ends."""
    rows = [summary.committee, *summary.zones.values(), *summary.levels.values()]
    rows += summary.branches.values()
    for tally in rows:
        tally.shown = tally.graded >= K_MIN
    groups: list[list[Tally]] = [list(summary.zones.values()), list(summary.levels.values())]
    groups.append(list(summary.branches.values()))
    for key in ("zone", "level"):
        members: dict[str, list[Tally]] = {}
        for code, tally in summary.branches.items():
            members.setdefault(getattr(placements[code], key), []).append(tally)
        groups.extend(members.values())
    changed = True
    while changed:
        changed = any(_complement(group) for group in groups)


def _complement(group: list[Tally]) -> bool:
    """Withhold the smallest shown row of ``group`` if its withheld rows are too few."""
    hidden = sum(t.graded for t in group if not t.shown)
    shown = [t for t in group if t.shown]
    if hidden == 0 or hidden >= K_MIN or not shown:
        return False
    min(shown, key=lambda t: t.graded).shown = False
    return True
