"""An item needs at least N valid evidence files of allowed types."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from checker.core.rulekinds import RuleKind
from checker.dossier.facts import Context, plain
from checker.dossier.rules.outcome import RuleVerdict, finding, ratio
from checker.dossier.standard import Item, Rule, Standard


def count_valid(ctx: Context, item: Item, types: list[str] | None) -> int:
    allowed = tuple(types) if types else None
    cited = ctx.item_entry(item.id).get("evidence") or []
    return sum(1 for path in dict.fromkeys(cited) if ctx.evidence_ok(path, allowed))


def type_names(types: list[str] | None) -> str:
    return "/".join(t.upper() for t in types) if types else "任意允许的类型"


def evaluate(rule: Rule, item: Item, ctx: Context) -> RuleVerdict:
    need = int(rule.params["min"])
    types = rule.params.get("types")
    have = count_valid(ctx, item, types)
    outcome = RuleVerdict(ratio(have, need))
    if have < need:
        outcome.findings.append(
            finding(
                ctx,
                "P004",
                f"有效佐证材料 {have} 份，要求至少 {need} 份（{type_names(types)}）",
                ["items", item.id] if ctx.item_entry(item.id) else ["items"],
                hint=f"应有：{item.evidence_hint}。" if item.evidence_hint else "",
            )
        )
    return outcome


def describe(p: Mapping[str, Any], standard: Standard) -> str:
    types = "、".join(t.upper() for t in p.get("types") or []) or "任意允许的类型"
    return f"须有至少 {plain(p.get('min', 1))} 份有效佐证材料（{types}）。"


KIND = RuleKind(
    "evidence",
    evaluate,
    describe,
    params=("min", "types"),
    required=("min",),
    codes=("P004",),
    label=lambda p, standard: "佐证材料",
)
