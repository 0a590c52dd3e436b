"""A points ledger for T-01 written the way a secretary writes one, to break in tests.

T-01's roster has M01–M08 (正式党员) and M09 (预备党员, not graded). By default every member
declares what earns the daily part's 80 points, every month is reviewed on the 5th of the
next, every quarter is rated 好 by everyone, and the grading follows from the points with
优秀 cut to a third.
"""

from __future__ import annotations

import calendar
from pathlib import Path

from conftest import Tree

MEMBERS = [f"M0{n}" for n in range(1, 10)]
# What earns the daily part's 80 points in a year: 2+2+2+1+1 = 8 a month, within every cap.
DILIGENT = [("P01", 1), ("P02", 1), ("P31", 1), ("P13", 1), ("P07", 1)]
# 1 + 1 a month: 24 daily points.
IDLE = [("P13", 1), ("P07", 1)]


class Ledger:
    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.folder = tree.year_dir / "points"
        self.folder.mkdir(exist_ok=True)
        self.habits: dict[str, list[tuple[str, int]]] = {m: DILIGENT for m in MEMBERS}
        self.extra: dict[int, list[str]] = {}
        self.reviewed: dict[int, str | None] = {}

    def path(self, name: str) -> Path:
        return self.folder / name

    def month_text(self, month: int) -> str:
        lines = [f"month: 2025-{month:02d}", "declarations:"]
        for member, habits in self.habits.items():
            for standard, count in habits:
                lines.append(
                    f"  - {{member: {member}, standard: {standard}, date: 2025-{month:02d}-10, "
                    f"count: {count}, result: 通过}}"
                )
        lines += self.extra.get(month, [])
        reviewed = self.reviewed.get(month, f"{2025 + month // 12}-{month % 12 + 1:02d}-05")
        if reviewed is not None:
            lines.append(f"reviewed_on: {reviewed}")
        lines.append("reviewed_by: 支部委员会")
        return "\n".join(lines) + "\n"

    def quarter_text(self, quarter: int, ratings: dict[str, str] | None = None) -> str:
        day = calendar.monthrange(2025, 3 * quarter)[1]
        lines = [f"quarter: 2025-Q{quarter}", f"evaluated_on: 2025-{3 * quarter:02d}-{day}"]
        lines.append("tallies:")
        for member in MEMBERS:
            shown = (ratings or {}).get(member, "{好: 12}")
            lines.append(f"  - {{member: {member}, raters: 12, ratings: {shown}}}")
        return "\n".join(lines) + "\n"

    def write(self, grades: dict[str, str] | None = None, not_graded: str = "") -> None:
        for month in range(1, 13):
            self.path(f"2025-{month:02d}.yaml").write_text(self.month_text(month), "utf-8")
        for quarter in range(1, 5):
            self.path(f"2025-Q{quarter}.yaml").write_text(self.quarter_text(quarter), "utf-8")
        self.write_grading(grades, not_graded)

    def write_grading(
        self, grades: dict[str, str] | None = None, not_graded: str = "", align: bool = True
    ) -> None:
        if grades is None:
            grades = {m: "合格" for m in MEMBERS[:8]}
            grades.update({"M01": "优秀", "M03": "优秀"})  # as the roster appraises them
        if align and hasattr(self.tree, "set_member"):  # the roster says what the meeting did
            for member, grade in grades.items():
                self.tree.set_member(member, "appraisal", grade)
        lines = ["year: 2025", "decided_on: 2026-01-16", "grades:"]
        lines += [f"  - {{member: {m}, grade: {g}}}" for m, g in grades.items()]
        lines.append(not_graded.rstrip())
        self.path("grading.yaml").write_text("\n".join(lines) + "\n", "utf-8")
