"""The JSON of `checker score`, `checker history` and `checker ci` on the sample content,
byte for byte against outputs recorded before the result model was shared by history and ci.

The sample content and schemas/ are committed into a fresh repository with fixed names and
dates (so the commit ids are the same on every run), then one dossier loses a meeting on a
branch `change`. Set CHECKER_RECORD_GOLDEN=1 to write the files again after a change meant
to alter them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO, SCHEMAS, TESTS, TODAY, isolate_git, run_cli

from checker.dossier import history
from checker.dossier.results import ItemResult

GOLDEN = TESTS / "data" / "golden"
BRANCH = "379901-CZJ-01"


def _git(base: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(base), *args], check=True, capture_output=True, timeout=60)


def _commit(base: Path, message: str, day: int, monkeypatch: pytest.MonkeyPatch) -> None:
    stamp = f"2025-12-{day:02d}T10:00:00+08:00"
    monkeypatch.setenv("GIT_AUTHOR_DATE", stamp)
    monkeypatch.setenv("GIT_COMMITTER_DATE", stamp)
    _git(base, "add", "-A")
    _git(base, "commit", "-q", "-m", message)


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    isolate_git(monkeypatch)
    monkeypatch.delenv("CHECKER_SCHEMAS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(SCHEMAS, tmp_path / "schemas")
    monkeypatch.chdir(tmp_path)
    _git(tmp_path, "init", "-q", "-b", "main")
    _commit(tmp_path, "样例台账", 1, monkeypatch)
    _git(tmp_path, "checkout", "-q", "-b", "change")
    dossier = tmp_path / "content" / "branches" / BRANCH / "2025" / "dossier.yaml"
    text = dossier.read_text("utf-8")
    changed = text.replace("type: 支委会", "type: 党小组会", 1)
    assert changed != text
    dossier.write_text(changed, "utf-8")
    _commit(tmp_path, "改动一次会议", 2, monkeypatch)
    return tmp_path


def _same(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("CHECKER_RECORD_GOLDEN"):
        path.write_text(text, "utf-8")
    assert text == path.read_text("utf-8"), f"{name} differs from the recorded output"


def test_score_history_and_ci_json_are_unchanged(sample: Path) -> None:
    schemas = sample / "schemas"
    score = run_cli("score", "content", "--format", "json", schemas=schemas)
    # The score JSON is large: its digest is recorded instead.
    _same("score.json.sha256", hashlib.sha256(score.stdout.encode()).hexdigest() + "\n")
    history = run_cli("history", BRANCH, "--format", "json", schemas=schemas)
    _same("history.json", history.stdout)
    run_cli("ci", "--base", "main", "--json", "ci.json", schemas=schemas)
    _same("ci.json", (sample / "ci.json").read_text("utf-8"))


def test_history_points_hold_the_results_items(sample: Path) -> None:
    # One result model: a history point keeps the engine's ItemResult (without findings),
    # not a copy of it.
    points = history.branch_history(
        sample / "content", BRANCH, sample / "schemas", date.fromisoformat(TODAY)
    )
    assert points and all(p.items for p in points if p.scored)
    for point in points:
        assert all(type(item) is ItemResult and not item.findings for item in point.items)
