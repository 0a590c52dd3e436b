"""The standard's rules in plain Chinese, generated from the rule data (never hand-written)."""

from __future__ import annotations

from decimal import Decimal

from checker.dossier.facts import FACTS, format_value
from checker.dossier.standard import Item, Rule, Standard

PERIODS = {"month": "每月", "quarter": "每季度", "half": "每半年", "year": "每年"}
SOURCES = {
    "auto": ("自动", "由台账数据自动计算"),
    "self": ("自评", "依据支部自评，受佐证材料限制"),
    "review": ("核定", "督导组核定，覆盖自评分和自动计分"),
}


def _plain(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _fact_name(fact: str) -> str:
    spec = FACTS.get(fact)
    return spec.label if spec else fact


def describe_rule(rule: Rule, standard: Standard) -> str:
    """One sentence saying what a rule asks for and how it scores."""
    p = rule.params
    kind = rule.kind
    if kind == "period_count":
        period = PERIODS.get(str(p.get("period")), str(p.get("period")))
        return (
            f"{period}至少开展 {_plain(p.get('min', 1))} 次{p.get('type', '')}，"
            "按达到要求的周期所占比例得分，缺少的周期逐一列出。"
        )
    if kind == "quorum":
        base = _fact_name(str(p.get("base", ""))).removesuffix("人数")
        return f"每次{p.get('type', '')}须有过半数{base}到会，按到会过半的会议所占比例得分。"
    if kind == "threshold":
        fact = str(p.get("fact", ""))
        label = _fact_name(fact)
        args = p.get("args") or {}
        if fact == "committee_fits":
            return (
                f"正式党员 {args.get('committee_from', 7)} 人以上的设支部委员会"
                f"（{args.get('committee_min', 3)} 至 {args.get('committee_max', 7)} 人），"
                "不足的设书记。"
            )
        detail = ""
        if "hours" in args:
            detail = f"（每人不少于 {args['hours']} 学时）"
        elif "months" in args:
            detail = f"（{args['months']} 个月）"
        elif "types" in args:
            detail = "(" + "、".join(args["types"]) + ")"
        parts = []
        if p.get("min") is not None:
            parts.append(f"不低于 {_value(fact, p['min'])}")
        if p.get("max") is not None:
            parts.append(f"不超过 {_value(fact, p['max'])}")
        tail = "，未达到时按比例得分" if p.get("partial") == "proportional" else "，未达到不得分"
        return f"{label}{detail}{'、'.join(parts)}{tail}。"
    if kind == "evidence":
        types = "、".join(t.upper() for t in p.get("types") or []) or "任意允许的类型"
        return f"须有至少 {_plain(p.get('min', 1))} 份有效佐证材料（{types}）。"
    if kind == "term":
        years = p.get("years") or standard.settings.get("committee_term_years", 3)
        return f"支部委员会任期（{years} 年）未届满；届满未换届的不得分。"
    if kind == "self_assessed":
        cap = p.get("cap_without_evidence", 0.5)
        types = p.get("evidence_types")
        kinds = ("(" + "、".join(t.upper() for t in types) + ")") if types else ""
        return (
            f"按支部自评分计；没有至少 {_plain(p.get('evidence_min', 1))} 份佐证材料{kinds}的，"
            f"最多计入满分的 {float(cap) * 100:.0f}%。"
        )
    if kind == "veto":
        fact = str(p.get("fact", ""))
        return (
            f"{_fact_name(fact)}超过 {_value(fact, p.get('max', 0))} 的，该条目不得分，"
            f"并一票否决，等次评为{standard.veto_grade}。"
        )
    return f"按规则 {kind} 计分。"


def _value(fact: str, value: object) -> str:
    if fact in FACTS and isinstance(value, int | float):
        return format_value(fact, float(value))
    return _plain(value)


def describe_item(item: Item, standard: Standard) -> list[tuple[str, str]]:
    """(weight share, sentence) for each rule of an item."""
    total = sum((r.weight for r in item.rules), Decimal(0))
    rows = []
    for rule in item.rules:
        share = f"{rule.weight / total * 100:.0f}%" if total else ""
        rows.append((share, describe_rule(rule, standard)))
    return rows
