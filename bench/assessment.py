"""Seeded generator of the yearly assessment inputs (年度考核的输入), for the sample content.

    python bench/assessment.py sample    # content/assessment/2025/ for the sample organizations

For every organization of the content root's organization.yaml but one (left without
input, so K008 shows): 述职, target scores, members' ballots within the members of its
branches, and the odd bonus claim with its evidence; the peer ratings of every organization
(one rates itself, K002) and five committee members' ratings by code (one gives everyone
the same score, K003). Same seed, same bytes.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

YEAR = 2025
MISSING = "LH-LTZ"  # the organization without input
SELF_RATER = "ZRZY"  # rates itself once
UNIFORM_RATER = "W04"  # gives every organization 90
COMMITTEE = ["W01", "W02", "W03", "W04", "W05"]
# A one-page PDF, the smallest a reader opens: the evidence a bonus claim cites.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
TARGET_MAX = {"T1": 15, "T2": 15, "T3": 20, "T4": 15, "T5": 15, "T6": 20}


def _members(content: Path) -> dict[str, int]:
    """Members of each organization's branches in the year, from their rosters."""
    from checker.core.yamlload import load_yaml

    counts: dict[str, int] = {}
    for branch in sorted((content / "branches").iterdir()):
        dossier = branch / str(YEAR) / "dossier.yaml"
        if not dossier.is_file():
            continue
        org = load_yaml(branch / "branch.yaml", "b", 1 << 20).data["organization"]
        roster = load_yaml(dossier, "d", 1 << 22).data.get("members") or []
        counts[org] = counts.get(org, 0) + len(roster)
    return counts


def organization_text(rng: random.Random, org: str, members: int) -> str:
    targets = ", ".join(
        f"{t}: {round(m * rng.uniform(0.72, 0.98), 1)}" for t, m in TARGET_MAX.items()
    )
    ballots = max(1, members - rng.randint(0, max(1, members // 10)))
    lines = [
        f"# {YEAR} 年度考核的输入：{org}",
        f"organization: {org}",
        f"year: {YEAR}",
        f"reported_on: {YEAR}-12-{rng.randint(15, 26)}",
        f"report: {YEAR} 年度抓基层党建工作述职报告",
        f"targets: {{{targets}}}",
        "ballots:",
        f"  ballots: {ballots}",
        "  questions:",
    ]
    for question in ("Q1", "Q2", "Q3", "Q4"):
        good = rng.randint(ballots // 2, ballots)
        fair = rng.randint(0, ballots - good)
        so_so = rng.randint(0, ballots - good - fair)
        lines.append(f"    {question}: {{好: {good}, 较好: {fair}, 一般: {so_so}, 差: 0}}")
    if rng.random() < 0.4:
        lines += [
            "bonus:",
            f"  - {{item: B1, count: 1, note: 获得市级先进基层党组织表彰, "
            f'evidence: ["evidence/{org}-表彰文件.pdf"]}}',
        ]
    if rng.random() < 0.2:
        lines += ["deduction:", "  - {item: X3, count: 1, note: 双述双评推迟一周完成}"]
    return "\n".join(lines) + "\n"


def ratings_text(rng: random.Random, raters: list[str], orgs: list[str], peers: bool) -> str:
    title = "党组织定量互评" if peers else "工委委员量化测评（评分人以代号记，不写姓名）"
    lines = [f"# {YEAR} 年度{title}", f"year: {YEAR}", "raters:"]
    quality = {org: rng.uniform(80, 95) for org in orgs}
    for rater in raters:
        scores = []
        for org in orgs:
            if peers and org == rater and rater != SELF_RATER:
                continue
            value = 90 if rater == UNIFORM_RATER else round(quality[org] + rng.uniform(-4, 4))
            scores.append(f"{org}: {value}")
        lines.append(f"  - {{rater: {rater}, scores: {{{', '.join(scores)}}}}}")
    return "\n".join(lines) + "\n"


def sample(content: Path) -> None:
    from checker.core.yamlload import load_yaml

    orgs = [
        o["id"]
        for o in load_yaml(content / "organization.yaml", "o", 1 << 20).data["organizations"]
    ]
    rng = random.Random(f"assessment/{YEAR}")
    folder = content / "assessment" / str(YEAR)
    (folder / "organizations").mkdir(parents=True, exist_ok=True)
    (folder / "evidence").mkdir(exist_ok=True)
    members = _members(content)
    for org in orgs:
        if org == MISSING:
            continue
        text = organization_text(rng, org, members.get(org, 10))
        (folder / "organizations" / f"{org}.yaml").write_text(text, "utf-8")
        if "evidence/" in text:
            (folder / "evidence" / f"{org}-表彰文件.pdf").write_bytes(PDF)
    (folder / "peers.yaml").write_text(ratings_text(rng, orgs, orgs, True), "utf-8")
    (folder / "committee.yaml").write_text(ratings_text(rng, COMMITTEE, orgs, False), "utf-8")
    print(f"wrote {folder}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", choices=["sample"])
    parser.parse_args()
    sample(REPO / "content")


if __name__ == "__main__":
    main()
