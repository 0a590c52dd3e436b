"""checker.core.gitrepo: the one way a tree at a commit is written out, for history and ci."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import isolate_git

from checker.core.gitrepo import Repository


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    isolate_git(monkeypatch)
    top = tmp_path / "repo"
    evidence = top / "branches" / "T-01" / "2025" / "evidence"
    evidence.mkdir(parents=True)
    (evidence / "照片.jpg").write_bytes(b"\xff\xd8\xff\xe0 photo")
    (evidence / "outside.jpg").symlink_to("/etc/hostname")
    (evidence / "up.jpg").symlink_to("../../../../../../secret.jpg")
    (evidence / "inside.jpg").symlink_to("照片.jpg")
    git(top, "init", "-q", "-b", "main")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "台账")
    return top


def test_files_and_links_come_out_as_committed_and_links_are_never_followed(
    repo: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out"
    written = Repository(repo).extract("HEAD", ["branches", "no-such-folder"], target)
    evidence = target / "branches" / "T-01" / "2025" / "evidence"
    assert written == 4
    assert (evidence / "照片.jpg").read_bytes() == b"\xff\xd8\xff\xe0 photo"
    # Every link stays a link with its own target, so the engine finds it (F007, E006)
    # in an old commit exactly as in a working tree, instead of a missing file.
    assert os.readlink(evidence / "outside.jpg") == "/etc/hostname"
    assert os.readlink(evidence / "up.jpg") == "../../../../../../secret.jpg"
    assert os.readlink(evidence / "inside.jpg") == "照片.jpg"
    assert not (tmp_path / "secret.jpg").exists()


def test_only_the_asked_paths_are_written(repo: Path, tmp_path: Path) -> None:
    (repo / "other.txt").write_text("不要", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "其他")
    target = tmp_path / "out"
    Repository(repo).extract("HEAD", ["branches/T-01/2025/evidence/照片.jpg"], target)
    files = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert files == ["branches/T-01/2025/evidence/照片.jpg"]
