"""The content root that every kind of content shares, and how paths are shown.

content/                  the content root: the folder that holds organization.yaml
  organization.yaml       the committee, zones, levels, parent organizations
  branches/<code>/        one folder a branch; each kind keeps its files below it
    branch.yaml
"""

from __future__ import annotations

import os
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
    """The content root when none is named: ``content/`` (this project's layout), the folder
    itself in a dossier repository of its own (organization.yaml at the top), or, inside a
    content tree, the root above (as git finds ``.git``): `../..` from a branch folder.

    The answer is relative to ``base`` (the working folder by default), as the user would type it.
    """
    folder = base if base is not None else Path()
    nested = Path("content")
    if (folder / nested / ORGANIZATION_FILE).is_file():
        return nested
    if (folder / ORGANIZATION_FILE).is_file():
        return Path()
    above = find_root(folder)
    if above is not None:
        return Path(os.path.relpath(above, folder))
    return nested


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds organization.yaml; relative when
    ``start`` is (`.` in a year folder finds `../../..`)."""
    absolute = Path(os.path.abspath(start))
    folder = absolute if absolute.is_dir() else absolute.parent
    for candidate in (folder, *folder.parents):
        if (candidate / ORGANIZATION_FILE).is_file():
            if start.is_absolute():
                return candidate
            return Path(os.path.relpath(candidate))
    return None


def through_root(path: Path) -> Path:
    """``path`` as reached from its content root, so that every folder on the way has its
    name: `.` in a year folder is `../../../branches/<code>/<year>`. Absolute paths, paths
    that already pass through the root and paths outside any content tree stay as they are."""
    if path.is_absolute():
        return path
    root = find_root(path)
    if root is None or (root != Path() and root.parts[0] != ".."):
        return path
    absolute = Path(os.path.abspath(path))
    inside = absolute.relative_to(os.path.abspath(root))
    return root / inside if inside != Path() else root
