"""排名: the overall ranking with its history, and the rankings of and within zones and levels."""

from __future__ import annotations

import posixpath
from collections.abc import Sequence

from checker.core.site.html import Cell, anchor, e, front_matter, link, md, table
from checker.dossier.site.aggregate import GroupStanding, group_standings
from checker.dossier.site.pages import paging
from checker.dossier.site.pages.common import (
    RANKING,
    RANKING_LEVELS,
    RANKING_ZONES,
    Context,
    num_cell,
    pct,
    place_cell,
)
from checker.dossier.site.pages.downloads import RANKING as RANKING_DATA
from checker.dossier.site.pages.downloads import RATES, download_links
from checker.dossier.site.pages.paging import page_uri, pager, pieces


def ranking(site: Context) -> dict[str, str]:
    """The overall ranking: one page, or pages of ``PAGE_ROWS`` branches when longer."""
    latest = site.latest
    parts = pieces(site.visible(latest.order))
    pages = {}
    for number, codes in enumerate(parts, 1):
        uri = page_uri(RANKING, number)
        pages[uri] = _ranking_page(site, uri, codes, number, len(parts))
    return pages


def _ranking_page(site: Context, page: str, codes: Sequence[str], number: int, total: int) -> str:
    latest = site.latest
    title = "排名" if number == 1 else f"排名（第 {number} 页）"
    out = [front_matter(title=title, hide=["toc"])]
    out.append(
        f"# {latest.year}年度排名\n\n"
        if number == 1
        else f"# {latest.year}年度排名（第 {number} 页）\n\n"
    )
    out.append(site.ranking_explained())
    out.append(site.scope_note())
    rows = []
    for code in codes:
        branch = site.by_code[code]
        result = latest.results[code]
        ranks = latest.ranks[code]
        rows.append(
            [
                place_cell(ranks.overall),
                site.branch_link(page, code),
                e(site.org_name(branch)),
                e(site.zone_name(branch.zone())),
                e(site.level_name(branch.level())),
                num_cell(result.total),
                site.grade_cell(result.grade, result.vetoed),
                place_cell(ranks.zone),
                place_cell(ranks.level),
            ]
        )
    paged = f"每页 {paging.PAGE_ROWS} 个，共 {total} 页。" if total > 1 else ""
    out.append(f"共 {len(latest.order)} 个党支部参评。{paged}点击表头可排序。\n\n")
    out.append(download_links(site, page, RANKING_DATA))
    out.append(
        table(
            [
                ("名次", "num"),
                "党支部",
                "上级党组织",
                "责任区",
                "层级",
                ("总分", "num"),
                ("等次", "num"),
                ("责任区内", "num"),
                ("层级内", "num"),
            ],
            rows,
            caption=f"{latest.year}年度总排名",
            css="ranking",
        )
    )
    out.append(pager(RANKING, number, total))
    if len(site.summary.years) > 1:
        out.append(_over_the_years(site, page, codes))
        out.append(pager(RANKING, number, total))
    return "".join(out)


def _over_the_years(site: Context, page: str, codes: Sequence[str]) -> str:
    years = sorted(site.summary.years)
    history = []
    for code in codes:
        row: list[Cell | str] = [site.branch_link(page, code)]
        for year in years:
            ranks = site.summary.years[year].ranks.get(code)
            row.append(place_cell(ranks.overall) if ranks else Cell("—", sort="99999"))
        history.append(row)
    return "## 历年名次 {#history}\n\n" + table(
        ["党支部", *((f"{y}年", "num") for y in years)], history, caption="历年总排名"
    )


def group_ranking(site: Context, key: str) -> dict[str, str]:
    """The zones (``key="zone"``) or the levels ranked by share, then each one's branches.

    When all their branches would make the page longer than ``PAGE_ROWS`` rows, the page
    shows the first few of each group and each group gets pages of its own."""
    latest = site.latest
    word = "责任区" if key == "zone" else "层级"
    order = site.org.zones if key == "zone" else site.org.levels
    name = site.zone_name if key == "zone" else site.level_name
    first = RANKING_ZONES if key == "zone" else RANKING_LEVELS
    standings = group_standings(site.data, latest, key, order, name)
    shown = sum(len(site.visible(s.members)) for s in standings)
    top = None if shown <= paging.PAGE_ROWS else max(5, paging.PAGE_ROWS // max(1, len(standings)))
    pages: dict[str, str] = {}
    out = [front_matter(title=f"各{word}排名", hide=["toc"])]
    out.append(f"# {latest.year}年度各{word}排名\n\n")
    out.append(
        f"## {word}达标率排名 {{#groups}}\n\n"
        f"各{word}按达标率从高到低排名；达标率相同的并列同一名次，下一名次顺延。\n\n"
    )
    out.append(_groups_table(site, key, word, standings))
    out.append(download_links(site, RANKING_ZONES if key == "zone" else RANKING_LEVELS, RATES))
    out.append(f"## {word}内排名 {{#within}}\n\n")
    out.append(site.ranking_explained())
    out.append(site.scope_note())
    for standing in standings:
        visible = site.visible(standing.members)
        if top is None or len(visible) <= top:
            out.append(_within(site, key, word, standing, first, visible))
            continue
        own = f"{posixpath.dirname(first)}/{anchor(key, standing.group)}/index.md"
        out.append(_within(site, key, word, standing, first, visible[:top]))
        out.append(
            f'<p class="more"><a href="{e(link(first, own))}">本{word}全部 {len(visible)} '
            f"个党支部的排名 →</a></p>\n\n"
        )
        parts = pieces(visible)
        for number, codes in enumerate(parts, 1):
            pages[page_uri(own, number)] = _group_page(
                site, key, word, standing, own, codes, number, len(parts)
            )
    return {first: "".join(out), **pages}


def _group_page(
    site: Context,
    key: str,
    word: str,
    standing: GroupStanding,
    first: str,
    codes: Sequence[str],
    number: int,
    total: int,
) -> str:
    """One group's own ranking (page ``number`` of ``total``; ``first`` is page 1)."""
    name = site.zone_name if key == "zone" else site.level_name
    page = page_uri(first, number)
    suffix = f"（第 {number} 页）" if number > 1 else ""
    title = f"{name(standing.group)}内排名{suffix}"
    out = [front_matter(title=title, hide=["toc"])]
    out.append(f"# {site.latest.year}年度{md(name(standing.group))}内排名{md(suffix)}\n\n")
    out.append(site.ranking_explained())
    out.append(site.scope_note())
    out.append(_within(site, key, word, standing, page, codes, heading=False))
    out.append(pager(first, number, total))
    return "".join(out)


def _groups_table(site: Context, key: str, word: str, standings: list[GroupStanding]) -> str:
    name = site.zone_name if key == "zone" else site.level_name
    rows = [
        [
            place_cell(s.place),
            f'<a href="#{anchor(key, s.group)}">{e(name(s.group))}</a>',
            num_cell(s.share.total),
            num_cell(s.share.compliant),
            num_cell(s.share.value, pct(s.share.value)),
            num_cell(s.mean_total),
            num_cell(s.top),
        ]
        for s in standings
    ]
    return table(
        [
            ("名次", "num"),
            word,
            ("参评", "num"),
            ("达标", "num"),
            ("达标率", "num"),
            ("平均分", "num"),
            (f"{site.top}", "num"),
        ],
        rows,
        caption=f"各{word}达标率排名",
    )


def _within(
    site: Context,
    key: str,
    word: str,
    standing: GroupStanding,
    page: str,
    visible: Sequence[str],
    heading: bool = True,
) -> str:
    latest = site.latest
    name = site.zone_name if key == "zone" else site.level_name
    group, codes = standing.group, standing.members
    out = [f"### {md(name(group))} {{#{anchor(key, group)}}}\n\n"] if heading else []
    if not visible:
        out.append(f"本{word}共 {len(codes)} 个党支部参评，暂无{site.top}党支部。\n\n")
        return "".join(out)
    rows = []
    for code in visible:
        result = latest.results[code]
        ranks = latest.ranks[code]
        rows.append(
            [
                place_cell(ranks.zone if key == "zone" else ranks.level),
                site.branch_link(page, code),
                e(site.org_name(site.by_code[code])),
                num_cell(result.total),
                site.grade_cell(result.grade, result.vetoed),
                place_cell(ranks.overall),
            ]
        )
    out.append(f"本{word}共 {len(codes)} 个党支部参评。\n\n")
    out.append(
        table(
            [
                (f"{word}内名次", "num"),
                "党支部",
                "上级党组织",
                ("总分", "num"),
                ("等次", "num"),
                ("总名次", "num"),
            ],
            rows,
            caption=f"{name(group)}内排名",
        )
    )
    return "".join(out)
