"""What every page of a site says about itself: the day it was generated and the standard
its figures were computed against (id, version, title).

The day is deterministic, as every other output is: ``SOURCE_DATE_EPOCH`` when it is set
(reproducible builds, https://reproducible-builds.org/specs/source-date-epoch/), else the
day of the content's last git commit when the content is a git checkout, else today. The
theme's footer shows it (``config.extra.dossier``), so handwritten pages carry it too and
the search index does not.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from checker.core.gitrepo import GitError, Repository
from checker.core.periods import default_today, official_date

EXTRA_KEY = "dossier"  # config.extra.dossier in mkdocs.yml and in the theme's templates


def _from_epoch(value: str) -> date | None:
    try:
        seconds = int(value.strip())
    except ValueError:
        return None
    if seconds < 0:
        return None
    try:
        return datetime.fromtimestamp(seconds, UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


def _from_git(content: Path) -> date | None:
    try:
        repo = Repository(content)
        path = repo.relative(content)
        stamp = repo.last_commit_date(path or ".") if path is not None else None
    except GitError:
        return None
    if not stamp:
        return None
    try:
        return date.fromisoformat(stamp[:10])  # the committer's own calendar day
    except ValueError:
        return None


def generation_date(content: Path, environ: Mapping[str, str] | None = None) -> date:
    """``SOURCE_DATE_EPOCH`` (UTC), else the content's last commit, else today."""
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH")
    if epoch:
        day = _from_epoch(epoch)
        if day is not None:
            return day
    return _from_git(content) or default_today()


@dataclass(frozen=True, slots=True)
class Stamp:
    generated: date
    standard_id: str
    standard_version: str
    standard_title: str

    @property
    def generated_text(self) -> str:
        return official_date(self.generated)

    def as_extra(self) -> dict[str, str]:
        """For ``config.extra``: plain strings, which a theme template and YAML both take."""
        return {
            "generated": self.generated.isoformat(),
            "generated_text": self.generated_text,
            "standard_id": self.standard_id,
            "standard_version": self.standard_version,
            "standard_title": self.standard_title,
        }
