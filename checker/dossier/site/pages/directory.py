"""支部名录: one list of the branches that have a page, with filters.

A plain table (code, name, parent organization, zone, level, year, total, grade), ordered by
zone, parent organization and code; each row carries its zone, level, organization and
grade as data attributes. ``assets/dossier/directory.js`` shows a filter form above it (by
zone, level, parent organization, grade, and a name or code) that hides the rows that do not
match; without the script the form stays hidden and the list reads as it is. A list longer
than ``PAGE_ROWS`` is cut into pages (``paging``); the script then filters the whole list
from ``branches/directory.json``, which holds what the pages show and nothing more (the
same rows, the same scope).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from checker.core.site.html import Cell, e, front_matter, html_block, link, safe_id, table
from checker.dossier.report.text import number
from checker.dossier.site.collect import Branch
from checker.dossier.site.pages import paging
from checker.dossier.site.pages.common import (
    DIRECTORY,
    PUBLIC,
    Context,
    branch_page,
    num_cell,
)
from checker.dossier.site.pages.paging import page_uri, pager, pieces

DATA_FILE = "branches/directory.json"
_UNLISTED = 10**6  # an organization missing from organization.yaml sorts last
HEADERS = [
    "编号",
    "党支部",
    "上级党组织",
    "责任区",
    "层级",
    ("年度", "num"),
    ("总分", "num"),
    ("等次", "num"),
]


@dataclass(frozen=True, slots=True)
class Directory:
    pages: dict[str, str]
    data: bytes  # DATA_FILE: the rows for the filter script


def directory(site: Context) -> Directory:
    branches = _listed(site)
    parts = pieces(branches)
    pages = {
        page_uri(DIRECTORY, n): _page(site, branches, part, n, len(parts))
        for n, part in enumerate(parts, 1)
    }
    return Directory(pages, _data(site, branches))


def _listed(site: Context) -> list[Branch]:
    zones = list(site.org.zones)
    organizations = list(site.org.organizations)

    def order(branch: Branch) -> tuple[int, str, int, str]:
        zone, org = branch.zone(), branch.placement.get("organization", "")
        return (
            zones.index(zone) if zone in zones else _UNLISTED,
            zone,
            organizations.index(org) if org in organizations else _UNLISTED,
            branch.code,
        )

    return sorted((b for b in site.data.branches if b.code in site.published), key=order)


def _choices(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for value, label in pairs:
        seen.setdefault(value, label)
    return list(seen.items())


def _filters(site: Context, branches: Sequence[Branch]) -> str:
    """The filter form (hidden until the script shows it): one select per facet."""
    facets = [
        ("zone", "责任区", _choices([(b.zone(), site.zone_name(b.zone())) for b in branches])),
        ("level", "层级", _choices([(b.level(), site.level_name(b.level())) for b in branches])),
        (
            "org",
            "上级党组织",
            _choices(
                [
                    (b.placement.get("organization", ""), site.org_name(b) or "未填写")
                    for b in branches
                ]
            ),
        ),
        ("grade", "等次", [(str(site.standard.grade_index(g)), g) for g in site.grades]),
    ]
    fields = []
    for key, label, options in facets:
        items = "".join(
            f'<option value="{e(safe_id(value) if key != "grade" else value)}">{e(text)}</option>'
            for value, text in options
        )
        fields.append(
            f'<label>{label}<select name="{key}"><option value="">全部</option>{items}</select>'
            "</label>"
        )
    fields.append('<label>名称或编号<input type="search" name="q" autocomplete="off"></label>')
    return html_block(
        '<form class="directory-filter" hidden role="search" aria-label="筛选党支部">',
        *fields,
        '<p class="directory-count" aria-live="polite"></p>',
        "</form>",
    )


def _row(site: Context, page: str, branch: Branch) -> list[Cell | str]:
    result = branch.latest.brief
    cells: list[Cell | str] = [
        e(branch.code),
        site.branch_link(page, branch.code),
        e(site.org_name(branch)),
        e(site.zone_name(branch.zone())),
        e(site.level_name(branch.level())),
        num_cell(result.year or 0),
        num_cell(result.total),
        site.grade_cell(result.grade, result.vetoed),
    ]
    return cells


def _page(
    site: Context, branches: Sequence[Branch], part: Sequence[Branch], n: int, total: int
) -> str:
    page = page_uri(DIRECTORY, n)
    title = "支部名录" if n == 1 else f"支部名录（第 {n} 页）"
    out = [front_matter(title=title, hide=["navigation"])]
    out.append(f"# {title}\n\n")
    count = f"共 {len(branches)} 个党支部" + (
        f"，每页 {paging.PAGE_ROWS} 个，共 {total} 页" if total > 1 else ""
    )
    out.append(f"有详情页的党支部，按责任区和上级党组织排列；{count}。\n\n")
    out.append(site.scope_note())
    if not branches:
        out.append("暂无可公开的党支部详情页。\n\n")
    else:
        out.append(_filters(site, branches))
        rows = [_row(site, page, b) for b in part]
        out.append(_tagged(table(HEADERS, rows, css="directory"), site, page, part))
        out.append(pager(DIRECTORY, n, total))
    latest = site.latest
    if latest.order and site.scope == PUBLIC:
        home, ranking = link(page, "index.md"), link(page, "ranking/index.md")
        out.append(
            f"全部 {len(latest.order)} 个参评党支部的汇总数据见[首页]({home})"
            f"和[排名]({ranking})。\n\n"
        )
    return "".join(out)


def _facets(site: Context, branch: Branch) -> str:
    result = branch.latest.brief
    return (
        f' data-zone="{e(safe_id(branch.zone()))}" data-level="{e(safe_id(branch.level()))}"'
        f' data-org="{e(safe_id(branch.placement.get("organization", "")))}"'
        f' data-grade="{site.standard.grade_index(result.grade)}"'
    )


def _tagged(html: str, site: Context, page: str, part: Sequence[Branch]) -> str:
    """The table with each body row tagged by its facets, for the filter script."""
    head, _sep, body = html.partition("<tbody>")
    rows = body.split("<tr>")
    tagged = [rows[0]]
    for branch, row in zip(part, rows[1:], strict=True):
        tagged.append(f"<tr{_facets(site, branch)}>{row}")
    data = f' data-source="{e(link(page, DATA_FILE))}" data-rows="{len(part)}"'
    head = head.replace('<table class="', f'<table{data} class="', 1)
    return head + "<tbody>" + "".join(tagged)


def _data(site: Context, branches: Sequence[Branch]) -> bytes:
    """The list for the filter script: what the pages' rows show, with their facets."""
    rows = []
    for branch in branches:
        result = branch.latest.brief
        rows.append(
            {
                "code": branch.code,
                "name": branch.name,
                "url": link(DIRECTORY, branch_page(branch.code)),
                "org": safe_id(branch.placement.get("organization", "")),
                "org_name": site.org_name(branch),
                "zone": safe_id(branch.zone()),
                "zone_name": site.zone_name(branch.zone()),
                "level": safe_id(branch.level()),
                "level_name": site.level_name(branch.level()),
                "year": result.year or 0,
                "total": number(result.total),
                "grade": site.standard.grade_index(result.grade),
                "grade_name": result.grade,
                "vetoed": bool(result.vetoed),
            }
        )
    return json.dumps({"rows": rows}, ensure_ascii=False, separators=(",", ":")).encode()


__all__ = ["DATA_FILE", "Directory", "directory"]
