"""The home page's roll-up to the committee's targets: this year's gap per zone and level
(达标 n/N, 目标, 还需 N 个支部达标) and the target against the share reached across the
years. The same figures as `checker assess` (``checker.assessment.rollup``), from the
dossier results the site already has: the home page needs no assessment inputs."""

from __future__ import annotations

import math
from fractions import Fraction

from checker.assessment.results import number
from checker.assessment.rollup import Rollup, rollups, trajectory
from checker.core.site import svg
from checker.core.site.html import Cell, e, html_block, table
from checker.dossier.site.pages.common import HOME, INTERNAL, Context, num_cell, pct


def target_blocks(site: Context) -> str:
    latest = site.latest
    found = rollups(list(latest.results.values()), site.org, latest.year)
    by_year = {year: list(s.results.values()) for year, s in site.summary.years.items()}
    return _gap(site, latest.year, found) + _trajectory(trajectory(by_year, site.org))


def _verdict(rollup: Rollup) -> str:
    if rollup.target is None:
        return "未设定目标"
    if rollup.needed == 0:
        return "已达到目标"
    return f"还需 {rollup.needed} 个支部达标"


def _gap(site: Context, year: int, found: list[Rollup]) -> str:
    out = [f"## 对照{year}年度目标 {{#gap}}\n\n"]
    committee = next((r for r in found if r.scope == "committee"), None)
    if committee is None or committee.target is None:
        out.append(f"{year}年度未设定达标率目标。\n\n")
        return "".join(out)
    out.append(
        f"{year}年度目标是达标率 {pct(float(committee.target))}：全工委 {committee.branches} "
        f"个党支部中 {committee.compliant} 个达标及以上，**{_verdict(committee)}**。"
        "各责任区、各层级分别对照同一目标，“还需”是达到目标至少还要多少个支部达标。\n\n"
    )
    zones = [r for r in found if r.scope == "zone"]
    levels = [r for r in found if r.scope == "level"]
    out.append(
        html_block(
            '<div class="chart-grid">',
            '<figure class="chart-card"><figcaption>按责任区</figcaption>',
            svg.hbar_chart(_bars(zones), f"{year}年各责任区对照目标"),
            "</figure>",
            '<figure class="chart-card"><figcaption>按层级</figcaption>',
            svg.hbar_chart(_bars(levels), f"{year}年各层级对照目标"),
            "</figure></div>",
        )
    )
    rows = [_row("全工委", committee)]
    rows += [_row(f"责任区 · {site.zone_name(r.id)}", r) for r in zones]
    rows += [_row(f"层级 · {site.level_name(r.id)}", r) for r in levels]
    out.append(
        table(
            ["范围", ("达标", "num"), ("目标", "num"), ("还需", "num"), "对照目标"],
            rows,
            caption=f"{year}年度对照目标还需达标的党支部",
        )
    )
    if site.scope == INTERNAL:  # the public site names no branch below 达标
        out.append(_closest(site, [committee, *zones]))
    return "".join(out)


def _closest(site: Context, found: list[Rollup]) -> str:
    """Where the target is not met: the branches below 达标 with the highest totals, the
    first to help over the line."""
    lines = []
    for r in found:
        if not r.needed or not r.closest:
            continue
        label = "全工委" if r.scope == "committee" else site.zone_name(r.id)
        near = "、".join(
            f"{site.branch_link(HOME, n.branch, n.name)}（{number(n.total)} 分，{e(n.grade)}）"
            for n in r.closest
        )
        lines.append(f"<li>{e(label)}：{near}</li>")
    if not lines:
        return ""
    return html_block(
        '<div class="closest"><p>最接近达标的党支部（内部版，按总分从高到低）：</p><ul>',
        *lines,
        "</ul></div>",
    )


def _bars(found: list[Rollup]) -> list[svg.Bar]:
    """Coloured by whether the target is met, and saying so in the value's note."""
    bars = []
    for r in found:
        share = r.compliant / r.branches if r.branches else 0.0
        target = None if r.target is None else float(r.target)
        met = r.target is not None and r.needed == 0
        note = "达到" if met else (f"差{r.needed}个" if r.target is not None else "")
        bars.append(svg.Bar(r.name, share, target, "bar-met" if met else "bar-short", note))
    return bars


def _row(label: str, r: Rollup) -> list[Cell | str]:
    css = "ok" if r.target is not None and r.needed == 0 else "short"
    return [
        e(label),
        _count_cell(r.compliant, r.branches),
        _share_cell(None if r.target is None else float(r.target)),
        num_cell(r.needed, f"{r.needed} 个"),
        Cell(f'<span class="{css}">{e(_verdict(r))}</span>', sort=str(r.needed)),
    ]


def _trajectory(rows: list[dict]) -> str:
    if not any(row["target"] is not None for row in rows):
        return ""
    out = ["## 历年目标与实际 {#trajectory}\n\n"]
    out.append(_story(rows))
    pairs = [svg.Pair(f"{row['year']}年", row["target"], row["share"]) for row in rows]
    words = "；".join(_in_words(row) for row in rows)
    chart = svg.target_chart(pairs, "历年目标与实际达标率", f"历年目标与实际达标率：{words}")
    out.append(html_block('<figure class="chart-card wide">', chart, "</figure>"))
    body = [
        [
            f"{row['year']}年",
            _share_cell(row["target"]),
            _share_cell(row["share"]),
            _count_cell(row["compliant"], row["branches"]),
            e(_year_verdict(row)),
        ]
        for row in rows
    ]
    out.append(
        table(
            ["年度", ("目标", "num"), ("实际达标率", "num"), ("达标", "num"), "对照目标"],
            body,
            caption="历年目标与实际达标率",
        )
    )
    return "".join(out)


def _story(rows: list[dict]) -> str:
    """The targets in a line (50% → 80% → 100%), and the next year's target, if one is set
    for a year without results yet."""
    steps = [f"{row['year']}年 {pct(row['target'])}" for row in rows if row["target"] is not None]
    text = f"工委确定的达标率目标逐年提高：{' → '.join(steps)}。"
    coming = [row for row in rows if row["share"] is None and row["target"] is not None]
    if coming:
        row = coming[0]
        text += f"下一步，{row['year']}年度的目标是达标率 **{pct(row['target'])}**。"
    return e(text) + "\n\n"


def _in_words(row: dict) -> str:
    target = "未设定目标" if row["target"] is None else f"目标 {pct(row['target'])}"
    share = "暂无评分结果" if row["share"] is None else f"实际 {pct(row['share'])}"
    return f"{row['year']}年{target}，{share}"


def _year_verdict(row: dict) -> str:
    """In branches, as the gap above counts them, not in a rounded share."""
    if row["share"] is None:
        return "暂无评分结果"
    if row["target"] is None:
        return "未设定目标"
    needed = math.ceil(Fraction(str(row["target"])) * row["branches"]) - row["compliant"]
    return "已达到" if needed <= 0 else f"未达到，差 {needed} 个支部"


def _share_cell(value: float | None) -> Cell:
    return Cell("—", sort="-1", css="num") if value is None else num_cell(value, pct(value))


def _count_cell(compliant: int, branches: int) -> Cell:
    """达标 n/N, sorted by the share."""
    share = compliant / branches if branches else 0.0
    return Cell(f"{compliant}/{branches}", sort=f"{share:.4f}", css="num")
