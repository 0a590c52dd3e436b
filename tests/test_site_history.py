"""The branch page shows its dossier's git history: the score at each commit that changed it."""

from __future__ import annotations

import html
import os
import re
import subprocess
from pathlib import Path

import pytest
from site_tree import _remove_activities, build_tree, checker_json, mkdocs_build, write_config

GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "测试",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "测试",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
}


def _git(base: Path, *args: str, day: int = 1) -> str:
    stamp = f"2025-12-{day:02d}T10:00:00+08:00"
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    done = subprocess.run(
        ["git", "-C", str(base), *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _rows(page: str) -> list[list[str]]:
    """The cells (as text) of the history table of a branch page."""
    section = page.split('id="history"', 1)[1].split("<h2", 1)[0]
    body = section.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        rows.append([html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


@pytest.fixture(scope="module")
def history_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    base = tmp_path_factory.mktemp("history")
    content = build_tree(base)
    _git(base, "init", "-q", "-b", "main")
    _git(base, "add", "-A")
    _git(base, "commit", "-q", "-m", "建立台账", day=1)
    first = _git(base, "rev-parse", "--short", "HEAD")
    _remove_activities(content / "branches" / "T-01" / "2025" / "dossier.yaml", "支委会", 1)
    _git(base, "commit", "-q", "-am", "删去一次支委会", day=2)
    second = _git(base, "rev-parse", "--short", "HEAD")
    config = write_config(base, content, "internal")
    result = mkdocs_build(config, base)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return base / "site-internal-fail", content, [first, second]


def test_branch_page_lists_each_version_with_its_score_and_item_changes(history_site) -> None:
    site, content, commits = history_site
    page = (site / "branches" / "T-01" / "index.html").read_text(encoding="utf-8")
    rows = _rows(page)
    assert [row[2] for row in rows] == commits
    assert [row[1] for row in rows] == ["2025-12-01", "2025-12-02"]
    assert rows[0][5] == "首个版本"
    # The last version is what `checker score` says today, and the change is named.
    scores = {(r["branch"], r["year"]): r for r in checker_json(content)["results"] if r["branch"]}
    latest = scores[("T-01", 2025)]
    assert float(rows[1][3]) == latest["total"]
    assert float(rows[0][3]) == 100.0
    lost = 100.0 - latest["total"]
    assert rows[1][5] == f"A2.3 −{lost:g}"


def test_a_branch_whose_dossier_never_changed_shows_no_history(history_site) -> None:
    site, _content, _commits = history_site
    page = (site / "branches" / "T-02" / "index.html").read_text(encoding="utf-8")
    assert 'id="history"' not in page


def test_no_history_section_outside_git(tmp_path: Path) -> None:
    content = build_tree(tmp_path)
    result = mkdocs_build(write_config(tmp_path, content, "internal"), tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site-internal-fail" / "branches" / "T-01" / "index.html").read_text(
        encoding="utf-8"
    )
    assert 'id="history"' not in page
