"""Rule kinds of the dossier. Each module is one kind: how it evaluates, its Chinese sentence,
its parameters and the codes it raises, gathered in the module's `KIND`; the standard names
which kinds an item uses.

A rule returns a RuleVerdict: the fraction of the item's share it earns (0 to 1), the findings
that explain what was lost, where the score comes from, and a veto if it triggers one.
Adding a rule kind means adding a module here, registering its `KIND` below and allowing its
parameters in `schemas/standard.schema.json` (tests/test_rule_kinds.py holds them together).
"""

from __future__ import annotations

from decimal import Decimal

from checker.core.rulekinds import RuleKind, RuleKinds
from checker.dossier.rules import (
    evidence,
    period_count,
    quorum,
    self_assessed,
    term,
    threshold,
    veto,
)
from checker.dossier.rules.outcome import RuleVerdict
from checker.dossier.standard import Item, Rule, Standard

KINDS = RuleKinds(
    period_count.KIND,
    quorum.KIND,
    threshold.KIND,
    evidence.KIND,
    term.KIND,
    self_assessed.KIND,
    veto.KIND,
)


def describe_rule(rule: Rule, standard: Standard) -> str:
    """One sentence saying what a rule asks for and how it scores: the one text every output
    shows (the site's standard page, the Word form)."""
    return KINDS.describe(rule.kind, rule.params, standard)


def describe_item(item: Item, standard: Standard) -> list[tuple[str, str]]:
    """(weight share, sentence) for each rule of an item."""
    total = sum((r.weight for r in item.rules), Decimal(0))
    rows = []
    for rule in item.rules:
        share = f"{rule.weight / total * 100:.0f}%" if total else ""
        rows.append((share, describe_rule(rule, standard)))
    return rows


__all__ = ["KINDS", "RuleKind", "RuleVerdict", "describe_item", "describe_rule"]
