"""Meetings of a type need more than half of those entitled present."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from checker.core.periods import official_date
from checker.core.rulekinds import RuleKind
from checker.dossier.facts import FACTS, Context, fact_label
from checker.dossier.rules.outcome import ZERO, RuleVerdict, finding, ratio
from checker.dossier.standard import Item, Rule, Standard


def evaluate(rule: Rule, item: Item, ctx: Context) -> RuleVerdict:
    record_type = rule.params["type"]
    base_fact = rule.params["base"]
    entitled = int(ctx.fact(base_fact))
    records = ctx.records(record_type)
    if not records:  # no meeting, no quorum; the period rule of the item says what is missing
        return RuleVerdict(ZERO)
    if entitled <= 0:  # nobody entitled on the roster: no way to tell whether half came
        label = FACTS[base_fact].label
        message = f"{label}为 0，无法判断{record_type}到会是否过半，不得分"
        return RuleVerdict(ZERO, [finding(ctx, "P013", message, list(FACTS[base_fact].where))])
    short = []
    for index, record, day in records:
        present = record.get("present")
        # The roster is the year-end one; a meeting before a mid-year change recorded its own
        # head count, so the smaller of the two is what the meeting had to exceed half of.
        needed = min(entitled, record.get("expected") or entitled)
        if present is None or present * 2 <= needed:
            short.append((index, record, day))
    outcome = RuleVerdict(ratio(len(records) - len(short), len(records)))
    for index, record, day in short:
        present = record.get("present")
        said = "未记录实到人数" if present is None else f"实到 {present} 人"
        needed = min(entitled, record.get("expected") or entitled)
        outcome.findings.append(
            finding(
                ctx,
                "P002",
                f"{official_date(day)}的{record_type}{said}，"
                f"未超过应到 {needed} 人（{FACTS[base_fact].label}）的半数",
                ["activities", index, "present" if present is not None else "type"],
            )
        )
    return outcome


def describe(p: Mapping[str, Any], standard: Standard) -> str:
    base = fact_label(str(p.get("base", ""))).removesuffix("人数")
    return f"每次{p.get('type', '')}须有过半数{base}到会，按到会过半的会议所占比例得分。"


KIND = RuleKind(
    "quorum",
    evaluate,
    describe,
    params=("type", "base"),
    required=("type", "base"),
    codes=("P002", "P013"),
    label=lambda p, standard: f"{p.get('type', '')}到会过半",
)
