"""`checker ci`: which dossiers a change touches, their results now and at the base, and the
difference item by item. No click here: the command in checker/cli/ci.py only calls this.

A dossier is its year folder (dossier.yaml, review.yaml, narratives, evidence/) plus the
branch's branch.yaml and the content root's organization.yaml: a change to any of them
touches it. A change under the schemas folder (the standard, the JSON Schemas) touches every
dossier. The base side is rebuilt from git in a temporary folder with the same layout, the
standard included, and scored with an engine built from the standard as it was: the
repository's own standard folder at the base, or, when the standard is one shipped with the
tool, the shipped standard that the base's organization.yaml pinned.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path, PurePosixPath

from checker.core.findings import Finding
from checker.core.gitrepo import Repository
from checker.core.paths import BRANCH_FILE, BRANCHES_DIR, ORGANIZATION_FILE
from checker.core.standard_choice import PinError, read_pin, shipped_standard
from checker.core.standards import StandardsFolder
from checker.dossier.delta import ItemDelta, item_deltas
from checker.dossier.engine import Engine, run
from checker.dossier.layout import DOSSIER_FILE, DossierRef, discover, owner
from checker.dossier.results import DossierResult
from checker.dossier.standard import StandardError
from checker.points.delta import MemberDelta, member_deltas
from checker.points.engine import ledger_results
from checker.points.results import LedgerResult


@dataclass(frozen=True, slots=True)
class Plan:
    """What to check: the dossiers touched since the base, by repo-relative path."""

    repo: Repository  # the git work tree
    ref: str
    base: str  # the merge-base commit
    schemas_changed: bool
    current: dict[str, DossierRef]  # touched dossiers that exist in the working tree
    removed: tuple[str, ...]  # dossiers deleted since the base

    @property
    def root(self) -> Path:
        """The top folder of the work tree, links resolved."""
        return self.repo.top


@dataclass(slots=True)
class DossierChange:
    """One touched dossier: its results at the base and now (the engine's own result
    objects, not copies) and the differences item by item."""

    path: str  # the dossier file, relative to the repository root
    base: DossierResult | None
    current: DossierResult | None
    items: list[ItemDelta] = field(default_factory=list)
    points: list[MemberDelta] = field(default_factory=list)  # the year's points ledger

    @property
    def status(self) -> str:
        if self.current is None:
            return "removed"
        return "added" if self.base is None else "changed"

    @property
    def shown(self) -> DossierResult:
        result = self.current or self.base
        assert result is not None
        return result

    def to_dict(self) -> dict:
        shown = self.shown
        return {
            "file": self.path,
            "status": self.status,
            "branch": shown.branch,
            "name": shown.name,
            "year": shown.year,
            "base": None if self.base is None else self.base.headline(),
            "current": None if self.current is None else self.current.headline(),
            "items": [delta.to_dict() for delta in self.items],
            "points": [delta.to_dict() for delta in self.points],
        }


@dataclass(slots=True)
class CiReport:
    plan: Plan
    base_short: str
    dossiers: list[DossierChange]
    findings: list[Finding]  # validation findings of the touched dossiers, files repo-relative
    base_note: str = ""  # why the base could not be scored, when it could not

    @property
    def has_errors(self) -> bool:
        return any(f.is_error for f in self.findings)

    def to_dict(self) -> dict:
        return {
            "base": {"ref": self.plan.ref, "commit": self.plan.base},
            "schemas_changed": self.plan.schemas_changed,
            "base_note": self.base_note,
            "dossiers": [d.to_dict() for d in self.dossiers],
            "findings": [f.to_dict() for f in self.findings],
        }


def plan(targets: list[Path], ref: str, schemas_dir: Path) -> Plan:
    """The dossiers under ``targets`` that changed since the merge-base of REF and HEAD."""
    repo = Repository(targets[0])
    root = repo.top
    base = repo.merge_base(ref)
    changes = repo.changed_files(base)
    schemas = repo.relative(schemas_dir)
    schemas_changed = schemas is not None and any(
        schemas == "." or c.path.startswith(schemas + "/") for c in changes
    )
    years, branches, roots = set(), set(), set()
    for change in changes:
        place = owner(Path(change.path))
        if place is not None:
            kind, folder = place
            {"year": years, "branch": branches, "root": roots}[kind].add(folder.as_posix())
    refs, _ = discover(targets)
    current: dict[str, DossierRef] = {}
    for ref_ in refs:
        path = repo.relative(ref_.dossier)
        if path is None:
            continue
        year = PurePosixPath(path).parent
        touched = (
            schemas_changed
            or year.as_posix() in years
            or year.parent.as_posix() in branches
            or (_root_of(year) is not None and _root_of(year) in roots)
        )
        if touched:
            current[path] = ref_
    scope = [Path(os.path.realpath(t)) for t in targets]
    removed = tuple(
        c.path
        for c in changes
        if c.status == "D"
        and PurePosixPath(c.path).name == DOSSIER_FILE
        and owner(Path(c.path)) is not None
        and not (root / c.path).exists()
        and any(_within(root / c.path, t) for t in scope)
    )
    return Plan(repo, ref, base, schemas_changed, dict(sorted(current.items())), removed)


def _root_of(year: PurePosixPath) -> str | None:
    branches = year.parent.parent
    return branches.parent.as_posix() if branches.name == BRANCHES_DIR else None


def _within(path: Path, target: Path) -> bool:
    return path == target or path.is_relative_to(target)


def _base_paths(dossier: str, schemas: str | None) -> list[str]:
    """What a base dossier needs: its year folder, branch.yaml, organization.yaml."""
    year = PurePosixPath(dossier).parent
    paths = [year.as_posix(), (year.parent / BRANCH_FILE).as_posix()]
    content_root = _root_of(year)
    if content_root is not None:
        paths.append((PurePosixPath(content_root) / ORGANIZATION_FILE).as_posix())
    if schemas is not None:
        paths.append(schemas)
    return [p.removeprefix("./") for p in paths]


# Wraps the results of a run, e.g. in a progress bar: (results, count, label) -> results.
Progress = Callable[[Iterable[DossierResult], int, str], Iterable[DossierResult]]


def compare(
    the_plan: Plan,
    engine: Engine,
    schemas_dir: Path,
    today: date,
    jobs: int = 1,
    progress: Progress | None = None,
    shipped: bool = False,
) -> CiReport:
    """Score the touched dossiers now and at the base; diff them item by item.

    ``progress(results, count, label)`` wraps each run of the engine (a progress bar).
    ``shipped``: ``schemas_dir`` is a standard shipped with the tool, chosen by the pin in
    organization.yaml; the base is then scored with the shipped standard the base pinned, so
    a change of the pin shows what it does to every item."""
    repo = the_plan.repo
    refs = list(the_plan.current.values())
    wrap = progress or (lambda results, _count, _label: results)
    results = wrap(run(engine, refs, jobs), len(refs), "评分改动的台账")
    now = dict(zip(the_plan.current, results, strict=True))
    findings = engine.organization_findings(refs)
    for result in now.values():
        findings.extend(result.findings)
    ledgers_now = ledger_results(schemas_dir, today, the_plan.current)
    for ledger in ledgers_now.values():
        findings.extend(ledger.findings)
    findings = sorted({_rebased(f, repo) for f in findings}, key=Finding.sort_key)
    wanted = [*the_plan.current, *the_plan.removed]
    at_base = set(repo.files_at(the_plan.base, wanted))
    base_dossiers = [p for p in wanted if p in at_base]
    base = _Base(the_plan, schemas_dir, today, jobs, wrap, shipped)
    before, note = base.score(base_dossiers)
    dossiers = []
    for path in sorted(wanted):
        change = DossierChange(path, before.get(path), now.get(path))
        if change.base is not None and change.current is not None:
            change.items = item_deltas(change.base, change.current)
        change.points = member_deltas(base.ledgers.get(path), ledgers_now.get(path))
        dossiers.append(change)
    return CiReport(the_plan, repo.short(the_plan.base), dossiers, findings, note)


@dataclass(slots=True)
class _Base:
    """The base side: its files written out of git, scored with the standard of then."""

    plan: Plan
    schemas_dir: Path  # the standard in force now
    today: date
    jobs: int
    wrap: Progress
    shipped: bool
    ledgers: dict[str, LedgerResult] = field(default_factory=dict)  # points, at the base

    def score(self, dossiers: list[str]) -> tuple[dict[str, DossierResult], str]:
        if not dossiers:
            return {}, ""
        repo = self.plan.repo
        schemas = repo.relative(self.schemas_dir)
        if schemas is not None and not repo.files_at(self.plan.base, [schemas]):
            schemas = None  # the standard was not in the repository then: use today's
        with tempfile.TemporaryDirectory(prefix="checker-base-") as folder:
            tree = Path(folder)
            needed = {p for d in dossiers for p in _base_paths(d, schemas)}
            repo.extract(self.plan.base, needed, tree)
            if schemas is not None:
                standards, notes = dict.fromkeys(dossiers, tree / schemas), []
            elif self.shipped:
                standards, notes = self._pinned(tree, dossiers)
            else:
                standards, notes = dict.fromkeys(dossiers, self.schemas_dir), []
            # One engine per standard, known by its digest: copies of one standard (the
            # shipped one, the repository's at the base) score alike.
            digests = {d: StandardsFolder(folder).digest for d, folder in standards.items()}
            results: dict[str, DossierResult] = {}
            for digest in dict.fromkeys(digests.values()):
                group = [d for d in dossiers if digests[d] == digest]
                try:
                    engine = Engine(standards[group[0]], self.today, None)
                except (StandardError, OSError):
                    return {}, "基线版本的标准无法读取，未能逐条对比"
                refs = [DossierRef(tree / d) for d in group]
                scored = self.wrap(run(engine, refs, self.jobs), len(refs), "评分基线版本")
                for d, result in zip(group, scored, strict=True):
                    results[d] = _untethered(result, tree)
                group_refs = {d: DossierRef(tree / d) for d in group}
                self.ledgers.update(ledger_results(standards[group[0]], self.today, group_refs))
        return results, "；".join(notes)

    def _pinned(self, tree: Path, dossiers: list[str]) -> tuple[dict[str, Path], list[str]]:
        """Each base dossier's shipped standard, as its content root pinned it at the base;
        today's standard, with a note, where that pin names one this tool does not ship."""
        standards: dict[str, Path] = {}
        notes: list[str] = []
        by_root: dict[str | None, Path] = {}
        for dossier in dossiers:
            root = _root_of(PurePosixPath(dossier).parent)
            if root not in by_root:
                pin = read_pin(tree / root) if root is not None else None
                try:
                    by_root[root] = shipped_standard(pin)
                except PinError:
                    assert pin is not None  # no pin always has the current standard
                    by_root[root] = self.schemas_dir
                    where = (PurePosixPath(root or ".") / ORGANIZATION_FILE).as_posix()
                    notes.append(
                        f"基线版本的 {where} 指定的标准 {pin.label} "
                        "本 checker 没有，基线按当前使用的标准评分"
                    )
            standards[dossier] = by_root[root]
        return standards, notes


def _untethered(result: DossierResult, tree: Path) -> DossierResult:
    """A base result without the temporary folder in its file names and messages."""
    prefix = tree.as_posix() + "/"

    def clean(finding: Finding) -> Finding:
        return replace(
            finding,
            file=finding.file.replace(prefix, ""),
            message=finding.message.replace(prefix, ""),
        )

    result.detach()  # to_dict() rebuilt from the cleaned fields
    result.file = result.file.replace(prefix, "")
    result.findings = [clean(f) for f in result.findings]
    for item in result.items:
        item.findings = [clean(f) for f in item.findings]
    return result


def _rebased(finding: Finding, repo: Repository) -> Finding:
    """The finding with its file relative to the repository root."""
    if not finding.file:
        return finding
    path = repo.relative(Path(finding.file))
    return finding if path is None else replace(finding, file=path)
