"""A fact must reach a minimum or stay under a maximum, with optional proportional credit."""

from __future__ import annotations

from checker.dossier.facts import FACTS, Context, format_value
from checker.dossier.rules.outcome import ONE, ZERO, Outcome, finding, ratio
from checker.dossier.standard import Item, Rule


def evaluate(rule: Rule, item: Item, ctx: Context) -> Outcome:
    name = rule.params["fact"]
    args = rule.params.get("args") or {}
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
        return Outcome(ONE)
    label = FACTS[name].label
    if name == "committee_fits":
        message = f"{label.replace('符合', '不符合')}（{ctx.detail(name, args)}）"
    else:
        message = f"{label}为 {format_value(name, value)}，{wanted}"
        detail = ctx.detail(name, args)
        if detail:
            message += f"；{detail}"
    return Outcome(fraction, [finding(ctx, "P003", message, _where(name))])


def _where(fact: str) -> list:
    if fact in ("discipline_violations",):
        return ["discipline"]
    if fact == "funds_budget":
        return ["funds"]
    if fact in ("minutes_share", "talk_coverage", "secretary_lectures", "records"):
        return ["activities"]
    if fact == "party_groups":
        return ["party_groups"]
    return ["members"]
