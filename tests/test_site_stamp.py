"""checker.core.site.stamp: the generation day every page shows is deterministic."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest
from conftest import isolate_git

from checker.core.site.stamp import Stamp, generation_date


def git(folder: Path, *args: str, env: dict[str, str] | None = None) -> None:
    subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, check=True, timeout=60, env=env
    )


def test_source_date_epoch_wins(tmp_path: Path) -> None:
    # 2025-03-01 00:30 UTC: the UTC day, whatever the machine's zone.
    assert generation_date(tmp_path, {"SOURCE_DATE_EPOCH": "1740789000"}) == date(2025, 3, 1)


def test_without_git_or_epoch_it_is_today(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)
    assert generation_date(tmp_path, {}) == date.today()
    assert generation_date(tmp_path, {"SOURCE_DATE_EPOCH": "not a number"}) == date.today()


def test_a_git_checkout_gives_the_day_of_its_last_commit_on_the_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolate_git(monkeypatch)
    top = tmp_path / "repo"
    content = top / "content"
    content.mkdir(parents=True)
    (content / "organization.yaml").write_text("committee: 工委\n", encoding="utf-8")
    (top / "README.md").write_text("说明\n", encoding="utf-8")
    git(top, "init", "-q", "-b", "main")
    git(top, "add", "content")
    env = {**os.environ, "GIT_COMMITTER_DATE": "2024-06-30T23:50:00+08:00"}
    git(top, "commit", "-q", "-m", "台账", env=env)
    git(top, "add", "README.md")
    env["GIT_COMMITTER_DATE"] = "2025-01-15T10:00:00+08:00"
    git(top, "commit", "-q", "-m", "说明", env=env)  # not the content: does not count
    assert generation_date(content, {}) == date(2024, 6, 30)
    assert generation_date(content, {"SOURCE_DATE_EPOCH": "0"}) == date(1970, 1, 1)


def test_the_stamp_as_the_theme_reads_it() -> None:
    stamp = Stamp(date(2026, 1, 5), "jgdj-zbbzh", "2025.1", "标准")
    assert stamp.as_extra() == {
        "generated": "2026-01-05",
        "generated_text": "2026年1月5日",
        "standard_id": "jgdj-zbbzh",
        "standard_version": "2025.1",
        "standard_title": "标准",
    }
