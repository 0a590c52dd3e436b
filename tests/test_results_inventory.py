"""Results carry what a dossier cites and holds, in public form, and keep private values out.

The site lists evidence and attendance from the result (no second reading of the dossier),
and its privacy scanner looks for the dossier's private values in published text: those
values travel with the result through the cache and worker processes, never in its output.
"""

from __future__ import annotations

from datetime import date

from conftest import SCHEMAS, Tree

from checker.dossier.engine import Engine, run
from checker.dossier.layout import discover

NAME = "欧阳晓明"
ADDRESS = "渤川市新华路十八号院三单元"


def _with_private_values(tree: Tree) -> None:
    tree.replace("    role: 书记\n", f"    role: 书记\n    name: {NAME}\n    address: {ADDRESS}\n")


def test_score_json_lists_each_cited_evidence_once_with_its_first_line(tree: Tree) -> None:
    result = tree.result()
    evidence = {e["path"]: e for e in result["evidence"]}
    minutes = evidence["evidence/2025-01-06-支委会记录.pdf"]
    assert minutes == {
        "path": "evidence/2025-01-06-支委会记录.pdf",
        "kind": "pdf",
        "cited_by": ["1月6日支委会记录"],
        "line": tree.line_of("minutes: evidence/2025-01-06-支委会记录.pdf"),
    }
    assert len(evidence) == len(result["evidence"])  # each path once


def test_score_json_gives_attendance_as_counts_per_meeting_type(tree: Tree) -> None:
    rows = {row["type"]: row for row in tree.result()["attendance"]}
    assert rows["支委会"]["count"] == 12
    assert rows["党员大会"]["count"] == 4
    assert 0 < rows["支委会"]["present"] <= rows["支委会"]["expected"]
    # Removing a meeting changes the count and nothing is listed by name.
    tree.remove_activity("支委会", "2025-03-06")
    rows = {row["type"]: row for row in tree.result()["attendance"]}
    assert rows["支委会"]["count"] == 11


def test_private_values_never_reach_the_score_output(tree: Tree) -> None:
    _with_private_values(tree)
    for fmt in ("json", "text", "markdown"):
        run = tree.score("--format", fmt) if fmt != "json" else tree.score()
        assert NAME not in run.stdout and ADDRESS not in run.stdout, fmt


def test_private_values_survive_the_cache_and_worker_processes(tree: Tree, tmp_path) -> None:
    _with_private_values(tree)
    refs, _ = discover([tree.content])
    cache = tmp_path / "cache"
    cold = Engine(SCHEMAS, date(2026, 11, 29), cache).check(refs[0])
    warm = Engine(SCHEMAS, date(2026, 11, 29), cache).check(refs[0])
    assert NAME in cold.private and ADDRESS in cold.private
    assert warm.private == cold.private
    assert warm.to_dict() == cold.to_dict()
    assert NAME not in str(warm.to_dict())
    # Worker processes hand results back as payloads: the values come along there too.
    tree.copy_branch("T-02")
    refs, _ = discover([tree.content])
    engine = Engine(SCHEMAS, date(2026, 11, 29), None)
    results = list(run(engine, refs * 4, jobs=2))
    assert all(NAME in r.private for r in results)
    assert all(NAME not in str(r.to_dict()) for r in results)
