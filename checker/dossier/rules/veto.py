"""One-vote veto (一票否决): a fact above its maximum zeroes the item and caps the grade."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from checker.core.rulekinds import RuleKind
from checker.dossier.facts import FACTS, Context, fact_label, format_value, show_value
from checker.dossier.rules.outcome import (
    ONE,
    ZERO,
    RuleVerdict,
    absence_noted,
    finding,
    without_data,
)
from checker.dossier.standard import Item, Rule, Standard


def evaluate(rule: Rule, item: Item, ctx: Context) -> RuleVerdict:
    name = rule.params["fact"]
    args = rule.params.get("args") or {}
    gap = without_data(ctx, name, args)
    if gap is not None:
        return gap
    value = ctx.fact(name, args)
    if value <= rule.params["max"]:
        return absence_noted(ctx, name, RuleVerdict(ONE))
    spec = FACTS[name]
    reason = f"{spec.label}为 {format_value(name, value)}，触发一票否决"
    return RuleVerdict(ZERO, [finding(ctx, "P007", reason, list(spec.where))], veto=reason)


def describe(p: Mapping[str, Any], standard: Standard) -> str:
    fact = str(p.get("fact", ""))
    return (
        f"{fact_label(fact)}超过 {show_value(fact, p.get('max', 0))}的，该条目不得分，"
        f"并一票否决，等次评为{standard.veto_grade}。"
    )


KIND = RuleKind(
    "veto",
    evaluate,
    describe,
    params=("fact", "args", "max"),
    required=("fact", "max"),
    codes=("P007", "P013", "P014"),
    label=lambda p, standard: f"{fact_label(str(p.get('fact', '')))}（一票否决）",
)
