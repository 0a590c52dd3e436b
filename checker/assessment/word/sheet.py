"""What reading a filled committee sheet (民主测评统计表, 互评汇总表) can end in: refused
whole, or read with problems at their cells, all listed at once."""

from __future__ import annotations

from dataclasses import dataclass


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
