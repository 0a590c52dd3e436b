"""The marker a generated form carries (in its document properties and as a line on its
cover, since some office programs drop the properties): found by each kind's own pattern,
so `checker import` knows which reader a filled .docx is for."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from checker.core.word.safezip import Refused, open_docx

if TYPE_CHECKING:
    from docx.document import Document


def find_marker(document: Document, pattern: re.Pattern, paragraphs: int) -> tuple:
    """The match and where it was found ("文档属性" or "第N段"), or (None, "")."""
    match = pattern.search(document.core_properties.identifier or "")
    if match:
        return match, "文档属性"
    for number, paragraph in enumerate(document.paragraphs[:paragraphs], 1):
        match = pattern.search(paragraph.text)
        if match:
            return match, f"第{number}段"
    return None, ""


def carries_marker(path: Path, pattern: re.Pattern, paragraphs: int) -> bool:
    """Whether the file at ``path`` carries the marker; False for anything unreadable,
    which the dossier's importer then refuses in its own words."""
    try:
        return find_marker(open_docx(path), pattern, paragraphs)[0] is not None
    except (Refused, OSError, ValueError):
        return False


def shape_digest(shape: object) -> str:
    """Twelve hex digits of what a form's rows and columns depend on, for its marker: a
    sheet made under another shape is refused rather than read into the wrong cells."""
    text = json.dumps(shape, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
