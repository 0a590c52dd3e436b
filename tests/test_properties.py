"""Property tests: whatever is written as dossier.yaml, checking ends in findings or a score.

Never an exception, never a hang: each example must finish within the hypothesis deadline.
The engine runs in process (no CLI) so that many examples stay cheap. Examples are
derandomized, so the suite is deterministic.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from conftest import GOOD, SCHEMAS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.core.codes import CODES
from checker.core.yamlload import parse_yaml
from checker.dossier.engine import Engine
from checker.dossier.layout import DossierRef
from checker.dossier.results import DossierResult

CJK = re.compile(r"[\u4e00-\u9fff]")
GOOD_TEXT = (GOOD / "branches" / "T-01" / "2025" / "dossier.yaml").read_text("utf-8")
GOOD_DATA = parse_yaml(GOOD_TEXT, "dossier.yaml").data

SETTINGS = settings(
    max_examples=60,
    deadline=2000,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(SCHEMAS, today=date(2026, 11, 29))


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The good tree copied once; every example overwrites its dossier.yaml."""
    base = tmp_path_factory.mktemp("prop")
    shutil.copytree(GOOD, base / "content")
    return base / "content" / "branches" / "T-01" / "2025" / "dossier.yaml"


def check(engine: Engine, dossier: Path, data: bytes) -> DossierResult:
    dossier.write_bytes(data)
    result = engine.check(DossierRef(dossier))
    assert_sane(result)
    return result


def assert_sane(result: DossierResult) -> None:
    """Either scored with consistent sums, or not scored with an error that says why."""
    for finding in result.findings:
        assert finding.code in CODES, finding
        assert CJK.search(finding.message), finding
        assert finding.line >= 0 and finding.column >= 0
    if not result.scored:
        assert result.errors, "a dossier that cannot be scored must say why"
        assert result.items == []
        return
    assert len(result.items) == 30
    assert len(result.aspects) == 7
    assert Decimal(0) <= result.total <= result.max == Decimal(100)
    assert result.total == sum(a.score for a in result.aspects)
    for aspect in result.aspects:
        items = [i for i in result.items if i.aspect == aspect.id]
        assert aspect.score == sum(i.score for i in items)
        assert Decimal(0) <= aspect.score <= aspect.max
    for item in result.items:
        assert Decimal(0) <= item.score <= item.max
        assert item.source in ("auto", "self", "review")
        for finding in item.findings:
            assert finding.code in CODES
            assert CJK.search(finding.message)
    assert result.grade in ("示范", "达标", "基本达标", "不达标")
    if result.vetoed:
        assert result.grade == "不达标"
    # The result survives the round trip used by the cache and worker processes.
    from checker.dossier.results import result_from_dict

    assert result_from_dict(result.to_dict()).to_dict() == result.to_dict()


# --- strategies ------------------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(
        ["2025-03-06", "2025-02-30", "支委会", "正式党员", "书记", "M01", "A2.3", "evidence/x.pdf"]
    ),
)
keys = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "standard",
            "branch",
            "year",
            "members",
            "committee",
            "activities",
            "items",
            "id",
            "type",
            "date",
            "topic",
            "present",
            "expected",
            "self_score",
            "evidence",
            "na_reason",
        ]
    ),
)
trees = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5), st.dictionaries(keys, children, max_size=6)
    ),
    max_leaves=25,
)


def dump(value: object) -> bytes:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: the pure emitter is slow
    return yaml.dump(value, Dumper=dumper, allow_unicode=True, sort_keys=False).encode("utf-8")


def paths_of(value: object, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += paths_of(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += paths_of(child, (*prefix, index))
    return found


GOOD_PATHS = paths_of(GOOD_DATA)[1:]


def replaced(data: object, path: tuple, value: object) -> object:
    if not path:
        return value
    head, *rest = path
    if isinstance(data, dict):
        return {k: (replaced(v, tuple(rest), value) if k == head else v) for k, v in data.items()}
    return [replaced(v, tuple(rest), value) if i == head else v for i, v in enumerate(data)]


# --- properties --------------------------------------------------------------------------------


@SETTINGS
@given(data=st.binary(max_size=4000))
def test_arbitrary_bytes(engine: Engine, dossier: Path, data: bytes) -> None:
    result = check(engine, dossier, data)
    assert not result.scored or data.strip()


@SETTINGS
@given(value=trees)
def test_arbitrary_yaml_trees(engine: Engine, dossier: Path, value: object) -> None:
    check(engine, dossier, dump(value))


@SETTINGS
@given(value=st.dictionaries(keys, trees, max_size=6))
def test_arbitrary_top_level_mappings(engine: Engine, dossier: Path, value: dict) -> None:
    result = check(engine, dossier, dump(value))
    assert not result.scored  # nothing random has every required field right


@SETTINGS
@given(path=st.sampled_from(GOOD_PATHS), value=trees)
def test_good_dossier_with_one_value_replaced(
    engine: Engine, dossier: Path, path: tuple, value: object
) -> None:
    """Deep into the rules: a schema-valid dossier with one strange value still scores."""
    check(engine, dossier, dump(replaced(GOOD_DATA, path, value)))


@SETTINGS
@given(
    cuts=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(GOOD_TEXT)),
            st.integers(min_value=0, max_value=40),
            st.text(max_size=6),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_good_text_with_random_edits(engine: Engine, dossier: Path, cuts: list) -> None:
    """Characters inserted into and cut out of the good text: the loader's hard cases."""
    text = GOOD_TEXT
    for position, length, insert in cuts:
        text = text[:position] + insert + text[position + length :]
    check(engine, dossier, text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(depth=st.integers(min_value=1, max_value=20_000), kind=st.sampled_from("[{-"))
def test_deep_nesting(engine: Engine, dossier: Path, depth: int, kind: str) -> None:
    if kind == "[":
        text = "x: " + "[" * depth + "]" * depth + "\n"
    elif kind == "{":
        text = "x: " + "{a: " * depth + "1" + "}" * depth + "\n"
    else:
        text = "x:\n" + "".join("  " * i + "- \n" for i in range(min(depth, 400)))
    result = check(engine, dossier, text.encode())
    assert not result.scored
