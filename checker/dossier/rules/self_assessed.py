"""Qualitative items: the branch's self-score, capped when the evidence behind it is short."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from checker.core.rulekinds import RuleKind
from checker.dossier.facts import Context, plain
from checker.dossier.rules.evidence import count_valid, type_names
from checker.dossier.rules.outcome import ZERO, RuleVerdict, finding, ratio
from checker.dossier.standard import Item, Rule, Standard


def evaluate(rule: Rule, item: Item, ctx: Context) -> RuleVerdict:
    entry = ctx.item_entry(item.id)
    claimed = entry.get("self_score")
    if claimed is None:
        return RuleVerdict(
            ZERO,
            [finding(ctx, "P006", f"条目 {item.id}“{item.title}”未填写自评分", ["items"])],
            source="self",
        )
    fraction = ratio(claimed, item.points)
    need = int(rule.params.get("evidence_min", 1))
    types = rule.params.get("evidence_types")
    have = count_valid(ctx, item, types)
    cap = Decimal(str(rule.params.get("cap_without_evidence", 0.5)))
    outcome = RuleVerdict(fraction, source="self")
    if have < need and fraction > cap:
        outcome.fraction = cap
        outcome.findings.append(
            finding(
                ctx,
                "P005",
                f"自评 {claimed} 分，但有效佐证材料只有 {have} 份（要求 {need} 份，"
                f"{type_names(types)}），最多计 {cap * 100:.0f}%",
                ["items", item.id, "self_score"],
                hint=f"应有：{item.evidence_hint}。" if item.evidence_hint else "",
            )
        )
    elif fraction < 1:
        # Every point lost has a reason, even when the reason is the branch's own judgement.
        outcome.findings.append(
            finding(
                ctx,
                "P012",
                f"支部自评 {claimed} 分（满分 {item.points} 分），按自评计分",
                ["items", item.id, "self_score"],
            )
        )
    return outcome


def describe(p: Mapping[str, Any], standard: Standard) -> str:
    cap = p.get("cap_without_evidence", 0.5)
    types = p.get("evidence_types")
    kinds = ("(" + "、".join(t.upper() for t in types) + ")") if types else ""
    return (
        f"按支部自评分计；没有至少 {plain(p.get('evidence_min', 1))} 份佐证材料{kinds}的，"
        f"最多计入满分的 {float(cap) * 100:.0f}%。"
    )


KIND = RuleKind(
    "self_assessed",
    evaluate,
    describe,
    params=("evidence_min", "evidence_types", "cap_without_evidence"),
    required=(),
    codes=("P005", "P006", "P012"),
    label=lambda p, standard: "支部自评",
)
