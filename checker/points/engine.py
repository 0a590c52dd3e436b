"""`checker points`: a branch-year's points ledger from its files to each member's year."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from checker import __version__
from checker.core.cache import ContentKey, ResultCache, StatSignature
from checker.core.findings import Finding
from checker.core.gcpause import gc_paused
from checker.core.paths import display
from checker.core.periods import default_today, judging_day
from checker.core.runner import engine_workers, run_in_order
from checker.core.standards import StandardsFolder
from checker.dossier.layout import DossierRef
from checker.dossier.standard import load_standard
from checker.points.declarations import Checks, Judged, judge_month
from checker.points.evaluation import evaluate
from checker.points.grading import check_grading
from checker.points.layout import POINTS_DIR, LedgerRef
from checker.points.ledger import Month, day, load_ledger
from checker.points.results import RESULT_FORMAT, LedgerResult, MonthFiled
from checker.points.roster import load_roster
from checker.points.standard import PointsStandard, PointsStandardError, load_points_standard
from checker.points.totals import member_year


class PointsEngine:
    """The points standard of one standards folder, and the day ledgers are judged at."""

    def __init__(
        self, schemas: Path, today: date | None = None, cache_dir: Path | None = None
    ) -> None:
        self.schemas = schemas
        self.folder = StandardsFolder(schemas)
        self.standard: PointsStandard = load_points_standard(self.folder)
        self.today = default_today(today)
        settings = load_standard(self.folder).settings  # file limits are the dossier's
        self.max_yaml_bytes = int(settings["max_yaml_bytes"])
        self.max_evidence_bytes = int(settings["max_evidence_bytes"])
        self.evidence_types = list(settings["evidence_types"])
        self.cache = ResultCache(cache_dir) if cache_dir else None

    def cache_key(self, ref: LedgerRef) -> str:
        """What decides a ledger's result: the tool, the standards folder (the points
        standard and the dossier's file limits), the day it is judged at, the folder as it
        is shown, and every file of the year folder (the roster in dossier.yaml, points/,
        the evidence by name, size and modification time)."""
        key = ContentKey(*self._key_parts(ref))
        # Absolute: the same ledger typed as a relative or absolute PATH shares one entry.
        return key.folder(ref.year_dir.absolute()).hexdigest()

    def signature(self, ref: LedgerRef) -> StatSignature:
        """The stat of the files of :meth:`cache_key`, with the same parts."""
        sign = StatSignature("points", *self._key_parts(ref))
        return sign.folder(ref.year_dir.absolute())

    def _key_parts(self, ref: LedgerRef) -> tuple[str, ...]:
        judged = judging_day(ref.year or self.today.year, self.today)
        return (
            f"{__version__}/points-{RESULT_FORMAT}",
            self.folder.digest,
            display(ref.folder),
            judged.isoformat(),
        )

    def check(self, ref: LedgerRef) -> LedgerResult:
        # A ledger's files stay loaded while it is checked, many small objects and no
        # cycles: the cyclic collector would walk them over and over (see gcpause).
        with gc_paused():
            if self.cache is None:
                return self._check(ref)
            signed = self.signature(ref)  # the stat first, the bytes after
            key, cached = self.cache.lookup(
                signed, lambda: self.cache_key(ref), lambda value, _: LedgerResult.from_dict(value)
            )
            if cached is not None:
                return cached
            result = self._check(ref)
            self.cache.store(key, result.to_payload(), signed)
            return result

    def _check(self, ref: LedgerRef) -> LedgerResult:
        standard = self.standard
        result = LedgerResult(
            ref.branch, ref.year, display(ref.folder), (standard.id, standard.version)
        )
        result.grades = tuple(g.name for g in standard.grades)
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
            standard, roster, ref.year_dir, self.evidence_types, self.max_evidence_bytes, reference
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
            # A roster status the standard leaves out of the grading (预备党员) says so itself.
            years[member_id].excused = standard.not_graded_status.get(member.status)
        result.findings.extend(check_grading(ledger, years, roster, standard, reference))
        result.members = list(years.values())
        result.findings = _unique(result.findings)
        return result


def run(engine: PointsEngine, refs: list[LedgerRef], jobs: int = 1) -> Iterator[LedgerResult]:
    """Check every ledger, yielding results in the order of ``refs``."""
    cache_dir = engine.cache.folder if engine.cache else None
    workers = engine_workers(
        PointsEngine, (engine.schemas, engine.today, cache_dir), LedgerResult.from_dict
    )
    # One ledger a message: a ledger takes long enough that sending costs nothing by
    # comparison, and its result is large, so chunks of them would grow with the run.
    return run_in_order(refs, engine.check, workers, jobs, chunk_max=1)


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


def ledger_results(
    schemas: Path, today: date, refs: dict[str, DossierRef]
) -> dict[str, LedgerResult]:
    """The results of the points ledgers kept beside ``refs`` (by the caller's key); none
    when the standards folder has no points standard."""
    ledgers = {k: LedgerRef(r) for k, r in refs.items() if (r.year_dir / POINTS_DIR).is_dir()}
    if not ledgers:
        return {}
    try:
        engine = PointsEngine(schemas, today)
    except PointsStandardError:
        return {}
    return {key: engine.check(ledger) for key, ledger in ledgers.items()}


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
