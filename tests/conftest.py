"""Shared fixtures: a copy of the good content tree in tmp_path, and the real CLI.

Every test works on real files: `tests/data/good/` is copied into a temporary folder, the
test edits the YAML text on disk, and the `checker` command (click's CliRunner, in process)
reads it back. The working folder is the temporary folder, so findings name files as
`content/branches/T-01/2025/dossier.yaml`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker.cli.main import cli

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
SCHEMAS = REPO / "schemas"
GOOD = TESTS / "data" / "good"
TODAY = "2026-11-29"
DOSSIER_REL = "content/branches/T-01/2025/dossier.yaml"


@dataclass
class Run:
    """What one CLI invocation produced."""

    code: int
    stdout: str
    stderr: str

    @property
    def json(self) -> Any:
        return json.loads(self.stdout)

    @property
    def findings(self) -> list[dict]:
        """Findings of `validate --format json`."""
        return self.json["findings"]

    def codes(self) -> list[str]:
        return [f["code"] for f in self.findings]


def missing_tool(reason: str) -> None:
    """A test needs a tool this machine lacks: skip it here, but fail it in CI.

    `.ci/run` installs Chromium, Playwright and LibreOffice, so under CI a missing one is a
    broken install step, and a green run with the test skipped would hide it."""
    if os.environ.get("CI"):
        pytest.fail(f"CI must run this test, but {reason}", pytrace=False)
    pytest.skip(reason)


def run_cli(
    *args: str, schemas: Path = SCHEMAS, today: str = TODAY, cache_dir: Path | None = None
) -> Run:
    """Run `checker --schemas … --today … --no-cache ARGS` in process; never a traceback.

    With ``cache_dir`` the results cache is used, in that (temporary) folder.
    """
    cache = ["--cache", "--cache-dir", str(cache_dir)] if cache_dir else ["--no-cache"]
    runner = CliRunner()
    result = runner.invoke(cli, ["--schemas", str(schemas), "--today", today, *cache, *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(*result.exc_info))
        pytest.fail(f"checker raised instead of reporting a finding:\n{trace}")
    assert "Traceback" not in result.stdout + result.stderr
    return Run(result.exit_code, result.stdout, result.stderr)


def run_process(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """The console script's entry point in a real process (stdout as bytes)."""
    command = [sys.executable, "-c", "from checker.cli.main import main; main()"]
    command += ["--schemas", str(SCHEMAS), "--today", TODAY, "--no-cache", *args]
    return subprocess.run(command, capture_output=True, cwd=cwd, timeout=60, check=False)


class Tree:
    """A content tree in tmp_path with the good branch T-01, and helpers to break it."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.content = base / "content"
        shutil.copytree(GOOD, self.content, symlinks=True)
        self.year_dir = self.content / "branches" / "T-01" / "2025"
        self.dossier = self.year_dir / "dossier.yaml"
        self.evidence = self.year_dir / "evidence"

    # --- reading and editing the dossier text -------------------------------------------

    def text(self) -> str:
        return self.dossier.read_text(encoding="utf-8")

    def write(self, text: str) -> None:
        self.dossier.write_text(text, encoding="utf-8")

    def write_bytes(self, data: bytes) -> None:
        self.dossier.write_bytes(data)

    def replace(self, old: str, new: str, count: int = 1) -> None:
        """Replace ``old`` by ``new``; ``old`` must occur exactly ``count`` times (0: any)."""
        text = self.text()
        found = text.count(old)
        if count:
            assert found == count, f"{old!r} occurs {found} times, expected {count}"
        else:
            assert found, f"{old!r} not in dossier"
        self.write(text.replace(old, new))

    def line_of(self, fragment: str, start: int = 1) -> int:
        """1-based number of the first line at or after ``start`` containing ``fragment``."""
        for number, line in enumerate(self.text().splitlines(), 1):
            if number >= start and fragment in line:
                return number
        raise AssertionError(f"{fragment!r} not in dossier")

    def activity_lines(self, record_type: str, date: str) -> tuple[int, int]:
        """(first, last) 1-based lines of the first activity of ``record_type`` on ``date``.

        ``date`` may be a whole date (`2025-03-06`) or a month (`2025-03`).
        """
        lines = self.text().splitlines()
        for index, line in enumerate(lines):
            if line == f"  - type: {record_type}" and lines[index + 1].startswith(
                f"    date: {date}"
            ):
                end = index + 1
                while end < len(lines) and lines[end].startswith("    "):
                    end += 1
                return index + 1, end
        raise AssertionError(f"no {record_type} on {date}")

    def activity_index(self, record_type: str, date: str) -> int:
        """0-based index of the activity in the `activities` list."""
        first, _ = self.activity_lines(record_type, date)
        before = self.text().splitlines()[: first - 1]
        return sum(1 for line in before if line.startswith("  - type: "))

    def remove_activity(self, record_type: str, date: str) -> None:
        first, last = self.activity_lines(record_type, date)
        lines = self.text().splitlines(keepends=True)
        del lines[first - 1 : last]
        text = "".join(lines)
        if "activities:\n  - " not in text:  # the last one went: an empty list, not null
            text = text.replace("activities:\n", "activities: []\n")
        self.write(text)

    def set_activity(self, record_type: str, date: str, key: str, value: str | None) -> int:
        """Set (or with None remove) ``key`` in one activity; returns the line it is on."""
        first, last = self.activity_lines(record_type, date)
        lines = self.text().splitlines(keepends=True)
        for index in range(first - 1, last):
            if lines[index].lstrip(" -").startswith(f"{key}:"):
                if value is None:
                    del lines[index]
                else:
                    prefix = lines[index][: lines[index].index(key)]
                    lines[index] = f"{prefix}{key}: {value}\n"
                self.write("".join(lines))
                return index + 1
        assert value is not None, f"{record_type} on {date} has no {key}"
        lines.insert(last, f"    {key}: {value}\n")
        self.write("".join(lines))
        return last + 1

    def remove_activities(self, record_type: str) -> int:
        """Remove every activity of a type; returns how many were removed."""
        dates = re.findall(
            rf"^  - type: {re.escape(record_type)}\n    date: (\S+)$", self.text(), re.M
        )
        for date in dates:
            self.remove_activity(record_type, date)
        return len(dates)

    def set_member(self, member_id: str, key: str, value: str) -> None:
        """Set ``key: value`` in the member block of ``member_id`` (the key must exist)."""
        lines = self.text().splitlines(keepends=True)
        start = lines.index(f"  - id: {member_id}\n")
        index = start + 1
        while lines[index].startswith("    "):
            if lines[index].startswith(f"    {key}:"):
                lines[index] = f"    {key}: {value}\n"
                self.write("".join(lines))
                return
            index += 1
        raise AssertionError(f"{member_id} has no {key}")

    def set_item(self, item_id: str, body: str) -> None:
        """Replace the entry of ``item_id`` under `items:` with ``body`` (indented lines)."""
        text = self.text()
        pattern = re.compile(rf"^  {re.escape(item_id)}:\n(?:    .*\n)*", re.M)
        replacement = f"  {item_id}:\n" + "".join(f"    {line}\n" for line in body.splitlines())
        if pattern.search(text):
            text = pattern.sub(lambda _m: replacement, text, count=1)
        else:
            text = text.rstrip("\n") + "\n" + replacement
        self.write(text)

    def remove_item(self, item_id: str) -> None:
        text = self.text()
        pattern = re.compile(rf"^  {re.escape(item_id)}:\n(?:    .*\n)*", re.M)
        assert pattern.search(text), item_id
        self.write(pattern.sub("", text, count=1))

    # --- more branches, reviews, schemas -------------------------------------------------

    def copy_branch(self, code: str) -> Path:
        """Copy T-01 as another branch ``code`` (codes fixed in dossier and branch.yaml)."""
        target = self.content / "branches" / code
        shutil.copytree(self.content / "branches" / "T-01", target, symlinks=True)
        dossier = target / "2025" / "dossier.yaml"
        dossier.write_text(
            dossier.read_text("utf-8").replace("branch: T-01\n", f"branch: {code}\n"), "utf-8"
        )
        branch = target / "branch.yaml"
        branch.write_text(
            branch.read_text("utf-8").replace("code: T-01\n", f"code: {code}\n"), "utf-8"
        )
        return dossier

    def write_review(self, text: str) -> Path:
        path = self.year_dir / "review.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    def schemas_copy(self) -> Path:
        target = self.base / "schemas"
        if not target.exists():
            shutil.copytree(SCHEMAS, target)
        return target

    def edit_standard(self, old: str, new: str, count: int = 1) -> Path:
        """Edit standard.yaml in a copy of schemas/; returns the copy's folder."""
        folder = self.schemas_copy()
        path = folder / "standard.yaml"
        text = path.read_text("utf-8")
        assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times"
        path.write_text(text.replace(old, new), "utf-8")
        return folder

    # --- running the CLI -----------------------------------------------------------------

    def validate(self, *paths: str, schemas: Path = SCHEMAS) -> Run:
        return run_cli("validate", "--format", "json", *(paths or ("content",)), schemas=schemas)

    def score(self, *paths: str, schemas: Path = SCHEMAS) -> Run:
        return run_cli("score", "--format", "json", *(paths or ("content",)), schemas=schemas)

    def result(self, schemas: Path = SCHEMAS) -> dict:
        """The one score result for T-01 (the run must have succeeded)."""
        run = self.score(schemas=schemas)
        assert run.code == 0, run.stdout + run.stderr
        (result,) = run.json["results"]
        return result

    def items(self, schemas: Path = SCHEMAS) -> dict[str, dict]:
        return {item["id"]: item for item in self.result(schemas)["items"]}


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Tree:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CHECKER_SCHEMAS", raising=False)
    return Tree(tmp_path)


@pytest.fixture(scope="session")
def good_items() -> dict[str, dict]:
    """Item results of the untouched good tree, for comparisons (computed once)."""
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            items = Tree(Path(folder)).items()
        finally:
            os.chdir(cwd)
    return items


def finding_of(run: Run, code: str) -> dict:
    """The single finding with ``code`` in a validate JSON run."""
    matches = [f for f in run.findings if f["code"] == code]
    assert len(matches) == 1, f"expected one {code}, got {run.findings}"
    return matches[0]


def item_findings(item: dict) -> list[tuple[str, str]]:
    return [(f["code"], f["message"]) for f in item["findings"]]


def changed_items(items: dict[str, dict], baseline: dict[str, dict]) -> dict[str, float]:
    """Items whose score differs from the baseline: id -> new score."""
    return {
        item_id: item["score"]
        for item_id, item in items.items()
        if item["score"] != baseline[item_id]["score"]
    }


GIT_IDENTITY = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "测试",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "测试",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}


def isolate_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real git, with no user or system configuration and a fixed test identity."""
    for key, value in GIT_IDENTITY.items():
        monkeypatch.setenv(key, value)
