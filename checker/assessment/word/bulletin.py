"""The annual assessment bulletin (年度考核结果通报), as blocks: the ranking of the
organizations with each component's weighted points, bonus, deduction and total, the
ranking within each zone, and the branches' standardization against the year's target.

Composites and components only: no rater, no single ballot and no cell of the peer ratings
is shown. It reads an Assessment and computes no score."""

from __future__ import annotations

from datetime import date

from checker.assessment.results import Assessment, OrganizationResult, number
from checker.core.organization import Organization
from checker.core.periods import official_date
from checker.dossier.word.report import Block, cn_number

NAME_WIDTH = 34.0
TEXT_WIDTH = 156.0  # A4 less the GB/T 9704 margins, in mm


def place(result: OrganizationResult, key: str) -> str:
    """The rank, with 并列 below it when it is shared (the column is two characters wide)."""
    got = result.ranks.get(key)
    if got is None:
        return "—"
    return f"{got.rank}" + ("\n并列" if got.tied else "")


def _figure(value) -> str:
    return str(number(value))


def _lead(assessment: Assessment, organization: Organization) -> str:
    count = len(assessment.organizations)
    title = assessment.scheme_title or assessment.scheme[0]
    parts = "、".join(
        f"{c.name}（{float(c.weight) * 100:.0f}%）"
        for c in (assessment.organizations[0].components if count else [])
    )
    return (
        f"按照《{title}》（{assessment.scheme[1]} 版），{organization.committee}对 {count} 个"
        f"党组织{assessment.year}年度的党建工作进行了目标考核。考核由{parts}组成，"
        "总分为各部分得分（满分 100 分）乘以权重之和，加上加分、减去减分。"
        "现将考核结果通报如下。"
    )


def _ranking(assessment: Assessment) -> list[Block]:
    results = assessment.organizations
    components = results[0].components if results else []
    share = (TEXT_WIDTH - 12 - NAME_WIDTH - 12 - 12 - 16) / max(len(components), 1)
    header = ["名次", "党组织"]
    header += [f"{c.name}\n{float(c.weight) * 100:.0f}%" for c in components]
    header += ["加分", "减分", "总分"]
    rows = [
        [place(r, "overall"), r.name, *(_figure(c.weighted) for c in r.components),
         _figure(r.bonus), _figure(r.deduction), _figure(r.total)]
        for r in results
    ]  # fmt: skip
    return [
        Block("heading", "一、总体排名"),
        Block(
            "para",
            "各部分为得分乘以权重后的分值，各部分、加分和减分相加即为总分；总分相同的并列，"
            "下一个名次顺延。",
        ),
        Block("note", "表1 年度考核排名"),
        Block(
            "table",
            header=header,
            rows=rows,
            widths=[12, NAME_WIDTH, *([share] * len(components)), 12, 12, 16],
            align="cl" + "r" * (len(components) + 3),
            # Taller than what is left of the first page: it starts there and runs on,
            # its header repeated, rather than leaving the page empty.
            together=False,
        ),
    ]


def _zones(assessment: Assessment, organization: Organization) -> list[Block]:
    blocks = [Block("heading", "二、分责任区排名")]
    number_ = 2
    index = 0
    for zone_id, zone_name in organization.zones.items():
        mine = [r for r in assessment.organizations if r.zone == zone_id]
        if not mine:
            continue
        mine.sort(key=lambda r: (r.ranks["zone"].rank, r.organization))
        blocks.append(Block("subheading", f"（{cn_number(index)}）{zone_name}"))
        blocks.append(Block("note", f"表{number_} {zone_name}排名"))
        blocks.append(
            Block(
                "table",
                header=["名次", "党组织", "总分", "全部名次"],
                rows=[
                    [place(r, "zone"), r.name, _figure(r.total), place(r, "overall")] for r in mine
                ],
                widths=[18, 90, 22, 26],
                align="clrc",
            )
        )
        number_ += 1
        index += 1
    return blocks


SCOPES = {"committee": "全市", "zone": "责任区", "level": "层级"}


def _standardization(assessment: Assessment, table: int) -> list[Block]:
    rows = []
    for rollup in assessment.rollups:
        if rollup.scope not in SCOPES:
            continue
        target = "—" if rollup.target is None else f"{float(rollup.target) * 100:.0f}%"
        needed = "—" if rollup.target is None else (str(rollup.needed) if rollup.needed else "0")
        scope = "合计" if rollup.scope == "committee" else SCOPES[rollup.scope]
        name = rollup.name if rollup.scope != "committee" else "全部党支部"
        rows.append([scope, name, f"{rollup.compliant}/{rollup.branches}", target, needed])
    blocks = [Block("heading", "三、支部标准化建设对照年度目标")]
    if not rows:
        return [*blocks, Block("para", f"{assessment.year}年度没有可评分的党支部台账。")]
    return [
        *blocks,
        Block(
            "para",
            "“还需”为对照当年目标还需达标的支部数；没有设定目标的年度记“—”。",
        ),
        Block("note", f"表{table} 分责任区、分层级达标情况"),
        Block(
            "table",
            header=["范围", "名称", "达标/支部数", "目标", "还需"],
            rows=rows,
            widths=[22, 58, 30, 22, 24],
            align="llrrr",
        ),
    ]


def assessment_bulletin(
    assessment: Assessment, organization: Organization, today: date
) -> list[Block]:
    """The bulletin of ``assessment.year``, signed by the committee on ``today``."""
    zones = _zones(assessment, organization)
    tables = 1 + sum(1 for b in zones if b.kind == "table")
    return [
        Block(
            "title",
            f"{organization.committee}\n关于{assessment.year}年度党组织目标考核结果的通报",
        ),
        Block("plain", "各部门党委（党组）、机关党委："),
        Block("para", _lead(assessment, organization)),
        *_ranking(assessment),
        *zones,
        *_standardization(assessment, tables + 1),
        Block(
            "para",
            "希望各党组织对照考核结果查找差距、补齐短板，推动机关党建工作质量全面提升。",
        ),
        Block("closing", f"{organization.committee}\n{official_date(today)}"),
    ]
