"""Pagefind bundles kept between builds, by a digest of the search copies they index.

Pagefind indexes every page each time it runs; when no search copy (``searchsource``) has
changed since a build kept its bundle, the bundle it would write is that one, byte for
byte. So a build that makes the same copies takes the kept bundle (hard links where the
filesystem allows) instead of running Pagefind; any change to a page's text, to the
search settings, to Pagefind's version or to this code is a new digest and a new index.
Only the latest bundle is kept. A bundle is complete once its ``.done`` file is written;
one that cannot be read or taken is as if missing: Pagefind runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from importlib import metadata
from pathlib import Path

from checker.dossier.site.page_store import code_digest

FOLDER = "search"
DONE = ".done"


def digest_of(pages: dict[str, str], settings: tuple[str, ...]) -> str:
    """A digest of the copies (their path -> digest) and of how Pagefind would read them."""
    try:
        version = metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        version = ""
    digest = hashlib.blake2b(digest_size=20)
    for part in (code_digest(), version, *settings):
        digest.update(part.encode() + b"\0")
    for path in sorted(pages):
        digest.update(f"{path}\0{pages[path]}\0".encode())
    return digest.hexdigest()


class BundleStore:
    """The kept bundle under ``cache_dir/search/<digest>/``."""

    def __init__(self, cache_dir: Path) -> None:
        self.folder = cache_dir / FOLDER

    def take(self, digest: str, target: Path) -> bool:
        """Put the bundle kept under ``digest`` at ``target``; False when there is none."""
        kept = self.folder / digest
        if not (kept / DONE).is_file():
            return False
        shutil.rmtree(target, ignore_errors=True)
        try:
            _link_tree(kept, target)
        except OSError:  # removed meanwhile by another build, say: index again
            shutil.rmtree(target, ignore_errors=True)
            return False
        with contextlib.suppress(OSError):
            (target / DONE).unlink()
        return True

    def keep(self, digest: str, bundle: Path) -> None:
        """Keep ``bundle`` (as Pagefind just wrote it) under ``digest``, and only it."""
        with contextlib.suppress(OSError):  # a cache: not keeping it only costs time
            self.folder.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{digest}.", dir=self.folder))
            try:
                _link_tree(bundle, staging, replace=True)
                (staging / DONE).write_bytes(b"")
                os.replace(staging, self.folder / digest)
            except OSError:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            for other in self.folder.iterdir():
                if other.name != digest:
                    shutil.rmtree(other, ignore_errors=True)


def _link_tree(source: Path, target: Path, replace: bool = False) -> None:
    """``source``'s files at ``target``: hard links, or copies across filesystems. Pagefind
    writes new files each run, so a link never sees its bundle change."""

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link, dirs_exist_ok=replace)
