"""The code registry: every code has a family, every family has codes and one domain, each
code says why it matters, and the codes of a domain's own family are raised only there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli.main import cli
from checker.core.codes import (
    CODES,
    DOMAINS,
    FAMILIES,
    Family,
    codes_of,
    families,
    markdown_block,
    markdown_legend,
    registry,
)

ROOT = Path(__file__).resolve().parent.parent
CHECKER = ROOT / "checker"
ROWS = [(c.code, c.level, c.title, c.why, c.fix) for c in CODES.values()]


def test_a_code_whose_letter_has_no_family_is_refused() -> None:
    row = ("X001", "error", "标题", "原因。", "改法。")
    with pytest.raises(ValueError, match="X001"):
        registry(FAMILIES, [*ROWS, row])


def test_a_family_without_codes_is_refused() -> None:
    extra = Family("X", "无代码", "没有任何代码的类别。", "core")
    with pytest.raises(ValueError, match="without codes: X"):
        registry({**FAMILIES, "X": extra}, ROWS)


def test_codes_are_listed_family_by_family() -> None:
    moved = [ROWS[-1], *ROWS[:-1]]  # an I code before the F codes
    with pytest.raises(ValueError, match="family by family"):
        registry(FAMILIES, moved)


def test_a_family_of_an_unknown_domain_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown domain"):
        families(Family("X", "名称", "说明。", "ledger"))


def test_each_domain_is_the_core_or_a_package_beside_it() -> None:
    for domain in DOMAINS:
        assert (CHECKER / domain / "__init__.py").is_file(), domain
    assert {f.domain for f in FAMILIES.values()} == set(DOMAINS)


def test_every_code_belongs_to_the_family_of_its_letter() -> None:
    for code in CODES.values():
        assert code.family is FAMILIES[code.code[0]]
    assert sum(len(codes_of(f)) for f in FAMILIES.values()) == len(CODES)


def test_why_is_one_short_chinese_sentence_of_its_own() -> None:
    for code in CODES.values():
        why = code.why
        assert why.endswith("。") and why.count("。") == 1, code.code
        assert not re.search(r"[,;:!?()]", why), f"{code.code}: full-width punctuation"
        assert 6 <= len(why) <= 40, code.code
        assert why not in (code.title, code.fix), code.code
    whys = [c.why for c in CODES.values()]
    assert len(set(whys)) == len(whys), "each code says why in its own words"


def _literals(folder: Path) -> set[str]:
    text = "\n".join(
        p.read_text(encoding="utf-8") for p in folder.rglob("*.py") if p.name != "codes.py"
    )
    return set(re.findall(r'"([A-Z][0-9]{3})"', text))


def test_a_domain_family_is_raised_only_inside_its_domain() -> None:
    everywhere = _literals(CHECKER)
    for family in FAMILIES.values():
        if family.domain == "core":
            continue
        own = _literals(CHECKER / family.domain)
        outside = sorted(c.code for c in codes_of(family) if c.code in everywhere - own)
        assert outside == [], f"{family.letter} belongs to {family.domain}, raised elsewhere"


def test_the_legend_lists_every_family_once_in_order() -> None:
    legend = markdown_legend()
    letters = re.findall(r"^\| ([A-Z]) \|", legend, re.M)
    assert letters == list(FAMILIES)
    for family in FAMILIES.values():
        assert family.name in legend and family.description in legend
    linked = markdown_legend(href=lambda f: f"#family-{f.letter}")
    assert re.findall(r"^\| \[([A-Z])\]\(#family-\1\) \|", linked, re.M) == list(FAMILIES)


def test_checker_codes_prints_the_readme_block_and_every_family() -> None:
    runner = CliRunner()
    markdown = runner.invoke(cli, ["codes", "--format", "markdown"])
    assert markdown.exit_code == 0
    assert markdown.output == markdown_block() + "\n"
    text = runner.invoke(cli, ["codes"]).output
    for family in FAMILIES.values():
        assert f"{family.letter} {family.name}" in text
    for code in CODES.values():
        assert f"{code.code} {code.level:7} {code.title}：{code.why}" in text
