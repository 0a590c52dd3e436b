"""薄弱项分析: the items lost most often, each zone's weakest items, and each aspect's rate."""

from __future__ import annotations

from checker.core.codes import CODES, code
from checker.core.site import svg
from checker.core.site.html import (
    Cell,
    e,
    figure,
    front_matter,
    html_block,
    html_list,
    inline_code,
    table,
)
from checker.dossier.site.aggregate import (
    ItemStat,
    aspect_rates,
    in_order,
    item_order,
    weakest_in_zone,
    weakest_items,
)
from checker.dossier.site.pages.common import WEAKNESS, Context, num_cell, pct

CHART_ITEMS = 10  # items in the chart of the most lost
ZONE_ITEMS = 5  # weakest items listed per zone


def weakness(site: Context) -> str:
    latest = site.latest
    out = [front_matter(title="薄弱项分析", hide=["navigation"])]
    out.append(f"# {latest.year}年度薄弱项分析\n\n")
    out.append(
        f"统计 {latest.overall.total} 个参评党支部在每个条目上的失分情况"
        "（得分低于满分即计为失分）。“常见原因”是失分的原因和因此失分的支部数，点击原因后的代码可查看说明。\n\n"
    )
    stats = weakest_items(latest)
    if not stats:
        out.append("所有党支部在所有条目上均得满分。\n\n")
        return "".join(out)
    out.append("## 失分最多的条目 {#items}\n\n")
    out.append(_items(site, stats))
    out.append("## 各责任区的薄弱项 {#zones}\n\n")
    out.append(
        f"每个责任区失分支部最多的 {ZONE_ITEMS} 个条目"
        "（括号内为失分支部数 / 该责任区参评支部数）。\n\n"
    )
    out.append(_zones(site))
    out.append("## 各方面得分率 {#aspects}\n\n")
    out.append(_aspects(site))
    return "".join(out)


def _items(site: Context, stats: list[ItemStat]) -> str:
    page = WEAKNESS
    bars = [
        svg.Bar(f"{s.id} {s.title}", s.lost_share, None, "bar-weak", f"{s.lost}个")
        for s in stats[:CHART_ITEMS]
    ]
    chart = html_block(
        '<figure class="chart-card wide"><figcaption>失分支部占比（前 10 项）</figcaption>',
        svg.hbar_chart(bars, "失分支部占比最高的条目"),
        "</figure>",
    )
    aspects = {a.id: a.name for a in site.standard.aspects}
    rows = []
    for stat in stats:
        reasons = _reasons(site, page, stat)
        rows.append(
            [
                Cell(site.item_link(page, stat.id), sort=item_order(stat.id)),
                e(stat.title),
                e(aspects.get(stat.aspect, stat.aspect)),
                num_cell(stat.lost),
                num_cell(stat.lost_share, pct(stat.lost_share)),
                num_cell(stat.mean_lost),
                num_cell(stat.max),
                reasons,
            ]
        )
    return chart + table(
        [
            "条目",
            "名称",
            "方面",
            ("失分支部", "num"),
            ("失分率", "num"),
            ("平均失分", "num"),
            ("分值", "num"),
            "常见原因",
        ],
        rows,
        caption="各条目失分情况",
    )


def _reasons(site: Context, page: str, stat: ItemStat) -> str:
    """Why branches lost points on the item, in words, most branches first: the code's
    title and the count (会议到会人数未过半（2 个支部）), the code a small link beside it."""
    codes = sorted(stat.codes.items(), key=lambda kv: (-kv[1], kv[0]))
    reasons = [
        f"{inline_code(code(c).title) if c in CODES else e(c)}（{n} 个支部）"
        f" {site.code_link(page, c)}"
        for c, n in codes
    ]
    if stat.self_lost:
        reasons.append(f"支部自评分低于满分（{stat.self_lost} 个支部）")
    return html_list("ul", "code-counts", reasons)


def _zones(site: Context) -> str:
    latest = site.latest
    rows = []
    for zone, total in in_order(latest.zone_counts, site.org.zones):
        weak = [
            f"{site.item_link(WEAKNESS, s.id)} {e(s.title)}({s.lost_by_zone[zone]}/{total})"
            for s in weakest_in_zone(latest, zone, ZONE_ITEMS)
        ]
        rows.append(
            [
                e(site.zone_name(zone)),
                num_cell(total),
                html_list("ol", "weak-list", weak) if weak else "无失分条目",
            ]
        )
    return table(["责任区", ("参评", "num"), "失分最多的条目"], rows)


def _aspects(site: Context) -> str:
    rates = aspect_rates(site.standard, site.latest)
    bars = [svg.Bar(f"{aspect.id} {aspect.name}", rate) for aspect, rate in rates]
    rows = [
        [e(a.id), e(a.name), num_cell(a.points), num_cell(rate, pct(rate))] for a, rate in rates
    ]
    return figure(svg.hbar_chart(bars, "各方面平均得分率")) + table(
        ["编号", "方面", ("分值", "num"), ("平均得分率", "num")], rows
    )
