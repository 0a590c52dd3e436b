"""The year's grading as the branch meeting decided it, held against the points: each grade
must follow from the member's total (or the veto), 优秀 stays within its share, and every
member of the scheme is either graded or stated not graded with a reason."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from checker.core.findings import Finding
from checker.core.paths import display
from checker.core.periods import year_end
from checker.points.ledger import Ledger
from checker.points.results import MemberYear, number
from checker.points.roster import Member
from checker.points.standard import PointsStandard, share_words


def check_grading(
    ledger: Ledger,
    years: dict[str, MemberYear],
    roster: dict[str, Member],
    standard: PointsStandard,
    reference: date,
) -> list[Finding]:
    grading = ledger.grading
    if grading is None:
        if ledger.ref.year is not None and reference >= year_end(ledger.ref.year):
            message = f"{ledger.ref.year} 年度已结束，还没有年度定级（points/grading.yaml）"
            return [Finding("J015", message, display(ledger.ref.folder), 0, 0)]
        return []
    findings: list[Finding] = []
    excused = _not_graded(grading, roster, standard, years, findings)
    graded: list[str] = []
    for record in grading.grades:
        member, grade = str(record.data["member"]), str(record.data["grade"])
        names = [g.name for g in standard.grades]
        if member not in roster:
            findings.append(record.finding("J001", f"党员编号 {member} 不在党员名册中", "member"))
            continue
        if grade not in names:
            message = f"等次“{grade}”未在积分标准中定义，可用的等次：{'、'.join(names)}"
            findings.append(record.finding("J019", message, "grade"))
            continue
        category = excused.get(member) or standard.not_graded_status.get(roster[member].status)
        if category is not None:
            message = f"{member} 属于不参加定级的“{standard.not_graded[category]}”，不应定级"
            findings.append(record.finding("J014", message, "member"))
            continue
        graded.append(member)
        year = years[member]
        year.decided = grade
        findings.extend(_follows(record, year, grade, standard))
        appraisal = roster[member].appraisal
        if appraisal and appraisal != "不参评" and appraisal != grade:
            message = (
                f"{member} 在本年度台账的党员名册中评议等次为“{appraisal}”，"
                f"积分台账的年度定级为“{grade}”"
            )
            findings.append(record.finding("J022", message, "grade"))
    findings.extend(_one_third(grading, graded, years, standard))
    for member, year in years.items():
        undecided = year.decided is None and year.not_graded is None
        excused = standard.not_graded_status.get(roster[member].status) is not None
        if year.months_in_branch and undecided and not excused:
            message = f"{member} 既没有定级，也没有写明不参加定级的类别和理由"
            findings.append(Finding("J015", message, grading.file, 1, 1, "/grades"))
    return findings


def _not_graded(grading, roster, standard, years, findings) -> dict[str, str]:
    excused: dict[str, str] = {}
    for record in grading.not_graded:
        member, category = str(record.data["member"]), str(record.data["category"])
        if member not in roster:
            findings.append(record.finding("J001", f"党员编号 {member} 不在党员名册中", "member"))
            continue
        if category not in standard.not_graded:
            known = "、".join(f"{k}（{v}）" for k, v in standard.not_graded.items())
            message = f"不参加定级的类别“{category}”未在积分标准中定义，可用的类别：{known}"
            findings.append(record.finding("J020", message, "category"))
            continue
        excused[member] = category
        years[member].not_graded = category
    return excused


def _follows(record, year: MemberYear, grade: str, standard: PointsStandard) -> list[Finding]:
    if year.vetoed and grade != standard.veto_grade:
        message = (
            f"{year.member} 有一票否决的情形，定级应为“{standard.veto_grade}”，而不是“{grade}”"
        )
        return [record.finding("J013", message, "grade")]
    # Within the one-third rule a member whose points give 优秀 may be graded one step down.
    quota = year.grade == standard.excellent and grade == standard.grades[1].name
    if grade != year.grade and not quota:
        message = (
            f"{year.member} 定为“{grade}”，但按积分（{number(year.total)} 分）应为“{year.grade}”"
        )
        return [record.finding("J011", message, "grade")]
    return []


def _one_third(grading, graded: list[str], years, standard: PointsStandard) -> list[Finding]:
    excellent = [m for m in graded if years[m].decided == standard.excellent]
    limit = standard.excellent_share_max
    if not graded or Fraction(len(excellent), len(graded)) <= limit:
        return []
    most = int(len(graded) * limit)
    message = (
        f"定为“{standard.excellent}”的有 {len(excellent)} 人，超过参加定级的 {len(graded)} 人的"
        f"{share_words(limit)}（最多 {most} 人）"
    )
    return [Finding("J012", message, grading.file, *grading.loaded.locate(["grades"]), "/grades")]
