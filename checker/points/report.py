"""`checker points` in words: each member's year as the sum of its parts, the months, and
every point not counted with its reason. Members appear by id only, never by name."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from checker.core.cleantext import markdown as markdown_cell
from checker.core.codes import LEVEL_NAMES
from checker.points.results import LedgerResult, MemberYear, number


def _sum_line(year: MemberYear) -> str:
    terms = []
    for index, part in enumerate(year.parts):
        sign = "−" if part.sign < 0 else ("" if index == 0 else "+")
        terms.append(f"{sign} {part.name} {number(part.points)}".strip())
    return " ".join(terms) + f" = {number(year.total)} 分"


def _grade_words(year: MemberYear) -> str:
    if year.not_graded is not None or year.excused is not None:
        return "不参加定级"
    words = f"按积分为“{year.grade}”" + ("（一票否决）" if year.vetoed else "")
    if year.decided is not None:
        words += f"，定级“{year.decided}”"
    return words


def text_lines(result: LedgerResult, month: int | None = None) -> Iterator[str]:
    yield f"{result.branch} {result.year} 年度党员积分（{result.file}）"
    for year in result.members:
        if month is not None:
            yield from _month_lines(year, month)
            continue
        yield f"  {year.member}：{_sum_line(year)}；{_grade_words(year)}"
        for lost in year.lost:
            if lost.points > 0:
                yield f"    - 不计 {number(lost.points)} 分：{lost.message}"
    if month is None:
        yield f"  合计：{_counts(result)}"
    for finding in result.findings:
        place = f"{finding.file}:{finding.line}:{finding.column}"
        yield f"{place}: {finding.code} {LEVEL_NAMES[finding.level]} {finding.message}"


def _counts(result: LedgerResult) -> str:
    """按积分 and 定级 counts per grade, in the order grades first appear."""
    by_points: dict[str, int] = {}
    decided: dict[str, int] = {}
    excused = 0
    for year in result.members:
        if not year.months_in_branch:
            continue
        if year.not_graded is not None or year.excused is not None:
            excused += 1
            continue
        by_points[year.grade] = by_points.get(year.grade, 0) + 1
        if year.decided is not None:
            decided[year.decided] = decided.get(year.decided, 0) + 1

    def words(counts: dict[str, int]) -> str:
        order = [g for g in result.grades if g in counts] + [
            g for g in counts if g not in result.grades
        ]
        return "，".join(f"{g} {counts[g]} 人" for g in order) or "无"

    tail = f"；不参加定级 {excused} 人" if excused else ""
    return f"按积分 {words(by_points)}；定级 {words(decided)}{tail}"


def _month_lines(year: MemberYear, month: int) -> Iterator[str]:
    entry = next((m for m in year.months if m.month == month), None)
    if entry is None:
        yield f"  {year.member}：{month} 月不在本支部"
        return
    yield (
        f"  {year.member}：{month} 月申报 {number(entry.declared)} 分，审核通过 "
        f"{number(entry.reviewed)} 分，计入 {number(entry.counted)} 分"
    )
    for lost in year.lost:
        if lost.month == month and lost.points > 0:
            yield f"    - 不计 {number(lost.points)} 分：{lost.message}"


def markdown_lines(result: LedgerResult) -> Iterator[str]:
    yield f"## {markdown_cell(result.branch)} {result.year} 年度党员积分"
    yield ""
    names = [p.name for p in result.members[0].parts] if result.members else []
    yield "| 党员 | " + " | ".join(map(markdown_cell, names)) + " | 总分 | 按积分 | 定级 |"
    yield "|---|" + "---:|" * len(names) + "---:|---|---|"
    for year in result.members:
        cells = [_signed(p.points, p.sign) for p in year.parts]
        decided = "不参加定级" if year.not_graded or year.excused else (year.decided or "—")
        yield (
            f"| {markdown_cell(year.member)} | "
            + " | ".join(cells)
            + f" | {number(year.total)} | {markdown_cell(year.grade)} | {markdown_cell(decided)} |"
        )
    yield ""


def _signed(points: Decimal, sign: int) -> str:
    return f"−{number(points)}" if sign < 0 and points else str(number(points))
