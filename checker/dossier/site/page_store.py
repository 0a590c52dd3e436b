"""Branch pages kept on disk between builds, by a digest of what each was made from.

A branch page is a pure function of the branch's scored results, its ranks, the names of
its placement, its git history, the standard, the site's scope and privacy mode, and the
code that writes it. A build that finds a page under the digest of those inputs uses the
file as it is (MkDocs reads it when it renders the page) instead of scanning the branch's
text and generating the page again; the findings of the privacy scan that the page was
made with, and the pictures it shows, are kept with it, so a build from the store says and
publishes the same as one without.

An entry is two files in ``<key[:2]>/``: ``<key>.md`` (the page) and ``<key>.json`` (the
page's digest, the findings, the pictures). Both are written atomically (renamed into place,
not flushed: it is a cache), the page first; an entry whose page is missing or does not
have the digest recorded is not there, and is written again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import checker
from checker.core import atomic, jsonout
from checker.core.findings import Finding

FOLDER = "pages"
_KEY = re.compile(r"[0-9a-f]{40}")


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture a page shows: where the page cited it from, and its path on the site."""

    year_dir: str
    cited: str
    uri: str | None


@dataclass(frozen=True, slots=True)
class StoredPage:
    path: Path
    findings: list[Finding]
    pictures: list[Picture]
    extra: dict  # what else was made with the page (an exemplar's card face)


@functools.cache
def code_digest() -> str:
    """A digest of the checker's own source: a page written by other code is not reused."""
    digest = hashlib.blake2b(checker.__version__.encode(), digest_size=20)
    package = Path(checker.__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def page_key(*parts: str) -> str:
    digest = hashlib.blake2b(code_digest().encode(), digest_size=20)
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class PageStore:
    """The pages of earlier builds under ``folder`` (the result cache's folder)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / FOLDER

    def _paths(self, key: str) -> tuple[Path, Path]:
        if not _KEY.fullmatch(key):
            raise ValueError(f"not a page key: {key!r}")
        base = self.folder / key[:2] / key
        return base.with_suffix(".md"), base.with_suffix(".json")

    def has(self, key: str) -> bool:
        """Whether an entry is there (``get`` says whether it is whole)."""
        return self._paths(key)[1].is_file()

    def get(self, key: str) -> StoredPage | None:
        page, meta = self._paths(key)
        try:
            record = jsonout.loads(meta.read_bytes())
            if _digest(page.read_bytes()) != record["digest"]:
                return None
            findings = [Finding.from_dict(f) for f in record["findings"]]
            pictures = [Picture(*p) for p in record["pictures"]]
            extra = record["extra"]
            if not isinstance(extra, dict):
                return None
        except (OSError, ValueError, TypeError, KeyError):
            return None  # missing or damaged: the page is made again
        return StoredPage(page, findings, pictures, extra)

    def put(
        self,
        key: str,
        text: str,
        findings: list[Finding],
        pictures: list[Picture],
        extra: dict | None = None,
    ) -> StoredPage | None:
        """Keep a page; None when it cannot be written (a full disk only costs time)."""
        page, meta = self._paths(key)
        data = text.encode("utf-8")
        record = {
            "digest": _digest(data),
            "findings": [f.to_dict() for f in findings],
            "pictures": [[p.year_dir, p.cited, p.uri] for p in pictures],
            "extra": extra or {},
        }
        with contextlib.suppress(OSError):
            atomic.write_bytes(page, data, durable=False)
            atomic.write_bytes(meta, jsonout.dumps_compact(record), durable=False)
            return StoredPage(page, list(findings), list(pictures), dict(extra or {}))
        return None
