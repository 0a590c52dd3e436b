"""A branch's scores across the git history of its dossiers, with no database.

The commits are those on the first-parent line of HEAD that changed the branch's folder,
the content root's organization.yaml or (when it is tracked in the same repository) the
standard's folder. For each year, a commit is a point of the history when the state of what
decides that year's score differs from the point before: the year folder's tree, the
branch's branch.yaml, organization.yaml and the standard, each by its git object id.

Each distinct state is written out of git (`git archive`) into a temporary folder with the
content's layout and checked by the ordinary Engine, so a historical score is exactly what
`checker score` gave on a checkout of that commit:

- The standard is the one of the same commit, when the standard's folder is tracked in the
  repository (a dossier that names an older version of the standard is then still scored,
  and a change to the standard shows as a point of its own). Otherwise, or with
  ``standard_at_commit=False``, every state is scored against ``schemas_dir``.
- Every state is judged at the same day, ``today``: differences between the points come
  from the commits alone, not from the calendar.
- A state is scored once, however often it recurs (a change undone makes the earlier state
  come back); with ``cache_dir`` the scores are kept on disk by the state's object ids, so
  an unchanged history is not scored again on the next call.
- Uncommitted changes to the branch (or to organization.yaml or the standard) add a last
  point, "工作区（未提交）", scored from the files on disk against ``schemas_dir``.

Nothing here knows about the command line; the site and `checker history` both call
:func:`branch_history`.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from checker import __version__
from checker.core.gitrepo import GitError, GitMissing, NotARepository, Repository
from checker.core.paths import BRANCH_FILE, BRANCHES_DIR, ORGANIZATION_FILE
from checker.core.periods import judging_day
from checker.core.standards import StandardsFolder
from checker.dossier.cache import ResultCache
from checker.dossier.engine import Engine
from checker.dossier.layout import DOSSIER_FILE, DossierRef
from checker.dossier.results import DossierResult, ItemResult, item_from_dict
from checker.dossier.standard import StandardError

__all__ = [
    "WORKTREE_SUBJECT",
    "GitError",
    "GitMissing",
    "HistoryPoint",
    "ItemTrend",
    "NotARepository",
    "branch_history",
    "by_year",
    "changes",
    "repository",
    "trend",
]

WORKTREE_SUBJECT = "工作区（未提交）"

# A wrapper around the states being scored, e.g. a progress bar: (items, count) -> items.
Progress = Callable[[Iterable[Any], int], Iterable[Any]]


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    """The score of one year's dossier as one commit (or the working tree) left it."""

    year: int
    commit: str | None  # the full commit id; None for the working tree
    short: str  # the abbreviated commit id; "" for the working tree
    date: str  # the commit's ISO 8601 date; "" for the working tree
    subject: str  # the commit's first line, or WORKTREE_SUBJECT
    state: str  # a digest of the inputs' object ids: equal states score the same
    scored: bool
    name: str = ""  # the branch's name as branch.yaml gave it then
    total: Decimal = Decimal(0)
    max: Decimal = Decimal(0)
    grade: str = ""
    vetoed: bool = False
    errors: int = 0  # error findings in that state
    # The result's items without their findings: a point keeps scores, not the reasons.
    items: tuple[ItemResult, ...] = ()
    note: str = ""  # why the state could not be scored, when it could not

    @property
    def worktree(self) -> bool:
        return self.commit is None

    def scores(self) -> dict[str, Decimal]:
        return {item.id: item.score for item in self.items}

    def to_dict(self) -> dict:
        return {
            "year": self.year,
            "commit": self.commit,
            "short": self.short,
            "date": self.date or None,
            "subject": self.subject,
            "state": self.state,
            "scored": self.scored,
            "name": self.name,
            "total": float(self.total),
            "max": float(self.max),
            "grade": self.grade,
            "vetoed": self.vetoed,
            "errors": self.errors,
            "note": self.note,
            "items": {item.id: float(item.score) for item in self.items},
        }


@dataclass(frozen=True, slots=True)
class ItemTrend:
    """One item's score at each point (None where the point was not scored)."""

    id: str
    title: str
    max: Decimal
    scores: tuple[Decimal | None, ...]

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "max": float(self.max),
            "scores": [None if s is None else float(s) for s in self.scores],
        }


# --- reading the trend ---------------------------------------------------------------------


def by_year(points: Iterable[HistoryPoint]) -> dict[int, list[HistoryPoint]]:
    """The points grouped by year, years ascending, each year's points in history order."""
    grouped: dict[int, list[HistoryPoint]] = {}
    for point in points:
        grouped.setdefault(point.year, []).append(point)
    return dict(sorted(grouped.items()))


def changes(points: Sequence[HistoryPoint]) -> list[dict[str, Decimal]]:
    """For each point, the items whose score differs from the last scored point before it:
    item id -> difference. Empty for the first scored point and for unscored points."""
    result: list[dict[str, Decimal]] = []
    previous: dict[str, Decimal] | None = None
    for point in points:
        if not point.scored:
            result.append({})
            continue
        now = point.scores()
        if previous is None:
            result.append({})
        else:
            result.append(
                {
                    item: now.get(item, Decimal(0)) - previous.get(item, Decimal(0))
                    for item in dict.fromkeys([*now, *previous])
                    if now.get(item) != previous.get(item)
                }
            )
        previous = now
    return result


def trend(points: Sequence[HistoryPoint]) -> list[ItemTrend]:
    """The items whose score changed between the scored points of one year, in the order of
    the standard (as the latest point has it). An item that some scored points lack (the
    standard changed) counts as changed."""
    scored = [p for p in points if p.scored]
    known: dict[str, ItemResult] = {}
    for point in scored:  # the latest title and maximum win
        known.update((item.id, item) for item in point.items)
    order = dict.fromkeys(item.id for p in reversed(scored) for item in p.items)
    trends = []
    for item_id in order:
        if len({p.scores().get(item_id) for p in scored}) < 2:
            continue
        series = tuple(p.scores().get(item_id) if p.scored else None for p in points)
        item = known[item_id]
        trends.append(ItemTrend(item.id, item.title, item.max, series))
    return trends


# --- the history -----------------------------------------------------------------------------


def repository(content_root: Path) -> Repository:
    """The git working tree that holds ``content_root``.

    Raises NotARepository, GitMissing or GitError, each with a Chinese message.
    """
    return Repository(content_root)


@dataclass(slots=True)
class _Spec:
    """One point to be: where it comes from, before it is scored."""

    year: int
    commit: str | None
    short: str
    date: str
    subject: str
    state: str
    schemas: str = ""  # the standard's tree id at the commit, or "" for schemas_dir
    paths: list[str] = field(default_factory=list)  # what to take out of git


def branch_history(
    content_root: Path,
    branch_code: str,
    schemas_dir: Path,
    today: date,
    *,
    years: Iterable[int] | None = None,
    limit: int | None = None,
    cache_dir: Path | None = None,
    standard_at_commit: bool = True,
    worktree: bool = True,
    progress: Progress | None = None,
) -> list[HistoryPoint]:
    """The branch's history points, by year ascending, each year oldest first.

    ``content_root`` is the folder with organization.yaml and branches/. ``years`` keeps
    only those years; ``limit`` keeps each year's last ``limit`` points. An empty list when
    the content is not inside a git repository, git is not installed, or the branch has no
    dossier in the history. Other git failures raise GitError.
    """
    if not _plain_name(branch_code):
        raise ValueError(f"not a branch code: {branch_code!r}")
    try:
        repo = repository(content_root)
    except (NotARepository, GitMissing):
        return []
    history = _History(repo, content_root, branch_code, schemas_dir, today, standard_at_commit)
    specs = history.specs(set(years) if years is not None else None, worktree)
    if limit is not None:
        specs = [s for year in sorted({s.year for s in specs}) for s in _last(specs, year, limit)]
    return history.score(specs, cache_dir, progress)


def _plain_name(code: str) -> bool:
    return bool(code) and code not in (".", "..") and not any(c in code for c in "/\\\0\n")


def _last(specs: list[_Spec], year: int, limit: int) -> list[_Spec]:
    of_year = [s for s in specs if s.year == year]
    return of_year[-limit:] if limit > 0 else []


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


class _History:
    def __init__(
        self,
        repo: Repository,
        content_root: Path,
        code: str,
        schemas_dir: Path,
        today: date,
        standard_at_commit: bool,
    ) -> None:
        self.repo = repo
        self.code = code
        self.today = today
        self.schemas_dir = schemas_dir
        self.branch_dir = content_root / BRANCHES_DIR / code
        self.branch_rel = f"{repo.prefix}{BRANCHES_DIR}/{code}"
        self.organization_rel = f"{repo.prefix}{ORGANIZATION_FILE}"
        self.schemas_rel = repo.relative(schemas_dir) if standard_at_commit else None
        if self.schemas_rel in ("", "."):
            self.schemas_rel = None  # the standard at the top of the repository: not apart
        self._current_schemas: str | None = None
        self._engines: dict[str, Engine | str] = {}  # schemas key -> engine, or why not

    # --- which points --------------------------------------------------------------------

    def _years(self, wanted: set[int] | None) -> list[int]:
        found = set()
        prefix = self.branch_rel + "/"
        for path in self.repo.changed_paths(self.branch_rel):
            name = path[len(prefix) :].split("/", 1)[0] if path.startswith(prefix) else ""
            if name.isdigit() and len(name) == 4:
                found.add(int(name))
        if self.branch_dir.is_dir():
            for child in self.branch_dir.iterdir():
                if child.name.isdigit() and len(child.name) == 4:
                    found.add(int(child.name))
        return sorted(y for y in found if wanted is None or y in wanted)

    def current_schemas(self) -> str:
        if self._current_schemas is None:
            self._current_schemas = "current:" + StandardsFolder(self.schemas_dir).digest
        return self._current_schemas

    def specs(self, wanted: set[int] | None, worktree: bool) -> list[_Spec]:
        years = self._years(wanted)
        if not years:
            return []
        watched = [self.branch_rel, self.organization_rel]
        if self.schemas_rel:
            watched.append(self.schemas_rel)
        commits = self.repo.commits(watched)
        names: list[str] = []
        for commit in commits:
            for year in years:
                folder = f"{self.branch_rel}/{year}"
                names += [f"{commit.id}:{folder}", f"{commit.id}:{folder}/{DOSSIER_FILE}"]
            names += [
                f"{commit.id}:{self.branch_rel}/{BRANCH_FILE}",
                f"{commit.id}:{self.organization_rel}",
            ]
            if self.schemas_rel:
                names.append(f"{commit.id}:{self.schemas_rel}")
        oids = iter(self.repo.objects(names))
        per_year: dict[int, list[_Spec]] = {year: [] for year in years}
        previous: dict[int, str | None] = dict.fromkeys(years)
        for commit in commits:
            trees = {year: (next(oids), next(oids)) for year in years}
            branch_blob, organization_blob = next(oids), next(oids)
            schemas_tree = next(oids) if self.schemas_rel else None
            schemas_key = schemas_tree or self.current_schemas()
            for year, (tree, dossier) in trees.items():
                if tree is None or dossier is None:
                    previous[year] = None  # no dossier here: a later one is a new point
                    continue
                state = _digest(
                    str(year), tree, branch_blob or "-", organization_blob or "-", schemas_key
                )
                if state == previous[year]:
                    continue
                previous[year] = state
                paths = [f"{self.branch_rel}/{year}"]
                if branch_blob:
                    paths.append(f"{self.branch_rel}/{BRANCH_FILE}")
                if organization_blob:
                    paths.append(self.organization_rel)
                per_year[year].append(
                    _Spec(
                        year,
                        commit.id,
                        commit.short,
                        commit.date,
                        commit.subject,
                        state,
                        schemas_tree or "",
                        paths,
                    )
                )
        if worktree:
            for year in self._dirty_years(years):
                per_year[year].append(_Spec(year, None, "", "", WORKTREE_SUBJECT, ""))
        return [spec for year in years for spec in per_year[year]]

    def _dirty_years(self, years: list[int]) -> list[int]:
        watched = [self.branch_rel, self.organization_rel]
        if self.schemas_rel and self._tracked(self.schemas_rel):
            watched.append(self.schemas_rel)  # an untracked standard is no change
        dirty = self.repo.dirty_paths(watched)
        if not dirty:
            return []
        prefix = self.branch_rel + "/"
        touched_all = any(not p.startswith(prefix) or p == prefix + BRANCH_FILE for p in dirty)
        touched = {p[len(prefix) :].split("/", 1)[0] for p in dirty if p.startswith(prefix)}
        return [
            year
            for year in years
            if (touched_all or str(year) in touched)
            and (self.branch_dir / str(year) / DOSSIER_FILE).is_file()
        ]

    def _tracked(self, path: str) -> bool:
        return self.repo.has_commits() and self.repo.objects([f"HEAD:{path}"])[0] is not None

    # --- scoring -------------------------------------------------------------------------

    def score(
        self, specs: list[_Spec], cache_dir: Path | None, progress: Progress | None
    ) -> list[HistoryPoint]:
        cache = ResultCache(cache_dir) if cache_dir else None
        scores: dict[str, dict] = {}
        jobs: list[_Spec] = []
        pending: set[str] = set()
        for spec in specs:
            if spec.commit is None:
                jobs.append(spec)
                continue
            if spec.state in scores or spec.state in pending:
                continue
            cached = cache.get(self._cache_key(spec)) if cache else None
            if cached is not None:
                scores[spec.state] = cached
            else:
                jobs.append(spec)
                pending.add(spec.state)
        worktree: dict[int, dict] = {}
        if jobs:
            with tempfile.TemporaryDirectory(prefix="checker-history-") as folder:
                work = Path(folder)
                steps = progress(jobs, len(jobs)) if progress else jobs
                for number, spec in enumerate(steps):
                    if spec.commit is None:
                        worktree[spec.year] = self._score_worktree(spec, cache_dir)
                        continue
                    score, keep = self._score_commit(spec, work, number)
                    scores[spec.state] = score
                    if cache is not None and keep:
                        cache.put(self._cache_key(spec), score)
        return [
            _point(spec, worktree[spec.year] if spec.commit is None else scores[spec.state])
            for spec in specs
        ]

    def _cache_key(self, spec: _Spec) -> str:
        judged = judging_day(spec.year, self.today).isoformat()
        # "history-2": the items are ItemResult dicts (they were positional lists).
        return _digest("history-2", __version__, self.code, judged, spec.state)

    def _engine(self, spec: _Spec, work: Path) -> Engine | str:
        """The engine for the standard of ``spec``, or why there is none."""
        key = spec.schemas or self.current_schemas()
        if key not in self._engines:
            folder = self.schemas_dir
            if spec.schemas and self.schemas_rel and spec.commit:
                target = work / f"standard-{spec.schemas[:12]}"
                self.repo.extract(spec.commit, [self.schemas_rel], target)
                folder = target / self.schemas_rel
            self._engines[key] = _engine_or_reason(folder, self.today, None, "该版本的")
        return self._engines[key]

    def _score_commit(self, spec: _Spec, work: Path, number: int) -> tuple[dict, bool]:
        """The score of one committed state, and whether it may be cached."""
        assert spec.commit is not None
        engine = self._engine(spec, work)
        if isinstance(engine, str):
            return _unscored(engine), True
        target = work / f"state-{number}"
        try:
            self.repo.extract(spec.commit, spec.paths, target)
            dossier = target / self.branch_rel / str(spec.year) / DOSSIER_FILE
            return _summary(engine.check(DossierRef(dossier))), True
        finally:
            shutil.rmtree(target, ignore_errors=True)

    def _score_worktree(self, spec: _Spec, cache_dir: Path | None) -> dict:
        key = "worktree"
        if key not in self._engines:
            self._engines[key] = _engine_or_reason(
                self.schemas_dir, self.today, cache_dir, "当前的"
            )
        engine = self._engines[key]
        if isinstance(engine, str):
            return _unscored(engine)
        dossier = self.branch_dir / str(spec.year) / DOSSIER_FILE
        return _summary(engine.check(DossierRef(dossier)))


def _engine_or_reason(
    folder: Path, today: date, cache_dir: Path | None, which: str
) -> Engine | str:
    """An engine for the standard in ``folder``, or why there is none (``which`` standard:
    "该版本的" or "当前的")."""
    try:
        return Engine(folder, today, cache_dir)
    except StandardError as exc:
        first = exc.findings[0].message if exc.findings else ""
        return f"{which}标准有错误，无法评分：{first}"
    except OSError as exc:
        return f"无法读取{which}标准：{exc.strerror or exc}"


def _summary(result: DossierResult) -> dict:
    """What a history point keeps of a result, for the cache: scores, not findings (nor
    temporary paths). The items are serialized as results serialize them."""
    return {
        "scored": result.scored,
        "name": result.name,
        "total": str(result.total),
        "max": str(result.max),
        "grade": result.grade,
        "vetoed": result.vetoed,
        "errors": len(result.errors),
        "note": "" if result.scored else "台账有错误，无法评分",
        "items": [replace(i, findings=[]).to_dict() for i in result.items],
    }


def _unscored(note: str) -> dict:
    return {
        "scored": False,
        "name": "",
        "total": "0",
        "max": "0",
        "grade": "",
        "vetoed": False,
        "errors": 0,
        "note": note,
        "items": [],
    }


def _point(spec: _Spec, score: dict) -> HistoryPoint:
    return HistoryPoint(
        year=spec.year,
        commit=spec.commit,
        short=spec.short,
        date=spec.date,
        subject=spec.subject,
        state=spec.state,
        scored=bool(score["scored"]),
        name=str(score["name"]),
        total=Decimal(score["total"]),
        max=Decimal(score["max"]),
        grade=str(score["grade"]),
        vetoed=bool(score["vetoed"]),
        errors=int(score["errors"]),
        items=tuple(item_from_dict(i) for i in score["items"]),
        note=str(score["note"]),
    )
