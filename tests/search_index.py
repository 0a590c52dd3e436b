"""What the site's search index holds, read back from the files Pagefind wrote.

Pagefind writes ``pagefind/``: one fragment per page (gzip of ``pagefind_dcd`` + JSON: the
page's url, title and indexed text) and the word index in pieces (gzip of ``pagefind_dcd``
+ CBOR, whose strings are plain UTF-8). The tests read every piece, so that nothing in the
index escapes the privacy and markup checks the pages get.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"
ZERO_WIDTH = "\u200b"  # Pagefind marks the words of Chinese text it segmented


def bundle(site: Path) -> Path:
    folder = site / "pagefind"
    assert (folder / "pagefind.js").is_file(), f"no Pagefind index in {site}"
    return folder


def decoded(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(SIGNATURE), path
    return data[len(SIGNATURE) :]


def documents(site: Path) -> list[dict]:
    """One entry per indexed page: ``url``, ``content`` (words joined), ``meta`` (title)."""
    out = []
    for path in sorted(bundle(site).glob("fragment/*.pf_fragment")):
        doc = json.loads(decoded(path))
        doc["content"] = doc.get("content", "").replace(ZERO_WIDTH, "")
        out.append(doc)
    return out


def by_url(site: Path) -> dict[str, dict]:
    """The documents by the page's path under the site (``credits/``; ``""`` the home)."""
    return {doc["url"].lstrip("/"): doc for doc in documents(site)}


def index_text(site: Path) -> str:
    """Every string of every piece of the index (fragments, words, filters, metadata)."""
    parts = []
    for path in sorted(bundle(site).rglob("*")):
        if path.is_file() and path.suffix.startswith(".pf_"):
            parts.append(decoded(path).decode("utf-8", errors="ignore"))
    return "\n".join(parts).replace(ZERO_WIDTH, "")
