"""The draft decision naming the year's branches (七一 命名), as blocks: the year's compliance
against the target, then the four lists as tables. It reads a Naming and computes nothing."""

from __future__ import annotations

from datetime import date

from checker.assessment.naming import Named, Naming
from checker.core.periods import official_date
from checker.dossier.word.report import Block

WIDTHS = [16, 70, 70]


def _lead(naming: Naming) -> str:
    rollup = naming.committee_rollup
    year, floor = naming.year, naming.floor
    if rollup is None or not rollup.branches:
        return f"{year}年度没有可评分的党支部台账。"
    share = f"{rollup.compliant / rollup.branches * 100:.1f}%"
    text = (
        f"按照党支部标准化建设的要求，工委对{year}年度 {rollup.branches} 个党支部的标准化"
        f"建设情况进行了检查评分，达到“{floor}”及以上等次的 {rollup.compliant} 个，"
        f"达标率 {share}"
    )
    if rollup.target is None:
        text += "，本年度未设定达标率目标"
    elif rollup.needed:
        text += f"，年度目标为 {float(rollup.target) * 100:.0f}%，还需 {rollup.needed} 个支部达标"
    else:
        text += f"，达到了 {float(rollup.target) * 100:.0f}% 的年度目标"
    return text + "。经工委研究，决定："


def _table(caption: str, rows: list[Named]) -> list[Block]:
    if not rows:
        return [Block("para", "无。")]
    return [
        Block("note", caption),
        Block(
            "table",
            header=["序号", "支部", "上级党组织"],
            rows=[[str(n), r.name, r.organization_name] for n, r in enumerate(rows, 1)],
            widths=WIDTHS,
            align="cll",
        ),
    ]


def decision(naming: Naming, today: date) -> list[Block]:
    """The draft decision for ``naming.year``, signed by the committee on ``today``."""
    top, floor = naming.top, naming.floor
    year = naming.year
    sections = (
        (f"一、命名以下 {len(naming.top_grade)} 个党支部为{year}年度标准化建设{top}党支部",
         f"{top}党支部", naming.top_grade),
        (f"二、命名以下 {len(naming.new)} 个党支部为{year}年度标准化建设{floor}党支部",
         f"新{floor}的党支部", naming.new),
        (f"三、以下 {len(naming.kept)} 个党支部保持{floor}党支部称号",
         f"保持{floor}的党支部", naming.kept),
        (f"四、以下 {len(naming.lost)} 个党支部{year - 1}年度{floor}、本年度未保持{floor}",
         f"未保持{floor}的党支部", naming.lost),
    )  # fmt: skip
    blocks = [
        Block(
            "title",
            f"关于命名{naming.year}年度标准化建设{top}党支部和{floor}党支部的决定（草案）",
        ),
        Block("plain", "各部门党委（党组）、机关党委："),
        Block("para", _lead(naming)),
    ]
    for number, (heading, caption, rows) in enumerate(sections, 1):
        blocks.append(Block("heading", heading))
        blocks += _table(f"表{number} {caption}", rows)
    blocks += [
        Block(
            "para",
            f"希望受到命名的党支部珍惜荣誉、保持标准；未保持{floor}的党支部对照检查报告逐条"
            "整改，各上级党组织加强指导督促。",
        ),
        Block(
            "plain",
            f"（草案依据{year}年度和{year - 1}年度的台账评分结果起草，经工委会议研究后印发。）",
        ),
        Block("closing", f"{naming.committee}\n{official_date(today)}"),
    ]
    return blocks
