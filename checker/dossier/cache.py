"""What decides a dossier's result, as the key of the result cache (`checker.core.cache`).

The key covers the tool version, the standard and schemas, the day the dossier is judged at,
the bytes of the dossier, its branch profile, review, narratives and organization file, and
the name, size and modification time of every file in the year folder (the evidence).
The same parts with the stat of the same files, read from none, make the dossier's
signature (:func:`signature`), by which a re-run finds the key of an unchanged dossier.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from checker.core.cache import ContentKey, StatSignature
from checker.core.paths import BRANCH_FILE, ORGANIZATION_FILE, display
from checker.core.periods import judging_day
from checker.dossier.layout import DossierRef


def cache_key(ref: DossierRef, base: str, today: date) -> str:
    """The key of one dossier's result; ``base`` covers what all dossiers of a root share
    (tool version, standard and schemas, organization file): see :func:`base_digest`."""
    key = ContentKey(*_parts(ref, base, today))
    # Absolute paths: the same dossier typed as a relative or absolute PATH shares one entry.
    key.file((ref.branch_dir / BRANCH_FILE).absolute())
    return key.folder(ref.year_dir.absolute()).hexdigest()


def signature(ref: DossierRef, base: str, today: date) -> StatSignature:
    """What the files of :func:`cache_key` look like to ``stat``, with the same parts."""
    sign = StatSignature("dossier", *_parts(ref, base, today))
    sign.file((ref.branch_dir / BRANCH_FILE).absolute())
    return sign.folder(ref.year_dir.absolute())


def _parts(ref: DossierRef, base: str, today: date) -> tuple[str, str, str]:
    year = ref.year_dir.name
    judged = judging_day(int(year), today) if year.isdigit() and len(year) == 4 else today
    return base, display(ref.dossier), judged.isoformat()


def base_digest(version: str, standard_digest: str, root: Path | None) -> str:
    key = ContentKey(version, standard_digest)
    if root is not None:  # absolute, as in cache_key: the CLI's content/ is the plugin's too
        key.file((root / ORGANIZATION_FILE).absolute())
    return key.hexdigest()
