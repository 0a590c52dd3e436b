"""What replacing a branch's year folder (and its branch.yaml) with an uploaded one would
change, in words, and whether it would overwrite anything: for the inbox's zip uploads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checker.core.staging import same_file
from checker.dossier.layout import DOSSIER_FILE, NARRATIVE_FILES, REVIEW_FILE
from checker.dossier.word.changes import SAME_BUT_WRITTEN_DIFFERENTLY, canonical, describe
from checker.dossier.word.layout import FormLayout
from checker.dossier.word.plan import yaml_data


@dataclass(slots=True)
class YearChanges:
    lines: list[str]
    conflict: bool  # an existing file would change or go
    changed: bool  # anything at all would change


def _files(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p
        for p in sorted(folder.rglob("*"))
        if p.is_file() or p.is_symlink()
    }


def _text(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def year_changes(
    old_year: Path, new_year: Path, old_branch: Path, new_branch: Path, layout: FormLayout
) -> YearChanges:
    """What putting ``new_year`` (and ``new_branch``) in place would change, in words."""
    old, new = _files(old_year), _files(new_year)
    old.pop(REVIEW_FILE, None)
    new.pop(REVIEW_FILE, None)
    conflict = changed = False
    old_dossier, new_dossier = (
        yaml_data(_text(old.get(DOSSIER_FILE))),
        yaml_data(_text(new.get(DOSSIER_FILE))),
    )
    old_branch_data, new_branch_data = yaml_data(_text(old_branch)), yaml_data(_text(new_branch))
    same_dossier = bool(old_dossier) and canonical(old_dossier) == canonical(new_dossier)
    had_branch = old_branch.is_file()
    same_branch = had_branch == new_branch.is_file() and (
        not had_branch or (bool(old_branch_data) and old_branch_data == new_branch_data)
    )
    narratives = {
        side: {n: t for n in NARRATIVE_FILES if (t := _text(files.get(n))) is not None}
        for side, files in (("old", old), ("new", new))
    }
    lines = describe(
        layout,
        (old_dossier if DOSSIER_FILE in old else {}, old_branch_data, narratives["old"]),
        (new_dossier, new_branch_data, narratives["new"]),
    )
    if not same_dossier or not same_branch:
        changed = True
        conflict = (DOSSIER_FILE in old and not same_dossier) or (had_branch and not same_branch)
    for name in NARRATIVE_FILES:
        before, after = narratives["old"].get(name), narratives["new"].get(name)
        if (before or "").strip() == (after or "").strip() and (before is None) == (after is None):
            continue
        changed = True
        if before is not None:
            conflict = True
            if after is None:
                lines.append(f"删除 {name}")
    others = sorted((set(old) | set(new)) - {DOSSIER_FILE, *NARRATIVE_FILES})
    for name in others:
        if name not in old:
            lines.append(f"新增 {name}")
            changed = True
        elif name not in new:
            lines.append(f"删除 {name}")
            changed = conflict = True
        elif not same_file(old[name], new[name]):
            lines.append(f"更换 {name}")
            changed = conflict = True
    if changed and not lines:
        lines = [SAME_BUT_WRITTEN_DIFFERENTLY]
    return YearChanges(lines, conflict, changed)
