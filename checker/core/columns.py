"""Text in columns on a terminal, where a Chinese character takes two columns, not one."""

from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    """Columns ``text`` takes on a terminal: wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, columns: int) -> str:
    """``text`` followed by spaces up to ``columns`` columns."""
    return text + " " * max(0, columns - width(text))


def table(rows: list[list[str]], indent: str = "  ") -> list[str]:
    """Rows of cells lined up, two spaces between columns; the last cell is not padded."""
    if not rows:
        return []
    widths = [max(width(row[c]) for row in rows) for c in range(len(rows[0]) - 1)]
    return [
        indent + "  ".join([*(pad(t, w) for t, w in zip(row, widths, strict=False)), row[-1]])
        for row in rows
    ]
