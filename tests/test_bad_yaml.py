"""Hostile and broken files: each gives a Chinese finding with file:line and the right code.

Never a traceback, never a hang: the CLI exits 1 (0 for warnings) and says where and why.
"""

from __future__ import annotations

import random
import re
import time

import pytest
from conftest import DOSSIER_REL, Tree, run_cli

from checker.core.yamlload import parse_yaml

CJK = re.compile(r"[\u4e00-\u9fff]")


def only(tree: Tree, code: str, exit_code: int = 1) -> dict:
    """Validate the tree: exactly one finding, with ``code``, in the dossier; return it."""
    run = tree.validate()
    assert run.code == exit_code, run.findings
    assert [f["code"] for f in run.findings] == [code], run.findings
    finding = run.findings[0]
    assert finding["file"] == DOSSIER_REL
    assert CJK.search(finding["message"]), finding["message"]
    assert CJK.search(finding["hint"]), finding["hint"]
    return finding


def timed(action, limit: float = 2.0):
    start = time.perf_counter()
    value = action()
    elapsed = time.perf_counter() - start
    assert elapsed < limit, f"took {elapsed:.2f}s"
    return value


# --- syntax ------------------------------------------------------------------------------


def test_broken_yaml_colon_in_text(tree: Tree) -> None:
    tree.replace("topic: 3月集中学习\n", "topic: 3月集中学习: 学习笔记\n")
    finding = only(tree, "Y001")
    assert finding["line"] == tree.line_of("3月集中学习: 学习笔记")
    assert finding["message"] == (
        "YAML 语法错误：这里不能出现 `键: 值`；文字中含冒号时请加引号，或检查缩进"
    )


def test_broken_yaml_unclosed_bracket(tree: Tree) -> None:
    tree.replace("topic: 3月集中学习\n", "topic: [3月集中学习\n")
    finding = only(tree, "Y001")
    # libyaml notices at the next line, where a `]` or `,` was due.
    assert finding["line"] == tree.line_of("topic: [3月集中学习") + 1
    assert "缺少右方括号" in finding["message"]


def test_broken_yaml_bad_indentation(tree: Tree) -> None:
    tree.replace("    topic: 3月集中学习\n", "     topic: 3月集中学习\n")
    finding = only(tree, "Y001")
    assert finding["line"] == tree.line_of("     topic: 3月集中学习")


def test_broken_yaml_text_output_format(tree: Tree) -> None:
    tree.replace("topic: 3月集中学习\n", "topic: 3月集中学习: 学习笔记\n")
    line = tree.line_of("3月集中学习: 学习笔记")
    run = run_cli("validate", "content")
    assert run.code == 1
    assert run.stdout.startswith(f"{DOSSIER_REL}:{line}:")
    assert re.match(rf"{re.escape(DOSSIER_REL)}:{line}:\d+: Y001 错误 YAML 语法错误：", run.stdout)


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ("recorder: M02", "recorder：M02", "全角冒号“：”"),
        ("  - type: 集中学习", "  － type: 集中学习", "全角的“－”"),
    ],
)
def test_full_width_punctuation_is_named_at_its_place(
    tree: Tree, old: str, new: str, named: str
) -> None:
    line = tree.line_of(old)
    tree.write(tree.text().replace(old, new, 1))
    finding = only(tree, "Y001")
    assert named in finding["message"], finding["message"]
    assert finding["line"] == line, (finding["line"], line)
    sign = named[-2]  # the character between the quotes
    assert finding["column"] == tree.text().splitlines()[line - 1].index(sign) + 1


def test_tab_indentation(tree: Tree) -> None:
    tree.replace("    topic: 3月集中学习\n", "\ttopic: 3月集中学习\n")
    finding = only(tree, "Y001")
    assert finding["line"] == tree.line_of("\ttopic: 3月集中学习")
    assert finding["column"] == 1
    assert "Tab" in finding["message"]


def test_duplicate_key_points_at_second(tree: Tree) -> None:
    tree.replace("year: 2025\n", "year: 2025\nyear: 2026\n")
    finding = only(tree, "Y002")
    assert finding["line"] == tree.line_of("year: 2026")
    assert finding["message"] == "键 `year` 重复出现，前面已有同名的键"
    assert finding["path"] == "/year"


def test_duplicate_key_nested(tree: Tree) -> None:
    tree.set_member("M05", "status", "正式党员\n    status: 预备党员")
    finding = only(tree, "Y002")
    assert finding["line"] == tree.line_of("status: 预备党员", tree.line_of("id: M05"))
    assert finding["path"] == "/members/4/status"


def test_anchor_and_alias_refused(tree: Tree) -> None:
    tree.set_member("M01", "group", "&g 第一党小组")
    tree.set_member("M03", "group", "*g")
    finding = only(tree, "Y003")
    assert finding["line"] == tree.line_of("group: *g")
    assert finding["path"] == "/members/2/group"


def test_merge_key_refused(tree: Tree) -> None:
    tree.replace(
        "committee:\n  elected_on: 2024-03-15\n",
        ("committee: &c\n  elected_on: 2024-03-15\nfunds:\n  <<: *c\n"),
    )
    run = tree.validate()
    assert run.code == 1
    assert "Y003" in run.codes()


def test_billion_laughs_finishes_fast(tree: Tree) -> None:
    bomb = ['lol: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        refs = ",".join([f"*{chr(96 + level)}"] * 9)
        bomb.append(f"lol{level}: &{chr(97 + level)} [{refs}]")
    tree.write(tree.text() + "\n".join(bomb) + "\n")
    run = timed(tree.validate)
    assert run.code == 1
    assert set(run.codes()) == {"Y003"}
    first = run.findings[0]
    assert first["line"] == tree.line_of("lol1: &b")
    score = timed(tree.score)
    assert score.code == 1


def test_self_referencing_alias(tree: Tree) -> None:
    tree.write(tree.text() + "loop: &loop [*loop]\n")
    finding = timed(lambda: only(tree, "Y003"))
    assert finding["line"] == tree.line_of("loop: &loop")


def test_undefined_alias(tree: Tree) -> None:
    tree.set_member("M03", "group", "*nowhere")
    finding = only(tree, "Y003")
    assert finding["line"] == tree.line_of("group: *nowhere")
    assert finding["message"] == "使用了未定义的别名（*）"


def test_python_tag_is_refused_and_not_run(tree: Tree) -> None:
    tree.replace(
        "branch: T-01\n", "branch: !!python/object/apply:os.system ['echo pwned > pwned.txt']\n"
    )
    finding = only(tree, "Y004")
    assert finding["line"] == tree.line_of("branch: !!python")
    assert "python/object/apply:os.system" in finding["message"]
    assert not (tree.base / "pwned.txt").exists()


@pytest.mark.parametrize("tagged", ["!!binary aGVsbG8=", "!custom 1", "!!set {a, b}", "!!int '3'"])
def test_other_tags_refused(tree: Tree, tagged: str) -> None:
    tree.replace("party_groups: 2\n", f"party_groups: {tagged}\n")
    finding = only(tree, "Y004")
    assert finding["line"] == tree.line_of("party_groups:")


def test_str_tag_is_allowed(tree: Tree) -> None:
    tree.replace("branch: T-01\n", "branch: !!str T-01\n")
    assert tree.validate().code == 0


def test_several_documents(tree: Tree) -> None:
    tree.write(tree.text() + "---\nbranch: T-02\n")
    finding = only(tree, "Y005")
    assert finding["line"] == tree.line_of("---")
    assert "多个 YAML 文档" in finding["message"]


def test_document_start_marker_alone_is_fine(tree: Tree) -> None:
    tree.write("---\n" + tree.text())
    assert tree.validate().code == 0


def test_nesting_10000_deep_flow(tree: Tree) -> None:
    tree.write(tree.text() + "deep: " + "[" * 10_000 + "]" * 10_000 + "\n")
    run = timed(tree.validate)
    assert run.code == 1
    assert run.codes() in (["Y006"], ["Y001"])
    assert run.findings[0]["line"] == tree.line_of("deep:")


def test_nesting_deep_block_mappings(tree: Tree) -> None:
    deep = "".join("  " * level + f"k{level}:\n" for level in range(300))
    tree.write(tree.text() + deep)
    finding = timed(lambda: only(tree, "Y006"))
    assert finding["message"] == "嵌套超过 40 层"
    assert finding["line"] == tree.line_of("k0:") + 41  # the first node at depth 41


def test_complex_key(tree: Tree) -> None:
    tree.write(tree.text() + "? [a, b]\n: 1\n")
    finding = only(tree, "Y008")
    assert finding["line"] == tree.line_of("? [a, b]")


def test_top_level_is_a_list(tree: Tree) -> None:
    tree.write("- branch: T-01\n- year: 2025\n")
    finding = only(tree, "Y009")
    assert finding["line"] == 1


# --- bytes and encodings -----------------------------------------------------------------


def test_file_of_200_mb_is_refused_without_reading(tree: Tree) -> None:
    tree.dossier.unlink()
    with open(tree.dossier, "wb") as stream:
        stream.truncate(200 * 1024 * 1024)  # sparse: nothing is written to disk
    finding = timed(lambda: only(tree, "F002"))
    assert finding["line"] == 1
    assert finding["message"] == "文件大小 200.0 MB，超过上限 2.0 MB"


def test_file_just_under_the_limit_is_read(tree: Tree) -> None:
    text = tree.text()
    padding = 2 * 1024 * 1024 - len(text.encode()) - 1
    tree.write(text + "#" * padding + "\n")
    assert tree.dossier.stat().st_size == 2 * 1024 * 1024
    assert timed(tree.validate, 5.0).code == 0


def test_binary_garbage(tree: Tree) -> None:
    data = random.Random(20261129).randbytes(4096)
    tree.write_bytes(data)
    run = tree.validate()
    assert run.code == 1
    assert run.codes() in (["F006"], ["F004"])
    assert run.findings[0]["line"] >= 1


def test_binary_garbage_without_nul(tree: Tree) -> None:
    data = bytes(b for b in random.Random(7).randbytes(4096) if b)
    tree.write_bytes(data)
    finding = only(tree, "F004")
    assert "UTF-8" in finding["message"] or "GBK" in finding["message"]


def test_png_saved_as_dossier(tree: Tree) -> None:
    tree.write_bytes((tree.evidence / "活动室.png").read_bytes())
    run = tree.validate()
    assert run.code == 1
    assert run.codes() in (["F006"], ["F004"])


@pytest.mark.parametrize("content", [b"", b"\n\n", b"# nothing but a comment\n"])
def test_empty_file(tree: Tree, content: bytes) -> None:
    tree.write_bytes(content)
    finding = only(tree, "F003")
    assert finding["message"] == "文件中没有任何内容"


def test_utf8_bom_is_a_warning_and_loads(tree: Tree) -> None:
    tree.write_bytes(b"\xef\xbb\xbf" + tree.dossier.read_bytes())
    finding = only(tree, "F005", exit_code=0)
    assert finding["level"] == "warning"
    assert finding["line"] == 1
    result = tree.result()
    assert result["total"] == 100.0
    assert [f["code"] for f in result["findings"]] == ["F005"]


def test_gbk_file(tree: Tree) -> None:
    tree.write_bytes(tree.text().encode("gbk"))
    finding = only(tree, "F004")
    assert "GBK" in finding["message"] or "GB18030" in finding["message"]
    assert finding["line"] == 2  # the first Chinese character is in the comment on line 2
    assert finding["column"] == 3


def test_gbk_file_cannot_be_scored(tree: Tree) -> None:
    tree.write_bytes(tree.text().encode("gb18030"))
    run = tree.score()
    assert run.code == 1
    (result,) = run.json["results"]
    assert result["scored"] is False
    assert [f["code"] for f in result["findings"]] == ["F004"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_with_bom_loads(tree: Tree, encoding: str) -> None:
    data = tree.text().encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    tree.write_bytes(data)
    finding = only(tree, "F005", exit_code=0)
    assert "UTF-16" in finding["message"]
    assert tree.result()["total"] == 100.0


def test_control_character(tree: Tree) -> None:
    tree.replace("topic: 3月集中学习\n", "topic: 3月集中\x01学习\n")
    finding = only(tree, "F006")
    assert finding["line"] == tree.line_of("3月集中\x01学习")
    assert finding["column"] == len("    topic: 3月集中") + 1
    assert finding["message"] == f"第 {finding['line']} 行含有控制字符 U+0001"


def test_nul_byte_line(tree: Tree) -> None:
    tree.replace("topic: 3月集中学习\n", "topic: 3月集中\x00学习\n")
    finding = only(tree, "F006")
    assert finding["line"] == tree.line_of("3月集中\x00学习")


def test_escaped_control_character_in_quotes_is_refused(tree: Tree) -> None:
    # "\x07" written as an escape is valid YAML, but a control character in the data would
    # break every report and Word export downstream: the loader refuses it at its line.
    tree.replace("topic: 3月集中学习\n", 'topic: "3月集中\\x07学习"\n')
    finding = only(tree, "F006")
    assert finding["line"] == tree.line_of("3月集中\\x07学习")
    assert "U+0007" in finding["message"]
    assert parse_yaml('topic: "a\\nb"\n', "f.yaml").data == {"topic": "a\nb"}


# --- YAML 1.1 coercions: values stay what the writer typed ----------------------------------


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("No", "No"),
        ("y", "y"),
        ("2017-09-13", "2017-09-13"),
        ("0755", "0755"),
        ("0o755", "0o755"),
        ("0x1F", "0x1F"),
        ("1:30", "1:30"),
        ("1_000", "1_000"),
        ("1e3", "1e3"),
        ("12", 12),
        ("-3", -3),
        ("2.5", 2.5),
        ("true", True),
        ("false", False),
        ("~", None),
        ("null", None),
        ('"12"', "12"),
    ],
)
def test_plain_scalar_schema(written: str, value: object) -> None:
    loaded = parse_yaml(f"key: {written}\n", "f.yaml")
    assert loaded.findings == []
    assert loaded.data == {"key": value}
    assert type(loaded.data["key"]) is type(value)


@pytest.mark.parametrize("written", ["no", "on", "off", "yes", "2017-09-13", "0755", "1:30"])
def test_coercion_candidates_are_valid_topics(tree: Tree, written: str) -> None:
    tree.replace("topic: 3月集中学习\n", f"topic: {written}\n")
    assert tree.validate().code == 0


def test_leading_zero_number_hint(tree: Tree) -> None:
    tree.set_member("M05", "training_hours", "040")
    finding = only(tree, "S001")
    assert finding["message"] == "“本年度学习培训学时”应为数字，实际是文字“040”"
    assert "前导零" in finding["hint"]


def test_unquoted_version_becomes_a_number(tree: Tree) -> None:
    tree.replace('version: "2025.1"', "version: 2025.1")
    finding = only(tree, "S001")
    assert finding["line"] == tree.line_of("version: 2025.1")
    assert "2025.1" in finding["hint"]  # suggests quotes


@pytest.mark.parametrize("written", [".nan", ".NaN", ".inf", "-.inf", "+.INF", "1.0e999"])
def test_nan_and_infinity_refused(tree: Tree, written: str) -> None:
    tree.replace("budget_yuan: 5000", f"budget_yuan: {written}")
    finding = only(tree, "Y007")
    assert finding["line"] == tree.line_of("budget_yuan:")
    assert written in finding["message"]


def test_yes_is_not_a_boolean_where_one_is_expected() -> None:
    loaded = parse_yaml("a: yes\nb: True\nc: FALSE\n", "f.yaml")
    assert loaded.data == {"a": "yes", "b": True, "c": False}


# --- the loader directly --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("a: 1\nb: [1, 2\nc: 3\n", "Y001", 3),
        ("a: 1\nb:\n\tc: 2\n", "Y001", 3),
        ("a: 1\nb: 2\na: 3\n", "Y002", 3),
        ("a: &x 1\nb: *x\n", "Y003", 2),
        ("a: &a [*a]\n", "Y003", 1),
        ("a: *zz\n", "Y003", 1),
        ("a: &k x\n*k : 1\n", "Y003", 2),  # an alias as a key
        ("a: &k x\n? *k\n: 1\n", "Y003", 2),
        ("a: !!python/object/apply:os.system ['ls']\n", "Y004", 1),
        ("a: 1\n---\nb: 2\n", "Y005", 2),
        ("a: " + "[" * 10_000 + "]" * 10_000 + "\n", "Y006", 1),
        ("a:\n  b: .nan\n", "Y007", 2),
        ("? {a: 1}\n: 2\n", "Y008", 1),
        ("- 1\n- 2\n", "Y009", 1),
        ("", "F003", 1),
    ],
)
def test_parse_yaml_codes_and_lines(text: str, code: str, line: int) -> None:
    loaded = timed(lambda: parse_yaml(text, "f.yaml"))
    assert loaded.data is None
    assert not loaded.ok
    codes = {f.code for f in loaded.findings}
    assert codes == {code}
    assert loaded.findings[0].line == line
    assert loaded.findings[0].file == "f.yaml"
    assert all(CJK.search(f.message) for f in loaded.findings)


@pytest.mark.parametrize(
    "text",
    [
        "a: [1, 2\nb: 3\n",
        "a: {x: 1\nb: 3\n",
        "a: @foo\n",
        "a: `x`\n",
        'a: "C:\\q"\n',
        "a: & x\n",
        "a: |x\n  b\n",
        "%YAML 1.1\n%YAML 1.1\n---\na: 1\n",
        "a: 'abc\nb: 1\n",
        "a:\n  - 1\n  b: 2\n",
    ],
)
def test_syntax_messages_are_chinese(text: str) -> None:
    (finding,) = parse_yaml(text, "f.yaml").findings
    assert finding.code == "Y001"
    assert CJK.search(finding.message)
    # No English parser text leaks into the message.
    assert not re.search(r"\b(expected|found|could not|while|scanning)\b", finding.message)


def test_billion_laughs_reports_alias_without_expanding() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 20):
        refs = ",".join([f"*{chr(96 + level)}"] * 9)
        lines.append(f"{chr(97 + level)}: &{chr(97 + level)} [{refs}]")
    loaded = timed(lambda: parse_yaml("\n".join(lines) + "\n", "f.yaml"), 1.0)
    assert loaded.data is None
    assert {f.code for f in loaded.findings} == {"Y003"}
    assert loaded.findings[0].line == 2
