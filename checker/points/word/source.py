"""What a monthly form is generated from: the branch (code and name), the year's roster
(ids and names: the form is an internal document of the branch) and, when the month's file
exists, its declarations and review, read as data only (`checker validate` reports the
file's own mistakes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.core.yamlload import load_yaml
from checker.dossier.layout import DOSSIER_FILE
from checker.points.layout import POINTS_DIR


@dataclass(slots=True)
class MonthSource:
    branch: str
    branch_name: str
    month: str  # 2025-03
    members: list[tuple[str, str]]  # (id, name)
    month_data: dict[str, Any] = field(default_factory=dict)

    @property
    def declarations(self) -> list[dict[str, Any]]:
        found = self.month_data.get("declarations")
        return [d for d in found if isinstance(d, dict)] if isinstance(found, list) else []


def _mapping(path: Path, max_bytes: int) -> dict[str, Any]:
    if not path.is_file() or path.is_symlink():
        return {}
    data = load_yaml(path, path.name, max_bytes).data
    return data if isinstance(data, dict) else {}


def month_file(year_dir: Path, month: str) -> Path:
    return year_dir / POINTS_DIR / f"{month}.yaml"


def roster_names(year_dir: Path, max_bytes: int) -> list[tuple[str, str]]:
    """(id, name) of every member of the year's roster with an id, in roster order."""
    members = _mapping(year_dir / DOSSIER_FILE, max_bytes).get("members")
    out = []
    for record in members if isinstance(members, list) else []:
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            out.append((record["id"], str(record.get("name") or "")))
    return out


def branch_names(year_dir: Path, max_bytes: int) -> tuple[str, str]:
    """The branch's code and name (branch.yaml), the folder's name standing in."""
    branch_dir = year_dir.parent
    branch = _mapping(branch_dir / "branch.yaml", max_bytes)
    return str(branch.get("code") or branch_dir.name), str(branch.get("name") or "")


def load_month_source(year_dir: Path, month: str, max_bytes: int) -> MonthSource:
    code, name = branch_names(year_dir, max_bytes)
    return MonthSource(
        branch=code,
        branch_name=name,
        month=month,
        members=roster_names(year_dir, max_bytes),
        month_data=_mapping(month_file(year_dir, month), max_bytes),
    )
