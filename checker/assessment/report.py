"""`checker assess` in words: the ranking, each organization's components times weights
adding up to its total, and the reasons for every point not given."""

from __future__ import annotations

from collections.abc import Iterator

from checker.assessment.results import Assessment, OrganizationResult, number
from checker.core.cleantext import markdown as cell
from checker.core.codes import LEVEL_NAMES


def _place(result: OrganizationResult, key: str) -> str:
    place = result.ranks[key]
    return f"{place.rank}/{place.of}" + ("（并列）" if place.tied else "")


def _sum(result: OrganizationResult) -> str:
    terms = [f"{c.name} {number(c.score)}×{number(c.weight)}" for c in result.components]
    text = " + ".join(terms)
    if result.bonus:
        text += f" + 加分 {number(result.bonus)}"
    if result.deduction:
        text += f" − 减分 {number(result.deduction)}"
    return f"{text} = {number(result.total)} 分"


def text_lines(assessment: Assessment) -> Iterator[str]:
    yield f"{assessment.year} 年度党组织目标考核（{assessment.scheme[0]} {assessment.scheme[1]}）"
    for result in assessment.organizations:
        yield (
            f"  {_place(result, 'overall')} {result.organization} {result.name}："
            f"{number(result.total)} 分；责任区内 {_place(result, 'zone')}，"
            f"同层级 {_place(result, 'level')}"
        )
        yield f"    计分：{_sum(result)}"
        for reason in result.reasons:
            yield f"    - {reason}"
    yield from _rollup_lines(assessment)
    for finding in assessment.findings:
        place = f"{finding.file}:{finding.line}:{finding.column}"
        yield f"{place}: {finding.code} {LEVEL_NAMES[finding.level]} {finding.message}"


SCOPES = {"committee": "全市", "zone": "责任区", "level": "层级", "organization": "党组织"}


def _rollup_lines(assessment: Assessment) -> Iterator[str]:
    if not assessment.rollups:
        return
    yield f"{assessment.year} 年度支部标准化达标情况"
    for rollup in assessment.rollups:
        share = f"{rollup.compliant}/{rollup.branches}"
        target = "" if rollup.target is None else f"，目标 {float(rollup.target):.0%}"
        gap = f"，还需 {rollup.needed} 个支部达标" if rollup.needed else "，已达到目标"
        if rollup.target is None:
            gap = ""
        yield f"  {SCOPES[rollup.scope]} {rollup.name}：达标 {share}{target}{gap}"
        if rollup.needed and rollup.closest:
            near = "、".join(f"{n.branch} {n.name}（{number(n.total)} 分）" for n in rollup.closest)
            yield f"    最接近达标：{near}"
    steps = [
        f"{row['year']} 年 目标 {row['target']:.0%}"
        + ("" if row["share"] is None else f"、实际 {row['share']:.0%}")
        for row in assessment.trajectory
        if row["target"] is not None
    ]
    if steps:
        yield "  三年目标：" + " → ".join(steps)


def markdown_lines(assessment: Assessment) -> Iterator[str]:
    yield f"## {assessment.year} 年度党组织目标考核"
    yield ""
    first = assessment.organizations[0].components if assessment.organizations else []
    names = [f"{cell(c.name)}（×{number(c.weight)}）" for c in first]
    yield "| 名次 | 党组织 | " + " | ".join(names) + " | 加分 | 减分 | 总分 |"
    yield "|---:|---|" + "---:|" * len(names) + "---:|---:|---:|"
    for result in assessment.organizations:
        scores = [str(number(c.score)) for c in result.components]
        yield (
            f"| {_place(result, 'overall')} | {cell(result.name)} | "
            + " | ".join(scores)
            + f" | {number(result.bonus)} | {number(result.deduction)} | {number(result.total)} |"
        )
    yield ""
