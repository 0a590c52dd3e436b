"""`checker new` refuses what would fail, and starts a year from last year's roster."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Tree, run_cli

from checker.core.yamlload import load_yaml

NEW_YEAR = Path("content/branches/T-01/2026")


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


def _new_branch(organization: str, content: str = "content") -> object:
    return run_cli(
        "new", "T-09", "--year", "2025", "--name", "新支部",
        "--organization", organization, "--content", content,
    )  # fmt: skip


def test_a_part_of_a_name_is_refused_with_the_organizations_it_may_mean(tree: Tree) -> None:
    before = _files(tree.content)
    run = _new_branch("财政局")
    assert run.code == 2
    assert (
        "没有编号或名称为“财政局”的上级党组织。是不是：ORG-01（市财政局机关党委）？" in run.stderr
    )
    assert _files(tree.content) == before


def test_an_unknown_organization_lists_every_id_and_name(tree: Tree) -> None:
    run = _new_branch("税务局")
    assert run.code == 2
    assert "可用的有：ORG-01（市财政局机关党委）" in run.stderr
    assert not (tree.content / "branches/T-09").exists()


def test_the_full_name_is_taken_and_written_as_the_id(tree: Tree) -> None:
    run = _new_branch("市财政局机关党委")
    assert run.code == 0, run.stderr
    branch = tree.content / "branches/T-09/branch.yaml"
    assert 'organization: "ORG-01"' in branch.read_text("utf-8")
    assert run_cli("validate", "content/branches/T-09").code == 0


def test_no_organization_file_says_how_to_start_one(tree: Tree) -> None:
    bare = tree.base / "空目录"
    bare.mkdir()
    run = _new_branch("ORG-01", str(bare))
    assert run.code == 2
    assert "中没有 organization.yaml" in run.stderr and "checker init" in run.stderr
    assert _files(bare) == []


def test_a_broken_organization_file_is_named_first(tree: Tree) -> None:
    organization = tree.content / "organization.yaml"
    organization.write_text(organization.read_text("utf-8").replace("zones:", "zone:"), "utf-8")
    run = _new_branch("ORG-01")
    assert run.code == 2
    assert "organization.yaml 有错误" in run.stderr and "checker validate" in run.stderr
    assert not (tree.content / "branches/T-09").exists()


def _carried(tree: Tree) -> tuple[dict, dict, object]:
    run = run_cli("new", "T-01", "--year", "2026", "--from", "2025", "--content", "content")
    assert run.code == 0, run.stderr
    new = load_yaml(tree.base / NEW_YEAR / "dossier.yaml", "new", 1 << 22).data
    old = load_yaml(tree.dossier, "old", 1 << 22).data
    return new, old, run


def test_from_last_year_carries_the_roster_committee_and_groups(tree: Tree) -> None:
    new, old, _ = _carried(tree)
    assert new["year"] == 2026 and new["branch"] == "T-01"
    assert [m["id"] for m in new["members"]] == [m["id"] for m in old["members"]]
    for carried, before in zip(new["members"], old["members"], strict=True):
        yearly = {"training_hours", "dues_months", "appraisal"}
        assert carried == {k: v for k, v in before.items() if k not in yearly}
    assert new["committee"] == old["committee"]
    assert new["party_groups"] == old["party_groups"]
    assert new["activities"] == [] and all(v == {} for v in new["items"].values())
    assert "funds" not in new and "discipline" not in new
    checked = run_cli("validate", "--format", "json", str(NEW_YEAR))
    assert checked.json == {"dossiers": 1, "findings": []}, checked.json


def test_a_probationary_member_whose_year_is_up_is_flagged(tree: Tree) -> None:
    tree.write(
        tree.text().replace(
            "  - id: M09\n    status: 预备党员\n",
            "  - id: M09\n    joined_on: 2025-06-19\n    status: 预备党员\n",
        )
    )
    _, _, run = _carried(tree)
    note = "M09 的预备期于 2026-06-19 届满：支部党员大会讨论转正后，把 status 改为 正式党员"
    assert f"请注意：{note}" in run.stdout
    text = (tree.base / NEW_YEAR / "dossier.yaml").read_text("utf-8")
    assert f"# 请注意：{note}" in text
    assert "    status: 预备党员\n" in text  # the meeting decides, not the tool


def test_a_probationary_member_without_a_joining_date_is_flagged(tree: Tree) -> None:
    _, _, run = _carried(tree)
    assert "M09 是预备党员，名册中没有入党日期" in run.stdout


def test_a_roster_without_appraisals_earns_nothing_for_the_share_of_excellent(
    tree: Tree,
) -> None:
    _carried(tree)
    run = run_cli("score", str(NEW_YEAR), "--format", "json")
    items = {i["id"]: i for i in run.json["results"][0]["items"]}
    assert items["A2.6"]["score"] == 0
    messages = [f["message"] for f in items["A2.6"]["findings"]]
    assert "没有党员的民主评议等次，无法判断“评为优秀的党员比例”，不得分" in messages


@pytest.mark.parametrize(
    ("year", "message"),
    [("2024", "--from 要沿用的年度台账不存在"), ("2026", "--from 应是 2026 年以前的年度")],
)
def test_from_a_year_that_cannot_be_carried(tree: Tree, year: str, message: str) -> None:
    run = run_cli("new", "T-01", "--year", "2026", "--from", year, "--content", "content")
    assert run.code == 2
    assert message in run.stderr
    assert not (tree.base / NEW_YEAR).exists()


def test_a_member_id_with_a_line_break_cannot_write_a_key_into_the_new_dossier(
    tree: Tree,
) -> None:
    tree.write(
        tree.text().replace(
            "  - id: M09\n    status: 预备党员\n",
            '  - id: "M09\\nbranch: X-99"\n    status: 预备党员\n',
        )
    )
    run = run_cli("new", "T-01", "--year", "2026", "--from", "2025", "--content", "content")
    assert run.code == 0, run.stderr
    new = load_yaml(tree.base / NEW_YEAR / "dossier.yaml", "new", 1 << 22).data
    assert new["branch"] == "T-01"
    assert "# 请注意：M09\\nbranch: X-99 是预备党员" in (
        tree.base / NEW_YEAR / "dossier.yaml"
    ).read_text("utf-8")
