"""The good tree: validates clean, scores 100 （示范），and the JSON is stable byte for byte."""

from __future__ import annotations

import json
from decimal import Decimal

from conftest import DOSSIER_REL, Tree, run_cli, run_process

ASPECTS = {
    "A1": ("思想建设", 14),
    "A2": ("组织建设", 22),
    "A3": ("作风建设", 12),
    "A4": ("反腐倡廉建设", 12),
    "A5": ("制度建设", 14),
    "A6": ("保障机制建设", 12),
    "A7": ("责任体系建设", 14),
}


def test_validate_good_tree_has_no_findings(tree: Tree) -> None:
    run = tree.validate()
    assert run.code == 0
    assert run.json == {"dossiers": 1, "findings": []}


def test_validate_text_reports_clean_summary(tree: Tree) -> None:
    run = run_cli("validate", "content")
    assert run.code == 0
    assert run.stdout == ""
    assert run.stderr.strip() == "检查了 1 份台账，没有发现问题。"


def test_score_good_tree_is_full_marks(tree: Tree) -> None:
    run = tree.score()
    assert run.code == 0
    (result,) = run.json["results"]
    assert result["branch"] == "T-01"
    assert result["name"] == "市财政局第一党支部"
    assert result["year"] == 2025
    assert result["file"] == DOSSIER_REL
    assert result["standard"] == {"id": "jgdj-zbbzh", "version": "2025.1"}
    assert result["scored"] is True
    assert result["total"] == 100.0
    assert result["max"] == 100.0
    assert result["grade"] == "示范"
    assert result["compliant"] is True
    assert result["vetoed"] is False
    assert result["veto_reason"] == ""
    assert result["findings"] == []
    # Placement comes from organization.yaml.
    assert result["organization"] == "ORG-01"
    assert result["organization_name"] == "市财政局机关党委"
    assert result["zone_name"] == "第一责任区"
    assert result["level_name"] == "市直部门"


def test_score_structure_30_items_7_aspects_and_sums(tree: Tree) -> None:
    result = tree.result()
    aspects = result["aspects"]
    items = result["items"]
    assert [a["id"] for a in aspects] == list(ASPECTS)
    assert {a["id"]: (a["name"], a["max"]) for a in aspects} == ASPECTS
    assert len(items) == 30
    assert len({i["id"] for i in items}) == 30
    total = sum(Decimal(str(a["score"])) for a in aspects)
    assert total == Decimal(str(result["total"])) == 100
    assert sum(Decimal(str(a["max"])) for a in aspects) == 100
    for aspect in aspects:
        members = [i for i in items if i["aspect"] == aspect["id"]]
        assert members, aspect["id"]
        assert all(i["id"].startswith(aspect["id"] + ".") for i in members)
        assert sum(Decimal(str(i["score"])) for i in members) == Decimal(str(aspect["score"]))
        assert sum(Decimal(str(i["max"])) for i in members) == Decimal(str(aspect["max"]))
    for item in items:
        assert item["score"] == item["max"], item
        assert item["findings"] == [], item
        assert item["na"] is False
        assert set(item) >= {"id", "title", "aspect", "score", "max", "source", "findings"}


def test_score_text_output(tree: Tree) -> None:
    run = run_cli("score", "content")
    assert run.code == 0
    lines = run.stdout.splitlines()
    assert lines[0] == "T-01 市财政局第一党支部 2025年度：100/100 分，示范"
    assert lines[1:8] == [
        f"  {aspect_id} {name} {points}/{points}" for aspect_id, (name, points) in ASPECTS.items()
    ]


def test_score_markdown_output(tree: Tree) -> None:
    run = run_cli("score", "--format", "markdown", "content")
    assert run.code == 0
    assert run.stdout.startswith("## T-01 市财政局第一党支部 2025年度\n")
    assert "总分 **100** / 100，等次 **示范**" in run.stdout
    assert "| A2 组织建设 | 22 | 22 |" in run.stdout
    assert "失分原因" not in run.stdout  # nothing lost, no table of losses


def test_score_json_is_byte_identical_across_runs(tree: Tree) -> None:
    first = tree.score()
    second = tree.score()
    assert first.code == second.code == 0
    assert first.stdout == second.stdout
    assert first.stdout.endswith("\n  ]\n}\n")


def test_json_identical_between_one_and_two_processes(tree: Tree) -> None:
    codes = [f"T-{n:02d}" for n in range(2, 7)]
    for code in codes:
        tree.copy_branch(code)
    # One of them loses a meeting, so the results differ between dossiers.
    broken = tree.content / "branches" / "T-04" / "2025" / "dossier.yaml"
    broken.write_text(
        broken.read_text("utf-8").replace("date: 2025-05-06", "date: 2025-04-07"), "utf-8"
    )

    def score(jobs: str) -> bytes:
        # A real process: the console script's JSON writer goes straight to stdout.
        done = run_process("score", "--format", "json", "-j", jobs, "content", cwd=tree.base)
        assert done.returncode == 0, done.stderr.decode()
        return done.stdout

    one = score("1")
    two = score("2")
    assert one == two
    results = json.loads(one)["results"]
    assert [r["branch"] for r in results] == ["T-01", *codes]
    totals = {r["branch"]: r["total"] for r in results}
    assert totals["T-04"] < 100
    assert all(totals[c] == 100 for c in totals if c != "T-04")


def test_validate_json_identical_between_one_and_two_processes(tree: Tree) -> None:
    for n in range(2, 6):
        dossier = tree.copy_branch(f"T-{n:02d}")
        dossier.write_text(
            dossier.read_text("utf-8").replace("chair: M01", f"chair: M9{n}", 1), "utf-8"
        )
    one = run_cli("validate", "--format", "json", "-j", "1", "content")
    two = run_cli("validate", "--format", "json", "-j", "2", "content")
    assert one.code == two.code == 1
    assert one.stdout == two.stdout
    assert [(f["code"], f["file"], f["message"]) for f in one.findings] == [
        (
            "R001",
            f"content/branches/T-{n:02d}/2025/dossier.yaml",
            f"党员编号 M9{n} 不在党员名册中",
        )
        for n in range(2, 6)
    ]


def test_result_is_the_same_for_each_path_form(tree: Tree) -> None:
    """A dossier file, a year folder, a branch folder and the root find the same dossier."""
    outputs = {
        path: tree.score(path).stdout
        for path in (
            "content",
            "content/branches/T-01",
            "content/branches/T-01/2025",
            DOSSIER_REL,
        )
    }
    assert len(set(outputs.values())) == 1
