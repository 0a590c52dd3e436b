"""The report of one branch-year, as blocks: basic facts, scores, points lost, suggestions,
sign-off. It reads the DossierResult only (the facts were taken when the dossier was
checked) and computes no score."""

from __future__ import annotations

from datetime import date

from checker.core.periods import official_date
from checker.dossier.report.actions import action_for, plain_words
from checker.dossier.report.text import number
from checker.dossier.results import BranchFacts, DossierResult, ItemResult
from checker.dossier.sources import score_source
from checker.dossier.standard import Standard
from checker.dossier.word.blocks import Block, cn_number, percent_of, sentence


def branch_report(result: DossierResult, standard: Standard, today: date) -> list[Block]:
    """The report of one scored branch-year."""
    name = result.name or result.branch
    return [
        Block("title", f"{name}\n{result.year}年度党支部标准化建设检查报告"),
        *_basic(result, result.facts or BranchFacts(), standard, today),
        *_scores(result),
        *_lost(result),
        *_suggestions(result),
        *_signoff(standard, today),
    ]


def _belongs(place: dict[str, str]) -> str:
    if not place.get("organization_name"):
        return ""
    belongs = f"隶属{place['organization_name']}"
    extra = [e for e in (place.get("zone_name"), place.get("level_name")) if e]
    if extra:
        belongs += f"（{'、'.join(extra)}）"
    return belongs + "，"


def _basic(
    result: DossierResult, facts: BranchFacts, standard: Standard, today: date
) -> list[Block]:
    name = result.name or result.branch
    records = "、".join(f"{t} {c} 次" for t, c in facts.records.items())
    elected = (
        f"本届支部委员会于 {official_date(date.fromisoformat(facts.elected_on))}选举产生。"
        if _iso(facts.elected_on)
        else ""
    )
    return [
        Block("heading", "一、基本情况"),
        Block(
            "para",
            f"{name}（支部编号 {result.branch}）{_belongs(result.placement)}{result.year}年度"
            f"有党员 {facts.members} 名，其中正式党员 {facts.full_members} 名、预备党员 "
            f"{facts.members - facts.full_members} 名；支部委员 {facts.committee} 名，"
            f"党小组 {facts.party_groups} 个。" + elected,
        ),
        Block(
            "para",
            f"本年度台账记录活动 {sum(facts.records.values())} 次"
            + (f"，其中{records}" if records else "")
            + f"。本报告依据《{standard.title}》（{standard.version} 版）"
            f"对台账逐条检查评分，检查日期为 {official_date(today)}。",
        ),
    ]


def _scores(result: DossierResult) -> list[Block]:
    veto = (
        f"因一票否决事项（{result.veto_reason}），等次评为“{result.grade}”" if result.vetoed else ""
    )
    verdict = "达到标准化党支部要求。" if result.compliant else "未达到标准化党支部要求。"
    aspects = [
        [f"{a.id} {a.name}", number(a.score), number(a.max), percent_of(a.score, a.max)]
        for a in result.aspects
    ]
    total = ["合计", number(result.total), number(result.max)]
    return [
        Block("heading", "二、得分情况"),
        Block(
            "para",
            f"总分 {number(result.total)} 分（满分 {number(result.max)} 分），"
            + (veto or f"等次为“{result.grade}”")
            + "。"
            + verdict,
        ),
        Block("note", "表1 分方面得分"),
        Block(
            "table",
            header=["方面", "得分", "满分", "得分率"],
            rows=[*aspects, [*total, percent_of(result.total, result.max)]],
            widths=[74, 26, 26, 30],
            align="lrrr",
        ),
        Block("note", "表2 逐条得分"),
        Block(
            "table",
            header=["条目", "得分", "满分", "计分依据"],
            rows=[
                [f"{i.id} {i.title}", number(i.score), number(i.max), _basis(i)]
                for i in result.items
            ],
            widths=[74, 22, 22, 38],
            align="lrrc",
        ),
    ]


def _lost(result: DossierResult) -> list[Block]:
    blocks = [Block("heading", "三、失分情况")]
    lost = [i for i in result.items if i.score < i.max]
    if not lost:
        blocks.append(Block("para", "各条目均得满分，没有失分。"))
    for index, item in enumerate(lost):
        blocks.append(
            Block(
                "subheading",
                f"（{cn_number(index)}）{item.id} {item.title}：满分 {number(item.max)} 分，"
                f"得 {number(item.score)} 分，失 {number(item.max - item.score)} 分。",
            )
        )
        if item.explanation():
            blocks.append(Block("para", f"计分：{item.explanation()}"))
        for n, reason in enumerate(_lost_reasons(item), 1):
            blocks.append(Block("para", f"{n}. {reason}"))
    warned = [i for i in result.items if i.score >= i.max and i.findings]
    for item in warned:
        for finding in item.findings:
            blocks.append(
                Block(
                    "para",
                    f"{item.id} {item.title}（未失分）：{sentence(plain_words(finding.message))}",
                )
            )
    errors = result.errors
    if errors:
        blocks.append(
            Block(
                "para",
                f"另有 {len(errors)} 处台账校验错误，须先行改正："
                + "；".join(f"{plain_words(e.message)}（{e.code}）" for e in errors[:10])
                + ("等。" if len(errors) > 10 else "。"),
            )
        )
    return blocks


def _suggestions(result: DossierResult) -> list[Block]:
    """Each action once, as a step in the branch's work, followed by the items it concerns
    (with what an item itself asks for, such as its evidence)."""
    blocks = [Block("heading", "四、整改建议")]
    concerns: dict[str, dict[str, str]] = {}  # action -> item id -> how the item is named
    for item in result.items:
        if item.score < item.max or item.findings:
            for action, hint in _actions(item):
                named = concerns.setdefault(action, {})
                if hint or item.id not in named:
                    named[item.id] = f"{item.id} {item.title}" + (f"（{hint}）" if hint else "")
    lines = [f"{action}涉及：{'、'.join(named.values())}。" for action, named in concerns.items()]
    if result.errors:
        lines.append("改正台账中的填写错误（见上文），改正后重新检查评分。")
    if not lines:
        blocks.append(Block("para", "继续保持，按标准要求做好日常工作和台账记录。"))
    for n, line in enumerate(lines, 1):
        blocks.append(Block("para", f"{n}. {line}"))
    return blocks


def _signoff(standard: Standard, today: date) -> list[Block]:
    return [
        Block("heading", "五、审核意见"),
        Block(
            "signature",
            rows=[
                ["支部自查意见", "支部书记（签字）：         年    月    日"],
                ["上级党组织审核意见", "审核人（签字）：         （盖章）\n年    月    日"],
                ["督导组核定意见", "督导组组长（签字）:\n年    月    日"],
            ],
            widths=[40, 116],
        ),
        Block(
            "remark",
            f"本报告由 checker 依据台账数据生成（{standard.id} {standard.version}，"
            f"{official_date(today)}）。",
        ),
    ]


def _lost_reasons(item: ItemResult) -> list[str]:
    reasons = list(dict.fromkeys(sentence(plain_words(f.message)) for f in item.findings))
    if not reasons and item.score < item.max:
        if item.source == "review" and item.note:
            reasons.append(sentence(f"督导组核定：{item.note}"))
        elif item.source == "self":
            reasons.append(
                sentence(f"支部自评 {number(item.score)} 分（满分 {number(item.max)} 分）")
            )
    return reasons


def _actions(item: ItemResult) -> list[tuple[str, str]]:
    """(action, what the item itself asks for) for each reason the item lost points."""
    actions = [(action_for(f.code), plain_words(f.hint).rstrip("。")) for f in item.findings] or [
        (action_for("P011" if item.source == "review" else ""), "")
    ]
    return list(dict.fromkeys(actions))


def _iso(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _basis(item: ItemResult) -> str:
    if item.na:
        return "不适用（按满分计）"
    return score_source(item.source).basis
