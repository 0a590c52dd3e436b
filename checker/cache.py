"""A cache of results keyed by the content hash of everything that decides them.

The key covers the tool version, the standard and schemas, the day the dossier is judged at,
the bytes of the dossier, its branch profile, review, narratives and organization file, and
the name, size and modification time of every file in the year folder (the evidence).
A re-run after changing one dossier of many re-checks only that one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from datetime import date
from pathlib import Path

from checker import atomic
from checker.bundle import reference_day
from checker.content import BRANCH_FILE, ORGANIZATION_FILE, DossierRef, display


def cache_key(ref: DossierRef, standard_digest: str, version: str, today: date) -> str:
    digest = hashlib.sha256()
    digest.update(f"{version}\0{standard_digest}\0{display(ref.dossier)}\0".encode())
    year = ref.year_dir.name
    judged = reference_day(int(year), today) if year.isdigit() and len(year) == 4 else today
    digest.update(judged.isoformat().encode())
    for path in (ref.branch_dir / BRANCH_FILE,) + (
        (ref.root / ORGANIZATION_FILE,) if ref.root else ()
    ):
        _add_file(digest, path)
    for folder, dirs, files in os.walk(ref.year_dir):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder, name)
            if path.suffix in (".yaml", ".md"):
                _add_file(digest, path)
            else:
                try:
                    info = os.lstat(path)
                except OSError:
                    continue
                digest.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()


_HASH_LIMIT = 4 << 20  # larger files are refused by the loaders anyway: their size will do


def _add_file(digest, path: Path) -> None:
    digest.update(path.as_posix().encode() + b"\0")
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
            with open(self._path(key), encoding="utf-8") as stream:
                return json.load(stream)
        except (OSError, ValueError):
            return None

    def put(self, key: str, result: dict) -> None:
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
            atomic.write_text(self._path(key), json.dumps(result, ensure_ascii=False))
