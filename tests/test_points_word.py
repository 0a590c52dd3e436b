"""The monthly points form in Word: generated, filled in (python-docx, and LibreOffice's
re-save of it), imported back as points/YYYY-MM.yaml; the same results as a month file
written by hand with the same declarations; every unreadable cell reported at its place.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml
from conftest import REPO, SCHEMAS, Tree, missing_tool, run_cli

from checker.core.yamlload import load_yaml

MONTH = "2025-03"
# Declarations table: 表3; its first fillable row is row 3.
DECLARATIONS, FIRST_ROW = 2, 3

# As a secretary types them: full-width digits, official dates, a unit after a count.
TYPED = [
    ["M01", "P01", "2025年3月6日", "２", "参加支部集中学习", "", "通过", "", ""],
    ["Ｍ02", "p02", "２０２５年３月１２日", "1次", "参加主题党日", "", "调整", "０", "当月未参加"],
    ["M03", "P13", "2025.3.20", "", "交纳党费", "", "", "", ""],
    ["M04", "P31", "3月25日", "1", "完成业务目标", "", "不通过", "", "未见完成情况"],
]
REVIEW = ("２０２５年４月５日", "支部委员会")

# The same declarations written by hand.
BY_HAND = """month: 2025-03
declarations:
  - {member: M01, standard: P01, date: 2025-03-06, count: 2, note: 参加支部集中学习, result: 通过}
  - {member: M02, standard: P02, date: 2025-03-12, count: 1, note: 参加主题党日, result: 调整,
     approved: 0, reason: 当月未参加}
  - {member: M03, standard: P13, date: 2025-03-20, note: 交纳党费}
  - {member: M04, standard: P31, date: 2025-03-25, count: 1, note: 完成业务目标, result: 不通过,
     reason: 未见完成情况}
reviewed_on: 2025-04-05
reviewed_by: 支部委员会
"""


def make_form(tree: Tree, name: str = "form.docx", *extra: str) -> Path:
    form = tree.base / name
    run = run_cli("points-form", str(tree.year_dir), "--month", MONTH, "-o", str(form), *extra)
    assert run.code == 0, run.stdout + run.stderr
    return form


def fill(form: Path, rows: list[list[str]], review: tuple[str, str] = REVIEW) -> Path:
    document = docx.Document(str(form))
    table = document.tables[DECLARATIONS]
    for offset, texts in enumerate(rows):
        cells = table.rows[FIRST_ROW - 1 + offset].cells
        for cell, text in zip(cells, texts, strict=True):
            cell.text = text
    review_table = document.tables[3]
    for row, text in zip(review_table.rows, review, strict=True):
        row.cells[1].text = text
    document.save(str(form))
    return form


def month_path(tree: Tree) -> Path:
    return tree.year_dir / "points" / f"{MONTH}.yaml"


def points_json(tree: Tree) -> dict:
    """`checker points` JSON, without the findings' lines and columns: those point into
    the text of the file, which the importer lays out its own way."""
    run = run_cli("points", str(tree.content), "--format", "json")
    assert run.code in (0, 1), run.stdout + run.stderr
    data = run.json
    for ledger in data["ledgers"]:
        for finding in ledger["findings"]:
            del finding["line"], finding["column"]
    assert data["ledgers"][0]["members"]
    return data


def by_hand_results(tree: Tree) -> dict:
    path = month_path(tree)
    imported = path.read_text("utf-8")
    path.write_text(BY_HAND, "utf-8")
    try:
        return points_json(tree)
    finally:
        path.write_text(imported, "utf-8")


def test_a_filled_form_imports_to_the_same_results_as_a_month_written_by_hand(tree: Tree):
    form = fill(make_form(tree), TYPED)
    run = run_cli("import", str(form), "--content", str(tree.content))
    assert run.code in (0, 1), run.stdout + run.stderr
    assert f"已写入 content/branches/T-01/2025/points/{MONTH}.yaml" in run.stdout
    imported = load_yaml(month_path(tree), "m", 1 << 20).data
    assert imported == load_yaml_text(BY_HAND)
    # What was written loads back to the same data with any YAML reader too.
    assert yaml.safe_load(month_path(tree).read_text("utf-8"))["declarations"][1]["approved"] == 0
    assert points_json(tree) == by_hand_results(tree)


def load_yaml_text(text: str) -> dict:
    scratch = Path("by-hand.yaml")
    scratch.write_text(text, "utf-8")
    return load_yaml(scratch, "by-hand.yaml", 1 << 20).data


def test_a_form_saved_again_by_libreoffice_imports_the_same(tree: Tree) -> None:
    if shutil.which("soffice") is None:
        missing_tool("LibreOffice is not installed (apt-get install libreoffice-writer)")
    form = fill(make_form(tree), TYPED)
    saved = tree.base / "saved"
    profile = (tree.base / "profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
         "docx:MS Word 2007 XML", "--outdir", str(saved), str(form)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    resaved = saved / "form.docx"
    assert resaved.read_bytes() != form.read_bytes()
    run = run_cli("import", str(resaved), "--content", str(tree.content))
    assert run.code in (0, 1), run.stdout + run.stderr
    assert load_yaml(month_path(tree), "m", 1 << 20).data == load_yaml_text(BY_HAND)
    assert points_json(tree) == by_hand_results(tree)


def test_every_unreadable_cell_is_reported_at_its_place_and_nothing_is_written(tree: Tree):
    rows = [list(r) for r in TYPED]
    rows[0][2] = "2025年2月30日"  # no such day
    rows[1][0] = "M77"  # not in the roster
    rows[2][3] = "两三次"  # not a number
    form = fill(make_form(tree), rows)
    run = run_cli("import", str(form), "--content", str(tree.content))
    assert run.code == 2, run.stdout + run.stderr
    assert "form.docx:表3 第3行 第3列: W009" in run.stderr
    assert "form.docx:表3 第4行 第1列: J001" in run.stderr
    assert "form.docx:表3 第5行 第4列: W010" in run.stderr
    assert "表格中有 3 处无法导入" in run.stderr
    assert "未写入任何文件。" in run.stderr
    assert not (tree.year_dir / "points").exists()


def test_an_existing_month_is_not_overwritten_without_force(tree: Tree) -> None:
    folder = tree.year_dir / "points"
    folder.mkdir()
    month_path(tree).write_text(BY_HAND.replace("count: 2", "count: 1"), "utf-8")
    before = month_path(tree).read_bytes()
    form = fill(make_form(tree, "other.docx"), TYPED)
    run = run_cli("import", str(form), "--content", str(tree.content))
    assert run.code == 2, run.stdout + run.stderr
    assert "W012" in run.stderr and "--force" in run.stderr
    assert month_path(tree).read_bytes() == before
    forced = run_cli("import", str(form), "--content", str(tree.content), "--force")
    assert forced.code in (0, 1), forced.stdout + forced.stderr
    assert "申报 4 条改为 4 条（其中 3 条不变）" in forced.stdout
    assert load_yaml(month_path(tree), "m", 1 << 20).data == load_yaml_text(BY_HAND)


def test_a_form_prefilled_from_the_month_imports_as_no_change(tree: Tree) -> None:
    (tree.year_dir / "points").mkdir()
    month_path(tree).write_text(BY_HAND, "utf-8")
    before = month_path(tree).read_bytes()
    form = make_form(tree)
    document = docx.Document(str(form))
    assert document.tables[DECLARATIONS].rows[FIRST_ROW - 1].cells[2].text == "2025年3月6日"
    run = run_cli("import", str(form), "--content", str(tree.content))
    assert run.code in (0, 1), run.stdout + run.stderr
    assert "没有改动" in run.stdout
    assert month_path(tree).read_bytes() == before


def test_a_form_of_another_points_standard_is_refused(tree: Tree, tmp_path: Path) -> None:
    other = tmp_path / "schemas-other"
    shutil.copytree(SCHEMAS, other)
    points = other / "points.yaml"
    points.write_text(points.read_text("utf-8").replace('version: "2025.1"', 'version: "2026.1"'))
    form = tree.base / "old.docx"
    made = run_cli(
        "points-form", str(tree.year_dir), "--month", MONTH, "-o", str(form), schemas=other
    )
    assert made.code == 0, made.stderr
    run = run_cli("import", str(form), "--content", str(tree.content))
    assert run.code == 2
    assert "W007" in run.stderr and "2026.1" in run.stderr
    assert not (tree.year_dir / "points").exists()


def test_the_form_lists_the_roster_with_names_and_the_standards(tmp_path: Path) -> None:
    year_dir = REPO / "content" / "branches" / "379901-CZJ-01" / "2025"
    form = tmp_path / "f.docx"
    run = run_cli("points-form", str(year_dir), "--month", MONTH, "-o", str(form))
    assert run.code == 0, run.stderr
    assert "预填自" in run.stdout
    document = docx.Document(str(form))
    assert [c.text for c in document.tables[0].rows[0].cells] == ["支部编号", "379901-CZJ-01"]
    members = document.tables[1]
    assert [c.text for c in members.rows[1].cells] == ["M01", "姜斌"]
    standards = document.tables[4]
    assert [c.text for c in standards.rows[1].cells] == ["P01", "参加集中学习", "2", "4"]
    header = [c.text for c in document.tables[DECLARATIONS].rows[1].cells]
    assert header == ["党员编号", "积分标准编号", "日期", "次数", "说明", "佐证材料",
                      "审核结果", "认定次数", "理由"]  # fmt: skip
    assert "checker-points-form/1;standard=jgdj-dyjf;version=2025.1" in (
        document.core_properties.identifier
    )


@pytest.mark.parametrize("month", ["2025-13", "2024-03"])
def test_a_month_outside_the_year_is_a_usage_error(tree: Tree, month: str) -> None:
    run = run_cli("points-form", str(tree.year_dir), "--month", month, "-o", "x.docx")
    assert run.code == 2
    assert not Path("x.docx").exists()


# --- the year's grading table ----------------------------------------------------------

SAMPLE = REPO / "content" / "branches"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@pytest.mark.parametrize("branch", ["379901-CZJ-01", "379921-LTZ-01"])
def test_the_grading_table_holds_the_numbers_of_checker_points(tmp_path: Path, branch: str):
    year_dir = SAMPLE / branch / "2025"
    target = tmp_path / "定级表.docx"
    run = run_cli("points-report", str(year_dir), "-o", str(target))
    assert run.code == 0, run.stderr
    (ledger,) = run_cli("points", str(year_dir), "--format", "json").json["ledgers"]
    document = docx.Document(str(target))
    members, counts = document.tables
    rows = [[c.text for c in row.cells] for row in members.rows]
    assert rows[0] == ["编号", "姓名", "全年积分", "按积分等次", "定级", "备注"]
    assert [r[0] for r in rows[1:]] == [m["member"] for m in ledger["members"]]
    for row, member in zip(rows[1:], ledger["members"], strict=True):
        assert row[2] == _number(member["total"]) and row[3] == member["grade"]
        assert row[4] == ("不参加定级" if member["not_graded"] else member["decided"])
        if member["not_graded"]:
            assert row[5]  # the category, never blank
    assert rows[1][1]  # names: the table is the branch's own document
    decided = [m["decided"] for m in ledger["members"] if not m["not_graded"]]
    shown = {row.cells[0].text: int(row.cells[1].text) for row in counts.rows[1:]}
    assert shown == {g: decided.count(g) for g in ("优秀", "合格", "基本合格", "不合格")}
    text = "\n".join(p.text for p in document.paragraphs)
    graded, excellent = len(decided), decided.count("优秀")
    assert f"参加定级 {graded} 人，定为“优秀”{excellent} 人" in text
    over = any(f["code"] == "J012" for f in ledger["findings"])
    assert ("超过规定比例" in text) is over and ("符合规定" in text) is not over
    paras = document.paragraphs
    sign = next(n for n, p in enumerate(paras) if p.text.startswith("支部书记"))
    assert "日期" in paras[sign].text
    # The one-third check and the blank line before the sign-off keep with it.
    assert all(p.paragraph_format.keep_with_next for p in paras[sign - 2 : sign])


def test_a_year_without_a_points_ledger_has_no_grading_table(tree: Tree) -> None:
    run = run_cli("points-report", str(tree.year_dir), "-o", "t.docx")
    assert run.code == 2 and "points/" in run.stderr
    assert not Path("t.docx").exists()


def test_the_marker_on_the_cover_stands_in_for_lost_properties(tree: Tree) -> None:
    form = fill(make_form(tree), TYPED)
    document = docx.Document(str(form))
    document.core_properties.identifier = ""  # some office programs drop it
    document.save(str(form))
    run = run_cli("import", str(form), "--content", str(tree.content))
    assert run.code in (0, 1), run.stdout + run.stderr
    assert month_path(tree).is_file()


def test_the_ledgers_findings_are_shown_at_their_row_of_the_form(tree: Tree) -> None:
    rows = [list(r) for r in TYPED]
    rows[1][1] = "P06"  # 参加专题培训 asks for evidence, and none is given
    form = fill(make_form(tree), rows)
    run = run_cli("import", str(form), "--content", str(tree.content))
    assert run.code == 0, run.stdout + run.stderr  # J005 is a warning: written, and said
    line = next(x for x in run.stdout.splitlines() if " J005 " in x)
    assert line.startswith(f"content/branches/T-01/2025/points/{MONTH}.yaml:")
    assert "[表格位置 form.docx:表3 第4行" in line


def test_hostile_text_in_a_cell_is_kept_as_text(tree: Tree) -> None:
    rows = [list(r) for r in TYPED]
    rows[0][4] = "说明\u200b: {a: [b]} # 不是注释\n第二行"
    form = fill(make_form(tree), rows)
    run = run_cli("import", str(form), "--content", str(tree.content))
    assert run.code in (0, 1), run.stdout + run.stderr
    data = load_yaml(month_path(tree), "m", 1 << 20).data
    assert data["declarations"][0]["note"] == "说明: {a: [b]} # 不是注释\n第二行"


def test_a_month_changed_while_importing_is_not_overwritten(tree: Tree) -> None:
    from checker.points.engine import PointsEngine
    from checker.points.word.month_import import read_points_form

    form = fill(make_form(tree), TYPED)
    engine = PointsEngine(SCHEMAS)
    planned = read_points_form(engine, form, tree.content, "form.docx")
    (tree.year_dir / "points").mkdir()
    month_path(tree).write_text(BY_HAND, "utf-8")  # another writer, after the comparison
    with pytest.raises(OSError, match="在导入过程中被改动"):
        planned.write(tree.content, engine.max_yaml_bytes)
    assert month_path(tree).read_text("utf-8") == BY_HAND


# --- the inbox ----------------------------------------------------------------------------


def test_the_inbox_takes_a_filled_points_form_with_its_receipt(tree: Tree) -> None:
    form = fill(make_form(tree), TYPED)
    inbox = tree.base / "inbox"
    inbox.mkdir()
    shutil.copy(form, inbox / "3月积分.docx")
    run = run_cli("ingest", "inbox", "--content", "content")
    assert run.code == 0, run.stdout + run.stderr
    assert load_yaml(month_path(tree), "m", 1 << 20).data == load_yaml_text(BY_HAND)
    receipt = (inbox / "processed" / "3月积分.docx.回执.md").read_text("utf-8")
    assert "**已接受**" in receipt
    assert f"content/branches/T-01/2025/points/{MONTH}.yaml：申报 0 条改为 4 条" in receipt


def test_the_inbox_refuses_a_points_form_with_an_unknown_member_at_its_cell(tree: Tree) -> None:
    rows = [list(TYPED[0]), ["M77", *TYPED[1][1:]]]
    form = fill(make_form(tree), rows)
    inbox = tree.base / "inbox"
    inbox.mkdir()
    shutil.copy(form, inbox / "表格.docx")
    run = run_cli("ingest", "inbox", "--content", "content")
    assert run.code == 1, run.stdout + run.stderr
    assert not month_path(tree).exists()
    receipt = (inbox / "rejected" / "表格.docx.回执.md").read_text("utf-8")
    assert "**未接受**" in receipt and "| J001 |" in receipt and "表3 第4行" in receipt
