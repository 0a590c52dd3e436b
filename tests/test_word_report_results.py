"""The Word report reads results only: once a dossier is checked, its files can change or
go away and the report built from the result stays the same, also after the result went
through the cache or a worker process (its payload)."""

from __future__ import annotations

from datetime import date

from conftest import SCHEMAS, TODAY, Tree

from checker.dossier.engine import Engine
from checker.dossier.layout import DossierRef
from checker.dossier.results import result_from_dict
from checker.dossier.word.report import branch_report, to_markdown


def test_report_is_built_from_the_result_alone(tree: Tree) -> None:
    engine = Engine(SCHEMAS, date.fromisoformat(TODAY))
    result = engine.check(DossierRef(tree.dossier))
    assert result.scored
    before = to_markdown(branch_report(result, engine.standard, engine.today))
    assert result.facts is not None and result.facts.members > 0
    assert f"有党员 {result.facts.members} 名" in before

    tree.dossier.write_text("year: 1999\nmembers: []\n", encoding="utf-8")
    (tree.year_dir.parent / "branch.yaml").unlink()
    again = to_markdown(branch_report(result, engine.standard, engine.today))
    carried = result_from_dict(result.to_payload())
    through_payload = to_markdown(branch_report(carried, engine.standard, engine.today))
    assert again == before
    assert through_payload == before


def test_the_score_json_does_not_carry_the_report_facts_or_narratives(tree: Tree) -> None:
    # `checker score --format json` is a published format: what only outputs read travels
    # in the payload, not in it.
    result = Engine(SCHEMAS, date.fromisoformat(TODAY)).check(DossierRef(tree.dossier))
    public = result.to_dict()
    assert "branch_facts" not in public and "narratives" not in public
    assert "branch_facts" in result.to_payload()
