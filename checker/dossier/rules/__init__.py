"""Rule kinds. Each module judges one kind of requirement; the standard names which to use.

A rule returns an Outcome: the fraction of the item's share it earns (0 to 1), the findings
that explain what was lost, where the score comes from, and a veto if it triggers one.
Adding a rule kind means adding a module here and registering it below.
"""

from __future__ import annotations

from collections.abc import Callable

from checker.dossier.rules import (
    evidence,
    period_count,
    quorum,
    self_assessed,
    term,
    threshold,
    veto,
)
from checker.dossier.rules.outcome import Outcome

RULES: dict[str, Callable[..., Outcome]] = {
    "period_count": period_count.evaluate,
    "quorum": quorum.evaluate,
    "threshold": threshold.evaluate,
    "evidence": evidence.evaluate,
    "term": term.evaluate,
    "self_assessed": self_assessed.evaluate,
    "veto": veto.evaluate,
}

__all__ = ["RULES", "Outcome"]
