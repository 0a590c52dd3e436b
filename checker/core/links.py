"""One rule for links in content: a file is read only if it really lies inside the content root.

A dossier repository is written by many hands and built by CI that holds secrets, so a
narrative committed as a link to `../../../../.git/config`, or a branch folder that is a link
to somewhere else, must never be read. The content root is the nearest folder, going up from
the path as written, that holds `organization.yaml`; without one, the file's own folder. The
real path of the file (every link on the way resolved) must lie inside the real path of that
root. Links that stay inside are harmless and allowed.
"""

from __future__ import annotations

import os
from pathlib import Path


def content_root(path: Path) -> Path:
    """The folder whose tree ``path`` belongs to, found on the path as written."""
    from checker.core.paths import find_root  # content lists folders through this module

    folder = Path(os.path.abspath(path)).parent
    return find_root(folder) or folder


def leaves_root(path: Path, root: Path | None = None) -> bool:
    """Whether reading ``path`` would follow a link out of its content root."""
    boundary = os.path.realpath(root if root is not None else content_root(path))
    try:
        real = os.path.realpath(path, strict=True)
    except (OSError, RuntimeError):  # a dangling link or a loop: nothing to read either way
        return os.path.islink(path)
    return real != boundary and not real.startswith(boundary.rstrip(os.sep) + os.sep)
