"""What Pagefind reads: for each page, a small copy of its article, never the page itself.

A built page is mostly tables, charts and the chrome every page repeats (navigation,
header, footer), none of which the search index keeps; Pagefind would still parse all of
it. So each page, as MkDocs writes it, is also written to a temporary folder as a page of
its own: the same path, language and ``<title>``, and one
``<article class="md-content__inner">`` holding the page's body with every element the
search leaves out (``search.EXCLUDED``) cut away. Pagefind indexes that folder and writes its
bundle into the site; the URLs it records are the paths under the folder, the same as the
site's. The folder is created for one build and removed after it, failed or not (and at
exit, should the build be interrupted): it is never published. A page MkDocs did not write
in this build (``--dirty`` rewrites only what changed) is copied from its built file.

Cutting an element needs no HTML parser: its opening tag is found by a regular expression,
its end by counting the openings and closings of the same tag after it. The pages' HTML is
well-formed (the generator writes it; narratives come out of nh3), and text from content is
escaped, so no text can open or close an element.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from html import escape
from pathlib import Path, PurePosixPath

from checker.dossier.site.search import BUNDLE_DIR, EXCLUDED, ROOT_SELECTOR

_TAGS = tuple(s for s in EXCLUDED if s.isalpha())
_CLASSES = tuple(s[1:] for s in EXCLUDED if s.startswith("."))
_IDS = tuple(s[1:] for s in EXCLUDED if s.startswith("#"))
# A wrapper that holds one table and nothing else (``checker.core.site.html.table``): it is
# cut whole, so a page's tables leave no empty element behind.
_WRAPPERS = ("table-wrap",)
_WORDS = "|".join(re.escape(c) for c in (*_CLASSES, *_WRAPPERS))
_OPENING = re.compile(
    rf"<(?:(?P<tag>{'|'.join(_TAGS)})\b"
    rf"|(?P<other>[a-z][a-z0-9]*)\b(?=[^>]*?\s"
    rf"(?:class=\"(?:[^\"]*\s)?(?:{_WORDS})[\s\"]"
    rf"|id=\"(?:{'|'.join(re.escape(i) for i in _IDS)})\")))",
    re.IGNORECASE,
)
_SAME_TAG: dict[str, re.Pattern[str]] = {}
_LANG = re.compile(r"<html\b[^>]*?\slang=\"([^\"<>]*)\"", re.IGNORECASE)
_TITLE = re.compile(r"<title>([^<]*)</title>", re.IGNORECASE)
_ARTICLE_CLASS = ROOT_SELECTOR.partition(".")[2].replace(".", " ")
_ARTICLE = re.compile(rf"<article\b[^>]*?\sclass=\"{re.escape(_ARTICLE_CLASS)}[\s\"][^>]*>")
# Material's page for a broken link: not a page anyone searches for.
NOT_INDEXED = ("404.html",)


def strip_excluded(html: str) -> str:
    """``html`` without the elements the search leaves out (each cut with its content)."""
    parts = []
    pos = 0
    while match := _OPENING.search(html, pos):
        parts.append(html[pos : match.start()])
        pos = _element_end(html, match.start(), (match["tag"] or match["other"]).lower())
    parts.append(html[pos:])
    return "".join(parts)


def _element_end(html: str, start: int, tag: str) -> int:
    """Where the element whose opening tag starts at ``start`` ends (the page's end if never)."""
    opened = html.find(">", start)
    if opened < 0:
        return len(html)
    if html[opened - 1] == "/":  # <svg ... />
        return opened + 1
    pattern = _SAME_TAG.get(tag)
    if pattern is None:
        pattern = _SAME_TAG[tag] = re.compile(rf"<(/?){tag}\b[^>]*>", re.IGNORECASE)
    depth = 1
    for found in pattern.finditer(html, opened + 1):
        if found[1]:
            depth -= 1
        elif not found[0].endswith("/>"):
            depth += 1
        if depth == 0:
            return found.end()
    return len(html)


def search_copy(output: str, content: str, title: str) -> str:
    """The page Pagefind reads for one built page.

    ``output`` is the page as written (its language and ``<title>`` are taken from it),
    ``content`` the rendered body the theme put into the article, ``title`` the heading the
    theme adds above a body that has none (the theme's own markup, as published).
    """
    lang = _LANG.search(output, 0, 4096)
    head_title = _TITLE.search(output)
    heading = "" if "<h1" in content or not title else f"<h1>{title}</h1>"
    return (
        f'<!doctype html><html lang="{escape(lang[1]) if lang else "zh"}"><head>'
        f'<meta charset="utf-8"><title>{head_title[1] if head_title else ""}</title></head>'
        f'<body><article class="{_ARTICLE_CLASS}">{heading}{strip_excluded(content)}'
        "</article></body></html>"
    )


class SearchSource:
    """The temporary folder of search copies for one build."""

    def __init__(self) -> None:
        self._folder: tempfile.TemporaryDirectory[str] | None = tempfile.TemporaryDirectory(
            prefix="dossier-search-"
        )
        self.path = Path(self._folder.name)
        self.pages = 0
        self.digests: dict[str, str] = {}  # path -> digest of its copy (search_bundles)
        self._pending: dict[str, bytes] = {}

    def add(self, dest_path: str, page: str) -> None:
        """Write ``page`` at ``dest_path`` (the page's path under the site)."""
        relative = PurePosixPath(dest_path.replace("\\", "/"))
        if relative.is_absolute() or ".." in relative.parts:
            return  # MkDocs never writes there; nor do we
        data = page.encode("utf-8")
        self._pending[relative.as_posix()] = data  # written only if Pagefind is to run
        self.digests[relative.as_posix()] = hashlib.blake2b(data, digest_size=16).hexdigest()
        self.pages += 1

    def flush(self) -> Path:
        """Write the copies not written yet (a city's are a few tens of MB until then);
        the folder Pagefind is to read."""
        for relative, data in self._pending.items():
            target = self.path.joinpath(*relative.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        self._pending.clear()
        return self.path

    def add_unwritten(self, site_dir: Path) -> None:
        """Copies of the site's pages that were not written in this build, from their files."""
        done = set(self.digests).union(NOT_INDEXED)
        for folder, subfolders, names in os.walk(site_dir):
            relative = Path(folder).relative_to(site_dir).as_posix()
            if relative == ".":
                subfolders[:] = [d for d in subfolders if d != BUNDLE_DIR]
            for name in names:
                dest = name if relative == "." else f"{relative}/{name}"
                if name.endswith(".html") and dest not in done:
                    self._add_built(dest, Path(folder) / name)

    def _add_built(self, dest: str, path: Path) -> None:
        output = path.read_text(encoding="utf-8", errors="replace")
        start = _ARTICLE.search(output)
        end = output.rfind("</article>")
        if start is not None and end > start.end():
            self.add(dest, search_copy(output, output[start.end() : end], ""))

    def close(self) -> None:
        """Remove the folder and everything in it."""
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
        shutil.rmtree(self.path, ignore_errors=True)
