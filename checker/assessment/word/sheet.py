"""What reading a filled committee sheet (民主测评统计表, 互评汇总表) can end in: refused
whole, or read with problems at their cells, all listed at once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker.core.word.marker import find_marker

if TYPE_CHECKING:
    from docx.document import Document

    from checker.assessment.scheme import Scheme


class SheetRefused(Exception):
    """The sheet as a whole cannot be read (not ours, another scheme, tables changed)."""

    def __init__(self, code: str, message: str, where: str = "") -> None:
        super().__init__(message)
        self.code, self.message, self.where = code, message, where


@dataclass(frozen=True, slots=True)
class Problem:
    """A cell that cannot be imported; nothing of the sheet is written while one remains."""

    code: str
    message: str
    where: str


def scheme_marker(
    document: Document, pattern: re.Pattern, paragraphs: int, scheme: Scheme, what: str,
    command: str,
) -> re.Match:  # fmt: skip
    """The sheet's marker, checked to be of the scheme in use; SheetRefused otherwise.
    ``what`` names the sheet (统计表, 汇总表) and ``command`` what makes it."""
    match = find_marker(document, pattern, paragraphs)[0]
    if match is None:
        raise SheetRefused(
            "W006", f"文档中没有 checker {what}标识，不是 `checker {command}` 生成的"
        )
    if (match["id"], match["version"]) != (scheme.id, scheme.version):
        raise SheetRefused(
            "W007", f"{what}按考核方案 {match['id']} {match['version']} 生成，"
            f"当前方案是 {scheme.id} {scheme.version}",
        )  # fmt: skip
    return match
