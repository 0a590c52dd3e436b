"""Paths as people type them: `.`, a year folder, a branch folder, a file or no argument
inside a content tree give what a run from the root gives, as git finds `.git`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import Tree, run_cli

YEAR = Path("content/branches/T-01/2025")


def _broken(tree: Tree) -> None:
    tree.set_member("M08", "training_hours", "20")  # points lost
    tree.replace("recorder: M02", "recorder: M33", count=12)  # R001, an error


def _findings(run_json: dict) -> list[tuple]:
    """Findings without the file's spelling, which depends on the working folder."""
    return sorted(
        (f["code"], os.path.basename(f["file"]), f["line"], f["column"], f["message"])
        for f in run_json["findings"]
    )


def _scores(run_json: dict) -> list[tuple]:
    return [
        (
            r["branch"],
            r["year"],
            r["name"],
            r["total"],
            r["grade"],
            [i["score"] for i in r["items"]],
        )
        for r in run_json["results"]
    ]


@pytest.mark.parametrize(
    ("where", "argument"),
    [
        (YEAR, "."),
        (YEAR, "dossier.yaml"),
        (YEAR.parent, "."),
        (YEAR.parent, "2025"),
        (YEAR / "evidence", ".."),
    ],
)
def test_validate_and_score_from_inside_the_tree_match_the_root(
    tree: Tree, monkeypatch: pytest.MonkeyPatch, where: Path, argument: str
) -> None:
    _broken(tree)
    from_root_validate = run_cli("validate", str(YEAR), "--format", "json")
    from_root_score = run_cli("score", str(YEAR), "--format", "json")
    assert from_root_validate.code == 1
    monkeypatch.chdir(tree.base / where)
    inside_validate = run_cli("validate", argument, "--format", "json")
    inside_score = run_cli("score", argument, "--format", "json")
    assert inside_validate.code == from_root_validate.code
    assert _findings(inside_validate.json) == _findings(from_root_validate.json)
    assert inside_score.code == from_root_score.code
    assert _scores(inside_score.json) == _scores(from_root_score.json)
    assert inside_score.json["results"][0]["name"] == "市财政局第一党支部"
    codes = {f["code"] for f in inside_validate.json["findings"]}
    assert not codes & {"R004", "R008", "R009"}, codes


def test_no_argument_inside_the_tree_checks_the_whole_tree(
    tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    _broken(tree)
    from_root = run_cli("score", "content", "--format", "json")
    monkeypatch.chdir(tree.base / YEAR)
    inside = run_cli("score", "--format", "json")
    assert inside.code == from_root.code
    assert _scores(inside.json) == _scores(from_root.json)


def test_the_report_from_a_year_folder_is_the_report_from_the_root(
    tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree.set_member("M08", "training_hours", "20")
    from_root = run_cli("report", str(YEAR), "--format", "markdown")
    assert from_root.code == 0, from_root.stderr
    monkeypatch.chdir(tree.base / YEAR)
    inside = run_cli("report", ".", "--format", "markdown")
    assert inside.code == 0, inside.stderr
    assert inside.stdout == from_root.stdout
