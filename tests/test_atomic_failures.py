"""A failure in the middle of writing leaves the previous state intact (issue 6).

For `checker import`, `checker ingest`, `checker new` and `checker site export`, the run is
first made once cleanly to count its writes; then it is made again on a fresh copy for each
N, with the Nth write failing (a full disk: OSError ENOSPC), and afterwards the whole tree
is compared with its state before, byte for byte, and searched for temporary files. The
swap that puts a staged folder in place is made to fail as well, and one real process is
killed (SIGKILL) in the middle of an import.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result
from conftest import GOOD, SCHEMAS, TODAY
from test_ingest import zip_folder
from test_word_import import layout_of, set_cell

from checker.cli.main import cli
from checker.core import atomic

# --- tools -----------------------------------------------------------------------------------


def run(*args: str) -> Result:
    """The command in process; unlike conftest.run_cli, an exception is returned, not
    failed on, so that the state after it can be checked."""
    return CliRunner().invoke(
        cli, ["--schemas", str(SCHEMAS), "--today", TODAY, "--no-cache", *args]
    )


def state(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder`` (hidden ones too), files by content hash."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = "link:" + os.readlink(path)
        elif path.is_dir():
            found[rel] = "dir"
        else:
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def leftovers(folder: Path) -> list[str]:
    """Temporary files and scratch folders anywhere under ``folder`` or beside it."""
    places = [*folder.rglob("*"), *folder.parent.iterdir()]
    return sorted(
        p.as_posix()
        for p in places
        if p.name.startswith(atomic.SCRATCH_PREFIX)
        or (p.name.startswith(".") and p.name.endswith(".tmp"))
    )


class Writes:
    """Counts the writes of a run (atomic writes and plain Path writes alike) and makes
    the ``fail_at``-th one raise, as a full disk would."""

    def __init__(self, fail_at: int = 0) -> None:
        self.calls = 0
        self.fail_at = fail_at

    def wrap(self, real: Callable) -> Callable:
        def write(*args, **kwargs):
            self.calls += 1
            if self.calls == self.fail_at:
                raise OSError(errno.ENOSPC, "No space left on device", str(args[0]))
            return real(*args, **kwargs)

        return write


@contextmanager
def writes(monkeypatch: pytest.MonkeyPatch, fail_at: int = 0) -> Iterator[Writes]:
    counter = Writes(fail_at)
    with monkeypatch.context() as patch:
        patch.setattr(atomic, "write_bytes", counter.wrap(atomic.write_bytes))
        patch.setattr(Path, "write_text", counter.wrap(Path.write_text))
        patch.setattr(Path, "write_bytes", counter.wrap(Path.write_bytes))
        yield counter


def fresh(template: Path, where: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(template, where, symlinks=True)
    monkeypatch.chdir(where)
    return where


def each_failure(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    prepare: Callable[[Path], None],
    args: tuple[str, ...],
) -> tuple[int, dict[str, str], dict[str, str]]:
    """Run ``args`` once cleanly, then once per write with that write failing; after each
    failure the tree must be as before, without temporary files, and the command must
    have said so in Chinese rather than crashed. Returns (writes, before, after clean)."""
    template = tmp_path / "template"
    template.mkdir()
    prepare(template)
    before = state(template)

    clean = fresh(template, tmp_path / "clean", monkeypatch)
    with writes(monkeypatch) as counter:
        result = run(*args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    after = state(clean)
    assert after != before, "the clean run changed nothing"
    assert not leftovers(clean)
    assert counter.calls >= 1

    for n in range(1, counter.calls + 1):
        work = fresh(template, tmp_path / f"fail-{n}", monkeypatch)
        with writes(monkeypatch, fail_at=n):
            failed = run(*args)
        assert not isinstance(failed.exception, OSError), f"write {n}: {failed.exception!r}"
        assert failed.exit_code != 0, f"write {n} failed, yet the command reported success"
        assert "Traceback" not in failed.output
        assert state(work) == before, f"write {n} of {counter.calls} left a changed tree"
        assert not leftovers(work), f"write {n}"
    return counter.calls, before, after


# --- checker import --------------------------------------------------------------------------


def prepare_import(base: Path) -> None:
    """content/ with T-01, and a form for it changing three files at once: branch.yaml
    (the name), dossier.yaml (a member's hours) and a new summary.md."""
    shutil.copytree(GOOD, base / "content")
    form = base / "form.docx"
    source = str(base / "content/branches/T-01/2025")
    made = run("template", "--from", source, "-o", str(form))
    assert made.exit_code == 0, made.output
    layout = layout_of()
    document = docx.Document(str(form))
    ((ci, cover),) = layout.by_kind("cover")
    rows = {row.field.path: n for n, row in enumerate(cover.rows, 1) if row.field}
    set_cell(document.tables[ci], rows[("name",)], 2, "市财政局第一党支部（新名称）")
    ((ri, roster),) = layout.by_kind("roster")
    col = {c.path[0]: n for n, c in enumerate(roster.columns, 1)}
    set_cell(document.tables[ri], 7, col["training_hours"], "41")
    ni, _ = layout.by_kind("narrative")[0]
    set_cell(document.tables[ni], 2, 1, "全年工作总结。")
    document.save(str(form))


IMPORT = ("import", "form.docx", "--content", "content", "--force")


def test_import_failing_midway_leaves_the_branch_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    count, before, after = each_failure(tmp_path, monkeypatch, prepare_import, IMPORT)
    assert count >= 3  # branch.yaml, dossier.yaml and summary.md: one set
    changed = {k for k in after if after[k] != before.get(k)}
    assert {
        "content/branches/T-01/branch.yaml",
        "content/branches/T-01/2025/dossier.yaml",
        "content/branches/T-01/2025/summary.md",
    } <= changed


# --- checker new -----------------------------------------------------------------------------


def prepare_content(base: Path) -> None:
    shutil.copytree(GOOD, base / "content")


NEW_BRANCH = ("new", "T-09", "--year", "2025", "--name", "新支部", "--organization", "ORG-01")


def test_new_branch_failing_midway_writes_neither_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    count, _before, after = each_failure(tmp_path, monkeypatch, prepare_content, NEW_BRANCH)
    assert count == 2  # branch.yaml and dossier.yaml, written as one
    assert "content/branches/T-09/2025/evidence" in after


def test_new_year_failing_leaves_no_empty_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("new", "T-01", "--year", "2026")
    _count, before, after = each_failure(tmp_path, monkeypatch, prepare_content, args)
    assert set(after) - set(before) == {
        "content/branches/T-01/2026",
        "content/branches/T-01/2026/dossier.yaml",
        "content/branches/T-01/2026/evidence",
    }


# --- checker ingest --------------------------------------------------------------------------


def prepare_ingest(base: Path) -> None:
    """content/ with T-01, and an inbox with a zip of a second branch T-02."""
    shutil.copytree(GOOD, base / "content")
    branch = base / "T-02"
    shutil.copytree(GOOD / "branches" / "T-01", branch)
    for name, old, new in (("2025/dossier.yaml", "branch: T-01", "branch: T-02"),):
        path = branch / name
        path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")
    path = branch / "branch.yaml"
    path.write_text(path.read_text("utf-8").replace("code: T-01", "code: T-02"), "utf-8")
    (base / "inbox").mkdir()
    (base / "inbox" / "T-02.zip").write_bytes(zip_folder(branch, "T-02/"))
    shutil.rmtree(branch)


INGEST = ("ingest", "inbox", "--content", "content")


def test_ingest_failing_midway_keeps_content_and_upload(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = tmp_path / "template"
    template.mkdir()
    prepare_ingest(template)
    before_content = state(template / "content")
    upload = (template / "inbox" / "T-02.zip").read_bytes()

    clean = fresh(template, tmp_path / "clean", monkeypatch)
    with writes(monkeypatch) as counter:
        result = run(*INGEST)
    assert result.exit_code == 0, result.output
    content_after = state(clean / "content")
    assert "branches/T-02/2025/dossier.yaml" in content_after
    total = counter.calls
    assert total > 30  # every file of the year folder, the journal, then the receipt

    for n in range(1, total + 1):
        work = fresh(template, tmp_path / f"fail-{n}", monkeypatch)
        with writes(monkeypatch, fail_at=n):
            failed = run(*INGEST)
        assert failed.exit_code == 2, f"write {n}: {failed.output}"
        assert "未能处理 inbox/T-02.zip" in failed.output and "留在收件箱中" in failed.output
        assert not leftovers(work), f"write {n}"
        # The upload is never lost: still in the inbox, and no receipt was left behind.
        assert (work / "inbox" / "T-02.zip").read_bytes() == upload
        assert not (work / "inbox" / "processed").exists() or not any(
            (work / "inbox" / "processed").iterdir()
        )
        # Whichever write failed (staging, the journal, the receipt), content/ is as it
        # was: an upload is never applied without its receipt (issue 10).
        assert state(work / "content") == before_content, f"write {n} of {total}"
    # The next run takes the upload as if for the first time.
    again = run(*INGEST)
    assert again.exit_code == 0, again.output
    assert "台账已写入" in (work / "inbox/processed/T-02.zip.回执.md").read_text("utf-8")
    assert state(work / "content") == content_after


def test_ingest_failing_swap_keeps_the_old_year_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = tmp_path / "t"
    content = base / "content"
    shutil.copytree(GOOD, content)
    monkeypatch.chdir(base)
    year = content / "branches/T-01/2025"
    upload = zip_folder(year, "2025/", {"2025/evidence/新增.pdf": b"%PDF-1.4\n"})
    (base / "inbox").mkdir()
    (base / "inbox" / "2025.zip").write_bytes(upload)
    before = state(content)

    def broken(first: Path, second: Path) -> bool:
        raise OSError(errno.EIO, "Input/output error", str(second))

    monkeypatch.setattr(atomic, "_exchange", broken)
    result = run(*INGEST)

    assert result.exit_code == 2, result.output
    assert state(content) == before
    assert (base / "inbox" / "2025.zip").read_bytes() == upload
    assert not leftovers(content)


# --- checker site export ---------------------------------------------------------------------


def prepare_export(base: Path) -> None:
    """content/, a site config, an earlier export, and a site built from it (`site/`)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from site_tree import write_config

    shutil.copytree(GOOD, base / "content")
    config = write_config(base, base / "content", "internal", "fail")
    config.rename(base / "mkdocs.yml")
    first = run_in(base, "site", "export", "out", "--config", "mkdocs.yml")
    assert first.exit_code == 0, first.output
    (base / "out" / "site").mkdir()
    (base / "out" / "site" / "index.html").write_text("<p>built earlier</p>", "utf-8")
    branch = base / "content/branches/T-01/branch.yaml"
    text = branch.read_text("utf-8").replace("市财政局第一党支部", "市财政局第一党支部（改）")
    branch.write_text(text, "utf-8")


def run_in(folder: Path, *args: str) -> Result:
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        return run(*args)
    finally:
        os.chdir(cwd)


EXPORT = ("site", "export", "out", "--config", "mkdocs.yml")


def test_site_export_failing_midway_keeps_the_previous_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    count, before, after = each_failure(tmp_path, monkeypatch, prepare_export, EXPORT)
    assert count > 5  # pages, pictures, mkdocs.yml
    assert after["out/site/index.html"] == before["out/site/index.html"]  # not ours: kept
    changed = {k for k in after if after.get(k) != before.get(k) and k.startswith("out/docs/")}
    assert any(k.startswith("out/docs/branches/T-01") for k in changed)


def test_site_export_failing_swap_keeps_the_previous_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = tmp_path / "t"
    base.mkdir()
    prepare_export(base)
    before = state(base / "out")
    monkeypatch.chdir(base)

    def broken(first: Path, second: Path) -> bool:
        raise OSError(errno.EIO, "Input/output error", str(second))

    monkeypatch.setattr(atomic, "_exchange", broken)
    result = run(*EXPORT)

    assert result.exit_code == 2 and "Traceback" not in result.output
    assert state(base / "out") == before
    assert not leftovers(base / "out")


# --- the swap itself, where the system cannot exchange two folders ---------------------------


def test_replace_dir_without_exchange_puts_the_old_folder_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target, staged = tmp_path / "target", tmp_path / "staged"
    target.mkdir()
    (target / "a.txt").write_text("old", "utf-8")
    staged.mkdir()
    (staged / "a.txt").write_text("new", "utf-8")
    monkeypatch.setattr(atomic, "_exchange", lambda first, second: False)
    real = os.rename
    calls: list[tuple[str, str]] = []

    def rename(source, destination) -> None:
        calls.append((Path(source).name, Path(destination).name))
        if len(calls) == 2:  # the new folder into place
            raise OSError(errno.EIO, "Input/output error")
        real(source, destination)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OSError):
        atomic.replace_dir(staged, target)
    assert (target / "a.txt").read_text("utf-8") == "old"
    assert calls == [("target", "staged.old"), ("staged", "target"), ("staged.old", "target")]

    monkeypatch.setattr(os, "rename", real)
    aside = atomic.replace_dir(staged, target)
    assert (target / "a.txt").read_text("utf-8") == "new"
    assert aside is not None and (aside / "a.txt").read_text("utf-8") == "old"


# --- a real process, killed -----------------------------------------------------------------

KILLER = """
import os, signal, sys
real, calls = os.replace, [0]
def replace(source, target):
    calls[0] += 1
    if calls[0] == int(os.environ["KILL_AT"]):
        os.kill(os.getpid(), signal.SIGKILL)
    return real(source, target)
os.replace = replace
from checker.cli.main import main
sys.argv = ["checker", *sys.argv[1:]]
main()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_import_killed_midway_leaves_the_branch_as_it_was(tmp_path: Path) -> None:
    base = tmp_path / "t"
    base.mkdir()
    prepare_import(base)
    before = state(base / "content")
    command = [sys.executable, "-c", KILLER, "--schemas", str(SCHEMAS), "--today", TODAY]
    command += ["--no-cache", *IMPORT]

    killed = subprocess.run(
        command,
        cwd=base,
        env={**os.environ, "KILL_AT": "2"},
        capture_output=True,
        timeout=120,
        check=False,
    )

    assert killed.returncode == -signal.SIGKILL
    visible = {
        k: v
        for k, v in state(base / "content").items()
        if ".checker-tmp-" not in k and k != ".checker-lock"
    }
    # Only the dead process's scratch folder is new, and its lock file (the kernel released
    # the lock itself; the next run takes the stale file over).
    assert visible == before
    # The next run removes what the killed one left, and does the import.
    done = subprocess.run(
        command, cwd=base, env={**os.environ, "KILL_AT": "0"}, capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()
    assert not leftovers(base / "content")
    assert "training_hours: 41" in (base / "content/branches/T-01/2025/dossier.yaml").read_text(
        "utf-8"
    )


def test_written_files_get_the_usual_mode_not_a_private_one(tmp_path: Path) -> None:
    """mkstemp makes 0600 files: a dossier written by `new` must stay readable by the group
    and the web server like any other file, and a rewritten file keeps its mode."""
    mask = os.umask(0o022)
    os.umask(mask)
    fresh_file = tmp_path / "new.yaml"
    atomic.write_text(fresh_file, "a: 1\n")
    assert fresh_file.stat().st_mode & 0o777 == 0o666 & ~mask
    kept = tmp_path / "kept.yaml"
    kept.write_text("a: 1\n", encoding="utf-8")
    kept.chmod(0o640)
    atomic.write_text(kept, "a: 2\n")
    assert kept.stat().st_mode & 0o777 == 0o640
    assert kept.read_text(encoding="utf-8") == "a: 2\n"
