"""Where a dossier's files live in a content tree, and how a PATH maps to dossiers.

content/
  organization.yaml
  branches/<code>/branch.yaml
  branches/<code>/<year>/dossier.yaml, review.yaml, summary.md, highlights.md, evidence/
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from checker.core import links
from checker.core.paths import BRANCH_FILE, BRANCHES_DIR, ORGANIZATION_FILE, through_root

DOSSIER_FILE = "dossier.yaml"
REVIEW_FILE = "review.yaml"
NARRATIVE_FILES = ("summary.md", "highlights.md")
EVIDENCE_DIR = "evidence"


@dataclass(frozen=True, slots=True, order=True)
class DossierRef:
    """One branch-year: the dossier file and the folders around it."""

    dossier: Path

    @property
    def year_dir(self) -> Path:
        return self.dossier.parent

    @property
    def branch_dir(self) -> Path:
        return self.dossier.parent.parent

    @property
    def root(self) -> Path | None:
        """The content root (the folder with organization.yaml), if the layout is standard."""
        candidate = self.branch_dir.parent.parent
        if self.branch_dir.parent.name == BRANCHES_DIR:
            return candidate
        return None


def discover(paths: list[Path]) -> tuple[list[DossierRef], list[Path]]:
    """The dossiers under each PATH, sorted and without repeats; and PATHs that held none.

    A PATH that does not exist stands for the dossier of its place (see :func:`owner`)."""
    found: set[DossierRef] = set()
    empty: list[Path] = []
    for path in paths:
        refs = list(_dossiers_under(through_root(path)))
        if not refs:
            empty.append(path)
        found.update(refs)
    # By the parts of the path, as Paths compare, without building them again and again.
    return sorted(found, key=_parts_of), empty


def _parts_of(ref: DossierRef) -> tuple[str, ...]:
    return ref.dossier.parts


def _dossiers_under(path: Path):
    if not path.exists() and not path.is_symlink():
        # A file deleted or renamed away (as a commit does): the dossier of its place in the
        # layout may still cite it, so that dossier is what there is to check.
        yield from dossiers_of_file(path)
        return
    if path.is_file():
        if path.name == DOSSIER_FILE:
            yield DossierRef(path)
        else:  # a narrative, review, evidence, branch.yaml or organization.yaml
            yield from dossiers_of_file(path)
        return
    if not path.is_dir():
        return
    if (path / DOSSIER_FILE).is_file():
        yield DossierRef(path / DOSSIER_FILE)
        return
    if (path / BRANCH_FILE).is_file():
        yield from _years(path)
        return
    branches = path / BRANCHES_DIR
    if branches.is_dir():
        for branch in sorted(_subdirs(branches), key=_name):  # one parent: by name
            yield from _years(branch)


def owner(path: Path) -> tuple[str, Path] | None:
    """What a content file belongs to, by its place in the layout alone (it need not exist).

    ``("root", folder)`` for organization.yaml, ``("branch", folder)`` for a branch.yaml,
    ``("year", folder)`` for anything inside a year folder (dossier, review, narratives,
    evidence); None for a file outside the layout.
    """
    if path.name == ORGANIZATION_FILE:
        return "root", path.parent
    if path.name == BRANCH_FILE and path.parent.parent.name == BRANCHES_DIR:
        return "branch", path.parent
    for folder in path.parents:
        if folder.parent.parent.name == BRANCHES_DIR and folder.parent.name:
            return "year", folder
    return None


def dossiers_of_file(path: Path) -> list[DossierRef]:
    """The existing dossiers that a change to ``path`` (not a dossier.yaml) can affect:
    its year's dossier, every year of its branch, or every dossier under its content root."""
    place = owner(path)
    if place is None:
        return []
    kind, folder = place
    if kind == "year":
        dossier = folder / DOSSIER_FILE
        return [DossierRef(dossier)] if dossier.is_file() else []
    if kind == "branch":
        return list(_years(folder))
    branches = folder / BRANCHES_DIR
    return [ref for branch in sorted(_subdirs(branches)) for ref in _years(branch)]


def _name(path: Path) -> str:
    return path.name


def _years(branch_dir: Path):
    for year_dir in sorted(_subdirs(branch_dir), key=_name):
        dossier = year_dir / DOSSIER_FILE
        if dossier.is_file():
            yield DossierRef(dossier)


def _subdirs(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as entries:
            # A linked folder that stays inside the tree is an alias and is skipped; one that
            # leads outside is listed, so that reading its dossier is refused with F007.
            return [
                Path(e.path)
                for e in entries
                if e.is_dir(follow_symlinks=False)
                or (e.is_symlink() and links.leaves_root(Path(e.path)))
            ]
    except OSError:
        return []
