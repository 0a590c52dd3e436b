"""The progress bar: on stderr when it is a terminal and there is enough to do, never on stdout.

The terminal is real: the console script runs in its own process with stderr on a
pseudo-terminal (`pty`) and stdout on a pipe, as in `checker score --format json > out`.
"""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import SCHEMAS, TODAY, Tree, run_cli

from checker.core import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def no_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(progress.ENV, raising=False)


def test_shown_on_a_terminal_past_the_threshold(
    no_setting: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    terminal = Terminal()
    assert not progress.enabled(progress.THRESHOLD, stream=terminal)
    assert progress.enabled(progress.THRESHOLD + 1, stream=terminal)
    assert not progress.enabled(progress.THRESHOLD + 1, stream=io.StringIO())  # a pipe
    # Results streamed to the same terminal show the progress themselves.
    assert progress.enabled(100, streaming=True, stream=terminal)
    monkeypatch.setattr(sys, "stdout", Terminal())
    assert not progress.enabled(100, streaming=True, stream=terminal)
    assert progress.enabled(100, streaming=False, stream=terminal)


@pytest.mark.parametrize(("setting", "shown"), [("0", False), ("off", False), ("1", True)])
def test_environment_setting(setting: str, shown: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(progress.ENV, setting)
    assert progress.enabled(3, stream=Terminal()) is shown
    assert not progress.enabled(3, stream=io.StringIO())  # forcing needs a terminal still
    assert progress.enabled(100, stream=Terminal()) is (setting == "1")


def test_track_draws_on_the_stream_and_passes_items_through(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(progress.ENV, "1")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert list(progress.track(iter(range(5)), 5, "检查台账")) == [0, 1, 2, 3, 4]
    assert "检查台账" in terminal.getvalue() and "5/5" in terminal.getvalue()
    monkeypatch.setenv(progress.ENV, "0")
    quiet = Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert list(progress.track(iter(range(5)), 5)) == [0, 1, 2, 3, 4]
    assert quiet.getvalue() == ""


def _branches(tree: Tree, count: int) -> None:
    for number in range(2, count + 1):
        tree.copy_branch(f"T-{number:02d}")


def test_quiet_without_a_terminal(tree: Tree, no_setting: None) -> None:
    _branches(tree, progress.THRESHOLD + 1)
    scored = run_cli("score", "--format", "json", "content")
    assert scored.code == 0 and scored.stderr == ""
    assert len(scored.json["results"]) == progress.THRESHOLD + 1
    checked = run_cli("validate", "content")
    assert checked.stderr == f"检查了 {progress.THRESHOLD + 1} 份台账，没有发现问题。\n"


def _on_terminal(
    *args: str, cwd: Path, setting: str = "1"
) -> tuple[subprocess.CompletedProcess[bytes], str]:
    """Run the console script with stderr on a pseudo-terminal: (process, terminal text)."""
    script = Path(sys.executable).with_name("checker")
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "checker.cli.main"]
    command += ["--schemas", str(SCHEMAS), "--today", TODAY, "--no-cache", *args]
    master, slave = pty.openpty()
    seen = bytearray()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the other side closed
                return
            if not chunk:
                return
            seen.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    env = {**os.environ, progress.ENV: setting, "COLUMNS": "120"}
    try:
        done = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=slave,
            cwd=cwd,
            env=env,
            timeout=120,
            check=False,
        )
    finally:
        os.close(slave)
        reader.join(timeout=10)
        os.close(master)
    return done, seen.decode("utf-8", "replace")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_bar_on_a_terminal_and_clean_json_on_stdout(tree: Tree, jobs: str) -> None:
    _branches(tree, 4)
    done, terminal = _on_terminal("score", "--format", "json", "-j", jobs, "content", cwd=tree.base)
    assert done.returncode == 0, terminal
    assert "检查台账" in terminal and "4/4" in terminal
    results = json.loads(done.stdout)["results"]
    assert [r["branch"] for r in results] == ["T-01", "T-02", "T-03", "T-04"]
    assert b"\r" not in done.stdout and "检查台账".encode() not in done.stdout


def test_bar_for_validate_then_the_summary(tree: Tree) -> None:
    _branches(tree, 3)
    done, terminal = _on_terminal("validate", "--format", "json", "content", cwd=tree.base)
    assert done.returncode == 0
    assert "检查台账" in terminal and "3/3" in terminal
    assert json.loads(done.stdout) == {"dossiers": 3, "findings": []}


def test_no_bar_when_turned_off(tree: Tree) -> None:
    done, terminal = _on_terminal("validate", "content", cwd=tree.base, setting="0")
    assert done.returncode == 0
    assert terminal.replace("\r\n", "\n") == "检查了 1 份台账，没有发现问题。\n"


def test_bar_for_site_export(tmp_path: Path) -> None:
    from site_tree import build_tree, write_config

    content = build_tree(tmp_path)
    config = write_config(tmp_path, content, "internal")
    done, terminal = _on_terminal(
        "site", "export", str(tmp_path / "export"), "--config", str(config), cwd=tmp_path
    )
    assert done.returncode == 0, terminal
    assert "检查台账" in terminal and "6/6" in terminal
    assert (tmp_path / "export" / "docs" / "index.md").is_file()
