"""考核排名: the committee's yearly assessment of party organizations — the composite
ranking and the zones compared. The same page in both scopes: it shows only composites
(each part's weighted points, bonus, deduction, total), never a rater, a ballot or a rating."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from checker.assessment.results import cents, number
from checker.core.site.html import Cell, e, front_matter, table
from checker.dossier.site.assessments import AssessedYear, Composite
from checker.dossier.site.pages.common import Context, place_cell


def assessment_page(site: Context, years: Sequence[AssessedYear]) -> str:
    out = [front_matter(title="考核排名", hide=["navigation"])]
    out.append("# 党组织年度考核排名\n\n")
    out.append(
        "工委每年对各上级党组织进行年度目标考核，结合“双述双评”，"
        "各部分按考核方案的权重计入总分。本页只列各部分折合后的得分和总分，"
        "不列任何评分人、单张选票或单项评分。\n\n"
    )
    for year in sorted(years, key=lambda y: y.year, reverse=True):
        out.append(_year(site, year))
    return "".join(out)


def points(value: Decimal) -> str:
    """Two decimals at most, as `checker assess` gives them: 91.74, 36.8, 40."""
    return str(number(value))


def _year(site: Context, year: AssessedYear) -> str:
    y = year.year
    parts = [f"## {y}年度 {{#y{y}}}\n\n"]
    weights = "、".join(f"{e(name)} {points(weight * 100)}%" for name, weight in year.components)
    parts.append(
        f"共 {len(year.composites)} 个党组织参加考核（考核方案 {e(year.scheme[0])} "
        f"{e(year.scheme[1])}）。各部分满分 100 分，表中是乘以权重后的得分：{weights}；"
        "总分等于各部分之和加上加分、减去减分。总分相同的并列同一名次，下一名次顺延。"
        "标“缺”的部分没有输入，按考核方案计分。\n\n"
    )
    parts.append(_ranking(site, year))
    parts.append(f"### 各责任区比较 {{#y{y}-zones}}\n\n")
    parts.append(_zones(site, year))
    return "".join(parts)


def _ranking(site: Context, year: AssessedYear) -> str:
    headers: list[str | tuple[str, str]] = [("名次", "num"), "党组织", "责任区"]
    headers += [(f"{name}（{points(weight * 100)}%）", "num") for name, weight in year.components]
    headers += [("加分", "num"), ("减分", "num"), ("总分", "num")]
    rows = []
    for org in year.composites:
        cells: list[Cell | str] = [place_cell(org.place), e(org.name), e(site.zone_name(org.zone))]
        for part in org.parts:
            missing = '<span class="tie">缺</span>' if part.missing else ""
            cells.append(Cell(points(part.weighted) + missing, sort=str(part.weighted), css="num"))
        cells += [_num(org.bonus), _num(org.deduction), _num(org.total)]
        rows.append(cells)
    return table(headers, rows, caption=f"{year.year}年度党组织考核排名", css="assessment")


def _num(value: Decimal) -> Cell:
    return Cell(points(value), sort=str(value), css="num")


def _zones(site: Context, year: AssessedYear) -> str:
    by_zone: dict[str, list[Composite]] = {}
    for org in year.composites:  # best first already
        by_zone.setdefault(org.zone, []).append(org)
    order = [z for z in site.org.zones if z in by_zone]
    order += sorted(z for z in by_zone if z not in site.org.zones)
    rows = []
    for zone in order:
        orgs = by_zone[zone]
        average = sum((o.total for o in orgs), Decimal(0)) / len(orgs)
        best, lowest = orgs[0], orgs[-1]
        rows.append(
            [
                e(site.zone_name(zone)),
                Cell(str(len(orgs)), css="num"),
                _num(cents(average)),
                Cell(f"{e(best.name)}（{points(best.total)}）", sort=str(best.total)),
                Cell(f"{e(lowest.name)}（{points(lowest.total)}）", sort=str(lowest.total)),
            ]
        )
    return table(
        ["责任区", ("党组织", "num"), ("平均总分", "num"), "最高", "最低"],
        rows,
        caption=f"{year.year}年度各责任区考核比较",
    )
