"""The inbox folder of `checker ingest`: which entries are uploads, and where each one goes
once it has been dealt with.

    inbox/                      uploads, as the git host's web upload put them
    inbox/processed/NAME        accepted uploads, each with NAME.回执.md beside it
    inbox/rejected/NAME         rejected uploads, each with NAME.回执.md beside it

Nothing is ever overwritten: a name already taken in processed/ or rejected/ gets a counter
(`表格-2.docx`). Hidden files (`.gitkeep`), README.md and receipts are not uploads.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from checker.core import atomic, filenames
from checker.core.paths import BRANCHES_DIR, display

PROCESSED = "processed"
REJECTED = "rejected"
RECEIPT_SUFFIX = ".回执.md"
_NOT_UPLOADS = {PROCESSED, REJECTED, "readme.md"}
_LONGEST_SUFFIX = 16  # longer "extensions" are part of the name, not kept whole


def uploads(inbox: Path) -> list[Path]:
    """The entries of ``inbox`` to deal with, in name order."""
    found = []
    with os.scandir(inbox) as entries:
        for entry in entries:
            name = entry.name
            if name.startswith(".") or name.casefold() in _NOT_UPLOADS:
                continue
            if name.endswith(RECEIPT_SUFFIX):
                continue
            found.append(Path(entry.path))
    return sorted(found)


def free_name(folder: Path, name: str) -> Path:
    """A path in ``folder`` for ``name`` that neither an upload nor its receipt has taken.

    A name too long for the filesystem once `.回执.md` (and the temporary name of an atomic
    write) is added is shortened, by bytes, keeping its extension; the counter keeps two
    shortened names apart."""
    stem, suffix = os.path.splitext(name)
    if not stem or filenames.byte_length(suffix) > _LONGEST_SUFFIX:  # ".docx" alone
        stem, suffix = name, ""
    budget = filenames.writable_name_bytes(folder) - filenames.byte_length(RECEIPT_SUFFIX)
    counter = 1
    while True:
        tail = f"-{counter}" if counter > 1 else ""
        room = budget - filenames.byte_length(tail + suffix)
        candidate = folder / f"{filenames.fit(stem, room)}{tail}{suffix}"
        if not os.path.lexists(candidate) and not os.path.lexists(receipt_path(candidate)):
            return candidate
        counter += 1


def receipt_path(stored: Path) -> Path:
    return stored.with_name(stored.name + RECEIPT_SUFFIX)


def file_away(
    upload: Path, inbox: Path, accepted: bool, receipt: Callable[[Path], str]
) -> tuple[Path, Path]:
    """Write the receipt, then move the upload beside it; return (stored, receipt path).

    ``receipt(stored)`` gives the receipt's text. The receipt is written first (atomically);
    if the move then fails, the receipt is taken back and the upload stays in the inbox.
    """
    folder = inbox / (PROCESSED if accepted else REJECTED)
    folder.mkdir(exist_ok=True)
    stored = free_name(folder, upload.name)
    note = receipt_path(stored)
    atomic.write_text(note, receipt(stored))
    try:
        _move(upload, stored)
    except BaseException:
        note.unlink(missing_ok=True)
        raise
    return stored, note


def _move(source: Path, target: Path) -> None:
    """Rename ``source`` to ``target``, never over an existing file."""
    if source.is_file() and not source.is_symlink():
        try:
            os.link(source, target)  # fails if the name was taken meanwhile
        except FileExistsError:
            raise
        except OSError:
            pass  # no hard links here: fall back to a checked rename
        else:
            os.unlink(source)
            return
    if os.path.lexists(target):
        raise FileExistsError(f"{target} 已存在")
    os.rename(source, target)


# --- the inbox itself --------------------------------------------------------------------------


def refusal(inbox: Path) -> str | None:
    """Why ``inbox`` cannot be used, in words, or None. A link is never followed: an inbox
    (or its processed/ or rejected/) committed as a link would have uploads read from, and
    receipts written to, wherever it points."""
    for folder in (inbox, inbox / PROCESSED, inbox / REJECTED):
        shown = display(folder)
        if folder.is_symlink():
            return f"{shown} 是符号链接（指向 {os.readlink(folder)}），不跟随链接；请改为普通目录"
        if folder is not inbox and os.path.lexists(folder) and not folder.is_dir():
            return f"{shown} 不是目录；收件箱中的 {folder.name} 用于存放处理过的原件"
    if not inbox.is_dir():
        return f"收件箱 {display(inbox)} 不存在或不是目录"
    return None


# --- an accepted upload that changes content: one transaction ----------------------------------

JOURNAL_FILE = ".checker-ingest.json"


class Change(Protocol):
    """The staged branch folder (``staging.BranchStage``) that an upload puts in place."""

    target: Path

    def identity(self) -> tuple[int, int]: ...

    def commit(self) -> None: ...

    def undo(self) -> None: ...


def file_with_change(
    upload: Path, inbox: Path, content_dir: Path, change: Change, receipt: Callable[[Path], str]
) -> tuple[Path, Path]:
    """Put ``change`` in place, write the receipt and move the upload to processed/, as one
    step: afterwards either all three happened, or none (content, inbox and processed/ as
    before). Returns (stored, receipt path).

    The receipt is written before the swap and the upload moved right after it; a failure
    of either undoes the swap. Against a kill in between, a journal in the content root
    (written first, removed last) records the step; the next run finishes or forgets it
    (``recover``), so an upload is never applied without its receipt, nor applied twice.
    """
    folder = inbox / PROCESSED
    folder.mkdir(exist_ok=True)
    stored = free_name(folder, upload.name)
    note = receipt_path(stored)
    text = receipt(stored)
    journal = content_dir / JOURNAL_FILE
    device, inode = change.identity()
    entry = {
        "upload": os.fsdecode(os.path.abspath(upload)),
        "stored": os.fsdecode(os.path.abspath(stored)),
        "receipt": os.fsdecode(os.path.abspath(note)),
        "target": os.fsdecode(os.path.abspath(change.target)),
        "device": device,
        "inode": inode,
        "text": text,
    }
    atomic.write_text(journal, json.dumps(entry))  # ASCII: names may hold stray bytes
    try:
        atomic.write_text(note, text)
        change.commit()  # the commit point
    except BaseException:
        note.unlink(missing_ok=True)
        journal.unlink(missing_ok=True)
        raise
    try:
        _move(upload, stored)
    except BaseException:
        change.undo()  # should this fail too, the journal stays and the next run finishes
        note.unlink(missing_ok=True)
        journal.unlink(missing_ok=True)
        raise
    journal.unlink(missing_ok=True)
    return stored, note


def _same_entry(first: Path, second: Path) -> bool:
    a, b = os.lstat(first), os.lstat(second)
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


class ForeignJournal(Exception):
    """The content root's journal is not about this inbox (another inbox's unfinished step,
    or a file that a commit planted): nothing is done with it; the message says why."""


def recover(content_dir: Path, inbox: Path) -> str | None:
    """Finish or forget the step of a run that was killed inside ``file_with_change``;
    returns what was done, in words, or None when there was nothing to do. Called with the
    content root locked, before any upload is looked at.

    The journal is only acted on when its paths are where this run would have put them
    (an upload of ``inbox``, its processed/ copy and receipt, a branch folder of this
    content root): a journal committed to the repository cannot move or delete anything
    else. Raises ForeignJournal otherwise."""
    journal = content_dir / JOURNAL_FILE
    shown = display(journal)
    if journal.is_symlink():
        raise ForeignJournal(f"{shown} 是符号链接，不跟随；请删除它后重新运行")
    try:
        entry = json.loads(journal.read_text(encoding="utf-8"))
        upload, stored, note, target = (
            Path(entry[k]) for k in ("upload", "stored", "receipt", "target")
        )
        identity = (int(entry["device"]), int(entry["inode"]))
        text = str(entry["text"])
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ForeignJournal(
            f"{shown} 不是 checker ingest 写的归档日志；确认后删除它再运行"
        ) from None
    box = Path(os.path.abspath(inbox))
    expected = (
        upload.parent == box
        and stored.parent == box / PROCESSED
        and note == receipt_path(stored)
        and target.parent == Path(os.path.abspath(content_dir)) / BRANCHES_DIR
    )
    if not expected:
        raise ForeignJournal(
            f"{shown} 记录的是收件箱 {display(upload.parent)} 中 {upload.name} 未完成的归档，"
            f"不属于本次的收件箱 {display(inbox)}；请先对那个收件箱运行 checker ingest，"
            f"或者确认不需要后删除 {shown}"
        )
    try:
        now = os.lstat(target)
        applied = (now.st_dev, now.st_ino) == identity
    except FileNotFoundError:
        applied = False
    if applied:
        if not os.path.lexists(note):
            atomic.write_text(note, text)
        if os.path.lexists(upload):
            if not os.path.lexists(stored):
                _move(upload, stored)
            elif _same_entry(upload, stored):  # killed between the link and the unlink
                os.unlink(upload)
        done = f"上次运行中断前已写入台账的 {upload.name} 已补齐回执并归档（{display(note)}）"
    else:
        if not os.path.lexists(stored):  # not applied: the receipt would claim too much
            note.unlink(missing_ok=True)
        done = f"上次运行中断时 {upload.name} 尚未写入台账，本次重新处理"
    journal.unlink(missing_ok=True)
    return done
