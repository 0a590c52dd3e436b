"""Where a scored dossier stands among others: by grade (a veto puts it in the lowest), then
by total; equal grade and total share a place (the core's competition ranking)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from checker.core.ranking import Place, rank
from checker.dossier.results import DossierResult
from checker.dossier.standard import Standard


def standing(standard: Standard) -> Callable[[DossierResult], tuple]:
    """The sort key, best first."""
    return lambda r: (standard.grade_index(r.grade), -r.total)


def rank_results(
    standard: Standard, results: Iterable[DossierResult]
) -> list[tuple[DossierResult, Place]]:
    """Results best first with their places; a place's ties are listed by branch code."""
    return rank(results, key=standing(standard), then=lambda r: r.branch)
