"""Every month (quarter, half, year) needs at least N records of a type."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from checker.core.periods import every, join_labels, period_of, periods_of
from checker.core.rulekinds import RuleKind
from checker.dossier.facts import Context, plain
from checker.dossier.rules.outcome import RuleVerdict, finding, ratio
from checker.dossier.standard import Item, Rule, Standard


def evaluate(rule: Rule, item: Item, ctx: Context) -> RuleVerdict:
    record_type = rule.params["type"]
    need = int(rule.params["min"])
    kind = rule.params["period"]
    periods = periods_of(kind, ctx.year, until=ctx.reference)
    counts = Counter(period_of(kind, day) for _, _, day in ctx.records(record_type))
    missing = [p for p in periods if counts[p] < need]
    outcome = RuleVerdict(ratio(len(periods) - len(missing), len(periods)))
    if missing:
        what = f"无{record_type}记录" if need == 1 else f"{record_type}记录少于 {need} 次"
        if len(missing) == len(periods) > 1:
            message = f"{ctx.year}年全年{what}"
        else:
            message = f"{join_labels(missing)}{what}"
        outcome.findings.append(
            finding(
                ctx,
                "P001",
                f"{message}（应有 {len(periods)} 个周期，缺 {len(missing)} 个）",
                ["activities"],
            )
        )
    return outcome


def describe(p: Mapping[str, Any], standard: Standard) -> str:
    period = every(str(p.get("period")))
    return (
        f"{period}至少开展 {plain(p.get('min', 1))} 次{p.get('type', '')}，"
        "按达到要求的周期所占比例得分，缺少的周期逐一列出。"
    )


KIND = RuleKind(
    "period_count",
    evaluate,
    describe,
    params=("type", "period", "min"),
    required=("type", "period", "min"),
    codes=("P001",),
    label=lambda p, standard: f"{every(str(p.get('period')))}{p.get('type', '')}",
)
