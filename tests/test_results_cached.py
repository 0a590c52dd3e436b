"""A result read back from the cache tells what the freshly scored one told."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import SCHEMAS, Tree

from checker.dossier.engine import Engine
from checker.dossier.layout import discover
from checker.dossier.site.brief import brief

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


def test_the_site_brief_of_a_cached_result_is_the_scored_ones(tree: Tree, tmp_path: Path) -> None:
    # Findings in a narrative and lost points, so that both parts of the brief hold something.
    (tree.year_dir / "summary.md").write_bytes("# 总结\n\n".encode() + b"\xff\xfe")
    assert tree.remove_activities("党课") > 0
    refs, _empty = discover([tree.content])
    fresh = Engine(SCHEMAS, TODAY, tmp_path / "cache").check(refs[0])
    cached = Engine(SCHEMAS, TODAY, tmp_path / "cache").check(refs[0])
    assert cached.brief_source is not None and cached.encoded is not None
    assert brief(cached) == brief(fresh)
    assert any(item.codes for item in brief(fresh).items)
    in_narratives = fresh.narrative_findings()
    assert in_narratives and all(f.file.endswith("/summary.md") for f in in_narratives)
    assert [f.to_dict() for f in cached.narrative_findings()] == [
        f.to_dict() for f in in_narratives
    ]
    # Neither read the published lists: the site's overview pages do not need them.
    with pytest.raises(AttributeError):  # a slot left unset until the dict is decoded
        object.__getattribute__(cached, "source")
