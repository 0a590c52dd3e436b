"""Competition ranking with ties (1, 2, 2, 4), the one rule every ranking uses."""

from __future__ import annotations

from checker.core.ranking import Place, places, rank


def test_ties_share_a_place_and_the_next_place_skips() -> None:
    scores = {"A": 90, "B": 85, "C": 85, "D": 70}
    ranked = rank(scores, key=lambda code: -scores[code], then=lambda code: code)
    assert [(code, p.rank, p.tied) for code, p in ranked] == [
        ("A", 1, False),
        ("B", 2, True),
        ("C", 2, True),
        ("D", 4, False),
    ]
    assert {p.of for _code, p in ranked} == {4}


def test_all_equal_share_the_first_place() -> None:
    ranked = rank(["c", "a", "b"], key=lambda _item: 0, then=str)
    assert [item for item, _p in ranked] == ["a", "b", "c"]
    assert [p for _item, p in ranked] == [Place(1, 3, True)] * 3


def test_empty() -> None:
    assert rank([], key=lambda item: item) == []
    assert places([]) == []


def test_one_item_is_first_and_not_tied() -> None:
    assert rank(["only"], key=len) == [("only", Place(1, 1, False))]


def test_tiebreak_orders_within_a_place_but_never_changes_it() -> None:
    # Grade first (0 is best), then total: equal grade and total share a place.
    rows = [("B", 0, 95), ("A", 0, 95), ("C", 1, 99), ("D", 0, 80)]
    ranked = rank(rows, key=lambda r: (r[1], -r[2]), then=lambda r: r[0])
    assert [(r[0], p.rank) for r, p in ranked] == [("A", 1), ("B", 1), ("D", 3), ("C", 4)]


def test_places_for_sorted_keys() -> None:
    assert [p.rank for p in places([1, 1, 2, 3, 3, 3, 4])] == [1, 1, 3, 4, 4, 4, 7]
