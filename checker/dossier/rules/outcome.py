"""What a rule returns, and the helper every rule uses to place its findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from checker.core.findings import Finding, pointer
from checker.dossier.facts import Context

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
