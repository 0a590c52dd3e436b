"""An organization's own inputs as scores: its target items, its members' ballots, its
bonus and deduction claims. Each returns the score (None: no input), the reasons for the
points not given, and the findings."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from checker.assessment.inputs import Document
from checker.assessment.results import number
from checker.assessment.scheme import Adjustment, Scheme
from checker.core.evidence_files import check_path
from checker.core.findings import Finding

ZERO = Decimal(0)


def target_score(
    document: Document | None, scheme: Scheme
) -> tuple[Decimal | None, list[str], list[Finding]]:
    if document is None or not document.data.get("targets") or not document.sound("targets"):
        return None, [], []
    given: dict = document.data["targets"]
    findings: list[Finding] = []
    reasons: list[str] = []
    total = ZERO
    for item_id, value in given.items():
        target = scheme.targets.get(item_id)
        if target is None:
            known = "、".join(scheme.targets)
            message = f"没有编号为 {item_id} 的目标任务，可用的编号：{known}"
            findings.append(document.finding("K010", message, "targets", item_id))
            continue
        score = Decimal(str(value))
        if score > target.max:
            message = f"{item_id} {target.name}得 {value} 分，超过满分 {number(target.max)} 分"
            findings.append(document.finding("K011", message, "targets", item_id))
            score = target.max
        total += score
    for target in scheme.targets.values():
        score = Decimal(str(given[target.id])) if target.id in given else ZERO
        if target.id not in given:
            reasons.append(
                f"目标任务 {target.id} {target.name}没有得分（满分 {number(target.max)} 分）"
            )
        elif score < target.max:
            reasons.append(
                f"目标任务 {target.id} {target.name}得 {number(score)} 分"
                f"（满分 {number(target.max)} 分）"
            )
    return total, reasons, findings


def ballot_score(
    document: Document | None, scheme: Scheme, members: int | None
) -> tuple[Decimal | None, list[str], list[Finding]]:
    """The mean over the scheme's questions of each question's weighted tally (of 100)."""
    if document is None or "ballots" not in document.data or not document.sound("ballots"):
        return None, [], []
    ballots = document.data["ballots"]
    findings: list[Finding] = []
    count = int(ballots["ballots"])
    if members is not None and count > members:
        message = f"收回 {count} 张测评票，多于所属支部的党员 {members} 人"
        findings.append(document.finding("K005", message, "ballots", "ballots"))
    scores: list[Decimal] = []
    reasons: list[str] = []
    for qid, tally in ballots["questions"].items():
        if qid not in scheme.questions:
            message = f"没有编号为 {qid} 的测评问题，可用的编号：{'、'.join(scheme.questions)}"
            findings.append(document.finding("K010", message, "ballots", "questions", qid))
            continue
        unknown = [name for name in tally if name not in scheme.ratings]
        votes = sum(tally.values())
        if unknown:
            message = (
                f"测评档次“{'、'.join(unknown)}”未定义，可用的档次：{'、'.join(scheme.ratings)}"
            )
            findings.append(document.finding("K010", message, "ballots", "questions", qid))
            continue
        if votes > count:
            message = f"{qid} 的票数合计 {votes} 张，多于收回的 {count} 张"
            findings.append(document.finding("K005", message, "ballots", "questions", qid))
            continue
        if votes:
            scores.append(sum(scheme.ratings[k] * n for k, n in tally.items()) / votes)
    for qid, text in scheme.questions.items():
        if qid not in ballots["questions"]:
            reasons.append(f"民主测评缺少问题 {qid}（{text}）的票数，按 0 分计")
            scores.append(ZERO)
    if not scores:
        return None, reasons, findings
    return sum(scores, ZERO) / len(scores), reasons, findings


def claims(
    document: Document | None, scheme: Scheme, year_dir: Path, evidence: tuple[list[str], int]
) -> tuple[Decimal, Decimal, list[str], list[Finding]]:
    """(bonus, deduction, reasons, findings): bonus within each item's cap and the scheme's."""
    if document is None:
        return ZERO, ZERO, [], []
    findings: list[Finding] = []
    reasons: list[str] = []
    bonus = _claimed(document, "bonus", scheme.bonus, year_dir, evidence, findings, reasons)
    deduction = _claimed(
        document, "deduction", scheme.deduction, year_dir, evidence, findings, reasons
    )
    if bonus > scheme.bonus_cap:
        message = (
            f"加分合计 {number(bonus)} 分，超过全年上限 {number(scheme.bonus_cap)} 分，超出部分不计"
        )
        findings.append(document.finding("K007", message, "bonus"))
        reasons.append(message)
        bonus = scheme.bonus_cap
    if deduction:
        reasons.append(f"减分 {number(deduction)} 分")
    return bonus, deduction, reasons, findings


def _claimed(document, key, items: dict[str, Adjustment], year_dir, evidence, findings, reasons):
    total_by_item: dict[str, Decimal] = {}
    if not document.sound(key):
        return ZERO
    for index, claim in enumerate(document.data.get(key) or []):
        item = items.get(claim["item"])
        if item is None:
            message = f"没有编号为 {claim['item']} 的{'加分' if key == 'bonus' else '减分'}项目"
            findings.append(document.finding("K010", message, key, index, "item"))
            continue
        cited = claim.get("evidence") or []
        if item.evidence and not cited:
            message = f"{item.id} {item.name}须附佐证材料，这项申报没有附，不计分"
            findings.append(document.finding("K006", message, key, index, "item"))
            reasons.append(message)
            continue
        ok = True
        for e_index, path in enumerate(cited):
            line, column = document.loaded.locate([key, index, "evidence", e_index])
            checked = check_path(
                year_dir, str(path), evidence[0], evidence[1], (document.file, line, column, "")
            )
            findings.extend(checked.findings)
            ok &= checked.ok
        if not ok:
            continue
        points = item.points * int(claim.get("count", 1))
        total_by_item[item.id] = total_by_item.get(item.id, ZERO) + points
    total = ZERO
    for item_id, points in total_by_item.items():
        item = items[item_id]
        if item.cap is not None and points > item.cap:
            message = (
                f"{item.id} {item.name}申报 {number(points)} 分，"
                f"全年最多 {number(item.cap)} 分，超出部分不计"
            )
            findings.append(document.finding("K007", message, key))
            reasons.append(message)
            points = item.cap
        total += points
    return total
