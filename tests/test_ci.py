"""`checker ci`, `checker init-ci` and the pre-commit hook, on real git repositories.

Each test builds a repository in tmp_path: the good content (branch T-01, copied as T-02)
and a copy of schemas/, committed on `main`, then a branch `change` where the test edits
and commits. The SARIF is validated against the OASIS SARIF 2.1.0 JSON Schema vendored in
tests/data/sarif-schema-2.1.0.json (where it came from: tests/data/README-sarif.md).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
import yaml
from conftest import REPO, TESTS, TODAY, Run, Tree, missing_tool, run_cli

from checker.cli.check import NOTHING_STAGED
from checker.core.findings import Finding
from checker.dossier import ci as ci_logic
from checker.dossier.hooks import HOOK, SHIPPED_LANGUAGE, local_hook
from checker.dossier.layout import DossierRef, dossiers_of_file, owner
from checker.dossier.report import machine

SARIF_SCHEMA = json.loads((TESTS / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))
T01 = "content/branches/T-01/2025/dossier.yaml"
T02 = "content/branches/T-02/2025/dossier.yaml"
MARCH_LOSS = "P001 2025年3月无支委会记录（应有 12 个周期，缺 1 个）"
# An evidence file the dossier cites (the March 支委会 minutes), and the citation.
EVIDENCE = "content/branches/T-01/2025/evidence/2025-03-06-支委会记录.pdf"
CITED = "minutes: evidence/2025-03-06-支委会记录.pdf"


def git(repo: Path, *args: str) -> str:
    command = ["git", "-C", str(repo), "-c", "user.name=测试", "-c", "user.email=t@example.org"]
    command += ["-c", "commit.gpgsign=false", *args]
    done = subprocess.run(command, capture_output=True, check=True, timeout=60)
    return done.stdout.decode("utf-8")


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Tree:
    """T-01 and T-02 with schemas/ committed on main; HEAD on a new branch `change`."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CHECKER_SCHEMAS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    tree = Tree(tmp_path)
    tree.copy_branch("T-02")
    tree.schemas_copy()
    git(tmp_path, "init", "-q")
    git(tmp_path, "checkout", "-q", "-b", "main")
    commit(tmp_path, "初始台账")
    git(tmp_path, "checkout", "-q", "-b", "change")
    return tree


def ci(tree: Tree, *args: str) -> tuple[Run, dict]:
    """`checker ci --base main --json out.json ARGS` in process; the run and the JSON."""
    out = tree.base / "ci.json"
    run = run_cli("ci", "--base", "main", "--json", str(out), *args, schemas=tree.schemas_copy())
    return run, json.loads(out.read_text("utf-8"))


def run_process(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The console script's entry point in a real process, with the repository's schemas/."""
    command = [sys.executable, "-c", "from checker.cli.main import main; main()"]
    command += ["--schemas", "schemas", "--today", TODAY, "--no-cache", *args]
    environment = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    environment.update(env or {})
    return subprocess.run(
        command, capture_output=True, cwd=cwd, env=environment, text=True, timeout=120
    )


def break_chair(tree: Tree) -> None:
    """One R001 error: the January 支委会 chaired by a member not on the roll."""
    january = "recorder: M02\n    minutes: evidence/2025-01-06"
    tree.replace(f"chair: M01\n    {january}", f"chair: M77\n    {january}")


def dossier_files(data: dict) -> list[str]:
    return [d["file"] for d in data["dossiers"]]


# --- which dossiers, and the item deltas ---------------------------------------------------


def test_one_changed_dossier_is_scored_alone_with_its_item_delta(repo: Tree) -> None:
    repo.remove_activity("支委会", "2025-03")
    commit(repo.base, "删除 3 月支委会记录")
    run, data = ci(repo)
    assert run.code == 0, run.stderr
    assert dossier_files(data) == [T01]
    (dossier,) = data["dossiers"]
    assert dossier["status"] == "changed"
    assert (dossier["base"]["total"], dossier["current"]["total"]) == (100.0, 99.8)
    assert dossier["items"] == [
        {
            "id": "A2.3",
            "title": "支委会",
            "base": 3.0,
            "score": 2.8,
            "change": -0.2,
            "reasons": [MARCH_LOSS],
        }
    ]
    # The delta agrees with `checker score` of the new version: 3 × (11/12 × 2 + 1) / 3.
    scored = repo.score(str(repo.year_dir), schemas=repo.schemas_copy()).json["results"][0]
    assert {i["id"]: i["score"] for i in scored["items"]}["A2.3"] == 2.8
    summary = run.stdout
    assert "T-02" not in summary
    assert "| T-01 | 市财政局第一党支部 | 2025 | 改动 | 示范 | 100 → 99.8 | -0.2 |" in summary
    assert f"| A2.3 | 支委会 | 3 | 2.8 | -0.2 | {MARCH_LOSS} |" in summary


def test_points_regained_name_the_reason_that_went(repo: Tree) -> None:
    repo.remove_activity("支委会", "2025-03")
    commit(repo.base, "删除 3 月支委会记录")
    git(repo.base, "checkout", "-q", "-b", "fix")
    git(repo.base, "checkout", "-q", "main", "--", T01)  # put the record back
    commit(repo.base, "补录 3 月支委会记录")
    run = run_cli("ci", "--base", "change", schemas=repo.schemas_copy())
    assert run.code == 0
    assert f"| A2.3 | 支委会 | 2.8 | 3 | +0.2 | 已消除：{MARCH_LOSS} |" in run.stdout


def test_standard_change_rescores_every_dossier(repo: Tree) -> None:
    repo.copy_branch("T-03")
    repo.copy_branch("T-04")
    commit(repo.base, "再加两个支部")
    git(repo.base, "branch", "-f", "main")
    # A threshold: 2 支委会 a month instead of 1 (the points stay, the total stays 100).
    repo.edit_standard(
        "type: 支委会\n            period: month\n            min: 1\n",
        "type: 支委会\n            period: month\n            min: 2\n",
    )
    commit(repo.base, "支委会每月至少 2 次")
    run, data = ci(repo, "-j", "2")
    assert run.code == 0, run.stderr
    assert data["schemas_changed"] is True
    assert dossier_files(data) == [
        f"content/branches/{code}/2025/dossier.yaml" for code in ("T-01", "T-02", "T-03", "T-04")
    ]
    for dossier in data["dossiers"]:
        assert (dossier["base"]["total"], dossier["current"]["total"]) == (100.0, 98.0)
        (item,) = dossier["items"]
        assert (item["id"], item["base"], item["score"], item["change"]) == ("A2.3", 3, 1, -2)
        assert item["reasons"] == ["P001 2025年全年支委会记录少于 2 次（应有 12 个周期，缺 12 个）"]
    assert "标准或 Schema 有改动，全部台账重新评分。" in run.stdout
    # One process or two: the same bytes.
    assert run_cli("ci", "--base", "main", schemas=repo.schemas_copy()).stdout == run.stdout


def test_changed_points_are_explained_as_a_change_of_the_standard(repo: Tree) -> None:
    standard = repo.schemas_copy() / "standard.yaml"
    text = standard.read_text("utf-8")
    a23 = "      - id: A2.3\n        title: 支委会\n"
    a24 = "      - id: A2.4\n        title: 党员大会\n"
    points = "        points: 3\n"
    assert text.count(a23 + "        requirement") == 1
    lines = text.split(a23, 1)
    after = lines[1].replace(points, "        points: 4\n", 1)
    text = lines[0] + a23 + after
    head, tail = text.split(a24, 1)
    text = head + a24 + tail.replace(points, "        points: 2\n", 1)
    standard.write_text(text, "utf-8")
    commit(repo.base, "调整 A2.3、A2.4 的分值")
    run, data = ci(repo)
    assert run.code == 0, run.stderr
    assert dossier_files(data) == [T01, T02]
    items = {i["id"]: i for i in data["dossiers"][0]["items"]}
    assert set(items) == {"A2.3", "A2.4"}
    assert (items["A2.3"]["change"], items["A2.4"]["change"]) == (1.0, -1.0)
    assert items["A2.3"]["reasons"] == ["标准调整：满分由 3 改为 4"]
    assert items["A2.4"]["reasons"] == ["标准调整：满分由 3 改为 2"]
    assert data["dossiers"][0]["current"]["total"] == 100.0


def test_a_standard_outside_the_repository_scores_both_sides(repo: Tree) -> None:
    """--schemas outside the repository (the installed standard): both sides use it."""
    repo.remove_activity("支委会", "2025-03")
    commit(repo.base, "删除 3 月支委会记录")
    out = repo.base / "ci.json"
    run = run_cli("ci", "--base", "main", "--json", str(out))  # the project's schemas/
    assert run.code == 0, run.stderr
    data = json.loads(out.read_text("utf-8"))
    assert data["schemas_changed"] is False
    assert dossier_files(data) == [T01]
    assert [(i["id"], i["change"]) for i in data["dossiers"][0]["items"]] == [("A2.3", -0.2)]


def test_uncommitted_and_untracked_changes_count(repo: Tree) -> None:
    review = repo.base / "content/branches/T-02/2025/review.yaml"
    review.write_text(
        "group: 第一督导组\nreviewed_on: 2025-12-10\n"
        "items:\n  A2.3: {score: 2, reason: 支委会记录不全}\n",
        "utf-8",
    )  # untracked, not committed
    run, data = ci(repo)
    assert run.code == 0, run.stderr
    assert dossier_files(data) == [T02]
    (item,) = data["dossiers"][0]["items"]
    assert (item["id"], item["score"], item["change"]) == ("A2.3", 2.0, -1.0)
    assert item["reasons"][0] == "P011 督导组核定 2 分（满分 3）：支委会记录不全"


def test_new_and_removed_dossiers(repo: Tree) -> None:
    git(repo.base, "rm", "-q", "-r", "content/branches/T-02/2025")
    repo.copy_branch("T-05")
    commit(repo.base, "T-02 删除 2025 年度，新增 T-05")
    run, data = ci(repo)
    assert run.code == 0, run.stderr
    by_file = {d["file"]: d for d in data["dossiers"]}
    assert list(by_file) == [T02, "content/branches/T-05/2025/dossier.yaml"]
    removed, added = by_file.values()
    assert (removed["status"], removed["current"], removed["base"]["total"]) == (
        "removed",
        None,
        100.0,
    )
    assert (added["status"], added["base"], added["current"]["total"]) == ("added", None, 100.0)
    assert f"`{T02}`：已删除（原等次 示范，总分 100）。" in run.stdout
    assert (
        "`content/branches/T-05/2025/dossier.yaml`：新增台账，等次 示范，总分 100。" in run.stdout
    )


def test_plan_maps_changed_files_to_dossiers(repo: Tree) -> None:
    content = repo.content
    other_year = content / "branches/T-01/2024"
    other_year.mkdir()
    (other_year / "dossier.yaml").write_text("year: 2024\n", "utf-8")
    commit(repo.base, "T-01 的 2024 年度")
    git(repo.base, "branch", "-f", "main")
    schemas = repo.schemas_copy()

    def planned() -> list[str]:
        return list(ci_logic.plan([Path("content")], "main", schemas).current)

    assert planned() == []
    (content / "branches/T-02/2025/summary.md").write_text("# 总结\n", "utf-8")
    assert planned() == [T02]
    (content / "branches/T-02/2025/summary.md").unlink()
    (content / "branches/T-01/2025/evidence/先锋岗.png").unlink()
    assert planned() == [T01]
    git(repo.base, "checkout", "-q", "--", ".")
    branch = content / "branches/T-01/branch.yaml"
    branch.write_text(branch.read_text("utf-8") + "\n", "utf-8")
    assert planned() == ["content/branches/T-01/2024/dossier.yaml", T01]
    git(repo.base, "checkout", "-q", "--", ".")
    organization = content / "organization.yaml"
    organization.write_text(organization.read_text("utf-8") + "\n", "utf-8")
    assert planned() == ["content/branches/T-01/2024/dossier.yaml", T01, T02]
    # A PATH narrows the scope.
    narrowed = ci_logic.plan([Path("content/branches/T-02")], "main", schemas)
    assert list(narrowed.current) == [T02]


def test_paths_are_repo_relative_from_a_subfolder(repo: Tree, monkeypatch) -> None:
    break_chair(repo)
    commit(repo.base, "写错主持人")
    monkeypatch.chdir(repo.content)
    sarif = repo.base / "out.sarif"
    run = run_cli("ci", "--base", "main", "--sarif", str(sarif), ".", schemas=repo.schemas_copy())
    assert run.code == 1
    line = repo.line_of("chair: M77")
    assert f"- `{T01}:{line}` R001 错误：党员编号 M77 不在党员名册中" in run.stdout
    location = json.loads(sarif.read_text("utf-8"))["runs"][0]["results"][0]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == T01


# --- outputs -------------------------------------------------------------------------------

# RFC 3986 URI-reference characters: what the schema's "uri-reference" format allows.
URI_REFERENCE = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#]|%[0-9A-Fa-f]{2})*")


def assert_valid_sarif(document: dict) -> None:
    validator = jsonschema.Draft7Validator(SARIF_SCHEMA)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []
    for result in document["runs"][0]["results"]:
        for location in result["locations"]:
            uri = location["physicalLocation"]["artifactLocation"]["uri"]
            assert URI_REFERENCE.fullmatch(uri), uri
            assert not uri.startswith("/") and "\\" not in uri


def test_sarif_validates_and_names_files_relative_to_the_repository(repo: Tree) -> None:
    break_chair(repo)
    commit(repo.base, "写错主持人")
    done = run_process("ci", "--base", "main", "--sarif", "out.sarif", cwd=repo.base)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    document = json.loads((repo.base / "out.sarif").read_text("utf-8"))
    assert_valid_sarif(document)
    run = document["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.base.resolve().as_uri() + "/"
    (result,) = run["results"]
    assert result["ruleId"] == "R001"
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "R001"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": T01, "uriBaseId": "%SRCROOT%"}
    assert location["region"]["startLine"] == repo.line_of("chair: M77")
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert len(ids) == len(set(ids))


def test_sarif_encodes_names_and_leaves_out_unknown_lines(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    findings = [
        Finding("E010", "佐证材料为空文件", "content/branches/T-01/2025/evidence/会议 记录.pdf"),
        Finding("R001", "党员编号 M77 不在党员名册中", T01, 12, 0),
    ]
    document = json.loads(machine.sarif(findings, 1, tmp_path))
    assert_valid_sarif(document)
    empty, r001 = (r["locations"][0]["physicalLocation"] for r in document["runs"][0]["results"])
    assert empty == {
        "artifactLocation": {
            "uri": "content/branches/T-01/2025/evidence/"
            "%E4%BC%9A%E8%AE%AE%20%E8%AE%B0%E5%BD%95.pdf",
            "uriBaseId": "%SRCROOT%",
        }
    }
    assert r001["region"] == {"startLine": 12, "startColumn": 1}


def test_validate_sarif_is_valid_too(repo: Tree) -> None:
    break_chair(repo)
    run = run_cli("validate", "--format", "sarif", "content")
    assert run.code == 1
    document = json.loads(run.stdout)
    assert_valid_sarif(document)
    uri = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"] == T01


def test_junit_parses_and_fails_per_file(repo: Tree) -> None:
    break_chair(repo)
    commit(repo.base, "写错主持人")
    out = repo.base / "junit.xml"
    run = run_cli("ci", "--base", "main", "--junit", str(out), schemas=repo.schemas_copy())
    assert run.code == 1
    suite = ET.fromstring(out.read_bytes())
    assert (suite.tag, suite.get("name"), suite.get("failures")) == ("testsuite", "checker ci", "1")
    (case,) = suite.findall("testcase")
    assert case.get("name") == T01
    failure = case.find("failure")
    assert failure is not None and "R001 党员编号 M77 不在党员名册中" in (failure.text or "")


def test_output_is_deterministic(repo: Tree) -> None:
    repo.remove_activity("支委会", "2025-03")
    break_chair(repo)
    commit(repo.base, "两处改动")
    outputs = []
    for _ in range(2):
        run = run_cli("ci", "--base", "main", "--sarif", "a.sarif", schemas=repo.schemas_copy())
        outputs.append((run.stdout, (repo.base / "a.sarif").read_bytes()))
    assert outputs[0] == outputs[1]


# --- exit codes, errors, the step summary --------------------------------------------------


def test_exit_0_when_nothing_touched_a_dossier(repo: Tree) -> None:
    (repo.base / "README.md").write_text("# 台账\n", "utf-8")
    commit(repo.base, "说明")
    done = run_process("ci", "--base", "main", cwd=repo.base)
    assert done.returncode == 0, done.stderr
    assert "本次改动不涉及任何台账。" in done.stdout


def test_exit_1_on_an_error_finding_and_summary_in_github_step_summary(repo: Tree) -> None:
    break_chair(repo)
    commit(repo.base, "写错主持人")
    step = repo.base / "step-summary.md"
    step.write_text("前一步的摘要\n", "utf-8")
    done = run_process(
        "ci", "--base", "main", cwd=repo.base, env={"GITHUB_STEP_SUMMARY": str(step)}
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "R001 错误：党员编号 M77 不在党员名册中" in done.stdout
    assert step.read_text("utf-8") == "前一步的摘要\n" + done.stdout + "\n"


def test_not_a_git_repository_is_a_usage_error(tmp_path: Path) -> None:
    tree = Tree(tmp_path)
    tree.schemas_copy()
    done = run_process(
        "ci", "--base", "main", cwd=tmp_path, env={"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)}
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert (
        "不在 git 仓库中：请在台账仓库的目录中运行，或先用 git init 建立仓库并提交" in done.stderr
    )
    assert done.stdout == ""


def test_unknown_ref_is_a_usage_error(repo: Tree) -> None:
    done = run_process("ci", "--base", "origin/no-such-branch", cwd=repo.base)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("错误：找不到基线“origin/no-such-branch”：请检查分支名或提交号")
    assert "fetch-depth: 0" in done.stderr


def test_missing_path_is_a_usage_error(repo: Tree) -> None:
    run = run_cli("ci", "--base", "main", "nowhere", schemas=repo.schemas_copy())
    assert run.code == 2
    assert "错误：路径 nowhere 不存在" in run.stderr


def test_unwritable_output_is_a_usage_error(repo: Tree) -> None:
    repo.remove_activity("支委会", "2025-03")
    inside_a_file = repo.dossier / "x.sarif"
    run = run_cli(
        "ci", "--base", "main", "--sarif", str(inside_a_file), schemas=repo.schemas_copy()
    )
    assert run.code == 2
    assert f"错误：无法写入 {T01}/x.sarif：" in run.stderr


# --- init-ci -------------------------------------------------------------------------------


def test_init_ci_writes_workflows_that_parse(tmp_path: Path) -> None:
    run = run_cli("init-ci", str(tmp_path))
    assert run.code == 0, run.stderr
    github = yaml.safe_load((tmp_path / ".github/workflows/dossier.yml").read_text("utf-8"))
    gitlab = yaml.safe_load((tmp_path / ".gitlab-ci.yml").read_text("utf-8"))
    # GitHub Actions: checker ci on pull requests with full history and a SARIF upload;
    # on main, validate, build the site strictly and deploy it to Pages.
    assert github["env"]["CHECKER_PACKAGE"]
    triggers = github[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    changes = github["jobs"]["changes"]
    assert changes["permissions"]["security-events"] == "write"
    steps = changes["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    runs = " ".join(s.get("run", "") for s in steps)
    assert 'pip install "$CHECKER_PACKAGE"' in runs
    assert (
        'checker ci --base "origin/${{ github.base_ref }}"' in runs
        and "--sarif checker.sarif" in runs
    )
    upload = next(
        s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif")
    )
    assert upload["with"]["sarif_file"] == "checker.sarif"
    site_runs = [s.get("run") for s in github["jobs"]["site"]["steps"]]
    assert "checker validate" in site_runs and "mkdocs build --strict" in site_runs
    assert any(
        s.get("uses", "").startswith("actions/upload-pages-artifact")
        for s in github["jobs"]["site"]["steps"]
    )
    assert github["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")
    # The site job keeps the result cache between runs (history states included).
    cache = next(
        s for s in github["jobs"]["site"]["steps"] if s.get("uses", "").startswith("actions/cache")
    )
    assert cache["with"]["path"] == ".checker-cache"
    assert any(".checker-cache/" in c["paths"] for c in gitlab["pages"]["cache"])
    # GitLab: the merge request job with a JUnit report, and a pages job on the default branch.
    assert gitlab["variables"]["GIT_DEPTH"] == "0" and gitlab["variables"]["CHECKER_PACKAGE"]
    job = gitlab["dossier-changes"]
    assert job["rules"][0]["if"] == '$CI_PIPELINE_SOURCE == "merge_request_event"'
    assert job["artifacts"]["reports"]["junit"] == "checker-junit.xml"
    assert any("checker ci --base" in line for line in job["script"])
    pages = gitlab["pages"]
    assert pages["script"] == ["checker validate", "mkdocs build --strict --site-dir public"]
    assert pages["artifacts"]["paths"] == ["public"]


def test_init_ci_refuses_to_overwrite(tmp_path: Path) -> None:
    assert run_cli("init-ci", "--gitlab", str(tmp_path)).code == 0
    assert not (tmp_path / ".github").exists()
    target = tmp_path / ".gitlab-ci.yml"
    target.write_text("# 本地修改\n", "utf-8")
    run = run_cli("init-ci", str(tmp_path))
    assert run.code == 2
    assert ".gitlab-ci.yml 已存在，未写入任何文件；确认要覆盖时加 --force 重新运行" in run.stderr
    assert target.read_text("utf-8") == "# 本地修改\n"
    assert not (tmp_path / ".github").exists()  # nothing at all was written
    assert run_cli("init-ci", "--force", str(tmp_path)).code == 0
    assert target.read_text("utf-8").startswith("# 党支部标准化建设台账")


# --- pre-commit: validate takes any changed content file, and what the index removes --------

HOOKS = yaml.safe_load((TESTS.parent / ".pre-commit-hooks.yaml").read_text("utf-8"))


def test_pre_commit_hook_definition() -> None:
    (hook,) = HOOKS
    assert {k: v for k, v in hook.items() if k != "language"} == HOOK
    assert hook["language"] == SHIPPED_LANGUAGE == "python"
    assert hook["entry"] == "checker validate --staged"
    assert hook["pass_filenames"] is True and hook["always_run"] is True
    assert local_hook() == {**HOOK, "language": "system"}
    files = re.compile(hook["files"])
    for path in (
        "content/organization.yaml",
        "organization.yaml",
        "content/branches/T-01/branch.yaml",
        "content/branches/T-01/2025/dossier.yaml",
        "content/branches/T-01/2025/review.yaml",
        "content/branches/T-01/2025/summary.md",
        "branches/T-01/2025/evidence/会议记录.pdf",
    ):
        assert files.search(path), path
    for path in ("README.md", "schemas/standard.yaml", "content/branches/T-01/notes.md"):
        assert not files.search(path), path


def test_owner_of_content_files() -> None:
    year = Path("content/branches/T-01/2025")
    assert owner(year / "summary.md") == ("year", year)
    assert owner(year / "evidence/a/b.pdf") == ("year", year)
    assert owner(year / "dossier.yaml") == ("year", year)
    assert owner(Path("content/branches/T-01/branch.yaml")) == ("branch", year.parent)
    assert owner(Path("content/organization.yaml")) == ("root", Path("content"))
    assert owner(Path("branches/T-01/2025/review.yaml")) == ("year", Path("branches/T-01/2025"))
    assert owner(Path("content/branches/T-01/notes.md")) is None
    assert owner(Path("README.md")) is None


def test_validate_maps_changed_files_to_their_dossiers(repo: Tree) -> None:
    summary = repo.year_dir / "summary.md"
    summary.write_text("# 年度工作总结\n", "utf-8")
    t01 = DossierRef(Path(T01))
    t02 = DossierRef(Path(T02))
    assert dossiers_of_file(Path("content/branches/T-01/2025/summary.md")) == [t01]
    assert dossiers_of_file(Path("content/branches/T-01/2025/evidence/先锋岗.png")) == [t01]
    assert dossiers_of_file(Path("content/branches/T-02/branch.yaml")) == [t02]
    assert dossiers_of_file(Path("content/organization.yaml")) == [t01, t02]
    assert dossiers_of_file(Path("content/branches/T-01/2024/summary.md")) == []
    for paths, count in [
        (["content/branches/T-01/2025/summary.md"], 1),
        (
            [
                "content/branches/T-01/2025/evidence/先锋岗.png",
                "content/branches/T-01/2025/summary.md",
            ],
            1,
        ),
        (["content/branches/T-02/branch.yaml"], 1),
        (["content/organization.yaml"], 2),
    ]:
        run = run_cli("validate", "--format", "json", *paths)
        assert (run.code, run.json["dossiers"]) == (0, count), paths
    # A broken dossier is found through its narrative.
    break_chair(repo)
    run = run_cli("validate", "content/branches/T-01/2025/summary.md")
    assert run.code == 1 and "R001" in run.stdout


def test_hook_entry_on_the_files_pre_commit_would_pass(repo: Tree) -> None:
    """What pre-commit does with the hook: the staged files that match `files:`, passed to
    the entry in a real process."""
    (repo.year_dir / "summary.md").write_text("# 年度工作总结\n", "utf-8")
    break_chair(repo)
    (repo.base / "README.md").write_text("# 台账\n", "utf-8")
    git(repo.base, "add", "-A")
    staged = git(repo.base, "diff", "--cached", "--name-only", "-z").split("\0")
    (hook,) = HOOKS
    files = [p for p in staged if p and re.search(hook["files"], p)]
    assert files == [T01, "content/branches/T-01/2025/summary.md"]
    done = run_process(*hook["entry"].split()[1:], *files, cwd=repo.base)
    assert done.returncode == 1
    assert f"{T01}:{repo.line_of('chair: M77')}:12: R001 错误" in done.stdout


def test_validate_takes_a_deleted_file_for_the_dossier_that_cites_it(repo: Tree) -> None:
    (repo.base / EVIDENCE).unlink()
    run = run_cli("validate", EVIDENCE)
    assert run.code == 1
    assert f"{T01}:{repo.line_of(CITED)}:14: E001 错误" in run.stdout
    assert f"说明：{EVIDENCE} 不存在，检查了它所属的台账。" in run.stderr
    # A path of no existing dossier is still a usage error.
    run = run_cli("validate", "content/branches/T-01/2024/summary.md")
    assert run.code == 2
    assert "错误：路径 content/branches/T-01/2024/summary.md 不存在" in run.stderr


def test_staged_deletion_of_cited_evidence_fails(repo: Tree) -> None:
    git(repo.base, "rm", "-q", EVIDENCE)
    done = run_process("validate", "--staged", cwd=repo.base)
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        f"{T01}:{repo.line_of(CITED)}:14: E001 错误 找不到文件“evidence/2025-03-06-支委会记录.pdf”"
        " 〔把文件放入本年度 evidence/ 目录，或改正文件名（注意大小写）。〕"
    ]
    assert "检查了 1 份台账：1 个错误，0 个警告。" in done.stderr


def test_staged_rename_of_cited_evidence_fails(repo: Tree) -> None:
    renamed = EVIDENCE.replace("支委会记录", "支委会会议记录")
    git(repo.base, "mv", EVIDENCE, renamed)
    run = run_cli("validate", "--staged", "--format", "json")
    assert run.code == 1
    (finding,) = run.findings
    assert (finding["code"], finding["file"], finding["line"]) == ("E001", T01, repo.line_of(CITED))
    # pre-commit passes the new name as well: the dossier is checked once.
    run = run_cli("validate", "--staged", "--format", "json", renamed)
    assert (run.code, run.json["dossiers"], run.codes()) == (1, 1, ["E001"])


def test_staged_changes_that_touch_no_dossier_pass(repo: Tree) -> None:
    (repo.base / "notes.md").write_text("# 备忘\n", "utf-8")
    commit(repo.base, "备忘")
    git(repo.base, "rm", "-q", "notes.md")
    (repo.base / "README.md").write_text("# 台账\n", "utf-8")
    git(repo.base, "add", "README.md")
    run = run_cli("validate", "--staged")
    assert (run.code, run.stdout) == (0, "")
    assert NOTHING_STAGED in run.stderr
    assert run_cli("validate", "--staged", "--format", "json").json == {
        "dossiers": 0,
        "findings": [],
    }
    # A whole year taken out, dossier and evidence alike: nothing is left to cite them.
    git(repo.base, "rm", "-q", "-r", "content/branches/T-02/2025")
    assert run_cli("validate", "--staged").code == 0
    # An uncited file, or one cited by a dossier that stays whole: that dossier is checked.
    git(repo.base, "rm", "-q", "content/branches/T-01/branch.yaml")
    run = run_cli("validate", "--staged", "--format", "json")
    assert (run.code, run.json["dossiers"], run.codes()) == (1, 1, ["R008"])


def test_staged_with_the_content_root_at_the_top_of_the_repository(repo: Tree) -> None:
    """A committee's own dossier repository: organization.yaml and branches/ at the top."""
    top = repo.content
    git(top, "init", "-q")
    commit(top, "台账")
    git(top, "rm", "-q", "branches/T-01/2025/evidence/2025-03-06-支委会记录.pdf")
    line = repo.line_of(CITED)
    os.chdir(top)
    run = run_cli("validate", "--staged")
    assert run.code == 1
    assert run.stdout.startswith(f"branches/T-01/2025/dossier.yaml:{line}:14: E001 错误")
    # From inside branches/, the dossier is still found, and with it organization.yaml.
    os.chdir(top / "branches")
    run = run_cli("validate", "--staged", "--format", "json")
    assert run.code == 1
    assert [(f["code"], f["file"]) for f in run.findings] == [("E001", "T-01/2025/dossier.yaml")]


def test_staged_outside_a_repository_is_a_usage_error(tree: Tree) -> None:
    ceiling = {"GIT_CEILING_DIRECTORIES": str(tree.base.parent)}
    done = run_process(
        "--schemas", str(REPO / "schemas"), "validate", "--staged", cwd=tree.base, env=ceiling
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"错误：--staged 检查 git 暂存区，但当前目录 {tree.base.resolve().as_posix()} "
        "不在 git 仓库中：请在台账仓库中运行，或去掉 --staged\n"
    )


def test_staged_ignores_the_index_of_another_repository(
    repo: Tree, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIT_INDEX_FILE is read only when it is this repository's (a `git commit` in progress);
    a hook of another repository that runs checker (or these tests) sets it too."""
    git(repo.base, "rm", "-q", EVIDENCE)
    other = tmp_path_factory.mktemp("other")
    git(other, "init", "-q")
    monkeypatch.setenv("GIT_INDEX_FILE", str(other / ".git" / "index"))
    run = run_cli("validate", "--staged", "--format", "json")
    assert (run.code, run.json["dossiers"], run.codes()) == (1, 1, ["E001"])


def _hook_environment(home: Path) -> dict[str, str]:
    """What `git commit` and pre-commit run with: this venv's `checker` on PATH and the
    checker under test on PYTHONPATH; no user or system git config, no git redirects."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        PYTHONPATH=str(REPO),
        HOME=str(home),
        PRE_COMMIT_HOME=str(home / "pre-commit"),
        PRE_COMMIT_COLOR="never",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
    )
    env.pop("CHECKER_SCHEMAS", None)
    return env


def test_a_real_commit_that_deletes_cited_evidence_is_refused(
    repo: Tree, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The pre-commit framework as the repository's git hook, with HOOK as a `repo: local`
    hook, and real `git commit`s."""
    tools = Path(sys.executable).parent
    for tool in ("pre-commit", "checker"):
        if not (tools / tool).is_file():
            missing_tool(f"{tool} is not installed in {tools} (pip install -e '.[test]')")
    env = _hook_environment(tmp_path_factory.mktemp("home"))
    top = repo.base

    def run(*command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command, cwd=top, env=env, capture_output=True, text=True, timeout=300, check=False
        )

    def head() -> str:
        return run("git", "rev-parse", "HEAD").stdout.strip()

    for key, value in [("user.name", "测试"), ("user.email", "t@example.org")]:
        git(top, "config", key, value)
    git(top, "config", "commit.gpgsign", "false")
    config = {"repos": [{"repo": "local", "hooks": [local_hook()]}]}
    (top / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8"
    )
    commit(top, "启用 pre-commit")
    installed = run(str(tools / "pre-commit"), "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    before = head()
    finding = f"{T01}:{repo.line_of(CITED)}:14: E001 错误"

    git(top, "rm", "-q", EVIDENCE)
    done = run("git", "commit", "-m", "删除佐证材料")
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "E001" in output and finding in output
    assert head() == before
    assert run("git", "log", "-1", "--format=%s").stdout == "启用 pre-commit\n"

    # `git commit -a` stages the deletion into an index of its own, which the hook reads.
    git(top, "checkout", "-q", "HEAD", "--", EVIDENCE)
    (top / EVIDENCE).unlink()
    done = run("git", "commit", "-a", "-m", "删除佐证材料")
    assert done.returncode != 0 and finding in done.stdout + done.stderr
    assert head() == before

    git(top, "checkout", "-q", "HEAD", "--", EVIDENCE)
    (top / "README.md").write_text("# 台账\n", "utf-8")
    git(top, "add", "README.md")
    done = run("git", "commit", "-m", "说明")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "检查党支部台账" in done.stdout + done.stderr
    assert head() != before
    assert run("git", "log", "-1", "--format=%s").stdout == "说明\n"


def test_a_long_rescore_lists_only_the_dossiers_whose_score_moved(
    repo: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A standard change re-scores everything; the summary stays short all the same."""
    from checker.dossier.report import ci_summary

    monkeypatch.setattr(ci_summary, "TABLE_ROWS", 1)
    repo.edit_standard("title: 支委会\n", "title: 支部委员会会议\n")  # a wording change only
    repo.remove_activity("支委会", "2025-03")
    commit(repo.base, "改条目名称；删除 3 月支委会记录")
    run = run_cli("ci", "--base", "main", schemas=repo.schemas_copy())
    assert run.code == 0, run.stderr
    assert "标准或 Schema 有改动，全部台账重新评分。" in run.stdout
    assert "| T-01 |" in run.stdout and "| T-02 |" not in run.stdout
    assert "另有 1 份台账的等次和各条目得分都没有变化，未列出。" in run.stdout
    assert "### T-01" in run.stdout and "### T-02" not in run.stdout


def test_progress_bar_on_a_terminal_for_both_sides(repo: Tree) -> None:
    """`checker ci` scores the changed dossiers now and at the base: a bar for each run,
    on stderr only, when stderr is a terminal."""
    from test_progress import _on_terminal

    repo.remove_activity("支委会", "2025-03")
    commit(repo.base, "删除 3 月支委会记录")
    done, terminal = _on_terminal("ci", "--base", "main", cwd=repo.base)
    assert done.returncode == 0, terminal
    assert "评分改动的台账" in terminal and "评分基线版本" in terminal
    assert "评分".encode() not in done.stdout.split(b"\n", 1)[0]  # the summary is untouched
    assert done.stdout.startswith("## 台账检查".encode())


# --- the points ledger -------------------------------------------------------------------------


def test_a_changed_ledger_shows_member_by_member_by_id_only(repo: Tree) -> None:
    from points_ledger import Ledger

    repo.write(repo.text().replace("  - id: M02\n", "  - id: M02\n    name: 张某某\n", 1))
    ledger = Ledger(repo)
    ledger.write()
    git(repo.base, "checkout", "-q", "main")
    commit(repo.base, "积分台账")
    git(repo.base, "checkout", "-q", "change")
    git(repo.base, "merge", "-q", "main")
    march = ledger.path("2025-03.yaml")
    march.write_text(
        march.read_text("utf-8").replace(
            "{member: M02, standard: P01, date: 2025-03-10, count: 1, result: 通过}",
            "{member: M02, standard: P01, date: 2025-03-10, count: 1, result: 不通过, "
            "reason: 当天另有公务未参加}",
        ),
        "utf-8",
    )
    commit(repo.base, "3 月审核改为不通过")
    run, data = ci(repo)
    assert run.code == 0, run.stderr
    (dossier,) = data["dossiers"]
    assert dossier["points"] == [
        {
            "member": "M02",
            "base": {"total": 100, "grade": "优秀", "decided": "合格"},
            "current": {"total": 100, "grade": "优秀", "decided": "合格"},
            "months": [{"month": 3, "change": -2}],
        }
    ]
    assert "| M02 | 100 | 100 | 优秀 | 合格 | 3 月 -2 |" in run.stdout
    assert "张某某" not in run.stdout and "张某某" not in json.dumps(data, ensure_ascii=False)
