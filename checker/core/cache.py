"""A cache of results keyed by the content hash of everything that decides them.

A kind of content builds the key of one result from its parts (tool version, standard,
judging day, the files the result is read from) with :class:`ContentKey`, and keeps the
result, a JSON-able dict, under it in a :class:`ResultCache`. Text files count by their
bytes; other files (evidence) by name, size and modification time, which is what their
checks read of them. A re-run after changing one file of many re-checks only what read it.

Hashing every file on every run is most of a re-run's cost, so a result is also found by a
:class:`StatSignature`: the path, mode, size, modification and change times and inode of
each file, and the times and inode of each folder, taken without reading any file. The
cache keeps the signature with the content key; a later run only stats the folders (an
entry added, removed or renamed changes its folder's times) and the files it lists, and
when all are as they were takes the key without listing a folder or reading a file. Any
other stat (a file touched, added, removed or renamed) falls back to the content hash, so
a touched but identical file still finds its result. A signature is kept only once its
newest file or folder was modified a little before the moment it was taken (git's "racy
clean" rule), since a file written twice within one tick of the file system's clock could
otherwise keep its stat. What stat cannot see: a file changed in place with its size, both
its times and its inode as they were, which takes a clock set back or a tool that writes
through the block device; use ``--no-cache`` or a fresh ``--cache-dir`` after such a thing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
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


def _row(path: str, info: os.stat_result) -> list:
    return [path, info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


class StatSignature:
    """What ``stat`` says of some files and folders, taken without reading any.

    Named by parts and paths (``slot``: the same dossier or ledger judged the same way),
    a signature is taken once (``take``: every file under the folders, listed, with its
    path, mode, size, modification and change times and inode, and each folder's own times
    and inode) and kept with the content key. A later run only checks it (``holds``): the
    stat of each folder (adding, removing or renaming an entry changes a folder's times,
    so its entries are those listed) and of each listed file; no folder is listed again
    and no file is read. A signature is kept only when ``settled`` (see the module's note).
    """

    def __init__(self, *parts: str) -> None:
        self._parts = list(parts)
        self._files: list[str] = []
        self._folders: list[str] = []

    def file(self, path: str | Path) -> StatSignature:
        self._files.append(os.fspath(path))
        return self

    def folder(self, path: str | Path) -> StatSignature:
        self._folders.append(os.fspath(path))
        return self

    @property
    def slot(self) -> str:
        digest = hashlib.sha256()
        for part in (*self._parts, "files", *self._files, "folders", *self._folders):
            digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
        return digest.hexdigest()

    def take(self) -> dict | None:
        """The stat of everything, as a record to keep; None when some file or folder was
        modified too recently to trust its stat later (or cannot be read)."""
        taken = time.time_ns()
        folders: list[list] = []
        files: list[list] = []
        try:
            for path in self._files:
                self._take_file(path, files)
            for path in self._folders:
                self._take_folder(path, folders, files)
        except OSError:
            return None
        newest = max((row[3] for row in (*folders, *files)), default=0)
        if newest >= taken - RACY_NS:
            return None
        return {"folders": folders, "files": files}

    def _take_file(self, path: str, files: list[list]) -> None:
        info = os.lstat(path)
        files.append(_row(path, info))
        if stat.S_ISLNK(info.st_mode):  # a link: its target too
            files.append(_row(path, os.stat(path)))

    def _take_folder(self, path: str, folders: list[list], files: list[list]) -> None:
        folders.append(_row(path, os.stat(path)))
        with os.scandir(path) as scan:
            entries = sorted(scan, key=_name)
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                self._take_folder(entry.path, folders, files)
            else:
                self._take_file(entry.path, files)

    @staticmethod
    def holds(record: dict) -> bool:
        """True when every folder and file of ``record`` still has the stat it had."""
        try:
            for row in record["folders"]:
                if _row(row[0], os.stat(row[0])) != row:
                    return False
            previous = None
            for row in record["files"]:
                path = row[0]
                # A link's second row is its target's stat.
                info = os.stat(path) if path == previous else os.lstat(path)
                if _row(path, info) != row:
                    return False
                previous = path
        except (OSError, TypeError, IndexError, KeyError, ValueError):
            return False
        return True


class ResultCache:
    """JSON-able results on disk, one file per key; written atomically, and a missing or
    damaged entry is simply not there.

    An entry is a dict, and optionally a body of bytes kept as they are (a result already
    encoded for an output, which a re-run copies out instead of encoding it again). On disk:
    the body's length on the first line, the dict as one line of JSON, then the body; an
    entry cut short does not have the length it says."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._taken: dict | None = None  # the signature lookup took, for store

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

    def _signature_path(self, signature: StatSignature) -> Path:
        slot = signature.slot
        return self.folder / "signatures" / slot[:2] / f"{slot}.key"

    def signed(self, signature: StatSignature) -> str | None:
        """The content key kept with this signature, if the files still look as they did."""
        try:
            with open(self._signature_path(signature), "rb") as stream:
                record = jsonout.loads(stream.read())
            key = record["key"]
        except (OSError, ValueError, TypeError, KeyError):
            return None
        if not (isinstance(key, str) and _KEY.fullmatch(key.encode())):
            return None
        return key if StatSignature.holds(record) else None

    def sign(self, signature: StatSignature, record: dict | None, key: str) -> None:
        """Keep ``record`` (from ``signature.take()``, when settled) with the content key."""
        if record is not None:
            with contextlib.suppress(OSError):
                data = jsonout.dumps_compact({"key": key, **record})
                atomic.write_bytes(self._signature_path(signature), data)

    def lookup(
        self,
        signature: StatSignature,
        content_key: Callable[[], str],
        decode: Callable[[dict, bytes], T],
    ) -> tuple[str, T | None]:
        """The key of the files and the result cached under it (None when there is none),
        as ``decode(dict, body)`` makes it: the key by the signature when the files still
        look as they did, else ``content_key()``, which reads them; then the signature is
        taken again for ``store``."""
        signed = self.signed(signature)
        if signed is not None:
            found = self.load_entry(signed, decode)
            if found is not None:
                return signed, found
        # The stat first, the bytes after: a file changed in between misses next time.
        self._taken = signature.take()
        key = content_key()
        found = self.load_entry(key, decode)
        if found is not None:
            self.sign(signature, self._taken, key)
        return key, found

    def store(self, key: str, result: dict, signature: StatSignature, body: bytes = b"") -> None:
        """``put`` the result, and keep the signature taken before the files were read."""
        self.put(key, result, body)
        self.sign(signature, self._taken, key)
