"""One writer at a time on a content root: an advisory lock on `.checker-lock` inside it.

Two `checker ingest` runs on the same content root (two CI jobs on one runner, an admin
and a cron job) would each stage a branch from the same old folder and swap it in, so the
second swap would silently undo the first. The run holds ``fcntl.flock`` on
``<content>/.checker-lock`` from before it reads the inbox until its last receipt is filed;
a second run waits for it a bounded time, then gives up with ``Busy`` (nothing touched).

The lock file exists only while it is held: the holder deletes it before letting go, and a
waiter that then gets the lock on the deleted file notices (the path is another file, or
none) and tries again. A process that is killed loses its lock with it (the kernel drops
it), so a file left behind by a kill does not block anyone. Discovery never looks at the
content root's own files, and `.gitignore` lists the name so it is never committed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

LOCK_FILE = ".checker-lock"
POLL_SECONDS = 0.05
# How long a run waits for another one: long enough for a run of a few dozen uploads to
# finish, short enough that a stuck run does not hang CI for good.
DEFAULT_WAIT = 300.0

_held: set[str] = set()  # content roots this process holds: a nested request is a no-op

try:
    import fcntl
except ImportError:  # Windows: no flock; runs there are not guarded
    fcntl = None  # type: ignore[assignment]


class Busy(OSError):
    """The content root stayed locked by another run for the whole wait. An OSError, so
    that a command which only knows "could not write" still says so and changes nothing;
    its ``strerror`` says why in Chinese."""

    def __init__(self, path: Path, holder: str, waited: float) -> None:
        host, _, pid = holder.partition(" ")
        self.holder = f"主机 {host} 上的进程 {pid}" if pid.isdigit() else holder
        who = f"（{self.holder}）" if self.holder else ""
        shown = f"{waited:.1f}".removesuffix(".0")
        super().__init__(
            errno.EAGAIN,
            f"内容根目录 {path.parent} 正由另一个 checker{who}写入，等待 {shown} 秒后仍未结束",
            str(path),
        )
        self.path = path
        self.waited = waited


def _holder(path: Path) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as stream:
            return stream.read(200).strip()
    except OSError:
        return ""


def _open(path: Path) -> int:
    # O_NOFOLLOW: a `.checker-lock` committed as a link must not make us create or lock
    # a file elsewhere (ELOOP is reported to the caller as an OSError).
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    return os.open(path, flags, 0o644)


def _is_current(fd: int, path: Path) -> bool:
    """Whether the locked file is still the one at ``path`` (not deleted by its holder)."""
    try:
        now = os.lstat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino)


@contextlib.contextmanager
def content_lock(content_dir: Path, wait: float) -> Iterator[None]:
    """Hold the lock of ``content_dir`` for the ``with`` block, waiting at most ``wait``
    seconds for another holder. Raises Busy, or OSError if the file cannot be made."""
    key = os.path.realpath(content_dir)
    if fcntl is None or key in _held:  # no flock here, or ingest holds it around staging
        yield
        return
    path = content_dir / LOCK_FILE
    start = time.monotonic()
    while True:
        fd = _open(path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
            waited = time.monotonic() - start
            if waited >= wait:
                raise Busy(path, _holder(path), waited) from None
            time.sleep(min(POLL_SECONDS, max(0.0, wait - waited)))
            continue
        if _is_current(fd, path):
            break
        os.close(fd)  # the previous holder deleted this one on its way out: try again
    _held.add(key)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{socket.gethostname()} {os.getpid()}\n".encode())
        yield
    finally:
        _held.discard(key)
        with contextlib.suppress(OSError):
            os.unlink(path)  # while still holding it, so no one locks a stale file
        os.close(fd)
