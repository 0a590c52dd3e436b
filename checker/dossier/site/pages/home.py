"""首页: the compliance share against the year's target, grades over the years, changes."""

from __future__ import annotations

from checker.core.site import svg
from checker.core.site.html import Cell, e, figure, front_matter, html_block, html_list, link, table
from checker.dossier.report.text import number
from checker.dossier.site.aggregate import Share, YearSummary, in_order
from checker.dossier.site.pages import paging
from checker.dossier.site.pages.common import (
    EXEMPLARS,
    HOME,
    INTERNAL,
    RANKING,
    WEAKNESS,
    Context,
    frac,
    num_cell,
    pct,
    signed,
    signed_pct,
    trend_cell,
)
from checker.dossier.site.pages.downloads import RATES, download_links
from checker.dossier.site.pages.home_targets import target_blocks


def home(site: Context) -> str:
    page = HOME
    latest = site.latest
    share = latest.overall
    stats = [
        {"label": "参评党支部", "value": f"{share.total}", "unit": "个"},
        {"label": f"{latest.year}年达标率", "value": pct(share.value), "unit": ""},
        {
            "label": "年度目标",
            "value": pct(latest.target) if latest.target is not None else "未设定",
            "unit": "",
        },
        {"label": "示范党支部", "value": f"{latest.grades.get(site.top, 0)}", "unit": "个"},
    ]
    hero = {
        "committee": site.org.committee,
        "year": latest.year,
        "lead": _lead(site, latest),
        "stats": stats,
        "links": [
            {"title": "示范党支部", "href": link(page, EXEMPLARS)},
            {"title": "排名", "href": link(page, RANKING)},
            {"title": "薄弱项分析", "href": link(page, WEAKNESS)},
        ],
    }
    out = [front_matter(title="首页", template="home.html", hide=["navigation", "toc"], hero=hero)]
    out.append("# 党支部标准化建设总览\n\n")
    out.append(site.scope_note())
    out.append(target_blocks(site))
    out.append("## 达标率与年度目标 {#compliance}\n\n")
    out.append(
        f"“达标率”是等次为{e(site.standard.compliant_from)}及以上的党支部占参评党支部的比例；"
        "目标来自工委确定的年度目标。各年度按责任区、层级的达标率折叠在下面，点开可看图表和明细。\n\n"
    )
    out.append(download_links(site, page, RATES))
    for year in sorted(site.summary.years, reverse=True):
        out.append(_year_block(site, site.summary.years[year]))
    out.append("## 等次分布 {#grades}\n\n")
    out.append(_grades_block(site))
    out.append("## 与上年相比 {#changes}\n\n")
    if not site.summary.changes:
        out.append("只有一个年度的数据，暂无同比变化。\n\n")
    for year in sorted(site.summary.changes, reverse=True):
        out.append(_change_block(site, page, year))
    return "".join(out)


def _lead(site: Context, latest: YearSummary) -> str:
    share = latest.overall
    text = (
        f"{latest.year}年度共 {share.total} 个党支部参加标准化建设考核，"
        f"{share.compliant} 个达到{site.standard.compliant_from}及以上等次，"
        f"达标率 {pct(share.value)}"
    )
    if share.target is not None:
        verdict = "已达到" if share.met else "尚未达到"
        text += f"，{verdict}年度目标 {pct(share.target)}"
    return text + "。"


def _year_block(site: Context, summary: YearSummary) -> str:
    """One year folded into a line that says how it went; the charts and table inside."""
    share = summary.overall
    zones = in_order(summary.by_zone, site.org.zones)
    levels = in_order(summary.by_level, site.org.levels)
    target = (
        f"，目标 {pct(share.target)}，{'已达到' if share.met else '未达到'}目标"
        if share.target is not None
        else "，未设定目标"
    )
    line = (
        f"{summary.year}年度：参评 {share.total} 个，达标及以上 {share.compliant} 个，"
        f"达标率 <b>{e(pct(share.value))}</b>{e(target)}"
    )
    zone_bars = [svg.Bar("全部", share.value, share.target, "bar-all", frac(share))]
    zone_bars += [svg.Bar(site.zone_name(z), s.value, s.target, "", frac(s)) for z, s in zones]
    level_bars = [svg.Bar(site.level_name(lv), s.value, s.target, "", frac(s)) for lv, s in levels]
    rows = [_share_row("全部", share)]
    rows += [_share_row(f"责任区 · {site.zone_name(z)}", s) for z, s in zones]
    rows += [_share_row(f"层级 · {site.level_name(lv)}", s) for lv, s in levels]
    listing = table(
        ["范围", ("参评", "num"), ("达标", "num"), ("达标率", "num"), ("目标", "num"), "对照目标"],
        rows,
        caption=f"{summary.year}年度达标率",
    )
    return html_block(
        f'<details class="year-block" id="y{summary.year}"><summary>{line}</summary>',
        '<div class="chart-grid">',
        '<figure class="chart-card"><figcaption>按责任区</figcaption>',
        svg.hbar_chart(zone_bars, f"{summary.year}年各责任区达标率与目标"),
        "</figure>",
        '<figure class="chart-card"><figcaption>按层级</figcaption>',
        svg.hbar_chart(level_bars, f"{summary.year}年各层级达标率与目标"),
        "</figure></div>",
        listing.strip(),
        "</details>",
    )


def _share_row(label: str, share: Share) -> list[Cell | str]:
    if share.target is None:
        verdict = Cell("—")
        target = Cell("—", sort="-1", css="num")
    else:
        gap = share.value - share.target
        verdict = (
            Cell('<span class="ok">达到</span>', sort="1")
            if share.met
            else Cell(f'<span class="short">差 {e(pct(-gap))}</span>', sort="0")
        )
        target = num_cell(share.target, pct(share.target))
    return [
        e(label),
        num_cell(share.total),
        num_cell(share.compliant),
        num_cell(share.value, pct(share.value)),
        target,
        verdict,
    ]


def _grades_block(site: Context) -> str:
    years = site.summary.years
    rows = [
        (
            f"{year}年",
            [
                svg.Segment(g, years[year].grades.get(g, 0), f"grade-{i}")
                for i, g in enumerate(site.grades)
            ],
        )
        for year in sorted(years)
    ]
    chart = svg.stacked_chart(rows, "各年度等次分布")
    table_rows = []
    for year in sorted(years, reverse=True):
        summary = years[year]
        table_rows.append(
            [f"{year}年", num_cell(summary.overall.total)]
            + [num_cell(summary.grades.get(g, 0)) for g in site.grades]
            + [num_cell(summary.mean_total)]
        )
    return figure(chart) + table(
        ["年度", ("参评", "num"), *((g, "num") for g in site.grades), ("平均分", "num")],
        table_rows,
        caption="等次分布（个）",
    )


def _change_block(site: Context, page: str, year: int) -> str:
    change = site.summary.changes[year]
    now = site.summary.years[year]
    before = site.summary.years[change.previous]
    out = [f"### {change.previous} → {year} {{#change-{year}}}\n\n"]
    items = [
        f"达标率由 {pct(before.overall.value)} 变为 {pct(now.overall.value)}"
        f"({signed_pct(change.share_delta)})",
        f"平均分由 {number(before.mean_total)} 变为 {number(now.mean_total)}"
        f"({signed(change.mean_delta)})",
        f"两年均参评的党支部中，等次上升 {len(change.up)} 个，下降 {len(change.down)} 个，"
        f"持平 {change.same} 个",
    ]
    if change.newly_compliant:
        items.append(
            f"新达到{site.standard.compliant_from}及以上的 {len(change.newly_compliant)} 个"
        )
    if change.new_top:
        names = _some_names(site, page, change.new_top)
        items.append(f"新晋{site.top}党支部 {len(change.new_top)} 个：{names}")
    if site.scope == INTERNAL:
        if change.up:
            items.append(f"等次上升：{_some_names(site, page, change.up)}")
        if change.down:
            items.append(f"等次下降：{_some_names(site, page, change.down)}")
    out.append(html_block(html_list("ul", "change-list", items)))
    rows = []
    for label, groups_before, groups_now, deltas in (
        ("责任区", before.by_zone, now.by_zone, change.zone_delta),
        ("层级", before.by_level, now.by_level, change.level_delta),
    ):
        name = site.zone_name if label == "责任区" else site.level_name
        for group, delta in deltas.items():
            was, is_ = groups_before[group].value, groups_now[group].value
            rows.append(
                [
                    e(f"{label} · {name(group)}"),
                    num_cell(was, pct(was)),
                    num_cell(is_, pct(is_)),
                    trend_cell(signed_pct(delta), delta),
                ]
            )
    out.append(
        table(
            ["范围", (f"{change.previous}年", "num"), (f"{year}年", "num"), ("变化", "num")],
            rows,
            caption="达标率变化",
        )
    )
    moves = [(i, d) for i, d in change.item_delta if d != 0][:6]
    if moves:
        out.append(
            table(
                ["条目", ("平均得分变化", "num")],
                [
                    [f"{e(i)} {e(site.standard.items[i].title)}", trend_cell(signed(d), d)]
                    for i, d in moves
                ],
                caption="平均得分变化最大的条目",
            )
        )
    return "".join(out)


def _some_names(site: Context, page: str, codes: list[str]) -> str:
    """The first few names of a list that grows with the branches, and a link to the rest:
    the home page stays the same size for a hundred branches or ten thousand."""
    shown = max(1, paging.PAGE_ROWS // 10)
    if len(codes) <= shown:
        return site.names(page, codes)
    rest = f'<a href="{e(link(page, RANKING))}">排名</a>'
    return f"{site.names(page, codes[:shown])} 等 {len(codes)} 个（全部见{rest}）"
