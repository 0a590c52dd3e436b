"""Chinese punctuation: ASCII `,;:()!?` next to Chinese text becomes its full-width form.

Chinese prose uses full-width punctuation (U+FF0C and kin). This module finds half-width
marks that touch a Chinese character and gives the full-width text; the typography test
runs it over every user-facing string, and the Word writer uses it for fixed text.
Parentheses are handled in pairs, so `(JPG/PNG)` after a Chinese word changes as a pair.
"""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’…—]")
_SIMPLE = {",": "\uff0c", ";": "\uff1b", ":": "\uff1a", "!": "\uff01", "?": "\uff1f"}
_PAIRS = {"(": "\uff08", ")": "\uff09"}


def _is_cjk(char: str) -> bool:
    return bool(char) and bool(_CJK.match(char))


def _touches(text: str, index: int) -> bool:
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    return _is_cjk(before) or _is_cjk(after)


def _colon_is_prose(text: str, index: int) -> bool:
    # `http://`, `C:\` and `12:30` keep their colon; a colon after Chinese is punctuation.
    after = text[index + 1 : index + 3]
    return not after.startswith(("//", "\\")) and _is_cjk(text[index - 1] if index else "")


def to_fullwidth(text: str) -> str:
    """The text with half-width punctuation that touches Chinese made full-width."""
    if not _CJK.search(text):
        return text
    chars = list(text)
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for index, char in enumerate(text):
        if char == "(":
            stack.append(index)
        elif char == ")" and stack:
            pairs.append((stack.pop(), index))
    for opening, closing in pairs:
        if opening and text[opening - 1] == "]":  # a Markdown link target, not prose
            continue
        if _touches(text, opening) or _touches(text, closing) or _is_cjk_inside(text, opening):
            chars[opening], chars[closing] = _PAIRS["("], _PAIRS[")"]
    text = "".join(chars)  # the marks below see the converted parentheses as Chinese
    chars = list(text)
    for index, char in enumerate(text):
        if char in _SIMPLE and _touches(text, index):
            if char == ":" and not _colon_is_prose(text, index):
                continue
            chars[index] = _SIMPLE[char]
            # Full-width marks carry their own space: drop one ASCII space after one, but
            # keep a wider gap, which lines things up (填报日期:    年  月  日).
            if text[index + 1 : index + 2] == " " and text[index + 2 : index + 3] != " ":
                chars[index + 1] = ""
    return "".join(chars)


def _is_cjk_inside(text: str, opening: int) -> bool:
    # `(应有 12 个周期)` after a placeholder: Chinese inside the parentheses counts too.
    return _is_cjk(text[opening + 1] if opening + 1 < len(text) else "")


def needs_fullwidth(text: str) -> bool:
    """True when some half-width mark in ``text`` touches Chinese."""
    return to_fullwidth(text) != text
