"""The history's points and how to read them: one year's scores commit by commit, the
items that changed between points, and each changed item's series."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from checker.dossier.results import ItemResult

WORKTREE_SUBJECT = "工作区（未提交）"


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    """The score of one year's dossier as one commit (or the working tree) left it."""

    year: int
    commit: str | None  # the full commit id; None for the working tree
    short: str  # the abbreviated commit id; "" for the working tree
    date: str  # the commit's ISO 8601 date; "" for the working tree
    subject: str  # the commit's first line, or WORKTREE_SUBJECT
    state: str  # a digest of the inputs' object ids: equal states score the same
    scored: bool
    name: str = ""  # the branch's name as branch.yaml gave it then
    total: Decimal = Decimal(0)
    max: Decimal = Decimal(0)
    grade: str = ""
    vetoed: bool = False
    errors: int = 0  # error findings in that state
    # The result's items without their findings: a point keeps scores, not the reasons.
    items: tuple[ItemResult, ...] = ()
    note: str = ""  # why the state could not be scored, when it could not

    @property
    def worktree(self) -> bool:
        return self.commit is None

    def scores(self) -> dict[str, Decimal]:
        return {item.id: item.score for item in self.items}

    def to_dict(self) -> dict:
        return {
            "year": self.year,
            "commit": self.commit,
            "short": self.short,
            "date": self.date or None,
            "subject": self.subject,
            "state": self.state,
            "scored": self.scored,
            "name": self.name,
            "total": float(self.total),
            "max": float(self.max),
            "grade": self.grade,
            "vetoed": self.vetoed,
            "errors": self.errors,
            "note": self.note,
            "items": {item.id: float(item.score) for item in self.items},
        }


@dataclass(frozen=True, slots=True)
class ItemTrend:
    """One item's score at each point (None where the point was not scored)."""

    id: str
    title: str
    max: Decimal
    scores: tuple[Decimal | None, ...]

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "max": float(self.max),
            "scores": [None if s is None else float(s) for s in self.scores],
        }


def by_year(points: Iterable[HistoryPoint]) -> dict[int, list[HistoryPoint]]:
    """The points grouped by year, years ascending, each year's points in history order."""
    grouped: dict[int, list[HistoryPoint]] = {}
    for point in points:
        grouped.setdefault(point.year, []).append(point)
    return dict(sorted(grouped.items()))


def changes(points: Sequence[HistoryPoint]) -> list[dict[str, Decimal]]:
    """For each point, the items whose score differs from the last scored point before it:
    item id -> difference. Empty for the first scored point and for unscored points."""
    result: list[dict[str, Decimal]] = []
    previous: dict[str, Decimal] | None = None
    for point in points:
        if not point.scored:
            result.append({})
            continue
        now = point.scores()
        if previous is None:
            result.append({})
        else:
            result.append(
                {
                    item: now.get(item, Decimal(0)) - previous.get(item, Decimal(0))
                    for item in dict.fromkeys([*now, *previous])
                    if now.get(item) != previous.get(item)
                }
            )
        previous = now
    return result


def trend(points: Sequence[HistoryPoint]) -> list[ItemTrend]:
    """The items whose score changed between the scored points of one year, in the order of
    the standard (as the latest point has it). An item that some scored points lack (the
    standard changed) counts as changed."""
    scored = [p for p in points if p.scored]
    known: dict[str, ItemResult] = {}
    for point in scored:  # the latest title and maximum win
        known.update((item.id, item) for item in point.items)
    order = dict.fromkeys(item.id for p in reversed(scored) for item in p.items)
    trends = []
    for item_id in order:
        if len({p.scores().get(item_id) for p in scored}) < 2:
            continue
        series = tuple(p.scores().get(item_id) if p.scored else None for p in points)
        item = known[item_id]
        trends.append(ItemTrend(item.id, item.title, item.max, series))
    return trends
