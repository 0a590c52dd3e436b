"""`checker assess-form` and the import of its filled tally sheet: generated, filled in with
python-docx as a person would (full-width digits), imported into a copy of the sample
content, and scored by `checker assess`; and the same after LibreOffice saved the sheet."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import docx
import pytest
import yaml
from conftest import REPO, run_cli
from test_word_in_office import libreoffice_resave, need_pdf_tools

RATINGS = {"好": 100, "较好": 80, "一般": 60, "差": 0}
# LH-LTZ has 20 members: no question more votes than that.
COUNTS = {"Q1": [15, 3, 2, 0], "Q2": [12, 5, 2, 1], "Q3": [16, 2, 2, 0], "Q4": [10, 8, 2, 0]}
FULL = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(REPO / "content", target)
    return target


def generate(content: Path, org: str, out: Path) -> Path:
    run = run_cli("assess-form", org, "--year", "2025", "--content", str(content), "-o", str(out))
    assert run.code == 0, run.stderr
    return out


def fill(source: Path, target: Path, ballots: str = "２０", counts=COUNTS, total=True) -> Path:
    document = docx.Document(str(source))
    head, tally = document.tables[1], document.tables[2]
    head.rows[2].cells[1].text = ballots
    for row, values in zip(tally.rows[1:], counts.values(), strict=True):
        for cell, value in zip(row.cells[2:6], values, strict=True):
            cell.text = str(value).translate(FULL)
        if total and all(isinstance(v, int) for v in values):
            row.cells[6].text = f" {sum(values)} 张"
    document.save(str(target))
    return target


def import_(content: Path, sheet: Path, *extra: str):
    return run_cli("import", str(sheet), "--content", str(content), *extra)


def expected_score(counts=COUNTS) -> float:
    ratings = list(RATINGS.values())
    scores = [
        Decimal(sum(r * c for r, c in zip(ratings, values, strict=True))) / sum(values)
        for values in counts.values()
    ]
    return float((sum(scores) / len(scores)).quantize(Decimal("0.01")))


def ballots_of(content: Path, org: str) -> dict:
    run = run_cli("assess", "--year", "2025", "--content", str(content), "--format", "json")
    result = next(o for o in run.json["organizations"] if o["organization"] == org)
    return next(c for c in result["components"] if c["id"] == "ballots")


def test_the_ballot_has_the_schemes_questions_and_no_name_line(tmp_path, content) -> None:
    form = docx.Document(str(generate(content, "JTJ", tmp_path / "测评表.docx")))
    ballot, _, tally = form.tables
    assert [c.text for c in ballot.rows[0].cells] == ["序号", "测评内容", *RATINGS]
    assert [row.cells[1].text for row in ballot.rows[1:]] == [
        "履行管党治党主体责任", "抓基层党组织建设", "党员教育管理和作风建设",
        "服务中心工作和群众满意度",
    ]  # fmt: skip
    assert all(c.text == "□" for row in ballot.rows[1:] for c in row.cells[2:])
    text = "\n".join(p.text for p in form.paragraphs)
    assert "姓名" not in text.replace("不写姓名", "")
    assert "checker-ballot-tally/1;scheme=jgdj-ndkh;version=2025.1;organization=JTJ" in text
    assert [c.text for c in tally.rows[0].cells] == ["编号", "测评内容", *RATINGS, "合计"]
    assert [row.cells[0].text for row in tally.rows[1:]] == list(COUNTS)


def test_a_filled_sheet_becomes_the_ballots_and_is_scored(tmp_path, content) -> None:
    """LH-LTZ has no input file: it is created with the organization and the year."""
    target = content / "assessment" / "2025" / "organizations" / "LH-LTZ.yaml"
    assert not target.exists() and ballots_of(content, "LH-LTZ")["missing"]
    sheet = fill(generate(content, "LH-LTZ", tmp_path / "表.docx"), tmp_path / "统计表.docx")
    run = import_(content, sheet)
    assert run.code == 0, run.stdout + run.stderr
    assert "已写入" in run.stdout and "党员民主测评：" in run.stderr
    data = yaml.safe_load(target.read_text("utf-8"))
    assert data["organization"] == "LH-LTZ" and data["year"] == 2025
    assert data["ballots"]["ballots"] == 20
    assert data["ballots"]["questions"]["Q2"] == {"好": 12, "较好": 5, "一般": 2, "差": 1}
    got = ballots_of(content, "LH-LTZ")
    assert not got["missing"] and got["score"] == expected_score()
    again = import_(content, sheet)
    assert again.code == 0 and "没有改动" in again.stdout


def test_different_counts_are_not_overwritten_without_force(tmp_path, content) -> None:
    target = content / "assessment" / "2025" / "organizations" / "CZJ.yaml"
    before = target.read_text("utf-8")
    sheet = fill(generate(content, "CZJ", tmp_path / "表.docx"), tmp_path / "统计表.docx")
    run = import_(content, sheet)
    assert run.code == 2 and "W012" in run.stderr and "Q1：好 65" in run.stderr
    assert target.read_text("utf-8") == before
    run = import_(content, sheet, "--force")
    assert run.code == 0, run.stdout + run.stderr
    after = target.read_text("utf-8")
    # The comment, the targets and the report are kept; only the ballots changed.
    assert after.startswith("# 2025 年度考核的输入：CZJ\n")
    old, new = yaml.safe_load(before), yaml.safe_load(after)
    assert {k: v for k, v in new.items() if k != "ballots"} == {
        k: v for k, v in old.items() if k != "ballots"
    }
    assert ballots_of(content, "CZJ")["score"] == expected_score()


def test_an_unreadable_count_refuses_the_whole_sheet(tmp_path, content) -> None:
    counts = {**COUNTS, "Q3": ["十六", "二", "若干", "0"]}
    sheet = fill(generate(content, "JTJ", tmp_path / "表.docx"), tmp_path / "统计表.docx",
                 counts=counts)  # fmt: skip
    before = (content / "assessment/2025/organizations/JTJ.yaml").read_text("utf-8")
    run = import_(content, sheet)
    assert run.code == 2 and "表3 第4行 第5列: W010" in run.stderr
    assert "未写入任何文件" in run.stderr
    assert (content / "assessment/2025/organizations/JTJ.yaml").read_text("utf-8") == before


def test_a_total_that_is_not_the_sum_refuses_the_sheet(tmp_path, content) -> None:
    sheet = fill(generate(content, "JTJ", tmp_path / "表.docx"), tmp_path / "统计表.docx")
    document = docx.Document(str(sheet))
    document.tables[2].rows[2].cells[6].text = "21"  # Q2: 12 + 5 + 2 + 1 = 20
    document.save(str(sheet))
    run = import_(content, sheet)
    assert run.code == 2 and "表3 第3行 第7列: W010" in run.stderr
    assert "Q2 的合计 21 张与各等次票数之和 20 张不符" in run.stderr


def test_a_count_above_the_ballots_is_reported_as_a_k_finding(tmp_path, content) -> None:
    sheet = fill(generate(content, "LH-LTZ", tmp_path / "表.docx"), tmp_path / "统计表.docx",
                 ballots="１０")  # fmt: skip
    run = import_(content, sheet)
    assert run.code == 1 and "K005" in run.stdout and "多于收回的 10 张" in run.stdout


def test_a_sheet_of_another_scheme_is_refused(tmp_path, content) -> None:
    sheet = fill(generate(content, "JTJ", tmp_path / "表.docx"), tmp_path / "统计表.docx")
    schemas = tmp_path / "schemas"
    shutil.copytree(REPO / "schemas", schemas)
    scheme = schemas / "assessment.yaml"
    scheme.write_text(scheme.read_text("utf-8").replace("抓基层党组织建设", "抓支部建设"), "utf-8")
    run = run_cli("import", str(sheet), "--content", str(content), schemas=schemas)
    assert run.code == 2 and "W007" in run.stderr


def test_a_libreoffice_resave_imports_the_same(tmp_path, content) -> None:
    need_pdf_tools()
    sheet = fill(generate(content, "LH-LTZ", tmp_path / "表.docx"), tmp_path / "统计表.docx")
    run = import_(content, libreoffice_resave(sheet, tmp_path))
    assert run.code == 0, run.stdout + run.stderr
    assert ballots_of(content, "LH-LTZ")["score"] == expected_score()
    assert import_(content, sheet).stdout.count("没有改动") == 1  # the original: the same
