"""`checker report`: the branch-year report and the annual bulletin, in Word (GB/T 9704)
and Markdown; and the layout of the form. The Word files are checked at the XML level:
page size, margins, the fonts of every run, the page-number footer."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, Tree, run_cli
from lxml import etree

from checker.core.word.normalize import halfwidth
from checker.core.yamlload import load_yaml

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def parts(path: Path, pattern: str) -> list[etree._Element]:
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if re.fullmatch(pattern, n)]
        return [etree.fromstring(archive.read(n)) for n in names]


def text_of(path: Path) -> str:
    """The document's text, a line per paragraph or line break, in half-width forms."""
    body = part(path, "word/document.xml")
    paragraphs = [
        "".join((t.text or "") if t.tag == f"{W}t" else "\n" for t in p.iter(f"{W}t", f"{W}br"))
        for p in body.iter(f"{W}p")
    ]
    return halfwidth("\n".join(paragraphs))


def attr(element: etree._Element | None, name: str) -> str | None:
    return None if element is None else element.get(f"{W}{name}")


def assert_official_page_setup(path: Path) -> None:
    """A4 and the GB/T 9704 margins in every section (landscape sections turned)."""
    body = part(path, "word/document.xml")
    sections = list(body.iter(f"{W}sectPr"))
    assert sections
    for section in sections:
        size = section.find(f"{W}pgSz")
        width, height = int(attr(size, "w")), int(attr(size, "h"))
        assert sorted((width, height)) == [twips(210), twips(297)]
        assert (attr(size, "orient") == "landscape") == (width > height)
        margins = section.find(f"{W}pgMar")
        for side, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
            assert abs(int(attr(margins, side)) - twips(mm)) <= 1, side


def assert_fonts_on_every_run(path: Path) -> None:
    for root in [part(path, "word/document.xml"), *parts(path, r"word/footer\d*\.xml")]:
        runs = list(root.iter(f"{W}r"))
        assert runs
        for run in runs:
            fonts = run.find(f"{W}rPr/{W}rFonts")
            assert fonts is not None, etree.tostring(run, encoding="unicode")
            assert attr(fonts, "eastAsia") and attr(fonts, "ascii") and attr(fonts, "hAnsi")


def assert_page_number_footer(path: Path) -> None:
    footers = parts(path, r"word/footer\d*\.xml")
    numbered = []
    for footer in footers:
        instr = "".join(t.text or "" for t in footer.iter(f"{W}instrText"))
        if "PAGE" not in instr:
            continue
        text = "".join(t.text or "" for t in footer.iter(f"{W}t"))
        assert text == "— 1 —"  # the field's cached value between the dashes
        for run in footer.iter(f"{W}r"):
            assert attr(run.find(f"{W}rPr/{W}sz"), "val") == "28"  # 4号 = 14 pt
        assert footer.find(f".//{W}fldChar[@{W}fldCharType='begin']") is not None
        numbered.append(attr(footer.find(f".//{W}pPr/{W}jc"), "val"))
    assert sorted(numbered) == ["left", "right"]  # even pages left, odd pages right
    settings = part(path, "word/settings.xml")
    assert settings.find(f"{W}evenAndOddHeaders") is not None
    body = part(path, "word/document.xml")
    first = next(body.iter(f"{W}sectPr"))
    kinds = {attr(ref, "type") for ref in first.iter(f"{W}footerReference")}
    assert kinds == {"default", "even"}


# --- the branch report ---------------------------------------------------------------------


def test_branch_report_in_the_official_layout(tree: Tree) -> None:
    run = run_cli("report", "content/branches/T-01/2025", "--format", "docx", "-o", "报告.docx")
    assert run.code == 0, run.stderr
    path = tree.base / "报告.docx"
    assert_official_page_setup(path)
    assert_fonts_on_every_run(path)
    assert_page_number_footer(path)

    body = part(path, "word/document.xml")
    paragraphs = [p for p in body.iter(f"{W}p") if p.find(f".//{W}t") is not None]
    title = paragraphs[0].find(f"{W}r/{W}rPr")
    assert attr(title.find(f"{W}rFonts"), "eastAsia") == "方正小标宋简体"
    assert attr(title.find(f"{W}sz"), "val") == "44"  # 2号 = 22 pt
    body_runs = [
        p.find(f"{W}r/{W}rPr")
        for p in paragraphs
        if p.find(f"{W}pPr/{W}ind") is not None and p.getparent().tag == f"{W}body"
    ]
    assert body_runs
    for rpr in body_runs:
        assert attr(rpr.find(f"{W}sz"), "val") == "32"  # 3号 = 16 pt
        assert attr(rpr.find(f"{W}rFonts"), "eastAsia") in ("仿宋_GB2312", "黑体", "楷体_GB2312")
    assert any(attr(r.find(f"{W}rFonts"), "eastAsia") == "仿宋_GB2312" for r in body_runs)
    styles = part(path, "word/styles.xml")
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert attr(default, "eastAsia") == "仿宋_GB2312"
    assert attr(default, "ascii") == "Times New Roman"

    text = text_of(path)
    assert "市财政局第一党支部\n2025年度党支部标准化建设检查报告" in text.replace("\n\n", "\n")
    for heading in ("一、基本情况", "二、得分情况", "三、失分情况", "四、整改建议", "五、审核意见"):
        assert heading in text
    assert "总分 100 分(满分 100 分),等次为“示范”" in text
    assert "各条目均得满分,没有失分。" in text
    assert "支部书记(签字)" in text and "(盖章)" in text


def test_branch_report_explains_every_point_lost(tree: Tree) -> None:
    tree.remove_activities("集中学习")
    tree.set_item("A3.2", "self_score: 4")  # no evidence: capped at half
    run = run_cli("report", "content/branches/T-01/2025", "--format", "docx", "-o", "r.docx")
    assert run.code == 0, run.stderr
    text = text_of(tree.base / "r.docx")
    assert "A1.1 集中学习:满分 4 分,得 0 分,失 4 分。" in text
    assert "2025年全年无集中学习记录(应有 12 个周期,缺 12 个)。" in text
    assert "A3.2 共产党员先锋岗:满分 4 分,得 2 分,失 2 分。" in text
    assert "最多计 50%" in text
    suggestions = text.split("四、整改建议")[1].split("五、审核意见")[0]
    assert "每次都如实记录,不漏记。涉及:A1.1 集中学习。" in suggestions
    assert "使自评有据可查。涉及:A3.2 共产党员先锋岗(应有:先锋岗照片、岗位职责)。" in suggestions
    # How the points add up, rule by rule, under each item that lost points.
    assert "计分:支部自评:4 分中得 2 分。" in text


def test_branch_report_in_markdown_has_the_same_contents(tree: Tree) -> None:
    tree.remove_activities("集中学习")
    run = run_cli("report", "content/branches/T-01/2025", "--format", "markdown")
    assert run.code == 0, run.stderr
    text = halfwidth(run.stdout)
    assert text.startswith("# 市财政局第一党支部 2025年度党支部标准化建设检查报告\n")
    assert "## 三、失分情况" in text and "### (一)A1.1 集中学习:满分 4 分,得 0 分,失 4 分。" in text
    assert "| A1 思想建设 | 10 | 14 | 71.4% |" in text
    assert "| 支部自查意见 |" in text
    written = run_cli("report", "content/branches/T-01/2025", "--format", "markdown", "-o", "r.md")
    assert written.code == 0
    assert (tree.base / "r.md").read_text("utf-8") == run.stdout


def test_report_usage_and_unscorable_dossier(tree: Tree) -> None:
    assert run_cli("report", "content/branches/T-01/2025", "--format", "docx").code == 2
    assert run_cli("report", "content/branches/T-01/2025", "-o", "r.pdf").code == 2
    tree.copy_branch("T-02")
    several = run_cli("report", "content", "--format", "docx", "-o", "r.docx")
    assert several.code == 2 and "有 2 份台账" in several.stderr
    tree.write("year: [2025\n")
    broken = run_cli("report", "content/branches/T-01/2025", "--format", "docx", "-o", "r.docx")
    assert broken.code == 1 and "无法评分" in broken.stderr and "Y001" in broken.stderr
    assert not (tree.base / "r.docx").exists()


# --- the annual bulletin -------------------------------------------------------------------


def test_bulletin_against_the_target_by_zone_and_level(tree: Tree) -> None:
    tree.copy_branch("T-02")
    t2 = tree.content / "branches/T-02/2025/dossier.yaml"
    t2.write_text(t2.read_text("utf-8").replace("violations: 0", "violations: 1"), "utf-8")
    (tree.content / "branches/T-03").mkdir()
    (tree.content / "branches/T-03/branch.yaml").write_text(
        "code: T-03\nname: 市财政局第三党支部\norganization: ORG-01\n", "utf-8"
    )
    run = run_cli("report", "content", "--summary", "--year", "2025", "-o", "通报.docx")
    assert run.code == 0, run.stderr
    path = tree.base / "通报.docx"
    assert_official_page_setup(path)
    assert_fonts_on_every_run(path)
    assert_page_number_footer(path)
    text = text_of(path)
    assert "某市直机关工委\n关于2025年度党支部标准化建设情况的通报" in text
    assert "达标率 33.3%,年度目标为 80%,未完成年度目标" in text
    assert "第一责任区\n3\n1\n1\n33.3%\n未达到" in text  # zone table: 3 branches, 1 compliant
    assert "市直部门\n3\n1\n1\n33.3%\n未达到" in text  # level table
    assert "1\n市财政局第一党支部\n市财政局机关党委\n100\n示范" in text
    assert "2\nT-01 市财政局第一党支部" not in text
    assert "不达标(否决)" in text
    assert "未参加排名:市财政局第三党支部(未报送)。" in text
    assert "(一)示范党支部(1 个)\n第一责任区:市财政局第一党支部。" in text
    assert "(二)达标党支部(0 个)\n无。" in text


def test_bulletin_of_the_sample_content_has_no_personal_data(tmp_path: Path) -> None:
    content = REPO / "content"
    if not (content / "organization.yaml").is_file():
        pytest.skip("no sample content")
    out = tmp_path / "bulletin.docx"
    run = run_cli("report", str(content), "--summary", "--year", "2025", "-o", str(out))
    assert run.code in (0, 1), run.stderr
    markdown = run_cli(
        "report", str(content), "--summary", "--year", "2025", "--format", "markdown"
    )
    text = text_of(out) + "\n" + markdown.stdout
    names: set[str] = set()
    for dossier in content.glob("branches/*/*/dossier.yaml"):
        data = load_yaml(dossier, "d", 4 << 20).data or {}
        names |= {str(m["name"]) for m in data.get("members") or [] if m.get("name")}
    assert names, "the sample content names its members"
    assert not [name for name in names if name in text]
    assert not re.search(r"1[3-9]\d{9}|\d{17}[\dX]", text)  # no phone or ID numbers
    for heading in ("分责任区达标情况", "分层级达标情况", "量化排名", "命名名单"):
        assert heading in halfwidth(text)


def test_bulletin_usage(tree: Tree) -> None:
    assert run_cli("report", "content", "--summary", "-o", "b.docx").code == 2
    (tree.base / "elsewhere").mkdir()
    no_root = run_cli("report", "elsewhere", "--summary", "--year", "2025", "-o", "b.docx")
    assert no_root.code == 2 and "organization.yaml" in no_root.stderr
    assert not (tree.base / "b.docx").exists()


# --- the form's layout ---------------------------------------------------------------------


def test_form_layout_fonts_and_page_numbers(tree: Tree) -> None:
    run = run_cli("template", "--from", "content/branches/T-01/2025", "-o", "form.docx")
    assert run.code == 0, run.stderr
    path = tree.base / "form.docx"
    assert_official_page_setup(path)
    assert_fonts_on_every_run(path)
    assert_page_number_footer(path)
    body = part(path, "word/document.xml")
    orientations = [attr(s.find(f"{W}pgSz"), "orient") for s in body.iter(f"{W}sectPr")]
    assert orientations == [None, "landscape", None]  # the roster and logs are landscape
    header_rows = body.findall(f".//{W}tr/{W}trPr/{W}tblHeader")
    assert len(header_rows) >= 2 * 16  # title and header rows repeat on every page
    text = text_of(path)
    assert "填写说明" in text and "不公开" in text
    assert "表式标识:checker-form/1;standard=jgdj-zbbzh;version=2025.1;layout=" in text
