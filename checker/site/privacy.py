"""Personal data and the site: a scanner for the free text the site publishes.

Two guarantees, kept apart:

- Structured personal data never reaches a page: the fields marked ``x-private: true`` in
  the JSON Schemas (members' names, ID numbers, phones, addresses, birth dates…) are read
  from the schemas (checker/private.py), and the page generator never renders them.
- Free text that the site does publish (narratives, review reasons, N/A reasons, evidence
  file names) is scanned before any page is generated: for ID numbers (18 characters with
  the GB 11643 check digit), mainland mobile numbers, and the values of the branch's own
  private fields (a member's name copied into a narrative, say). Each hit is a finding with
  its file and line; the build fails on it, or the text is redacted if the site says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from checker.findings import Finding

if TYPE_CHECKING:
    from checker.site.collect import SiteData

# GB 11643-1999: 17 digits, then a check character from the weighted sum mod 11.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
_ID_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])")
# 1[3-9] and nine more digits, optionally +86 / 0086 / 86 in front, optionally written 3-4-4
# with spaces or hyphens. Not inside a longer run of digits.
_MOBILE = re.compile(r"(?<![0-9+])(?:(?:\+|00)86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}(?![0-9])")

ID_LABEL = "〔身份证号已隐去〕"
MOBILE_LABEL = "〔手机号已隐去〕"
PRIVATE_LABEL = "〔个人信息已隐去〕"


def id_number_valid(text: str) -> bool:
    """True for an 18-character ID number whose check character is right."""
    if len(text) != 18 or not text[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(text[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11] == text[17].upper()


@dataclass(frozen=True, slots=True)
class Hit:
    code: str  # I001 ID number, I002 mobile number, I003 a private field's value
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return {"I001": ID_LABEL, "I002": MOBILE_LABEL}.get(self.code, PRIVATE_LABEL)

    def masked(self) -> str:
        """The hit as a finding may show it: enough to find it, not enough to use it."""
        digits = self.text
        if self.code in ("I001", "I002") and len(digits) > 7:
            return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
        return digits[:1] + "*" * max(1, len(digits) - 1)


def scan(text: str, private: Iterable[str] = ()) -> list[Hit]:
    """ID numbers, mobile numbers and known private values in ``text``, in order."""
    hits: list[Hit] = []
    for match in _ID_CANDIDATE.finditer(text):
        if id_number_valid(match.group()):
            hits.append(Hit("I001", match.start(), match.end(), match.group()))
    for match in _MOBILE.finditer(text):
        if not _overlaps(hits, match.start(), match.end()):
            hits.append(Hit("I002", match.start(), match.end(), match.group()))
    for value in sorted(set(private), key=len, reverse=True):
        start = text.find(value)
        while start != -1:
            end = start + len(value)
            if not _overlaps(hits, start, end):
                hits.append(Hit("I003", start, end, value))
            start = text.find(value, end)
    hits.sort(key=lambda h: h.start)
    return hits


def _overlaps(hits: list[Hit], start: int, end: int) -> bool:
    return any(h.start < end and start < h.end for h in hits)


def redact(text: str, hits: list[Hit]) -> str:
    """``text`` with every hit replaced by a label saying what was removed."""
    out: list[str] = []
    last = 0
    for hit in sorted(hits, key=lambda h: h.start):
        out.append(text[last : hit.start])
        out.append(hit.label)
        last = hit.end
    out.append(text[last:])
    return "".join(out)


_MESSAGES = {
    "I001": "含有身份证号码 {masked}",
    "I002": "含有手机号码 {masked}",
    "I003": "含有党员名册等不公开字段中的个人信息“{masked}”",
}


def findings_for(
    text: str, hits: list[Hit], file: str, what: str, line_offset: int = 0
) -> list[Finding]:
    """One finding per hit, at the hit's line and column in ``text``.

    ``line_offset`` is added to the line: for text taken from a known line of a file.
    """
    findings = []
    for hit in hits:
        before = text[: hit.start]
        line = before.count("\n") + 1 + line_offset
        column = hit.start - (before.rfind("\n") + 1) + 1
        message = f"{what}" + _MESSAGES[hit.code].format(masked=hit.masked())
        findings.append(Finding(hit.code, message, file, line, column))
    return findings


def line_of(source: str | None, needle: str) -> int:
    """The 1-based line of ``needle`` in a source file's text, or 0 when not found."""
    if not source:
        return 0
    index = source.find(needle)
    return source.count("\n", 0, index) + 1 if index >= 0 else 0


# ---------------------------------------------------------------------------------------
# The guard the site runs before generating any page.

FAIL, REDACT = "fail", "redact"
MODES = (FAIL, REDACT)


def protect(data: SiteData, mode: str = FAIL) -> list[Finding]:
    """Scan every piece of free text the site will publish; redact it when ``mode`` says so.

    Returns one finding per hit (I001 ID number, I002 mobile number, I003 a private field's
    value), naming the file and the line. With ``redact`` the text is replaced in ``data``
    and the findings are for the record; with ``fail`` the caller refuses to build.
    """
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")
    findings: list[Finding] = []
    sources: dict[str, str | None] = {}

    def source(file: str) -> str | None:
        if file not in sources:
            try:
                sources[file] = Path(file).read_text(encoding="utf-8", errors="replace")
            except OSError:
                sources[file] = None
        return sources[file]

    def check(text: str, private: list[str], file: str, what: str, line: int = 0) -> str:
        hits = scan(text, private)
        if not hits:
            return text
        if line:
            found = findings_for(text, hits, file, what, line - 1)
        else:
            found = [
                Finding(f.code, f.message, f.file, line_of(source(file), hit.text), 0)
                for f, hit in zip(findings_for(text, hits, file, what), hits, strict=True)
            ]
        findings.extend(found)
        return redact(text, hits) if mode == REDACT else text

    from checker.site.collect import Narrative  # imported here: collect imports this module

    for branch in data.branches:
        for year in branch.years.values():
            private = year.private
            result = year.result
            for name, narrative in list(year.narratives.items()):
                text = check(narrative.text, private, narrative.file, f"{name} ", 1)
                if text is not narrative.text:
                    year.narratives[name] = Narrative(narrative.name, narrative.file, text)
            if result.veto_reason:
                result.veto_reason = check(result.veto_reason, private, result.file, "否决理由")
            for item in result.items:
                if item.note:
                    where = item.findings[0].file if item.findings else result.file
                    item.note = check(item.note, private, where, f"条目 {item.id} 的说明")
                renewed = []
                for finding in item.findings:
                    message = check(
                        finding.message,
                        private,
                        finding.file,
                        f"条目 {item.id} 的失分原因",
                        finding.line,
                    )
                    if message is not finding.message:
                        finding = Finding(
                            finding.code,
                            message,
                            finding.file,
                            finding.line,
                            finding.column,
                            finding.path,
                            finding.hint,
                        )
                    renewed.append(finding)
                item.findings = renewed
            for index, evidence in enumerate(year.evidence):
                path = check(evidence.path, private, result.file, "佐证材料文件名", evidence.line)
                if path is not evidence.path:
                    year.evidence[index] = type(evidence)(
                        path, evidence.kind, evidence.cited_by, evidence.line
                    )
    findings.sort(key=Finding.sort_key)
    return findings
