"""Which states of a branch's dossiers the history has: for each year, the commits where
what decides the year's score (the year folder's tree, branch.yaml, organization.yaml and
the standard, each by its git object id) differs from the point before, and the working
tree when it has uncommitted changes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from checker.core.gitrepo import Commit, Repository
from checker.core.paths import BRANCH_FILE, BRANCHES_DIR, ORGANIZATION_FILE
from checker.core.standards import StandardsFolder
from checker.dossier.history.points import WORKTREE_SUBJECT
from checker.dossier.layout import DOSSIER_FILE


def digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


@dataclass(slots=True)
class StateSpec:
    """One point to be: where it comes from, before it is scored."""

    year: int
    commit: str | None
    short: str
    date: str
    subject: str
    state: str
    schemas: str = ""  # the standard's tree id at the commit, or "" for schemas_dir
    paths: list[str] = field(default_factory=list)  # what to take out of git


class BranchInRepository:
    """Where a branch's inputs are, on disk and in the repository, and the key of the
    standard in ``schemas_dir``."""

    def __init__(
        self,
        repo: Repository,
        content_root: Path,
        code: str,
        schemas_dir: Path,
        standard_at_commit: bool,
    ) -> None:
        self.repo = repo
        self.code = code
        self.schemas_dir = schemas_dir
        self.branch_dir = content_root / BRANCHES_DIR / code
        self.branch_rel = f"{repo.prefix}{BRANCHES_DIR}/{code}"
        self.organization_rel = f"{repo.prefix}{ORGANIZATION_FILE}"
        self.schemas_rel = repo.relative(schemas_dir) if standard_at_commit else None
        if self.schemas_rel in ("", "."):
            self.schemas_rel = None  # the standard at the top of the repository: not apart
        self._current_schemas: str | None = None

    def current_schemas(self) -> str:
        if self._current_schemas is None:
            self._current_schemas = "current:" + StandardsFolder(self.schemas_dir).digest
        return self._current_schemas

    def years(self, wanted: set[int] | None) -> list[int]:
        """The years the branch has a folder for, in the history or on disk."""
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


def state_specs(
    branch: BranchInRepository, wanted: set[int] | None, worktree: bool
) -> list[StateSpec]:
    """The points of the wanted years, by year ascending, each year oldest first."""
    years = branch.years(wanted)
    if not years:
        return []
    watched = [branch.branch_rel, branch.organization_rel]
    if branch.schemas_rel:
        watched.append(branch.schemas_rel)
    commits = branch.repo.commits(watched)
    oids = iter(branch.repo.objects(_object_names(branch, commits, years)))
    per_year: dict[int, list[StateSpec]] = {year: [] for year in years}
    previous: dict[int, str | None] = dict.fromkeys(years)
    for commit in commits:
        trees = {year: (next(oids), next(oids)) for year in years}
        branch_blob, organization_blob = next(oids), next(oids)
        schemas_tree = next(oids) if branch.schemas_rel else None
        schemas_key = schemas_tree or branch.current_schemas()
        for year, (tree, dossier) in trees.items():
            if tree is None or dossier is None:
                previous[year] = None  # no dossier here: a later one is a new point
                continue
            state = digest(
                str(year), tree, branch_blob or "-", organization_blob or "-", schemas_key
            )
            if state == previous[year]:
                continue
            previous[year] = state
            paths = [f"{branch.branch_rel}/{year}"]
            if branch_blob:
                paths.append(f"{branch.branch_rel}/{BRANCH_FILE}")
            if organization_blob:
                paths.append(branch.organization_rel)
            spec = StateSpec(
                year,
                commit.id,
                commit.short,
                commit.date,
                commit.subject,
                state,
                schemas_tree or "",
                paths,
            )
            per_year[year].append(spec)
    if worktree:
        for year in _dirty_years(branch, years):
            per_year[year].append(StateSpec(year, None, "", "", WORKTREE_SUBJECT, ""))
    return [spec for year in years for spec in per_year[year]]


def _object_names(branch: BranchInRepository, commits: list[Commit], years: list[int]) -> list[str]:
    """What to ask git's object ids of, commit by commit, in the order state_specs reads
    them: per year the folder and its dossier, then branch.yaml, organization.yaml and
    (when tracked apart) the standard."""
    names: list[str] = []
    for commit in commits:
        for year in years:
            folder = f"{branch.branch_rel}/{year}"
            names += [f"{commit.id}:{folder}", f"{commit.id}:{folder}/{DOSSIER_FILE}"]
        names += [
            f"{commit.id}:{branch.branch_rel}/{BRANCH_FILE}",
            f"{commit.id}:{branch.organization_rel}",
        ]
        if branch.schemas_rel:
            names.append(f"{commit.id}:{branch.schemas_rel}")
    return names


def _dirty_years(branch: BranchInRepository, years: list[int]) -> list[int]:
    watched = [branch.branch_rel, branch.organization_rel]
    if branch.schemas_rel and _tracked(branch.repo, branch.schemas_rel):
        watched.append(branch.schemas_rel)  # an untracked standard is no change
    dirty = branch.repo.dirty_paths(watched)
    if not dirty:
        return []
    prefix = branch.branch_rel + "/"
    touched_all = any(not p.startswith(prefix) or p == prefix + BRANCH_FILE for p in dirty)
    touched = {p[len(prefix) :].split("/", 1)[0] for p in dirty if p.startswith(prefix)}
    return [
        year
        for year in years
        if (touched_all or str(year) in touched)
        and (branch.branch_dir / str(year) / DOSSIER_FILE).is_file()
    ]


def _tracked(repo: Repository, path: str) -> bool:
    return repo.has_commits() and repo.objects([f"HEAD:{path}"])[0] is not None
