"""A badge as a standalone SVG file, for a reader to put on their own pages: a grey label on
the left, a coloured value on the right, as OpenSSF's and CLOMonitor's badges look.

Static: no script, no link, no external font (the system's sans-serif), no request. Every
piece of text is escaped. Accessible: ``role="img"`` with a ``<title>`` that says in full
what the badge shows. Widths are estimated from the characters (CJK full width, Latin about
0.6 em), as there is no font to measure with; the text never overflows its box.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from html import escape

HEIGHT = 20
FONT_SIZE = 12
PAD = 6
LABEL_FILL = "#3d4450"
FONT = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"


def text_width(text: str, size: int = FONT_SIZE) -> float:
    """An upper estimate of the rendered width of ``text`` in px."""
    width = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            width += size
        elif char == " ":
            width += size * 0.33
        else:
            width += size * 0.62
    return width


@dataclass(frozen=True, slots=True)
class Badge:
    label: str  # left: 标准化
    value: str  # right: 达标 86.5
    title: str  # what it says in full, for screen readers and tooltips
    fill: str  # the value's background, a colour white text reads on (4.5:1 or better)


def badge_svg(badge: Badge) -> str:
    """The badge as an SVG document (text, UTF-8 when written)."""
    left = round(text_width(badge.label) + 2 * PAD)
    right = round(text_width(badge.value) + 2 * PAD)
    width = left + right
    baseline = HEIGHT - 6
    label, value, title = (escape(t, quote=True) for t in (badge.label, badge.value, badge.title))
    fill = escape(badge.fill, quote=True)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'width="{width}" height="{HEIGHT}" viewBox="0 0 {width} {HEIGHT}" '
        f'role="img" aria-label="{title}">'
        f"<title>{title}</title>"
        f'<rect width="{left}" height="{HEIGHT}" fill="{LABEL_FILL}"/>'
        f'<rect x="{left}" width="{right}" height="{HEIGHT}" fill="{fill}"/>'
        f'<g fill="#fff" font-family="{FONT}" font-size="{FONT_SIZE}" '
        'text-anchor="middle">'
        f'<text x="{left / 2:g}" y="{baseline}">{label}</text>'
        f'<text x="{left + right / 2:g}" y="{baseline}">{value}</text>'
        "</g></svg>\n"
    )


__all__ = ["Badge", "badge_svg", "text_width"]
