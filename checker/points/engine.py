"""`checker points`: a branch-year's points ledger from its files to each member's year."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from checker.core.findings import Finding
from checker.core.paths import display
from checker.core.periods import default_today, judging_day
from checker.core.standards import StandardsFolder
from checker.dossier.layout import DossierRef
from checker.dossier.standard import load_standard
from checker.points.declarations import Checks, Judged, judge_month
from checker.points.evaluation import evaluate
from checker.points.grading import check_grading
from checker.points.layout import POINTS_DIR, LedgerRef
from checker.points.ledger import Month, day, load_ledger
from checker.points.results import LedgerResult, MonthFiled
from checker.points.roster import load_roster
from checker.points.standard import PointsStandard, PointsStandardError, load_points_standard
from checker.points.totals import member_year


class PointsEngine:
    """The points standard of one standards folder, and the day ledgers are judged at."""

    def __init__(self, schemas: Path, today: date | None = None) -> None:
        self.folder = StandardsFolder(schemas)
        self.standard: PointsStandard = load_points_standard(self.folder)
        self.today = default_today(today)
        settings = load_standard(self.folder).settings  # file limits are the dossier's
        self.max_yaml_bytes = int(settings["max_yaml_bytes"])
        self.max_evidence_bytes = int(settings["max_evidence_bytes"])
        self.evidence_types = list(settings["evidence_types"])

    def check(self, ref: LedgerRef) -> LedgerResult:
        standard = self.standard
        result = LedgerResult(
            ref.branch, ref.year, display(ref.folder), (standard.id, standard.version)
        )
        roster, problems = load_roster(ref, self.max_yaml_bytes)
        result.findings.extend(problems)
        ledger = load_ledger(ref, self.folder.schemas, self.max_yaml_bytes)
        result.findings.extend(ledger.findings)
        if not roster:
            result.computed = False
            return result
        reference = judging_day(ref.year or self.today.year, self.today)
        result.reference = reference
        result.months = [_filed(ledger.months[n]) for n in sorted(ledger.months)]
        checks = Checks(
            standard, roster, ref.year_dir, self.evidence_types, self.max_evidence_bytes
        )
        judged: dict[str, list[Judged]] = {member: [] for member in roster}
        for number in sorted(ledger.months):
            declarations, findings = judge_month(ledger.months[number], checks)
            result.findings.extend(findings)
            for declaration in declarations:
                judged[declaration.member].append(declaration)
        quarters, findings = evaluate(ledger, standard, roster, reference)
        result.findings.extend(findings)
        years = {}
        for member_id, member in roster.items():
            years[member_id] = member_year(
                member, judged[member_id], quarters[member_id], standard, result.findings
            )
            years[member_id].excused = standard.not_graded_status.get(member.status)
        result.findings.extend(check_grading(ledger, years, roster, standard, reference))
        result.members = list(years.values())
        result.findings = _unique(result.findings)
        return result


def _filed(month: Month) -> MonthFiled:
    reviewed = month.data.get("reviewed_on")
    return MonthFiled(month.number, len(month.declarations), day(reviewed) if reviewed else None)


def _unique(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple] = set()
    kept = []
    for finding in findings:
        key = (finding.code, finding.file, finding.line, finding.message)
        if key not in seen:
            seen.add(key)
            kept.append(finding)
    return sorted(kept, key=Finding.sort_key)


def ledger_findings(schemas: Path, today: date, refs: list[DossierRef]) -> list[Finding]:
    """The findings of the points ledgers kept beside ``refs``, for `checker validate`; a
    ledger with no points standard to compute it by says so once."""
    ledgers = [LedgerRef(r) for r in refs if (r.year_dir / POINTS_DIR).is_dir()]
    if not ledgers:
        return []
    try:
        engine = PointsEngine(schemas, today)
    except PointsStandardError as exc:
        return exc.findings[:1]
    return [f for ledger in ledgers for f in engine.check(ledger).findings]
