"""The overview that ends `checker score`: one row per listed result, with the change in total
from the same branch's previous year, and how many results each grade of the standard has.

It keeps a few numbers of every result scored (listed or not), so that the previous year is
found even when a filter leaves it out of the listing; never the results themselves.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from checker.dossier.results import DossierResult
from checker.dossier.standard import Standard

UNSCORED = "未能评分"


@dataclass(frozen=True, slots=True)
class Row:
    branch: str
    year: int | None
    total: Decimal | None  # None: could not be scored
    grade: str  # the standard's grade, or UNSCORED
    change: Decimal | None  # total minus the previous year's; None when either is missing
    vetoed: bool = False


class Overview:
    """Fed every result as it is scored; ``listed`` says which of them the listing shows."""

    def __init__(self, standard: Standard) -> None:
        self._grades = [g.name for g in standard.grades]
        self._totals: dict[tuple[str, int | None], Decimal] = {}
        self._listed: list[tuple[str, int | None, Decimal | None, str, bool]] = []

    def add(self, result: DossierResult, listed: bool) -> None:
        total = result.total if result.scored else None
        if total is not None:
            self._totals[(result.branch, result.year)] = total
        if listed:
            grade = result.grade if result.scored else UNSCORED
            self._listed.append((result.branch, result.year, total, grade, result.vetoed))

    def rows(self) -> list[Row]:
        rows = []
        for branch, year, total, grade, vetoed in self._listed:
            before = self._totals.get((branch, year - 1)) if year is not None else None
            change = total - before if total is not None and before is not None else None
            rows.append(Row(branch, year, total, grade, change, vetoed))
        return rows

    def counts(self) -> list[tuple[str, int]]:
        """(grade, how many listed results have it) for every grade of the standard, highest
        first; then the results that could not be scored, if any."""
        counted = Counter(listed[3] for listed in self._listed)
        pairs = [(grade, counted[grade]) for grade in self._grades]
        return pairs + ([(UNSCORED, counted[UNSCORED])] if counted[UNSCORED] else [])
