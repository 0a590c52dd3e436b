"""排名: the overall ranking with its history, and the rankings of and within zones and levels."""

from __future__ import annotations

from checker.core.site.html import Cell, anchor, e, front_matter, md, table
from checker.dossier.site.aggregate import GroupStanding, group_standings
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


def ranking(site: Context) -> str:
    page = RANKING
    latest = site.latest
    out = [front_matter(title="排名", hide=["toc"])]
    out.append(f"# {latest.year}年度排名\n\n")
    out.append(site.ranking_explained())
    out.append(site.scope_note())
    rows = []
    for code in site.visible(latest.order):
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
    out.append(f"共 {len(latest.order)} 个党支部参评。点击表头可排序。\n\n")
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
    if len(site.summary.years) > 1:
        out.append(_over_the_years(site, page))
    return "".join(out)


def _over_the_years(site: Context, page: str) -> str:
    years = sorted(site.summary.years)
    history = []
    for code in site.visible(site.latest.order):
        row: list[Cell | str] = [site.branch_link(page, code)]
        for year in years:
            ranks = site.summary.years[year].ranks.get(code)
            row.append(place_cell(ranks.overall) if ranks else Cell("—", sort="99999"))
        history.append(row)
    return "## 历年名次 {#history}\n\n" + table(
        ["党支部", *((f"{y}年", "num") for y in years)], history, caption="历年总排名"
    )


def group_ranking(site: Context, key: str) -> str:
    """The zones (``key="zone"``) or the levels ranked by share, then each one's branches."""
    latest = site.latest
    word = "责任区" if key == "zone" else "层级"
    order = site.org.zones if key == "zone" else site.org.levels
    name = site.zone_name if key == "zone" else site.level_name
    standings = group_standings(site.data, latest, key, order, name)
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
        out.append(_within(site, key, word, standing))
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


def _within(site: Context, key: str, word: str, standing: GroupStanding) -> str:
    page = RANKING_ZONES if key == "zone" else RANKING_LEVELS
    latest = site.latest
    name = site.zone_name if key == "zone" else site.level_name
    group, codes = standing.group, standing.members
    out = [f"### {md(name(group))} {{#{anchor(key, group)}}}\n\n"]
    visible = site.visible(codes)
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
