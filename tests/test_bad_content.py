"""Well-formed YAML with wrong content: schema, dates, references, folders, other files."""

from __future__ import annotations

import pytest
from conftest import DOSSIER_REL, Tree, run_cli


def only(tree: Tree, code: str) -> dict:
    run = tree.validate()
    assert run.code == 1, run.findings
    assert [f["code"] for f in run.findings] == [code], run.findings
    finding = run.findings[0]
    assert finding["level"] == "error"
    return finding


# --- schema -------------------------------------------------------------------------------


def test_number_where_text_expected(tree: Tree) -> None:
    tree.replace("branch: T-01\n", "branch: 1234\n")
    finding = only(tree, "S001")
    assert finding["file"] == DOSSIER_REL
    assert (finding["line"], finding["column"]) == (tree.line_of("branch: 1234"), 9)
    assert finding["path"] == "/branch"
    assert finding["message"] == "“支部编号”应为文字，实际是数字 1234"
    assert finding["hint"] == '如果这是编号，请加引号，例如 "1234"。'


def test_number_where_text_expected_blocks_scoring(tree: Tree) -> None:
    tree.replace("branch: T-01\n", "branch: 1234\n")
    run = tree.score()
    assert run.code == 1
    assert run.json["results"][0]["scored"] is False


def test_quoted_number_is_text(tree: Tree) -> None:
    # A branch code of digits is fine once quoted (the folder must match, too).
    tree.replace("branch: T-01\n", 'branch: "1234"\n')
    finding = only(tree, "R004")
    assert finding["message"] == "支部编号为 1234，但所在目录是 T-01"


def test_wrong_type(tree: Tree) -> None:
    tree.set_member("M05", "training_hours", "很多")
    finding = only(tree, "S001")
    assert finding["line"] == tree.line_of("training_hours: 很多")
    assert finding["path"] == "/members/4/training_hours"
    assert finding["message"] == "“本年度学习培训学时”应为数字，实际是文字“很多”"


def test_list_where_mapping_expected(tree: Tree) -> None:
    tree.replace("funds:\n  budget_yuan: 5000\n", "funds:\n  - 5000\n")
    finding = only(tree, "S001")
    assert finding["message"] == "“党建工作经费”应为`键: 值` 结构，实际是列表"
    assert finding["line"] == tree.line_of("  - 5000")


def test_unknown_field_points_at_key(tree: Tree) -> None:
    tree.set_member("M03", "group", "第一党小组\n    phnoe: 12345")
    finding = only(tree, "S002")
    assert finding["line"] == tree.line_of("phnoe:")
    assert finding["column"] == 5
    assert finding["path"] == "/members/2/phnoe"
    assert finding["message"] == "未知字段 `phnoe`"
    assert "phone" in finding["hint"]


def test_unknown_top_level_field(tree: Tree) -> None:
    tree.write(tree.text() + "remark: 备注\n")
    finding = only(tree, "S002")
    assert finding["line"] == tree.line_of("remark:")
    assert finding["column"] == 1


def test_missing_required_field(tree: Tree) -> None:
    tree.replace("year: 2025\n", "")
    finding = only(tree, "S003")
    assert finding["message"] == "“党支部标准化建设年度台账”缺少必填字段 `year`（考核年度）"


def test_missing_attendance_for_meeting(tree: Tree) -> None:
    tree.set_activity("党员大会", "2025-06-25", "expected", None)
    finding = only(tree, "S003")
    assert finding["message"] == "党员大会记录缺少应到人数 `expected`"
    assert finding["line"] == tree.activity_lines("党员大会", "2025-06-25")[0]


def test_value_not_in_enum(tree: Tree) -> None:
    tree.set_member("M05", "status", "入党积极分子")
    finding = only(tree, "S004")
    assert finding["message"] == "“党员类别”的值 文字“入党积极分子” 不在允许范围内"
    assert finding["hint"] == "可选值：正式党员、预备党员。"


def test_unknown_activity_type(tree: Tree) -> None:
    tree.set_activity("警示教育", "2025-06-26", "type", "廉政教育")
    finding = only(tree, "S004")
    assert finding["message"] == "活动类型“廉政教育”不是标准规定的记录类型"
    assert "警示教育" in finding["hint"]


def test_date_that_does_not_exist(tree: Tree) -> None:
    line = tree.set_activity("支委会", "2025-02-06", "date", "2025-02-30")
    finding = only(tree, "S005")
    assert finding["line"] == line
    assert finding["message"] == "日期 2025-02-30 不存在：2025 年 2 月只有 28 天"
    assert "日历" in finding["hint"]


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("2024-02-30", "2024 年 2 月只有 29 天"),
        ("2025-04-31", "2025 年 4 月只有 30 天"),
        ("2025-13-01", "月份应在 1 到 12 之间"),
    ],
)
def test_date_that_does_not_exist_names_the_calendar(tree: Tree, written: str, reason: str) -> None:
    tree.set_activity("支委会", "2025-02-06", "date", written)
    assert only(tree, "S005")["message"] == f"日期 {written} 不存在：{reason}"


def test_full_width_brackets_are_named_with_the_fix(tree: Tree) -> None:
    line = tree.set_activity("支委会", "2025-02-06", "participants", "［M01，M02］")
    finding = only(tree, "S001")
    assert finding["line"] == line
    for mark, ascii_mark in (("［", "["), ("，", ","), ("］", "]")):
        assert f"“{mark}”改为英文的 `{ascii_mark}`" in finding["hint"]


@pytest.mark.parametrize("written", ["2025/02/06", "2025-2-6", "2025年2月6日", "20250206"])
def test_date_in_wrong_format(tree: Tree, written: str) -> None:
    line = tree.set_activity("支委会", "2025-02-06", "date", written)
    finding = only(tree, "S005" if not written.isdigit() else "S001")
    assert finding["line"] == line


def test_bad_item_key(tree: Tree) -> None:
    tree.replace("  A7.3:\n", "  a7.3:\n")
    finding = only(tree, "S005")
    assert finding["line"] == tree.line_of("  a7.3:")
    assert finding["message"] == "“逐条自评”格式不正确：文字“a7.3”"


def test_number_out_of_range(tree: Tree) -> None:
    tree.set_member("M05", "dues_months", "13")
    finding = only(tree, "S006")
    assert finding["message"] == "“本年度已交党费月数”为 13，不能大于 12"


def test_bad_id_number_format(tree: Tree) -> None:
    tree.set_member("M05", "group", '第一党小组\n    id_number: "12345"')
    finding = only(tree, "S005")
    assert finding["line"] == tree.line_of("id_number:")


# --- dates ----------------------------------------------------------------------------------


def test_date_outside_the_year(tree: Tree) -> None:
    line = tree.set_activity("支委会", "2025-02-06", "date", "2024-12-30")
    finding = only(tree, "D001")
    assert finding["line"] == line
    assert finding["message"] == "日期 2024年12月30日 不在 2025 年度内"
    assert finding["path"] == f"/activities/{tree.activity_index('支委会', '2024-12-30')}/date"


def test_date_in_the_future(tree: Tree) -> None:
    line = tree.set_activity("支委会", "2025-02-06", "date", "2026-11-30")
    finding = only(tree, "D002")
    assert finding["line"] == line
    assert finding["message"] == "日期 2026年11月30日 晚于今天（2026年11月29日）"


def test_today_is_not_the_future(tree: Tree) -> None:
    tree.replace("elected_on: 2024-03-15", "elected_on: 2026-11-29")
    assert tree.validate().code == 0


def test_future_election_date(tree: Tree) -> None:
    tree.replace("elected_on: 2024-03-15", "elected_on: 2027-01-01")
    finding = only(tree, "D002")
    assert finding["line"] == tree.line_of("elected_on:")


def test_year_in_progress_counts_only_periods_begun(tree: Tree) -> None:
    """Judged on 2025-06-30 the dossier owes January to June only."""
    for record_type in ("支委会", "集中学习", "党小组会", "主题党日"):
        for month in range(7, 13):
            day = {"支委会": 6, "集中学习": 12, "党小组会": 15, "主题党日": 20}[record_type]
            tree.remove_activity(record_type, f"2025-{month:02d}-{day:02d}")
    run = run_cli("score", "--format", "json", "content", today="2025-06-30")
    (result,) = run.json["results"]
    items = {i["id"]: i for i in result["items"]}
    for item_id in ("A1.1", "A1.3", "A2.5"):
        assert items[item_id]["score"] == items[item_id]["max"], items[item_id]
    # The later records are still in the file and are in the future on that day.
    assert "D002" in {f["code"] for f in result["findings"]}


# --- references -----------------------------------------------------------------------------


def test_unknown_member_id(tree: Tree) -> None:
    tree.replace("M07, M08, M09]", "M07, M08, M90]")
    finding = only(tree, "R001")
    assert finding["message"] == "党员编号 M90 不在党员名册中"
    assert finding["line"] == tree.line_of("M90]")
    assert finding["path"].endswith("/participants/8")


def test_unknown_chair(tree: Tree) -> None:
    line = tree.set_activity("党员大会", "2025-06-25", "chair", "M42")
    finding = only(tree, "R001")
    assert finding["line"] == line


def test_duplicate_member_id(tree: Tree) -> None:
    tree.replace("  - id: M09\n", "  - id: M08\n")
    run = tree.validate()
    assert run.code == 1
    assert "R002" in run.codes()
    finding = next(f for f in run.findings if f["code"] == "R002")
    assert finding["message"] == "党员编号 M08 重复"
    assert finding["path"] == "/members/8/id"


def test_present_more_than_expected(tree: Tree) -> None:
    line = tree.set_activity("党员大会", "2025-06-25", "present", "10")
    finding = only(tree, "R003")
    assert finding["line"] == line
    assert finding["message"] == "实到 10 人，超过应到 9 人"


def test_unknown_item_id(tree: Tree) -> None:
    tree.set_item("A8.1", "self_score: 1")
    finding = only(tree, "R006")
    assert finding["line"] == tree.line_of("  A8.1:")
    assert finding["message"] == "标准中没有条目 A8.1"


def test_dossier_in_the_wrong_folder(tree: Tree) -> None:
    tree.replace("year: 2025\n", "year: 2024\n")
    run = tree.validate()
    assert run.code == 1
    assert "R004" in run.codes()
    assert any(f["message"] == "年度为 2024，但所在目录是 2025" for f in run.findings)


def test_other_standard(tree: Tree) -> None:
    tree.replace('version: "2025.1"', 'version: "2024.1"')
    finding = only(tree, "R007")
    assert finding["message"] == ("台账按标准 jgdj-zbbzh 2024.1 填写，当前标准是 jgdj-zbbzh 2025.1")


def test_unknown_parent_organization(tree: Tree) -> None:
    branch = tree.content / "branches" / "T-01" / "branch.yaml"
    branch.write_text(branch.read_text("utf-8").replace("ORG-01", "ORG-99"), "utf-8")
    run = tree.validate()
    assert [(f["code"], f["file"], f["line"]) for f in run.findings] == [
        ("R005", "content/branches/T-01/branch.yaml", 3)
    ]


def test_missing_branch_file(tree: Tree) -> None:
    (tree.content / "branches" / "T-01" / "branch.yaml").unlink()
    run = tree.validate()
    assert run.code == 1
    assert run.codes() == ["R008"]
    assert tree.score().code == 0  # the dossier itself can still be scored


def test_missing_organization_file(tree: Tree) -> None:
    (tree.content / "organization.yaml").unlink()
    run = tree.validate()
    assert run.code == 1
    assert run.codes() == ["R009"]


def test_broken_branch_file(tree: Tree) -> None:
    branch = tree.content / "branches" / "T-01" / "branch.yaml"
    branch.write_text("code: T-01\nname: [测试\n", "utf-8")
    run = tree.validate()
    assert run.code == 1
    (finding,) = run.findings
    assert (finding["code"], finding["file"]) == ("Y001", "content/branches/T-01/branch.yaml")
    assert finding["line"] == 3


def test_broken_organization_file_reported_once(tree: Tree) -> None:
    tree.copy_branch("T-02")
    (tree.content / "organization.yaml").write_text("committee: x\ncommittee: y\n", "utf-8")
    run = tree.validate()
    assert run.code == 1
    assert [(f["code"], f["file"], f["line"]) for f in run.findings] == [
        ("Y002", "content/organization.yaml", 2)
    ]


def test_organization_with_undefined_zone(tree: Tree) -> None:
    org = tree.content / "organization.yaml"
    org.write_text(org.read_text("utf-8").replace("zone: Z1", "zone: Z9"), "utf-8")
    run = tree.validate()
    (finding,) = run.findings
    assert finding["code"] == "R005"
    assert finding["message"] == "市财政局机关党委 的责任区“Z9”未定义"


def test_review_with_bad_schema(tree: Tree) -> None:
    tree.write_review("group: 第一督导组\nreviewed_on: 2026-01-15\nitems:\n  A2.3:\n    score: 3\n")
    run = tree.validate()
    assert run.code == 1
    (finding,) = run.findings
    assert finding["code"] == "S003"
    assert finding["file"] == "content/branches/T-01/2025/review.yaml"
    assert "`reason`" in finding["message"]


def test_findings_sorted_by_file_and_line(tree: Tree) -> None:
    tree.set_activity("党员大会", "2025-12-25", "chair", "M41")
    tree.set_activity("支委会", "2025-01-06", "chair", "M40")
    run = tree.validate()
    lines = [f["line"] for f in run.findings]
    assert run.codes() == ["R001", "R001"]
    assert lines == sorted(lines)
    assert lines[0] < lines[1]


def test_year_zero_is_not_a_date(tree: Tree) -> None:
    # JSON Schema's date format accepts year 0000; Python's dates start at year 1.
    line = tree.set_activity("支委会", "2025-02-06", "date", "0000-02-06")
    finding = only(tree, "S005")
    assert finding["line"] == line
    assert finding["message"] == "日期 0000-02-06 不存在"
    assert tree.score().code == 0  # the record is simply not counted


def test_election_in_year_zero(tree: Tree) -> None:
    tree.replace("elected_on: 2024-03-15", "elected_on: 0000-01-01")
    finding = only(tree, "S005")
    assert finding["line"] == tree.line_of("elected_on:")
    items = tree.items()
    assert items["A2.2"]["score"] == 0.0
    assert items["A2.2"]["findings"][0]["message"] == "本届支部委员会的选举日期 0000-01-01 不存在"


def test_election_at_the_end_of_time(tree: Tree) -> None:
    tree.replace("elected_on: 2024-03-15", "elected_on: 9999-12-31")
    finding = only(tree, "D002")
    assert finding["message"] == "日期 9999年12月31日 晚于今天（2026年11月29日）"
    assert tree.result()["total"] == 100.0
