"""Competition ranking ("1, 2, 2, 4"): equal keys share a place and the next place skips.

Generic: any items and any key. The dossier's ranking (by grade, then total) and, later, the
ledger's and the assessment's pass their own key; the rule for ties is written only here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Place:
    """A competition rank: equal keys share a place, the next place skips (1, 2, 2, 4)."""

    rank: int
    of: int
    tied: bool


def places(keys: Sequence[Any]) -> list[Place]:
    """Places for keys already sorted best first: equal neighbours share a place."""
    out: list[Place] = []
    for index, key in enumerate(keys):
        rank = out[-1].rank if index and key == keys[index - 1] else index + 1
        tied = (index > 0 and keys[index - 1] == key) or (
            index + 1 < len(keys) and keys[index + 1] == key
        )
        out.append(Place(rank, len(keys), tied))
    return out


def rank(
    items: Iterable[T],
    key: Callable[[T], Any],
    then: Callable[[T], Any] | None = None,
) -> list[tuple[T, Place]]:
    """``items`` best first (smallest ``key`` first) with their places.

    ``then`` orders items that share a place (e.g. by code) so the listing is stable; it never
    changes a place. Equal ``key`` values, and only those, are ties.
    """
    if then is None:
        ordered = sorted(items, key=key)
    else:
        ordered = sorted(items, key=lambda item: (key(item), then(item)))
    return list(zip(ordered, places([key(item) for item in ordered]), strict=True))


__all__ = ["Place", "places", "rank"]
