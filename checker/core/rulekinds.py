"""The rule-kind registry: a rule kind is one unit, registered once with all that describes it.

A kind of content (the dossier, later the points ledger and the assessment) defines its rule
kinds as `RuleKind` values and registers them in one `RuleKinds`. Everything that shows a rule
(the site's standard page, the Word form, the reports) asks the kind for its text, the
standard's JSON Schema is checked against the kind's parameters, and the code table against
the codes the kind raises, so none of these can drift from the code that evaluates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class RuleKind:
    """One kind of requirement a standard can ask for."""

    name: str  # as the standard writes it: `kind: period_count`
    evaluate: Callable[..., Any]  # (rule, item, context) -> the domain's outcome
    describe: Callable[[Mapping[str, Any], Any], str]  # (params, standard) -> one Chinese sentence
    params: tuple[str, ...]  # every parameter the kind reads, besides `kind` and `weight`
    required: tuple[str, ...]  # the parameters a rule of this kind must give
    codes: tuple[str, ...]  # the finding codes its evaluation can raise
    # (params, standard) -> a short Chinese name of what the rule measures (`每月支委会`), for
    # the line that adds up an item's points rule by rule.
    label: Callable[[Mapping[str, Any], Any], str] = lambda params, standard: ""

    def __post_init__(self) -> None:
        unknown = set(self.required) - set(self.params)
        if unknown:
            raise ValueError(f"{self.name}: required parameters not declared: {sorted(unknown)}")


class RuleKinds(Mapping[str, RuleKind]):
    """The kinds of one kind of content, by name, in registration order."""

    def __init__(self, *kinds: RuleKind) -> None:
        self._kinds: dict[str, RuleKind] = {}
        for kind in kinds:
            if kind.name in self._kinds:
                raise ValueError(f"rule kind registered twice: {kind.name}")
            self._kinds[kind.name] = kind

    def __getitem__(self, name: str) -> RuleKind:
        return self._kinds[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds)

    def __len__(self) -> int:
        return len(self._kinds)

    def describe(self, name: str, params: Mapping[str, Any], standard: Any) -> str:
        """The kind's sentence for these parameters; an unknown kind is named, not guessed."""
        kind = self._kinds.get(name)
        return kind.describe(params, standard) if kind else f"按规则 {name} 计分。"

    def label(self, name: str, params: Mapping[str, Any], standard: Any) -> str:
        """The kind's short name for a rule; an unknown kind by its name."""
        kind = self._kinds.get(name)
        return (kind.label(params, standard) if kind else "") or name

    def codes(self) -> set[str]:
        """Every code any registered kind can raise."""
        return {code for kind in self._kinds.values() for code in kind.codes}
