"""`checker points`: every finding of the ledger, on ledgers written to disk, and the sums."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import REPO, SCHEMAS, Tree, run_cli
from points_ledger import IDLE, MEMBERS, Ledger

SAMPLE = REPO / "content"


def points(*args: str, schemas: Path = SCHEMAS) -> object:
    return run_cli("points", "content", "--format", "json", *args, schemas=schemas)


def ledger_of(run) -> dict:
    (ledger,) = run.json["ledgers"]
    return ledger


def codes(run) -> list[str]:
    return sorted(f["code"] for f in ledger_of(run)["findings"])


def messages(run, code: str) -> list[str]:
    return [f["message"] for f in ledger_of(run)["findings"] if f["code"] == code]


def member(run, member_id: str) -> dict:
    return next(m for m in ledger_of(run)["members"] if m["member"] == member_id)


@pytest.fixture
def ledger(tree: Tree) -> Ledger:
    return Ledger(tree)


def test_a_sound_ledger_has_no_findings_and_totals_that_add_up(ledger: Ledger) -> None:
    ledger.habits["M03"] = IDLE
    ledger.write({**{m: "合格" for m in MEMBERS[:8]}, "M01": "优秀", "M03": "不合格"})
    run = points()
    assert run.code == 0, run.stdout + run.stderr
    assert codes(run) == []
    diligent, idle = member(run, "M01"), member(run, "M03")
    assert diligent["total"] == 100 and diligent["grade"] == "优秀"
    parts = {p["part"]: p["points"] for p in idle["parts"]}
    assert parts == {"daily": 24, "evaluation": 20, "bonus": 0, "deduction": 0}
    assert idle["total"] == 44 and idle["grade"] == "不合格"
    assert member(run, "M09")["excused"] == "probationary"
    assert member(run, "M09")["decided"] is None


def test_json_lists_each_month_file_its_review_day_and_the_judging_day(ledger: Ledger) -> None:
    """What the site's 党员积分 page counts punctuality and who is graded from."""
    ledger.reviewed[2] = None
    ledger.write()
    (ledger.folder / "2025-05.yaml").unlink()
    run = points("--today", "2025-06-15")
    found = ledger_of(run)
    assert found["judged_on"] == "2025-06-15"
    months = {m["month"]: m for m in found["months"]}
    assert sorted(months) == [1, 2, 3, 4, *range(6, 13)]
    assert months[1] == {"month": 1, "declarations": 45, "reviewed_on": "2025-02-05"}
    assert months[2]["reviewed_on"] is None
    assert member(run, "M09")["excused"] == "probationary" and member(run, "M01")["excused"] is None


def test_unknown_member_and_standard_and_a_date_in_another_month(ledger: Ledger) -> None:
    ledger.extra[3] = [
        "  - {member: M33, standard: P01, date: 2025-03-10, result: 通过}",
        "  - {member: M01, standard: P99, date: 2025-03-10, result: 通过}",
        "  - {member: M02, standard: P01, date: 2025-04-02, result: 通过}",
    ]
    ledger.write()
    run = points()
    assert run.code == 1
    assert codes(run) == ["J001", "J002", "J016"]
    assert messages(run, "J001") == ["党员编号 M33 不在党员名册中"]
    assert messages(run, "J016") == ["日期 2025-04-02 不在本文件的月份（3 月）内"]


def test_files_in_the_wrong_place(ledger: Ledger) -> None:
    ledger.write()
    ledger.path("2024-05.yaml").write_text("month: 2024-05\ndeclarations: []\n", "utf-8")
    ledger.path("说明.txt").write_text("备注\n", "utf-8")
    ledger.path("2025-06.yaml").write_text(
        ledger.month_text(6).replace("month: 2025-06", "month: 2025-07"), "utf-8"
    )
    run = points()
    assert codes(run) == ["J016", "J016", "J017"]


def test_over_the_monthly_and_the_yearly_cap_the_excess_is_named(ledger: Ledger) -> None:
    ledger.extra[3] = ["  - {member: M01, standard: P01, date: 2025-03-20, count: 2, result: 通过}"]
    ledger.habits["M02"] = [*ledger.habits["M02"], ("P37", 2)]  # 2 a month, 12 a year
    ledger.write()
    run = points()
    assert messages(run, "J003") == [
        "M01 3 月 P01 参加集中学习审核通过 6 分，每月最多计 4 分，超出的 2 分不计"
    ]
    assert set(messages(run, "J004")) == {
        "M01 P01 参加集中学习全年最多计 24 分，12 月起超出的 2 分不计",
        "M02 P37 办理群众诉求全年最多计 12 分，7 月起超出的 12 分不计",
    }
    lost = {x["code"]: x["points"] for x in member(run, "M01")["lost"] if x["code"]}
    assert lost["J003"] == 2


def test_evidence_missing_where_the_standard_needs_it(ledger: Ledger) -> None:
    ledger.extra[5] = [
        "  - {member: M04, standard: P22, date: 2025-05-10, result: 通过}",
        "  - {member: M05, standard: P22, date: 2025-05-11, evidence: [evidence/没有.jpg], "
        "result: 通过}",
    ]
    ledger.write()
    run = points()
    assert "J005" in codes(run) and "E001" in codes(run)
    (text,) = messages(run, "J005")
    assert text.startswith("P22 参加志愿服务须附佐证材料（活动照片或服务记录）")


def test_reviews_missing_early_and_late(ledger: Ledger) -> None:
    ledger.reviewed[2] = None  # not reviewed at all
    ledger.reviewed[4] = "2025-04-28"  # before April ended
    ledger.reviewed[6] = "2025-08-20"  # 51 days after June, 15 allowed
    ledger.extra[8] = ["  - {member: M01, standard: P05, date: 2025-08-10}"]  # no result
    ledger.write()
    run = points()
    assert codes(run) == ["J006", "J006", "J007", "J008"]
    assert "超过规定的次月 15 日内 36 天" in messages(run, "J008")[0]
    lost = [x for x in member(run, "M01")["lost"] if x["code"] == "J006"]
    assert lost and lost[0]["month"] == 8


def test_quarters_missing_over_counted_and_unknown_ratings(ledger: Ledger) -> None:
    ledger.write()
    ledger.path("2025-Q2.yaml").unlink()
    ledger.path("2025-Q3.yaml").write_text(
        ledger.quarter_text(3, {"M01": "{好: 10, 较好: 5}", "M02": "{优: 12}"}), "utf-8"
    )
    run = points()
    assert codes(run) == ["J009", "J010", "J019"]
    assert messages(run, "J010") == ["M01 的评议票数合计 15 张，多于评议人数 12 人"]
    assert member(run, "M01")["quarters"] == {"1": 100, "2": None, "3": None, "4": 100}
    evaluation = next(p for p in member(run, "M01")["parts"] if p["part"] == "evaluation")
    assert evaluation["points"] == 10  # two quarters of four, missing ones count as zero


def test_a_grade_that_does_not_follow_says_which_grade_the_points_give(ledger: Ledger) -> None:
    ledger.habits["M03"] = IDLE
    ledger.write({**{m: "合格" for m in MEMBERS[:8]}})
    run = points()
    assert messages(run, "J011") == ["M03 定为“合格”，但按积分（44 分）应为“不合格”"]


@pytest.mark.parametrize(("excellent", "found"), [(2, []), (3, ["J012"])])
def test_the_one_third_rule_at_its_boundary(ledger: Ledger, excellent: int, found) -> None:
    """Six graded (M07 and M08 on long sick leave): two 优秀 is a third, three is not."""
    grades = {m: ("优秀" if i < excellent else "合格") for i, m in enumerate(MEMBERS[:6])}
    not_graded = (
        "not_graded:\n"
        "  - {member: M07, category: leave, reason: 全年病休}\n"
        "  - {member: M08, category: leave, reason: 全年病休}\n"
    )
    ledger.write(grades, not_graded)
    run = points()
    assert codes(run) == found
    if found:
        assert messages(run, "J012") == [
            "定为“优秀”的有 3 人，超过参加定级的 6 人的三分之一（最多 2 人）"
        ]


def test_a_veto_makes_the_year_unqualified(ledger: Ledger) -> None:
    ledger.extra[9] = ["  - {member: M01, standard: P49, date: 2025-09-30, result: 通过}"]
    ledger.write()
    run = points()
    assert member(run, "M01")["vetoed"] is True and member(run, "M01")["grade"] == "不合格"
    assert messages(run, "J013") == ["M01 有一票否决的情形，定级应为“不合格”，而不是“优秀”"]


def test_who_may_not_be_graded_and_who_was_forgotten(ledger: Ledger) -> None:
    grades = {m: "合格" for m in MEMBERS[:7]}  # M08 forgotten
    grades["M09"] = "合格"  # probationary
    ledger.write(grades, "not_graded:\n  - {member: M01, category: abroad, reason: 出国学习}\n")
    run = points()
    assert codes(run) == ["J014", "J015", "J020"]
    assert messages(run, "J014") == ["M09 属于不参加定级的“预备党员”，不应定级"]


def test_a_year_over_without_grading(ledger: Ledger) -> None:
    ledger.write()
    ledger.path("grading.yaml").unlink()
    assert codes(points()) == ["J015"]


def test_a_member_who_joined_mid_year_is_judged_for_the_months_they_belonged(
    ledger: Ledger,
) -> None:
    ledger.tree.write(
        ledger.tree.text().replace(
            "  - id: M04\n", "  - id: M04\n    transferred_in_on: 2025-07-01\n"
        )
    )
    ledger.write()
    run = points()
    assert messages(run, "J018")[:1] == ["M04 在 1 月不是本支部党员，这条申报不计分"]
    m04 = member(run, "M04")
    assert m04["months_in_branch"] == 6
    daily = next(p for p in m04["parts"] if p["part"] == "daily")
    assert daily["points"] == 80  # 48 in six months, counted as 96 for the year, capped


def test_no_roster(ledger: Ledger) -> None:
    ledger.write()
    ledger.tree.write(ledger.tree.text().replace("members:\n", "members: []\nx_members:\n", 1))
    run = run_cli("points", "content", "--format", "json")
    assert "J021" in codes(run)


def test_a_changed_cap_and_cut_off_change_the_result_without_code(
    ledger: Ledger, tmp_path: Path
) -> None:
    ledger.habits["M03"] = IDLE
    ledger.write()
    schemas = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, schemas)
    text = (schemas / "points.yaml").read_text("utf-8")
    text = text.replace("month_cap: 1, year_cap: 12}", "month_cap: 2, year_cap: 24}", 1)
    text = text.replace("- {name: 不合格, min: 0}", "- {name: 不合格, min: 0}", 1)
    text = text.replace("  - {name: 基本合格, min: 60}", "  - {name: 基本合格, min: 40}")
    (schemas / "points.yaml").write_text(text, "utf-8")
    before, after = member(points(), "M03"), member(points(schemas=schemas), "M03")
    assert before["grade"] == "不合格" and after["grade"] == "基本合格"


def test_the_sample_content_adds_up(tmp_path: Path) -> None:
    run = run_cli("points", str(SAMPLE), "--format", "json")
    assert run.code == 0, run.stderr
    ledgers = run.json["ledgers"]
    assert len(ledgers) >= 6
    for ledger in ledgers:
        for year in ledger["members"]:
            total = sum(Decimal(str(p["points"])) * p["sign"] for p in year["parts"])
            assert total == Decimal(str(year["total"])), (ledger["branch"], year["member"])
            # Every declared point not counted has its reason (evaluations aside).
            gap = sum(
                Decimal(str(m["declared"])) - Decimal(str(m["counted"])) for m in year["months"]
            )
            explained = sum(
                Decimal(str(x["points"]))
                for x in year["lost"]
                if x["month"] is not None and x["code"] != "J009"
            )
            assert gap == explained, (ledger["branch"], year["member"])
    found = {f["code"] for ledger in ledgers for f in ledger["findings"]}
    assert {"J003", "J004", "J008", "J012"} <= found
    vetoed = [m for ledger in ledgers for m in ledger["members"] if m["vetoed"]]
    assert vetoed and all(m["decided"] == "不合格" for m in vetoed)


def test_validate_lists_the_ledger_findings(ledger: Ledger) -> None:
    ledger.extra[3] = ["  - {member: M33, standard: P01, date: 2025-03-10, result: 通过}"]
    ledger.write()
    run = run_cli("validate", "content", "--format", "json")
    assert run.code == 1
    assert [f["code"] for f in run.json["findings"]] == ["J001"]


def test_the_dossier_takes_its_share_of_excellent_from_the_ledger(ledger: Ledger) -> None:
    """T-01's roster has two 优秀 of eight; its ledger's grading decides three of eight."""

    def a26(tree: Tree) -> dict:
        return tree.items()["A2.6"]

    assert a26(ledger.tree)["score"] == a26(ledger.tree)["max"]
    ledger.write({**{m: "合格" for m in MEMBERS[:8]}, "M01": "优秀", "M02": "优秀", "M03": "优秀"})
    item = a26(ledger.tree)
    assert item["score"] < item["max"]
    (message,) = [f["message"] for f in item["findings"]]
    assert "按党员积分的年度定级（points/grading.yaml）计算" in message


def test_the_sample_share_of_excellent_comes_from_the_ledgers() -> None:
    run = run_cli("score", str(SAMPLE / "branches/379921-LTZ-01/2025"), "--format", "json")
    (result,) = run.json["results"]
    (item,) = [i for i in result["items"] if i["id"] == "A2.6"]
    assert any("points/grading.yaml" in f["message"] for f in item["findings"])


def test_links_in_the_points_folder_are_never_followed(ledger: Ledger, tmp_path: Path) -> None:
    ledger.write()
    outside = tmp_path / "外面.yaml"
    outside.write_text(ledger.month_text(5), "utf-8")
    ledger.path("2025-05.yaml").unlink()
    ledger.path("2025-05.yaml").symlink_to(outside)
    run = points()
    assert messages(run, "J017") == [
        "“2025-05.yaml”是链接，不读取：积分台账的文件要直接放在 points/ 中"
    ]
    assert next(m for m in member(run, "M01")["months"] if m["month"] == 5)["declared"] == 0


def test_a_declaration_after_today_is_not_counted(ledger: Ledger) -> None:
    ledger.extra[6] = ["  - {member: M01, standard: P05, date: 2025-06-20, result: 通过}"]
    ledger.write()
    run = run_cli("points", "content", "--format", "json", today="2025-06-15")
    assert "日期 2025年6月20日 晚于今天（2025年6月15日）" in messages(run, "D002")
    assert "日期 2025年6月10日 晚于今天（2025年6月15日）" not in messages(run, "D002")


def test_the_text_output_ends_each_ledger_with_its_counts(ledger: Ledger) -> None:
    ledger.habits["M03"] = IDLE
    ledger.write({**{m: "合格" for m in MEMBERS[:8]}, "M01": "优秀", "M03": "不合格"})
    run = run_cli("points", "content")
    assert (
        "  合计：按积分 优秀 7 人，不合格 1 人；"
        "定级 优秀 1 人，合格 6 人，不合格 1 人；不参加定级 1 人" in run.stdout
    )
    assert "M03：日常积分 24 + 群众评议 20 + 奖励加分 0 − 扣减分 0 = 44 分" in run.stdout


def test_a_roster_appraisal_that_disagrees_with_the_grading(ledger: Ledger) -> None:
    ledger.write()
    ledger.tree.set_member("M02", "appraisal", "优秀")  # the grading says 合格
    run = points()
    assert messages(run, "J022") == [
        "M02 在本年度台账的党员名册中评议等次为“优秀”，积分台账的年度定级为“合格”"
    ]
