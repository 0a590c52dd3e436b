"""The inbox folder of `checker ingest`: which entries are uploads, and where each one goes
once it has been dealt with.

    inbox/                      uploads, as the git host's web upload put them
    inbox/processed/NAME        accepted uploads, each with NAME.回执.md beside it
    inbox/rejected/NAME         rejected uploads, each with NAME.回执.md beside it

Nothing is ever overwritten: a name already taken in processed/ or rejected/ gets a counter
(`表格-2.docx`). Hidden files (`.gitkeep`), README.md and receipts are not uploads.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from checker import atomic

PROCESSED = "processed"
REJECTED = "rejected"
RECEIPT_SUFFIX = ".回执.md"
_NOT_UPLOADS = {PROCESSED, REJECTED, "readme.md"}


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
    """A path in ``folder`` for ``name`` that neither an upload nor its receipt has taken."""
    stem, suffix = os.path.splitext(name)
    if not stem:  # ".docx" alone
        stem, suffix = name, ""
    candidate = folder / name
    counter = 1
    while os.path.lexists(candidate) or os.path.lexists(receipt_path(candidate)):
        counter += 1
        candidate = folder / f"{stem}-{counter}{suffix}"
    return candidate


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
