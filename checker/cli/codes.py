"""`checker codes`: the table of finding codes, for a terminal or as Markdown."""

from __future__ import annotations

from checker.cli.common import command, echo, format_option
from checker.cli.session import session_options


@command()
@format_option(["text", "markdown"])
@session_options
def codes(fmt: str) -> None:
    """列出全部问题代码：类别、级别、含义、为什么要改和修改方法。"""
    from checker.core.codes import DOMAINS, FAMILIES, codes_of, markdown_block

    if fmt == "markdown":
        echo(markdown_block())
        return
    for family in FAMILIES.values():
        echo(f"{family.letter} {family.name}（{DOMAINS[family.domain]}）——{family.description}")
        for row in codes_of(family):
            echo(f"  {row.code} {row.level:7} {row.title}：{row.why}{row.fix}")
