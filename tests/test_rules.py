"""Every rule kind with a passing and a failing dossier, provenance, N/A, veto and review.

Each test breaks the good tree in one place and checks that exactly the expected items lose
exactly the expected points, with a Chinese finding that says why and where.
"""

from __future__ import annotations

import pytest
from conftest import DOSSIER_REL, Tree, changed_items, item_findings, run_cli

SELF_ITEMS = {"A2.7", "A2.9", "A3.2", "A4.2", "A5.3", "A5.4", "A6.2", "A7.3", "A7.4"}


def only_change(tree: Tree, good_items: dict, expected: dict[str, float]) -> dict[str, dict]:
    """Score the tree and check that exactly ``expected`` items changed, to those scores."""
    items = tree.items()
    assert changed_items(items, good_items) == expected
    return items


# --- period_count ------------------------------------------------------------------------


def test_missing_march_committee_meeting_lowers_only_a23(tree: Tree, good_items: dict) -> None:
    tree.remove_activity("支委会", "2025-03")  # March's only 支委会
    items = only_change(tree, good_items, {"A2.3": 2.8})
    # 3 points × (weight 2 × 11/12 + weight 1 × 1) / 3 = 2.83 → 2.8
    (finding,) = items["A2.3"]["findings"]
    assert finding["code"] == "P001"
    assert finding["level"] == "warning"
    assert finding["message"] == "2025年3月无支委会记录（应有 12 个周期，缺 1 个）"
    assert "3月" in finding["message"] and "支委会" in finding["message"]
    assert finding["file"] == DOSSIER_REL
    assert finding["line"] == tree.line_of("activities:") + 1
    assert finding["path"] == "/activities"
    # The meeting's absence is not a validation error.
    assert tree.validate().code == 0


def test_period_count_month_lists_every_missing_month(tree: Tree, good_items: dict) -> None:
    tree.remove_activity("集中学习", "2025-07-12")
    tree.remove_activity("集中学习", "2025-09-12")
    items = only_change(tree, good_items, {"A1.1": 3.3})
    assert item_findings(items["A1.1"]) == [
        ("P001", "2025年7月、9月无集中学习记录（应有 12 个周期，缺 2 个）")
    ]


def test_period_count_two_meetings_in_one_month_do_not_cover_another(
    tree: Tree, good_items: dict
) -> None:
    # April's study moved into May: May has two, April has none.
    tree.set_activity("集中学习", "2025-04-12", "date", "2025-05-13")
    items = only_change(tree, good_items, {"A1.1": 3.7})
    assert item_findings(items["A1.1"]) == [
        ("P001", "2025年4月无集中学习记录（应有 12 个周期，缺 1 个）")
    ]


def test_period_count_whole_year_missing(tree: Tree, good_items: dict) -> None:
    assert tree.remove_activities("主题党日") == 12
    items = only_change(tree, good_items, {"A1.3": 0.0})
    assert item_findings(items["A1.3"]) == [
        ("P001", "2025年全年无主题党日记录（应有 12 个周期，缺 12 个）")
    ]


def test_period_count_quarter(tree: Tree, good_items: dict) -> None:
    tree.remove_activity("志愿服务", "2025-06-08")
    items = only_change(tree, good_items, {"A3.1": 3.0})
    assert item_findings(items["A3.1"]) == [
        ("P001", "2025年第二季度无志愿服务记录（应有 4 个周期，缺 1 个）")
    ]


def test_period_count_quarter_with_two_quarters_missing(tree: Tree, good_items: dict) -> None:
    tree.remove_activity("党务公开", "2025-01-28")
    tree.remove_activity("党务公开", "2025-10-28")
    items = only_change(tree, good_items, {"A5.2": 1.5})
    assert item_findings(items["A5.2"]) == [
        ("P001", "2025年第一季度、第四季度无党务公开记录（应有 4 个周期，缺 2 个）")
    ]


def test_period_count_year(tree: Tree, good_items: dict) -> None:
    tree.remove_activity("警示教育", "2025-06-26")
    items = only_change(tree, good_items, {"A4.1": 0.0})
    assert item_findings(items["A4.1"]) == [
        ("P001", "2025年无警示教育记录（应有 1 个周期，缺 1 个）")
    ]


def test_period_count_year_any_month_counts(tree: Tree, good_items: dict) -> None:
    tree.set_activity("警示教育", "2025-06-26", "date", "2025-01-02")
    only_change(tree, good_items, {})


def test_out_of_year_record_is_not_counted(tree: Tree, good_items: dict) -> None:
    line = tree.set_activity("警示教育", "2025-06-26", "date", "2024-06-26")
    items = only_change(tree, good_items, {"A4.1": 0.0})
    assert item_findings(items["A4.1"])[0][0] == "P001"
    run = tree.validate()
    assert run.code == 1
    assert [(f["code"], f["line"]) for f in run.findings] == [("D001", line)]


# --- quorum -------------------------------------------------------------------------------


def test_quorum_general_meeting_half_present_fails(tree: Tree, good_items: dict) -> None:
    # 8 full members: 4 present is not more than half.
    line = tree.set_activity("党员大会", "2025-06-25", "present", "4")
    items = only_change(tree, good_items, {"A2.4": 2.8})
    # 3 × (2 × 1 + 1 × 3/4) / 3 = 2.75 → 2.8 (half up)
    (finding,) = items["A2.4"]["findings"]
    assert finding["code"] == "P002"
    assert finding["message"] == (
        "2025年6月25日的党员大会实到 4 人，未超过应到 8 人（正式党员人数）的半数"
    )
    assert finding["line"] == line
    assert finding["path"] == f"/activities/{tree.activity_index('党员大会', '2025-06-25')}/present"


def test_quorum_general_meeting_more_than_half_passes(tree: Tree, good_items: dict) -> None:
    tree.set_activity("党员大会", "2025-06-25", "present", "5")
    only_change(tree, good_items, {})


def test_quorum_counts_full_members_only(tree: Tree, good_items: dict) -> None:
    # Two more probationary members do not raise the quorum of 8 full members.
    tree.replace(
        "committee:\n",
        "  - id: M10\n    status: 预备党员\n    role: 党员\n    training_hours: 40\n"
        "    dues_months: 12\n  - id: M11\n    status: 预备党员\n    role: 党员\n"
        "    training_hours: 40\n    dues_months: 12\n\ncommittee:\n",
    )
    tree.set_activity("党员大会", "2025-06-25", "present", "5")
    items = tree.items()
    assert items["A2.4"]["score"] == 3.0
    # …but they were not in the talks: coverage drops for them.
    assert items["A3.3"]["findings"][0]["message"].endswith("未谈话的党员：M10、M11")


def test_quorum_uses_the_meetings_own_head_count_when_smaller(tree: Tree, good_items: dict) -> None:
    # Before a mid-year change only 6 were entitled: 4 present is more than half of 6.
    tree.set_activity("党员大会", "2025-03-25", "expected", "6")
    tree.set_activity("党员大会", "2025-03-25", "present", "4")
    only_change(tree, good_items, {})
    # A larger head count than the roster's does not raise the bar above the roster.
    tree.set_activity("党员大会", "2025-03-25", "expected", "12")
    tree.set_activity("党员大会", "2025-03-25", "present", "5")
    only_change(tree, good_items, {})


def test_quorum_committee_meeting(tree: Tree, good_items: dict) -> None:
    line = tree.set_activity("支委会", "2025-05-06", "present", "2")
    items = only_change(tree, good_items, {"A2.3": 2.9})
    # 3 × (2 × 1 + 1 × 11/12) / 3 = 2.92 → 2.9
    assert item_findings(items["A2.3"]) == [
        ("P002", "2025年5月6日的支委会实到 2 人，未超过应到 4 人（支部委员人数）的半数")
    ]
    assert items["A2.3"]["findings"][0]["line"] == line


# --- threshold ----------------------------------------------------------------------------


def test_threshold_training_share_is_proportional(tree: Tree, good_items: dict) -> None:
    tree.set_member("M08", "training_hours", "16")
    items = only_change(tree, good_items, {"A1.4": 2.7})
    (finding,) = items["A1.4"]["findings"]
    assert finding["code"] == "P003"
    assert finding["message"] == (
        "学时达标的党员比例为 89%，要求不低于 100%；学时不足 32 的党员：M08"
    )
    assert finding["line"] == tree.line_of("members:") + 1


def test_threshold_training_exactly_at_minimum_passes(tree: Tree, good_items: dict) -> None:
    tree.set_member("M05", "training_hours", "32")
    tree.set_member("M04", "training_hours", "56")
    only_change(tree, good_items, {})


def test_threshold_committee_training(tree: Tree, good_items: dict) -> None:
    tree.set_member("M04", "training_hours", "50")
    items = only_change(tree, good_items, {"A6.3": 3.0})
    assert item_findings(items["A6.3"]) == [
        ("P003", "学时达标的支部委员比例为 75%，要求不低于 100%；学时不足 56 的支部委员：M04")
    ]


def test_threshold_excellent_share_over_one_third(tree: Tree, good_items: dict) -> None:
    tree.set_member("M05", "appraisal", "优秀")  # 3 of 8 graded
    items = only_change(tree, good_items, {"A2.6": 2.0})
    assert item_findings(items["A2.6"]) == [
        ("P003", "评为优秀的党员比例为 38%，要求不超过 33%；按党员名册中的民主评议等次计算")
    ]


def test_threshold_excellent_share_probationary_not_graded(tree: Tree, good_items: dict) -> None:
    # 2 of 8 graded members; M09 (预备党员) 不参评 is left out of the share.
    tree.set_member("M02", "appraisal", "基本合格")
    only_change(tree, good_items, {})


def test_threshold_committee_fits(tree: Tree, good_items: dict) -> None:
    tree.set_member("M03", "role", "党员")
    tree.set_member("M04", "role", "党员")
    items = only_change(tree, good_items, {"A2.1": 1.3})
    assert item_findings(items["A2.1"]) == [
        ("P003", "支部委员会设置不符合规定（正式党员 8 人，支部委员 2 人）")
    ]


def test_threshold_committee_fits_small_branch_needs_secretary_only(tree: Tree) -> None:
    # Fewer than 7 full members: a secretary alone fits.
    for member in ("M02", "M03", "M04", "M05", "M06"):
        tree.set_member(member, "status", "预备党员")
    for member in ("M02", "M03", "M04"):
        tree.set_member(member, "role", "党员")
    items = tree.items()
    assert items["A2.1"]["score"] == 2.0
    assert items["A2.1"]["findings"] == []


def test_threshold_dues(tree: Tree, good_items: dict) -> None:
    tree.set_member("M05", "dues_months", "10")
    items = only_change(tree, good_items, {"A2.8": 2.7})
    assert item_findings(items["A2.8"]) == [
        ("P003", "按月足额交纳党费的党员比例为 89%，要求不低于 100%；未交满的党员：M05")
    ]


def test_threshold_dues_owed_from_joining(tree: Tree, good_items: dict) -> None:
    # M09 joined in July: six months of dues are all that is owed.
    tree.set_member("M09", "dues_months", "6\n    joined_on: 2025-07-01")
    only_change(tree, good_items, {})
    tree.set_member("M09", "dues_months", "5")
    items = only_change(tree, good_items, {"A2.8": 2.7})
    assert items["A2.8"]["findings"][0]["message"].endswith("未交满的党员：M09")


def test_threshold_secretary_lecture(tree: Tree, good_items: dict) -> None:
    tree.set_activity("党课", "2025-02-18", "lecturer", "M05")
    items = only_change(tree, good_items, {"A1.2": 3.0})
    assert item_findings(items["A1.2"]) == [("P003", "支部书记讲党课次数为 0次，要求不低于 1次")]


def test_threshold_talk_coverage(tree: Tree, good_items: dict) -> None:
    tree.replace("M07, M08, M09]", "M07, M08]")
    items = only_change(tree, good_items, {"A3.3": 3.6})
    assert item_findings(items["A3.3"]) == [
        ("P003", "谈心谈话覆盖的党员比例为 89%，要求不低于 100%；未谈话的党员：M09")
    ]


def test_threshold_minutes_share(tree: Tree, good_items: dict) -> None:
    tree.set_activity("支委会", "2025-03-06", "minutes", None)
    items = only_change(tree, good_items, {"A5.1": 3.9})
    assert item_findings(items["A5.1"]) == [
        ("P003", "有会议记录的会议比例为 97%，要求不低于 100%；缺少会议记录：3月6日支委会")
    ]


def test_threshold_minutes_must_be_a_valid_file(tree: Tree, good_items: dict) -> None:
    (tree.evidence / "2025-03-06-支委会记录.pdf").write_bytes(b"<html>not a pdf</html>")
    items = only_change(tree, good_items, {"A5.1": 3.9})
    assert "缺少会议记录：3月6日支委会" in items["A5.1"]["findings"][0]["message"]
    assert tree.validate().codes() == ["E004"]


def test_threshold_funds(tree: Tree, good_items: dict) -> None:
    tree.replace("budget_yuan: 5000", "budget_yuan: 0")
    items = only_change(tree, good_items, {"A6.2": 2.0})
    assert item_findings(items["A6.2"]) == [("P003", "党建工作经费预算为 0元，要求不低于 1元")]
    assert items["A6.2"]["findings"][0]["line"] == tree.line_of("budget_yuan")


# --- evidence -----------------------------------------------------------------------------


def test_evidence_missing_file_lowers_a61(tree: Tree, good_items: dict) -> None:
    (tree.evidence / "活动室.png").unlink()
    items = only_change(tree, good_items, {"A6.1": 0.0})
    assert item_findings(items["A6.1"]) == [
        ("P004", "有效佐证材料 0 份，要求至少 1 份（JPG/JPEG/PNG）")
    ]
    assert items["A6.1"]["findings"][0]["hint"] == "应有：活动室照片。"
    run = tree.validate()
    assert run.code == 1
    (finding,) = run.findings
    assert finding["code"] == "E001"
    assert finding["message"] == "找不到文件“evidence/活动室.png”"
    assert finding["line"] == tree.line_of("evidence: [evidence/活动室.png]")


def test_evidence_wrong_type_lowers_a61(tree: Tree, good_items: dict) -> None:
    # A PDF is allowed evidence in general, but A6.1 wants a photo.
    tree.replace("evidence: [evidence/活动室.png]", "evidence: [evidence/责任清单.pdf]")
    items = only_change(tree, good_items, {"A6.1": 0.0})
    assert item_findings(items["A6.1"])[0][0] == "P004"
    assert tree.validate().code == 0


def test_evidence_content_not_matching_extension(tree: Tree, good_items: dict) -> None:
    (tree.evidence / "活动室.png").write_bytes(b"%PDF-1.4\n%%EOF\n")
    items = only_change(tree, good_items, {"A6.1": 0.0})
    assert item_findings(items["A6.1"])[0][0] == "P004"
    run = tree.validate()
    assert run.codes() == ["E004"]
    assert run.findings[0]["message"] == "“evidence/活动室.png”扩展名是 .png，但内容是PDF 文件"


def test_evidence_no_entry_at_all(tree: Tree, good_items: dict) -> None:
    tree.remove_item("A7.1")
    items = only_change(tree, good_items, {"A7.1": 0.0})
    (finding,) = items["A7.1"]["findings"]
    assert finding["code"] == "P004"
    assert finding["message"] == "有效佐证材料 0 份，要求至少 1 份（PDF/DOCX）"
    assert finding["path"] == "/items"


def test_evidence_same_file_twice_counts_once(tree: Tree, good_items: dict) -> None:
    schemas = tree.edit_standard(
        "          - kind: evidence\n            min: 1\n            types: [jpg, jpeg, png]\n",
        "          - kind: evidence\n            min: 2\n            types: [jpg, jpeg, png]\n",
    )
    tree.replace(
        "evidence: [evidence/活动室.png]", "evidence: [evidence/活动室.png, evidence/活动室.png]"
    )
    items = tree.items(schemas)
    assert items["A6.1"]["score"] == 2.0
    assert item_findings(items["A6.1"]) == [
        ("P004", "有效佐证材料 1 份，要求至少 2 份（JPG/JPEG/PNG）")
    ]


# --- term ---------------------------------------------------------------------------------


def test_term_expired(tree: Tree, good_items: dict) -> None:
    tree.replace("elected_on: 2024-03-15", "elected_on: 2021-11-20")
    items = only_change(tree, good_items, {"A2.2": 0.0})
    (finding,) = items["A2.2"]["findings"]
    assert finding["code"] == "P010"
    assert finding["message"] == (
        "本届支部委员会于2021年11月20日选举产生，任期 3 年，已于2024年11月20日届满，未见换届"
    )
    assert finding["line"] == tree.line_of("elected_on:")
    assert finding["path"] == "/committee/elected_on"


def test_term_ends_on_the_last_day_of_the_year_is_still_valid(tree: Tree, good_items: dict) -> None:
    tree.replace("elected_on: 2024-03-15", "elected_on: 2022-12-31")
    only_change(tree, good_items, {})
    tree.replace("elected_on: 2022-12-31", "elected_on: 2022-12-30")
    only_change(tree, good_items, {"A2.2": 0.0})


def test_term_years_in_dossier_overrides_setting(tree: Tree, good_items: dict) -> None:
    tree.replace("elected_on: 2024-03-15", "elected_on: 2021-11-20\n  term_years: 5")
    only_change(tree, good_items, {})


def test_term_setting_comes_from_the_standard(tree: Tree, good_items: dict) -> None:
    tree.replace("elected_on: 2024-03-15", "elected_on: 2021-11-20")
    schemas = tree.edit_standard("committee_term_years: 3", "committee_term_years: 5")
    assert tree.items(schemas)["A2.2"]["score"] == 2.0


def test_term_without_election_date(tree: Tree, good_items: dict) -> None:
    tree.replace("committee:\n  elected_on: 2024-03-15\n", "committee: {}\n")
    items = only_change(tree, good_items, {"A2.2": 0.0})
    assert item_findings(items["A2.2"]) == [
        ("P010", "未填写本届支部委员会的选举日期 `committee.elected_on`")
    ]


# --- self_assessed ------------------------------------------------------------------------


def test_self_score_capped_without_evidence(tree: Tree, good_items: dict) -> None:
    tree.set_item("A4.2", "self_score: 4")
    items = only_change(tree, good_items, {"A4.2": 2.0})
    (finding,) = items["A4.2"]["findings"]
    assert finding["code"] == "P005"
    assert finding["message"] == (
        "自评 4 分，但有效佐证材料只有 0 份（要求 1 份，任意允许的类型），最多计 50%"
    )
    assert finding["line"] == tree.line_of("self_score: 4", tree.line_of("A4.2:"))
    assert finding["path"] == "/items/A4.2/self_score"
    assert items["A4.2"]["source"] == "self"


def test_self_score_below_cap_without_evidence_is_kept(tree: Tree, good_items: dict) -> None:
    tree.set_item("A4.2", "self_score: 1.5")
    items = only_change(tree, good_items, {"A4.2": 1.5})
    # No cap applies; the point lost is the branch's own judgement, and says so.
    (finding,) = items["A4.2"]["findings"]
    assert finding["code"] == "P012"
    assert finding["message"] == "支部自评 1.5 分（满分 4 分），按自评计分"
    assert finding["path"] == "/items/A4.2/self_score"


def test_full_self_score_has_no_finding(tree: Tree, good_items: dict) -> None:
    items = only_change(tree, good_items, {})
    assert items["A4.2"]["score"] == items["A4.2"]["max"]
    assert items["A4.2"]["findings"] == []


def test_self_score_evidence_of_wrong_type_is_capped(tree: Tree, good_items: dict) -> None:
    # A3.2 wants a photo; a PDF does not count.
    tree.set_item("A3.2", "self_score: 4\nevidence: [evidence/责任清单.pdf]")
    items = only_change(tree, good_items, {"A3.2": 2.0})
    assert item_findings(items["A3.2"]) == [
        ("P005", "自评 4 分，但有效佐证材料只有 0 份（要求 1 份，JPG/JPEG/PNG），最多计 50%")
    ]


def test_self_score_missing(tree: Tree, good_items: dict) -> None:
    tree.set_item("A4.2", "evidence: [evidence/廉政风险点.pdf]")
    items = only_change(tree, good_items, {"A4.2": 0.0})
    assert item_findings(items["A4.2"]) == [("P006", "条目 A4.2“廉政风险防控”未填写自评分")]
    assert items["A4.2"]["source"] == "self"


def test_self_score_lower_than_points(tree: Tree, good_items: dict) -> None:
    tree.set_item("A7.3", "self_score: 2.5\nevidence: [evidence/考核办法.pdf]")
    only_change(tree, good_items, {"A7.3": 2.5})


def test_self_score_above_points_is_an_error(tree: Tree) -> None:
    tree.set_item("A7.3", "self_score: 5\nevidence: [evidence/考核办法.pdf]")
    run = tree.validate()
    assert run.code == 1
    finding = run.findings[0]
    assert (finding["code"], finding["message"]) == ("R012", "条目 A7.3 自评 5 分，超过满分 3 分")
    assert finding["line"] == tree.line_of("self_score: 5")


def test_mixed_item_threshold_and_self(tree: Tree, good_items: dict) -> None:
    # A6.2: funds budget (auto) and a self-score (self), equal weights.
    tree.set_item("A6.2", "self_score: 2\nevidence: [evidence/经费预算.pdf]")
    items = only_change(tree, good_items, {"A6.2": 3.0})
    assert items["A6.2"]["source"] == "self"


# --- review -------------------------------------------------------------------------------

REVIEW = """\
group: 第一督导组
reviewed_on: 2026-01-15
items:
  A4.2:
    score: 3
    reason: 风险点排查不够全面
  A2.3:
    score: 3
    reason: 现场查看会议记录齐全
"""


def test_review_overrides_self_and_auto(tree: Tree, good_items: dict) -> None:
    tree.remove_activity("支委会", "2025-03-06")  # auto would give 2.8
    tree.set_item("A4.2", "self_score: 4")  # self would be capped at 2
    review = tree.write_review(REVIEW)
    items = only_change(tree, good_items, {"A4.2": 3.0})
    assert items["A4.2"]["source"] == "review"
    assert items["A4.2"]["note"] == "风险点排查不够全面"
    (finding,) = items["A4.2"]["findings"]
    assert finding["code"] == "P011"
    assert finding["message"] == "督导组核定 3 分（满分 4）：风险点排查不够全面"
    assert finding["file"] == "content/branches/T-01/2025/review.yaml"
    assert finding["line"] == review.read_text("utf-8").splitlines().index("    score: 3") + 1
    assert items["A2.3"]["source"] == "review"
    assert items["A2.3"]["score"] == 3.0
    assert items["A2.3"]["findings"] == []


def test_review_score_above_points_is_an_error(tree: Tree) -> None:
    tree.write_review(REVIEW.replace("score: 3\n    reason: 风险", "score: 9\n    reason: 风险"))
    run = tree.validate()
    assert run.code == 1
    (finding,) = run.findings
    assert finding["code"] == "R011"
    assert finding["message"] == "条目 A4.2 核定 9 分，超过满分 4 分"
    assert finding["file"] == "content/branches/T-01/2025/review.yaml"
    assert finding["line"] == 5


def test_review_unknown_item(tree: Tree) -> None:
    tree.write_review(REVIEW.replace("  A2.3:", "  A9.1:"))
    run = tree.validate()
    assert [(f["code"], f["line"], f["message"]) for f in run.findings] == [
        ("R006", 7, "标准中没有条目 A9.1")
    ]


def test_review_that_does_not_validate_blocks_scoring(tree: Tree) -> None:
    tree.write_review("group: 第一督导组\nitems: {}\n")
    run = tree.score()
    assert run.code == 1
    (result,) = run.json["results"]
    assert result["scored"] is False
    assert [f["code"] for f in result["findings"]] == ["S003"]
    assert "reviewed_on" in result["findings"][0]["message"]


# --- provenance ---------------------------------------------------------------------------


def test_provenance_in_good_tree(good_items: dict) -> None:
    sources = {item_id: item["source"] for item_id, item in good_items.items()}
    assert {i for i, s in sources.items() if s == "self"} == SELF_ITEMS
    assert {i for i, s in sources.items() if s == "auto"} == set(sources) - SELF_ITEMS
    assert "review" not in sources.values()


def test_provenance_with_review(tree: Tree) -> None:
    tree.write_review(REVIEW)
    sources = {item_id: item["source"] for item_id, item in tree.items().items()}
    assert {i for i, s in sources.items() if s == "review"} == {"A4.2", "A2.3"}
    assert {i for i, s in sources.items() if s == "self"} == SELF_ITEMS - {"A4.2"}
    assert sources["A1.1"] == "auto"


def test_provenance_shown_in_text_output(tree: Tree) -> None:
    tree.write_review(
        REVIEW.replace("  A2.3:\n    score: 3\n    reason: 现场查看会议记录齐全\n", "")
    )
    tree.set_item("A7.3", "self_score: 2\nevidence: [evidence/考核办法.pdf]")
    tree.remove_activity("支委会", "2025-04-06")
    run = run_cli("score", "content")
    assert "    A4.2 廉政风险防控 3/4 [核定]" in run.stdout
    assert "    A7.3 党建纳入单位考核 2/3 [自评]" in run.stdout
    assert "    A2.3 支委会 2.8/3 [自动]" in run.stdout
    assert f"      - 2025年4月无支委会记录（应有 12 个周期，缺 1 个）({DOSSIER_REL}:86)" in (
        run.stdout
    )


# --- veto ---------------------------------------------------------------------------------


def test_veto_forces_lowest_grade(tree: Tree, good_items: dict) -> None:
    tree.replace("violations: 0", "violations: 1")
    result = tree.result()
    assert result["total"] == 96.0  # high total…
    assert result["vetoed"] is True
    assert result["grade"] == "不达标"  # …but the lowest grade
    assert result["compliant"] is False
    assert result["veto_reason"] == "违反中央八项规定精神问题数为 1个，触发一票否决"
    items = {i["id"]: i for i in result["items"]}
    assert changed_items(items, good_items) == {"A4.3": 0.0}
    (finding,) = items["A4.3"]["findings"]
    assert finding["code"] == "P007"
    assert finding["level"] == "error"
    assert finding["line"] == tree.line_of("discipline:") + 1


def test_review_cannot_lift_a_veto(tree: Tree) -> None:
    tree.replace("violations: 0", "violations: 1")
    tree.write_review(
        "group: 第一督导组\nreviewed_on: 2026-01-15\nitems:\n"
        "  A4.3:\n    score: 4\n    reason: 已整改到位\n"
    )
    result = tree.result()
    items = {i["id"]: i for i in result["items"]}
    assert (items["A4.3"]["score"], items["A4.3"]["source"]) == (4.0, "review")
    assert result["total"] == 100.0
    assert result["vetoed"] is True
    assert result["grade"] == "不达标"


def test_no_veto_without_violations(tree: Tree) -> None:
    tree.replace("discipline:\n  violations: 0\n", "")
    result = tree.result()
    assert result["vetoed"] is False
    assert result["grade"] == "示范"


def test_veto_by_review(tree: Tree) -> None:
    tree.write_review(
        "group: 第一督导组\nreviewed_on: 2026-01-15\nitems: {}\n"
        "veto:\n  item: A4.3\n  reason: 发现公款吃喝问题\n"
    )
    result = tree.result()
    assert result["total"] == 100.0
    assert result["vetoed"] is True
    assert result["grade"] == "不达标"
    assert result["veto_reason"] == "督导组核定：发现公款吃喝问题"


# --- grades -------------------------------------------------------------------------------

AT_89 = ("主题党日", "集中学习", "志愿服务")  # A1.3 3 + A1.1 4 + A3.1 4
# A2.4 3 (no meeting, so no quorum either), A4.1 4, A5.2 3, A7.2 3
AT_76 = (*AT_89, "党员大会", "警示教育", "党务公开", "书记述职评议")
# A2.3 3, A2.5 2, A1.2 4, A3.3 4, A2.6 2, A5.1 4 (no meetings left to have minutes)
AT_57 = (*AT_76, "支委会", "党小组会", "党课", "谈心谈话", "组织生活会", "民主评议党员")


@pytest.mark.parametrize(
    ("removed", "total", "grade"),
    [
        ((), 100.0, "示范"),
        (AT_89, 89.0, "达标"),
        (AT_76, 76.0, "基本达标"),
        (AT_57, 57.0, "不达标"),
    ],
)
def test_grade_follows_total(tree: Tree, removed: tuple, total: float, grade: str) -> None:
    for record_type in removed:
        tree.remove_activities(record_type)
    result = tree.result()
    assert result["total"] == total
    assert result["grade"] == grade
    assert result["compliant"] is (grade in ("示范", "达标"))


# --- N/A ----------------------------------------------------------------------------------


def test_not_applicable_with_reason_gets_full_points(tree: Tree, good_items: dict) -> None:
    tree.replace("party_groups: 2", "party_groups: 0")
    assert tree.remove_activities("党小组会") == 12
    tree.set_item("A2.5", "na_reason: 支部党员人数少，未划分党小组")
    items = only_change(tree, good_items, {})
    assert items["A2.5"]["score"] == 2.0
    assert items["A2.5"]["na"] is True
    assert items["A2.5"]["note"] == "支部党员人数少，未划分党小组"
    assert items["A2.5"]["findings"] == []
    assert tree.validate().code == 0


def test_not_applicable_reason_without_condition(tree: Tree, good_items: dict) -> None:
    tree.set_item("A2.5", "na_reason: 我们不开党小组会")
    items = only_change(tree, good_items, {})
    assert items["A2.5"]["na"] is False
    (finding,) = items["A2.5"]["findings"]
    assert finding["code"] == "P008"
    assert finding["message"] == (
        "填写了不适用理由，但不符合不适用情形（未划分党小组的支部可不开党小组会）"
    )
    assert finding["line"] == tree.line_of("A2.5:") + 1


def test_not_applicable_reason_on_item_without_na(tree: Tree, good_items: dict) -> None:
    tree.set_item("A2.4", "na_reason: 本支部不开党员大会")
    items = only_change(tree, good_items, {})
    assert item_findings(items["A2.4"]) == [
        ("P008", "填写了不适用理由，但不符合不适用情形（该条目不允许不适用）")
    ]


def test_not_applicable_condition_without_reason(tree: Tree, good_items: dict) -> None:
    tree.replace("party_groups: 2", "party_groups: 0")
    tree.remove_activities("党小组会")
    items = only_change(tree, good_items, {"A2.5": 0.0})
    assert items["A2.5"]["na"] is False
    assert item_findings(items["A2.5"]) == [
        ("P009", "未划分党小组的支部可不开党小组会，但未填写不适用理由"),
        ("P001", "2025年全年无党小组会记录（应有 12 个周期，缺 12 个）"),
    ]
    assert items["A2.5"]["findings"][0]["path"] == "/items"


def test_committee_meetings_not_applicable_without_committee(tree: Tree) -> None:
    # Six full members: no committee, so no 支委会 (with a stated reason).
    for member in ("M07", "M08"):
        tree.set_member(member, "status", "预备党员")
    for member in ("M02", "M03", "M04"):
        tree.set_member(member, "role", "党员")
    tree.remove_activities("支委会")
    tree.set_item("A2.3", "na_reason: 正式党员 6 人，只设书记")
    items = tree.items()
    assert (items["A2.3"]["score"], items["A2.3"]["na"]) == (3.0, True)
    assert items["A2.1"]["score"] == 2.0


def test_committee_meetings_required_with_committee(tree: Tree, good_items: dict) -> None:
    tree.set_item("A2.3", "na_reason: 不开支委会")
    items = only_change(tree, good_items, {})
    assert items["A2.3"]["na"] is False
    assert items["A2.3"]["findings"][0]["code"] == "P008"


def test_recruitment_not_applicable_without_records(tree: Tree) -> None:
    tree.remove_activities("发展党员")
    tree.set_item("A2.7", "na_reason: 离退休干部党支部，本年度无发展对象")
    items = tree.items()
    assert (items["A2.7"]["score"], items["A2.7"]["na"]) == (2.0, True)
    assert items["A2.7"]["findings"] == []


def test_recruitment_without_records_and_without_reason(tree: Tree, good_items: dict) -> None:
    tree.remove_activities("发展党员")
    items = only_change(tree, good_items, {})  # the self-score still stands
    assert [f["code"] for f in items["A2.7"]["findings"]] == ["P009"]


def test_party_groups_missing_counts_as_zero(tree: Tree) -> None:
    tree.replace("party_groups: 2\n", "")
    tree.set_item("A2.5", "na_reason: 未划分党小组")
    assert tree.items()["A2.5"]["na"] is True


# --- dues over a transfer ------------------------------------------------------------------


def test_a_member_who_left_owes_dues_only_to_the_month_of_leaving(tree, good_items) -> None:
    tree.replace("  - id: M05\n", "  - id: M05\n    left_on: 2025-07-15\n")
    tree.set_member("M05", "dues_months", "7")
    only_change(tree, good_items, {})


def test_a_member_transferred_in_owes_dues_from_that_month(tree, good_items) -> None:
    tree.replace("  - id: M05\n", "  - id: M05\n    transferred_in_on: 2025-04-10\n")
    tree.set_member("M05", "dues_months", "9")
    only_change(tree, good_items, {})


def test_months_short_within_the_membership_still_count(tree, good_items) -> None:
    tree.replace("  - id: M05\n", "  - id: M05\n    left_on: 2025-07-15\n")
    tree.set_member("M05", "dues_months", "6")
    items = tree.items()
    assert items["A2.8"]["score"] < good_items["A2.8"]["score"]
    assert items["A2.8"]["findings"][0]["message"].endswith("未交满的党员：M05")
