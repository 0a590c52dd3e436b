"""`checker points` over many ledgers: the same output in one process or several, and from
the result cache, which notices every file a ledger's result is read from."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import REPO, SCHEMAS, Tree, run_cli
from points_ledger import Ledger

from checker.points.engine import PointsEngine, run
from checker.points.layout import discover_ledgers
from checker.points.report import markdown_lines, text_lines
from checker.points.results import LedgerResult, Lost, MemberYear

SAMPLE = REPO / "content"
TODAY = date(2026, 12, 1)


def _sample_results() -> list[LedgerResult]:
    refs, _ = discover_ledgers([SAMPLE])
    return list(run(PointsEngine(SCHEMAS, TODAY), refs))


def test_a_result_survives_its_dict_and_its_payload() -> None:
    results = _sample_results()
    assert len(results) >= 6
    for result in results:
        shown = result.to_dict()
        assert LedgerResult.from_dict(shown).to_dict() == shown, result.branch
        again = LedgerResult.from_dict(result.to_payload())
        assert again.to_dict() == shown
        assert again.to_payload() == result.to_payload()
        assert list(text_lines(again)) == list(text_lines(result))
        assert list(text_lines(again, 3)) == list(text_lines(result, 3))
        assert list(markdown_lines(again)) == list(markdown_lines(result))


def test_the_payload_keeps_what_two_places_would_lose() -> None:
    # A point lost to proration can be a fraction of a cent: "不计 0 分" must still be said
    # after a cached or worker's result is read back.
    year = MemberYear("M01", 7, lost=[Lost("J006", "超过全年上限", Decimal(1) / 700, 3)])
    result = LedgerResult("T-01", 2025, "points", ("id", "1"), members=[year])
    again = LedgerResult.from_dict(result.to_payload())
    assert list(text_lines(again)) == list(text_lines(result))
    assert "不计 0 分" in "\n".join(text_lines(result))


@pytest.mark.parametrize("fmt", ["json", "text", "markdown"])
def test_the_same_output_in_one_process_or_two(fmt: str) -> None:
    one = run_cli("points", str(SAMPLE), "--format", fmt, "-j", "1")
    two = run_cli("points", str(SAMPLE), "--format", fmt, "--jobs", "2")
    assert one.code == two.code == 0, one.stderr + two.stderr
    assert one.stdout == two.stdout
    if fmt == "json":
        assert len(one.json["ledgers"]) >= 6


def test_worker_processes_check_the_ledgers() -> None:
    refs, _ = discover_ledgers([SAMPLE])
    alone = [r.to_dict() for r in run(PointsEngine(SCHEMAS, TODAY), refs, jobs=1)]
    shared = [r.to_dict() for r in run(PointsEngine(SCHEMAS, TODAY), refs * 2, jobs=2)]
    assert shared == alone * 2


def test_a_cached_rerun_gives_the_same_output(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    for fmt in ("json", "text"):
        fresh = run_cli("points", str(SAMPLE), "--format", fmt)
        first = run_cli("points", str(SAMPLE), "--format", fmt, cache_dir=cache)
        second = run_cli("points", str(SAMPLE), "--format", fmt, "-j", "2", cache_dir=cache)
        assert fresh.stdout == first.stdout == second.stdout, fmt
    assert len(list(cache.rglob("*.json"))) == len(discover_ledgers([SAMPLE])[0])


def _member(run, member: str) -> dict:
    (ledger,) = run.json["ledgers"]
    return next(m for m in ledger["members"] if m["member"] == member)


def _total(run, member: str) -> float:
    return _member(run, member)["total"]


def _declared(run, member: str, month: int) -> float:
    return next(m["declared"] for m in _member(run, member)["months"] if m["month"] == month)


def _codes(run) -> list[str]:
    (ledger,) = run.json["ledgers"]
    return sorted(f["code"] for f in ledger["findings"])


@pytest.fixture
def ledger(tree: Tree) -> Ledger:
    written = Ledger(tree)
    written.write()
    return written


def test_the_cache_notices_each_file_a_result_is_read_from(ledger: Ledger, tmp_path) -> None:
    cache = tmp_path / "cache"

    def points() -> object:
        return run_cli("points", "content", "--format", "json", cache_dir=cache)

    first = points()
    assert first.code == 0 and _total(first, "M03") == 100
    assert points().stdout == first.stdout
    # A month's declarations…
    ledger.habits["M03"] = [("P13", 1), ("P07", 1)]
    ledger.path("2025-06.yaml").write_text(ledger.month_text(6), "utf-8")
    changed = points()
    assert _declared(changed, "M03", 6) < _declared(first, "M03", 6)
    assert changed.stdout == run_cli("points", "content", "--format", "json").stdout
    # …a quarter's tallies…
    ledger.path("2025-Q2.yaml").write_text(ledger.quarter_text(2, {"M03": "{差: 12}"}), "utf-8")
    assert _member(points(), "M03")["quarters"]["2"] == 0
    # …the grading, and the roster in dossier.yaml.
    ledger.write_grading({"M01": "优秀"})
    assert "J015" in _codes(points())
    ledger.tree.write(ledger.tree.text().replace("members:\n", "members: []\nx_members:\n", 1))
    assert "J021" in _codes(points())


def test_a_cached_result_lists_its_findings_in_the_same_order(ledger: Ledger, tmp_path) -> None:
    ledger.tree.write(ledger.tree.text().replace("members:\n", "members: []\nx_members:\n", 1))
    ledger.path("说明.txt").write_text("备注\n", "utf-8")
    cache = tmp_path / "cache"
    fresh = run_cli("points", "content")
    cached = [run_cli("points", "content", cache_dir=cache) for _ in range(2)]
    assert fresh.stdout == cached[0].stdout == cached[1].stdout
    assert "J021" in fresh.stdout and "J017" in fresh.stdout


def test_another_day_of_judging_is_another_result(ledger: Ledger, tmp_path) -> None:
    cache = tmp_path / "cache"
    late = run_cli("points", "content", "--format", "json", cache_dir=cache)
    early = run_cli("points", "content", "--format", "json", cache_dir=cache, today="2025-06-30")
    assert late.stdout != early.stdout
    assert (
        early.stdout == run_cli("points", "content", "--format", "json", today="2025-06-30").stdout
    )


def test_no_cache_writes_nothing(ledger: Ledger) -> None:
    cache = Path.cwd() / ".checker-cache"  # the default --cache-dir
    assert Path.cwd() == ledger.tree.base and not cache.exists()
    run_cli("points", "content")  # run_cli gives --no-cache
    assert not cache.exists()
    run_cli("points", "content", cache_dir=cache)
    assert len(list(cache.rglob("*.json"))) == 1
