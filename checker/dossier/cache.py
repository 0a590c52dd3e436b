"""A cache of results keyed by the content hash of everything that decides them.

The key covers the tool version, the standard and schemas, the day the dossier is judged at,
the bytes of the dossier, its branch profile, review, narratives and organization file, and
the name, size and modification time of every file in the year folder (the evidence).
A re-run after changing one dossier of many re-checks only that one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from datetime import date
from pathlib import Path

from checker.core import atomic, jsonout
from checker.core.paths import BRANCH_FILE, ORGANIZATION_FILE, display
from checker.core.periods import judging_day
from checker.dossier.layout import DossierRef


def cache_key(ref: DossierRef, base: str, today: date) -> str:
    """The key of one dossier's result; ``base`` covers what all dossiers of a root share
    (tool version, standard and schemas, organization file): see :func:`base_digest`."""
    digest = hashlib.sha256()
    digest.update(f"{base}\0{display(ref.dossier)}\0".encode())
    year = ref.year_dir.name
    judged = judging_day(int(year), today) if year.isdigit() and len(year) == 4 else today
    digest.update(judged.isoformat().encode())
    # Absolute paths: the same dossier typed as a relative or absolute PATH shares one entry.
    _add_file(digest, str((ref.branch_dir / BRANCH_FILE).absolute()))
    _add_folder(digest, str(ref.year_dir.absolute()))
    return digest.hexdigest()


def base_digest(version: str, standard_digest: str, root: Path | None) -> str:
    digest = hashlib.sha256(f"{version}\0{standard_digest}\0".encode())
    if root is not None:
        _add_file(digest, str(root / ORGANIZATION_FILE))
    return digest.hexdigest()


def _add_folder(digest, folder: str) -> None:
    """Text files by content; evidence by name, size and modification time."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            _add_folder(digest, entry.path)
        elif entry.name.endswith((".yaml", ".md")):
            _add_file(digest, entry.path)
        else:
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            digest.update(f"{entry.path}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())


_HASH_LIMIT = 4 << 20  # larger files are refused by the loaders anyway: their size will do


def _add_file(digest, path: str) -> None:
    digest.update(path.encode() + b"\0")
    try:
        info = os.stat(path)
        if info.st_size > _HASH_LIMIT:
            digest.update(f"{info.st_size}\0{info.st_mtime_ns}".encode())
            return
        with open(path, "rb") as stream:
            digest.update(hashlib.sha256(stream.read()).digest())
    except OSError:
        digest.update(b"<missing>")


class ResultCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        try:
            with open(self._path(key), "rb") as stream:
                return jsonout.loads(stream.read())
        except (OSError, ValueError):  # missing or damaged: check the dossier again
            return None

    def put(self, key: str, result: dict) -> None:
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
            atomic.write_bytes(self._path(key), jsonout.dumps_bytes(result))
