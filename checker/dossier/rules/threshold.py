"""A fact must reach a minimum or stay under a maximum, with optional proportional credit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from checker.core.rulekinds import RuleKind
from checker.dossier.facts import FACTS, Context, args_text, fact_label, format_value, show_value
from checker.dossier.rules.outcome import (
    ONE,
    ZERO,
    RuleVerdict,
    absence_noted,
    finding,
    ratio,
    without_data,
)
from checker.dossier.standard import Item, Rule, Standard


def evaluate(rule: Rule, item: Item, ctx: Context) -> RuleVerdict:
    name = rule.params["fact"]
    args = rule.params.get("args") or {}
    gap = without_data(ctx, name, args)
    if gap is not None:
        return gap
    return absence_noted(ctx, name, _judge(rule, name, args, ctx))


def _judge(rule: Rule, name: str, args: dict, ctx: Context) -> RuleVerdict:
    value = ctx.fact(name, args)
    low = rule.params.get("min")
    high = rule.params.get("max")
    proportional = rule.params.get("partial") == "proportional"
    if low is not None and value < low:
        fraction = ratio(value, low) if proportional else ZERO
        wanted = f"要求不低于 {format_value(name, low)}"
    elif high is not None and value > high:
        fraction = ratio(high, value) if proportional else ZERO
        wanted = f"要求不超过 {format_value(name, high)}"
    else:
        return RuleVerdict(ONE)
    spec = FACTS[name]
    if spec.failed:  # a yes/no fact: say what is not met and why, not "0, wanted 1"
        message = f"{spec.failed}（{ctx.detail(name, args)}）"
    else:
        message = f"{spec.label}为 {format_value(name, value)}，{wanted}"
        detail = ctx.detail(name, args)
        if detail:
            message += f"；{detail}"
    return RuleVerdict(fraction, [finding(ctx, "P003", message, list(spec.where))])


def describe(p: Mapping[str, Any], standard: Standard) -> str:
    fact = str(p.get("fact", ""))
    args = p.get("args") or {}
    spec = FACTS.get(fact)
    if spec is not None and spec.requirement is not None:
        return spec.requirement(args)
    bounds = []
    if p.get("min") is not None:
        bounds.append(f"不低于 {show_value(fact, p['min'])}")
    if p.get("max") is not None:
        bounds.append(f"不超过 {show_value(fact, p['max'])}")
    tail = "，未达到时按比例得分" if p.get("partial") == "proportional" else "，未达到不得分"
    return f"{fact_label(fact)}{args_text(args)}{'、'.join(bounds)}{tail}。"


KIND = RuleKind(
    "threshold",
    evaluate,
    describe,
    params=("fact", "args", "min", "max", "partial"),
    required=("fact",),
    codes=("P003", "P013", "P014"),
    label=lambda p, standard: fact_label(str(p.get("fact", ""))),
)
