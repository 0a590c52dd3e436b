"""`checker peer-form` and the import of its filled 互评 summary: generated per zone from the
sample organization.yaml, filled in with python-docx as a supervision group would (full-width
digits, "分" after a score), imported into a copy of the sample content, and scored by
`checker assess`; hostile and mistaken sheets are refused whole with every problem listed."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
import yaml
from conftest import REPO, run_cli
from test_word_in_office import _rows, _squeeze, libreoffice_resave, need_pdf_tools, render

FULL = str.maketrans("0123456789.", "０１２３４５６７８９．")
Z5 = ["LH-GW", "LH-CZJ", "LH-LTZ"]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(REPO / "content", target)
    return target


def peers(content: Path) -> dict[str, dict]:
    data = yaml.safe_load((content / "assessment/2025/peers.yaml").read_text("utf-8"))
    return {entry["rater"]: entry["scores"] for entry in data["raters"]}


def generate(content: Path, out: Path, *zone: str) -> Path:
    args = ["peer-form", "--year", "2025", "--content", str(content), "-o", str(out)]
    run = run_cli(*args, *(["--zone", *zone] if zone else []))
    assert run.code == 0, run.stderr
    return out


def fill(source: Path, target: Path, scores: dict[str, dict]) -> Path:
    """Write ``scores`` (rater -> ratee -> text) into the summary tables."""
    document = docx.Document(str(source))
    for matrix in document.tables[1:]:
        ratees = [cell.text.split("\n")[-1] for cell in matrix.rows[0].cells[1:]]
        for row in matrix.rows[1:]:
            rater = row.cells[0].text.split("\n")[0]
            for cell, ratee in zip(row.cells[1:], ratees, strict=True):
                if ratee in scores.get(rater, {}):
                    cell.text = str(scores[rater][ratee])
    document.save(str(target))
    return target


def import_(content: Path, sheet: Path, *extra: str):
    return run_cli("import", str(sheet), "--content", str(content), *extra)


def peer_component(content: Path, org: str) -> dict:
    run = run_cli("assess", "--year", "2025", "--content", str(content), "--format", "json")
    result = next(o for o in run.json["organizations"] if o["organization"] == org)
    return next(c for c in result["components"] if c["id"] == "peers")


def test_a_zone_sheet_has_every_rater_and_the_zones_organizations(tmp_path, content) -> None:
    form = docx.Document(str(generate(content, tmp_path / "互评.docx", "Z5")))
    slip, matrix = form.tables
    assert [row.cells[1].text.split("　")[0] for row in slip.rows[1:]] == Z5
    assert [c.text for c in matrix.rows[0].cells] == ["评分党组织", "1\nLH-GW", "2\nLH-CZJ",
                                                      "3\nLH-LTZ"]  # fmt: skip
    raters = [row.cells[0].text.split("\n")[0] for row in matrix.rows[1:]]
    organization = yaml.safe_load((content / "organization.yaml").read_text("utf-8"))
    assert raters == [org["id"] for org in organization["organizations"]]
    lh_gw = next(row for row in matrix.rows[1:] if row.cells[0].text.startswith("LH-GW"))
    assert [c.text for c in lh_gw.cells[1:]] == ["—", "", ""]  # no rating of itself
    text = "\n".join(p.text for p in form.paragraphs)
    assert "checker-peer-sheet/1;scheme=jgdj-ndkh;version=2025.1;zone=Z5;year=2025" in text
    assert "姓名" not in text.replace("不写姓名", "")


def test_a_sheet_for_all_splits_its_columns_into_tables_of_ten(tmp_path, content) -> None:
    organization = content / "organization.yaml"
    data = yaml.safe_load(organization.read_text("utf-8"))
    extra = [dict(data["organizations"][0], id=f"X{i:02}", name=f"测试单位{i}") for i in range(3)]
    data["organizations"] += extra
    organization.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    form = docx.Document(str(generate(content, tmp_path / "全体.docx")))
    assert [len(t.columns) for t in form.tables[1:]] == [11, 4]  # 13 rated: 10 + 3


def test_the_filled_zone_sheet_replaces_that_zones_scores_only(tmp_path, content) -> None:
    before = peers(content)
    sheet = generate(content, tmp_path / "互评.docx", "Z5")
    scores = {rater: {r: 70 for r in Z5 if r != rater} for rater in before}
    scores["CZJ"] = {"LH-GW": "７５．５ 分", "LH-CZJ": "８０", "LH-LTZ": "90"}
    filled = fill(sheet, tmp_path / "填好.docx", scores)
    refused = import_(content, filled)
    assert refused.code == 2, refused.stdout + refused.stderr
    assert "W012" in refused.stderr and "CZJ 给 LH-GW：90 → 75.5" in refused.stderr
    assert peers(content) == before
    run = import_(content, filled, "--force")
    # Written; the exit code is peers.yaml's findings: the sample's ZRZY rates itself (Z1).
    assert run.code == 1 and "已写入" in run.stdout, run.stdout + run.stderr
    assert "K002" in run.stdout and "ZRZY 给自己打了分" in run.stdout
    after = peers(content)
    assert after["CZJ"] == {**before["CZJ"], "LH-GW": 75.5, "LH-CZJ": 80, "LH-LTZ": 90}
    for rater, given in before.items():
        other = {k: v for k, v in given.items() if k not in Z5}
        assert {k: v for k, v in after[rater].items() if k not in Z5} == other
    # LH-LTZ now has nine ratings, 90 from CZJ and 70 from the others: trimmed mean 70.
    assert peer_component(content, "LH-LTZ")["score"] == 70
    again = import_(content, filled)
    assert again.code == 1 and "没有改动" in again.stdout


def test_a_sheet_matching_the_file_changes_nothing(tmp_path, content) -> None:
    before = (content / "assessment/2025/peers.yaml").read_bytes()
    sheet = generate(content, tmp_path / "互评.docx", "Z5")
    given = {rater: {r: v for r, v in scores.items() if r in Z5} for rater, scores in
             peers(content).items()}  # fmt: skip
    run = import_(content, fill(sheet, tmp_path / "同.docx", given))
    assert run.code == 1 and "没有改动" in run.stdout, run.stdout + run.stderr
    assert (content / "assessment/2025/peers.yaml").read_bytes() == before


def test_a_new_peers_file_is_written_when_there_is_none(tmp_path, content) -> None:
    (content / "assessment/2025/peers.yaml").unlink()
    sheet = generate(content, tmp_path / "互评.docx", "Z1")
    run = import_(content, fill(sheet, tmp_path / "填好.docx", {"RSJ": {"CZJ": 88, "ZRZY": 91}}))
    assert run.code == 0, run.stdout + run.stderr
    text = (content / "assessment/2025/peers.yaml").read_text("utf-8")
    assert "  - {rater: RSJ, scores: {CZJ: 88, ZRZY: 91}}" in text
    assert peers(content) == {"RSJ": {"CZJ": 88, "ZRZY": 91}}


def test_every_bad_cell_is_listed_and_nothing_is_written(tmp_path, content) -> None:
    before = (content / "assessment/2025/peers.yaml").read_bytes()
    sheet = generate(content, tmp_path / "互评.docx", "Z5")
    bad = {"CZJ": {"LH-GW": "101", "LH-CZJ": "很好", "LH-LTZ": "-1"}, "LH-GW": {"LH-GW": "95"}}
    run = import_(content, fill(sheet, tmp_path / "错.docx", bad))
    assert run.code == 2
    assert "表2 第2行 第2列: W011" in run.stderr and "不在 0 到 100 之间" in run.stderr
    assert "表2 第2行 第3列: W010" in run.stderr and "表2 第2行 第4列: W011" in run.stderr
    assert "LH-GW 不给本组织打分" in run.stderr
    assert "表中有 4 处无法导入" in run.stderr and "Traceback" not in run.stderr
    assert (content / "assessment/2025/peers.yaml").read_bytes() == before


def test_a_sheet_made_before_organization_yaml_changed_is_refused(tmp_path, content) -> None:
    sheet = fill(generate(content, tmp_path / "互评.docx", "Z5"), tmp_path / "填好.docx",
                 {"CZJ": {"LH-GW": 80}})  # fmt: skip
    organization = content / "organization.yaml"
    data = yaml.safe_load(organization.read_text("utf-8"))
    data["organizations"] = data["organizations"][:-1]
    organization.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    run = import_(content, sheet)
    assert run.code == 2 and "W007" in run.stderr and "peer-form" in run.stderr


def test_a_sheet_with_rows_moved_is_refused(tmp_path, content) -> None:
    sheet = generate(content, tmp_path / "互评.docx", "Z5")
    document = docx.Document(str(sheet))
    matrix = document.tables[1]._tbl
    rows = matrix.tr_lst
    rows[1].addprevious(rows[2])  # two raters swapped
    document.save(str(tmp_path / "换行.docx"))
    run = import_(content, tmp_path / "换行.docx")
    assert run.code == 2 and "W008" in run.stderr and "调换" in run.stderr


def test_an_unknown_zone_is_a_usage_error(tmp_path, content) -> None:
    run = run_cli("peer-form", "--year", "2025", "--zone", "Z9", "--content", str(content),
                  "-o", str(tmp_path / "x.docx"))  # fmt: skip
    assert run.code == 2 and "Z9" in run.stderr and "Z1、Z2" in run.stderr
    assert not (tmp_path / "x.docx").exists()


def _grown(content: Path, count: int) -> None:
    """organization.yaml with ``count`` more organizations in zone Z2, so that a zone's
    summary runs over pages and over two tables."""
    organization = content / "organization.yaml"
    data = yaml.safe_load(organization.read_text("utf-8"))
    template = next(org for org in data["organizations"] if org["zone"] == "Z2")
    data["organizations"] += [
        dict(template, id=f"T{i:02}", name=f"中共渤川市测试第{i}局机关委员会") for i in range(count)
    ]
    organization.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")


def test_in_libreoffice_no_row_splits_and_a_resave_imports_the_same(tmp_path, content) -> None:
    need_pdf_tools()
    _grown(content, 12)  # Z2: 14 rated organizations, 22 raters
    sheet = generate(content, tmp_path / "互评.docx", "Z2")
    scores = {"CZJ": {"RSJ": 91, "T00": 88, "T11": 86}, "T05": {"RSJ": 79.5}}
    filled = fill(sheet, tmp_path / "汇总.docx", scores)
    rendered = render([filled], tmp_path)["汇总"]
    assert len(rendered.pages) >= 3
    checked = 0
    for texts, splits, _ in _rows(filled):
        assert not splits, texts
        found = [t for t in texts if _squeeze(t)]
        assert rendered.page_of(*found) is not None, f"a row is split: {found}"
        checked += 1
    assert checked > 40
    # The sheet re-saved by LibreOffice reads back the same scores.
    run = import_(content, libreoffice_resave(filled, tmp_path), "--force")
    assert "已写入" in run.stdout, run.stdout + run.stderr
    after = peers(content)
    assert after["CZJ"]["T00"] == 88 and after["CZJ"]["RSJ"] == 91
    assert after["T05"] == {"RSJ": 79.5}
