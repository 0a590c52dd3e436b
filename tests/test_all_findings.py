"""Every mistake of a dossier in one run: schema errors do not hide the other checks."""

from __future__ import annotations

import re

from conftest import Tree, run_cli
from test_ingest import drop, form_from, ingest, new_branch, receipt, zip_folder
from test_rules import REVIEW


def _four_families(tree: Tree) -> dict[str, int]:
    """One mistake of each family (S, D, R, E) and a date that does not exist; their lines."""
    return {
        "S005": tree.set_activity("集中学习", "2025-01-12", "date", "2025-02-30"),
        "S002": tree.set_activity("党小组会", "2025-01-15", "palce", "会议室"),
        "R001": tree.set_activity("支委会", "2025-02-06", "recorder", "M33"),
        "E001": tree.set_activity("党小组会", "2025-01-15", "minutes", "evidence/没有这个文件.pdf"),
        "D001": tree.set_activity("主题党日", "2025-01-20", "date", "2024-01-20"),
    }


def test_one_validate_run_lists_every_family(tree: Tree) -> None:
    lines = _four_families(tree)
    run = tree.validate()
    assert run.code == 1
    found = {(f["code"], f["line"]) for f in run.findings}
    assert found == set(lines.items()), run.findings
    (date,) = [f for f in run.findings if f["code"] == "S005"]
    assert date["message"] == "日期 2025-02-30 不存在：2025 年 2 月只有 28 天"


def test_a_dossier_with_schema_errors_is_listed_but_not_scored(tree: Tree) -> None:
    _four_families(tree)
    run = tree.score()
    assert run.code == 1
    (result,) = run.json["results"]
    assert result["scored"] is False
    assert {"S005", "S002", "R001", "E001", "D001"} <= {f["code"] for f in result["findings"]}


def test_a_broken_record_does_not_hide_a_wrong_member_in_itself(tree: Tree) -> None:
    tree.set_activity("支委会", "2025-02-06", "expected", "四")
    tree.set_activity("支委会", "2025-02-06", "recorder", "M33")
    assert sorted(tree.validate().codes()) == ["R001", "S001"]


def test_review_score_above_points_stops_scoring(tree: Tree) -> None:
    tree.write_review(REVIEW.replace("score: 3\n    reason: 风险", "score: 9\n    reason: 风险"))
    run = tree.score()
    assert run.code == 1
    (result,) = run.json["results"]
    assert result["scored"] is False
    assert [f["code"] for f in result["findings"]] == ["R011"]


def _table_cells(text: str) -> set[tuple[str, str]]:
    """(code, location) of every row of a receipt's findings table."""
    return set(re.findall(r"^\| `([^`]+)` \| ([A-Z][0-9]{3}) \|", text, re.M))


def test_one_ingest_receipt_lists_every_family(tree: Tree) -> None:
    lines = _four_families(tree)
    drop(tree, "T-02.zip", zip_folder(new_branch(tree)))
    assert ingest().code == 1
    text = receipt(tree, "rejected", "T-02.zip")
    found = {(code, where.rsplit(":", 1)[0]) for where, code in _table_cells(text)}
    assert found == {(c, f"T-02.zip:2025/dossier.yaml:{n}") for c, n in lines.items()}, text
    assert "日期 2025-02-30 不存在：2025 年 2 月只有 28 天" in text


def test_one_word_import_lists_every_family(tree: Tree) -> None:
    """A form carries what the dossier had (the misspelled field has no cell to go in), plus a
    value over the schema's maximum typed into the roster: every one is named at its cell."""
    _four_families(tree)
    tree.write(tree.text().replace("dues_months: 12", "dues_months: 13", 1))
    form = form_from(tree)
    tree.dossier.unlink()
    run = run_cli("import", str(form), "--content", "content")
    assert run.code == 1
    codes = sorted(re.findall(r" ([A-Z][0-9]{3}) 错误 ", run.stdout))
    assert codes == ["D001", "E001", "R001", "S006", "W009"], run.stdout
    assert "“2025-02-30”这一天不存在" in run.stdout
    assert run.stdout.count("表格位置 表格.docx:表") == 4  # W009 is at its cell, run.stdout
