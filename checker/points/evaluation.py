"""The quarter's public evaluation: each member's tally of ratings becomes a score of 100,
the year's evaluation the mean of the quarters due. Only tallies are kept, never who rated
what."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from checker.core.findings import Finding
from checker.core.paths import display
from checker.points.declarations import month_end
from checker.points.ledger import Ledger, Record
from checker.points.roster import Member
from checker.points.standard import PointsStandard

QUARTER_MONTHS = {q: range(3 * q - 2, 3 * q + 1) for q in range(1, 5)}


def quarters_due(year: int, reference: date) -> list[int]:
    """The quarters that have ended by the judging day."""
    return [q for q in QUARTER_MONTHS if month_end(year, 3 * q) <= reference]


def evaluate(
    ledger: Ledger, standard: PointsStandard, roster: dict[str, Member], reference: date
) -> tuple[dict[str, dict[int, Decimal | None]], list[Finding]]:
    """Per member, per quarter due and belonged to, a score of 100 (None: no valid tally)."""
    findings: list[Finding] = []
    scores: dict[str, dict[int, Decimal | None]] = {m: {} for m in roster}
    year = ledger.ref.year or reference.year
    for number in quarters_due(year, reference):
        quarter = ledger.quarters.get(number)
        if quarter is None:
            message = f"{year} 年第 {number} 季度没有群众评议（points/{year}-Q{number}.yaml）"
            findings.append(Finding("J009", message, display(ledger.ref.folder), 0, 0))
        tallies: dict[str, Record] = {}
        for record in quarter.tallies if quarter else []:
            member = str(record.data["member"])
            if member not in roster:
                findings.append(record.finding("J001", f"党员编号 {member} 不在党员名册中"))
                continue
            tallies[member] = record
        for member, info in roster.items():
            if not set(QUARTER_MONTHS[number]) & info.months:
                continue
            record = tallies.get(member)
            if record is None:
                if quarter is not None:
                    message = f"第 {number} 季度的群众评议中没有 {member}"
                    findings.append(Finding("J009", message, quarter.file, 1, 1, "/tallies"))
                scores[member][number] = None
                continue
            scores[member][number] = _score(record, standard, findings)
    return scores, findings


def _score(record: Record, standard: PointsStandard, findings: list[Finding]) -> Decimal | None:
    ratings: dict[str, int] = record.data["ratings"]
    unknown = [name for name in ratings if name not in standard.ratings]
    if unknown:
        known = "、".join(standard.ratings)
        message = f"评议档次“{'、'.join(unknown)}”未在积分标准中定义，可用的档次：{known}"
        findings.append(record.finding("J019", message, "ratings"))
        return None
    ballots = sum(ratings.values())
    raters = int(record.data["raters"])
    if ballots > raters:
        message = f"{record.data['member']} 的评议票数合计 {ballots} 张，多于评议人数 {raters} 人"
        findings.append(record.finding("J010", message, "ratings"))
        return None
    if ballots == 0:
        return None
    total = sum(standard.ratings[name] * count for name, count in ratings.items())
    return Decimal(total) / Decimal(ballots)


def year_evaluation(scores: dict[int, Decimal | None], standard: PointsStandard) -> Decimal:
    """The mean of the quarters' scores (of 100); a quarter without one counts as the
    standard says (zero, or left out)."""
    values = list(scores.values())
    if standard.missing_quarter == "skip":
        values = [v for v in values if v is not None]
    if not values:
        return Decimal(0)
    return sum((v or Decimal(0) for v in values), Decimal(0)) / len(values)
