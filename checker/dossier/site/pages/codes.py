"""问题代码: one row and one anchor per finding code, linked from every reason on the site."""

from __future__ import annotations

from checker.core.codes import CODES, LEVEL_NAMES
from checker.core.site.html import Cell, e, front_matter, inline_code, link, table
from checker.dossier.site.pages.common import CODES_PAGE


def codes_page() -> str:
    page = CODES_PAGE
    out = [front_matter(title="问题代码", hide=["navigation", "toc"])]
    out.append("# 问题代码\n\n")
    out.append(
        "`checker` 的每条提示都带有一个固定不变的代码；命令行和本站的失分原因都链接到这里。"
        "F 开头是文件和编码，Y 是 YAML 语法，S 是格式，D 是日期，R 是引用和一致性，"
        "E 是佐证材料，P 是评分中的失分原因，I 是公开内容中的个人信息。\n\n"
    )
    rows = []
    for row in CODES.values():
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
                inline_code(row.fix),
            ]
        )
    out.append(table(["代码", "级别", "含义", "怎样修改"], rows, css="codes"))
    return "".join(out)
