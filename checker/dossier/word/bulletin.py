"""The committee's annual bulletin, as blocks: compliance against the target by zone and
level, the rankings, and the named lists. Branches, counts and scores only: no personal
data. It reads DossierResults and computes no score."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from checker.core.organization import Organization
from checker.core.paths import BRANCH_FILE, BRANCHES_DIR
from checker.core.periods import official_date
from checker.core.ranking import rank
from checker.core.yamlload import load_yaml
from checker.dossier.report.text import number
from checker.dossier.results import DossierResult
from checker.dossier.standard import Standard
from checker.dossier.standing import standing
from checker.dossier.word.blocks import Block, cn_number, percent

UNSCORED = "未能评分"
MISSING = "未报送"


@dataclass(slots=True)
class Entry:
    """One branch in the bulletin: its result, or why it has none."""

    code: str
    name: str
    placement: dict[str, str]
    result: DossierResult | None = None  # None: no dossier for the year

    @property
    def status(self) -> str:
        if self.result is None:
            return MISSING
        if not self.result.scored:
            return UNSCORED
        return self.result.grade


def bulletin_entries(
    root: Path,
    results: Iterable[DossierResult],
    organization: Organization,
    max_bytes: int,
) -> list[Entry]:
    """Every branch under ``root``: those with a result, and those without a dossier.

    A branch without a dossier for the year has no result to read: its name is taken from
    its branch.yaml, the one file read here."""
    entries: dict[str, Entry] = {}
    for result in results:
        entries[result.branch] = Entry(result.branch, result.name, result.placement, result)
    branches = root / BRANCHES_DIR
    folders = sorted(p for p in branches.iterdir() if p.is_dir()) if branches.is_dir() else []
    for folder in folders:
        if folder.name in entries or not (folder / BRANCH_FILE).is_file():
            continue
        loaded = load_yaml(folder / BRANCH_FILE, str(folder / BRANCH_FILE), max_bytes)
        data = loaded.data if isinstance(loaded.data, dict) else {}
        org = str(data.get("organization") or "")
        entries[folder.name] = Entry(
            folder.name, str(data.get("name") or folder.name), organization.placement(org)
        )
    return sorted(entries.values(), key=lambda e: e.code)


def bulletin(
    entries: list[Entry],
    standard: Standard,
    organization: Organization,
    year: int,
    today: date,
) -> list[Block]:
    """The committee's annual bulletin for ``year``."""
    target = organization.targets.get(year)
    ranked = _rank(entries, standard)
    return [
        Block("title", f"{organization.committee}\n关于{year}年度党支部标准化建设情况的通报"),
        Block("plain", "各部门党委（党组）、机关党委："),
        *_overview(entries, standard, year, target),
        *_compliance(entries, organization, year, standard.grades[0].name, target),
        *_ranking(entries, ranked, standard),
        *_named(ranked, standard, organization),
        Block(
            "para",
            "希望受到命名的党支部珍惜荣誉、保持标准；未达标的党支部对照检查报告逐条整改，"
            "各上级党组织加强指导督促，确保完成年度目标。",
        ),
        Block("closing", f"{organization.committee}\n{official_date(today)}"),
    ]


def _overview(
    entries: list[Entry], standard: Standard, year: int, target: float | None
) -> list[Block]:
    grades = [g.name for g in standard.grades]
    total = len(entries)
    good = [e for e in entries if e.result is not None and e.result.compliant]
    by_status = {s: sum(1 for e in entries if e.status == s) for s in [*grades, UNSCORED, MISSING]}
    share = len(good) / total if total else 0.0
    counts = "、".join(f"{s} {c} 个" for s, c in by_status.items() if c)
    goal = (
        f"年度目标为 {target * 100:.0f}%，{'已完成' if share >= target else '未完成'}年度目标"
        if target is not None
        else "本年度未设定达标率目标"
    )
    return [
        Block(
            "para",
            f"按照《{standard.title}》（{standard.version} 版），工委对 {year} 年度 "
            f"{total} 个党支部的标准化建设台账进行了检查评分。其中{counts}。"
            f"达到“{standard.compliant_from}”及以上等次的标准化党支部 {len(good)} 个，"
            f"达标率 {percent(len(good), total)}，{goal}。现将有关情况通报如下。",
        ),
        Block("heading", "一、总体情况"),
        Block("note", "表1 等次分布"),
        Block(
            "table",
            header=["等次", "支部数", "占比"],
            rows=[[s, str(c), percent(c, total)] for s, c in by_status.items()]
            + [["合计", str(total), percent(total, total)]],
            widths=[60, 48, 48],
            align="lrr",
        ),
    ]


def _compliance(
    entries: list[Entry], organization: Organization, year: int, top: str, target: float | None
) -> list[Block]:
    head = ["支部数", f"{top}", "标准化党支部", "达标率", "目标完成"]
    blocks: list[Block] = []
    groups = (
        ("二、分责任区达标情况", "表2 分责任区达标情况", "责任区", organization.zones, "zone"),
        ("三、分层级达标情况", "表3 分层级达标情况", "层级", organization.levels, "level"),
    )
    for heading, caption, column, names, key in groups:
        blocks.append(Block("heading", heading))
        if key == "zone" and target is not None:
            blocks.append(Block("para", f"{year}年度达标率目标为 {target * 100:.0f}%。"))
        blocks.append(Block("note", caption))
        blocks.append(
            Block(
                "table",
                header=[column, *head],
                rows=_compliance_rows(entries, names, key, target),
                widths=[36, 22, 22, 28, 24, 24],
                align="lrrrrc",
            )
        )
    return blocks


def _compliance_rows(
    entries: list[Entry], groups: dict[str, str], key: str, target: float | None
) -> list[list[str]]:
    rows = []
    for group_id, group_name in groups.items():
        mine = [e for e in entries if e.placement.get(key) == group_id]
        if not mine:
            continue
        good = sum(1 for e in mine if e.result is not None and e.result.compliant)
        excellent = sum(1 for e in mine if e.result is not None and e.result.grade == "示范")
        share = good / len(mine)
        met = "—" if target is None else ("达到" if share >= target else "未达到")
        rows.append(
            [group_name, str(len(mine)), str(excellent), str(good), percent(good, len(mine)), met]
        )
    return rows


def _rank(entries: list[Entry], standard: Standard) -> list[tuple[int, Entry]]:
    """Scored branches by grade, then total; equal grade and total share a rank."""
    key = standing(standard)
    scored = [e for e in entries if e.result is not None and e.result.scored]
    ranked = rank(scored, key=lambda e: key(e.result), then=lambda e: e.code)
    return [(place.rank, entry) for entry, place in ranked]


def _ranking(
    entries: list[Entry], ranked: list[tuple[int, Entry]], standard: Standard
) -> list[Block]:
    blocks = [
        Block("heading", "四、量化排名"),
        Block(
            "para",
            "按等次和总分排名，等次和总分都相同的并列；触发一票否决的支部"
            f"按“{standard.veto_grade}”等次排名。",
        ),
        Block("note", "表4 量化排名"),
        Block(
            "table",
            header=["名次", "党支部", "上级党组织", "总分", "等次"],
            rows=[
                [
                    str(place),
                    e.name,
                    e.placement.get("organization_name", ""),
                    number(e.result.total),
                    e.result.grade + ("（否决）" if e.result.vetoed else ""),
                ]
                for place, e in ranked
                if e.result is not None
            ],
            widths=[14, 52, 50, 16, 24],
            align="cllrc",
        ),
    ]
    unranked = [e for e in entries if e.status in (UNSCORED, MISSING)]
    if unranked:
        blocks.append(
            Block(
                "para",
                "未参加排名：" + "、".join(f"{e.name}({e.status})" for e in unranked) + "。",
            )
        )
    return blocks


def _named(
    ranked: list[tuple[int, Entry]], standard: Standard, organization: Organization
) -> list[Block]:
    grades = [g.name for g in standard.grades]
    floor = grades.index(standard.compliant_from)
    blocks = [Block("heading", "五、命名名单")]
    for index, grade in enumerate(grades[: floor + 1]):
        names = [e for _, e in ranked if e.result is not None and e.result.grade == grade]
        blocks.append(
            Block("subheading", f"（{cn_number(index)}）{grade}党支部（{len(names)} 个）")
        )
        if not names:
            blocks.append(Block("para", "无。"))
            continue
        for zone_id, zone_name in organization.zones.items():
            mine = [e.name for e in names if e.placement.get("zone") == zone_id]
            if mine:
                blocks.append(Block("para", f"{zone_name}:{'、'.join(mine)}。"))
        other = [e.name for e in names if e.placement.get("zone") not in organization.zones]
        if other:
            blocks.append(Block("para", f"其他：{'、'.join(other)}。"))
    return blocks
