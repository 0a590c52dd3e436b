"""The branch committee's term must not have expired by the day the dossier is judged."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from checker.core.periods import official_date
from checker.core.rulekinds import RuleKind
from checker.dossier.facts import Context
from checker.dossier.rules.outcome import ONE, ZERO, RuleVerdict, finding
from checker.dossier.standard import Item, Rule, Standard


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def evaluate(rule: Rule, item: Item, ctx: Context) -> RuleVerdict:
    committee = ctx.data.get("committee") or {}
    if not committee.get("elected_on"):
        message = "未填写本届支部委员会的选举日期 `committee.elected_on`"
        return RuleVerdict(ZERO, [finding(ctx, "P010", message, ["committee"])])
    try:
        elected = date.fromisoformat(committee["elected_on"])  # the schema checked the format
    except ValueError:  # year 0000 passes JSON Schema's format but is no date (reported as S005)
        message = f"本届支部委员会的选举日期 {committee['elected_on']} 不存在"
        return RuleVerdict(ZERO, [finding(ctx, "P010", message, ["committee", "elected_on"])])
    years = int(
        committee.get("term_years")
        or rule.params.get("years")
        or ctx.settings.get("committee_term_years", 3)
    )
    try:
        expires = add_years(elected, years)
    except ValueError:  # past the year 9999: far from expired (a future date is D002)
        return RuleVerdict(ONE)
    if expires >= ctx.reference:
        return RuleVerdict(ONE)
    message = (
        f"本届支部委员会于{official_date(elected)}选举产生，任期 {years} 年，"
        f"已于{official_date(expires)}届满，未见换届"
    )
    return RuleVerdict(ZERO, [finding(ctx, "P010", message, ["committee", "elected_on"])])


def describe(p: Mapping[str, Any], standard: Standard) -> str:
    years = p.get("years") or standard.settings.get("committee_term_years", 3)
    return f"支部委员会任期（{years} 年）未届满；届满未换届的不得分。"


KIND = RuleKind(
    "term",
    evaluate,
    describe,
    params=("years",),
    required=(),
    codes=("P010",),
    label=lambda p, standard: "按期换届",
)
