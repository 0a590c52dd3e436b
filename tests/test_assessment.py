"""`checker assess`: the yearly composite of party organizations, every finding of its
inputs on files written to disk, the rating rules at their boundaries, and the sums."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import REPO, SCHEMAS, Tree, run_cli

ORGS = ["ORG-01", "ORG-02", "ORG-03", "ORG-04", "ORG-05", "ORG-06"]
TARGETS = "{T1: 15, T2: 15, T3: 20, T4: 15, T5: 15, T6: 20}"
BALLOTS = "\n".join(
    ["ballots:", "  ballots: 8", "  questions:"] + [f"    Q{n}: {{好: 8}}" for n in range(1, 5)]
)


class Inputs:
    """Six organizations in two zones and two levels; T-01 (8 members) belongs to ORG-01."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.folder = tree.content / "assessment" / "2025"
        (self.folder / "organizations").mkdir(parents=True)
        (self.folder / "evidence").mkdir()
        orgs = "\n".join(
            f"  - {{id: {o}, name: 第{i + 1}党委, level: {'city' if i < 3 else 'county'}, "
            f"zone: {'Z1' if i < 3 else 'Z2'}}}"
            for i, o in enumerate(ORGS)
        )
        tree.content.joinpath("organization.yaml").write_text(
            'committee: 某市直机关工委\nregion_code: "371600"\n'
            "levels:\n  - {id: city, name: 市直部门}\n  - {id: county, name: 县（区）}\n"
            "zones:\n"
            "  - {id: Z1, name: 第一责任区, lead: 工委副书记, supervision_group: 第一督导组}\n"
            "  - {id: Z2, name: 第二责任区, lead: 工委委员, supervision_group: 第二督导组}\n"
            f"organizations:\n{orgs}\ntargets:\n  2025: 0.8\n",
            "utf-8",
        )
        self.organization: dict[str, str] = {}
        # Every rater varies its scores, yet every organization gets the same ones: from
        # its peers four 90s and a 91 (from the one before it), from six committee members
        # 80 to 85. So all without branches tie.
        self.peers: dict[str, dict[str, float]] = {
            r: {o: 91 if ORGS.index(o) == (i + 1) % 6 else 90 for o in ORGS if o != r}
            for i, r in enumerate(ORGS)
        }
        self.committee: dict[str, dict[str, float]] = {
            f"W0{n}": {o: 80 + (i + n) % 6 for i, o in enumerate(ORGS)} for n in range(1, 7)
        }

    def org_text(self, org: str, extra: str = "") -> str:
        return (
            f"organization: {org}\nyear: 2025\nreported_on: 2025-12-20\n"
            f"targets: {TARGETS}\n{BALLOTS}\n{extra}"
        )

    def write(self, skip: tuple[str, ...] = ()) -> None:
        for org in ORGS:
            if org in skip:
                continue
            text = self.organization.get(org, self.org_text(org))
            (self.folder / "organizations" / f"{org}.yaml").write_text(text, "utf-8")
        for name, matrix in (("peers", self.peers), ("committee", self.committee)):
            rows = [
                f"  - {{rater: {r}, scores: {{{', '.join(f'{o}: {v}' for o, v in s.items())}}}}}"
                for r, s in matrix.items()
            ]
            text = "year: 2025\nraters:\n" + "\n".join(rows) + "\n"
            (self.folder / f"{name}.yaml").write_text(text, "utf-8")


@pytest.fixture
def inputs(tree: Tree) -> Inputs:
    return Inputs(tree)


def assess(schemas: Path = SCHEMAS) -> object:
    return run_cli("assess", "--year", "2025", "--content", "content", "--format", "json",
                   schemas=schemas)  # fmt: skip


def org(run, org_id: str) -> dict:
    return next(o for o in run.json["organizations"] if o["organization"] == org_id)


def codes(run) -> list[str]:
    return sorted(f["code"] for f in run.json["findings"])


def messages(run, code: str) -> list[str]:
    return [f["message"] for f in run.json["findings"] if f["code"] == code]


def adds_up(result: dict) -> bool:
    weighted = sum(Decimal(str(c["weighted"])) for c in result["components"])
    total = weighted + Decimal(str(result["bonus"])) - Decimal(str(result["deduction"]))
    return total == Decimal(str(result["total"]))


def test_sound_inputs_give_every_organization_a_composite_that_adds_up(inputs: Inputs) -> None:
    inputs.write()
    run = assess()
    assert run.code == 0, run.stdout + run.stderr
    assert codes(run) == []
    assert sorted(o["organization"] for o in run.json["organizations"]) == ORGS
    for result in run.json["organizations"]:
        assert adds_up(result), result
    first = org(run, "ORG-01")  # the only one with branches: its standardization counts
    parts = {c["id"]: c["score"] for c in first["components"]}
    assert parts["targets"] == 100 and parts["ballots"] == 100
    assert parts["peers"] == 90 and parts["committee"] == 82.5  # 80…85 trimmed
    assert first["ranks"]["overall"] == {"rank": 1, "of": 6, "tied": False}


def test_ties_share_a_place_and_the_next_place_skips(inputs: Inputs) -> None:
    inputs.write()
    run = assess()
    ranks = {o["organization"]: o["ranks"]["overall"]["rank"] for o in run.json["organizations"]}
    # ORG-02 … ORG-06 have the same inputs and no branches: tied at 2.
    assert ranks == {"ORG-01": 1, **{o: 2 for o in ORGS[1:]}}
    zone = {o["organization"]: o["ranks"]["zone"] for o in run.json["organizations"]}
    assert zone["ORG-04"] == {"rank": 1, "of": 3, "tied": True}


def test_self_rating_is_excluded(inputs: Inputs) -> None:
    inputs.peers["ORG-02"]["ORG-02"] = 100
    inputs.write()
    run = assess()
    assert messages(run, "K002") == ["ORG-02 给自己打了分；互评中不给本组织打分，这一分不计"]
    peers = next(c for c in org(run, "ORG-02")["components"] if c["id"] == "peers")
    assert peers["score"] == 90


@pytest.mark.parametrize(("raters", "expected"), [(4, 81.25), (5, 85)])
def test_the_trimmed_mean_starts_at_five_raters(inputs: Inputs, raters: int, expected) -> None:
    """70, 80, 85, 90: four raters, the plain mean; with 99, five: 80, 85, 90 are kept."""
    values = [70, 80, 85, 90, 99][:raters]
    inputs.committee = {f"W0{n}": {o: values[n - 1] for o in ORGS} for n in range(1, raters + 1)}
    inputs.write()
    run = assess()
    committee = next(c for c in org(run, "ORG-01")["components"] if c["id"] == "committee")
    assert committee["score"] == expected


def test_rating_problems_name_the_rater(inputs: Inputs) -> None:
    inputs.committee["W02"] = {o: 88 for o in ORGS}  # the same score for all
    inputs.committee["W03"] = {o: 80 + i for i, o in enumerate(ORGS[:4])}  # two left out
    inputs.committee["W04"]["ORG-09"] = 90
    inputs.committee["W05"]["ORG-01"] = 120
    inputs.write()
    run = assess()
    assert codes(run) == ["K001", "K003", "K004", "K009"]
    assert messages(run, "K003") == ["评分者 W02 给所有党组织都打了 88 分，请核实是否认真评分"]
    assert messages(run, "K004") == ["评分者 W03 没有给 2 个党组织打分（ORG-05、ORG-06）"]
    assert messages(run, "K001") == ["W05 给 ORG-01 的 120 分不在 0 到 100 分之间，不计"]


def test_a_duplicate_rater_counts_once(inputs: Inputs) -> None:
    inputs.write()
    path = inputs.folder / "committee.yaml"
    text = path.read_text("utf-8")
    path.write_text(text + text.split("\n")[2] + "\n", "utf-8")
    assert codes(assess()) == ["K014"]


def test_ballots_over_the_members_and_votes_over_the_ballots(inputs: Inputs) -> None:
    ballots = BALLOTS.replace("ballots: 8", "ballots: 10").replace("Q2: {好: 8}", "Q2: {好: 11}")
    inputs.organization["ORG-01"] = inputs.org_text("ORG-01").replace(BALLOTS, ballots)
    inputs.write()
    run = assess()
    assert messages(run, "K005") == [
        "收回 10 张测评票，多于所属支部的党员 9 人",
        "Q2 的票数合计 11 张，多于收回的 10 张",
    ]


def test_claims_without_evidence_over_the_cap_and_unknown(inputs: Inputs) -> None:
    (inputs.folder / "evidence" / "表彰.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    claims = (
        "bonus:\n"
        "  - {item: B1, count: 3, evidence: [evidence/表彰.pdf]}\n"
        "  - {item: B2}\n"
        "  - {item: B9, evidence: [evidence/表彰.pdf]}\n"
        "deduction:\n"
        "  - {item: X2, count: 1}\n"
    )
    inputs.organization["ORG-02"] = inputs.org_text("ORG-02", claims)
    inputs.write()
    run = assess()
    assert codes(run) == ["K006", "K007", "K010"]
    result = org(run, "ORG-02")
    assert (result["bonus"], result["deduction"]) == (4, 3)
    assert adds_up(result)


def test_targets_unknown_and_over_their_maximum(inputs: Inputs) -> None:
    text = inputs.org_text("ORG-03").replace("T6: 20}", "T6: 25, T9: 3}")
    inputs.organization["ORG-03"] = text
    inputs.write()
    run = assess()
    assert codes(run) == ["K010", "K011"]
    targets = next(c for c in org(run, "ORG-03")["components"] if c["id"] == "targets")
    assert targets["score"] == 100


def test_missing_misplaced_and_unknown_inputs(inputs: Inputs) -> None:
    inputs.organization["ORG-02"] = inputs.org_text("ORG-03")  # names another organization
    inputs.write(skip=("ORG-06",))
    (inputs.folder / "organizations" / "ORG-99.yaml").write_text(inputs.org_text("ORG-99"), "utf-8")
    (inputs.folder / "说明.docx").write_bytes(b"PK")
    run = assess()
    # ORG-02's file names ORG-03: refused (K012), so ORG-02 has no input either (K008).
    assert codes(run) == ["K008", "K008", "K009", "K012", "K013"]
    missing = org(run, "ORG-06")
    assert all(c["missing"] for c in missing["components"] if c["id"] in ("targets", "ballots"))
    assert "目标任务考核没有输入，按 0 分计" in missing["reasons"]


def test_a_changed_weight_and_ballot_weight_change_the_ranking(
    inputs: Inputs, tmp_path: Path
) -> None:
    inputs.organization["ORG-02"] = inputs.org_text("ORG-02").replace(
        BALLOTS, BALLOTS.replace("{好: 8}", "{较好: 8}")
    )
    inputs.organization["ORG-03"] = inputs.org_text("ORG-03").replace("T6: 20}", "T6: 16}")
    inputs.write()
    before = assess()
    rank = {o["organization"]: o["ranks"]["overall"]["rank"] for o in before.json["organizations"]}
    assert rank["ORG-03"] < rank["ORG-02"]  # 4 target points × 0.4 < 20 ballot points × 0.15
    schemas = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, schemas)
    text = (schemas / "assessment.yaml").read_text("utf-8")
    text = text.replace("ratings: {好: 100, 较好: 80,", "ratings: {好: 100, 较好: 99,")
    (schemas / "assessment.yaml").write_text(text, "utf-8")
    after = assess(schemas)
    rank = {o["organization"]: o["ranks"]["overall"]["rank"] for o in after.json["organizations"]}
    assert rank["ORG-02"] < rank["ORG-03"]


def test_the_sample_gives_every_organization_a_composite() -> None:
    run = run_cli("assess", "--year", "2025", "--content", str(REPO / "content"), "--format",
                  "json")  # fmt: skip
    organizations = run.json["organizations"]
    assert len(organizations) == 10
    for result in organizations:
        assert adds_up(result), result["organization"]
    totals = [Decimal(str(o["total"])) for o in organizations]
    ranks = [o["ranks"]["overall"]["rank"] for o in organizations]
    for index, (total, place) in enumerate(zip(totals, ranks, strict=True)):
        first = totals.index(total)
        assert place == first + 1, (index, total, place)
    assert {"K002", "K003", "K008"} <= set(codes(run))


def test_the_sample_rollup_names_the_branches_still_needed() -> None:
    """Hand count of the sample's 2025 grades (14 branches, target 80%): Z1 3 of 4 (4
    needed), Z2 3/3, Z3 1/2 (the vetoed SCJ-01 counts as below), Z4 1/2, Z5 3/3; city 7/9,
    county 3/3, township 1/2; all 11/14 (12 needed)."""
    run = run_cli("assess", "--year", "2025", "--content", str(REPO / "content"), "--format",
                  "json")  # fmt: skip
    needed = {(r["scope"], r["id"]): (r["compliant"], r["branches"], r["needed"])
              for r in run.json["rollups"]}  # fmt: skip
    assert needed[("committee", "")] == (11, 14, 1)
    assert [needed[("zone", z)] for z in ("Z1", "Z2", "Z3", "Z4", "Z5")] == [
        (3, 4, 1), (3, 3, 0), (1, 2, 1), (1, 2, 1), (3, 3, 0),
    ]  # fmt: skip
    assert [needed[("level", v)] for v in ("city", "county", "township")] == [
        (7, 9, 1), (3, 3, 0), (1, 2, 1),
    ]  # fmt: skip
    zone_one = next(r for r in run.json["rollups"] if r["id"] == "Z1")
    assert [n["branch"] for n in zone_one["closest"]] == ["379901-ZRJ-02"]
    years = {row["year"]: row for row in run.json["trajectory"]}
    assert years[2026]["target"] == 1.0 and years[2025]["target"] == 0.8
    assert years[2025]["compliant"] == 11


def test_the_text_output_says_how_many_branches_are_still_needed() -> None:
    run = run_cli("assess", "--year", "2025", "--content", str(REPO / "content"))
    assert "  责任区 第一责任区：达标 3/4，目标 80%，还需 1 个支部达标" in run.stdout
    assert "三年目标：2024 年 目标 50%" in run.stdout
