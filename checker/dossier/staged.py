"""What a commit takes away: the content files the git index deletes or renames, and the
dossiers that may still cite them (`checker validate --staged`).

pre-commit passes a hook only the files a commit adds or changes, so a commit that deletes
an evidence file a dossier still cites would pass unseen; git's index says what goes.
Content may sit under `content/` or at the top of the repository: a path's place in the
layout (:func:`checker.content.owner`) decides its dossier, wherever the root is.
"""

from __future__ import annotations

import os
from pathlib import Path

from checker.core.gitrepo import Repository
from checker.dossier.layout import DossierRef, dossiers_of_file


def dossiers_losing_files(start: Path) -> list[DossierRef]:
    """The existing dossiers that the index takes a file from (an evidence file, narrative or
    review of their year, their branch.yaml, their organization.yaml), sorted.

    Raises GitError (NotARepository, GitMissing) when ``start`` is not in a git work tree.
    """
    repo = Repository(start)
    here = Path(os.path.realpath(Path.cwd()))
    found = {
        _as_typed(ref, here)
        for name in repo.staged_removals()
        for ref in dossiers_of_file(repo.top / name)  # absolute: the layout stays visible
    }
    return sorted(found)


def _as_typed(ref: DossierRef, here: Path) -> DossierRef:
    """``ref`` named as PATHS name it, relative to the current folder, so that a dossier both
    passed by pre-commit and losing a file is checked once. Only when its content root is at
    or below that folder: a relative path that no longer shows `branches/` above the dossier
    would lose its organization.yaml."""
    root = ref.root
    if root is not None and root.is_relative_to(here):
        return DossierRef(ref.dossier.relative_to(here))
    return ref
