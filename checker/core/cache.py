"""A cache of results keyed by the content hash of everything that decides them.

A kind of content builds the key of one result from its parts (tool version, standard,
judging day, the files the result is read from) with :class:`ContentKey`, and keeps the
result, a JSON-able dict, under it in a :class:`ResultCache`. Text files count by their
bytes; other files (evidence) by name, size and modification time, which is what their
checks read of them. A re-run after changing one file of many re-checks only what read it.

Hashing every file on every run is most of a re-run's cost, so a result is also found by a
:class:`StatSignature`: the path, size, modification and change times and inode of each file,
taken without reading any. The cache keeps, beside the result, which content key a signature
was seen with; a later run whose files show the same signature takes that key without
reading them, and any other signature (a file touched, added, removed or renamed) falls back
to the content hash, so a touched but identical file still finds its result. A signature is
kept only once its newest file was modified a little before the moment it was taken (git's
"racy clean" rule), since a file written twice within one tick of the file system's clock could
otherwise keep its stat. What stat cannot see: a file changed in place with its size, both
its times and its inode as they were, which takes a clock set back or a tool that writes
through the block device; use ``--no-cache`` or a fresh ``--cache-dir`` after such a thing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from checker.core import atomic, jsonout

T = TypeVar("T")

TEXT_SUFFIXES = (".yaml", ".md")
_HASH_LIMIT = 4 << 20  # larger files are refused by the loaders anyway: their size will do
# A file modified this close before its stat is taken might change again with the same stat
# (file systems keep times in ticks, up to 2 s on FAT): its signature is not kept.
RACY_NS = 2_000_000_000
_KEY = re.compile(rb"[0-9a-f]{64}")


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


def _name(entry: os.DirEntry) -> str:
    return entry.name


class StatSignature:
    """A SHA-256 over parts and over what ``stat`` says of files and folders (path, size,
    modification and change times in nanoseconds, inode), in the order they are added: no
    file is read. ``settled`` tells whether it may be kept (see the module's note)."""

    def __init__(self, *parts: str) -> None:
        self._digest = hashlib.sha256()
        self._taken = time.time_ns()
        self._newest = 0
        self.add(*parts)

    def add(self, *parts: str) -> StatSignature:
        for part in parts:
            self._digest.update(part.encode() + b"\0")
        return self

    def _stat(self, path: str, info: os.stat_result) -> None:
        self._newest = max(self._newest, info.st_mtime_ns)
        self._digest.update(
            f"{path}\0{info.st_mode}\0{info.st_size}\0{info.st_mtime_ns}\0"
            f"{info.st_ctime_ns}\0{info.st_ino}\0{info.st_dev}\0".encode()
        )

    def file(self, path: str | Path) -> StatSignature:
        """A file by its stat, following a symbolic link (and the link's own stat too)."""
        path = str(path)
        try:
            self._stat(path, os.stat(path))
            if os.path.islink(path):
                self._stat(path, os.lstat(path))
        except OSError:
            self._digest.update(path.encode() + b"\0<missing>\0")
        return self

    def folder(self, path: str | Path) -> StatSignature:
        """Every entry under ``path``, sorted by name: a file by its stat, a folder by its
        name, then, after the folder's own entries, the entries of each folder in it."""
        try:
            with os.scandir(path) as scan:
                entries = sorted(scan, key=_name)
        except OSError:
            self._digest.update(f"{path}\0<unreadable>\0".encode())
            return self
        rows: list[tuple] = []
        folders: list[str] = []
        links: list[str] = []
        newest = self._newest
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                rows.append((entry.name,))
                folders.append(entry.path)
            elif entry.is_symlink():
                rows.append((entry.name, "->"))
                links.append(entry.path)
            else:
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    rows.append((entry.name, None))
                    continue
                newest = max(newest, info.st_mtime_ns)
                rows.append(
                    (
                        entry.name,
                        info.st_mode,
                        info.st_size,
                        info.st_mtime_ns,
                        info.st_ctime_ns,
                        info.st_ino,
                    )
                )
        self._newest = newest
        self._digest.update(f"{path}\0{rows!r}\0".encode())
        for link in links:
            self.file(link)
        for folder in folders:
            self.folder(folder)
        return self

    @property
    def settled(self) -> bool:
        """True when every file was last modified well before the signature was taken (by
        its modification time, as git judges "racy" files: a file written again within the
        same tick would show the same time and size, a change time set just now does not
        matter, since a later write would move the modification time)."""
        return self._newest < self._taken - RACY_NS

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


class ResultCache:
    """JSON-able results on disk, one file per key; written atomically, and a missing or
    damaged entry is simply not there.

    An entry is a dict, and optionally a body of bytes kept as they are (a result already
    encoded for an output, which a re-run copies out instead of encoding it again). On disk:
    the body's length on the first line, the dict as one line of JSON, then the body; an
    entry cut short does not have the length it says."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def entry(self, key: str) -> tuple[dict, bytes] | None:
        """The dict and the body under ``key``; None when missing or damaged."""
        try:
            with open(self._path(key), "rb") as stream:
                raw = stream.read()
            length, head, body = raw.split(b"\n", 2)
            if not length.isdigit() or int(length) != len(body):
                return None
            value = jsonout.loads(head)
        except (OSError, ValueError):  # missing or damaged: check the content again
            return None
        return (value, body) if isinstance(value, dict) else None

    def get(self, key: str) -> dict | None:
        found = self.entry(key)
        return found[0] if found is not None else None

    def load(self, key: str, decode: Callable[[dict], T]) -> T | None:
        """The entry under ``key`` as ``decode`` makes it a result; None where there is no
        entry or it is not one that ``decode`` understands (written by hand, cut short,
        or of another shape): the content is checked again and the entry replaced."""
        return self.load_entry(key, lambda value, _body: decode(value))

    def load_entry(self, key: str, decode: Callable[[dict, bytes], T]) -> T | None:
        """``load`` for entries with a body: ``decode(dict, body)``."""
        found = self.entry(key)
        if found is None:
            return None
        try:
            return decode(*found)
        except (KeyError, IndexError, TypeError, ValueError, AttributeError, ArithmeticError):
            return None

    def put(self, key: str, result: dict, body: bytes = b"") -> None:
        head = jsonout.dumps_compact(result)
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
            atomic.write_chunks(self._path(key), (b"%d\n" % len(body), head, b"\n", body))

    def _signature_path(self, signature: str) -> Path:
        return self.folder / "signatures" / signature[:2] / f"{signature}.key"

    def signed(self, signature: StatSignature) -> str | None:
        """The content key that files with this signature were last seen with, or None."""
        try:
            with open(self._signature_path(signature.hexdigest()), "rb") as stream:
                key = stream.read(65)
        except OSError:
            return None
        return key.decode() if _KEY.fullmatch(key) else None

    def sign(self, signature: StatSignature, key: str) -> None:
        """Remember that files with this signature have this content key (when settled)."""
        if signature.settled:
            with contextlib.suppress(OSError):
                atomic.write_bytes(self._signature_path(signature.hexdigest()), key.encode())

    def lookup(
        self,
        signature: StatSignature,
        content_key: Callable[[], str],
        decode: Callable[[dict, bytes], T],
    ) -> tuple[str, T | None]:
        """The key of the files and the result cached under it (None when there is none),
        as ``decode(dict, body)`` makes it: the key by the signature when it is known, else
        ``content_key()``, which reads the files."""
        signed = self.signed(signature)
        key = signed if signed is not None else content_key()
        found = self.load_entry(key, decode)
        if found is not None and signed is None:
            self.sign(signature, key)
        return key, found

    def store(self, key: str, result: dict, signature: StatSignature, body: bytes = b"") -> None:
        """``put`` the result, and remember the signature of the files it was made from."""
        self.put(key, result, body)
        self.sign(signature, key)
