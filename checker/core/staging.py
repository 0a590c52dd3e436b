"""A branch folder staged beside the content tree, then put in place whole.

`import`, `ingest` and `new` change several files of one branch at once (branch.yaml,
dossier.yaml, narratives, evidence). They write them into a copy of the branch folder in a
scratch content root inside the real one (the same filesystem), check them there if they
wish, and only then put the copy in place with one swap (``atomic.replace_dir``). A failure
or a kill before the swap leaves the branch as it was. The scratch root is a hidden folder
beside `branches/`, outside the layout, so no command mistakes it for content.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

from checker.core import atomic, lock
from checker.core.paths import BRANCHES_DIR, ORGANIZATION_FILE


class BranchStage:
    """The staged copy of ``content_dir/branches/<code>``, inside ``scratch``."""

    def __init__(
        self,
        scratch: Path,
        content_dir: Path,
        code: str,
        skip: Callable[[Path], bool] | None = None,
    ) -> None:
        self.content_dir = content_dir
        self.target = content_dir / BRANCHES_DIR / code
        self.root = scratch / "content"
        self.branch_dir = self.root / BRANCHES_DIR / code
        self._committed = False
        self._previous: Path | None = None  # where the replaced folder went, once committed
        self._identity = (0, 0)
        (self.root / BRANCHES_DIR).mkdir(parents=True)
        organization = content_dir / ORGANIZATION_FILE
        if organization.is_file():  # so that the staged dossier has a content root
            shutil.copyfile(organization, self.root / ORGANIZATION_FILE)
        if self.target.is_dir():
            atomic.link_tree(self.target, self.branch_dir, skip)
        else:
            self.branch_dir.mkdir()

    def staged(self, final: Path) -> Path:
        """Where the file that belongs at ``final`` (inside the branch) is staged."""
        return self.branch_dir / final.relative_to(self.target)

    def commit(self) -> None:
        """Put the staged branch folder in place of the real one (the old one is deleted
        with the scratch folder, unless ``undo`` puts it back first)."""
        self._identity = self.identity()
        self._previous = atomic.replace_dir(self.branch_dir, self.target)
        self._committed = True

    def identity(self) -> tuple[int, int]:
        """The staged folder's (device, inode): after ``commit`` the branch folder has it,
        which is how a journal tells afterwards whether the swap happened."""
        if self._committed:
            return self._identity
        info = os.lstat(self.branch_dir)
        return info.st_dev, info.st_ino

    def undo(self) -> None:
        """Put the previous branch folder back after ``commit`` (before the scratch folder
        is removed): the staged one goes back where it was staged."""
        if not self._committed:
            return
        if self._previous is None:  # the branch is new: take it away again
            os.rename(self.target, self.branch_dir)
        else:
            atomic.replace_dir(self._previous, self.target)
        self._committed = False


@contextlib.contextmanager
def stage_branch(
    content_dir: Path, code: str, skip: Callable[[Path], bool] | None = None
) -> Iterator[BranchStage]:
    """Stage the branch ``code``; nothing changes in ``content_dir`` unless ``commit`` is
    called, and the scratch folder is removed whatever happens.

    The content root is locked from the copy to the swap (``lock``: raises ``lock.Busy``,
    an OSError, after ``lock.DEFAULT_WAIT``), so that two writers never both stage the
    same old folder and the second swap undoes the first."""
    content_dir.mkdir(parents=True, exist_ok=True)  # `import` may start a new tree
    with lock.content_lock(content_dir, lock.DEFAULT_WAIT), atomic.scratch(content_dir) as scratch:
        yield BranchStage(scratch, content_dir, code, skip)


def same_file(first: Path, second: Path) -> bool:
    """Whether two paths hold the same bytes (a hard link counts without reading)."""
    try:
        a, b = os.stat(first), os.stat(second)
    except OSError:
        return False
    if (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino):
        return True
    if a.st_size != b.st_size:
        return False
    with first.open("rb") as x, second.open("rb") as y:
        while True:
            chunk = x.read(1 << 16)
            if chunk != y.read(1 << 16):
                return False
            if not chunk:
                return True
