"""One page per published branch: its score card, trend, dossier history, items, narratives,
meetings and evidence of the latest year, and the earlier years folded."""

from __future__ import annotations

import re

from checker.core.site import svg
from checker.core.site.html import Cell, e, figure, front_matter, html_block, md, table
from checker.core.site.sanitize import render_narrative
from checker.dossier.history import changes
from checker.dossier.report.text import number
from checker.dossier.results import DossierResult
from checker.dossier.site.aggregate import Ranks, item_order
from checker.dossier.site.collect import Branch, BranchYear
from checker.dossier.site.pages import branch_tables as tables
from checker.dossier.site.pages.badges import badge_section
from checker.dossier.site.pages.common import (
    Context,
    branch_page,
    chart_number,
    num_cell,
    place_cell,
    sources_legend,
)

NARRATIVE_TITLES = {"highlights.md": "特色亮点", "summary.md": "年度工作总结"}


def branch(site: Context, branch: Branch) -> str:
    page = branch_page(branch.code)
    year = branch.latest
    result = year.result
    ranks = site.summary.years[year.year].ranks[branch.code]
    out = [front_matter(title=branch.name, hide=["navigation"])]
    out.append(f"# {md(branch.name)}\n\n")
    facts = [
        ("支部编号", e(branch.code)),
        ("上级党组织", e(site.org_name(branch))),
        ("责任区", e(site.zone_name(branch.zone()))),
        ("层级", e(site.level_name(branch.level()))),
    ]
    out.append(
        html_block(
            '<dl class="branch-facts">',
            *(f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in facts),
            "</dl>",
        )
    )
    out.append(_score_card(site, branch.code, year.year, result, ranks))
    out.append("## 历年得分 {#trend}\n\n")
    out.append(_trend(site, branch))
    out.append(_history(site, page, branch, year.year))
    out.append(f"## {year.year}年度各方面得分 {{#aspects}}\n\n")
    out.append(tables.aspects(result))
    out.append(f"## {year.year}年度逐项得分 {{#items}}\n\n")
    out.append(sources_legend())
    out.append(tables.items(site, page, result, only_lost=False))
    for name in NARRATIVE_TITLES:
        narrative = year.narratives.get(name)
        if narrative is None:
            continue
        out.append(f"## {NARRATIVE_TITLES[name]} {{#{name.removesuffix('.md')}}}\n\n")
        text = untitled(narrative.text)
        html = render_narrative(text, site.image_resolver(year), shift_below(text, 2), site.limits)
        out.append(html_block('<div class="narrative">', html, "</div>"))
    out.append(f"## {year.year}年度组织生活 {{#meetings}}\n\n")
    out.append(tables.attendance(year))
    out.append(f"## {year.year}年度佐证材料 {{#evidence}}\n\n")
    out.append(tables.evidence(year))
    older = [y for y in branch.years.values() if y.year != year.year]
    if older:
        out.append("## 往年详情 {#earlier}\n\n")
        for earlier in sorted(older, key=lambda y: y.year, reverse=True):
            out.append(_earlier(site, page, earlier))
    out.append(badge_section(site, page, branch))
    return "".join(out)


def _score_card(site: Context, code: str, year: int, result: DossierResult, ranks: Ranks) -> str:
    veto = f'<p class="veto-reason">一票否决：{e(result.veto_reason)}</p>' if result.vetoed else ""
    places = [("总排名", ranks.overall), ("责任区内", ranks.zone), ("层级内", ranks.level)]
    return html_block(
        f'<div class="score-card" data-branch="{e(code)}" '
        f'data-year="{year}" data-total="{e(number(result.total))}" '
        f'data-max="{e(number(result.max))}" data-grade="{e(result.grade)}">',
        f'<div class="score-main"><span class="score-year">{year}年度</span>',
        f'<span class="score-number">{e(number(result.total))}</span>',
        f'<span class="score-unit">/ {e(number(result.max))} 分</span>',
        site.grade_badge(result.grade, result.vetoed),
        "</div>",
        '<ul class="score-ranks">',
        *(
            f"<li>{label} <b>{p.rank}</b> / {p.of}{'（并列）' if p.tied else ''}</li>"
            for label, p in places
        ),
        "</ul>",
        veto,
        "</div>",
    )


def _guides(site: Context) -> list[tuple[str, float]]:
    """The grade thresholds drawn across a chart of totals."""
    return [(g.name, float(g.min)) for g in site.standard.grades if g.min > 0]


def _trend(site: Context, branch: Branch) -> str:
    years = sorted(branch.years.items())
    points = [(f"{y}年", float(by.result.total)) for y, by in years]
    chart = svg.line_chart(
        points,
        f"{branch.name}历年总分",
        float(site.standard.total),
        _guides(site),
        fmt=chart_number,
        marked=[by.result.vetoed for _y, by in years],
    )
    rows = []
    for y, by in sorted(branch.years.items(), reverse=True):
        result = by.result
        ranks = site.summary.years[y].ranks[branch.code]
        rows.append(
            [
                f"{y}年",
                num_cell(result.total),
                site.grade_cell(result.grade, result.vetoed),
                place_cell(ranks.overall),
                place_cell(ranks.zone),
                place_cell(ranks.level),
            ]
        )
    return figure(chart) + table(
        [
            "年度",
            ("总分", "num"),
            ("等次", "num"),
            ("总名次", "num"),
            ("责任区内", "num"),
            ("层级内", "num"),
        ],
        rows,
        caption="历年得分与名次",
    )


def _history(site: Context, page: str, branch: Branch, year: int) -> str:
    """The score of this year's dossier at each commit that changed it (from git)."""
    points = [p for p in site.history(branch.code, year) if p.scored]
    if len(points) < 2:
        return ""
    out = [f"## {year}年度台账修改记录 {{#history}}\n\n"]
    out.append(
        f"本年度台账（以及标准、组织信息）每次修改提交后的得分，按提交先后排列，"
        f"共 {len(points)} 个版本；“变化”列出与上一版本相比得分有增减的条目。\n\n"
    )
    labels = [f"第{n}版" for n in range(1, len(points) + 1)]
    chart = svg.line_chart(
        list(zip(labels, (float(p.total) for p in points), strict=True)),
        f"{branch.name}{year}年度台账各版本总分",
        float(site.standard.total),
        _guides(site),
        fmt=chart_number,
        marked=[p.vetoed for p in points],
    )
    rows = []
    for version, (point, delta) in enumerate(zip(points, changes(points), strict=True), 1):
        moved = "、".join(
            f"{site.item_link(page, item)} {'+' if diff > 0 else '−'}{e(number(abs(diff)))}"
            for item, diff in sorted(delta.items(), key=lambda kv: item_order(kv[0]))
        )
        rows.append(
            [
                Cell(str(version), sort=f"{version:06d}"),
                e(point.date[:10]) if point.date else "—",
                f"<code>{e(point.short)}</code>" if point.short else "未提交的修改",
                num_cell(point.total),
                site.grade_cell(point.grade, point.vetoed),
                moved or ('<span class="none">—</span>' if version > 1 else "首个版本"),
            ]
        )
    out.append(figure(chart))
    out.append(
        table(
            [("序号", "num"), "日期", "版本", ("总分", "num"), ("等次", "num"), "变化"],
            rows,
            caption="台账各版本的得分",
        )
    )
    return "".join(out)


def _earlier(site: Context, page: str, year: BranchYear) -> str:
    result = year.result
    summary = f"{year.year}年度：{number(result.total)} 分，{e(result.grade)}" + (
        "，一票否决" if result.vetoed else ""
    )
    parts = [
        f'<details class="earlier-year"><summary>{summary}</summary>',
        tables.aspects(result, with_chart=False).strip(),
        tables.items(site, page, result, only_lost=True).strip()
        if any(i.score < i.max or i.findings for i in result.items)
        else "<p>各条目均得满分。</p>",
    ]
    for name, title in NARRATIVE_TITLES.items():
        narrative = year.narratives.get(name)
        if narrative is not None:
            text = untitled(narrative.text)
            html = render_narrative(
                text, site.image_resolver(year), shift_below(text, 3), site.limits
            )
            parts.append(f'<h3>{title}</h3><div class="narrative">{html}</div>')
    parts.append("</details>")
    return html_block(*parts)


def untitled(text: str) -> str:
    """A narrative without its own first-level title: the page gives the section its title."""
    lines = text.lstrip("\ufeff").splitlines()
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if re.match(r"^#\s", line):
            return "\n".join(lines[:index] + lines[index + 1 :])
        break
    return text


_HEADING = re.compile(r"^(#{1,6})[ \t]", re.M)


def shift_below(text: str, level: int) -> int:
    """How far to move a narrative's headings so that its highest one sits just below a
    section heading of ``level``: a ``##`` under an h2 becomes h3, not h4 (heading order)."""
    found = [len(m.group(1)) for m in _HEADING.finditer(text)]
    return max(0, level + 1 - min(found)) if found else 0
