"""`checker assess`: every party organization's composite for a year — each component's
score and weight, bonus and deduction, the total and its ranks (overall, in its zone, at
its level; ties share a place) — from the year's inputs and the branches' dossiers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path

from checker.assessment.inputs import (
    ASSESSMENT_DIR,
    ORGANIZATIONS_DIR,
    Inputs,
    load_inputs,
    year_folder,
)
from checker.assessment.parts import ballot_score, claims, target_score
from checker.assessment.ratings import RatingScore, rating_scores
from checker.assessment.results import Assessment, ComponentScore, OrganizationResult, number
from checker.assessment.rollup import rollups, trajectory
from checker.assessment.scheme import Scheme, load_scheme
from checker.core.findings import Finding
from checker.core.organization import Organization
from checker.core.paths import ORGANIZATION_FILE, display
from checker.core.ranking import rank
from checker.core.standards import StandardsFolder
from checker.dossier.engine import Engine, run
from checker.dossier.layout import discover
from checker.dossier.results import DossierResult
from checker.dossier.standard import Standard

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def assess(root: Path, year: int, schemas: Path, today: date, jobs: int = 1) -> Assessment:
    folder = StandardsFolder(schemas)
    scheme = load_scheme(folder)
    engine = Engine(schemas, today, None)
    organization = engine.organization(root)
    if organization is None:
        result = Assessment(year, (scheme.id, scheme.version), scheme_title=scheme.title)
        file = display(root / ORGANIZATION_FILE)
        result.findings.append(Finding("F001", f"找不到 {file}", file, 0, 0))
        return result
    dossiers = run(engine, discover([root])[0], jobs)
    return _assess(root, year, folder, scheme, engine.standard, organization, dossiers)


def assess_dossiers(
    root: Path,
    year: int,
    schemas: Path,
    standard: Standard,
    organization: Organization,
    dossiers: Iterable[DossierResult],
) -> Assessment:
    """The same as ``assess``, from dossier results already at hand (the site scored them
    once for its own pages): every dossier under ``root``, scored or not."""
    folder = StandardsFolder(schemas)
    return _assess(root, year, folder, load_scheme(folder), standard, organization, dossiers)


def assessment_years(root: Path) -> list[int]:
    """The years that have an assessment folder under ``root``, ascending."""
    base = root / ASSESSMENT_DIR
    if base.is_symlink() or not base.is_dir():
        return []
    return sorted(
        int(p.name)
        for p in base.iterdir()
        if p.name.isdigit() and len(p.name) == 4 and p.is_dir() and not p.is_symlink()
    )


def _assess(
    root: Path,
    year: int,
    folder: StandardsFolder,
    scheme: Scheme,
    standard: Standard,
    organization: Organization,
    dossiers: Iterable[DossierResult],
) -> Assessment:
    result = Assessment(year, (scheme.id, scheme.version), scheme_title=scheme.title)
    by_year: dict[int, list[DossierResult]] = defaultdict(list)
    for dossier in dossiers:
        if dossier.year is not None:
            by_year[dossier.year].append(dossier)
    branches = by_year.get(year, [])
    result.rollups = rollups(branches, organization, year)
    result.trajectory = trajectory(by_year, organization)
    max_bytes = int(standard.settings["max_yaml_bytes"])
    inputs = load_inputs(root, year, folder.schemas, max_bytes)
    result.findings.extend(inputs.findings)
    orgs = list(organization.organizations)
    _unknown_and_missing(inputs, orgs, year, root, result.findings)
    rated: dict[str, dict[str, RatingScore]] = {}
    for kind in ("peers", "committee"):
        rated[kind], findings = rating_scores(inputs.ratings.get(kind), kind, orgs, scheme)
        result.findings.extend(findings)
    evidence = (
        list(standard.settings["evidence_types"]),
        int(standard.settings["max_evidence_bytes"]),
    )
    by_org = defaultdict(list)
    for branch in branches:
        by_org[branch.placement.get("organization", "")].append(branch)
    for org_id in orgs:
        result.organizations.append(
            _organization(org_id, organization, scheme, inputs, rated, by_org[org_id], evidence,
                          result.findings)
        )  # fmt: skip
    _fill_missing(result.organizations, scheme)
    _rank(result.organizations)
    return result


def _unknown_and_missing(inputs: Inputs, orgs: list[str], year: int, root: Path, out) -> None:
    for org_id, document in inputs.organizations.items():
        if org_id not in orgs:
            message = f"党组织 {org_id} 不在 organization.yaml 中，它的考核输入不计"
            out.append(document.finding("K009", message, "organization"))
    for org_id in orgs:
        if org_id not in inputs.organizations:
            path = year_folder(root, year) / ORGANIZATIONS_DIR / f"{org_id}.yaml"
            message = f"党组织 {org_id} 没有 {year} 年度的考核输入（{display(path)}）"
            out.append(Finding("K008", message, display(path), 0, 0))


def _organization(
    org_id, organization: Organization, scheme: Scheme, inputs: Inputs, rated,
    branches: list[DossierResult], evidence, findings: list[Finding],
) -> OrganizationResult:  # fmt: skip
    placement = organization.placement(org_id)
    result = OrganizationResult(
        org_id, placement["organization_name"], placement["zone"], placement["level"]
    )
    document = inputs.organizations.get(org_id)
    members = sum(b.facts.members for b in branches if b.facts is not None) or None
    for component in scheme.components:
        score, reasons, found = _component(component.source, org_id, document, scheme,
                                           rated, branches, members)  # fmt: skip
        findings.extend(found)
        result.reasons.extend(reasons)
        missing = score is None
        if missing and scheme.missing == "zero":
            result.reasons.append(f"{component.name}没有输入，按 0 分计")
        result.components.append(
            ComponentScore(component.id, component.name, component.weight, score or ZERO, missing)
        )
    bonus, deduction, reasons, found = claims(document, scheme, inputs.year_dir, evidence)
    result.bonus, result.deduction = bonus, deduction
    result.reasons.extend(reasons)
    findings.extend(found)
    return result


def _component(source, org_id, document, scheme: Scheme, rated, branches, members):
    if source == "targets":
        return target_score(document, scheme)
    if source == "ballots":
        return ballot_score(document, scheme, members)
    if source == "branches":
        return _standardization(branches, scheme)
    got: RatingScore = rated[source][org_id]
    if got.score is None:
        return None, [], []
    score = (got.score - scheme.rating_min) / (scheme.rating_max - scheme.rating_min) * HUNDRED
    trimmed = "，去掉一个最高分和一个最低分" if got.trimmed else ""
    label = "定量互评" if source == "peers" else "量化测评"
    return score, [f"{label} {got.raters} 人评分{trimmed}，平均 {number(got.score)} 分"], []


def _standardization(branches: list[DossierResult], scheme: Scheme):
    scored = [b for b in branches if b.scored]
    if not scored:
        return None, [], []
    compliant = sum(b.compliant for b in scored)
    share = Decimal(compliant) / len(scored)
    average = sum((b.total / b.max for b in scored), ZERO) / len(scored)
    score = HUNDRED * (share * scheme.share_weight + average * scheme.average_weight)
    reason = (
        f"所属 {len(scored)} 个支部中 {compliant} 个达标及以上，"
        f"平均 {number(average * HUNDRED)} 分（满分折合 100 分）"
    )
    return score, [reason], []


def _fill_missing(results: list[OrganizationResult], scheme: Scheme) -> None:
    """A component without input counts as the scheme says: zero, or the average of the
    organizations that have it."""
    if scheme.missing != "average":
        return
    for index, component in enumerate(scheme.components):
        present = [r.components[index].score for r in results if not r.components[index].missing]
        if not present:
            continue
        mean = sum(present, ZERO) / len(present)
        for result in results:
            if result.components[index].missing:
                result.components[index].score = mean
                result.reasons.append(f"{component.name}没有输入，按各党组织的平均分计")


def _rank(results: list[OrganizationResult]) -> None:
    for org, place in rank(results, key=lambda r: -r.total, then=lambda r: r.organization):
        org.ranks["overall"] = place
    for key in ("zone", "level"):
        groups = defaultdict(list)
        for result in results:
            groups[getattr(result, key)].append(result)
        for group in groups.values():
            for org, place in rank(group, key=lambda r: -r.total, then=lambda r: r.organization):
                org.ranks[key] = place
    results.sort(key=lambda r: (r.ranks["overall"].rank, r.organization))
