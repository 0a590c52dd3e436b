"""积分标准: the party-member points standard as `schemas/points.yaml` writes it: the parts of
the year's total, the grades and the share of 优秀, the public evaluation, who is not graded
and every standard by category. Every value is the standard's and is escaped."""

from __future__ import annotations

from decimal import Decimal

from checker.core.site.html import Cell, e, front_matter, md, safe_id, table
from checker.dossier.report.text import number
from checker.dossier.site.pages.common import num_cell, threshold_words
from checker.points.standard import Part, PointsRule, PointsStandard, share_words

NONE = "—"


def points_standard_page(standard: PointsStandard) -> str:
    out = [front_matter(title="积分标准", hide=["navigation"])]
    out.append(f"# {md(standard.title)}\n\n")
    out.append(
        f"积分标准编号 `{e(standard.id)}`，版本 {e(standard.version)}，"
        f"共 {len(standard.rules)} 条。党员每月申报，支部在次月 {standard.review_days} 日内审核"
        "（不能早于月末），群众每季度评议，年底由支部党员大会定级。"
        "本页由积分标准数据自动生成，与计算积分的程序使用的是同一份标准。\n\n"
    )
    out.append(_parts(standard))
    out.append(_grades(standard))
    out.append(_evaluation(standard))
    out.append(_not_graded(standard))
    out.append("## 积分标准 {#standards}\n\n")
    out.append(
        "每次分值乘以审核认定的次数；先按每月上限、再按每年上限计入。"
        "标“须附”的，申报时要附佐证材料，没有附的不计分。\n\n"
    )
    for category, (name, part) in standard.categories.items():
        rules = [r for r in standard.rules.values() if r.category == category]
        out.append(f"### {md(name)} {{#{safe_id('cat-' + category)}}}\n\n")
        out.append(f"计入“{e(standard.part(part).name)}”，共 {len(rules)} 条。\n\n")
        out.append(_rules(rules, name))
    return "".join(out)


def _points(value: Decimal | None) -> Cell:
    return Cell(NONE, sort="-1", css="num") if value is None else num_cell(value)


def _parts(standard: PointsStandard) -> str:
    rows = [[e(p.name), _source(p), _part_cap(p), e(_part_note(p))] for p in standard.parts]
    text = (
        "## 年度总分的构成 {#parts}\n\n"
        f"年度总分 = 各部分相加（扣减分相减），不低于 {number(standard.total_min)} 分、"
        f"不高于 {number(standard.total_max)} 分。\n\n"
    )
    return text + table(["部分", "来源", ("上限", "num"), "说明"], rows, sortable=False)


def _source(part: Part) -> str:
    return "季度群众评议" if part.source == "evaluations" else "经支部审核的月度申报"


def _part_cap(part: Part) -> Cell:
    if part.source == "evaluations":
        return _points(part.points)
    return _points(part.cap)


def _part_note(part: Part) -> str:
    notes = []
    if part.source == "evaluations":
        notes.append(f"全年评议满分折算为 {number(part.points or Decimal(0))} 分")
    if part.prorate:
        notes.append("年中转入、转出或新发展的党员按在本支部的月数折算到全年，再取上限")
    if part.subtract:
        notes.append("从总分中减去")
    if part.cap is None and part.source != "evaluations":
        notes.append("不设上限")
    return "；".join(notes)


def _grades(standard: PointsStandard) -> str:
    ranges = threshold_words([g.min for g in standard.grades])
    rows = [
        [e(g.name), num_cell(g.min, text)] for g, text in zip(standard.grades, ranges, strict=True)
    ]
    share = share_words(standard.excellent_share_max)
    return (
        "## 定级 {#grades}\n\n"
        + table(["等次", ("年度总分", "num")], rows, sortable=False)
        + f"按年度总分取第一个达到的等次。定为“{e(standard.excellent)}”的人数不超过参加定级党员的"
        f"{share}；积分达到“{e(standard.excellent)}”而超出这一比例的，"
        f"可以定为“{e(standard.grades[1].name)}”。"
        f"出现一票否决的情形的，不论积分，定级为“{e(standard.veto_grade)}”。\n\n"
    )


def _evaluation(standard: PointsStandard) -> str:
    rows = [[e(name), num_cell(value)] for name, value in standard.ratings.items()]
    missing = "记 0 分" if standard.missing_quarter == "zero" else "不计入平均"
    points = next((p.points for p in standard.parts if p.source == "evaluations"), None)
    scaled = f"再折算为 {number(points)} 分" if points is not None else "再折算"
    return (
        "## 群众评议 {#evaluation}\n\n"
        "每季度一次，只记各档的票数，不记谁投了什么。每名党员按各档票数加权平均（满分 100），"
        f"全年取各季度的平均，{scaled}；没有评议的季度{missing}。\n\n"
        + table(["档次", ("分值", "num")], rows, sortable=False)
    )


def _not_graded(standard: PointsStandard) -> str:
    rows = [
        [e(name), e(standard.not_graded_notes.get(cid, ""))]
        for cid, name in standard.not_graded.items()
    ]
    return (
        "## 不参加定级的党员 {#not-graded}\n\n"
        "下列党员不参加年度定级；年度定级中要写明每人的类别和理由。\n\n"
        + table(["类别", "说明"], rows, sortable=False)
    )


def _rules(rules: list[PointsRule], caption: str) -> str:
    rows = []
    for rule in rules:
        evidence = "须附" + (f"（{e(rule.evidence_hint)}）" if rule.evidence_hint else "")
        rows.append(
            [
                Cell(f'<span id="{safe_id(rule.id)}">{e(rule.id)}</span>', sort=rule.id),
                e(rule.title),
                e(rule.requirement),
                num_cell(rule.points),
                _points(rule.month_cap),
                _points(rule.year_cap),
                evidence if rule.evidence else NONE,
                "是" if rule.veto else NONE,
            ]
        )
    headers = ["编号", "名称", "要求", ("每次分值", "num"), ("每月上限", "num")]
    headers += [("每年上限", "num"), "佐证", "一票否决"]
    return table(headers, rows, css="points-standards", caption=caption)
