"""Peer ratings between organizations and the committee members' ratings: a matrix of
rater × organization becomes one score per organization. An organization never rates
itself; with ``trim_from`` raters or more the highest and the lowest are dropped."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from checker.assessment.inputs import Document
from checker.assessment.scheme import Scheme
from checker.core.findings import Finding


@dataclass(frozen=True, slots=True)
class RatingScore:
    score: Decimal | None  # of the scheme's max; None: nobody rated the organization
    raters: int
    trimmed: bool  # the highest and the lowest were dropped


def rating_scores(
    document: Document | None, kind: str, organizations: list[str], scheme: Scheme
) -> tuple[dict[str, RatingScore], list[Finding]]:
    """``kind`` is ``peers`` (raters are organizations) or ``committee`` (raters are codes)."""
    findings: list[Finding] = []
    given: dict[str, list[Decimal]] = {org: [] for org in organizations}
    if document is not None and document.sound("raters"):
        seen: set[str] = set()
        for index, row in enumerate(document.data["raters"]):
            if not document.sound("raters", index):
                continue
            rater = str(row["rater"])
            if rater in seen:
                message = f"评分者 {rater} 出现了不止一次，只计第一次"
                findings.append(document.finding("K014", message, "raters", index, "rater"))
                continue
            seen.add(rater)
            if kind == "peers" and rater not in given:
                message = f"评分的党组织 {rater} 不在 organization.yaml 中"
                findings.append(document.finding("K009", message, "raters", index, "rater"))
                continue
            _row(document, index, rater, row["scores"], kind, given, scheme, findings)
    scores = {org: _score(values, scheme) for org, values in given.items()}
    return scores, findings


def _row(document, index, rater, scores, kind, given, scheme, findings) -> None:
    kept: list[Decimal] = []
    for ratee, value in scores.items():
        where = ("raters", index, "scores", ratee)
        if ratee not in given:
            message = f"{rater} 评分的党组织 {ratee} 不在 organization.yaml 中"
            findings.append(document.finding("K009", message, *where))
            continue
        if kind == "peers" and ratee == rater:
            message = f"{rater} 给自己打了分；互评中不给本组织打分，这一分不计"
            findings.append(document.finding("K002", message, *where))
            continue
        number = Decimal(str(value))
        if not scheme.rating_min <= number <= scheme.rating_max:
            message = (
                f"{rater} 给 {ratee} 的 {value} 分不在 {scheme.rating_min} 到 "
                f"{scheme.rating_max} 分之间，不计"
            )
            findings.append(document.finding("K001", message, *where))
            continue
        given[ratee].append(number)
        kept.append(number)
    expected = [org for org in given if not (kind == "peers" and org == rater)]
    missing = [org for org in expected if org not in scores]
    if missing:
        shown = "、".join(missing[:5]) + ("等" if len(missing) > 5 else "")
        message = f"评分者 {rater} 没有给 {len(missing)} 个党组织打分（{shown}）"
        findings.append(document.finding("K004", message, "raters", index, "scores"))
    if len(kept) >= 3 and len(set(kept)) == 1:
        message = f"评分者 {rater} 给所有党组织都打了 {kept[0]} 分，请核实是否认真评分"
        findings.append(document.finding("K003", message, "raters", index, "scores"))


def _score(values: list[Decimal], scheme: Scheme) -> RatingScore:
    if not values:
        return RatingScore(None, 0, False)
    ordered = sorted(values)
    trimmed = len(ordered) >= scheme.trim_from
    used = ordered[1:-1] if trimmed else ordered
    mean = sum(used, Decimal(0)) / len(used)
    return RatingScore(mean, len(values), trimmed)
