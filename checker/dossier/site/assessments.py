"""The committee's assessment of party organizations, for the site's 考核排名 page: the
assessment engine run on the dossier results the site already has, for each year with
inputs, then reduced at once to the composites. No rater, ballot, single rating or reason
(which can quote them) reaches the pages."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from checker.assessment.engine import assess_dossiers, assessment_years
from checker.assessment.results import OrganizationResult
from checker.assessment.scheme import SchemeError
from checker.core.ranking import Place
from checker.dossier.results import DossierResult
from checker.dossier.site.collect import SiteData


@dataclass(frozen=True, slots=True)
class Part:
    name: str
    weight: Decimal
    weighted: Decimal  # the score of 100 times the weight: what the total adds up
    missing: bool  # no input: counted as the scheme says


@dataclass(frozen=True, slots=True)
class Composite:
    organization: str
    name: str
    zone: str
    level: str
    parts: tuple[Part, ...]
    bonus: Decimal
    deduction: Decimal
    total: Decimal
    place: Place  # among all organizations of the year


@dataclass(frozen=True, slots=True)
class AssessedYear:
    year: int
    scheme: tuple[str, str]  # id, version
    components: tuple[tuple[str, Decimal], ...]  # name, weight, in the scheme's order
    composites: tuple[Composite, ...]  # best first, as `checker assess` lists them


def collect_assessments(
    content: Path, schemas: Path, data: SiteData, warnings: list[str], notices: list[str]
) -> list[AssessedYear]:
    """Each year under ``content/assessment/`` assessed; empty without such a folder. A
    scheme that cannot be read is a warning; the inputs' own findings are `checker assess`'s
    to explain, so the site only says how many there are."""
    years = assessment_years(content)
    if not years:
        return []
    dossiers = every_result(data)
    found = []
    for year in years:
        try:
            result = assess_dossiers(
                content, year, schemas, data.standard, data.organization, dossiers
            )
        except SchemeError as exc:
            reasons = "；".join(f.message for f in exc.findings)
            warnings.append(f"有考核输入，但考核方案无法读取，未生成考核排名页：{reasons}")
            return []
        if result.findings:
            count = len(result.findings)
            notices.append(
                f"{year}年度考核输入有 {count} 个问题（其中错误 {result.errors} 个），"
                f"用 `checker assess --year {year}` 查看"
            )
        if result.organizations:
            found.append(_reduced(result.year, result.scheme, result.organizations))
    return found


def every_result(data: SiteData) -> list[DossierResult]:
    """Every dossier the site scored, published or not: what `checker assess` would score."""
    results = [y.brief for b in data.branches for y in b.years.values()]
    results += data.unscored
    results += [r for r, _findings in data.unresolved]
    return results


def _reduced(year: int, scheme: tuple[str, str], orgs: list[OrganizationResult]) -> AssessedYear:
    composites = tuple(
        Composite(
            o.organization,
            o.name,
            o.zone,
            o.level,
            tuple(Part(c.name, c.weight, c.weighted, c.missing) for c in o.components),
            o.bonus,
            o.deduction,
            o.total,
            o.ranks["overall"],
        )
        for o in orgs
    )
    components = tuple((c.name, c.weight) for c in orgs[0].components)
    return AssessedYear(year, scheme, components, composites)
