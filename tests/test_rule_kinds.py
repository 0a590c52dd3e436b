"""A rule kind is one unit: its evaluation, its Chinese sentence, its parameters and its codes
are registered together, and the standard's JSON Schema and the code table agree with them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from checker.core.codes import CODES
from checker.dossier.rules import KINDS, describe_rule
from checker.dossier.standard import Rule, load_standard

ROOT = Path(__file__).resolve().parent.parent
RULES_DIR = ROOT / "checker" / "dossier" / "rules"
SCHEMA = json.loads((ROOT / "schemas" / "standard.schema.json").read_text(encoding="utf-8"))
CODE_LITERAL = re.compile(r'"([A-Z][0-9]{3})"')


def _schema_branch(kind: str) -> dict:
    """The `then` of the rule schema's `if kind == …` branch for one kind."""
    for branch in SCHEMA["$defs"]["rule"]["allOf"]:
        if branch["if"]["properties"]["kind"].get("const") == kind:
            return branch["then"]
    raise AssertionError(f"standard.schema.json has no branch for rule kind {kind}")


def test_the_schema_allows_exactly_the_registered_kinds() -> None:
    assert SCHEMA["$defs"]["rule"]["properties"]["kind"]["enum"] == list(KINDS)


@pytest.mark.parametrize("name", list(KINDS))
def test_each_kind_is_complete(name: str) -> None:
    kind = KINDS[name]
    assert kind.name == name
    assert callable(kind.evaluate) and callable(kind.describe)
    assert kind.codes, f"{name} declares no codes"
    assert set(kind.codes) <= set(CODES), f"{name} raises codes missing from the table"


@pytest.mark.parametrize("name", list(KINDS))
def test_the_schema_takes_exactly_the_parameters_the_kind_reads(name: str) -> None:
    branch = _schema_branch(name)
    assert branch.get("additionalProperties") is False, "the schema must refuse unknown keys"
    allowed = set(branch["properties"]) - {"kind", "weight"}
    required = set(branch.get("required", ())) - {"kind"}
    assert allowed == set(KINDS[name].params)
    assert required == set(KINDS[name].required)


@pytest.mark.parametrize("name", list(KINDS))
def test_a_kind_declares_every_code_its_module_raises_and_raises_every_code_it_declares(
    name: str,
) -> None:
    raised = set(CODE_LITERAL.findall((RULES_DIR / f"{name}.py").read_text(encoding="utf-8")))
    assert raised == set(KINDS[name].codes)


def test_every_rule_of_the_shipped_standard_has_a_chinese_sentence() -> None:
    standard = load_standard(ROOT / "schemas")
    for item in standard.items.values():
        for rule in item.rules:
            text = describe_rule(rule, standard)
            assert text.endswith("。"), (item.id, text)
            assert re.search(r"[\u4e00-\u9fff]", text), (item.id, text)
            assert rule.kind not in text, f"{item.id}: the sentence names the kind {rule.kind}"
            label = KINDS.label(rule.kind, rule.params, standard)
            assert re.search(r"[\u4e00-\u9fff]", label), (item.id, rule.kind, label)


def test_an_unknown_kind_is_named_not_guessed() -> None:
    standard = load_standard(ROOT / "schemas")
    text = describe_rule(Rule("no_such_kind", {}, weight=1), standard)
    assert "no_such_kind" in text


def test_the_word_form_shows_the_kinds_sentences() -> None:
    from checker.dossier.word.layout import build_layout, describe_rules

    standard = load_standard(ROOT / "schemas")
    item = next(i for i in standard.items.values() if i.not_applicable is not None)
    text = describe_rules(item, standard)
    for rule in item.rules:
        assert describe_rule(rule, standard) in text
    assert ";" not in text, "Chinese text takes the full-width semicolon"
    layout = build_layout(standard, standard.source.raw_schemas)
    shown = [row.text for table in layout.tables for row in table.rows if row.label == "计分方式"]
    assert text in shown


def test_every_code_the_source_raises_is_in_the_table() -> None:
    source = "\n".join(
        p.read_text(encoding="utf-8")
        for p in (ROOT / "checker").rglob("*.py")
        if p.name != "codes.py"
    )
    unknown = sorted(set(CODE_LITERAL.findall(source)) - set(CODES))
    assert unknown == []
