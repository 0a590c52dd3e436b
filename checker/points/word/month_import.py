"""`checker import` of a monthly points form: the form read, the month's file it becomes,
written atomically under the content lock, never over a different file without --force.

A form with any cell that cannot be read (a date, a number, an unknown member or standard)
is refused whole, with every such cell listed: a month file holds the review of every
member's declarations, and half of it written would be counted as the whole.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.core import atomic, lock, yamlwrite
from checker.core.findings import Finding
from checker.core.paths import BRANCHES_DIR, display
from checker.core.word.marker import carries_marker
from checker.core.word.safezip import Refused, open_docx
from checker.core.yamlload import load_yaml
from checker.dossier.layout import DOSSIER_FILE, DossierRef
from checker.points.engine import PointsEngine
from checker.points.layout import LedgerRef
from checker.points.word import layout as lay
from checker.points.word.reader import (
    CellProblem,
    MonthForm,
    PointsFormRefused,
    read_month_form,
)
from checker.points.word.source import month_file, roster_names

__all__ = ["CellProblem", "PointsFormRefused", "PointsImport", "is_points_form", "read_points_form"]


def is_points_form(path: Path) -> bool:
    """Whether ``path`` is a points form (by its marker); False for anything unreadable,
    which the dossier's importer then refuses in its own words."""
    return carries_marker(path, lay.MARKER, 40)


@dataclass(slots=True)
class PointsImport:
    form: MonthForm
    year_dir: Path
    target: Path
    text: str
    existing: dict[str, Any] | None  # the month's file as it is, when there is one

    @property
    def same(self) -> bool:
        return self.existing == self.form.data

    @property
    def conflict(self) -> bool:
        return self.existing is not None and not self.same

    def changes(self) -> list[str]:
        """What replacing the month's file changes, in words."""
        old = (self.existing or {}).get("declarations") or []
        new = self.form.data["declarations"]
        kept = [d for d in new if d in old]
        lines = [f"申报 {len(old)} 条改为 {len(new)} 条（其中 {len(kept)} 条不变）"]
        for key, label in (("reviewed_on", "审核日期"), ("reviewed_by", "审核者")):
            before, after = (self.existing or {}).get(key), self.form.data.get(key)
            if before != after:
                lines.append(f"{label}：{before or '（空）'} → {after or '（空）'}")
        return lines

    def write(self, content_dir: Path, max_bytes: int) -> None:
        """The month's file, atomically, while holding the content lock; refused (an
        OSError) when another writer changed the file since it was compared."""
        with lock.content_lock(content_dir, lock.DEFAULT_WAIT):
            if _current(self.target, max_bytes) != self.existing:
                raise OSError(
                    errno.EAGAIN, f"{display(self.target)} 在导入过程中被改动，请重新导入"
                )
            self.target.parent.mkdir(exist_ok=True)
            atomic.write_text(self.target, self.text)

    def findings(self, engine: PointsEngine) -> tuple[list[tuple[Finding, str]], int]:
        """The ledger's findings about the month's file, each with its place in the form;
        and how many findings the ledger has elsewhere."""
        result = engine.check(LedgerRef(DossierRef(self.year_dir / DOSSIER_FILE)))
        mine = display(self.target)
        placed = [(f, self.form.where(f.path)) for f in result.findings if f.file == mine]
        return placed, len(result.findings) - len(placed)


def _current(target: Path, max_bytes: int) -> dict[str, Any] | None:
    """The month's file as data, {} when unreadable, None when there is none."""
    if not target.is_file():
        return None
    data = load_yaml(target, display(target), max_bytes).data
    return data if isinstance(data, dict) else {}


def _yaml(form: MonthForm, schema: dict, shown_name: str) -> str:
    year, month = form.month.split("-")
    shown_name = " ".join(shown_name.split())  # a file name may hold a line break
    header = [
        f"{year} 年 {int(month)} 月党员积分申报和支部审核（由 checker import 从 {shown_name} 导入）"
    ]
    data = yamlwrite.ordered(form.data, schema)
    return yamlwrite.document([(None, data)], header)


def read_points_form(
    engine: PointsEngine, upload: Path, content_dir: Path, shown_name: str
) -> PointsImport:
    """Open and read ``upload`` for ``content_dir``; raises PointsFormRefused with nothing
    written when it is not a sound points form or its branch-year is not in the content."""
    try:
        document = open_docx(upload)
    except Refused as exc:
        raise PointsFormRefused(exc.code, exc.message) from None
    standard = engine.standard
    probe = read_month_form(document, standard)  # marker, structure and cover first
    year_dir = content_dir / BRANCHES_DIR / probe.branch / str(probe.year)
    if not (year_dir / DOSSIER_FILE).is_file():
        raise PointsFormRefused(
            "W013",
            f"{display(content_dir)} 中没有支部 {probe.branch} 的 {probe.year} 年度台账"
            f"（{display(year_dir / DOSSIER_FILE)}）；积分按该年度的党员名册计算",
            "表1",
        )
    roster = {member for member, _ in roster_names(year_dir, engine.max_yaml_bytes)}
    form = read_month_form(document, standard, roster)
    target = month_file(year_dir, form.month)
    existing = _current(target, engine.max_yaml_bytes)
    text = _yaml(form, engine.folder.schemas.raw["points_month"], shown_name)
    return PointsImport(form, year_dir, target, text, existing)
