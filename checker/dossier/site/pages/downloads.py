"""下载: the rankings and the compliance rates of every year as CSV and JSON files.

    downloads/<year>/ranking.csv, ranking.json   名次, 党支部, 上级党组织, 责任区, 层级, 总分, 等次
    downloads/<year>/rates.csv, rates.json       全部, each zone, level and parent organization:
                                                 参评, 达标及以上, 达标率, 目标

The ranking lists the branches the ranking page lists (in the public scope, the exemplars
only) with the same places and totals; the rates are the aggregates the home page shows.
Public fields only: no member, no contact, no item score. The ranking and home pages link
the files through :func:`download_links`.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.core.site.html import e, html_block, link
from checker.core.site.tabular import Scalar, csv_bytes, json_bytes
from checker.dossier.report.text import number
from checker.dossier.site.aggregate import UNPLACED, Share, YearSummary, in_order
from checker.dossier.site.pages.common import Context, pct

DOWNLOADS_DIR = "downloads"
RANKING, RATES = "ranking", "rates"
KINDS = {RANKING: "排名", RATES: "达标率"}

RANKING_COLUMNS = (
    ("rank", "名次"),
    ("tied", "并列"),
    ("code", "支部编号"),
    ("name", "党支部"),
    ("organization", "上级党组织"),
    ("zone", "责任区"),
    ("level", "层级"),
    ("total", "总分"),
    ("grade", "等次"),
    ("vetoed", "一票否决"),
)
RATES_COLUMNS = (
    ("group", "范围"),
    ("id", "编号"),
    ("name", "名称"),
    ("branches", "参评支部"),
    ("compliant", "达标及以上"),
    ("rate", "达标率"),
    ("target", "目标"),
    ("met", "达到目标"),
)
GROUPS = {"all": "全部", "zone": "责任区", "level": "层级", "organization": "上级党组织"}


def download_uri(year: int, kind: str, fmt: str) -> str:
    return f"{DOWNLOADS_DIR}/{year}/{kind}.{fmt}"


def ranking_rows(site: Context, year: YearSummary) -> list[dict[str, Scalar]]:
    """The year's ranking as the ranking page shows it: the visible branches, best first."""
    rows: list[dict[str, Scalar]] = []
    for code in site.visible(year.order):
        branch = site.by_code[code]
        result = year.results[code]
        place = year.ranks[code].overall
        rows.append(
            {
                "rank": place.rank,
                "tied": place.tied,
                "code": code,
                "name": branch.name,
                "organization": site.org_name(branch),
                "zone": site.zone_name(branch.zone()),
                "level": site.level_name(branch.level()),
                "total": float(result.total),
                "grade": result.grade,
                "vetoed": result.vetoed,
            }
        )
    return rows


def _rate_row(group: str, key: str, name: str, share: Share) -> dict[str, Scalar]:
    return {
        "group": GROUPS[group],
        "id": key,
        "name": name,
        "branches": share.total,
        "compliant": share.compliant,
        "rate": round(share.value, 4),
        "target": share.target,
        "met": share.met,
    }


def _organizations(site: Context, year: YearSummary) -> Iterator[tuple[str, str, Share]]:
    members: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for code in year.order:
        branch = site.by_code[code]
        org = branch.placement.get("organization", UNPLACED)
        members.setdefault(org, []).append(code)
        names[org] = site.org_name(branch) or "未划分上级党组织"
    for org in sorted(members):
        results = [year.results[c] for c in members[org]]
        share = Share(sum(r.compliant for r in results), len(results), year.target)
        yield org, names[org], share


def rates_rows(site: Context, year: YearSummary) -> list[dict[str, Scalar]]:
    """全部, then each zone and level in the organization's order, then each parent
    organization by id: aggregates the home and ranking pages show."""
    rows = [_rate_row("all", "", "全部参评党支部", year.overall)]
    for zone, share in in_order(year.by_zone, site.org.zones):
        rows.append(_rate_row("zone", zone, site.zone_name(zone), share))
    for level, share in in_order(year.by_level, site.org.levels):
        rows.append(_rate_row("level", level, site.level_name(level), share))
    for org, name, share in _organizations(site, year):
        rows.append(_rate_row("organization", org, name, share))
    return rows


def _csv_value(key: str, value: Scalar) -> Scalar:
    if key == "total" and isinstance(value, float):
        return number(value)  # as the pages print it: 86.5, 100
    if key in ("rate", "target") and isinstance(value, float):
        return pct(value)  # as the pages print it: 66.7%, 100%
    return value


def _files(
    site: Context, year: YearSummary, kind: str, rows: list[dict[str, Scalar]]
) -> dict[str, bytes]:
    columns = RANKING_COLUMNS if kind == RANKING else RATES_COLUMNS
    table = csv_bytes(
        [title for _key, title in columns],
        ([_csv_value(key, row[key]) for key, _title in columns] for row in rows),
    )
    std = site.standard
    document = {
        "year": year.year,
        "standard": {"id": std.id, "version": std.version},
        "scope": site.scope,
        "fields": {key: title for key, title in columns},
        kind: rows,
    }
    return {
        download_uri(year.year, kind, "csv"): table,
        download_uri(year.year, kind, "json"): json_bytes(document),
    }


def download_files(site: Context) -> dict[str, bytes]:
    """Every download of the site: path under the site root -> bytes."""
    files: dict[str, bytes] = {}
    for number_ in sorted(site.summary.years):
        year = site.summary.years[number_]
        files.update(_files(site, year, RANKING, ranking_rows(site, year)))
        files.update(_files(site, year, RATES, rates_rows(site, year)))
    return files


def download_links(site: Context, page: str, kind: str) -> str:
    """A line of links to ``kind``'s files, the latest year first:
    下载排名数据：2025年 CSV｜JSON；2024年 CSV｜JSON"""
    years = []
    for year in sorted(site.summary.years, reverse=True):
        csv_href = e(link(page, download_uri(year, kind, "csv")))
        json_href = e(link(page, download_uri(year, kind, "json")))
        years.append(
            f'<span class="download-year">{year}年 '
            f'<a href="{csv_href}" download>CSV</a>｜'
            f'<a href="{json_href}" download>JSON</a></span>'
        )
    return html_block(
        f'<p class="downloads" data-download="{kind}">下载{KINDS[kind]}数据：',
        "；".join(years),
        "</p>",
    )
