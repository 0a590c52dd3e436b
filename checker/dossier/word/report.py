"""The branch-year report and the committee's annual bulletin, in Word and in Markdown.

Both are built once as a list of blocks (title, headings, paragraphs, tables, a signature
block) from the engine's result objects, then rendered by one of two views: Word in the
GB/T 9704 layout (official.py) or Markdown. Neither computes a score: they read
DossierResult. The bulletin carries no personal data, only branches, counts and scores.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from checker.core.cleantext import markdown
from checker.core.organization import Organization
from checker.core.paths import BRANCH_FILE, BRANCHES_DIR
from checker.core.periods import judging_day, official_date
from checker.core.pii import findings_for, redact, scan
from checker.core.ranking import rank
from checker.core.word import official as o
from checker.core.yamlload import load_yaml
from checker.dossier.facts import Context
from checker.dossier.layout import DossierRef
from checker.dossier.report.text import SOURCE_NAMES, number
from checker.dossier.results import DossierResult, ItemResult
from checker.dossier.standard import Standard

if TYPE_CHECKING:
    from docx.document import Document

_CN = "一二三四五六七八九十"


@dataclass(slots=True)
class Block:
    kind: str  # title heading subheading para plain table signature closing note
    text: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    align: str = ""  # one letter per column: l c r


def _cn(index: int) -> str:
    """一, 二 … 十, 十一 … 九十九 for index 0, 1, …"""
    number = index + 1
    if number <= 10:
        return _CN[number - 1]
    if number < 100:
        tens, ones = divmod(number, 10)
        head = "十" if tens == 1 else _CN[tens - 1] + "十"
        return head + (_CN[ones - 1] if ones else "")
    return str(number)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ("。", "；", "！", "？", "!", "?") else text + "。"


def _percent(part: int, whole: int) -> str:
    return f"{part / whole * 100:.1f}%" if whole else "—"


# --- the branch-year report --------------------------------------------------------------


@dataclass(slots=True)
class BasicFacts:
    members: int = 0
    full_members: int = 0
    committee: int = 0
    party_groups: int = 0
    elected_on: str = ""
    records: dict[str, int] = field(default_factory=dict)


def basic_facts(ref: DossierRef, standard: Standard, today: date) -> BasicFacts:
    """Counts about the branch, read with the safe loader and the engine's own facts."""
    loaded = load_yaml(ref.dossier, str(ref.dossier), int(standard.settings["max_yaml_bytes"]))
    data = loaded.data if isinstance(loaded.data, dict) else {}
    year = data.get("year") if isinstance(data.get("year"), int) else today.year
    reference = judging_day(year, today)
    ctx = Context(data, year, reference, lambda *_: False, lambda *_: (0, 0), "", {})
    committee = data.get("committee") if isinstance(data.get("committee"), dict) else {}
    return BasicFacts(
        members=int(ctx.fact("members")),
        full_members=int(ctx.fact("full_members")),
        committee=int(ctx.fact("committee_size")),
        party_groups=int(ctx.fact("party_groups")),
        elected_on=str(committee.get("elected_on") or ""),
        records={t: len(ctx.records(t)) for t in standard.record_types if ctx.records(t)},
    )


def _lost_reasons(item: ItemResult) -> list[str]:
    reasons = [_sentence(f.message) for f in item.findings]
    if not reasons and item.score < item.max:
        if item.source == "review" and item.note:
            reasons.append(_sentence(f"督导组核定：{item.note}"))
        elif item.source == "self":
            reasons.append(
                _sentence(f"支部自评 {number(item.score)} 分（满分 {number(item.max)} 分）")
            )
    return reasons


def _hints(item: ItemResult) -> list[str]:
    seen: list[str] = []
    for finding in item.findings:
        hint = _sentence(finding.full_hint())
        if hint and hint not in seen:
            seen.append(hint)
    if not seen and item.score < item.max:
        seen.append("对照标准要求查找差距，补齐工作和佐证材料。")
    return seen


def branch_report(
    result: DossierResult, standard: Standard, facts: BasicFacts, today: date
) -> list[Block]:
    """The report of one branch-year: facts, scores, points lost, suggestions, sign-off."""
    name = result.name or result.branch
    blocks = [Block("title", f"{name}\n{result.year}年度党支部标准化建设检查报告")]
    place = result.placement
    belongs = ""
    if place.get("organization_name"):
        belongs = f"隶属{place['organization_name']}"
        extra = [place.get("zone_name"), place.get("level_name")]
        extra = [e for e in extra if e]
        if extra:
            belongs += f"（{'、'.join(extra)}）"
        belongs += "，"
    records = "、".join(f"{t} {c} 次" for t, c in facts.records.items())
    blocks += [
        Block("heading", "一、基本情况"),
        Block(
            "para",
            f"{name}（支部编号 {result.branch}）{belongs}{result.year}年度有党员 "
            f"{facts.members} 名，其中正式党员 {facts.full_members} 名、预备党员 "
            f"{facts.members - facts.full_members} 名；支部委员 {facts.committee} 名，"
            f"党小组 {facts.party_groups} 个。"
            + (
                f"本届支部委员会于 {official_date(date.fromisoformat(facts.elected_on))}选举产生。"
                if _iso(facts.elected_on)
                else ""
            ),
        ),
        Block(
            "para",
            f"本年度台账记录活动 {sum(facts.records.values())} 次"
            + (f"，其中{records}" if records else "")
            + f"。本报告依据《{standard.title}》（{standard.version} 版）"
            f"对台账逐条检查评分，检查日期为 {official_date(today)}。",
        ),
    ]

    blocks.append(Block("heading", "二、得分情况"))
    veto = (
        f"因一票否决事项（{result.veto_reason}），等次评为“{result.grade}”" if result.vetoed else ""
    )
    blocks.append(
        Block(
            "para",
            f"总分 {number(result.total)} 分（满分 {number(result.max)} 分），"
            + (veto or f"等次为“{result.grade}”")
            + "。"
            + ("达到标准化党支部要求。" if result.compliant else "未达到标准化党支部要求。"),
        )
    )
    blocks.append(Block("note", "表1 分方面得分"))
    blocks.append(
        Block(
            "table",
            header=["方面", "得分", "满分", "得分率"],
            rows=[
                [
                    f"{a.id} {a.name}",
                    number(a.score),
                    number(a.max),
                    _percent_dec(a.score, a.max),
                ]
                for a in result.aspects
            ]
            + [
                [
                    "合计",
                    number(result.total),
                    number(result.max),
                    _percent_dec(result.total, result.max),
                ]
            ],
            widths=[74, 26, 26, 30],
            align="lrrr",
        )
    )
    blocks.append(Block("note", "表2 逐条得分"))
    blocks.append(
        Block(
            "table",
            header=["条目", "得分", "满分", "计分依据"],
            rows=[
                [f"{i.id} {i.title}", number(i.score), number(i.max), _source(i)]
                for i in result.items
            ],
            widths=[74, 22, 22, 38],
            align="lrrc",
        )
    )

    blocks.append(Block("heading", "三、失分情况"))
    lost = [i for i in result.items if i.score < i.max]
    if not lost:
        blocks.append(Block("para", "各条目均得满分，没有失分。"))
    for index, item in enumerate(lost):
        blocks.append(
            Block(
                "subheading",
                f"（{_cn(index)}）{item.id} {item.title}：满分 {number(item.max)} 分，"
                f"得 {number(item.score)} 分，失 {number(item.max - item.score)} 分。",
            )
        )
        for n, reason in enumerate(_lost_reasons(item), 1):
            blocks.append(Block("para", f"{n}. {reason}"))
    warned = [i for i in result.items if i.score >= i.max and i.findings]
    for item in warned:
        for finding in item.findings:
            blocks.append(
                Block("para", f"{item.id} {item.title}（未失分）：{_sentence(finding.message)}")
            )
    errors = result.errors
    if errors:
        blocks.append(
            Block(
                "para",
                f"另有 {len(errors)} 处台账校验错误，须先行改正："
                + ";".join(f"{e.message}({e.code})" for e in errors[:10])
                + ("等。" if len(errors) > 10 else "。"),
            )
        )

    blocks.append(Block("heading", "四、整改建议"))
    suggestions = [(i, h) for i in result.items if i.score < i.max or i.findings for h in _hints(i)]
    if errors:
        suggestions.append((None, "改正台账中的校验错误后重新检查（`checker validate`）。"))
    if not suggestions:
        blocks.append(Block("para", "继续保持，按标准要求做好日常工作和台账记录。"))
    for n, (item, hint) in enumerate(suggestions, 1):
        prefix = f"{item.id} {item.title}：" if item else ""
        blocks.append(Block("para", f"{n}. {prefix}{hint}"))

    blocks.append(Block("heading", "五、审核意见"))
    blocks.append(
        Block(
            "signature",
            rows=[
                ["支部自查意见", "支部书记（签字）：         年    月    日"],
                ["上级党组织审核意见", "审核人（签字）：         （盖章）\n年    月    日"],
                ["督导组核定意见", "督导组组长（签字）:\n年    月    日"],
            ],
            widths=[40, 116],
        )
    )
    blocks.append(
        Block(
            "remark",
            f"本报告由 checker 依据台账数据生成（{standard.id} {standard.version}，"
            f"{official_date(today)}）。",
        )
    )
    return blocks


def _iso(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _percent_dec(part: Decimal, whole: Decimal) -> str:
    return f"{float(part) / float(whole) * 100:.1f}%" if whole else "—"


def _source(item: ItemResult) -> str:
    if item.na:
        return "不适用（按满分计）"
    return {"auto": "台账数据", "self": "支部自评", "review": "督导组核定"}.get(
        item.source, SOURCE_NAMES.get(item.source, item.source)
    )


# --- the annual bulletin -----------------------------------------------------------------


@dataclass(slots=True)
class Entry:
    """One branch in the bulletin: its result, or why it has none."""

    code: str
    name: str
    placement: dict[str, str]
    result: DossierResult | None = None  # None: no dossier for the year

    @property
    def status(self) -> str:
        if self.result is None:
            return "未报送"
        if not self.result.scored:
            return "未能评分"
        return self.result.grade


def bulletin_entries(
    root: Path,
    results: Iterable[DossierResult],
    organization: Organization,
    max_bytes: int,
) -> list[Entry]:
    """Every branch under ``root``: those with a result, and those without a dossier."""
    entries: dict[str, Entry] = {}
    for result in results:
        entries[result.branch] = Entry(result.branch, result.name, result.placement, result)
    branches = root / BRANCHES_DIR
    folders = sorted(p for p in branches.iterdir() if p.is_dir()) if branches.is_dir() else []
    for folder in folders:
        if folder.name in entries or not (folder / BRANCH_FILE).is_file():
            continue
        loaded = load_yaml(folder / BRANCH_FILE, str(folder / BRANCH_FILE), max_bytes)
        data = loaded.data if isinstance(loaded.data, dict) else {}
        org = str(data.get("organization") or "")
        entries[folder.name] = Entry(
            folder.name, str(data.get("name") or folder.name), organization.placement(org)
        )
    return sorted(entries.values(), key=lambda e: e.code)


def _rank(entries: list[Entry], standard: Standard) -> list[tuple[int, Entry]]:
    """Scored branches by grade, then total; equal grade and total share a rank."""
    order = {g.name: i for i, g in enumerate(standard.grades)}
    scored = [e for e in entries if e.result is not None and e.result.scored]
    ranked = rank(
        scored,
        key=lambda e: (order.get(e.result.grade, len(order)), -e.result.total),
        then=lambda e: e.code,
    )
    return [(place.rank, entry) for entry, place in ranked]


def _compliance_rows(
    entries: list[Entry], groups: dict[str, str], key: str, target: float | None
) -> list[list[str]]:
    rows = []
    for group_id, group_name in groups.items():
        mine = [e for e in entries if e.placement.get(key) == group_id]
        if not mine:
            continue
        good = sum(1 for e in mine if e.result is not None and e.result.compliant)
        excellent = sum(1 for e in mine if e.result is not None and e.result.grade == "示范")
        share = good / len(mine)
        met = "—" if target is None else ("达到" if share >= target else "未达到")
        rows.append(
            [group_name, str(len(mine)), str(excellent), str(good), _percent(good, len(mine)), met]
        )
    return rows


def bulletin(
    entries: list[Entry],
    standard: Standard,
    organization: Organization,
    year: int,
    today: date,
) -> list[Block]:
    """The committee's annual bulletin: compliance against the target by zone and level,
    the rankings, and the named lists. Branches, counts and scores only."""
    target = organization.targets.get(year)
    grades = [g.name for g in standard.grades]
    top, compliant_from = grades[0], standard.compliant_from
    total = len(entries)
    good = [e for e in entries if e.result is not None and e.result.compliant]
    by_status = {
        s: sum(1 for e in entries if e.status == s) for s in [*grades, "未能评分", "未报送"]
    }
    share = len(good) / total if total else 0.0
    counts = "、".join(f"{s} {c} 个" for s, c in by_status.items() if c)
    goal = (
        f"年度目标为 {target * 100:.0f}%，{'已完成' if share >= target else '未完成'}年度目标"
        if target is not None
        else "本年度未设定达标率目标"
    )
    blocks = [
        Block("title", f"{organization.committee}\n关于{year}年度党支部标准化建设情况的通报"),
        Block("plain", "各部门党委（党组）、机关党委："),
        Block(
            "para",
            f"按照《{standard.title}》（{standard.version} 版），工委对 {year} 年度 "
            f"{total} 个党支部的标准化建设台账进行了检查评分。其中{counts}。"
            f"达到“{compliant_from}”及以上等次的标准化党支部 {len(good)} 个，"
            f"达标率 {_percent(len(good), total)}，{goal}。现将有关情况通报如下。",
        ),
        Block("heading", "一、总体情况"),
        Block("note", "表1 等次分布"),
        Block(
            "table",
            header=["等次", "支部数", "占比"],
            rows=[[s, str(c), _percent(c, total)] for s, c in by_status.items()]
            + [["合计", str(total), _percent(total, total)]],
            widths=[60, 48, 48],
            align="lrr",
        ),
    ]
    head = ["", "支部数", f"{top}", "标准化党支部", "达标率", "目标完成"]
    blocks.append(Block("heading", "二、分责任区达标情况"))
    if target is not None:
        blocks.append(Block("para", f"{year}年度达标率目标为 {target * 100:.0f}%。"))
    blocks.append(Block("note", "表2 分责任区达标情况"))
    blocks.append(
        Block(
            "table",
            header=["责任区", *head[1:]],
            rows=_compliance_rows(entries, organization.zones, "zone", target),
            widths=[36, 22, 22, 28, 24, 24],
            align="lrrrrc",
        )
    )
    blocks.append(Block("heading", "三、分层级达标情况"))
    blocks.append(Block("note", "表3 分层级达标情况"))
    blocks.append(
        Block(
            "table",
            header=["层级", *head[1:]],
            rows=_compliance_rows(entries, organization.levels, "level", target),
            widths=[36, 22, 22, 28, 24, 24],
            align="lrrrrc",
        )
    )
    blocks.append(Block("heading", "四、量化排名"))
    blocks.append(
        Block(
            "para",
            "按等次和总分排名，等次和总分都相同的并列；触发一票否决的支部"
            f"按“{standard.veto_grade}”等次排名。",
        )
    )
    blocks.append(Block("note", "表4 量化排名"))
    ranked = _rank(entries, standard)
    blocks.append(
        Block(
            "table",
            header=["名次", "党支部", "上级党组织", "总分", "等次"],
            rows=[
                [
                    str(rank),
                    e.name,
                    e.placement.get("organization_name", ""),
                    number(e.result.total),
                    e.result.grade + ("（否决）" if e.result.vetoed else ""),
                ]
                for rank, e in ranked
            ],
            widths=[14, 52, 50, 16, 24],
            align="cllrc",
        )
    )
    unranked = [e for e in entries if e.status in ("未能评分", "未报送")]
    if unranked:
        blocks.append(
            Block(
                "para",
                "未参加排名：" + "、".join(f"{e.name}({e.status})" for e in unranked) + "。",
            )
        )
    blocks.append(Block("heading", "五、命名名单"))
    for index, grade in enumerate(g for g in grades if _at_least(g, compliant_from, grades)):
        names = [e for _, e in ranked if e.result.grade == grade]
        blocks.append(Block("subheading", f"（{_cn(index)}）{grade}党支部（{len(names)} 个）"))
        if not names:
            blocks.append(Block("para", "无。"))
            continue
        for zone_id, zone_name in organization.zones.items():
            mine = [e.name for e in names if e.placement.get("zone") == zone_id]
            if mine:
                blocks.append(Block("para", f"{zone_name}:{'、'.join(mine)}。"))
        other = [e.name for e in names if e.placement.get("zone") not in organization.zones]
        if other:
            blocks.append(Block("para", f"其他：{'、'.join(other)}。"))
    blocks.append(
        Block(
            "para",
            "希望受到命名的党支部珍惜荣誉、保持标准；未达标的党支部对照检查报告逐条整改，"
            "各上级党组织加强指导督促，确保完成年度目标。",
        )
    )
    blocks.append(Block("closing", f"{organization.committee}\n{official_date(today)}"))
    return blocks


def _at_least(grade: str, floor: str, grades: list[str]) -> bool:
    return grades.index(grade) <= grades.index(floor)


# --- views -------------------------------------------------------------------------------


def to_docx(blocks: list[Block]) -> Document:
    """Render blocks in the GB/T 9704 layout."""
    document = o.new_document()
    for block in blocks:
        if block.kind == "title":
            o.title(document, block.text)
        elif block.kind == "heading":
            o.heading(document, block.text, 1)
        elif block.kind == "subheading":
            o.heading(document, block.text, 2)
        elif block.kind == "para":
            o.body(document, block.text)
        elif block.kind == "plain":
            o.paragraph(document, block.text)
        elif block.kind == "note":
            o.paragraph(
                document,
                block.text,
                east_asia=o.HEI,
                size=o.SIZE_S4,
                align=WD_ALIGN_PARAGRAPH.CENTER,
                line=Pt(22),
                space_before=Pt(6),
                keep_with_next=True,
            )
        elif block.kind == "table":
            _docx_table(document, block)
        elif block.kind == "signature":
            _docx_signature(document, block)
        elif block.kind == "closing":
            o.paragraph(document, "")
            o.paragraph(document, block.text, align=WD_ALIGN_PARAGRAPH.RIGHT)
        elif block.kind == "remark":
            o.paragraph(document, "")
            o.paragraph(document, block.text, size=o.SIZE_S4, line=Pt(22), color=o.GREY)
    return document


_ALIGN = {
    "l": WD_ALIGN_PARAGRAPH.LEFT,
    "c": WD_ALIGN_PARAGRAPH.CENTER,
    "r": WD_ALIGN_PARAGRAPH.RIGHT,
}


def _docx_table(document: Document, block: Block) -> None:
    table = o.table(document, block.widths, rows=1, header_rows=1)
    for cell, text in zip(o.row_cells(table.rows[0]), block.header, strict=True):
        o.cell_text(
            cell, text, size=o.SIZE_S4, east_asia=o.HEI, shade=o.SHADE,
            align=WD_ALIGN_PARAGRAPH.CENTER, fixed=True,
        )  # fmt: skip
    together = len(block.rows) <= 12  # a short table stays on one page
    for index, values in enumerate(block.rows):
        cells = o.add_row(table, block.widths)
        for col, (cell, text) in enumerate(zip(cells, values, strict=True)):
            align = _ALIGN.get(block.align[col] if col < len(block.align) else "l")
            o.cell_text(cell, text, size=o.SIZE_S4, align=align, fixed=True)
        if index == 0 or (together and index < len(block.rows) - 1):
            o.keep_with_next(cells)
    o.keep_with_next(o.row_cells(table.rows[0]))
    o.paragraph(document, "", line=Pt(12))


def _docx_signature(document: Document, block: Block) -> None:
    table = o.table(document, block.widths, rows=len(block.rows))
    for row, (label, signoff) in zip(table.rows, block.rows, strict=True):
        cells = o.row_cells(row)
        o.cell_text(
            cells[0], label, size=o.SIZE_4, east_asia=o.HEI, shade=o.SHADE,
            align=WD_ALIGN_PARAGRAPH.CENTER, fixed=True,
        )  # fmt: skip
        o.cell_text(
            cells[1], "\n\n\n" + signoff, size=o.SIZE_4, align=WD_ALIGN_PARAGRAPH.RIGHT,
            fixed=True,
        )  # fmt: skip


def docx_bytes(blocks: list[Block]) -> bytes:
    document = to_docx(blocks)
    props = document.core_properties
    title = next((b.text.replace("\n", " ") for b in blocks if b.kind == "title"), "")
    o.set_property(document, "title", title)
    props.author = "checker"
    props.last_modified_by = "checker"
    props.language = "zh-CN"
    from checker.dossier.word.form import FIXED_TIME

    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.revision = 1
    return o.document_bytes(document)


def _md_cell(text: str) -> str:
    return "<br>".join(markdown(line) for line in o.typeset(text).split("\n"))


def _md_lines(text: str) -> str:
    """Block text from content and from us, shown as text: one Markdown line per line."""
    return "  \n".join(markdown(line) for line in o.typeset(text).split("\n"))


def to_markdown(blocks: list[Block]) -> str:
    """The same report in Markdown (for CI summaries, the site or e-mail)."""
    lines: list[str] = []
    for block in blocks:
        text = _md_lines(block.text)
        if block.kind == "title":
            lines += [f"# {text.replace('  ' + chr(10), ' ')}", ""]
        elif block.kind == "heading":
            lines += [f"## {text}", ""]
        elif block.kind == "subheading":
            lines += [f"### {text}", ""]
        elif block.kind in ("para", "plain"):
            lines += [text, ""]
        elif block.kind == "note":
            lines += [f"**{text}**", ""]
        elif block.kind == "table":
            marks = {"l": ":---", "c": ":---:", "r": "---:"}
            align = [marks.get(a, "---") for a in block.align.ljust(len(block.header), "l")]
            lines.append("| " + " | ".join(_md_cell(h) for h in block.header) + " |")
            lines.append("|" + "|".join(align) + "|")
            for row in block.rows:
                lines.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
            lines.append("")
        elif block.kind == "signature":
            lines += ["| 意见 | 签字 |", "|---|---|"]
            for label, signoff in block.rows:
                lines.append(f"| {_md_cell(label)} | <br><br>{_md_cell(signoff)} |")
            lines.append("")
        elif block.kind == "closing":
            closing = "<br>".join(markdown(line) for line in o.typeset(block.text).split("\n"))
            lines += [f'<p align="right">{closing}</p>', ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def redact_blocks(blocks: list[Block], private: Iterable[str] = ()) -> list[str]:
    """Redact personal data in a public report's text, in place; say what was removed.

    The bulletin is published: names of branches, organizations and zones come from the
    content, and an ID or mobile number or a roster's name in one of them must not go out
    with it. Returns one masked description per hit, for the terminal.
    """
    values = sorted(set(private))
    removed: list[str] = []

    def clean(text: str, where: str) -> str:
        hits = scan(text, values)
        if not hits:
            return text
        removed.extend(f.message for f in findings_for(text, hits, "", where))
        return redact(text, hits)

    for block in blocks:
        block.text = clean(block.text, "通报正文")
        block.header = [clean(cell, "通报表头") for cell in block.header]
        block.rows = [[clean(cell, "通报表格") for cell in row] for row in block.rows]
    return removed
