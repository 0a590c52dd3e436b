"""A cache folder that came with a commit is not used: what is in it may be written by hand.

Each test first shows that the tampered cache does take effect while git does not track it
(the machine's own folder is trusted, so the test could fail), then commits it with
`git add -f`, as a pull request can, and shows that the run ignores it and says why.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import Tree, isolate_git, run_cli
from site_tree import build_tree, cached_config, mkdocs_build

from checker.core.cache_trust import refusal

MARKER = "篡改标记XSS"
INJECTED = f'<img src=x onerror="alert(1)">{MARKER}'


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def commit_all(repo: Path, *forced: Path) -> None:
    git(repo, "add", "-A")
    for path in forced:
        git(repo, "add", "-f", str(path))
    git(repo, "commit", "-q", "-m", "台账")


def raise_scores(cache: Path) -> int:
    """Rewrite every cached result to 100 points; how many entries were changed."""
    changed = 0
    for entry in cache.glob("??/*.json"):
        raw = entry.read_bytes()
        _length, head, body = raw.split(b"\n", 2)
        total = re.compile(rb'"total": ?[0-9.]+')
        forged, copied = total.sub(b'"total":100.0', head), total.sub(b'"total": 100.0', body)
        entry.write_bytes(b"%d\n" % len(copied) + forged + b"\n" + copied)
        changed += forged != head
    return changed


def build(config: Path, cwd: Path) -> subprocess.CompletedProcess:
    """`mkdocs build` without --strict: the refusal is a warning, and the site is still made."""
    return mkdocs_build(config, cwd, strict=False)


def scored(cache: Path) -> tuple[dict, str]:
    run = run_cli("score", "--format", "json", "content", cache_dir=cache)
    assert run.code == 0, run.stdout + run.stderr
    (result,) = run.json["results"]
    return result, run.stderr


def test_a_committed_result_cache_is_not_used(tree: Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)
    git(tree.base, "init", "-q")
    assert tree.remove_activities("党课") > 0
    cache = tree.base / ".checker-cache"
    (tree.base / ".gitignore").write_text(".checker-cache/\n", encoding="utf-8")
    honest, _ = scored(cache)
    assert honest["total"] < 100
    assert raise_scores(cache) == 1
    forged, said = scored(cache)
    assert forged["total"] == 100.0  # the machine's own folder is trusted
    assert "警告" not in said

    commit_all(tree.base, cache)
    entries = sorted(p.name for p in cache.rglob("*") if p.is_file())
    again, said = scored(cache)
    assert again == honest
    assert "缓存目录 .checker-cache 中有 1 个文件已提交进 git" in said
    assert "git rm -r --cached .checker-cache" in said
    # Nothing was read from it nor written into it.
    assert sorted(p.name for p in cache.rglob("*") if p.is_file()) == entries


def test_a_link_committed_in_place_of_the_cache_is_refused(
    tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolate_git(monkeypatch)
    git(tree.base, "init", "-q")
    planted = tree.base / "content" / "branches" / "T-01" / "kept"
    planted.mkdir()
    (planted / "note.md").write_text("随台账提交的文件\n", encoding="utf-8")
    link = tree.base / ".checker-cache"
    link.symlink_to(planted.relative_to(tree.base), target_is_directory=True)
    commit_all(tree.base)
    assert refusal(link) is not None
    assert refusal(tree.base / "elsewhere") is None  # nothing there yet
    outside = tree.base.parent / f"{tree.base.name}-own-cache"
    outside.mkdir()
    assert refusal(outside) is None  # not in any working tree


def test_a_committed_page_store_puts_nothing_on_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolate_git(monkeypatch)
    content = build_tree(tmp_path)
    config = cached_config(tmp_path, content)
    cache = tmp_path / "cache"
    git(tmp_path, "init", "-q")
    (tmp_path / ".gitignore").write_text("cache/\nsite-*/\n", encoding="utf-8")
    assert build(config, tmp_path).returncode == 0
    renderings = sorted((cache / "pages").rglob("*.r*.json"))
    assert renderings
    for rendering in renderings:  # a kept body with markup in it, as JSON keeps it
        text = rendering.read_text(encoding="utf-8")
        rendering.write_text(
            text.replace('"content":"', '"content":"' + INJECTED.replace('"', '\\"'), 1),
            encoding="utf-8",
        )
    page = tmp_path / "site-internal-fail" / "branches" / "T-01" / "index.html"
    assert build(config, tmp_path).returncode == 0
    assert MARKER in page.read_text(encoding="utf-8")  # the machine's own cache is trusted

    commit_all(tmp_path, cache)
    result = build(config, tmp_path)
    assert "缓存目录" in result.stderr and "已提交进 git" in result.stderr
    assert result.returncode == 0, result.stderr
    for html in (tmp_path / "site-internal-fail").rglob("*.html"):
        assert MARKER not in html.read_text(encoding="utf-8"), html


def test_a_committed_file_name_reaches_the_warning_without_controls(
    tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolate_git(monkeypatch)
    git(tree.base, "init", "-q")
    cache = tree.base / ".checker-cache"
    cache.mkdir()
    (cache / "a\x1b[2J\nforged.json").write_text("{}", encoding="utf-8")
    commit_all(tree.base, cache)
    said = refusal(cache)
    assert said is not None and "\\x1b[2J\\nforged.json" in said
    assert "\x1b" not in said and "\n" not in said
