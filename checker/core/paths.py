"""The content root that every kind of content shares, and how paths are shown.

content/                  the content root: the folder that holds organization.yaml
  organization.yaml       the committee, zones, levels, parent organizations
  branches/<code>/        one folder a branch; each kind keeps its files below it
    branch.yaml
"""

from __future__ import annotations

from pathlib import Path

ORGANIZATION_FILE = "organization.yaml"
BRANCHES_DIR = "branches"
BRANCH_FILE = "branch.yaml"


def display(path: Path) -> str:
    """How a path is shown in findings: relative to the working folder when inside it."""
    if not path.is_absolute():
        return path.as_posix()
    cwd = Path.cwd()
    return path.relative_to(cwd).as_posix() if path.is_relative_to(cwd) else path.as_posix()


def default_root(base: Path | None = None) -> Path:
    """The content root when none is named: ``content/`` (this project's layout), or the
    folder itself in a dossier repository of its own, where organization.yaml sits at the top.

    The answer is relative to ``base`` (the working folder by default), as the user would type it.
    """
    folder = base if base is not None else Path()
    nested = Path("content")
    if (
        not (folder / nested / ORGANIZATION_FILE).is_file()
        and (folder / ORGANIZATION_FILE).is_file()
    ):
        return Path()
    return nested


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds organization.yaml."""
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        if (candidate / ORGANIZATION_FILE).is_file():
            return candidate
    return None
