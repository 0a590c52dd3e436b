"""The committee's Word documents: the 七一 naming decision and the assessment bulletin,
written for the sample content, read back with python-docx and compared with what
`checker score` and `checker assess` say."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
from conftest import REPO, SCHEMAS, Tree, run_cli
from test_assessment import Inputs

CONTENT = REPO / "content"


@pytest.fixture(scope="module")
def scores() -> list[dict]:
    run = run_cli("score", str(CONTENT), "--format", "json")
    assert run.code == 0, run.stderr
    return run.json["results"]


def _names(results: list[dict], year: int, test) -> set[str]:
    return {r["name"] for r in results if r["year"] == year and test(r)}


def _tables(path: Path) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in docx.Document(path).tables]


def _text(path: Path) -> str:
    document = docx.Document(path)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def naming_docx(folder: Path, schemas: Path = SCHEMAS) -> Path:
    out = folder / "命名.docx"
    run = run_cli("report", str(CONTENT), "--naming", "--year", "2025", "-o", str(out),
                  schemas=schemas)  # fmt: skip
    assert run.code == 0, run.stdout + run.stderr
    return out


def test_the_naming_lists_match_the_scores_of_both_years(tmp_path: Path, scores) -> None:
    compliant = lambda r: r["compliant"]  # noqa: E731
    now, before = _names(scores, 2025, compliant), _names(scores, 2024, compliant)
    expected = [
        _names(scores, 2025, lambda r: r["grade"] == "示范"),
        now - before,
        now & before,
        before - now,
    ]
    # Counted by hand from `checker score content/ --format json` for 2024 and 2025.
    assert [len(names) for names in expected] == [6, 4, 7, 1]
    tables = _tables(naming_docx(tmp_path))
    assert len(tables) == 4
    for table, names in zip(tables, expected, strict=True):
        header, *rows = table
        assert header == ["序号", "支部", "上级党组织"]
        assert [row[0] for row in rows] == [str(n) for n in range(1, len(rows) + 1)]
        assert {row[1] for row in rows} == names
    by_name = {r["name"]: r["organization_name"] for r in scores}
    assert all(row[2] == by_name[row[1]] for table in tables for row in table[1:])
    assert "渤川市市场监督管理局机关第一党支部" in {row[1] for row in tables[3][1:]}


def test_the_naming_decision_reads_as_a_draft_with_the_target(tmp_path: Path) -> None:
    text = _text(naming_docx(tmp_path))
    assert "关于命名2025年度标准化建设示范党支部和达标党支部的决定（草案）" in text
    # 11 of 14 compliant, against the 80% target of 2025: one more needed.
    assert "14 个党支部" in text and "11 个" in text and "78.6%" in text
    assert "年度目标为 80%，还需 1 个支部达标" in text
    assert "中共渤川市市直机关工作委员会\n2026年11月29日" in text


def test_the_naming_takes_the_grade_names_from_the_standard(tmp_path: Path) -> None:
    schemas = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, schemas)
    standard = schemas / "standard.yaml"
    standard.write_text(standard.read_text("utf-8").replace("示范", "标杆"), "utf-8")
    text = _text(naming_docx(tmp_path, schemas))
    assert "标杆党支部和达标党支部的决定" in text and "示范" not in text


def test_the_naming_decision_in_markdown(tmp_path: Path) -> None:
    run = run_cli("report", str(CONTENT), "--naming", "--year", "2025", "--format", "markdown")
    assert run.code == 0, run.stderr
    assert run.stdout.startswith("# 关于命名2025年度")
    assert "| 序号 | 支部 | 上级党组织 |" in run.stdout
    assert "| 1 | 渤川市财政局离退休干部党支部 | 中共渤川市财政局机关委员会 |" in run.stdout


def test_the_naming_needs_a_year() -> None:
    run = run_cli("report", str(CONTENT), "--naming", "--format", "markdown")
    assert run.code == 2 and "--naming 须同时指定 --year" in run.stderr
    run = run_cli(
        "report", str(CONTENT), "--naming", "--summary", "--year", "2025", "--format", "markdown"
    )
    assert run.code == 2 and "只能选一个" in run.stderr


# --- the assessment bulletin -------------------------------------------------------------


@pytest.fixture(scope="module")
def assessed() -> dict:
    run = run_cli("assess", "--year", "2025", "--content", str(CONTENT), "--format", "json")
    return run.json


def bulletin_docx(folder: Path, content: Path = CONTENT) -> Path:
    out = folder / "考核通报.docx"
    run = run_cli("report", str(content), "--assessment", "--year", "2025", "-o", str(out))
    # The sample has a self-rating (K002, an error): the bulletin is written, exit 1.
    assert run.code in (0, 1) and out.is_file(), run.stdout + run.stderr
    return out


def _number(text: str) -> float:
    return float(text)


def test_the_bulletin_shows_the_numbers_of_checker_assess(tmp_path: Path, assessed) -> None:
    tables = _tables(bulletin_docx(tmp_path))
    header, *rows = tables[0]
    components = [c["name"] for c in assessed["organizations"][0]["components"]]
    assert header[:2] == ["名次", "党组织"] and header[-3:] == ["加分", "减分", "总分"]
    assert [h.split("\n")[0] for h in header[2:-3]] == components
    assert len(rows) == len(assessed["organizations"])
    for row, result in zip(rows, assessed["organizations"], strict=True):
        assert row[0] == str(result["ranks"]["overall"]["rank"])
        assert row[1] == result["name"]
        assert [_number(v) for v in row[2:-3]] == [c["weighted"] for c in result["components"]]
        assert _number(row[-3]) == result["bonus"] and _number(row[-2]) == result["deduction"]
        assert _number(row[-1]) == result["total"]
    # One table per zone with organizations, then the roll-up.
    zones = {o["zone"] for o in assessed["organizations"]}
    *zone_tables, rollup = tables[1:]
    assert len(zone_tables) == len(zones)
    for table in zone_tables:
        for row in table[1:]:
            result = next(o for o in assessed["organizations"] if o["name"] == row[1])
            assert row[0] == str(result["ranks"]["zone"]["rank"])
            assert _number(row[2]) == result["total"]
    expected = [
        [f"{r['compliant']}/{r['branches']}", f"{r['target'] * 100:.0f}%", str(r["needed"])]
        for r in assessed["rollups"]
        if r["scope"] in ("committee", "zone", "level")
    ]
    assert rollup[0] == ["范围", "名称", "达标/支部数", "目标", "还需"]
    assert [row[2:] for row in rollup[1:]] == expected
    assert rollup[1][2:] == ["11/14", "80%", "1"]


def test_the_bulletin_names_no_rater_and_no_single_rating(tmp_path: Path) -> None:
    text = _text(bulletin_docx(tmp_path))
    assert "关于2025年度党组织目标考核结果的通报" in text
    assert re.search(r"W\d\d", text) is None
    assert "评分" not in text.replace("检查评分", "")  # no "N 人评分" from the reasons
    assert "中共渤川市市直机关工作委员会\n2026年11月29日" in text


def test_tied_organizations_are_shown_as_tied(tree: Tree) -> None:
    Inputs(tree).write()
    text = _tables(bulletin_docx(tree.base, tree.content))
    overall = [row[0] for row in text[0][1:]]
    assert overall == ["1", *["2\n并列"] * 5]
    assert "1\n并列" in [row[0] for table in text[1:-1] for row in table[1:]]


def test_the_bulletin_in_markdown() -> None:
    run = run_cli("report", str(CONTENT), "--assessment", "--year", "2025", "--format", "markdown")
    assert run.code == 1  # the sample's self-rating is an error of the inputs
    assert "K002" in run.stderr
    assert run.stdout.startswith("# 中共渤川市市直机关工作委员会 关于2025年度党组织目标考核")
    assert (
        "| 名次 | 党组织 |" in run.stdout
        and "| 合计 | 全部党支部 | 11/14 | 80% | 1 |" in run.stdout
    )
