"""问题代码: the family legend, then one section per family with one row and one anchor per
finding code, linked from every reason on the site. Words and order come from the code
registry (checker.core.codes), the same that README and `checker codes` show.

The internal site lists every code: its readers keep the dossiers. The public site lists
the codes a reader of its pages meets: the scoring reasons (失分原因), and any other code a
public page links to; not the file, YAML or import codes no public page can show.
"""

from __future__ import annotations

from checker.core.codes import (
    CODES,
    FAMILIES,
    LEVEL_NAMES,
    Code,
    Family,
    markdown_legend,
)
from checker.core.site.html import Cell, e, front_matter, inline_code, link, table
from checker.dossier.site.pages.common import CODES_PAGE, PUBLIC, Context

SCORING_FAMILY = "P"  # 失分原因: what the branch pages and the weakness page explain


def linked_codes(site: Context) -> set[str]:
    """The codes the site's pages link to: the findings of every year of every branch that
    has a page, and the reasons the weakness page counts (every branch's latest year)."""
    codes: set[str] = set()
    for branch in site.data.branches:
        if branch.code not in site.published:
            continue
        for year in branch.years.values():
            for item in year.brief.items:
                codes.update(item.codes)
    for stat in site.latest.items.values():
        codes.update(stat.codes)
    return codes


def listed_codes(site: Context) -> list[Code]:
    """The codes the page lists in ``site``'s scope, in the registry's order."""
    if site.scope != PUBLIC:
        return list(CODES.values())
    wanted = linked_codes(site)
    return [c for c in CODES.values() if c.family.letter == SCORING_FAMILY or c.code in wanted]


def family_anchor(family: Family) -> str:
    return f"family-{family.letter}"


def codes_page(site: Context) -> str:
    listed = listed_codes(site)

    def members_of(family: Family) -> list[Code]:
        return [c for c in listed if c.family is family]

    out = [front_matter(title="问题代码", hide=["navigation", "toc"])]
    out.append("# 问题代码\n\n")
    if site.scope == PUBLIC:
        out.append(
            "本站列出的每一条失分原因都带有一个固定不变的代码，点击代码即可来到这里，"
            "查看它的含义、为什么要改和怎样修改。代码开头的字母表示类别：\n\n"
        )
    else:
        out.append(
            "检查程序（`checker`）的每条提示都带有一个固定不变的代码；命令行和本站的失分原因"
            "都链接到这里。代码开头的字母表示类别：\n\n"
        )
    legend = markdown_legend(href=lambda f: "#" + family_anchor(f), members_of=members_of)
    out.append(legend + "\n\n")
    for family in FAMILIES.values():
        members = members_of(family)
        if not members:
            continue
        out.append(f"## {family.letter} {family.name} {{#{family_anchor(family)}}}\n\n")
        out.append(f"{e(family.description)}\n")
        out.append(_family_table(members))
    return "".join(out)


def _family_table(codes: list[Code]) -> str:
    page = CODES_PAGE
    rows = []
    for row in codes:
        rows.append(
            [
                Cell(
                    f'<a class="code-anchor" id="{e(row.code)}" '
                    f'href="{e(link(page, page, row.code))}">{e(row.code)}</a>',
                    sort=row.code,
                ),
                Cell(
                    f'<span class="level level-{row.level}">{e(LEVEL_NAMES[row.level])}</span>',
                    sort=row.level,
                ),
                inline_code(row.title),
                inline_code(row.why),
                inline_code(row.fix),
            ]
        )
    return table(["代码", "级别", "含义", "为什么要改", "怎样修改"], rows, css="codes")
