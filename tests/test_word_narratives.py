"""The narratives in the form: Markdown shown as plain Word paragraphs (a heading in a
heading style, a bullet as "• ", bold as a bold run) and read back to the same Markdown;
Markdown or HTML the form does not know stays text, on the way in and on the way out."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
from conftest import GOOD, SCHEMAS, Tree, missing_tool, run_cli
from docx.oxml.ns import qn

from checker.core.word import prose
from checker.core.word.cells import cell_paragraphs
from checker.dossier.engine import Engine
from checker.dossier.word.layout import build_layout

SUMMARY = """# 2025年度党建工作总结

## 主要工作

- 召开支委会 **12 次**、党员大会 4 次；
- 开展主题党日，
  形式多样，**全员参加**。
* 星号开头的一条
  - 下一级的一条

全年**完成**各项任务，第一行
第二行紧接着。

## 不足与打算

学时未达标的党员有 **3** 名。
"""

HOSTILE = """# 标题里的 <b>标签</b> 和 [链接](javascript:alert(1))

<script>alert("x")</script>

![图片](http://example.com/x.png) 和 <img src=x onerror=alert(1)>

- [点这里](http://example.com) &amp; &lt;w:p&gt; { PAGE } =cmd|' /C calc'!A0
- *斜体* __下划线__ `代码` ~~删除~~ \\*\\*转义\\*\\* ** 不是粗体 ** 2**3

    缩进的代码块
#不是标题 ####### 七个井号
"""


def normalised(markdown: str) -> list[str]:
    """Markdown lines without their surrounding whitespace, blank lines left out."""
    return [line.strip() for line in markdown.splitlines() if line.strip()]


def _layout():
    engine = Engine(SCHEMAS)
    return build_layout(engine.standard, engine.schemas.raw)


def narrative_cells(form: Path) -> dict[str, object]:
    document = docx.Document(str(form))
    return {
        spec.key: document.tables[index].rows[1]._tr.tc_lst[0]
        for index, spec in _layout().by_kind("narrative")
    }


def with_narratives(tree: Tree, summary: str, highlights: str) -> None:
    (tree.year_dir / "summary.md").write_text(summary, encoding="utf-8")
    (tree.year_dir / "highlights.md").write_text(highlights, encoding="utf-8")


def imported(tree: Tree, form: Path, name: str = "imported") -> Path:
    out = tree.base / name
    out.mkdir()
    shutil.copy(GOOD / "organization.yaml", out / "organization.yaml")
    shutil.copytree(tree.evidence, out / "branches/T-01/2025/evidence")
    run = run_cli("import", str(form), "--content", str(out))
    assert run.code == 0, run.stdout + run.stderr
    return out / "branches/T-01/2025"


def test_narratives_are_word_paragraphs_not_markdown(tree: Tree) -> None:
    with_narratives(tree, SUMMARY, "特色亮点：**党小组**按月归档。\n")
    form = tree.base / "form.docx"
    assert run_cli("template", "--from", str(tree.year_dir), "-o", str(form)).code == 0
    tc = narrative_cells(form)["summary.md"]
    paragraphs = list(tc.iter(qn("w:p")))
    texts = cell_paragraphs(tc)
    styles = [p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}") for p in paragraphs]
    assert [s.get(qn("w:val")) if s is not None else "" for s in styles][:3] == [
        "Heading1",
        "Heading2",
        "",
    ]
    assert texts[:2] == ["2025年度党建工作总结", "主要工作"]
    assert texts[2] == "• 召开支委会 12 次、党员大会 4 次；"
    assert texts[3] == "• 开展主题党日，\n形式多样，全员参加。"
    assert texts[4:6] == ["• 星号开头的一条", "• 下一级的一条"]
    assert texts[6] == "全年完成各项任务，第一行\n第二行紧接着。"
    assert not any(re.search(r"\*\*|^#|^- ", t) for t in texts)
    bold = [
        "".join(t.text for t in r.iter(qn("w:t")))
        for r in tc.iter(qn("w:r"))
        if r.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None
    ]
    assert bold == ["12 次", "全员参加", "完成", "3"]


def test_narratives_come_back_as_the_same_markdown(tree: Tree) -> None:
    with_narratives(tree, SUMMARY, "特色亮点：**党小组**按月归档。\n\n- 一条\n- 两条\n")
    form = tree.base / "form.docx"
    assert run_cli("template", "--from", str(tree.year_dir), "-o", str(form)).code == 0
    year = imported(tree, form)
    summary = (year / "summary.md").read_text("utf-8")
    # Bullets come back as "-" bullets of the first level; the rest as it was written.
    expected = SUMMARY.replace("* 星号", "- 星号").replace("  - 下一级", "- 下一级")
    assert normalised(summary) == normalised(expected)
    highlights = (year / "highlights.md").read_text("utf-8")
    assert highlights == "特色亮点：**党小组**按月归档。\n\n- 一条\n- 两条\n"


def test_markdown_and_html_the_form_does_not_know_stay_text(tree: Tree) -> None:
    with_narratives(tree, HOSTILE, "<iframe src=//evil></iframe>\n")
    form = tree.base / "form.docx"
    assert run_cli("template", "--from", str(tree.year_dir), "-o", str(form)).code == 0
    cells = narrative_cells(form)
    for tc in cells.values():
        for tag in ("w:hyperlink", "w:drawing", "w:pict", "w:object", "w:fldSimple"):
            assert tc.find(f".//{qn(tag)}") is None, tag
        assert tc.find(f".//{qn('w:instrText')}") is None
    texts = cell_paragraphs(cells["summary.md"])
    assert texts[0] == "标题里的 <b>标签</b> 和 [链接](javascript:alert(1))"
    assert '<script>alert("x")</script>' in texts
    assert texts[-1].endswith("#不是标题 ####### 七个井号")
    assert "• *斜体* __下划线__ `代码` ~~删除~~ \\*\\*转义\\*\\* ** 不是粗体 ** 2**3" in texts
    bold = [r for r in cells["summary.md"].iter(qn("w:r")) if r.find(f".//{qn('w:b')}") is not None]
    assert bold == []  # <b> is text, and so is ** with spaces inside

    year = imported(tree, form)
    assert normalised((year / "summary.md").read_text("utf-8")) == normalised(HOSTILE)
    assert (year / "highlights.md").read_text("utf-8") == "<iframe src=//evil></iframe>\n"


def test_a_person_s_headings_lists_and_bold_in_word_become_markdown(tree: Tree) -> None:
    """What a person does in Word itself: a heading style, Word's bullet list, Ctrl+B, and a
    bullet typed by hand."""
    form = tree.base / "form.docx"
    assert run_cli("template", "--from", str(tree.year_dir), "-o", str(form)).code == 0
    document = docx.Document(str(form))
    ((index, _spec), _) = _layout().by_kind("narrative")
    cell = document.tables[index].rows[1].cells[0]
    cell.paragraphs[0].text = "年度总结"
    cell.paragraphs[0].style = document.styles["Heading 2"]
    item = cell.add_paragraph("第一项工作", style="List Bullet")
    assert item.style.name == "List Bullet"
    cell.add_paragraph("● 手打的一条")
    para = cell.add_paragraph("全年")
    para.add_run("圆满完成").bold = True
    para.add_run("任务。")
    document.save(str(form))
    summary = (imported(tree, form) / "summary.md").read_text("utf-8")
    assert summary == "## 年度总结\n\n- 第一项工作\n- 手打的一条\n\n全年**圆满完成**任务。\n"


def test_a_form_saved_by_libreoffice_keeps_its_narratives(tree: Tree) -> None:
    if shutil.which("soffice") is None:
        missing_tool("LibreOffice is not installed (apt-get install libreoffice-writer)")
    with_narratives(tree, SUMMARY, "特色亮点：**党小组**按月归档。\n")
    form = tree.base / "form.docx"
    assert run_cli("template", "--from", str(tree.year_dir), "-o", str(form)).code == 0
    saved = tree.base / "saved"
    profile = (tree.base / "profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
         "docx:MS Word 2007 XML", "--outdir", str(saved), str(form)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    year = imported(tree, saved / "form.docx")
    expected = SUMMARY.replace("* 星号", "- 星号").replace("  - 下一级", "- 下一级")
    assert normalised((year / "summary.md").read_text("utf-8")) == normalised(expected)
    assert (year / "highlights.md").read_text("utf-8") == "特色亮点：**党小组**按月归档。\n"


def test_parse_and_write_back_markdown_of_the_subset() -> None:
    blocks = prose.parse("## 标题 ##\n文字\n- 一\n续行\n\n+ 二\n#话题\n")
    assert [(b.kind, b.text, b.level) for b in blocks] == [
        ("heading", "标题 ##", 2),
        ("para", "文字", 0),
        ("bullet", "一\n续行", 0),
        ("bullet", "二\n#话题", 0),
    ]
    assert prose.to_markdown(blocks) == "## 标题 ##\n\n文字\n\n- 一\n  续行\n- 二\n  #话题"
    pieces = prose.spans("a**b**c** d **e****")
    assert pieces == [("a", False), ("b", True), ("c** d ", False), ("e", True), ("**", False)]
