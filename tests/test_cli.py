"""The command line: exit codes, `checker new`, and the standard as data (`--schemas`)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import (
    DOSSIER_REL,
    SCHEMAS,
    Tree,
    changed_items,
    item_findings,
    run_cli,
    run_process,
)

# --- exit codes ---------------------------------------------------------------------------


def test_validate_exit_0_for_good(tree: Tree) -> None:
    assert tree.validate().code == 0


def test_validate_exit_0_with_warnings_only(tree: Tree) -> None:
    tree.write_bytes(b"\xef\xbb\xbf" + tree.dossier.read_bytes())
    run = tree.validate()
    assert run.code == 0
    assert [(f["code"], f["level"]) for f in run.findings] == [("F005", "warning")]


def test_validate_exit_1_for_errors(tree: Tree) -> None:
    tree.replace(
        "chair: M01\n    recorder: M02\n    minutes: evidence/2025-01-06",
        ("chair: M77\n    recorder: M02\n    minutes: evidence/2025-01-06"),
    )
    run = run_cli("validate", "content")
    assert run.code == 1
    line = tree.line_of("chair: M77")
    assert run.stdout.startswith(
        f"{DOSSIER_REL}:{line}:12: R001 错误 党员编号 M77 不在党员名册中 〔"
    )
    assert run.stderr.strip() == "检查了 1 份台账：1 个错误，0 个警告。"


def test_validate_exit_2_for_folder_without_dossiers(tree: Tree) -> None:
    (tree.base / "empty").mkdir()
    run = run_cli("validate", "empty")
    assert run.code == 2
    assert run.stdout == ""
    assert "R010" in run.stderr and "在 empty 下未找到台账" in run.stderr


def test_validate_exit_2_for_nonexistent_path(tree: Tree) -> None:
    run = run_cli("validate", "no/such/place")
    assert run.code == 2
    assert "错误：路径 no/such/place 不存在" in run.stderr


def test_validate_exit_2_when_one_of_several_paths_is_empty(tree: Tree) -> None:
    (tree.base / "empty").mkdir()
    run = run_cli("validate", "content", "empty")
    assert run.code == 2


def test_validate_exit_2_for_default_path_missing(tree: Tree) -> None:
    outside = tree.base / "elsewhere"
    outside.mkdir()
    os.chdir(outside)  # no content/ here, and no content tree above
    run = run_cli("validate")
    assert run.code == 2
    assert "路径 content 不存在" in run.stderr


def test_validate_without_a_path_inside_the_tree_finds_the_root(tree: Tree) -> None:
    os.chdir(tree.base / "content" / "branches")  # as git finds .git, from a subfolder
    run = run_cli("validate")
    assert run.code == 0, run.stderr
    assert "检查了 1 份台账" in run.stderr + run.stdout


def test_score_exit_0(tree: Tree) -> None:
    assert tree.score().code == 0


def test_score_exit_1_for_broken_yaml(tree: Tree) -> None:
    tree.replace("topic: 3月集中学习", "topic: [3月集中学习")
    run = tree.score()
    assert run.code == 1
    (result,) = run.json["results"]
    assert result["scored"] is False
    assert result["items"] == []
    (finding,) = result["findings"]
    assert finding["code"] == "Y001"
    assert finding["line"] == tree.line_of("topic: [3月集中学习") + 1


def test_score_exit_1_when_one_of_several_cannot_be_scored(tree: Tree) -> None:
    other = tree.copy_branch("T-02")
    other.write_text("branch: [\n", encoding="utf-8")
    run = tree.score()
    assert run.code == 1
    results = run.json["results"]
    assert [(r["branch"], r["scored"], r["total"]) for r in results] == [
        ("T-01", True, 100.0),
        ("T-02", False, 0.0),
    ]


def test_score_text_for_unscoreable_dossier(tree: Tree) -> None:
    tree.write("branch: T-01\nyear: 2025\n")
    run = run_cli("score", "content")
    assert run.code == 1
    first = run.stdout.splitlines()[0]
    assert first == "T-01 市财政局第一党支部 2025年度：无法评分，请先修正以下错误"
    assert "S003 错误" in run.stdout


def test_score_exit_2_for_nonexistent_path(tree: Tree) -> None:
    run = run_cli("score", "nowhere")
    assert run.code == 2
    assert "错误：路径 nowhere 不存在" in run.stderr


def test_bad_today_is_a_usage_error(tree: Tree) -> None:
    run = run_cli("validate", "content", today="2026-13-01")
    assert run.code == 2
    assert "“2026-13-01”不是 YYYY-MM-DD 格式的日期" in run.stderr


def test_usage_errors_and_help_speak_chinese(tree: Tree) -> None:
    """click's own messages too: a wrong option, a wrong value, a typo in a command."""
    cases = {
        ("validate", "--bogus"): "错误：没有 --bogus 这个选项。",
        ("validate", "--format", "xml"): "'xml' 不在可选的值中，可选：'text', 'json'",
        ("valdate",): "错误：没有 valdate 这个命令。 是不是 'validate'？",
        ("validate", "-j", "0"): "0 不在 1<=x<=64 的范围内",
    }
    for args, expected in cases.items():
        done = run_process(*args, cwd=tree.base)
        stderr = done.stderr.decode("utf-8")
        assert done.returncode == 2, args
        assert expected in stderr, stderr
        assert "查看用法" in stderr and "Usage" not in stderr and "Error" not in stderr
    helped = run_process("validate", "--help", cwd=tree.base).stdout.decode("utf-8")
    assert "用法：" in helped and "显示本帮助并退出。" in helped and "Show this" not in helped


def test_console_script_never_shows_a_traceback(tree: Tree) -> None:
    """The installed entry point, in a real process, on a broken file."""
    tree.write_bytes(b"\x00\x01garbage")
    done = run_process("validate", "content", cwd=tree.base)
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr
    assert done.stdout.decode().startswith(f"{DOSSIER_REL}:1:1: F006 错误 文件含有 NUL 字节")


# --- checker new --------------------------------------------------------------------------


def new(tree: Tree, code: str, *extra: str) -> object:
    return run_cli("new", code, "--year", "2025", "--content", str(tree.content), *extra)


def _schema_of_first_line(path: Path) -> Path:
    first = path.read_text("utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix), first
    return (path.parent / first.removeprefix(prefix)).resolve()


def test_new_writes_a_dossier_that_validates(tree: Tree) -> None:
    shutil.copytree(SCHEMAS, tree.base / "schemas")  # beside content/, as in this project
    run = new(tree, "T-09", "--name", "测试支部", "--organization", "ORG-01")
    assert run.code == 0
    dossier = tree.content / "branches" / "T-09" / "2025" / "dossier.yaml"
    branch = tree.content / "branches" / "T-09" / "branch.yaml"
    assert dossier.is_file() and branch.is_file()
    assert (dossier.parent / "evidence").is_dir()
    # The editor's schema line points at the real file, relative to the new file.
    assert _schema_of_first_line(dossier) == (tree.base / "schemas/dossier.schema.json").resolve()
    assert _schema_of_first_line(branch) == (tree.base / "schemas/branch.schema.json").resolve()
    # Every item of the standard is listed.
    text = dossier.read_text("utf-8")
    assert all(f"\n  A{a}.{i}: {{}}\n" in text for a, i in [(1, 1), (2, 9), (7, 4)])
    assert text.count(": {}\n") == 31  # 30 items and the committee
    assert "已生成 content/branches/T-09/2025/dossier.yaml" in run.stdout

    checked = run_cli("validate", "--format", "json", "content/branches/T-09")
    assert checked.code == 0
    assert checked.json == {"dossiers": 1, "findings": []}
    scored = run_cli("score", "--format", "json", "content/branches/T-09")
    assert scored.code == 0
    (result,) = scored.json["results"]
    assert result["branch"] == "T-09" and result["name"] == "测试支部"
    assert len(result["items"]) == 30


def test_new_in_a_repository_on_the_shipped_standard_writes_no_dangling_schema_line(
    tree: Tree,
) -> None:
    """Without a schemas/ folder the schema comes from .vscode/settings.json; a line pointing
    at a file that does not exist would only make the editor report an error."""
    run = new(tree, "T-09", "--name", "测试支部", "--organization", "ORG-01")
    assert run.code == 0
    for path in ("branches/T-09/branch.yaml", "branches/T-09/2025/dossier.yaml"):
        assert "yaml-language-server" not in (tree.content / path).read_text("utf-8")
    assert run_cli("validate", "content/branches/T-09").code == 0


def test_new_refuses_to_overwrite(tree: Tree) -> None:
    assert new(tree, "T-09", "--name", "测试支部", "--organization", "ORG-01").code == 0
    dossier = tree.content / "branches" / "T-09" / "2025" / "dossier.yaml"
    dossier.write_text(dossier.read_text("utf-8") + "# 已填写\n", "utf-8")
    before = dossier.read_bytes()
    stat = dossier.stat()
    run = new(tree, "T-09", "--name", "测试支部", "--organization", "ORG-01")
    assert run.code == 2
    assert "已存在，不会覆盖" in run.stderr
    assert dossier.read_bytes() == before
    assert dossier.stat().st_mtime_ns == stat.st_mtime_ns


def test_new_refuses_existing_good_dossier(tree: Tree) -> None:
    before = tree.dossier.read_bytes()
    run = new(tree, "T-01")
    assert run.code == 2
    assert tree.dossier.read_bytes() == before


def test_new_year_for_existing_branch_needs_no_name(tree: Tree) -> None:
    run = run_cli("new", "T-01", "--year", "2026", "--content", "content")
    assert run.code == 0
    assert run.stdout.splitlines()[0] == "已生成 content/branches/T-01/2026/dossier.yaml"
    assert tree.validate("content/branches/T-01/2026").code == 0


def test_new_branch_without_name_writes_nothing(tree: Tree) -> None:
    run = new(tree, "T-10")
    assert run.code == 2
    assert "请用 --name 和 --organization" in run.stderr
    assert not (tree.content / "branches" / "T-10").exists()


def test_new_rejects_bad_code(tree: Tree) -> None:
    run = new(tree, "../evil", "--name", "测试支部", "--organization", "ORG-01")
    assert run.code == 2
    assert "支部编号“../evil”不合规" in run.stderr
    assert sorted(p.name for p in (tree.content / "branches").iterdir()) == ["T-01"]
    assert not (tree.base / "evil").exists()


# --- the standard is data: a copy of schemas/ changes scores without code changes -----------


def test_threshold_in_copied_standard_changes_score(tree: Tree, good_items: dict) -> None:
    schemas = tree.edit_standard("args: {hours: 32}", "args: {hours: 35}")
    items = tree.items(schemas)
    assert changed_items(items, good_items) == {"A1.4": 2.0}
    assert item_findings(items["A1.4"]) == [
        ("P003", "学时达标的党员比例为 67%，要求不低于 100%；学时不足 35 的党员：M07、M08、M09")
    ]
    # The shipped standard is untouched: the same tree still scores 100.
    assert tree.result()["total"] == 100.0


def test_points_in_copied_standard_change_score(tree: Tree, good_items: dict) -> None:
    tree.remove_activity("支委会", "2025-03-06")
    schemas = tree.edit_standard(
        "        points: 3\n        evidence_hint: 支委会会议记录",
        "        points: 4\n        evidence_hint: 支委会会议记录",
    )
    schemas = tree.edit_standard(
        "        points: 2\n        evidence_hint: 成立批复、党员名册",
        "        points: 1\n        evidence_hint: 成立批复、党员名册",
    )
    result = tree.result(schemas)
    items = {i["id"]: i for i in result["items"]}
    assert (items["A2.3"]["score"], items["A2.3"]["max"]) == (3.8, 4.0)  # 4 × 2.83 / 3
    assert (items["A2.1"]["score"], items["A2.1"]["max"]) == (1.0, 1.0)
    assert result["max"] == 100.0
    assert result["total"] == 99.8
    assert tree.items()["A2.3"]["score"] == 2.8  # with the shipped standard


def test_grade_threshold_in_copied_standard(tree: Tree) -> None:
    schemas = tree.edit_standard("  - name: 示范\n    min: 90", "  - name: 示范\n    min: 100")
    tree.remove_activity("支委会", "2025-03-06")
    assert tree.result(schemas)["grade"] == "达标"
    assert tree.result()["grade"] == "示范"


def test_inconsistent_standard_is_refused(tree: Tree) -> None:
    schemas = tree.edit_standard(
        "        points: 2\n        evidence_hint: 成立批复、党员名册",
        "        points: 3\n        evidence_hint: 成立批复、党员名册",
    )
    run = tree.validate(schemas=schemas)
    assert run.code == 2
    assert run.stdout == ""
    assert "S008" in run.stderr
    assert "各条目分值之和为 101，与满分 100 不一致" in run.stderr
    assert "有错误，无法检查台账" in run.stderr


def test_standard_with_unknown_fact_is_refused(tree: Tree) -> None:
    schemas = tree.edit_standard("fact: secretary_lectures", "fact: secretary_jokes")
    run = tree.score(schemas=schemas)
    assert run.code == 2
    assert run.stdout == ""
    lines = (schemas / "standard.yaml").read_text("utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "fact: secretary_jokes" in text)
    assert f"standard.yaml:{line}:19: S004 错误" in run.stderr
    assert "文字“secretary_jokes” 不在允许范围内" in run.stderr


def test_missing_schemas_folder_is_a_usage_error(tree: Tree) -> None:
    run = tree.validate(schemas=tree.base / "nowhere")
    assert run.code == 2
    assert run.stdout == ""
    assert "F001 错误 无法读取文件：文件不存在" in run.stderr
    assert "错误：标准文件 nowhere/standard.yaml 有错误，无法检查台账" in run.stderr


# --- the results cache ----------------------------------------------------------------------


def test_cache_gives_the_same_bytes_and_notices_changes(tree: Tree) -> None:
    cache = tree.base / "cache"
    fresh = run_cli("score", "--format", "json", "content")
    first = run_cli("score", "--format", "json", "content", cache_dir=cache)
    assert len(list(cache.rglob("*.json"))) == 1
    second = run_cli("score", "--format", "json", "content", cache_dir=cache)
    assert fresh.stdout == first.stdout == second.stdout
    # A changed dossier is checked again…
    tree.remove_activity("支委会", "2025-03-06")
    changed = run_cli("score", "--format", "json", "content", cache_dir=cache)
    assert changed.json["results"][0]["total"] == 99.8
    # …and so is a changed evidence file that the dossier does not mention by content.
    (tree.evidence / "活动室.png").write_bytes(b"<html></html>")
    again = run_cli("score", "--format", "json", "content", cache_dir=cache)
    assert again.json["results"][0]["total"] == 95.8
    # A different day of judging is a different result, not a cached one.
    mid_year = run_cli("score", "--format", "json", "content", cache_dir=cache, today="2025-06-30")
    assert mid_year.json["results"][0]["total"] != 95.8
    assert "D002" in {f["code"] for f in mid_year.json["results"][0]["findings"]}


def test_cache_notices_a_changed_standard(tree: Tree) -> None:
    cache = tree.base / "cache"
    schemas = tree.schemas_copy()
    first = run_cli("score", "--format", "json", "content", schemas=schemas, cache_dir=cache)
    assert first.json["results"][0]["total"] == 100.0
    tree.edit_standard("args: {hours: 32}", "args: {hours: 35}")
    run = run_cli("score", "--format", "json", "content", schemas=schemas, cache_dir=cache)
    items = {i["id"]: i for i in run.json["results"][0]["items"]}
    assert items["A1.4"]["score"] == 2.0


def test_corrupt_cache_entry_is_ignored(tree: Tree) -> None:
    cache = tree.base / "cache"
    run_cli("score", "--format", "json", "content", cache_dir=cache)
    (entry,) = cache.rglob("*.json")
    # Not JSON, JSON of another shape, a result cut short: each is checked again.
    for damaged in ("{not json", "[]", "{}", '{"branch": "T-01", "year": 2025}'):
        entry.write_text(damaged, "utf-8")
        run = run_cli("score", "--format", "json", "content", cache_dir=cache)
        assert run.code == 0, damaged
        assert run.json["results"][0]["total"] == 100.0


def test_cache_key_does_not_depend_on_how_the_path_is_typed(tree: Tree) -> None:
    from datetime import date

    from checker.dossier.cache import cache_key
    from checker.dossier.layout import DossierRef

    relative = DossierRef(Path(DOSSIER_REL))
    absolute = DossierRef(Path(DOSSIER_REL).absolute())
    today = date(2026, 11, 29)
    assert cache_key(relative, "base", today) == cache_key(absolute, "base", today)
