"""Where a branch-year's points ledger lives, and which file holds what.

branches/<code>/<year>/
  dossier.yaml          the roster the ledger refers to (members by their stable ids)
  points/<year>-MM.yaml the month's declarations and the branch's review of each
  points/<year>-Qn.yaml the quarter's public evaluation, as tallies per member
  points/grading.yaml   the year's grading, as the branch meeting decided it
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from checker.dossier.layout import DossierRef, discover

POINTS_DIR = "points"
GRADING_FILE = "grading.yaml"
_MONTH = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])\.yaml$")
_QUARTER = re.compile(r"^([0-9]{4})-Q([1-4])\.yaml$")


@dataclass(frozen=True, slots=True, order=True)
class LedgerRef:
    """One branch-year that keeps a points ledger."""

    dossier: DossierRef

    @property
    def year_dir(self) -> Path:
        return self.dossier.year_dir

    @property
    def folder(self) -> Path:
        return self.year_dir / POINTS_DIR

    @property
    def branch(self) -> str:
        return self.dossier.branch_dir.name

    @property
    def year(self) -> int | None:
        name = self.year_dir.name
        return int(name) if name.isdigit() and len(name) == 4 else None


@dataclass(frozen=True, slots=True)
class LedgerFile:
    """A file of the points folder and what its name says it holds."""

    path: Path
    kind: str  # month | quarter | grading | unknown | link
    year: int | None = None
    number: int | None = None  # the month (1–12) or the quarter (1–4)


def classify(path: Path) -> LedgerFile:
    month = _MONTH.match(path.name)
    if month:
        return LedgerFile(path, "month", int(month[1]), int(month[2]))
    quarter = _QUARTER.match(path.name)
    if quarter:
        return LedgerFile(path, "quarter", int(quarter[1]), int(quarter[2]))
    if path.name == GRADING_FILE:
        return LedgerFile(path, "grading")
    return LedgerFile(path, "unknown")


def ledger_files(ref: LedgerRef) -> list[LedgerFile]:
    """The points folder's files, sorted by name. A link (the folder itself, or a file in
    it) is never followed: it is listed as a ``link``, to be reported."""
    if ref.folder.is_symlink():
        return [LedgerFile(ref.folder, "link")]
    try:
        entries = sorted(p for p in ref.folder.iterdir() if not p.name.startswith("."))
    except OSError:
        return []
    return [
        LedgerFile(p, "link") if p.is_symlink() else classify(p)
        for p in entries
        if p.is_symlink() or p.is_file()
    ]


def discover_ledgers(paths: list[Path]) -> tuple[list[LedgerRef], list[Path]]:
    """The ledgers under each PATH (branch-years with a points folder), and PATHs with none."""
    refs, empty = discover(paths)
    ledgers = ledgers_of(refs)
    return ledgers, empty if ledgers else list(paths)


def ledgers_of(refs: list[DossierRef]) -> list[LedgerRef]:
    """The ledgers of dossiers already found: those with a points folder."""
    return [LedgerRef(r) for r in refs if (r.year_dir / POINTS_DIR).is_dir()]


def decided_grades(year_dir: Path, max_bytes: int) -> dict[str, str] | None:
    """The grades the branch meeting decided (points/grading.yaml), member id → grade, for
    the dossier's share of 优秀; None without a grading. Read as data only: `checker
    validate` reports the file's mistakes."""
    path = year_dir / POINTS_DIR / GRADING_FILE
    if not path.is_file() or path.is_symlink():
        return None
    from checker.core.yamlload import load_yaml

    data = load_yaml(path, path.name, max_bytes).data
    grades = data.get("grades") if isinstance(data, dict) else None
    if not isinstance(grades, list):
        return None
    return {
        str(g["member"]): str(g["grade"])
        for g in grades
        if isinstance(g, dict) and "member" in g and "grade" in g
    }
