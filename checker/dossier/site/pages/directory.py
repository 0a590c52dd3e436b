"""支部名录: the branches that have a page, by zone and parent organization."""

from __future__ import annotations

from checker.core.site.html import anchor, e, front_matter, md, table
from checker.dossier.site.collect import Branch
from checker.dossier.site.pages.common import DIRECTORY, PUBLIC, Context, num_cell

_UNLISTED = 10**6  # an organization missing from organization.yaml sorts last


def directory(site: Context) -> str:
    page = DIRECTORY
    out = [front_matter(title="支部名录", hide=["navigation"])]
    out.append("# 支部名录\n\n")
    out.append("按责任区和上级党组织列出有详情页的党支部。\n\n")
    out.append(site.scope_note())
    by_zone: dict[str, dict[str, list[Branch]]] = {}
    for branch in site.data.branches:
        if branch.code not in site.published:
            continue
        by_zone.setdefault(branch.zone(), {}).setdefault(
            branch.placement.get("organization", ""), []
        ).append(branch)
    zones = [z for z in site.org.zones if z in by_zone] + [
        z for z in by_zone if z not in site.org.zones
    ]
    if not zones:
        out.append("暂无可公开的党支部详情页。\n\n")
    organizations = list(site.org.organizations)
    for zone in zones:
        out.append(f"## {md(site.zone_name(zone))} {{#{anchor('zone', zone)}}}\n\n")
        orgs = by_zone[zone]
        for org_id in sorted(
            orgs, key=lambda o: organizations.index(o) if o in organizations else _UNLISTED
        ):
            out.append(_organization(site, page, org_id, orgs[org_id]))
    latest = site.latest
    if latest.order and site.scope == PUBLIC:
        out.append(
            f"全部 {len(latest.order)} 个参评党支部的汇总数据见[首页](../index.md)"
            "和[排名](../ranking/index.md)。\n\n"
        )
    return "".join(out)


def _organization(site: Context, page: str, org_id: str, branches: list[Branch]) -> str:
    org_name = site.org_name(branches[0])
    rows = []
    for branch in branches:
        result = branch.latest.result
        rows.append(
            [
                e(branch.code),
                site.branch_link(page, branch.code),
                e(site.level_name(branch.level())),
                num_cell(result.year or 0),
                num_cell(result.total),
                site.grade_cell(result.grade, result.vetoed),
            ]
        )
    return f"### {md(org_name or org_id)} {{#{anchor('org', org_id)}}}\n\n" + table(
        ["编号", "党支部", "层级", ("年度", "num"), ("总分", "num"), ("等次", "num")], rows
    )
