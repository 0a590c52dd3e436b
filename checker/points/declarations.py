"""The month's declarations as the branch reviewed them: who declared what, what the review
let through, and why anything was not; and whether the month was reviewed in time."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from checker.core.evidence_files import check_path
from checker.core.findings import Finding
from checker.core.periods import official_date
from checker.points.ledger import Month, Record, day
from checker.points.results import Lost
from checker.points.roster import Member
from checker.points.standard import PointsRule, PointsStandard


@dataclass(slots=True)
class Judged:
    """One declaration after review, before caps."""

    member: str
    rule: PointsRule
    month: int
    declared: Decimal
    reviewed: Decimal
    record: Record
    lost: list[Lost] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Checks:
    """What judging a declaration needs besides the declaration."""

    standard: PointsStandard
    roster: dict[str, Member]
    year_dir: Path
    evidence_types: list[str]
    max_evidence_bytes: int
    reference: date  # the judging day: nothing after it has happened yet


def judge_month(month: Month, checks: Checks) -> tuple[list[Judged], list[Finding]]:
    judged: list[Judged] = []
    findings: list[Finding] = []
    for record in month.declarations:
        outcome = _judge(record, month.number, checks, findings)
        if outcome is not None:
            judged.append(outcome)
    findings.extend(_review_timing(month, checks.standard))
    return judged, findings


def _judge(record: Record, number: int, checks: Checks, out: list[Finding]) -> Judged | None:
    data = record.data
    member_id, rule_id = str(data["member"]), str(data["standard"])
    member = checks.roster.get(member_id)
    rule = checks.standard.rules.get(rule_id)
    if member is None:
        out.append(record.finding("J001", f"党员编号 {member_id} 不在党员名册中", "member"))
    if rule is None:
        out.append(record.finding("J002", f"没有编号为 {rule_id} 的积分标准", "standard"))
    when = day(data["date"])
    if when is not None and (when.month != number):
        message = f"日期 {when.isoformat()} 不在本文件的月份（{number} 月）内"
        out.append(record.finding("J016", message, "date"))
        return None
    if when is not None and when > checks.reference:
        message = f"日期 {official_date(when)} 晚于今天（{official_date(checks.reference)}）"
        out.append(record.finding("D002", message, "date"))
        return None
    if member is None or rule is None:
        return None
    units = int(data.get("count", 1))
    declared = units * rule.points
    judged = Judged(member_id, rule, number, declared, Decimal(0), record)
    if number not in member.months:
        message = f"{member_id} 在 {number} 月不是本支部党员，这条申报不计分"
        out.append(record.finding("J018", message, "member"))
        judged.lost.append(Lost("J018", message, declared, number))
        return judged
    out.extend(_evidence(record, checks))
    if rule.evidence and not data.get("evidence"):
        hint = f"（{rule.evidence_hint}）" if rule.evidence_hint else ""
        message = f"{rule.id} {rule.title}须附佐证材料{hint}，这条申报没有附，不计分"
        out.append(record.finding("J005", message, "standard"))
        judged.lost.append(Lost("J005", message, declared, number))
        return judged
    _review(judged, units)
    return judged


def _review(judged: Judged, units: int) -> None:
    data, rule, number = judged.record.data, judged.rule, judged.month
    result = data.get("result")
    if result is None:
        message = f"{rule.id} {rule.title}的申报尚未审核，暂不计分"
        judged.lost.append(Lost("J006", message, judged.declared, number))
        return
    approved = units if result == "通过" else int(data.get("approved", 0))
    if result == "不通过":
        approved = 0
    judged.reviewed = min(approved, units) * rule.points
    if judged.reviewed < judged.declared:
        verdict = "不通过" if result == "不通过" else f"调整为 {approved} 次"
        message = f"{rule.id} {rule.title}：支部审核{verdict}（{data.get('reason', '')}）"
        judged.lost.append(Lost("", message, judged.declared - judged.reviewed, number))


def _evidence(record: Record, checks: Checks) -> list[Finding]:
    found: list[Finding] = []
    for index, cited in enumerate(record.data.get("evidence") or []):
        line, column = record.loaded.locate((*record.parts, "evidence", index))
        where = (record.file, line, column, "")
        result = check_path(
            checks.year_dir, str(cited), checks.evidence_types, checks.max_evidence_bytes, where
        )
        found.extend(result.findings)
    return found


def month_end(year: int, number: int) -> date:
    return date(year, number, calendar.monthrange(year, number)[1])


def _review_timing(month: Month, standard: PointsStandard) -> list[Finding]:
    """A month with declarations must be reviewed, after it ended and within the days set."""
    data = month.data
    if not month.declarations:
        return []
    year = int(str(data["month"])[:4])
    end = month_end(year, month.number)
    reviewed_on = day(data.get("reviewed_on")) if data.get("reviewed_on") else None
    pending = sum(1 for r in month.declarations if r.data.get("result") is None)
    findings: list[Finding] = []
    if reviewed_on is None:
        message = (
            f"{month.number} 月有 {len(month.declarations)} 条申报，但没有写审核日期（reviewed_on）"
        )
        findings.append(month.finding("J006", message, "declarations"))
        return findings
    if pending:
        message = f"{month.number} 月有 {pending} 条申报没有审核结果（result），暂不计分"
        findings.append(month.finding("J006", message, "declarations"))
    if reviewed_on <= end:
        message = (
            f"审核日期 {reviewed_on.isoformat()} 早于 {month.number} 月结束（{end.isoformat()}）"
        )
        findings.append(month.finding("J007", message, "reviewed_on"))
    elif reviewed_on > end + timedelta(days=standard.review_days):
        late = (reviewed_on - end).days - standard.review_days
        message = (
            f"{month.number} 月的申报在 {reviewed_on.isoformat()} 才审核，"
            f"超过规定的次月 {standard.review_days} 日内 {late} 天"
        )
        findings.append(month.finding("J008", message, "reviewed_on"))
    return findings
