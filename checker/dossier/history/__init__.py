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
:func:`branch_history`. The points and their reading are in ``points``, which states the
history has in ``states``, and their scoring in ``scoring``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from checker.core.gitrepo import GitError, GitMissing, NotARepository, Repository
from checker.dossier.history.points import (
    WORKTREE_SUBJECT,
    HistoryPoint,
    ItemTrend,
    by_year,
    changes,
    trend,
)
from checker.dossier.history.scoring import Progress, StateScorer
from checker.dossier.history.states import BranchInRepository, StateSpec, state_specs

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


def repository(content_root: Path) -> Repository:
    """The git working tree that holds ``content_root``.

    Raises NotARepository, GitMissing or GitError, each with a Chinese message.
    """
    return Repository(content_root)


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
    branch = BranchInRepository(repo, content_root, branch_code, schemas_dir, standard_at_commit)
    specs = state_specs(branch, set(years) if years is not None else None, worktree)
    if limit is not None:
        specs = [s for year in sorted({s.year for s in specs}) for s in _last(specs, year, limit)]
    return StateScorer(branch, today).score(specs, cache_dir, progress)


def _plain_name(code: str) -> bool:
    return bool(code) and code not in (".", "..") and not any(c in code for c in "/\\\0\n")


def _last(specs: list[StateSpec], year: int, limit: int) -> list[StateSpec]:
    of_year = [s for s in specs if s.year == year]
    return of_year[-limit:] if limit > 0 else []
