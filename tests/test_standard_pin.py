"""A dossier repository pins its standard in organization.yaml: `standard: {id, version}`.

The tool is installed; the repository has no copy of this project. Each test builds the
content in tmp_path and runs the real CLI (click's CliRunner, in process) without
`--schemas`, so the standard is chosen as a user's run would choose it. Where an earlier
release matters, a fake set of shipped standards is built in tmp_path (the current one and
`released/2024.1/`) and put in place of the package's own (standard_choice.SHIPPED_ROOTS).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, SCHEMAS, TODAY, Run, Tree, run_cli
from site_tree import write_config

from checker.cli.main import cli
from checker.core import standard_choice

PIN_LINE = 'standard: {id: jgdj-zbbzh, version: "%s"}\n'
DOSSIER_STANDARD = 'version: "2025.1"'  # the good dossier's declaration


def run(*args: str) -> Run:
    """`checker --today … --no-cache ARGS` in process, with no --schemas; never a traceback."""
    result = CliRunner().invoke(cli, ["--today", TODAY, "--no-cache", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(*result.exc_info))
        pytest.fail(f"checker raised instead of reporting:\n{trace}")
    assert "Traceback" not in result.stdout + result.stderr
    return Run(result.exit_code, result.stdout, result.stderr)


def pin(content: Path, version: str) -> None:
    organization = content / "organization.yaml"
    text = organization.read_text("utf-8")
    text = "".join(line for line in text.splitlines(True) if not line.startswith("standard:"))
    organization.write_text(text + PIN_LINE % version, "utf-8")


def released_2024(folder: Path) -> Path:
    """A full copy of the standard as release 2024.1: A1.1 was worth 5 points, A1.2 3."""
    shutil.copytree(SCHEMAS, folder)
    standard = folder / "standard.yaml"
    text = standard.read_text("utf-8").replace('version: "2025.1"', 'version: "2024.1"')
    for title, old, new in (("集中学习", 4, 5), ("党课", 4, 3)):
        before = f"        title: {title}\n        requirement:"
        at = text.index(before)
        end = text.index("points:", at)
        assert text[end : end + 9] == f"points: {old}"
        text = text[:end] + f"points: {new}" + text[end + 9 :]
    standard.write_text(text, "utf-8")
    return folder


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped standards: today's (2025.1) and, kept beside it, release 2024.1."""
    current = tmp_path / "installed" / "_schemas"
    shutil.copytree(SCHEMAS, current)
    released_2024(current / "released" / "2024.1")
    monkeypatch.setattr(standard_choice, "SHIPPED_ROOTS", [current])
    return current


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Tree:
    work = tmp_path / "repo"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.delenv("CHECKER_SCHEMAS", raising=False)
    return Tree(work)


def score(tree: Tree) -> dict:
    scored = run("score", "--format", "json")
    assert scored.code == 0, scored.stderr
    (result,) = scored.json["results"]
    return result


def assert_pin_message(text: str, pinned: str, available: list[str]) -> None:
    assert f"content/organization.yaml 指定按标准 jgdj-zbbzh {pinned} 评分" in text
    for label in available:
        assert label in text
    # The three ways out: change the pin (scores may change: ci shows them), another
    # checker release, a copy of the standard kept in the repository.
    assert "中的 standard 改为" in text and "得分可能随之变化" in text
    assert "checker ci --base" in text
    assert f"安装带有标准 jgdj-zbbzh {pinned} 的 checker 版本" in text
    assert "checker init --own-standard" in text


# --- which standard ------------------------------------------------------------------------


def test_pinned_to_the_current_version_scores_as_with_the_standard_named(tree: Tree) -> None:
    named = run_cli("score", "--format", "json")  # --schemas: the standard, as before pins
    pin(tree.content, "2025.1")
    checked = run("validate")
    assert checked.code == 0, checked.stdout + checked.stderr
    assert "没有发现问题" in checked.stderr
    result = score(tree)
    assert result["standard"] == {"id": "jgdj-zbbzh", "version": "2025.1"}
    assert result == named.json["results"][0]


def test_pinned_to_an_earlier_release_uses_that_release(tree: Tree, shipped: Path) -> None:
    pin(tree.content, "2024.1")
    tree.replace(DOSSIER_STANDARD, 'version: "2024.1"')
    checked = run("validate")
    assert checked.code == 0, checked.stdout + checked.stderr
    result = score(tree)
    assert result["standard"] == {"id": "jgdj-zbbzh", "version": "2024.1"}
    items = {item["id"]: item for item in result["items"]}
    assert (items["A1.1"]["max"], items["A1.2"]["max"]) == (5, 3)


def test_without_a_pin_the_newest_shipped_standard_is_used(tree: Tree, shipped: Path) -> None:
    result = score(tree)
    assert result["standard"] == {"id": "jgdj-zbbzh", "version": "2025.1"}
    items = {item["id"]: item for item in result["items"]}
    assert (items["A1.1"]["max"], items["A1.2"]["max"]) == (4, 4)


def test_the_standard_named_for_the_run_wins_over_the_pin(tree: Tree) -> None:
    pin(tree.content, "1999.1")
    named = run_cli("validate")  # --schemas, as for a draft of the next standard
    assert named.code == 0, named.stdout + named.stderr


def test_a_dossier_of_another_standard_names_both_and_points_at_the_pin(
    tree: Tree, shipped: Path
) -> None:
    pin(tree.content, "2024.1")
    checked = run("validate", "--format", "json")
    assert checked.code == 1
    (finding,) = [f for f in checked.findings if f["code"] == "R007"]
    assert finding["message"] == "台账按标准 jgdj-zbbzh 2025.1 填写，当前标准是 jgdj-zbbzh 2024.1"
    assert "jgdj-zbbzh 2024.1" in finding["hint"] and "organization.yaml" in finding["hint"]


# --- a pin that cannot be honoured ---------------------------------------------------------


@pytest.mark.parametrize("command", ["validate", "score"])
def test_a_pin_to_a_version_not_shipped_stops_with_the_ways_out(
    tree: Tree, shipped: Path, command: str
) -> None:
    pin(tree.content, "1999.1")
    stopped = run(command)
    assert stopped.code == 2
    assert stopped.stdout == ""
    assert stopped.stderr.startswith("错误：")
    assert_pin_message(stopped.stderr, "1999.1", ["jgdj-zbbzh 2025.1", "jgdj-zbbzh 2024.1"])


def test_in_a_real_process_the_stop_is_a_message_not_a_traceback(tree: Tree) -> None:
    pin(tree.content, "1999.1")
    env = {k: v for k, v in os.environ.items() if k != "CHECKER_SCHEMAS"}
    done = subprocess.run(
        [sys.executable, "-c", "from checker.cli.main import main; main()", "score"],
        cwd=tree.base,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "内部错误" not in done.stderr
    assert_pin_message(done.stderr, "1999.1", ["jgdj-zbbzh 2025.1"])


def test_own_schemas_of_another_version_than_the_pin_stops(tree: Tree) -> None:
    tree.schemas_copy()
    pin(tree.content, "2024.1")
    stopped = run("validate")
    assert stopped.code == 2
    assert "content/organization.yaml 指定按标准 jgdj-zbbzh 2024.1 评分" in stopped.stderr
    assert "仓库中的 schemas/standard.yaml 是 jgdj-zbbzh 2025.1" in stopped.stderr
    assert "删除 schemas/" in stopped.stderr


def test_own_schemas_of_the_pinned_version_are_used(tree: Tree, shipped: Path) -> None:
    released_2024(tree.base / "schemas")  # the repository's own copy, not the shipped one
    pin(tree.content, "2024.1")
    tree.replace(DOSSIER_STANDARD, 'version: "2024.1"')
    checked = run("validate")
    assert checked.code == 0, checked.stdout + checked.stderr
    assert score(tree)["standard"]["version"] == "2024.1"


def test_a_repository_with_organization_yaml_at_its_top_reads_the_pin_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CHECKER_SCHEMAS", raising=False)
    tree = Tree(tmp_path)
    for entry in tree.content.iterdir():
        entry.rename(tmp_path / entry.name)  # organization.yaml and branches/ at the top
    tree.content.rmdir()
    pin(tmp_path, "1999.1")
    stopped = run("validate")
    assert stopped.code == 2
    assert "organization.yaml 指定按标准 jgdj-zbbzh 1999.1 评分" in stopped.stderr


def test_a_broken_organization_yaml_is_reported_by_the_checks_not_the_choice(
    tree: Tree, shipped: Path
) -> None:
    organization = tree.content / "organization.yaml"
    organization.write_text(organization.read_text("utf-8") + "standard: [\n", "utf-8")
    assert standard_choice.read_pin(tree.content) is None
    checked = run("validate", "--format", "json")
    assert checked.code == 1
    assert {f["file"] for f in checked.findings} == {"content/organization.yaml"}


@pytest.mark.parametrize(
    ("written", "code", "path"),
    [
        ("{id: jgdj-zbbzh, version: 2025.1}", "S001", "/standard/version"),  # a number
        ("{id: jgdj-zbbzh}", "S003", "/standard"),
    ],
)
def test_a_malformed_pin_is_a_schema_finding_of_organization_yaml(
    tree: Tree, shipped: Path, written: str, code: str, path: str
) -> None:
    organization = tree.content / "organization.yaml"
    organization.write_text(organization.read_text("utf-8") + f"standard: {written}\n", "utf-8")
    checked = run("validate", "--format", "json")
    assert checked.code == 1
    (finding,) = checked.findings
    assert (finding["code"], finding["file"], finding["path"]) == (
        code,
        "content/organization.yaml",
        path,
    )


# --- the site ------------------------------------------------------------------------------


def test_mkdocs_build_stops_with_a_plugin_error_naming_the_pin(tree: Tree) -> None:
    pin(tree.content, "1999.1")
    config = write_config(tree.base, tree.content)
    env = {k: v for k, v in os.environ.items() if k != "CHECKER_SCHEMAS"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    mkdocs = Path(sys.executable).with_name("mkdocs")
    command = [str(mkdocs)] if mkdocs.exists() else [sys.executable, "-m", "mkdocs"]
    done = subprocess.run(
        [*command, "build", "--strict", "-f", str(config)],
        cwd=tree.base,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1
    assert "Traceback" not in output
    assert "Aborted with a BuildError" in output  # a PluginError, reported by MkDocs
    assert "ERROR   -  dossier: content/organization.yaml 指定按标准" in output
    assert_pin_message(output, "1999.1", ["jgdj-zbbzh 2025.1"])


def test_site_export_stops_on_a_pin_not_shipped(tree: Tree) -> None:
    pin(tree.content, "1999.1")
    config = write_config(tree.base, tree.content)
    stopped = run("site", "export", "out", "--config", str(config))
    assert stopped.code == 2
    assert_pin_message(stopped.stderr, "1999.1", ["jgdj-zbbzh 2025.1"])
    assert not (tree.base / "out").exists()


# --- checker ci across a change of the pin ------------------------------------------------


def git(repo: Path, *args: str) -> None:
    command = ["git", "-C", str(repo), "-c", "user.name=测试", "-c", "user.email=t@example.org"]
    command += ["-c", "commit.gpgsign=false", *args]
    subprocess.run(command, capture_output=True, check=True, timeout=60)


def committed(tree: Tree, version: str) -> None:
    """The tree committed on `main` pinned to ``version``; HEAD on a new branch `change`."""
    pin(tree.content, version)
    git(tree.base, "init", "-q")
    git(tree.base, "checkout", "-q", "-b", "main")
    git(tree.base, "add", "-A")
    git(tree.base, "commit", "-q", "-m", "台账")
    git(tree.base, "checkout", "-q", "-b", "change")


def ci(tree: Tree) -> dict:
    out = tree.base.parent / "ci.json"
    done = run("ci", "--base", "main", "--json", str(out))
    assert done.code == 0, done.stdout + done.stderr
    return json.loads(out.read_text("utf-8"))


def test_ci_scores_the_base_with_the_standard_the_base_pinned(tree: Tree, shipped: Path) -> None:
    tree.replace(DOSSIER_STANDARD, 'version: "2024.1"')
    committed(tree, "2024.1")
    pin(tree.content, "2025.1")  # the change: move to the new standard
    tree.replace('version: "2024.1"', DOSSIER_STANDARD)
    report = ci(tree)
    assert report["base_note"] == ""
    (dossier,) = report["dossiers"]
    deltas = {item["id"]: item for item in dossier["items"]}
    assert {"A1.1", "A1.2"} <= set(deltas)
    assert "标准调整：满分由 5 改为 4" in deltas["A1.1"]["reasons"]
    assert "标准调整：满分由 3 改为 4" in deltas["A1.2"]["reasons"]


def test_ci_with_a_base_pin_not_shipped_scores_the_base_with_today_and_says_so(
    tree: Tree, shipped: Path
) -> None:
    committed(tree, "1999.1")
    pin(tree.content, "2025.1")
    report = ci(tree)
    assert "content/organization.yaml 指定的标准 jgdj-zbbzh 1999.1" in report["base_note"]
    assert "基线按当前使用的标准评分" in report["base_note"]
    (dossier,) = report["dossiers"]
    assert dossier["base"]["total"] == dossier["current"]["total"]


def test_the_package_ships_the_earlier_releases(tmp_path: Path) -> None:
    """setuptools globs package-data patterns in the package's folder: released/<version>/
    must be matched, or an installed checker would know only its newest standard."""
    import glob
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    patterns = project["tool"]["setuptools"]["package-data"]["checker._schemas"]
    release = tmp_path / "released" / "2024.1"
    release.mkdir(parents=True)
    wanted = {"standard.yaml", *(p.name for p in SCHEMAS.glob("*.schema.json"))}
    for name in wanted:
        (release / name).write_text("{}", "utf-8")
    shipped = {match for p in patterns for match in glob.glob(p, root_dir=tmp_path)}
    assert {f"released/2024.1/{name}" for name in wanted} <= shipped
