"""Importing a filled Word form: the one workflow `checker import` and the inbox share.

open (the zip vetted) → read (cells to data) → plan (the files it becomes) → stage (those
files written into a copy of the branch folder) → check → place findings (each engine finding
also at its cell of the form). The callers differ only in policy: the command writes even
with errors and tells, the inbox accepts only what passes; both refuse to overwrite a
different dossier unless forced.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checker.core import atomic
from checker.core.findings import Finding
from checker.core.paths import display
from checker.core.staging import BranchStage
from checker.core.word.safezip import Refused, open_docx
from checker.dossier.engine import Engine
from checker.dossier.layout import EVIDENCE_DIR
from checker.dossier.word.changes import SAME_BUT_WRITTEN_DIFFERENTLY
from checker.dossier.word.form import form_layout
from checker.dossier.word.importer import ImportResult, read_form
from checker.dossier.word.layout import FormLayout
from checker.dossier.word.plan import ImportPlan, PlacedFinding, place_findings, plan_import
from checker.dossier.word.structure import FormRefused

__all__ = ["FormImport", "FormRefused", "PlacedFinding", "read_filled_form"]


@dataclass(slots=True)
class FormImport:
    """A form read and planned: what it says and the files it becomes in the content tree."""

    form: ImportResult
    plan: ImportPlan
    layout: FormLayout

    @property
    def code(self) -> str:
        return self.form.code

    @property
    def year_dir(self) -> Path:
        return self.plan.year_dir

    @property
    def pending(self) -> list[str]:
        return self.plan.pending

    @property
    def conflicts(self) -> list[str]:
        return self.plan.conflicts

    def conflicting_files(self) -> str:
        return "、".join(display(self.plan.targets[key][0]) for key in self.conflicts)

    def changes(self) -> list[str]:
        """What replacing the dossier would change, in words; never empty when asked."""
        return self.plan.describe(self.layout, self.form.narratives) or [
            SAME_BUT_WRITTEN_DIFFERENTLY
        ]

    def written(self) -> list[Path]:
        return [self.plan.targets[key][0] for key in self.pending]

    def stage(self, stage: BranchStage) -> None:
        """Write the files that differ, and an evidence folder, into the staged branch."""
        for key in self.pending:
            path, text = self.plan.targets[key]
            atomic.write_text(stage.staged(path), text)
        stage.staged(self.year_dir / EVIDENCE_DIR).mkdir(parents=True, exist_ok=True)

    def place(self, findings: list[Finding]) -> list[PlacedFinding]:
        """The form's findings and the engine's, each with its cell in the form."""
        return place_findings(self.form, findings, self.plan.targets)


def read_filled_form(
    engine: Engine,
    upload: Path,
    content_dir: Path,
    shown_name: str,
    layout: FormLayout | None = None,
) -> FormImport:
    """Open, read and plan ``upload`` for ``content_dir``; raises FormRefused (nothing can
    be read: not a safe .docx, not our form, a changed structure) with nothing written.

    ``shown_name`` is how messages and the files' headers name the form; ``layout`` is the
    engine's form, built when not given (the inbox keeps one for all its uploads)."""
    layout = layout or form_layout(engine)
    try:
        document = open_docx(upload)
    except Refused as exc:
        raise FormRefused(exc.code, exc.message) from None
    organization = engine.organization(content_dir)
    form = read_form(document, layout, shown_name, organization)
    plan = plan_import(form, engine.schemas.raw, layout, content_dir, shown_name, upload.name)
    return FormImport(form, plan, layout)
