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
from checker.dossier.results import Attendance, DossierResult, EvidenceRef
from checker.dossier.standard import Standard


class CollectError(Exception):
    """Nothing to publish: no content root, no organization file, no dossier."""


@dataclass(frozen=True, slots=True)
class Narrative:
    name: str  # summary.md or highlights.md
    file: str  # as shown in findings
    text: str


@dataclass(slots=True)
class BranchYear:
    result: DossierResult
    year_dir: Path
    narratives: dict[str, Narrative] = field(default_factory=dict)
    fingerprint: str = ""  # of the result as scored: a page made from it is kept by it

    @property
    def year(self) -> int:
        return int(self.result.year or 0)

    @property
    def evidence(self) -> list[EvidenceRef]:
        return self.result.evidence

    @property
    def attendance(self) -> list[Attendance]:
        return self.result.attendance

    @property
    def private(self) -> list[str]:
        return self.result.private


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
    data = SiteData(content, engine.standard, organization, [])
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
        result.detach()  # keep the decoded lists only, not also the cached dict and bytes
        branch = branches.setdefault(result.branch, Branch(result.branch, "", {}))
        year = BranchYear(
            result,
            ref.year_dir,
            narratives=_narratives(ref, result, data.findings),
            fingerprint=fingerprint,
        )
        branch.years[int(result.year or 0)] = year
    for branch in branches.values():
        branch.years = dict(sorted(branch.years.items()))
        latest = branch.latest.result
        branch.name = latest.name or branch.code
        branch.placement = dict(latest.placement)
    data.branches = sorted(branches.values(), key=lambda b: b.code)
    return data


def unresolved(result: DossierResult, organization: Organization) -> list[Finding]:
    """Why ``result`` cannot be placed on the site: its parent organization, that one's zone
    or level is not in organization.yaml (R005). The pages would otherwise carry a value
    that no check has vouched for; the branch is left out instead."""
    place = result.placement
    org_id = place.get("organization", "")
    found = [f for f in result.findings if f.code == "R005"]
    if org_id not in organization.organizations:
        if not found:
            found.append(
                Finding("R005", "上级党组织编号不在 organization.yaml 中", result.file, 0, 0)
            )
        return found
    for key, known, label in (
        ("zone", organization.zones, "责任区"),
        ("level", organization.levels, "层级"),
    ):
        if place.get(key, "") not in known:
            found.append(
                Finding(
                    "R005",
                    f"上级党组织 {org_id} 的{label}不在 organization.yaml 中",
                    organization.file,
                    0,
                    0,
                )
            )
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
    for name in NARRATIVE_FILES:
        file = display(ref.year_dir / name)
        own = [f for f in result.findings if f.file == file and f.code not in PII_CODES]
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
