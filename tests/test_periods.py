"""The judging day and the default today: one function each, in checker.core.periods."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from checker.core.periods import default_today, judging_day

CHECKER = Path(__file__).resolve().parent.parent / "checker"
OWNER = CHECKER / "core" / "periods.py"


def test_a_past_year_is_judged_at_its_last_day() -> None:
    assert judging_day(2024, date(2026, 3, 5)) == date(2024, 12, 31)


def test_the_year_in_progress_is_judged_today() -> None:
    assert judging_day(2026, date(2026, 3, 5)) == date(2026, 3, 5)
    assert judging_day(2026, date(2026, 12, 31)) == date(2026, 12, 31)


def test_a_future_year_is_judged_today() -> None:
    assert judging_day(2027, date(2026, 3, 5)) == date(2026, 3, 5)


def test_the_default_today_is_the_given_day_else_the_calendars() -> None:
    assert default_today(date(2020, 1, 2)) == date(2020, 1, 2)
    before = date.today()
    assert before <= default_today() <= date.today()
    assert before <= default_today(None) <= date.today()


def test_no_other_module_chooses_today_or_the_year_end() -> None:
    pattern = re.compile(r"date\.today\b|\b12,\s*31\b")
    others = [
        f"{path.relative_to(CHECKER.parent)}:{number}"
        for path in sorted(CHECKER.rglob("*.py"))
        if path != OWNER
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert others == [], "use checker.core.periods.judging_day / default_today"
