"""Walk a content tree with the engine: what the site shows, gathered once.

The scores are the engine's results, the very objects `checker score` prints; they also
carry the evidence each dossier cites, the meetings' attendance as counts, the narratives
(summary.md, highlights.md) as loading read them, and the values of the private fields that
the privacy scanner looks for in the text the site publishes. Nothing here reads a dossier.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from checker.core.findings import Finding
from checker.core.organization import Organization
from checker.core.paths import display
from checker.core.pii import PII_CODES
from checker.dossier.engine import Engine, run
from checker.dossier.layout import NARRATIVE_FILES, DossierRef, discover
from checker.dossier.results import Attendance, DossierResult, EvidenceRef, result_from_entry
from checker.dossier.site.brief import brief
from checker.dossier.standard import Standard


class CollectError(Exception):
    """Nothing to publish: no content root, no organization file, no dossier."""


@dataclass(frozen=True, slots=True)
class Narrative:
    name: str  # summary.md or highlights.md
    file: str  # as shown in findings
    text: str


class BranchYear:
    """A branch's year on the site: the brief that the overview pages read, held for the
    whole build, and the full result (with its narratives) for the pages about the branch.

    With a result cache the full result is let go (``release``) once the branch's page is
    made and read from the cache again if asked for; without one it is held throughout.
    ``scanned`` says whether the privacy guard has gone over the result now held."""

    __slots__ = ("_full", "_load", "_narratives", "brief", "fingerprint", "private",
                 "scanned", "year_dir")  # fmt: skip

    def __init__(
        self,
        result: DossierResult,
        year_dir: Path,
        narratives: dict[str, Narrative],
        fingerprint: str = "",
        load: Callable[[], tuple[DossierResult, dict[str, Narrative]]] | None = None,
    ) -> None:
        self.brief = brief(result)
        self.year_dir = year_dir
        self.fingerprint = fingerprint  # of the result as scored: its page is kept by it
        self.private = list(result.private)
        self.scanned = False
        self._load = load
        self._full: DossierResult | None = result
        self._narratives: dict[str, Narrative] | None = narratives

    @property
    def year(self) -> int:
        return self.brief.year

    @property
    def result(self) -> DossierResult:
        if self._full is None:
            assert self._load is not None  # released only when it can be read again
            self._full, self._narratives = self._load()
            self.scanned = False
            self.sync_names()
        return self._full

    def sync_names(self) -> None:
        """The held result's name and placement as the brief's: as the guard left them
        (redacted where they had to be)."""
        if self._full is not None:
            self._full.name = self.brief.name
            self._full.placement = dict(self.brief.placement)

    @property
    def narratives(self) -> dict[str, Narrative]:
        self.result  # noqa: B018 - read with the result
        assert self._narratives is not None
        return self._narratives

    @property
    def evidence(self) -> list[EvidenceRef]:
        return self.result.evidence

    @property
    def attendance(self) -> list[Attendance]:
        return self.result.attendance

    def release(self) -> None:
        """Let the full result go, when it can be read again from the cache."""
        if self._load is not None:
            self._full = None
            self._narratives = None
            self.scanned = False


@dataclass(slots=True)
class Branch:
    code: str
    name: str
    placement: dict[str, str]
    years: dict[int, BranchYear] = field(default_factory=dict)  # ascending years

    @property
    def latest(self) -> BranchYear:
        return self.years[max(self.years)]

    def zone(self) -> str:
        return self.placement.get("zone", "")

    def level(self) -> str:
        return self.placement.get("level", "")


@dataclass(slots=True)
class SiteData:
    root: Path
    standard: Standard
    organization: Organization
    branches: list[Branch]
    unscored: list[DossierResult] = field(default_factory=list)
    # Scored, but a reference the pages need does not resolve: not published at all.
    unresolved: list[tuple[DossierResult, list[Finding]]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    refs: list[DossierRef] = field(default_factory=list)  # every dossier found, in order

    @property
    def years(self) -> list[int]:
        return sorted({y for b in self.branches for y in b.years})


def collect(
    content: Path,
    schemas_dir: Path,
    *,
    today: date | None = None,
    jobs: int = 1,
    cache_dir: Path | None = None,
    progress: Callable[[Iterator[DossierResult], int], Iterable[DossierResult]] | None = None,
) -> SiteData:
    """Check and score every dossier under ``content`` and gather what the pages need.

    ``progress(results, count)`` wraps the engine's results (a progress bar, say)."""
    engine = Engine(schemas_dir, today, cache_dir)
    refs, _empty = discover([content])
    if not refs:
        raise CollectError(
            f"在 {display(content)} 下未找到台账（branches/<编号>/<年度>/dossier.yaml）"
        )
    organization = engine.organization(content)
    if organization is None:
        raise CollectError(f"{display(content)} 下没有 organization.yaml")
    data = SiteData(content, engine.standard, organization, [], refs=refs)
    data.findings.extend(organization.findings)
    branches: dict[str, Branch] = {}
    results: Iterable[DossierResult] = run(engine, refs, jobs)
    if progress is not None:
        results = progress(iter(results), len(refs))
    for ref, result in zip(refs, results, strict=True):
        if not (result.scored and result.year):
            data.unscored.append(result)
            continue
        broken = unresolved(result, organization)
        if broken:
            data.unresolved.append((result, broken))
            continue
        fingerprint = result.fingerprint()
        branch = branches.setdefault(result.branch, Branch(result.branch, "", {}))
        narratives = _narratives(ref, result, data.findings)
        load = _reader(engine, ref, result.key) if engine.cache is not None else None
        year = BranchYear(result, ref.year_dir, narratives, fingerprint, load)
        if load is None:
            result.detach()  # held: the decoded lists only, not also the dict and bytes
        year.release()  # with a cache, a city's results are not all held: read again
        branch.years[int(result.year or 0)] = year
    for branch in branches.values():
        branch.years = dict(sorted(branch.years.items()))
        latest = branch.latest.brief
        branch.name = latest.name or branch.code
        branch.placement = dict(latest.placement)
    data.branches = sorted(branches.values(), key=lambda b: b.code)
    return data


def _reader(
    engine: Engine, ref: DossierRef, key: str
) -> Callable[[], tuple[DossierResult, dict[str, Narrative]]]:
    """The full result of ``ref`` read again: the cache entry under ``key`` (the one it was
    read or written under), else whatever the engine finds for the files now."""

    def read() -> tuple[DossierResult, dict[str, Narrative]]:
        found = engine.cache.load_entry(key, result_from_entry) if engine.cache else None
        result = (found or engine.check(ref)).detach()
        return result, _narratives(ref, result, [])

    return read


def unresolved(result: DossierResult, organization: Organization) -> list[Finding]:
    """Why ``result`` cannot be placed on the site: its parent organization, that one's zone
    or level is not in organization.yaml (R005). The pages would otherwise carry a value
    that no check has vouched for; the branch is left out instead."""
    place = result.placement
    org_id = place.get("organization", "")
    placed = org_id in organization.organizations
    missing = [
        label
        for key, known, label in (
            ("zone", organization.zones, "责任区"),
            ("level", organization.levels, "层级"),
        )
        if place.get(key, "") not in known
    ]
    if placed and not missing:
        return []  # the result's findings need not be read
    found = [f for f in result.findings if f.code == "R005"]
    if not placed:
        if not found:
            found.append(
                Finding("R005", "上级党组织编号不在 organization.yaml 中", result.file, 0, 0)
            )
        return found
    found.extend(
        Finding("R005", f"上级党组织 {org_id} 的{label}不在 organization.yaml 中",
                organization.file, 0, 0)
        for label in missing
    )  # fmt: skip
    return found


def _narratives(
    ref: DossierRef, result: DossierResult, findings: list[Finding]
) -> dict[str, Narrative]:
    """The narratives the pages may render. One over the Markdown limits (the engine's F008,
    found when the dossier was checked) is left out with that finding (an error: `mkdocs
    build --strict` stops), rather than stalling the build.

    The findings of reading them (F001 unreadable, F004 encoding …) are the result's; the
    site repeats them among its own, to warn of a narrative it could not publish."""
    narratives = {}
    folder = display(ref.year_dir)  # once: it asks the system for the working folder
    in_narratives = result.narrative_findings()
    for name in NARRATIVE_FILES:
        file = f"{folder}/{name}"
        own = [f for f in in_narratives if f.file == file and f.code not in PII_CODES]
        excess = [f for f in own if f.code == "F008"]
        findings.extend(f for f in own if f.code != "F008")
        text = result.narratives.get(name)
        if text is None:
            continue
        if excess:
            findings.extend(
                Finding("F008", f.message + "，未发布", file, f.line, f.column) for f in excess
            )
            continue
        narratives[name] = Narrative(name, file, text)
    return narratives


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))
