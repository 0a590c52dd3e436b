"""A cache of results keyed by the content hash of everything that decides them.

A kind of content builds the key of one result from its parts (tool version, standard,
judging day, the files the result is read from) with :class:`ContentKey`, and keeps the
result, a JSON-able dict, under it in a :class:`ResultCache`. Text files count by their
bytes; other files (evidence) by name, size and modification time, which is what their
checks read of them. A re-run after changing one file of many re-checks only what read it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from checker.core import atomic, jsonout

T = TypeVar("T")

TEXT_SUFFIXES = (".yaml", ".md")
_HASH_LIMIT = 4 << 20  # larger files are refused by the loaders anyway: their size will do


class ContentKey:
    """A SHA-256 over parts, files and folders, in the order they are added."""

    def __init__(self, *parts: str) -> None:
        self._digest = hashlib.sha256()
        self.add(*parts)

    def add(self, *parts: str) -> ContentKey:
        for part in parts:
            self._digest.update(part.encode() + b"\0")
        return self

    def file(self, path: str | Path) -> ContentKey:
        """A file by its path and bytes (by size and modification time when very large)."""
        path = str(path)
        self._digest.update(path.encode() + b"\0")
        try:
            info = os.stat(path)
            if info.st_size > _HASH_LIMIT:
                self._digest.update(f"{info.st_size}\0{info.st_mtime_ns}".encode())
                return self
            with open(path, "rb") as stream:
                self._digest.update(hashlib.sha256(stream.read()).digest())
        except OSError:
            self._digest.update(b"<missing>")
        return self

    def folder(self, path: str | Path) -> ContentKey:
        """Every file under ``path``, sorted by name: text files by content, the others by
        name, size and modification time. A folder that cannot be read adds nothing."""
        try:
            with os.scandir(path) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError:
            return self
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                self.folder(entry.path)
            elif entry.name.endswith(TEXT_SUFFIXES):
                self.file(entry.path)
            else:
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                self._digest.update(f"{entry.path}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
        return self

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


class ResultCache:
    """JSON-able results on disk, one file per key; written atomically, and a missing or
    damaged entry is simply not there."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        try:
            with open(self._path(key), "rb") as stream:
                value = jsonout.loads(stream.read())
        except (OSError, ValueError):  # missing or damaged: check the content again
            return None
        return value if isinstance(value, dict) else None

    def load(self, key: str, decode: Callable[[dict], T]) -> T | None:
        """The entry under ``key`` as ``decode`` makes it a result; None where there is no
        entry or it is not one that ``decode`` understands (written by hand, cut short,
        or of another shape): the content is checked again and the entry replaced."""
        value = self.get(key)
        if value is None:
            return None
        try:
            return decode(value)
        except (KeyError, IndexError, TypeError, ValueError, AttributeError, ArithmeticError):
            return None

    def put(self, key: str, result: dict) -> None:
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
            atomic.write_bytes(self._path(key), jsonout.dumps_bytes(result))
