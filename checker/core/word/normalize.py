"""What people type into a Word form, turned into the values a dossier holds.

Dates written as 2017年9月13日, 2017.9.13, 2017/9/13 or 二〇一七年九月十三日; full-width
digits and punctuation; 是/否; numbers with a unit after them; trailing spaces and
invisible characters. A value that cannot be understood raises ``Unreadable`` with the
finding code and a Chinese message; the importer keeps the text as typed, so nothing is lost.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

# Full-width ASCII (U+FF01–U+FF5E) and the ideographic space, to their half-width forms.
_HALFWIDTH = {0xFF01 + i: 0x21 + i for i in range(94)} | {0x3000: 0x20}
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Cells people fill with a dash or slash to mean "nothing here".
_PLACEHOLDERS = {"/", "-", "—", "——", "--", "–", "\\", "、", "…", "……"}
_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ο": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_CN_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = ("个月", "学时", "课时", "小时", "人", "名", "次", "个", "月", "元", "分", "年", "条")
_TRUE = {"是", "对", "有", "√", "✓", "✔", "y", "yes", "true", "1"}
_FALSE = {"否", "不是", "错", "无", "没有", "×", "✗", "✘", "x", "n", "no", "false", "0"}


class Unreadable(ValueError):
    """A cell whose text cannot be read as the value its column holds."""

    def __init__(self, code: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


def halfwidth(text: str) -> str:
    """Full-width letters, digits and punctuation to ASCII; for codes, numbers and dates."""
    return text.translate(_HALFWIDTH)


def clean_text(text: str) -> str:
    """Free text: line ends unified, invisible and control characters removed, lines trimmed.

    Chinese punctuation stays as written: in prose the full-width forms are the right ones.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n")
    text = _INVISIBLE.sub("", text).replace("\t", " ")
    text = _CONTROL.sub("", text).replace("\u00a0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    text = "\n".join(lines).strip()
    return re.sub(r"\n{3,}", "\n\n", text)


def compact(text: str) -> str:
    """A one-word value (code, id, number, date): half-width, without any spaces."""
    return _SPACES.sub("", halfwidth(clean_text(text))).replace("\n", "")


def is_blank(text: str) -> bool:
    """Empty, or only a dash or slash (the usual way to say "nothing" in a paper form)."""
    value = compact(text)
    return value == "" or value in _PLACEHOLDERS


def _cn_number(text: str) -> int | None:
    """Chinese numerals below 1000 (十二, 二十三, 一百零五); None when not one."""
    if not text or any(ch not in _CN_DIGITS and ch not in "十百" for ch in text):
        return None
    total, current = 0, 0
    for index, ch in enumerate(text):
        if ch in _CN_DIGITS:
            # Two digits side by side (两三, 三四) are an estimate, not a number; 零 may
            # stand before a digit (一百零五).
            if index and text[index - 1] in _CN_DIGITS and _CN_DIGITS[text[index - 1]]:
                return None
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:  # 百
            total += (current or 1) * 100
            current = 0
    return total + current


def _cn_year(text: str) -> str:
    """二〇二五 → 2025 (a year is read digit by digit)."""
    if text and all(ch in _CN_DIGITS for ch in text):
        return "".join(str(_CN_DIGITS[ch]) for ch in text)
    return text


_YMD = re.compile(
    r"(?P<y>[0-9]{4}|[〇零○一二三四五六七八九]{4})\s*[年./\-]\s*"
    r"(?P<m>[0-9]{1,2}|[一二三四五六七八九十]{1,2})\s*[月./\-]\s*"
    r"(?P<d>[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]?\Z"
)
_COMPACT_YMD = re.compile(r"(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})\Z")
_MD = re.compile(
    r"(?P<m>[0-9]{1,2}|[一二三四五六七八九十]{1,2})\s*[月./\-]\s*"
    r"(?P<d>[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]?\Z"
)


def _part(text: str) -> int:
    if text.isdigit():
        return int(text)
    number = _cn_number(text)
    return -1 if number is None else number


def parse_date(text: str, year: int | None = None) -> str:
    """An ISO date (``2017-09-13``) from the ways people write one.

    ``year`` completes a date written as month and day only (``9月13日``), as activity dates
    often are in a form for one year.
    """
    value = halfwidth(clean_text(text)).replace(" ", "")
    match = _YMD.match(value) or _COMPACT_YMD.match(value)
    if match:
        y, m, d = int(_cn_year(match["y"])), _part(match["m"]), _part(match["d"])
    elif year is not None and (match := _MD.match(value)):
        y, m, d = year, _part(match["m"]), _part(match["d"])
    else:
        raise Unreadable("W009", f"“{text.strip()}”不是日期")
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        raise Unreadable("W009", f"“{text.strip()}”这一天不存在") from None


_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\Z")
_GROUPED = re.compile(r"[-+]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?\Z")


def parse_number(text: str, integer: bool = False) -> int | float:
    """A number from ``12``, ``12``, ``5,000``, ``12 学时``, ``十二``; ``无`` is 0 for counts."""
    value = compact(text).replace("。", ".")
    if integer and value in ("无", "没有"):
        return 0
    for unit in _UNITS:
        if value.endswith(unit) and len(value) > len(unit):
            value = value[: -len(unit)]
            break
    if _GROUPED.match(value):
        value = value.replace(",", "")
    if _NUMBER.match(value):
        number = float(value)
    else:
        cn = _cn_number(value)
        if cn is None:
            raise Unreadable("W010", f"“{text.strip()}”不是数字")
        number = float(cn)
    if number.is_integer():
        return int(number)
    if integer:
        raise Unreadable("W010", f"“{text.strip()}”应为整数")
    return number


def parse_bool(text: str) -> bool:
    """是/否 and the other ways of saying yes or no."""
    value = compact(text).lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise Unreadable("W011", f"“{text.strip()}”应填“是”或“否”")


def parse_choice(text: str, options: list[str]) -> str:
    """One of ``options``: exact, or the one option it starts (正式 → 正式党员) or ends with."""
    value = compact(text)
    if value in options:
        return value
    starts = [o for o in options if o.startswith(value)] if value else []
    if len(starts) == 1:
        return starts[0]
    ends = [o for o in options if value.endswith(o)]
    if len(ends) == 1:
        return ends[0]
    raise Unreadable(
        "W011", f"“{text.strip()}”不是可选的值", "可选值：" + "、".join(options) + "。"
    )


_LIST_SEPARATORS = re.compile(r"[、,\uff0c;\uff1b\s]+")


def parse_ids(text: str) -> list[str]:
    """Member ids separated by 、 , ; or spaces: ``M01、M02`` → ``["M01", "M02"]``."""
    return [part for part in _LIST_SEPARATORS.split(halfwidth(clean_text(text))) if part]


def parse_code(text: str) -> str:
    """A code or id: half-width, no spaces."""
    return compact(text)


def parse_path(text: str) -> str:
    """An evidence path as written, with Windows and full-width separators made ``/``.

    Other characters stay as they are: a file name must match the file on disk.
    """
    value = clean_text(text).strip()
    for old, new in (("\\", "/"), ("\uff0f", "/"), ("\uff3c", "/"), ("\uff0e", ".")):
        value = value.replace(old, new)
    return unicodedata.normalize("NFC", value)


def parse_paths(text: str) -> list[str]:
    """Evidence paths, one a line (or separated by 、 , ;)."""
    return [p for p in (parse_path(part) for part in _LIST_SEPARATORS.split(text)) if p]
