"""`checker ingest INBOX`: uploads become dossiers, or go back with the reasons why.

A branch that cannot use git drops a filled Word form (.docx) or a zip of its year folder
into the inbox through the git host's web upload. For each upload:

1. the file is vetted before it is read (``safezip``; ``upload_zip`` for a zip's layout and
   members), and read: a form through the Word importer, a zip member by member;
2. the files it makes are written into a staged copy of the branch folder beside the content
   tree (``staging``): a form's dossier.yaml, branch.yaml and narratives over the year folder
   as it is, or a zip's year folder in place of the old one (the supervision group's
   review.yaml kept, never taken from the upload);
3. the engine validates and scores the staged dossier; an upload with an error, or one
   that would change existing files without ``force``, is rejected and nothing is written;
4. an accepted upload's branch folder is swapped in whole (``atomic.replace_dir``);
5. a receipt is written and the upload moved beside it (``inbox``).

This module knows nothing of click; `checker/cli/ingest.py` prints what it yields.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from checker.core import atomic
from checker.core.findings import Finding
from checker.core.lock import content_lock
from checker.core.paths import BRANCH_FILE, BRANCHES_DIR, display
from checker.core.staging import BranchStage, stage_branch
from checker.core.textfile import os_reason
from checker.dossier import inbox, receipt
from checker.dossier.engine import Engine
from checker.dossier.layout import (
    DOSSIER_FILE,
    REVIEW_FILE,
    DossierRef,
)
from checker.dossier.results import DossierResult
from checker.dossier.upload_zip import DossierZip, Rejected, read_dossier_zip, room_in
from checker.dossier.word.form_import import FormRefused, read_filled_form
from checker.dossier.word.layout import FormLayout, build_layout
from checker.dossier.year_changes import year_changes

FORM_SUFFIXES = (".docx", ".docm", ".dotm", ".dotx", ".doc")
ZIP_SUFFIXES = (".zip",)


@dataclass(frozen=True, slots=True)
class Problem:
    """A finding about an upload and where to look: a place in the form, a file in the
    zip, or a file of the content tree; ``also`` is a second place, when there is one."""

    finding: Finding
    place: str
    also: str = ""


@dataclass(slots=True)
class UploadOutcome:
    upload: Path
    kind: str = ""  # in words: receipt.FORM or receipt.ZIP
    accepted: bool = False
    problems: list[Problem] = field(default_factory=list)
    result: DossierResult | None = None
    year_dir: Path | None = None  # where the dossier is (or would have been) in content/
    changed: bool = False
    changes: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    failure: str = ""  # the upload could not be dealt with (a disk error): left in the inbox
    stored: Path | None = None
    receipt: Path | None = None

    @property
    def errors(self) -> int:
        return sum(p.finding.is_error for p in self.problems)

    def reject(self, code: str, message: str, where: str = "") -> UploadOutcome:
        place = f"{self.upload.name}:{where}" if where else self.upload.name
        self.problems.append(Problem(Finding(code, message, self.upload.name), place))
        return self


def _where(finding: Finding) -> str:
    if finding.line:
        return f"{finding.file}:{finding.line}:{finding.column}"
    return finding.file


class Ingest:
    """Deals with one upload at a time against one content tree."""

    def __init__(
        self,
        engine: Engine,
        content_dir: Path,
        force: bool = False,
        file_change: Callable[[UploadOutcome, BranchStage], None] | None = None,
    ) -> None:
        self.engine = engine
        self.content_dir = content_dir
        self.force = force
        # Puts an accepted change in place together with its receipt (``ingest_inbox``);
        # without it the staged branch is simply swapped in.
        self.file_change = file_change
        self._layout: FormLayout | None = None
        self.points: Any = None  # the points engine, once a points form arrives

    @property
    def layout(self) -> FormLayout:
        if self._layout is None:
            self._layout = build_layout(self.engine.standard, self.engine.schemas.raw)
        return self._layout

    def process(self, upload: Path) -> UploadOutcome:
        """Vet, stage, check and (when accepted) put in place one upload. Raises OSError
        only for a failure of this machine (a full disk), never for a bad upload."""
        outcome = UploadOutcome(upload)
        suffix = upload.suffix.lower()
        if upload.is_symlink() or not upload.is_file():
            return outcome.reject("U001", f"“{upload.name}”不是普通文件（目录或链接）")
        if suffix in FORM_SUFFIXES:
            outcome.kind = receipt.FORM
            return self._form(upload, outcome)
        if suffix in ZIP_SUFFIXES:
            outcome.kind = receipt.ZIP
            return self._zip(upload, outcome)
        shown = f" {suffix} 文件" if suffix else "没有扩展名的文件"
        return outcome.reject("U001", f"“{upload.name}”是{shown}，只接收 .docx 和 .zip")

    # --- a filled Word form ------------------------------------------------------------

    def _form(self, upload: Path, outcome: UploadOutcome) -> UploadOutcome:
        from checker.assessment.word.peer_import import is_peer_sheet
        from checker.assessment.word.tally_import import is_tally_sheet
        from checker.points.word.month_import import is_points_form

        if is_tally_sheet(upload) or is_peer_sheet(upload):  # the committee's, not a branch's
            what = "民主测评统计表" if is_tally_sheet(upload) else "互评汇总表"
            return outcome.reject(
                "U011", f"“{upload.name}”是{what}，由工委工作人员用 `checker import` 导入"
            )

        if is_points_form(upload):  # a month of the points ledger, not a dossier
            from checker.dossier.ingest_points import ingest_points_form

            return ingest_points_form(self, upload, outcome, Problem)  # type: ignore[return-value]
        try:
            form = read_filled_form(self.engine, upload, self.content_dir, upload.name, self.layout)
        except FormRefused as exc:
            return outcome.reject(exc.code, exc.message, exc.where)
        outcome.year_dir = form.year_dir
        with stage_branch(self.content_dir, form.code) as stage:
            form.stage(stage)
            check = self._check(stage, form.year_dir, lambda rel: display(self.content_dir / rel))
            for placed in form.place(check.findings):
                f = placed.finding
                cell = f"{upload.name}:{placed.form_place}" if placed.form_place else ""
                if placed.of_form:
                    outcome.problems.append(Problem(f, cell or upload.name))
                elif cell:
                    outcome.problems.append(Problem(f, cell, f"导入后为 {_where(f)}"))
                else:
                    outcome.problems.append(Problem(f, _where(f)))
            outcome.result = check
            if not self._acceptable(outcome):
                return outcome
            if form.conflicts:
                outcome.changes = form.changes()
                if not self.force:
                    return outcome.reject(
                        "U009", f"{form.conflicting_files()} 已存在，与表格内容不同，未替换"
                    )
            outcome.accepted = True
            outcome.changed = bool(form.pending)
            if form.pending:
                self._apply(stage, outcome)
        return outcome

    # --- a zip of a year folder ----------------------------------------------------------

    def _zip(self, upload: Path, outcome: UploadOutcome) -> UploadOutcome:
        try:
            upload_zip = read_dossier_zip(
                upload, self.engine.standard.settings, room=room_in(self.content_dir)
            )
        except Rejected as exc:
            outcome.problems.extend(Problem(f, _where(f)) for f in exc.findings)
            return outcome
        outcome.ignored = upload_zip.ignored
        code, year = upload_zip.code, str(upload_zip.year)
        year_dir = self.content_dir / BRANCHES_DIR / code / year
        outcome.year_dir = year_dir
        if upload_zip.review is not None:
            review = year_dir / REVIEW_FILE
            member = upload_zip.prefix + REVIEW_FILE
            if not review.is_file() or review.read_bytes() != upload_zip.read(upload_zip.review):
                why = "与督导组的核定意见不同" if review.is_file() else "而这个年度还没有核定意见"
                return outcome.reject(
                    "U008", f"压缩包中有 {member}，{why}；核定意见只能由督导组填写"
                )
        with stage_branch(self.content_dir, code, skip=lambda p: p == year_dir) as stage:
            staged_year = stage.staged(year_dir)
            upload_zip.extract(staged_year)
            if (year_dir / REVIEW_FILE).is_file():  # the group's review stays with the year
                atomic.link_copy(year_dir / REVIEW_FILE, staged_year / REVIEW_FILE)
            branch_file = self.content_dir / BRANCHES_DIR / code / BRANCH_FILE
            if upload_zip.branch is not None:
                atomic.write_bytes(stage.staged(branch_file), upload_zip.read(upload_zip.branch))
            check = self._check(stage, year_dir, _zip_places(upload_zip, self.content_dir))
            outcome.problems.extend(Problem(f, _where(f)) for f in check.findings)
            outcome.result = check
            if not self._acceptable(outcome):
                return outcome
            diff = year_changes(
                year_dir, staged_year, branch_file, stage.staged(branch_file), self.layout
            )
            outcome.changes = diff.lines
            if diff.conflict and not self.force:
                return outcome.reject(
                    "U009", f"{display(year_dir)} 已存在，与压缩包的内容不同，未替换"
                )
            outcome.accepted = True
            outcome.changed = diff.changed
            if diff.changed:
                self._apply(stage, outcome)
        return outcome

    # --- shared --------------------------------------------------------------------------

    def _check(
        self, stage: BranchStage, year_dir: Path, place_of: Callable[[str], str]
    ) -> DossierResult:
        """Validate and score the staged dossier; findings name the files as the branch
        knows them (``place_of`` maps a path relative to the content root)."""
        staged = stage.staged(year_dir / DOSSIER_FILE)
        check = self.engine.check(DossierRef(staged))
        root = display(stage.root)
        relocated = []
        for f in check.findings:
            if f.file.startswith(root + "/"):
                f = dataclasses.replace(f, file=place_of(f.file[len(root) + 1 :]))
            relocated.append(f)
        check.findings = relocated
        check.file = display(year_dir / DOSSIER_FILE)
        return check

    def _apply(self, stage: BranchStage, outcome: UploadOutcome) -> None:
        if self.file_change is None:
            stage.commit()
        else:
            self.file_change(outcome, stage)

    @staticmethod
    def _acceptable(outcome: UploadOutcome) -> bool:
        result = outcome.result
        return outcome.errors == 0 and result is not None and result.scored


def _zip_places(upload: DossierZip, content_dir: Path) -> Callable[[str], str]:
    """Files of the staged tree (relative to its root) as members of the zip."""
    year_rel = f"{BRANCHES_DIR}/{upload.code}/{upload.year}/"
    branch_rel = f"{BRANCHES_DIR}/{upload.code}/{BRANCH_FILE}"

    def place_of(relative: str) -> str:
        if relative.startswith(year_rel) and relative[len(year_rel) :] in upload.files:
            return f"{upload.name}:{upload.prefix}{relative[len(year_rel) :]}"
        if relative == branch_rel and upload.branch is not None:
            return f"{upload.name}:{upload.branch_member}"
        return display(content_dir / relative)

    return place_of


# --- the inbox -------------------------------------------------------------------------------


def ingest_inbox(
    folder: Path,
    content_dir: Path,
    engine: Engine,
    force: bool = False,
    now: Callable[[], datetime] = datetime.now,
    wait: float = 0.0,
    notice: Callable[[str], None] | None = None,
) -> Iterator[UploadOutcome]:
    """Deal with every upload in ``folder``, yielding each outcome once it is filed away.

    The whole run holds the content root's lock (waiting at most ``wait`` seconds for
    another run: ``lock.Busy``), so two runs never stage the same branch at once nor take
    the same upload twice. A step left unfinished by a killed run is finished or forgotten
    first (``inbox.recover``); ``notice`` hears of it."""
    problem = inbox.refusal(folder)
    if problem is not None:
        raise NotAnInbox(problem)
    with content_lock(content_dir, wait):
        try:
            _recover(content_dir, folder, notice)
        except OSError as exc:
            raise Unfinished(_reason(exc, "补齐上次的归档")) from exc
        atomic.sweep(content_dir)  # scratch folders of killed runs, now that none is live

        def file_change(outcome: UploadOutcome, stage: BranchStage) -> None:
            received = now()
            outcome.stored, outcome.receipt = inbox.file_with_change(
                outcome.upload,
                folder,
                content_dir,
                stage,
                lambda stored: receipt.render(outcome, stored, received),
            )

        ingest = Ingest(engine, content_dir, force, file_change)
        for upload in inbox.uploads(folder):
            try:
                outcome = ingest.process(upload)
            except OSError as exc:
                yield UploadOutcome(upload, failure=_reason(exc, "处理"))
                try:  # a step that could not even be undone: finish it before going on
                    _recover(content_dir, folder, notice)
                except OSError as again:
                    raise Unfinished(_reason(again, "补齐上次的归档")) from again
                continue
            if outcome.receipt is None:  # not filed with a change: rejected or unchanged
                received = now()
                try:
                    outcome.stored, outcome.receipt = inbox.file_away(
                        upload,
                        folder,
                        outcome.accepted,
                        lambda stored, o=outcome, at=received: receipt.render(o, stored, at),
                    )
                except OSError as exc:
                    outcome.failure = _reason(exc, "归档")
            yield outcome


class NotAnInbox(Exception):
    """The inbox folder cannot be used (a link, or not a folder); the message says why."""


class Unfinished(Exception):
    """A step of an earlier run cannot be finished (its upload cannot be moved, or its
    journal is not about this inbox): the run stops so that nothing is filed over it."""


def _recover(content_dir: Path, folder: Path, notice: Callable[[str], None] | None) -> None:
    try:
        done = inbox.recover(content_dir, folder)
    except inbox.ForeignJournal as exc:
        raise Unfinished(str(exc)) from None
    if done and notice is not None:
        notice(done)


def _reason(exc: OSError, stage: str) -> str:
    where = f"（{display(Path(os.fsdecode(exc.filename)))}）" if exc.filename else ""
    detail = f"（{exc.strerror}）" if exc.strerror else ""
    return f"{stage}时出错{where}：{os_reason(exc)}{detail}"
