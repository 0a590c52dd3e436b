"""Atomic writes: a temporary file in the same folder, then a rename over the target.

A reader sees the old file or the new one, never half of one, even if the writer is killed.
Several files that belong together (a branch folder, an exported site) are written into a
scratch folder beside their place, then the whole folder is put in place with renames
(``replace_dir``); a failure before that leaves the previous folder as it was.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import socket
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

SCRATCH_PREFIX = ".checker-tmp-"


def _default_mode() -> int:
    """What `open()` would give a new file: 0o666 less the umask (read without changing it
    where the system can tell, since changing it is not thread-safe)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


_NEW_FILE_MODE = _default_mode()


def write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    write_chunks(path, (data,), durable=durable)


def write_chunks(path: Path, chunks: Iterable[bytes], *, durable: bool = True) -> None:
    """Write ``chunks`` one after the other to a temporary file, then rename it over
    ``path``: a large output streams without being held whole in memory.

    ``durable=False`` skips the flush to disk, for files that are checked when read and
    only cost time when lost (a cache): thousands of flushes cost more than the writes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file private (0600); give it the mode the file had, or the one
        # a plain write would give, so a shared dossier or a published site stays readable.
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except OSError:
            mode = _NEW_FILE_MODE
        with contextlib.suppress(OSError, AttributeError):  # no fchmod on Windows
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as stream:
            for chunk in chunks:
                stream.write(chunk)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


# --- folders -------------------------------------------------------------------------------


def _owner_tag() -> str:
    host = "".join(ch for ch in socket.gethostname() if ch.isalnum())[:20] or "host"
    return f"{host}-{os.getpid()}-"


@contextlib.contextmanager
def scratch(parent: Path) -> Iterator[Path]:
    """A hidden scratch folder in ``parent`` (same filesystem, so renames out of it are
    atomic), removed with everything in it on the way out, whatever happened.

    Its name carries the host and process id, so that a scratch folder left behind by a
    killed process is removed by the next one (``sweep``)."""
    parent.mkdir(parents=True, exist_ok=True)
    sweep(parent)
    folder = Path(tempfile.mkdtemp(dir=parent, prefix=SCRATCH_PREFIX + _owner_tag()))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def sweep(parent: Path) -> None:
    """Remove scratch folders in ``parent`` left by processes of this host that have died."""
    host = _owner_tag().split("-", 1)[0]
    try:
        names = os.listdir(parent)
    except OSError:
        return
    for name in names:
        if not name.startswith(f"{SCRATCH_PREFIX}{host}-"):
            continue
        pid = name[len(SCRATCH_PREFIX) + len(host) + 1 :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(parent / name, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def link_tree(source: Path, target: Path, skip: Callable[[Path], bool] | None = None) -> None:
    """Copy the folder ``source`` to ``target`` (which must not exist) by hard links where
    the filesystem allows, so that a large evidence folder costs nothing to stage. Files
    are only ever replaced by renames (``write_bytes``), never written in place, so a link
    shared by the old and the new folder is safe. ``skip(path)`` leaves a path out."""

    def copy(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    def ignore(folder: str, names: list[str]) -> set[str]:
        if skip is None:
            return set()
        return {name for name in names if skip(Path(folder) / name)}

    shutil.copytree(source, target, symlinks=True, copy_function=copy, ignore=ignore)


def link_copy(source: Path, target: Path) -> None:
    """``link_tree`` for a folder, a hard link (or copy) for a file, a new link for a link."""
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
    elif source.is_dir():
        link_tree(source, target)
    else:
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)


def replace_dir(staged: Path, target: Path) -> Path | None:
    """Put the folder ``staged`` in the place of ``target``; return where the previous
    ``target`` now is (next to ``staged``, for the caller to delete), or None.

    Both must be on one filesystem. Where the system can (Linux ``renameat2``), the two
    folders are exchanged in one step, so a reader sees the old folder or the new one and
    nothing in between. Elsewhere the old folder is renamed aside, the new one renamed in,
    and the old one put back if that fails: the old folder is kept until the new one is
    in place.
    """
    if not os.path.lexists(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(staged, target)
        return None
    if _exchange(staged, target):
        return staged
    aside = staged.with_name(staged.name + ".old")
    os.rename(target, aside)
    try:
        os.rename(staged, target)
    except BaseException:
        os.rename(aside, target)
        raise
    return aside


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; False where the system or filesystem cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))
