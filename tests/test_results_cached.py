"""A result read back from the cache tells what the freshly scored one told."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import SCHEMAS, Tree

from checker.dossier.engine import Engine
from checker.dossier.layout import discover

TODAY = date(2026, 11, 29)


def test_item_explanations_from_the_cache_are_the_scored_ones(tree: Tree, tmp_path: Path) -> None:
    refs, _empty = discover([tree.content])
    fresh = Engine(SCHEMAS, TODAY, tmp_path / "cache").check(refs[0])
    cached = Engine(SCHEMAS, TODAY, tmp_path / "cache").check(refs[0])
    assert cached.encoded is not None  # read back, not scored again
    told = {i.id: i.explanation() for i in fresh.items}
    # Parts of a third of a point: their sum is exact only before they are rounded.
    assert any("0.67 分中得 0.67 分" in text for text in told.values())
    assert {i.id: i.explanation() for i in cached.items} == told
