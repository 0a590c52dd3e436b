"""标准: grades, the scoring method, every item with its rules in plain Chinese, and the JSON
Schemas of the dossier files for editors to download."""

from __future__ import annotations

import posixpath

from checker.core.site.html import (
    Cell,
    e,
    front_matter,
    html_block,
    html_list,
    link,
    md,
    safe_id,
    table,
)
from checker.dossier.report.text import number
from checker.dossier.site.aggregate import item_order
from checker.dossier.site.describe import describe_item
from checker.dossier.site.pages.common import (
    STANDARD,
    Context,
    num_cell,
    sources_legend,
    threshold_words,
)
from checker.dossier.standard import Aspect, Item


def standard_page(site: Context) -> str:
    std = site.standard
    out = [front_matter(title="标准", hide=["navigation"])]
    out.append(f"# {md(std.title)}\n\n")
    out.append(
        f"标准编号 `{e(std.id)}`，版本 {e(std.version)}。共 {len(std.aspects)} 个方面、"
        f"{len(std.items)} 项，满分 {number(std.total)} 分。本页由标准数据自动生成，"
        "与评分程序使用的是同一份标准。\n\n"
    )
    out.append("## 等次 {#grades}\n\n")
    ranges = threshold_words([g.min for g in std.grades])
    rows = [
        [site.grade_badge(g.name), num_cell(g.min, text)]
        for g, text in zip(std.grades, ranges, strict=True)
    ]
    out.append(table(["等次", ("总分", "num")], rows, sortable=False))
    out.append(
        f"等次按总分从高到低取第一个达到的。{e(std.compliant_from)}及以上计为标准化党支部"
        f"（达标率的分子）。触发一票否决的，不论总分，等次为{e(std.veto_grade)}。\n\n"
    )
    out.append("## 计分方法 {#method}\n\n")
    out.append(
        "每个条目由一条或几条规则计分，规则所占比重见下表；条目得分 = 分值 × 各规则得分比例的"
        "加权平均，保留一位小数。每一处失分都有说明原因的问题代码。\n\n"
    )
    out.append(sources_legend())
    for aspect in std.aspects:
        out.append(_aspect(site, aspect))
    out.append(schema_links(site, STANDARD))
    return "".join(out)


def _aspect(site: Context, aspect: Aspect) -> str:
    heading = (
        f"## {md(aspect.id)} {md(aspect.name)}（满分 {number(aspect.points)} 分）"
        f" {{#{safe_id(aspect.id)}}}\n\n"
    )
    rows = [_item_row(site, item) for item in aspect.items]
    return heading + table(
        ["条目", "要求", ("分值", "num"), "怎样计分"], rows, css="standard-items"
    )


def _item_row(site: Context, item: Item) -> list[Cell | str]:
    weighted = len(item.rules) > 1
    rules = (
        (f'<span class="weight">{e(share)}</span>' if weighted else "") + e(text)
        for share, text in describe_item(item, site.standard)
    )
    extra = ""
    if item.not_applicable is not None:
        extra += (
            f'<p class="na">可不适用：{e(item.not_applicable.description)}，'
            "写明理由即按满分计。</p>"
        )
    if item.evidence_hint:
        extra += f'<p class="hint">佐证材料：{e(item.evidence_hint)}</p>'
    return [
        Cell(f'<span id="{safe_id(item.id)}">{e(item.id)}</span>', sort=item_order(item.id)),
        f"<b>{e(item.title)}</b><p>{e(item.requirement)}</p>{extra}",
        num_cell(item.points),
        html_list("ul", "rules", rules),
    ]


def schema_links(site: Context, page: str) -> str:
    """The JSON Schemas the site serves, as downloads (VS Code's YAML extension reads them)."""
    if not site.schemas:
        return ""
    links = (
        f'<a href="{e(link(page, s.uri))}" download>{e(posixpath.basename(s.uri))}</a>'
        f"：{e(s.title)}"
        for s in site.schemas
    )
    return (
        "## 台账文件的格式（JSON Schema） {#schemas}\n\n"
        "台账各文件的格式由下列 JSON Schema 规定，字段的中文说明也写在其中。"
        "在 VS Code 中安装 YAML 插件并按说明文档配置后，编辑台账时即有补全和提示。\n\n"
        + html_block(html_list("ul", "schema-links", links))
    )
