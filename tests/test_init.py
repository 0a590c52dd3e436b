"""`checker init DIR`: what a new dossier repository holds, and when init refuses.

The repository built from a wheel, with its CI steps, README commands and hooks run for real,
is tests/test_dossier_repository.py; here the command runs in process on real folders.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from conftest import SCHEMAS, TODAY, run_cli

from checker.dossier import hooks, initci
from checker.dossier.init_repo import EXAMPLE_BRANCH


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CHECKER_SCHEMAS", raising=False)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_init_writes_every_file_a_repository_needs(tmp_path: Path) -> None:
    run = run_cli("init", "repo", "--name", "中共测试市直属机关工作委员会", "--region", "379900")
    assert run.code == 0, run.stderr
    repo = tmp_path / "repo"
    for name in (
        "organization.yaml",
        "mkdocs.yml",
        "docs/about.md",
        ".gitignore",
        "inbox/README.md",
        ".github/workflows/dossier.yml",
        ".gitlab-ci.yml",
        ".pre-commit-config.yaml",
        ".vscode/settings.json",
        "README.md",
    ):
        assert (repo / name).is_file(), name
    assert (repo / "branches").is_dir()
    assert [p.name for p in (repo / "branches").iterdir()] == [".gitkeep"]
    # The CI files are those of init-ci, byte for byte.
    for kind, (_, target) in initci.TARGETS.items():
        assert (repo / target).read_text("utf-8") == initci.template(kind)
    ignored = (repo / ".gitignore").read_text("utf-8").splitlines()
    for entry in ("/site/", ".checker-cache/", ".checker-lock", ".checker-ingest.json"):
        assert entry in ignored
    assert "已在 repo 建立台账仓库" in run.stdout


def test_organization_skeleton_has_zones_levels_targets_and_the_pin(tmp_path: Path) -> None:
    assert run_cli("init", "repo", "--name", "中共测试市直属机关工作委员会").code == 0
    data = yaml.safe_load((tmp_path / "repo/organization.yaml").read_text("utf-8"))
    assert data["committee"] == "中共测试市直属机关工作委员会"
    assert [z["id"] for z in data["zones"]] == ["Z1", "Z2", "Z3", "Z4", "Z5"]
    assert [level["id"] for level in data["levels"]] == ["city", "county", "township"]
    assert sorted(data["targets"].values()) == [0.5, 0.8, 1.0]
    assert "region_code" not in data  # left for the person to fill, as a comment
    standard = yaml.safe_load((SCHEMAS / "standard.yaml").read_text("utf-8"))
    assert data["standard"] == {"id": standard["id"], "version": standard["version"]}


def test_skeleton_tells_what_to_complete_instead_of_crashing(tmp_path: Path) -> None:
    """Before any organization is entered, checking the repository names the gap."""
    assert run_cli("init", "repo").code == 0
    os.chdir(tmp_path / "repo")
    for target in ("organization.yaml", "."):
        run = run_cli("validate", target)
        assert run.code == 1
        assert run.stdout.startswith("organization.yaml:")
        assert "“上级党组织”应为列表" in run.stdout  # organizations:, by its schema title
        assert "R010" in run.stderr  # and there is no dossier yet


def test_init_twice_refuses_and_writes_nothing(tmp_path: Path) -> None:
    assert run_cli("init", "repo", "--example").code == 0
    before = snapshot(tmp_path / "repo")
    again = run_cli("init", "repo", "--example", "--name", "另一个工委")
    assert again.code == 2
    assert "不是空目录" in again.stderr and "--force" in again.stderr
    assert snapshot(tmp_path / "repo") == before


def test_init_refuses_a_file_and_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", "utf-8")
    run = run_cli("init", "file")
    assert run.code == 2 and "是文件" in run.stderr
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("keep", "utf-8")
    run = run_cli("init", "busy")
    assert run.code == 2 and "notes.txt" in run.stderr
    assert [p.name for p in busy.iterdir()] == ["notes.txt"]
    forced = run_cli("init", "busy", "--force")
    assert forced.code == 0
    assert (busy / "notes.txt").read_text("utf-8") == "keep"
    assert (busy / "organization.yaml").is_file()


def test_a_fresh_clone_with_only_git_counts_as_empty(tmp_path: Path) -> None:
    (tmp_path / "clone" / ".git").mkdir(parents=True)
    assert run_cli("init", "clone").code == 0
    assert (tmp_path / "clone" / "organization.yaml").is_file()


@pytest.mark.parametrize("region", ["37990", "abcdef", "3799001"])
def test_bad_region_is_a_usage_error(tmp_path: Path, region: str) -> None:
    run = run_cli("init", "repo", "--region", region)
    assert run.code == 2 and "行政区划代码" in run.stderr
    assert not (tmp_path / "repo").exists()


def test_example_branch_validates_and_scores(tmp_path: Path) -> None:
    assert run_cli("init", "repo", "--example").code == 0
    os.chdir(tmp_path / "repo")
    checked = run_cli("validate", "--format", "json")
    assert checked.code == 0, checked.stdout + checked.stderr
    assert checked.json["dossiers"] == 2
    scored = run_cli("score", "--format", "json")
    assert scored.code == 0
    assert {r["branch"] for r in scored.json["results"]} == {EXAMPLE_BRANCH}
    # No schema line points out of the repository at a schemas/ folder that is not there.
    for path in Path("branches").rglob("*.yaml"):
        assert "yaml-language-server" not in path.read_text("utf-8"), path


def _schema_target(uri: str) -> Path:
    parts = urlsplit(uri)
    assert parts.scheme == "file", uri
    return Path(unquote(parts.path))


def test_editor_settings_map_the_installed_schemas(tmp_path: Path) -> None:
    assert run_cli("init", "repo").code == 0
    settings = json.loads((tmp_path / "repo/.vscode/settings.json").read_text("utf-8"))
    mapping = settings["yaml.schemas"]
    assert set(mapping.values()) == {
        "branches/*/*/dossier.yaml",
        "branches/*/*/review.yaml",
        "branches/*/branch.yaml",
        "organization.yaml",
        "branches/*/*/points/*-[0-9][0-9].yaml",
        "branches/*/*/points/*-Q[1-4].yaml",
        "branches/*/*/points/grading.yaml",
        "assessment/*/organizations/*.yaml",
        "assessment/*/*.yaml",
    }
    for uri in mapping:
        target = _schema_target(uri)
        assert target.is_file(), target
        assert target.read_bytes() == (SCHEMAS / target.name).read_bytes()


def test_editor_settings_can_use_the_site(tmp_path: Path) -> None:
    run = run_cli("init", "repo", "--schema-url", "https://dj.example.cn/")
    assert run.code == 0
    settings = json.loads((tmp_path / "repo/.vscode/settings.json").read_text("utf-8"))
    assert "https://dj.example.cn/schemas/dossier.schema.json" in settings["yaml.schemas"]
    assert run_cli("init", "other", "--schema-url", "dj.example.cn").code == 2


def test_own_standard_copies_the_standard_and_points_editors_at_it(tmp_path: Path) -> None:
    assert run_cli("init", "repo", "--own-standard", "--example").code == 0
    repo = tmp_path / "repo"
    for source in SCHEMAS.glob("*.*"):
        if source.is_file():
            assert (repo / "schemas" / source.name).read_bytes() == source.read_bytes()
    settings = json.loads((repo / ".vscode/settings.json").read_text("utf-8"))
    assert settings["yaml.schemas"]["./schemas/standard.schema.json"] == "schemas/standard.yaml"
    # Each example file's schema line resolves to the copied schema.
    dossier = repo / "branches" / EXAMPLE_BRANCH / "2025" / "dossier.yaml"
    first = dossier.read_text("utf-8").splitlines()[0]
    target = first.removeprefix("# yaml-language-server: $schema=")
    assert (dossier.parent / target).resolve() == (repo / "schemas/dossier.schema.json").resolve()
    assert "本仓库使用自己的标准" in (repo / "README.md").read_text("utf-8")
    # The copy is the one in force there, with no --schemas: a stricter grade changes it.
    os.chdir(repo)
    assert _grades_without_schemas_option() == {2024: "示范", 2025: "示范"}
    standard = repo / "schemas" / "standard.yaml"
    text = standard.read_text("utf-8")
    standard.write_text(
        text.replace("  - name: 示范\n    min: 90\n", "  - name: 示范\n    min: 99.5\n")
    )
    assert _grades_without_schemas_option() == {2024: "达标", 2025: "达标"}


def _grades_without_schemas_option() -> dict[int, str]:
    from click.testing import CliRunner

    from checker.cli.main import cli

    done = CliRunner().invoke(cli, ["--today", TODAY, "--no-cache", "score", "--format", "json"])
    assert done.exit_code == 0, done.output
    return {r["year"]: r["grade"] for r in json.loads(done.stdout)["results"]}


def test_pre_commit_config_runs_the_installed_checker(tmp_path: Path) -> None:
    assert run_cli("init", "repo").code == 0
    config = yaml.safe_load((tmp_path / "repo/.pre-commit-config.yaml").read_text("utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    (hook,) = repo["hooks"]
    assert hook == hooks.local_hook() and hook["language"] == "system"
