"""The tables of a branch page: aspects, items with the reasons for lost points, meetings and
evidence. The earlier years' folded details reuse the first two."""

from __future__ import annotations

import posixpath

from checker.core.site import svg
from checker.core.site.html import Cell, e, figure, html_block, html_list, table
from checker.dossier.report.text import number
from checker.dossier.results import DossierResult, ItemResult
from checker.dossier.site.collect import BranchYear
from checker.dossier.site.pages.common import Context, num_cell, pct, source_badge

EVIDENCE_OPEN = 12  # longer evidence lists are folded
KIND_NAMES = {
    "pdf": "PDF 文件",
    "png": "图片",
    "jpg": "图片",
    "jpeg": "图片",
    "docx": "Word 文档",
    "xlsx": "Excel 表格",
}


def aspects(result: DossierResult, with_chart: bool = True) -> str:
    rows = [
        [
            e(a.id),
            e(a.name),
            num_cell(a.score),
            num_cell(a.max),
            num_cell(
                float(a.score / a.max) if a.max else 0,
                pct(float(a.score / a.max)) if a.max else "—",
            ),
        ]
        for a in result.aspects
    ]
    listing = table(
        ["编号", "方面", ("得分", "num"), ("满分", "num"), ("得分率", "num")],
        rows,
        caption="各方面得分",
    )
    if not with_chart:
        return listing
    bars = [
        svg.Bar(
            f"{a.id} {a.name}",
            float(a.score / a.max) if a.max else 0.0,
            None,
            "",
            f"{number(a.score)}/{number(a.max)}",
        )
        for a in result.aspects
    ]
    return figure(svg.hbar_chart(bars, "各方面得分率")) + listing


def _reasons(site: Context, page: str, item: ItemResult) -> str:
    """How the item's points add up, then why it lost points: not applicable, its
    findings, or the review's opinion."""
    others = []
    how = "" if item.na or item.source == "review" else item.explanation()
    if how:
        others.append(f'<span class="how">{e(how)}</span>')
    if item.na:
        others.append(f'<span class="na">不适用：{e(item.note)}</span>')
    findings = [f"{site.code_link(page, f.code)} {e(f.message)}" for f in item.findings]
    if item.source == "review" and item.note and not item.findings:
        others.append(f'<span class="note">督导组意见：{e(item.note)}</span>')
    text = "".join(others)
    if findings:
        text += html_list("ul", "reasons", findings)
    return text or '<span class="none">—</span>'


def items(site: Context, page: str, result: DossierResult, only_lost: bool) -> str:
    names = {a.id: a.name for a in result.aspects}
    rows = []
    for item in result.items:
        if only_lost and item.score >= item.max and not item.findings:
            continue
        lost = item.max - item.score
        rows.append(
            [
                e(item.id),
                f'{e(item.title)}<span class="aspect">{e(names.get(item.aspect, ""))}</span>',
                num_cell(item.score),
                num_cell(item.max),
                num_cell(lost, number(lost) if lost else "—"),
                Cell(source_badge(item.source), sort=item.source),
                _reasons(site, page, item),
            ]
        )
    if not rows:
        return "各条目均得满分。\n\n"
    return table(
        [
            "条目",
            "名称",
            ("得分", "num"),
            ("满分", "num"),
            ("失分", "num"),
            "来源",
            "怎样计分、失分原因与说明",
        ],
        rows,
        css="items",
        caption="逐项得分",
    )


def attendance(year: BranchYear) -> str:
    if not year.attendance:
        return "台账中没有活动记录。\n\n"
    rows = []
    for row in year.attendance:
        rate = row.present / row.expected if row.expected else None
        rows.append(
            [
                e(row.type),
                num_cell(row.count),
                num_cell(row.expected) if row.expected else Cell("—", sort="-1"),
                num_cell(row.present) if row.expected else Cell("—", sort="-1"),
                num_cell(rate, pct(rate)) if rate is not None else Cell("—", sort="-1"),
            ]
        )
    return "到会情况只公布人次，不公布个人。\n\n" + table(
        ["活动类型", ("次数", "num"), ("应到人次", "num"), ("实到人次", "num"), ("到会率", "num")],
        rows,
        caption="组织生活与到会情况",
    )


def evidence(year: BranchYear) -> str:
    if not year.evidence:
        return "台账中没有引用佐证材料。\n\n"
    rows = [
        [
            e(posixpath.basename(ev.path)),
            e(KIND_NAMES.get(ev.kind, ev.kind.upper() or "—")),
            e("、".join(ev.cited_by)),
        ]
        for ev in year.evidence
    ]
    listing = table(["材料", "类型", "用于"], rows, caption="佐证材料清单").strip()
    intro = f"共 {len(year.evidence)} 份。佐证材料原件由党支部留存备查，本站只列出名称。\n\n"
    if len(rows) <= EVIDENCE_OPEN:
        return intro + html_block(listing)
    return intro + html_block(
        f'<details class="evidence-list"><summary>展开全部 {len(rows)} 份材料</summary>',
        listing,
        "</details>",
    )
