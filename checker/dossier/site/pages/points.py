"""党员积分: the points ledgers in counts only, per year, for the committee, each zone, each
level and each branch that keeps a ledger. The same page in both scopes: no member's id,
total or grade is ever on it, and small groups show neither grades nor an average."""

from __future__ import annotations

from collections.abc import Iterable

from checker.core.site.html import Cell, e, front_matter, html_block, link, table
from checker.dossier.site.aggregate import in_order
from checker.dossier.site.ledgers import PointsData
from checker.dossier.site.pages.common import CREDITS, CREDITS_STANDARD, Context, num_cell, pct
from checker.points.summary import K_MIN, Tally, YearSummary

WITHHELD = "人数较少，不单列"


def points_page(site: Context, points: PointsData) -> str:
    out = [front_matter(title="党员积分", hide=["navigation"])]
    out.append("# 党员积分\n\n")
    if not points.years:
        out.append("还没有党支部在台账中记录党员积分（年度目录中的 points/ 目录）。\n\n")
        out.append(_standard_link(points))
        out.append(_explained(points))
        return "".join(out)
    latest = points.years[-1]
    out.append(
        f"{latest.year}年度有 {latest.committee.ledgers} 个党支部记录党员积分，"
        f"参加定级的党员 {latest.committee.graded} 人。"
        "本页只列汇总数字，不列任何党员的编号、姓名、积分和等次。\n\n"
    )
    out.append(_standard_link(points))
    out.append(_explained(points))
    for year in reversed(points.years):
        out.append(_year(site, year))
    return "".join(out)


def _standard_link(points: PointsData) -> str:
    # A paragraph of the link alone: a link inside running text would need more than its
    # colour to stand out (axe: link-in-text-block).
    href = e(link(CREDITS, CREDITS_STANDARD))
    words = f"积分标准：{len(points.standard.rules)} 条积分标准、总分的构成和定级的规则"
    return html_block(f'<p><a href="{href}">{words}</a></p>')


def _explained(points: PointsData) -> str:
    days = points.standard.review_days
    return (
        '!!! info "怎样统计"\n\n'
        "    - **参加定级**：名册中在本支部满一个月、且不属于不参加定级类别的党员，"
        "占名册人数的比例；\n"
        "    - **按时申报**：到统计之日已结束的月份中，台账有当月申报文件的比例；\n"
        f"    - **按时审核**：已审核的月份中，在月末之后、{days} 日之内审核的比例"
        "（月末之前审核的不算按时）；\n"
        "    - **平均总分**：参加定级党员年度总分的平均，保留一位小数；\n"
        "    - **等次**：支部党员大会定级的人数，“未定级”是年度定级尚未作出的党员。\n\n"
        f"    参加定级的党员少于 {K_MIN} 人的，等次人数和平均总分不单列，写“{WITHHELD}”；"
        "同一责任区、层级或全工委中不单列的几行合计仍少于 "
        f"{K_MIN} 人时，人数最少的另一行也不单列，"
        "免得用合计减去其他各行算出来。\n\n"
    )


def _year(site: Context, year: YearSummary) -> str:
    y = year.year
    zones = in_order(year.zones, site.org.zones)
    levels = in_order(year.levels, site.org.levels)
    branches = sorted(year.branches.items(), key=lambda kv: kv[0])
    parts = [f"## {y}年度 {{#y{y}}}\n\n"]
    parts.append(_table(year, [("全工委", year.committee)], "全工委", f"{y}年度全工委"))
    parts.append(f"### 各责任区 {{#y{y}-zones}}\n\n")
    rows = ((e(site.zone_name(z)), t) for z, t in zones)
    parts.append(_table(year, rows, "责任区", f"{y}年度各责任区"))
    parts.append(f"### 各层级 {{#y{y}-levels}}\n\n")
    rows = ((e(site.level_name(lv)), t) for lv, t in levels)
    parts.append(_table(year, rows, "层级", f"{y}年度各层级"))
    parts.append(f"### 各党支部 {{#y{y}-branches}}\n\n")
    parts.append("只列记录了党员积分的党支部。\n\n")
    rows = ((_branch_name(site, code), t) for code, t in branches)
    parts.append(_table(year, rows, "党支部", f"{y}年度各党支部", ledgers=False))
    return "".join(parts)


def _branch_name(site: Context, code: str) -> str:
    return site.branch_link(CREDITS, code) if code in site.by_code else e(code)


def _table(
    year: YearSummary,
    rows: Iterable[tuple[str, Tally]],
    label: str,
    caption: str,
    ledgers: bool = True,
) -> str:
    headers: list[str | tuple[str, str]] = [label]
    if ledgers:
        headers.append(("支部数", "num"))
    headers += [
        ("名册人数", "num"),
        ("参加定级", "num"),
        ("参加定级占比", "num"),
        ("按时申报", "num"),
        ("按时审核", "num"),
        ("平均总分", "num"),
    ]
    headers += [(name, "num") for name in year.grade_names]
    body = []
    for name, tally in rows:
        cells: list[Cell | str] = [name]
        if ledgers:
            cells.append(num_cell(tally.ledgers))
        cells += [num_cell(tally.roster), num_cell(tally.graded)]
        cells += [_share(tally.scheme_share), _share(tally.filed_share)]
        cells.append(_share(tally.on_time_share))
        cells += _grades(tally, year.grade_names)
        body.append(cells)
    return table(headers, body, css="points-summary", caption=caption)


def _share(value: float | None) -> Cell:
    return Cell("—", sort="-1", css="num") if value is None else num_cell(value, pct(value))


def _grades(tally: Tally, names: tuple[str, ...]) -> list[Cell]:
    """The average and the grade counts, or the small-group notice and dashes."""
    average = tally.average
    if average is None:
        withheld = Cell(f'<span class="withheld">{WITHHELD}</span>', sort="-1")
        return [withheld, *(Cell("—", sort="-1", css="num") for _ in names)]
    return [num_cell(average, str(average))] + [
        num_cell(tally.grades.get(name, 0)) for name in names
    ]
