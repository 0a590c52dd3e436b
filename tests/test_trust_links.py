"""Links in content: nothing the tool reads may lead out of the content root.

The attack: in a dossier repository that CI checks out with a token, a narrative committed as
a link to `../../../../.git/config` was read, validated and published. Every content file is
tried here as a link to a secret outside the content root; none may be read.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import Tree, run_cli
from site_tree import build_tree, mkdocs_build, write_config

SECRET = "extraheader = AUTHORIZATION: basic c2VjcmV0LXRva2Vu"


def plant_secret(base: Path) -> Path:
    """A file outside the content root, shaped like the config where CI keeps its token."""
    secret = base / "outside" / "config"
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_text(f'[http "https://example.org/"]\n\t{SECRET}\ntitle: "{SECRET}"\n', "utf-8")
    return secret


def link(path: Path, target: Path) -> None:
    if path.exists() or path.is_symlink():
        path.unlink()
    os.symlink(os.path.relpath(target, path.parent), path)


def assert_refused(run, file: str) -> None:
    assert run.code == 1, run.stdout + run.stderr
    assert SECRET not in run.stdout + run.stderr
    hits = [f for f in run.findings if f["code"] == "F007"]
    assert [f["file"] for f in hits] == [file], run.findings


@pytest.mark.parametrize(
    "relative",
    [
        "branches/T-01/2025/summary.md",
        "branches/T-01/2025/highlights.md",
        "branches/T-01/2025/review.yaml",
        "branches/T-01/2025/dossier.yaml",
        "branches/T-01/branch.yaml",
        "organization.yaml",
    ],
)
def test_every_content_file_linked_outside_is_refused_unread(tree: Tree, relative: str) -> None:
    secret = plant_secret(tree.base)
    link(tree.content / relative, secret)
    run = tree.validate()
    assert_refused(run, f"content/{relative}")
    score = tree.score()
    assert SECRET not in score.stdout + score.stderr


def test_a_branch_folder_linked_outside_is_refused(tree: Tree) -> None:
    outside = tree.base / "elsewhere" / "T-09"
    outside.parent.mkdir()
    tree.copy_branch("T-09").parent.parent.rename(outside)
    link(tree.content / "branches" / "T-09", outside)
    run = tree.validate()
    assert run.code == 1
    files = {f["file"] for f in run.findings if f["code"] == "F007"}
    assert "content/branches/T-09/2025/dossier.yaml" in files


def test_a_year_folder_linked_outside_is_refused(tree: Tree) -> None:
    outside = tree.base / "elsewhere"
    tree.year_dir.rename(outside)
    link(tree.year_dir, outside)
    run = tree.validate()
    assert run.code == 1
    assert any(
        f["code"] == "F007" and f["file"] == "content/branches/T-01/2025/dossier.yaml"
        for f in run.findings
    )


def test_a_link_that_stays_inside_the_content_root_is_read(tree: Tree) -> None:
    shared = tree.content / "shared-summary.md"
    shared.write_text("# 年度工作总结\n\n全年开展集中学习。\n", "utf-8")
    link(tree.year_dir / "summary.md", shared)
    run = tree.validate()
    assert "F007" not in run.codes(), run.findings
    assert run.code == 0


def test_a_dangling_link_counts_as_no_file(tree: Tree) -> None:
    link(tree.year_dir / "summary.md", tree.base / "missing.md")
    run = tree.validate()
    assert run.code == 0, run.findings


def test_no_site_build_or_export_reads_through_a_linked_narrative(tmp_path: Path) -> None:
    content = build_tree(tmp_path)
    secret = plant_secret(tmp_path)
    year = next(p for p in sorted((content / "branches").glob("*/2025")) if p.is_dir())
    link(year / "summary.md", secret)
    link(year / "highlights.md", secret)
    config = write_config(tmp_path, content, scope="internal")
    build = mkdocs_build(config, tmp_path)
    assert "Traceback" not in build.stdout + build.stderr
    site = tmp_path / "site"
    for path in site.rglob("*") if site.exists() else []:
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
            assert b"c2VjcmV0LXRva2Vu" not in path.read_bytes(), path
    export = tmp_path / "export"
    done = run_cli("site", "export", str(export), "--config", str(config))
    for path in export.rglob("*") if export.exists() else []:
        if path.is_file():
            assert b"c2VjcmV0LXRva2Vu" not in path.read_bytes(), path
    assert "Traceback" not in done.stdout + done.stderr
