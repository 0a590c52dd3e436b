"""A filled monthly points form in the inbox: read like `checker import` reads it, its
month file written into the staged branch, then the dossier and the ledger checked there,
so that it goes in (or is refused) with its receipt as any other upload."""

from __future__ import annotations

from pathlib import Path

from checker.core import atomic
from checker.core.findings import Finding
from checker.core.paths import display
from checker.core.staging import BranchStage, stage_branch
from checker.dossier.layout import DOSSIER_FILE, DossierRef
from checker.points.engine import PointsEngine
from checker.points.layout import LedgerRef
from checker.points.word.month_import import PointsFormRefused, PointsImport, read_points_form


def ingest_points_form(
    ingest,  # checker.dossier.ingest.Ingest (not imported: it imports this module)
    upload: Path,
    outcome,
    problem: type,
) -> object:
    """Fill ``outcome`` for a points form; ``problem`` is ingest's Problem class."""
    if ingest.points is None:  # built once per run, for the first points form
        ingest.points = PointsEngine(ingest.engine.schemas_dir, ingest.engine.today)
    points = ingest.points
    try:
        form = read_points_form(points, upload, ingest.content_dir, upload.name)
    except PointsFormRefused as exc:
        return outcome.reject(exc.code, exc.message, exc.where)
    for p in form.form.problems:
        finding = Finding(p.code, p.message, upload.name, 0, 0, "", p.hint)
        outcome.problems.append(problem(finding, f"{upload.name}:{p.where}"))
    if form.form.problems:
        return outcome
    outcome.year_dir = form.year_dir
    with stage_branch(ingest.content_dir, form.year_dir.parent.name) as stage:
        staged = stage.staged(form.target)
        staged.parent.mkdir(exist_ok=True)
        atomic.write_text(staged, form.text)
        outcome.result = ingest._check(
            stage, form.year_dir, lambda rel: display(ingest.content_dir / rel)
        )
        _ledger_problems(points, stage, form, upload, outcome, problem)
        if outcome.errors or not outcome.result.scored:
            return outcome
        target = display(form.target)
        if not form.same:
            outcome.changes = [f"{target}：{line}" for line in form.changes()]
        if form.conflict and not ingest.force:
            return outcome.reject("U009", f"{target} 已存在，与表格内容不同，未替换")
        outcome.accepted = True
        outcome.changed = not form.same
        if outcome.changed:
            ingest._apply(stage, outcome)
    return outcome


def _ledger_problems(
    points: PointsEngine, stage: BranchStage, form: PointsImport, upload: Path, outcome, problem
) -> None:
    """The ledger's findings about the imported month, at their cells of the form."""
    staged_year = stage.staged(form.year_dir)
    result = points.check(LedgerRef(DossierRef(staged_year / DOSSIER_FILE)))
    mine = display(stage.staged(form.target))
    for finding in result.findings:
        if finding.file != mine:
            continue
        shown = Finding(
            finding.code, finding.message, display(form.target), finding.line,
            finding.column, finding.path, finding.hint,
        )  # fmt: skip
        where = form.form.where(finding.path)
        place = f"{upload.name}:{where}" if where else upload.name
        outcome.problems.append(problem(shown, place, f"导入后为 {display(form.target)}"))
