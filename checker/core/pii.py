"""Personal data in free text: ID numbers, mobile numbers, and known private values.

The scanner behind three guards: `checker validate` runs it over a dossier's narratives and
every published string of its YAML files (checker/core/pii_fields.py), so a leak is caught when
it is committed; the site runs it over everything it will publish, then over the generated
pages (checker/dossier/site/privacy.py), and fails or redacts; the committee's bulletin is redacted
(checker/dossier/word/report.py). Text is normalized first: full-width digits and letters and
invisible format characters do not hide a number or a name.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from checker.core.findings import Finding

# GB 11643-1999: 17 digits, then a check character from the weighted sum mod 11.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
_ID_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])")
# 1[3-9] and nine more digits, optionally +86 / 0086 / 86 in front, optionally written 3-4-4
# with spaces or hyphens. Not inside a longer run of digits.
_NUMBER_RUN = re.compile(r"[0-9][0-9 \-]{9,}[0-9]")
_MOBILE = re.compile(r"(?<![0-9+])(?:(?:\+|00)86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}(?![0-9])")

# The findings of this scanner: the site's privacy guard handles them (fail or redact).
PII_CODES = ("I001", "I002", "I003")

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
        digits = normalized(self.text)
        if self.code in ("I001", "I002") and len(digits) > 7:
            return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
        return digits[:1] + "*" * max(1, len(digits) - 1)


def normalize(text: str, special: re.Pattern[str] | None = None) -> tuple[str, list[int]]:
    """``text`` as the scanner matches it, and where each of its characters came from.

    Full-width and other compatibility forms become their plain form (NFKC, character by
    character: "１３８" is "138"), and invisible format characters (Unicode category Cf:
    zero-width spaces and joiners, word joiner, byte-order mark, soft hyphen…) are dropped,
    so that neither hides a number or a name from the scanner. ``origin[i]`` is the index in
    ``text`` of the character that gave normalized character ``i``; one past the end is
    ``len(text)``.
    """
    if text.isascii():  # the common case, and nothing to normalize in it
        return text, list(range(len(text) + 1))
    special = special or _special()
    if special.search(text) is None:
        return text, list(range(len(text) + 1))
    out: list[str] = []
    origin: list[int] = []
    last = 0
    # Only the few characters that normalization changes are looked at one by one, so a
    # page of Chinese text costs about what a regular expression search does.
    for match in special.finditer(text):
        index = match.start()
        out.append(text[last:index])
        origin.extend(range(last, index))
        char = text[index]
        if unicodedata.category(char) != "Cf":
            plain = unicodedata.normalize("NFKC", char)
            out.append(plain)
            origin.extend([index] * len(plain))
        last = index + 1
    out.append(text[last:])
    origin.extend(range(last, len(text) + 1))
    return "".join(out), origin


@functools.cache
def _special() -> re.Pattern[str]:
    """The characters ``normalize`` changes: format characters and those NFKC rewrites.

    Computed once over the Basic Multilingual Plane (a few hundredths of a second); every
    character beyond it is looked at, as text rarely has many.
    """
    return _class_of(lambda char: not unicodedata.is_normalized("NFKC", char))


@functools.cache
def _numeric_special() -> re.Pattern[str]:
    """The characters ``normalize`` changes that matter to ID and mobile numbers: those
    that become a digit, a Latin letter, "+", "-" or a space, and format characters. Text
    searched for numbers only need not have its full-width punctuation (most of a Chinese
    page's special characters) normalized one by one."""
    relevant = re.compile(r"[0-9A-Za-z+\- ]")
    return _class_of(
        lambda char: (
            not unicodedata.is_normalized("NFKC", char)
            and relevant.search(unicodedata.normalize("NFKC", char)) is not None
        )
    )


def _class_of(changed: Callable[[str], bool]) -> re.Pattern[str]:
    """Format characters, the characters of the BMP that ``changed`` picks, and every
    character beyond the BMP, as one character class."""
    chars = [
        char
        for char in map(chr, range(0x80, 0x10000))
        if unicodedata.category(char) == "Cf" or changed(char)
    ]
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "\U00010000-\U0010ffff]")


@functools.lru_cache(maxsize=4096)
def normalized(text: str) -> str:
    """The normalized form alone: for private values, matched as the scanner sees text.

    Cached for the values of the dossiers at hand (a roster holds a few hundred); a larger
    cache would only grow with the number of dossiers in a run."""
    return normalize(text)[0]


class Prepared(tuple):
    """Private values ready for many scans: normalized, distinct, longest first, with the
    set and the lengths that the scan of a short text looks them up by."""

    @functools.cached_property
    def as_set(self) -> frozenset[str]:
        return frozenset(self)

    @functools.cached_property
    def lengths(self) -> tuple[int, ...]:
        return tuple(sorted({len(v) for v in self}, reverse=True))


def prepare(private: Iterable[str]) -> Prepared:
    """Private values as ``scan`` matches them: normalized, distinct, longest first.

    For many scans with the same values, prepare them once and pass ``prepared=True``."""
    values = {normalized(v) for v in private}
    return Prepared(sorted((v for v in values if v), key=len, reverse=True))


def scan(text: str, private: Iterable[str] = (), *, prepared: bool = False) -> list[Hit]:
    """ID numbers, mobile numbers and known private values in ``text``, in order.

    Matching is on the normalized text (see ``normalize``); each hit's span and text are
    those of the original, so that redaction removes the hidden characters with the number.
    """
    values = private if prepared and isinstance(private, Prepared) else prepare(private)
    plain, origin = normalize(text, None if values else _numeric_special())
    found: list[tuple[str, int, int]] = []
    # Both numbers are runs of at least 11 digits (spaces and hyphens between): found first,
    # as a plain character class is found fast, and the two patterns tried only there.
    for run in _NUMBER_RUN.finditer(plain):
        low, high = max(0, run.start() - 1), min(len(plain), run.end() + 1)
        for match in _ID_CANDIDATE.finditer(plain, low, high):
            if id_number_valid(match.group()):
                found.append(("I001", match.start(), match.end()))
        for match in _MOBILE.finditer(plain, low, high):
            if not _overlaps(found, match.start(), match.end()):
                found.append(("I002", match.start(), match.end()))
    if values:
        for start, end in _occurrences(plain, values):
            if not _overlaps(found, start, end):
                found.append(("I003", start, end))
    hits = []
    for code, start, end in found:
        first, last = origin[start], origin[end - 1] + 1
        hits.append(Hit(code, first, last, text[first:last]))
    hits.sort(key=lambda h: h.start)
    return hits


def _occurrences(plain: str, values: Prepared) -> list[tuple[int, int]]:
    """Every place a value occurs in ``plain``, overlapping places merged into one span.

    No regular expression: compiling an alternation of a roster's names cost more than the
    scans themselves, and a different roster comes with every branch. A short text (a name,
    a zone) against many values (every roster of the city) looks up its substrings in the
    set instead of searching the text once per value.
    """
    spans: list[tuple[int, int]] = []
    lengths = values.lengths
    if len(plain) * len(lengths) < len(values):
        known = values.as_set
        for start in range(len(plain)):
            for size in lengths:
                if start + size <= len(plain) and plain[start : start + size] in known:
                    spans.append((start, start + size))
                    break  # the longest value starting here
    else:
        for value in values:
            at = plain.find(value)
            while at != -1:
                spans.append((at, at + len(value)))
                at = plain.find(value, at + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _overlaps(found: list[tuple[str, int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for _code, s, e in found)


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
