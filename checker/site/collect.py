"""Walk a content tree with the engine: what the site shows, gathered once.

The scores are the engine's results, the very objects `checker score` prints. Beside them
the site needs a few things the results do not carry: the narratives (summary.md,
highlights.md), the evidence each dossier cites, the meetings' attendance as counts, and the
values of the branch's private fields, so that the privacy scanner can look for them in the
text the site publishes. These are read here, once per dossier, and cached by content hash
like the results.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from checker import __version__
from checker.bundle import _cited_paths as cited_paths  # see the report: a public name wanted
from checker.cache import ResultCache, base_digest, cache_key
from checker.content import (
    BRANCH_FILE,
    NARRATIVE_FILES,
    REVIEW_FILE,
    DossierRef,
    discover,
    display,
)
from checker.engine import Engine, run
from checker.findings import Finding
from checker.organization import Organization
from checker.results import DossierResult
from checker.site.privacy import PrivateField, private_fields, private_values
from checker.standard import Standard
from checker.yamlload import load_yaml, read_text

EXTRAS_VERSION = f"{__version__}/site-extras-1"


class CollectError(Exception):
    """Nothing to publish: no content root, no organization file, no dossier."""


@dataclass(frozen=True, slots=True)
class Evidence:
    path: str  # as cited, relative to the year folder
    kind: str  # the extension, lower case
    cited_by: tuple[str, ...]  # what cites it, in words: "A3.2", "3月26日党课记录"
    line: int  # the first citation's line in dossier.yaml


@dataclass(frozen=True, slots=True)
class Attendance:
    type: str
    count: int
    expected: int  # sums over the meetings of this type that record attendance
    present: int


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
    evidence: list[Evidence] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)
    private: list[str] = field(default_factory=list)

    @property
    def year(self) -> int:
        return int(self.result.year or 0)


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
) -> SiteData:
    """Check and score every dossier under ``content`` and gather what the pages need."""
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
    scored: list[tuple[DossierRef, DossierResult]] = []
    for ref, result in zip(refs, run(engine, refs, jobs), strict=True):
        if result.scored and result.year:
            scored.append((ref, result))
        else:
            data.unscored.append(result)
    fields = private_fields(schemas_dir)
    extras = _extras_for(engine, [ref for ref, _ in scored], fields, jobs, cache_dir)
    branches: dict[str, Branch] = {}
    max_md = int(engine.standard.settings["max_markdown_bytes"])
    for (ref, result), extra in zip(scored, extras, strict=True):
        branch = branches.setdefault(result.branch, Branch(result.branch, "", {}))
        year = BranchYear(
            result,
            ref.year_dir,
            narratives=_narratives(ref, max_md, data.findings),
            evidence=[
                Evidence(e["path"], e["kind"], tuple(e["cited_by"]), e["line"])
                for e in extra["evidence"]
            ],
            attendance=[Attendance(**a) for a in extra["attendance"]],
            private=list(extra["private"]),
        )
        branch.years[int(result.year or 0)] = year
    for branch in branches.values():
        branch.years = dict(sorted(branch.years.items()))
        latest = branch.latest.result
        branch.name = latest.name or branch.code
        branch.placement = dict(latest.placement)
    data.branches = sorted(branches.values(), key=lambda b: b.code)
    return data


def _narratives(ref: DossierRef, max_bytes: int, findings: list[Finding]) -> dict[str, Narrative]:
    narratives = {}
    for name in NARRATIVE_FILES:
        path = ref.year_dir / name
        if path.is_file():
            file = display(path)
            text = read_text(path, file, max_bytes, findings)
            if text is not None:
                narratives[name] = Narrative(name, file, text)
    return narratives


def _extras_for(
    engine: Engine,
    refs: list[DossierRef],
    fields: list[PrivateField],
    jobs: int,
    cache_dir: Path | None,
) -> list[dict]:
    cache = ResultCache(cache_dir / "site") if cache_dir else None
    keys = [
        cache_key(ref, base_digest(EXTRAS_VERSION, engine.standard.digest, ref.root), engine.today)
        if cache
        else ""
        for ref in refs
    ]
    found: list[dict | None] = [cache.get(k) if cache else None for k in keys]
    missing = [i for i, value in enumerate(found) if value is None]
    max_bytes = int(engine.standard.settings["max_yaml_bytes"])
    tasks = [(refs[i], max_bytes, fields) for i in missing]
    if jobs > 1 and len(tasks) >= 4 * jobs:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        with context.Pool(jobs) as pool:
            computed = pool.map(_extract_task, tasks, chunksize=max(1, len(tasks) // (jobs * 8)))
    else:
        computed = [_extract_task(task) for task in tasks]
    for index, extra in zip(missing, computed, strict=True):
        found[index] = extra
        if cache is not None:
            cache.put(keys[index], extra)
    return [extra or _EMPTY for extra in found]


_EMPTY: dict = {"evidence": [], "attendance": [], "private": []}


def _extract_task(task: tuple[DossierRef, int, list[PrivateField]]) -> dict:
    ref, max_bytes, fields = task
    return extract(ref, max_bytes, fields)


def extract(ref: DossierRef, max_bytes: int, fields: Iterable[PrivateField]) -> dict:
    """Cited evidence, attendance counts and private values of one (valid) dossier."""
    fields = list(fields)
    loaded = load_yaml(ref.dossier, display(ref.dossier), max_bytes)
    data = loaded.data if isinstance(loaded.data, dict) else None
    if data is None:
        return dict(_EMPTY)
    evidence: dict[str, dict] = {}
    for path, parts in cited_paths(data):
        entry = evidence.get(path)
        label = _citation(data, parts)
        if entry is None:
            line, _column = loaded.locate(parts)
            kind = path.rsplit(".", 1)[-1].lower() if "." in path else ""
            evidence[path] = {"path": path, "kind": kind, "cited_by": [label], "line": line}
        elif label not in entry["cited_by"]:
            entry["cited_by"].append(label)
    attendance: dict[str, dict] = {}
    for activity in data.get("activities") or []:
        kind = str(activity.get("type", ""))
        row = attendance.setdefault(kind, {"type": kind, "count": 0, "expected": 0, "present": 0})
        row["count"] += 1
        if "expected" in activity and "present" in activity:
            row["expected"] += int(activity["expected"])
            row["present"] += int(activity["present"])
    private = set(private_values(fields, "dossier", data))
    for kind, path in (
        ("branch", ref.branch_dir / BRANCH_FILE),
        ("review", ref.year_dir / REVIEW_FILE),
    ):
        if path.is_file():
            other = load_yaml(path, display(path), max_bytes).data
            private.update(private_values(fields, kind, other))
    return {
        "evidence": list(evidence.values()),
        "attendance": sorted(attendance.values(), key=lambda r: (-r["count"], r["type"])),
        "private": sorted(private),
    }


def _citation(data: dict, parts: list) -> str:
    if parts[0] == "items":
        return str(parts[1])
    if parts[0] == "committee":
        return "支委会换届批复"
    activity = (data.get("activities") or [])[parts[1]]
    day = str(activity.get("date", ""))
    when = f"{int(day[5:7])}月{int(day[8:10])}日" if len(day) == 10 and day[4] == "-" else day
    what = "记录" if parts[2] == "minutes" else "材料"
    return f"{when}{activity.get('type', '')}{what}"


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))
