"""What decides a dossier's result, as the key of the result cache (`checker.core.cache`).

The key covers the tool version, the standard and schemas, the day the dossier is judged at,
the bytes of the dossier, its branch profile, review, narratives and organization file, and
the name, size and modification time of every file in the year folder (the evidence).
The same parts with the stat of the same files, read from none, make the dossier's
signature (:func:`signature`), by which a re-run finds the key of an unchanged dossier.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from checker.core.cache import ContentKey, StatSignature
from checker.core.paths import BRANCH_FILE, ORGANIZATION_FILE, display
from checker.core.periods import judging_day
from checker.dossier.layout import DossierRef


def cache_key(ref: DossierRef, base: str, today: date) -> str:
    """The key of one dossier's result; ``base`` covers what all dossiers of a root share
    (tool version, standard and schemas, organization file): see :func:`base_digest`."""
    parts, branch_file, year_dir = _parts(ref, base, today)
    key = ContentKey(*parts)
    # Absolute paths: the same dossier typed as a relative or absolute PATH shares one entry.
    key.file(branch_file)
    return key.folder(year_dir).hexdigest()


def signature(ref: DossierRef, base: str, today: date) -> StatSignature:
    """What the files of :func:`cache_key` look like to ``stat``, with the same parts."""
    parts, branch_file, year_dir = _parts(ref, base, today)
    return StatSignature("dossier", *parts).file(branch_file).folder(year_dir)


def _parts(ref: DossierRef, base: str, today: date) -> tuple[tuple[str, str, str], str, str]:
    """The parts of the key, and the absolute paths of branch.yaml and the year folder
    (worked out on strings: this runs for every dossier of every re-run)."""
    dossier = os.fspath(ref.dossier)
    if not os.path.isabs(dossier):
        dossier = os.path.join(os.getcwd(), dossier)
    year_dir = dossier.rsplit(os.sep, 1)[0]  # absolute: it has a separator
    branch_dir, year = year_dir.rsplit(os.sep, 1)
    branch_file = f"{branch_dir}{os.sep}{BRANCH_FILE}"
    judged = judging_day(int(year), today) if year.isdigit() and len(year) == 4 else today
    return (base, display(ref.dossier), judged.isoformat()), branch_file, year_dir


def base_digest(version: str, standard_digest: str, root: Path | None) -> str:
    key = ContentKey(version, standard_digest)
    if root is not None:  # absolute, as in cache_key: the CLI's content/ is the plugin's too
        key.file((root / ORGANIZATION_FILE).absolute())
    return key.hexdigest()
