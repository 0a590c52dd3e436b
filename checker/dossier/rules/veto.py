"""One-vote veto (一票否决): a fact above its maximum zeroes the item and caps the grade."""

from __future__ import annotations

from checker.dossier.facts import FACTS, Context, format_value
from checker.dossier.rules.outcome import ONE, ZERO, Outcome, finding
from checker.dossier.standard import Item, Rule


def evaluate(rule: Rule, item: Item, ctx: Context) -> Outcome:
    name = rule.params["fact"]
    value = ctx.fact(name, rule.params.get("args"))
    if value <= rule.params["max"]:
        return Outcome(ONE)
    reason = f"{FACTS[name].label}为 {format_value(name, value)}，触发一票否决"
    return Outcome(ZERO, [finding(ctx, "P007", reason, ["discipline"])], veto=reason)
