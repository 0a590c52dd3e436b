"""Clean text in every output: control characters and Markdown from content stay inert.

A value, a folder name or a message quoting one must not rewrite a terminal line (CR, ESC),
end a Markdown table and forge rows in a CI summary, break JUnit's XML, or become an image,
a link or HTML where a renderer shows Markdown.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import markdown as python_markdown
import pytest
from conftest import Tree, run_cli, run_process
from hypothesis import given, settings
from hypothesis import strategies as st
from test_ci import commit, git

from checker.core import cleantext

HOSTILE_NAME = "![t](http://evil.example/t.png)<img src=x onerror=alert(1)>[x](javascript:alert(1))"
RAW_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def rendered_html(text: str) -> str:
    return python_markdown.markdown(text, extensions=["tables"])


def assert_inert_markdown(text: str) -> None:
    assert not RAW_CONTROLS.search(text), repr(RAW_CONTROLS.search(text))
    html = rendered_html(text)
    assert "<img" not in html, html
    assert "<a " not in html, html
    assert "onerror" not in html or "&lt;img" in html
    # GitHub Actions obeys `::error …::` at the start of a line of a job's output.
    assert not re.search(r"^\s*::", text, re.M)


# --- the loader refuses controls that escapes bring in -----------------------------------


@pytest.mark.parametrize("escape", ["\\r", "\\x1b[31m", "\\x85", "\\x00"])
def test_escaped_control_characters_in_values_are_refused(tree: Tree, escape: str) -> None:
    tree.replace("topic: 1月集中学习", f'topic: "1月{escape}集中学习"')
    run = tree.validate()
    assert run.code == 1
    (finding,) = [f for f in run.findings if f["code"] == "F006"]
    assert finding["line"] == tree.line_of(escape)


def test_a_control_character_in_a_key_is_refused(tree: Tree) -> None:
    tree.replace("party_groups:", '"party\\x07_groups":')
    run = tree.validate()
    assert run.code == 1
    assert "F006" in run.codes()
    assert run.findings[0]["line"] == tree.line_of("party\\x07")


def test_windows_line_endings_are_still_fine(tree: Tree) -> None:
    tree.write_bytes(tree.text().replace("\n", "\r\n").encode("utf-8"))
    assert tree.validate().code == 0


# --- each output escapes what comes from names on disk and messages quoting them --------


def hostile_branch(tree: Tree) -> str:
    """A branch folder whose name holds ESC and CR sequences and Markdown, with a dossier."""
    name = "T-\x1b[2J\x1b[31m红\r::error file=x::伪造"
    dossier = tree.copy_branch("T-02")
    folder = dossier.parent.parent
    target = folder.with_name(name)
    folder.rename(target)
    return name


def test_validate_text_output_carries_no_raw_control_character(tree: Tree) -> None:
    hostile_branch(tree)
    done = run_process("validate", "content", cwd=tree.base)
    assert done.returncode == 1
    output = done.stdout + done.stderr
    assert b"R004" in output
    assert not RAW_CONTROLS.search(output.decode("utf-8")), output
    assert b"\\x1b[2J" in output  # shown, so the reader sees something was there


def test_junit_and_sarif_stay_well_formed(tree: Tree, tmp_path: Path) -> None:
    hostile_branch(tree)
    tree.replace("party_groups:", "palce: x\nparty_groups:")
    junit = run_cli("validate", "--format", "junit", "content")
    assert junit.code == 1
    suite = ET.fromstring(junit.stdout.encode("utf-8"))
    text = ET.tostring(suite, encoding="unicode")
    assert not RAW_CONTROLS.search(text)
    sarif = run_cli("validate", "--format", "sarif", "content")
    assert "\x1b" not in sarif.stdout and "\\u001b" not in sarif.stdout


def test_score_text_and_markdown_escape_names(tree: Tree) -> None:
    branch = tree.content / "branches" / "T-01" / "branch.yaml"
    text = branch.read_text("utf-8")
    name = re.search(r"^name: (.*)$", text, re.M).group(1)
    branch.write_text(text.replace(f"name: {name}", f"name: '{HOSTILE_NAME}'"), "utf-8")
    markdown_run = run_cli("score", "--format", "markdown", "content")
    assert markdown_run.code == 0, markdown_run.stdout
    assert_inert_markdown(markdown_run.stdout)
    assert "evil.example" in markdown_run.stdout  # shown as text, not dropped


def test_markdown_report_and_bulletin_escape_names(tree: Tree, tmp_path: Path) -> None:
    branch = tree.content / "branches" / "T-01" / "branch.yaml"
    text = branch.read_text("utf-8")
    name = re.search(r"^name: (.*)$", text, re.M).group(1)
    branch.write_text(text.replace(f"name: {name}", f"name: '{HOSTILE_NAME}'"), "utf-8")
    for args in (
        ("content/branches/T-01/2025",),
        ("content", "--summary", "--year", "2025"),
    ):
        out = tmp_path / "report.md"
        run = run_cli("report", *args, "--format", "markdown", "-o", str(out))
        assert run.code in (0, 1), run.stderr
        report = out.read_text("utf-8")
        assert "evil.example" in report
        html = rendered_html(report)
        assert "<img" not in html and "<a " not in html, html


def test_ci_summary_cannot_forge_rows_or_load_images(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    tree = Tree(tmp_path)
    schemas = tree.schemas_copy()
    git(tmp_path, "init", "-q")
    git(tmp_path, "checkout", "-q", "-b", "main")
    commit(tmp_path, "初始台账")
    git(tmp_path, "checkout", "-q", "-b", "change")
    hostile_branch(tree)
    branch = tree.content / "branches" / "T-01" / "branch.yaml"
    text = branch.read_text("utf-8")
    name = re.search(r"^name: (.*)$", text, re.M).group(1)
    branch.write_text(text.replace(f"name: {name}", f"name: '{HOSTILE_NAME} |x| <!--'"), "utf-8")
    tree.replace("chair: M01", "chair: M77", count=0)
    commit(tmp_path, "改动")
    run = run_cli("ci", "--base", "main", schemas=schemas)
    assert run.code == 1
    summary = run.stdout
    assert_inert_markdown(summary)
    assert "<!--" not in summary
    # Every table row still has the header's seven cells.
    for line in summary.splitlines():
        if line.startswith("| ") and "支部" not in line:
            cells = re.split(r"(?<!\\)\|", line)[1:-1]
            assert len(cells) == 7 or len(cells) == 6, line


@pytest.mark.parametrize(
    "value",
    [
        "a\x1b[31mb\rc",
        "![x](http://evil/t.png)",
        "<img src=x onerror=alert(1)>",
        "`code` and ``more``",
        "[a][r]\n\n[r]: javascript:alert(1)",
        "www.evil.example and https://evil.example/",
    ],
)
def test_markdown_escaping_renders_the_value_as_text(value: str) -> None:
    escaped = cleantext.markdown(value)
    assert not RAW_CONTROLS.search(escaped) and "\n" not in escaped
    html = rendered_html(f"| a |\n|---|\n| {escaped} |")
    assert "<img" not in html and "<a " not in html and "<code" not in html
    span = cleantext.code_span(value)
    assert "<code>" in rendered_html(span)


def test_terminal_escaping_shows_bidi_and_controls() -> None:
    assert cleantext.one_line("a\u202eb\nc\rd") == "a\\u202eb\\nc\\x0dd"
    assert cleantext.xml("a\x0bb\rc") == "a\\x0bb\\rc"


# --- whatever the text holds ---------------------------------------------------------------

ANY_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))
    | st.sampled_from("\x1b\r\n\x85\u2028\u202e`*_[]()<>!|&#:/www.")
)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_no_raw_control_character_survives_any_escaping(text: str) -> None:
    for escaped in (cleantext.one_line(text), cleantext.markdown(text), cleantext.xml(text)):
        assert not RAW_CONTROLS.search(escaped.replace("\n", "").replace("\t", ""))
    assert "\n" not in cleantext.one_line(text)
    ET.fromstring(f"<a>{xml_escape(cleantext.xml(text))}</a>")  # well-formed whatever it holds


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_escaped_markdown_never_renders_a_tag(text: str) -> None:
    html = rendered_html(f"| a |\n|---|\n| {cleantext.markdown(text)} |")
    assert not re.search(r"<(?!/?(table|thead|tbody|tr|th|td|p)\b)", html), html
