"""Odd but valid-looking data: a finding for the dossier at fault, and the run goes on."""

from __future__ import annotations

import pytest
from conftest import Tree, run_cli

import checker.dossier.engine


@pytest.mark.parametrize(
    ("old", "new", "pointer"),
    [
        ("year: 2025\n", "year: 2025.0\n", "/year"),
        ("party_groups: 2", "party_groups: 2.0", "/party_groups"),
        ("dues_months: 12", "dues_months: 12.0", "/members/0/dues_months"),
    ],
)
def test_whole_number_floats_where_integers_are_expected_are_s001(
    tree: Tree, old: str, new: str, pointer: str
) -> None:
    tree.copy_branch("T-02")
    tree.replace(old, new, count=0)
    run = tree.validate()
    assert run.code == 1
    hits = [f for f in run.findings if f["code"] == "S001"]
    assert hits and hits[0]["path"] == pointer, run.findings
    assert hits[0]["file"] == "content/branches/T-01/2025/dossier.yaml"
    assert "不要带小数点" in hits[0]["hint"]
    score = tree.score()
    results = {r["branch"]: r for r in score.json["results"]}
    assert results["T-02"]["total"] > 0  # the other dossier is scored as before


def test_one_dossiers_internal_error_is_reported_and_the_run_goes_on(
    tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree.copy_branch("T-02")
    real = checker.dossier.engine.score_bundle

    def broken(bundle, standard, result):
        if bundle.ref.branch_dir.name == "T-01":
            raise TypeError("unsupported operand")
        return real(bundle, standard, result)

    monkeypatch.setattr(checker.dossier.engine, "score_bundle", broken)
    run = tree.score()
    assert run.code == 1
    results = {r["branch"]: r for r in run.json["results"]}
    assert results["T-02"]["total"] > 0
    validate = run_cli("validate", "--format", "json", "content")
    (finding,) = [f for f in validate.json["findings"] if f["code"] == "F010"]
    assert finding["file"] == "content/branches/T-01/2025/dossier.yaml"
    assert "TypeError" in finding["message"]
