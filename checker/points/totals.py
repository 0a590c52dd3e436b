"""From reviewed declarations and evaluations to a member's year: the monthly and yearly
caps of each standard, the parts of the total as the standard composes them, the veto and
the grade the points give. Every point not counted is named with its reason."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from checker.core.findings import Finding
from checker.points.declarations import Judged
from checker.points.evaluation import year_evaluation
from checker.points.results import CENT, Lost, MemberYear, MonthPoints, PartPoints, number
from checker.points.roster import Member
from checker.points.standard import Part, PointsStandard

ZERO = Decimal(0)
TWELVE = Decimal(12)


def member_year(
    member: Member,
    judged: list[Judged],
    quarters: dict[int, Decimal | None],
    standard: PointsStandard,
    findings: list[Finding],
) -> MemberYear:
    year = MemberYear(member.id, len(member.months), quarters=quarters)
    months = {m: MonthPoints(m) for m in sorted(member.months)}
    counted_by_part: dict[str, Decimal] = defaultdict(lambda: ZERO)
    sign = {p.id: -1 if p.subtract else 1 for p in standard.parts}  # a month's net points
    for declaration in judged:
        year.lost.extend(declaration.lost)
        month = months.setdefault(declaration.month, MonthPoints(declaration.month))
        month.declared += declaration.declared * sign[declaration.rule.part]
        month.reviewed += declaration.reviewed * sign[declaration.rule.part]
    for rule_id, entries in _by_rule(judged).items():
        rule = standard.rules[rule_id]
        for month_number, counted in _capped(rule, entries, year.lost, findings):
            months[month_number].counted += counted * sign[rule.part]
            counted_by_part[rule.part] += counted
            if rule.veto and counted > 0:
                year.vetoed = True
    year.months = [months[m] for m in sorted(months)]
    for part in standard.parts:
        year.parts.append(_part(part, counted_by_part[part.id], year, standard))
    _total(year, standard)
    year.grade = standard.grade_for(year.total, year.vetoed)
    return year


def _by_rule(judged: list[Judged]) -> dict[str, list[Judged]]:
    grouped: dict[str, list[Judged]] = defaultdict(list)
    for declaration in sorted(judged, key=lambda j: (j.month, j.record.parts)):
        grouped[declaration.rule.id].append(declaration)
    return dict(sorted(grouped.items()))


def _capped(rule, entries: list[Judged], lost: list[Lost], findings: list[Finding]):
    """(month, counted) for one standard's declarations, the month's cap first, then the
    year's; each excess is named once, on the declaration that passed the cap."""
    used_year = ZERO
    over_year: tuple[Judged, Decimal] | None = None  # where the year's cap was passed, excess
    by_month: dict[int, list[Judged]] = defaultdict(list)
    for entry in entries:
        by_month[entry.month].append(entry)
    for month_number in sorted(by_month):
        reviewed = sum((e.reviewed for e in by_month[month_number]), ZERO)
        counted = reviewed
        last = by_month[month_number][-1]
        if rule.month_cap is not None and counted > rule.month_cap:
            excess = counted - rule.month_cap
            message = (
                f"{last.member} {month_number} 月 {rule.id} {rule.title}"
                f"审核通过 {number(reviewed)} 分，"
                f"每月最多计 {number(rule.month_cap)} 分，超出的 {number(excess)} 分不计"
            )
            findings.append(last.record.finding("J003", message, "standard"))
            lost.append(Lost("J003", message, excess, month_number))
            counted = rule.month_cap
        if rule.year_cap is not None and used_year + counted > rule.year_cap:
            allowed = max(ZERO, rule.year_cap - used_year)
            first, before = over_year or (last, ZERO)
            over_year = (first, before + counted - allowed)
            counted = allowed
        used_year += counted
        yield month_number, counted
    if over_year is not None:
        first, excess = over_year
        message = (
            f"{first.member} {rule.id} {rule.title}全年最多计 {number(rule.year_cap)} 分，"
            f"{first.month} 月起超出的 {number(excess)} 分不计"
        )
        findings.append(first.record.finding("J004", message, "standard"))
        lost.append(Lost("J004", message, excess, first.month))


def _part(part: Part, raw: Decimal, year: MemberYear, standard: PointsStandard) -> PartPoints:
    if part.source == "evaluations":
        points = year_evaluation(year.quarters, standard) * (part.points or ZERO) / 100
        share = (part.points or ZERO) / len(year.quarters) if year.quarters else ZERO
        if standard.missing_quarter == "skip":
            share = ZERO  # the other quarters stand in for it
        for quarter, score in year.quarters.items():
            if score is None:
                message = f"第 {quarter} 季度没有有效的群众评议，这一季度不得分"
                year.lost.append(Lost("J009", message, share, 3 * quarter))
        return PartPoints(part.id, part.name, "evaluations", points, -1 if part.subtract else 1)
    points = raw
    if part.prorate and 0 < year.months_in_branch < 12:
        points = raw * TWELVE / Decimal(year.months_in_branch)
    if part.cap is not None and points > part.cap:
        excess = points - part.cap
        year.lost.append(
            Lost(
                "",
                f"{part.name} {number(points)} 分，超过上限 {number(part.cap)} 分，"
                f"超出的 {number(excess)} 分不计",
                excess,
            )
        )
        points = part.cap
    return PartPoints(part.id, part.name, "declarations", points, -1 if part.subtract else 1)


def _total(year: MemberYear, standard: PointsStandard) -> None:
    for part in year.parts:  # to the cent first, so that the shown parts add up to the total
        part.points = part.points.quantize(CENT, rounding=ROUND_HALF_UP)
    total = sum((p.points * p.sign for p in year.parts), ZERO)
    if total > standard.total_max:
        year.parts.append(
            PartPoints("total_max", "总分上限", "total", total - standard.total_max, -1)
        )
        total = standard.total_max
    elif total < standard.total_min:
        year.parts.append(
            PartPoints("total_min", "总分下限", "total", standard.total_min - total, 1)
        )
        total = standard.total_min
    year.total = total
