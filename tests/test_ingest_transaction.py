"""`checker ingest` is a transaction (issue 10, class 6): lost or repeated uploads.

Two real `checker ingest` processes are started at once, many times over, on one content
root; a run is killed (a real process, `os._exit`) between the swap and the filing of the
upload; writes of the receipt and the move of the original fail in process, as a full disk
would; and the names are the ones that broke it: a 240-byte upload name, a 244-byte zip
member, an inbox that is a symbolic link.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SCHEMAS, TODAY, Tree, run_cli
from test_atomic_failures import run as run_in_process
from test_ingest import (
    INBOX,
    drop,
    form_from,
    ingest,
    receipt,
    refused_zip,
    snapshot,
    zip_folder,
)

from checker.core import atomic, lock
from checker.core.lock import LOCK_FILE, content_lock
from checker.dossier import inbox

ROUNDS = 20
EXTRA = "evidence/补充材料.pdf"


# --- helpers ---------------------------------------------------------------------------------


def start(cwd: Path, *args: str, prelude: str = "") -> subprocess.Popen[bytes]:
    """`checker ARGS` in a real process (as conftest.run_process, but not waited for);
    ``prelude`` runs first, to inject a kill."""
    code = f"{prelude}\nfrom checker.cli.main import main; main()"
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            code,
            "--schemas",
            str(SCHEMAS),
            "--today",
            TODAY,
            "--no-cache",
            *args,
        ],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def finish(process: subprocess.Popen[bytes]) -> tuple[int, str]:
    out, err = process.communicate(timeout=120)
    text = out.decode("utf-8") + err.decode("utf-8")
    assert "Traceback" not in text, text
    return process.returncode, text


def year_2024(tree: Tree) -> Path:
    """T-01's 2025 folder made into a 2024 one, outside content/ (a new year to upload)."""
    year = tree.base / "up" / "2024"
    shutil.copytree(tree.year_dir, year)
    dossier = year / "dossier.yaml"
    text = dossier.read_text("utf-8").replace("year: 2025", "year: 2024")
    dossier.write_text(text.replace("2025-", "2024-"), "utf-8")
    for path in (year / "evidence").iterdir():
        path.rename(path.with_name(path.name.replace("2025-", "2024-")))
    return year


def two_uploads(tree: Tree) -> dict[str, bytes]:
    """Two uploads for the same branch T-01 that only add (no --force needed): a new year
    2024, and the 2025 folder with one more evidence file."""
    return {
        "2024.zip": zip_folder(year_2024(tree), "2024/"),
        "2025.zip": zip_folder(tree.year_dir, "2025/", {f"2025/{EXTRA}": b"%PDF-1.4\n% more\n"}),
    }


def both_applied(content: Path) -> None:
    branch = content / "branches" / "T-01"
    assert (branch / "2024" / "dossier.yaml").is_file(), "the 2024 upload was lost"
    assert (branch / "2025" / EXTRA).is_file(), "the 2025 upload was lost"


def no_leftovers(content: Path) -> None:
    names = {p.name for p in content.iterdir()}
    assert LOCK_FILE not in names and inbox.JOURNAL_FILE not in names, names
    assert not [n for n in names if n.startswith(atomic.SCRATCH_PREFIX)], names


def filed(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


# --- two runs at once ------------------------------------------------------------------------


def test_two_concurrent_runs_on_one_branch_lose_nothing(tree: Tree) -> None:
    """Each round: a fresh content tree, two inboxes, two processes started together; the
    one that comes second waits for the first and then applies its own upload over it."""
    uploads = two_uploads(tree)
    template = tree.base / "template"
    shutil.copytree(tree.content, template / "content", symlinks=True)
    for round_no in range(ROUNDS):
        work = tree.base / f"round-{round_no}"
        shutil.copytree(template, work, symlinks=True)
        for (name, data), box in zip(uploads.items(), ("inbox-a", "inbox-b"), strict=True):
            (work / box).mkdir()
            (work / box / name).write_bytes(data)
        runs = [
            start(work, "ingest", box, "--content", "content") for box in ("inbox-a", "inbox-b")
        ]
        results = [finish(p) for p in runs]

        for code, text in results:
            assert code == 0, f"round {round_no}: {text}"
        both_applied(work / "content")
        for (name, data), box in zip(uploads.items(), ("inbox-a", "inbox-b"), strict=True):
            processed = work / box / "processed"
            assert filed(processed) == [name, f"{name}.回执.md"], f"round {round_no}"
            assert (processed / name).read_bytes() == data
            assert "台账已写入" in (processed / f"{name}.回执.md").read_text("utf-8")
            assert filed(work / box) == ["processed"]
        no_leftovers(work / "content")
    assert run_cli("validate", str(work / "content")).code == 0


def test_two_concurrent_runs_on_one_inbox_take_each_upload_once(tree: Tree) -> None:
    uploads = two_uploads(tree)
    template = tree.base / "template"
    shutil.copytree(tree.content, template / "content", symlinks=True)
    for round_no in range(ROUNDS // 2):
        work = tree.base / f"round-{round_no}"
        shutil.copytree(template, work, symlinks=True)
        (work / INBOX).mkdir()
        for name, data in uploads.items():
            (work / INBOX / name).write_bytes(data)
        runs = [start(work, "ingest", INBOX, "--content", "content") for _ in range(2)]
        results = [finish(p) for p in runs]

        assert [code for code, _ in results] == [0, 0], results
        texts = "".join(text for _, text in results)
        for name in uploads:
            assert texts.count(f"接受 {INBOX}/{name}") == 1, f"round {round_no}: {texts}"
        processed = work / INBOX / "processed"
        assert filed(processed) == sorted([*uploads, *(f"{n}.回执.md" for n in uploads)])
        assert filed(work / INBOX) == ["processed"]
        both_applied(work / "content")
        no_leftovers(work / "content")


def test_a_run_that_cannot_get_the_lock_refuses_and_changes_nothing(tree: Tree) -> None:
    drop(tree, "2024.zip", two_uploads(tree)["2024.zip"])
    before_content, before_inbox = snapshot(tree.content), snapshot(tree.base / INBOX)

    with content_lock(tree.content, wait=0):
        started = time.monotonic()
        code, text = finish(
            start(tree.base, "ingest", INBOX, "--content", "content", "--wait", "1")
        )
        waited = time.monotonic() - started
        assert (tree.content / LOCK_FILE).read_text().split()[1] == str(os.getpid())

    assert code == 2, text
    assert "正由另一个 checker（主机 " in text and f"上的进程 {os.getpid()}）写入" in text
    assert "等待 1 秒后仍未结束" in text and "收件箱和台账都没有改动" in text and "--wait" in text
    assert waited >= 1
    assert snapshot(tree.content) == before_content
    assert snapshot(tree.base / INBOX) == before_inbox
    # Once the other run is over, the same command goes through and leaves no lock file.
    assert ingest().code == 0
    assert (tree.content / "branches/T-01/2024/dossier.yaml").is_file()
    no_leftovers(tree.content)


HOLD = (
    "import sys, time; from pathlib import Path; from checker.core.lock import content_lock\n"
    "with content_lock(Path('content'), 0):\n"
    "    print('held', flush=True); time.sleep(60)"
)


def test_import_waits_for_a_running_ingest_too(tree: Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    """`checker import` stages a branch as ingest does: it takes the same lock."""
    form = form_from(tree)
    tree.dossier.unlink()
    before = snapshot(tree.content)
    holder = subprocess.Popen([sys.executable, "-c", HOLD], cwd=tree.base, stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        monkeypatch.setattr(lock, "DEFAULT_WAIT", 0.5)
        refused = run_in_process("import", str(form), "--content", "content")
        assert refused.exit_code == 2, refused.output
        assert "正由另一个 checker（主机 " in refused.output, refused.output
        assert f"上的进程 {holder.pid}）写入" in refused.output and "台账未改动" in refused.output
        assert snapshot(tree.content) == {**before, LOCK_FILE: snapshot(tree.content)[LOCK_FILE]}
    finally:
        holder.kill()
        holder.wait()
    # The holder died without letting go: the kernel dropped its lock, the file is stale.
    assert (tree.content / LOCK_FILE).exists()
    done = run_in_process("import", str(form), "--content", "content")
    assert done.exit_code == 0, done.output
    assert tree.dossier.is_file()
    no_leftovers(tree.content)


def test_a_lock_file_that_is_a_link_is_not_followed(tree: Tree) -> None:
    drop(tree, "2024.zip", two_uploads(tree)["2024.zip"])
    elsewhere = tree.base / "elsewhere.txt"
    (tree.content / LOCK_FILE).symlink_to(elsewhere)

    run = ingest()

    assert run.code == 2 and "错误：" in run.stderr, run.stderr
    assert not elsewhere.exists()
    assert (tree.base / INBOX / "2024.zip").is_file()
    assert not (tree.content / "branches/T-01/2024").exists()


# --- a failure between applying and filing ---------------------------------------------------


def _fail_receipt(real):
    def write_bytes(path: Path, data: bytes) -> None:
        if path.name.endswith(inbox.RECEIPT_SUFFIX):
            raise OSError(28, "No space left on device", str(path))
        real(path, data)

    return write_bytes


def test_a_failing_receipt_leaves_content_as_it_was(
    tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = two_uploads(tree)["2024.zip"]
    drop(tree, "2024.zip", data)
    before = snapshot(tree.content)

    with monkeypatch.context() as patch:
        patch.setattr(atomic, "write_bytes", _fail_receipt(atomic.write_bytes))
        failed = run_in_process("ingest", INBOX, "--content", "content")

    assert failed.exit_code == 2, failed.output
    assert "未能处理 inbox/2024.zip" in failed.output and "台账未改动" in failed.output
    # Never applied without a receipt: content/ as before, the upload waiting in the inbox.
    assert snapshot(tree.content) == before
    assert (tree.base / INBOX / "2024.zip").read_bytes() == data
    assert filed(tree.base / INBOX / "processed") == []
    no_leftovers(tree.content)
    # The next run applies it once, with its receipt.
    assert ingest().code == 0
    assert "台账已写入" in receipt(tree, "processed", "2024.zip")
    assert (tree.content / "branches/T-01/2024/dossier.yaml").is_file()


def test_a_failing_move_of_the_original_undoes_the_swap(
    tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = two_uploads(tree)["2025.zip"]
    drop(tree, "2025.zip", data)
    before = snapshot(tree.content)

    def broken(source: Path, target: Path) -> None:
        raise OSError(5, "Input/output error", str(target))

    with monkeypatch.context() as patch:
        patch.setattr(inbox, "_move", broken)
        failed = run_in_process("ingest", INBOX, "--content", "content")

    assert failed.exit_code == 2, failed.output
    assert snapshot(tree.content) == before
    assert (tree.base / INBOX / "2025.zip").read_bytes() == data
    assert filed(tree.base / INBOX / "processed") == []
    no_leftovers(tree.content)


KILL_AFTER_SWAP = "import os, checker.dossier.inbox as i; i._move = lambda *a: os._exit(9)"
KILL_BEFORE_SWAP = (
    "import os, checker.core.staging as s; s.atomic.replace_dir = lambda *a: os._exit(9)"
)


def test_a_run_killed_after_the_swap_is_finished_not_applied_again(tree: Tree) -> None:
    data = two_uploads(tree)["2025.zip"]
    drop(tree, "2025.zip", data)
    code, _text = finish(
        start(tree.base, "ingest", INBOX, "--content", "content", prelude=KILL_AFTER_SWAP)
    )
    assert code == 9
    assert (tree.year_dir / EXTRA).is_file()  # it was applied, then the process died
    # A newer edit lands before the next run, which has --force (as in CI).
    tree.replace("training_hours: 40", "training_hours: 41", count=0)
    newer = snapshot(tree.content / "branches")

    run = ingest("--force")

    assert snapshot(tree.content / "branches") == newer  # not applied again over the edit
    assert run.code == 0, run.stdout + run.stderr
    assert "补齐回执并归档" in run.stderr
    processed = tree.base / INBOX / "processed"
    assert filed(processed) == ["2025.zip", "2025.zip.回执.md"]
    assert (processed / "2025.zip").read_bytes() == data
    assert "台账已写入" in receipt(tree, "processed", "2025.zip")
    assert filed(tree.base / INBOX) == ["processed"]
    no_leftovers(tree.content)


def test_a_run_killed_before_the_swap_is_forgotten_and_done_again(tree: Tree) -> None:
    data = two_uploads(tree)["2025.zip"]
    drop(tree, "2025.zip", data)
    before = snapshot(tree.content)
    code, _text = finish(
        start(tree.base, "ingest", INBOX, "--content", "content", prelude=KILL_BEFORE_SWAP)
    )
    assert code == 9
    assert {k: v for k, v in snapshot(tree.content).items() if k in before} == before

    run = ingest()

    assert run.code == 0, run.stdout + run.stderr
    assert "尚未写入台账" in run.stderr
    assert (tree.year_dir / EXTRA).is_file()
    assert filed(tree.base / INBOX / "processed") == ["2025.zip", "2025.zip.回执.md"]
    no_leftovers(tree.content)


# --- names -----------------------------------------------------------------------------------


def _long_name(size: int, suffix: str = ".zip", tail: str = "") -> str:
    stem_bytes = size - len(suffix.encode()) - len(tail.encode())
    stem = "台" * (stem_bytes // 3) + "a" * (stem_bytes % 3)
    name = stem + tail + suffix
    assert len(name.encode()) == size
    return name


def test_a_240_byte_upload_name_gets_a_shortened_receipt_and_is_applied_once(
    tree: Tree,
) -> None:
    data = two_uploads(tree)["2025.zip"]
    first, second = _long_name(240, tail="一"), _long_name(240, tail="二")
    drop(tree, first, data)

    run = ingest()

    assert run.code == 0, run.stdout + run.stderr
    assert (tree.year_dir / EXTRA).is_file()
    processed = tree.base / INBOX / "processed"
    names = filed(processed)
    assert len(names) == 2 and not (tree.base / INBOX / first).exists()
    (note,) = [n for n in names if n.endswith(inbox.RECEIPT_SUFFIX)]
    stored = note[: -len(inbox.RECEIPT_SUFFIX)]
    assert stored.endswith("….zip") and stored.startswith("台台台")
    assert len(note.encode()) <= 255 - 14  # room for an atomic write's temporary name
    assert (processed / stored).read_bytes() == data
    text = (processed / note).read_text("utf-8")
    assert (
        f"# 上传回执：{first}" in text and f"| 原件保存为 | `{INBOX}/processed/{stored}` |" in text
    )

    # A newer edit, then the next run with --force: nothing is applied again.
    tree.replace("training_hours: 40", "training_hours: 41", count=0)
    newer = snapshot(tree.content)
    again = ingest("--force")
    assert again.code == 0 and "没有待处理的文件" in again.stderr
    assert snapshot(tree.content) == newer

    # Another long name that differs only past the cut gets a name of its own.
    drop(tree, second, zip_folder(tree.year_dir, "2025/"))
    assert ingest().code == 0
    assert len(filed(processed)) == 4
    (other,) = [n for n in filed(processed) if n.endswith("…-2.zip")]
    assert f"{other}{inbox.RECEIPT_SUFFIX}" in filed(processed)
    assert (processed / other).read_bytes() == zip_folder(tree.year_dir, "2025/")


def test_a_long_rejected_upload_name_is_shortened_too(tree: Tree) -> None:
    name = _long_name(250, suffix=".docx")
    drop(tree, name, b"not a form")
    run = ingest()
    assert run.code == 1, run.stdout + run.stderr
    (note,) = [n for n in filed(tree.base / INBOX / "rejected") if n.endswith(".回执.md")]
    assert note.endswith("….docx.回执.md")
    assert "| W001 | 错误 |" in receipt(tree, "rejected", note[: -len(".回执.md")])


def test_a_244_byte_zip_member_name_gets_a_rejection_receipt(tree: Tree) -> None:
    member = _long_name(244, suffix=".pdf")
    data = zip_folder(tree.year_dir, "2025/", {f"2025/evidence/{member}": b"%PDF-1.4\n"})
    text = refused_zip(tree, data, "U010")
    assert "244 字节" in text and "上限 239 字节" in text
    # And the next run has nothing left to fail on.
    again = ingest()
    assert again.code == 0 and "没有待处理的文件" in again.stderr


def test_a_zip_member_path_too_deep_for_the_filesystem_is_refused(tree: Tree) -> None:
    deep = "/".join(["目录" * 30] * 25) + "/a.pdf"  # 25 folders of 180 bytes: 4.5 KB
    data = zip_folder(tree.year_dir, "2025/", {f"2025/evidence/{deep}": b"%PDF-1.4\n"})
    assert "路径" in refused_zip(tree, data, "U010")


# --- links -----------------------------------------------------------------------------------


def test_an_inbox_that_is_a_link_is_refused(tree: Tree) -> None:
    elsewhere = tree.base / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "2024.zip").write_bytes(two_uploads(tree)["2024.zip"])
    (tree.base / INBOX).symlink_to(elsewhere)
    before = snapshot(tree.content)

    run = ingest()

    assert run.code == 2, run.stdout + run.stderr
    assert "错误：inbox 是符号链接" in run.stderr and "不跟随链接" in run.stderr
    assert filed(elsewhere) == ["2024.zip"]  # nothing read, moved or written there
    assert snapshot(tree.content) == before


@pytest.mark.parametrize("folder", ["processed", "rejected"])
def test_an_inbox_whose_archive_folder_is_a_link_is_refused(tree: Tree, folder: str) -> None:
    box = tree.base / INBOX
    box.mkdir()
    (box / "x.txt").write_bytes(b"x")
    elsewhere = tree.content / "branches" / "T-01" / "2025" / "evidence"
    before = snapshot(tree.content)
    (box / folder).symlink_to(elsewhere)

    run = ingest()

    assert run.code == 2, run.stdout + run.stderr
    assert f"inbox/{folder} 是符号链接" in run.stderr
    assert snapshot(tree.content) == before
    assert filed(box) == [folder, "x.txt"]


def test_an_upload_that_is_a_link_is_refused_without_reading_its_target(tree: Tree) -> None:
    secret = tree.base / "secret.zip"
    secret.write_bytes(b"\x00" * (3 << 20))
    box = tree.base / INBOX
    box.mkdir()
    (box / "台账.zip").symlink_to(secret)

    run = ingest()

    assert run.code == 1, run.stdout + run.stderr
    text = receipt(tree, "rejected", "台账.zip")
    assert "| U001 | 错误 |" in text and "链接" in text
    assert "3.0 MB" not in text  # the size is the link's, not its target's
    assert (box / "rejected" / "台账.zip").is_symlink()
    assert secret.read_bytes() == b"\x00" * (3 << 20)


def test_a_journal_planted_in_the_content_root_moves_and_deletes_nothing(tree: Tree) -> None:
    """The journal is a file in the repository: one committed by someone else must not
    make ingest move an upload or delete a receipt outside this inbox."""
    victim = tree.base / "victim.回执.md"
    victim.write_text("keep", "utf-8")
    drop(tree, "2024.zip", two_uploads(tree)["2024.zip"])
    journal = {
        "upload": str(tree.base / "elsewhere.zip"),
        "stored": str(tree.base / "victim"),
        "receipt": str(victim),
        "target": str(tree.content / "branches" / "T-01"),
        "device": 0,
        "inode": 0,
        "text": "x",
    }
    (tree.content / inbox.JOURNAL_FILE).write_text(json.dumps(journal), "utf-8")
    before = snapshot(tree.content)

    run = ingest()

    assert run.code == 2, run.stdout + run.stderr
    assert "不属于本次的收件箱 inbox" in run.stderr and ".checker-ingest.json" in run.stderr
    assert victim.read_text("utf-8") == "keep"
    assert snapshot(tree.content) == before
    assert filed(tree.base / INBOX) == ["2024.zip"]
