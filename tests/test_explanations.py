"""Points that explain themselves: every item says how its points add up, no data earns no
points, and the printed report speaks of the branch's work, not of YAML."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import REPO, Tree, run_cli

SAMPLE = REPO / "content"


@pytest.fixture(scope="module")
def sample_results() -> list[dict]:
    run = run_cli("score", str(SAMPLE), "--format", "json")
    assert run.code == 0, run.stderr
    return [r for r in run.json["results"] if r["scored"]]


def test_every_item_of_the_sample_adds_up_rule_by_rule(sample_results: list[dict]) -> None:
    assert len(sample_results) >= 20
    for result in sample_results:
        for item in result["items"]:
            where = f"{result['branch']} {result['year']} {item['id']}"
            parts = item["parts"]
            assert parts, where
            assert sum(p["points"] for p in parts) == pytest.approx(item["max"], abs=0.011), where
            # Each part is shown to the hundredth; their sum is the score to a tenth.
            total = sum(Decimal(str(p["earned"])) for p in parts)
            assert abs(total - Decimal(str(item["score"]))) <= Decimal("0.051"), where
            text = item["explanation"]
            assert text.endswith("。"), where
            assert f"{item['score']:g} 分" in text, (where, text)
            if len(parts) > 1 and item["source"] != "review" and not item["na"]:
                for part in parts:
                    assert part["rule"] in text, (where, text)
                assert "合计" in text, (where, text)


def test_a_weighted_item_names_each_rule_share_in_the_text_output(tree: Tree) -> None:
    tree.set_item("A6.2", "self_score: 3\nevidence: [evidence/经费预算.pdf]")
    out = run_cli("score", "content").stdout
    block = out.split("A6.2")[1].split("\n    A")[0]
    assert "计分：" in block
    assert "党建工作经费预算" in block and "支部自评" in block and "合计" in block


def _scaffolded(tree: Tree) -> dict:
    made = run_cli("new", "T-01", "--year", "2026", "--content", "content")
    assert made.code == 0, made.stderr
    run = run_cli("score", "content/branches/T-01/2026", "--format", "json")
    (result,) = run.json["results"]
    return result


def test_an_empty_dossier_earns_nothing_but_true_absences_each_with_its_finding(
    tree: Tree,
) -> None:
    result = _scaffolded(tree)
    earning = {i["id"]: i for i in result["items"] if i["score"] > 0}
    # Only the veto item earns its points: no violations reported is a true absence, and
    # the item says it was not filled in.
    assert set(earning) == {"A4.3"}
    assert [f["code"] for f in earning["A4.3"]["findings"]] == ["P014"]
    assert result["total"] == earning["A4.3"]["score"]
    for item in result["items"]:
        if item["score"] < item["max"]:
            assert item["findings"], f"{item['id']} lost points without a reason"
    codes = {f["code"] for i in result["items"] for f in i["findings"]}
    assert "P013" in codes


def test_no_roster_is_no_data_and_no_list_ends_in_a_colon(tree: Tree) -> None:
    result = _scaffolded(tree)
    messages = [f["message"] for i in result["items"] for f in i["findings"]]
    assert "没有党员名册，无法判断“党员人数”，不得分" in messages
    assert not [m for m in messages if m.endswith("：")]


def test_a_quorum_without_anyone_entitled_earns_nothing(tree: Tree) -> None:
    for member in ("M01", "M02", "M03", "M04", "M05", "M06", "M07", "M08"):
        tree.set_member(member, "status", "预备党员")
    items = tree.items()
    assert items["A2.4"]["score"] < items["A2.4"]["max"]
    messages = [f["message"] for f in items["A2.4"]["findings"]]
    assert any("无法判断党员大会到会是否过半" in m for m in messages), messages


def _report(tree: Tree, folder: str) -> str:
    run = run_cli("report", folder, "--format", "markdown")
    assert run.code == 0, run.stderr
    return run.stdout


@pytest.mark.parametrize(
    "branch", sorted(p.name for p in (SAMPLE / "branches").iterdir() if p.is_dir())
)
def test_the_printed_report_has_no_yaml_words_and_no_repeated_advice(
    branch: str, tree: Tree
) -> None:
    year = SAMPLE / "branches" / branch / "2025"
    if not (year / "dossier.yaml").is_file():
        pytest.skip("no 2025 dossier")
    text = _report(tree, str(year))
    body = text.split("| 支部自查意见 |")[0]
    for word in ("self_score", "na_reason", "evidence", "items", "dossier.yaml", "`"):
        assert word not in body, (branch, word)
    advice = text.split("## 四、整改建议")[1].split("## 五、")[0]
    actions = [line.split("涉及：")[0] for line in advice.splitlines() if re.match(r"\d+\. ", line)]
    actions = [re.sub(r"^\d+\. ", "", a) for a in actions]
    assert actions and len(actions) == len(set(actions)), actions


def test_the_report_says_how_each_lost_item_scored(tree: Tree) -> None:
    tree.remove_activities("集中学习")
    text = _report(tree, "content/branches/T-01/2025")
    assert "计分：每月集中学习：4 分中得 0 分。" in text


def test_the_site_branch_page_shows_how_points_add_up(tmp_path: Path) -> None:
    from checker.dossier.results import ItemResult, ScorePart
    from checker.dossier.site.pages.branch_tables import _reasons

    item = ItemResult("A6.2", "党建工作经费", "A6", Decimal("3.5"), Decimal(4), "self")
    item.parts = [
        ScorePart("党建工作经费预算", Decimal(2), Decimal(2)),
        ScorePart("支部自评", Decimal(2), Decimal("1.5")),
    ]

    class Site:
        def code_link(self, page: str, code: str) -> str:
            return code

    html = _reasons(Site(), "branches/x/", item)  # type: ignore[arg-type]
    assert "党建工作经费预算 2 分中得 2 分；支部自评 2 分中得 1.5 分；合计 3.5 分。" in html
