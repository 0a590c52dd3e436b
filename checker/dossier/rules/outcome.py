"""What a rule returns, and the helper every rule uses to place its findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from checker.core.findings import Finding, pointer
from checker.dossier.facts import FACTS, SECTION_NAMES, Context, empty_section

ONE = Decimal(1)
ZERO = Decimal(0)


@dataclass(slots=True)
class RuleVerdict:
    """What one rule kind decides about one item: the share of its points, why, and whose
    claim decided it."""

    fraction: Decimal
    findings: list[Finding] = field(default_factory=list)
    source: str = "auto"  # auto: the data decides; self: only the branch's own claim does
    veto: str | None = None


def finding(ctx: Context, code: str, message: str, parts: list, hint: str = "") -> Finding:
    line, column = ctx.locate(parts)
    return Finding(code, message, ctx.file, line, column, pointer(parts), hint)


def ratio(earned: int | float, wanted: int | float) -> Decimal:
    if wanted <= 0:
        return ONE
    return max(ZERO, min(ONE, Decimal(str(earned)) / Decimal(str(wanted))))


def without_data(ctx: Context, fact: str, args: dict) -> RuleVerdict | None:
    """No points when the part of the dossier a fact is computed from is empty: an empty
    roster must not pass "at most 50 members" (P013), nor a share of nobody pass "at most a
    third". None when there is data, or when an empty part is a true absence
    (``absent_means_none``: see ``absence_noted``)."""
    section = empty_section(ctx, fact)
    spec = FACTS[fact]
    if section is None and spec.population is not None and not spec.population(ctx, args):
        message = f"没有{spec.population_label}，无法判断“{spec.label}”，不得分"
        return RuleVerdict(ZERO, [finding(ctx, "P013", message, list(spec.where))])
    if section is None or spec.absent_means_none:
        return None
    message = f"没有{SECTION_NAMES.get(section, section)}，无法判断“{spec.label}”，不得分"
    return RuleVerdict(ZERO, [finding(ctx, "P013", message, [section])])


def absence_noted(ctx: Context, fact: str, verdict: RuleVerdict) -> RuleVerdict:
    """A true absence left unfilled counts as none, and the item says so (P014)."""
    section = empty_section(ctx, fact)
    if section is not None and FACTS[fact].absent_means_none:
        message = f"未填写{FACTS[fact].label}，按没有问题计分"
        verdict.findings.append(finding(ctx, "P014", message, [section]))
    return verdict
