"""A branch's history as text, Markdown or a JSON document: the outputs of `checker history`.

Per year: the table of points (date, commit, total, grade, subject) and the trend of every
item whose score changed, plus the total. Reads HistoryPoint objects only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from checker.core.columns import pad as _pad
from checker.core.columns import width as _width
from checker.dossier.history import HistoryPoint, by_year, changes, trend
from checker.dossier.report.markdown import cell
from checker.dossier.report.text import number

WORKTREE_SHORT = "工作区"


def _short(point: HistoryPoint) -> str:
    return point.short or WORKTREE_SHORT


def _grade(point: HistoryPoint) -> str:
    if not point.scored:
        return "无法评分"
    return f"{point.grade}（否决）" if point.vetoed else point.grade


def _subject(point: HistoryPoint) -> str:
    return f"{point.subject}（{point.note}）" if point.note else point.subject


def _total(point: HistoryPoint) -> str:
    return number(point.total) if point.scored else "—"


def _heading(branch: str, points: Sequence[HistoryPoint], year: int) -> str:
    name = next((p.name for p in reversed(points) if p.name), "")
    return f"{branch} {name} {year}年度" if name else f"{branch} {year}年度"


def _series(values: Sequence[Decimal | None], points: Sequence[HistoryPoint]) -> str:
    """`3 → 2.8（5d6e7f8）→ 3（9a8b7c6）`: the first value, then each change and where."""

    def shown(value: Decimal | None) -> str:
        return "无法评分" if value is None else number(value)

    text = shown(values[0])
    for value, before, point in zip(values[1:], values, points[1:], strict=False):
        if value != before:
            arrow = "→ " if text.endswith("）") else " → "  # no space after a full-width mark
            text += f"{arrow}{shown(value)}（{_short(point)}）"
    return text


def _latest_max(points: Sequence[HistoryPoint]) -> Decimal:
    return next((p.max for p in reversed(points) if p.scored), Decimal(0))


def history_text(branch: str, points: Sequence[HistoryPoint]) -> Iterable[str]:
    """Lines for a terminal; one block per year, a blank line between blocks."""
    for index, (year, of_year) in enumerate(by_year(points).items()):
        if index:
            yield ""
        yield f"{_heading(branch, of_year, year)}：{len(of_year)} 个版本"
        header = ["日期", "提交", "总分", "等次", "说明"]
        rows = [[p.date[:10] or "—", _short(p), _total(p), _grade(p), _subject(p)] for p in of_year]
        widths = [max(_width(r[c]) for r in [header, *rows]) for c in range(4)]
        for row in [header, *rows]:
            cells = [_pad(text, width) for text, width in zip(row, widths, strict=False)]
            yield "  " + "  ".join([*cells, row[4]])
        changed = trend(of_year)
        totals = [p.total if p.scored else None for p in of_year]
        if not changed and len(set(totals)) < 2:
            yield "  各版本得分相同。"
            continue
        yield "  得分变化（只列有变化的条目）："
        for item in changed:
            line = _series(item.scores, of_year)
            yield f"    {item.id} {item.title}（满分 {number(item.max)}）：{line}"
        line = _series(totals, of_year)
        yield f"    总分（满分 {number(_latest_max(of_year))}）：{line}"


def history_markdown(branch: str, points: Sequence[HistoryPoint]) -> Iterable[str]:
    """A heading, the table of points and the table of changed items, per year."""
    for year, of_year in by_year(points).items():
        yield f"## {cell(_heading(branch, of_year, year))}"
        yield ""
        yield "| 日期 | 提交 | 说明 | 总分 | 等次 |"
        yield "|---|---|---|---:|---|"
        for p in of_year:
            commit = f"`{p.short}`" if p.short else WORKTREE_SHORT
            yield (
                f"| {p.date[:10] or '—'} | {commit} | {cell(_subject(p))} "
                f"| {_total(p)} | {_grade(p)} |"
            )
        yield ""
        columns = [f"`{p.short}`" if p.short else WORKTREE_SHORT for p in of_year]
        yield "| 条目 | 满分 | " + " | ".join(columns) + " |"
        yield "|---|---:|" + "---:|" * len(of_year)

        def row(values: Sequence[Decimal | None]) -> str:
            return " | ".join("—" if v is None else number(v) for v in values)

        for item in trend(of_year):
            title = cell(f"{item.id} {item.title}")
            yield f"| {title} | {number(item.max)} | {row(item.scores)} |"
        totals = [p.total if p.scored else None for p in of_year]
        yield f"| **总分** | {number(_latest_max(of_year))} | {row(totals)} |"
        yield ""


def history_document(
    branch: str, points: Sequence[HistoryPoint], *, standard: str, today: str
) -> dict:
    """The JSON document: per year the points (with each point's item changes), the trend
    of the changed items and the totals. Same input, same bytes."""
    years = []
    for year, of_year in by_year(points).items():
        deltas = changes(of_year)
        years.append(
            {
                "year": year,
                "points": [
                    {**p.to_dict(), "changes": {k: float(v) for k, v in d.items()}}
                    for p, d in zip(of_year, deltas, strict=True)
                ],
                "trend": [item.to_dict() for item in trend(of_year)],
                "totals": [float(p.total) if p.scored else None for p in of_year],
            }
        )
    return {"branch": branch, "standard": standard, "today": today, "years": years}
