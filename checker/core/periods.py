"""Periods of an assessment year (months, quarters, halves, the year) and their Chinese names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

_QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")
_HALVES = ("上半年", "下半年")
_SIZE = {"month": 1, "quarter": 3, "half": 6, "year": 12}
# The name of one period of a kind, as in 每月 or 每季度 (the standard writes the kind).
PERIOD_NAMES = {"month": "月", "quarter": "季度", "half": "半年", "year": "年"}


@dataclass(frozen=True, slots=True)
class Period:
    kind: str
    year: int
    index: int  # 0-based within the year

    @property
    def first_month(self) -> int:
        return self.index * _SIZE[self.kind] + 1

    @property
    def start(self) -> date:
        return date(self.year, self.first_month, 1)

    def label(self, with_year: bool = True) -> str:
        prefix = f"{self.year}年" if with_year else ""
        if self.kind == "month":
            return f"{prefix}{self.index + 1}月"
        if self.kind == "quarter":
            return f"{prefix}{_QUARTERS[self.index]}"
        if self.kind == "half":
            return f"{prefix}{_HALVES[self.index]}"
        return f"{self.year}年"


def periods_of(kind: str, year: int, until: date | None = None) -> list[Period]:
    """The periods of ``kind`` in ``year`` that have started by ``until`` (all when None)."""
    periods = [Period(kind, year, i) for i in range(per_year(kind))]
    if until is not None:
        periods = [p for p in periods if p.start <= until]
    return periods


def per_year(kind: str) -> int:
    """How many periods of ``kind`` a year has (12 months, 4 quarters …)."""
    return 12 // _SIZE[kind]


def every(kind: str) -> str:
    """`每季度`: once in each period of ``kind``; an unknown kind is shown as written."""
    return f"每{PERIOD_NAMES[kind]}" if kind in PERIOD_NAMES else kind


def period_of(kind: str, day: date) -> Period:
    return Period(kind, day.year, (day.month - 1) // _SIZE[kind])


def join_labels(periods: list[Period]) -> str:
    """`2017年3月、7月`: the year once, then the periods joined by 、."""
    if not periods:
        return ""
    if periods[0].kind == "year":
        return periods[0].label()
    first, *rest = periods
    return "、".join([first.label(), *(p.label(with_year=False) for p in rest)])


def year_end(year: int) -> date:
    """The last day of ``year``: when its yearly records (the grading, the review) are due."""
    return date(year, 12, 31)


def judging_day(year: int, today: date) -> date:
    """The day content of ``year`` is judged at: 31 December, or today for a year in progress."""
    return min(year_end(year), today)


def default_today(given: date | None = None) -> date:
    """``given`` (``--today``, the plugin's ``today``), else the calendar's today."""
    return given if given is not None else date.today()


def official_date(day: date) -> str:
    """Dates in official text carry no zero padding: 2017年9月13日."""
    return f"{day.year}年{day.month}月{day.day}日"
