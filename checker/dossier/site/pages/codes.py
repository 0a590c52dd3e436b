"""问题代码: the family legend, then one section per family with one row and one anchor per
finding code, linked from every reason on the site. Words and order come from the code
registry (checker.core.codes), the same that README and `checker codes` show."""

from __future__ import annotations

from checker.core.codes import FAMILIES, LEVEL_NAMES, Code, Family, codes_of, markdown_legend
from checker.core.site.html import Cell, e, front_matter, inline_code, link, table
from checker.dossier.site.pages.common import CODES_PAGE


def family_anchor(family: Family) -> str:
    return f"family-{family.letter}"


def codes_page() -> str:
    out = [front_matter(title="问题代码", hide=["navigation", "toc"])]
    out.append("# 问题代码\n\n")
    out.append(
        "`checker` 的每条提示都带有一个固定不变的代码；命令行和本站的失分原因都链接到这里。"
        "代码开头的字母表示类别：\n\n"
    )
    out.append(markdown_legend(href=lambda family: "#" + family_anchor(family)) + "\n\n")
    for family in FAMILIES.values():
        out.append(f"## {family.letter} {family.name} {{#{family_anchor(family)}}}\n\n")
        out.append(f"{e(family.description)}\n")
        out.append(_family_table(codes_of(family)))
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
                e(row.title),
                e(row.why),
                inline_code(row.fix),
            ]
        )
    return table(["代码", "级别", "含义", "为什么要改", "怎样修改"], rows, css="codes")
