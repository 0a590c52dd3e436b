"""The assessment scheme (`schemas/assessment.yaml`): components and weights, the target
items and their maxima, how branches, ballots and ratings become scores, bonus and
deduction items. Read and checked here; the engine gets typed access."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from checker.core.findings import Finding, FindingsError
from checker.core.standards import ASSESSMENT_FILE, StandardsFolder
from checker.core.yamlload import Loaded


class SchemeError(FindingsError):
    """The scheme is missing or broken: nothing can be assessed against it."""


@dataclass(frozen=True, slots=True)
class Component:
    id: str
    name: str
    weight: Decimal
    source: str  # targets | branches | ballots | peers | committee


@dataclass(frozen=True, slots=True)
class Target:
    id: str
    name: str
    kind: str
    max: Decimal


@dataclass(frozen=True, slots=True)
class Adjustment:
    """A bonus or deduction item."""

    id: str
    name: str
    points: Decimal
    cap: Decimal | None
    evidence: bool


@dataclass(frozen=True, slots=True)
class Scheme:
    id: str
    version: str
    title: str
    components: tuple[Component, ...]
    targets: dict[str, Target]
    share_weight: Decimal
    average_weight: Decimal
    ratings: dict[str, Decimal]  # ballot rating → score of 100
    questions: dict[str, str]
    rating_min: Decimal
    rating_max: Decimal
    trim_from: int
    bonus_cap: Decimal
    bonus: dict[str, Adjustment]
    deduction: dict[str, Adjustment]
    missing: str  # zero | average


def _d(value: float | int | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _adjustments(rows: list[dict]) -> dict[str, Adjustment]:
    return {
        r["id"]: Adjustment(
            r["id"], r["name"], Decimal(str(r["points"])), _d(r.get("cap")), bool(r.get("evidence"))
        )
        for r in rows
    }


def load_scheme(folder: StandardsFolder) -> Scheme:
    """Read and check assessment.yaml; raise SchemeError with findings if it is broken."""
    if not (folder.path / ASSESSMENT_FILE).is_file() or "assessment" not in folder.schemas.raw:
        message = f"标准目录 {folder.path.as_posix()} 中没有年度考核方案（{ASSESSMENT_FILE}）"
        raise SchemeError([Finding("F001", message, ASSESSMENT_FILE, 0, 0)])
    loaded = folder.read_document(ASSESSMENT_FILE)
    if not loaded.ok:
        raise SchemeError(loaded.findings)
    errors = folder.schemas.validate("assessment", loaded)
    if errors:
        raise SchemeError(errors)
    data = loaded.data
    scheme = Scheme(
        id=data["id"],
        version=data["version"],
        title=data["title"],
        components=tuple(
            Component(c["id"], c["name"], Decimal(str(c["weight"])), c["source"])
            for c in data["components"]
        ),
        targets={
            t["id"]: Target(t["id"], t["name"], t["kind"], Decimal(str(t["max"])))
            for t in data["targets"]
        },
        share_weight=Decimal(str(data["standardization"]["share"])),
        average_weight=Decimal(str(data["standardization"]["average"])),
        ratings={k: Decimal(str(v)) for k, v in data["ballots"]["ratings"].items()},
        questions={q["id"]: q["text"] for q in data["ballots"]["questions"]},
        rating_min=Decimal(str(data["ratings"]["min"])),
        rating_max=Decimal(str(data["ratings"]["max"])),
        trim_from=int(data["ratings"]["trim_from"]),
        bonus_cap=Decimal(str(data["bonus_cap"])),
        bonus=_adjustments(data["bonus"]),
        deduction=_adjustments(data["deduction"]),
        missing=data["missing"],
    )
    problems = _consistency(scheme, loaded)
    if problems:
        raise SchemeError(problems)
    return scheme


def _consistency(scheme: Scheme, loaded: Loaded) -> list[Finding]:
    problems: list[Finding] = []

    def problem(parts: list, message: str) -> None:
        line, column = loaded.locate(parts)
        problems.append(Finding("S008", message, loaded.file, line, column))

    weights = sum((c.weight for c in scheme.components), Decimal(0))
    if weights != 1:
        problem(["components"], f"各部分的权重之和为 {weights}，应为 1")
    ids = [c.id for c in scheme.components]
    if len(set(ids)) != len(ids):
        problem(["components"], "组成部分的编号重复")
    maxima = sum((t.max for t in scheme.targets.values()), Decimal(0))
    if maxima != 100:
        problem(["targets"], f"目标任务各项满分之和为 {maxima}，应为 100")
    if scheme.share_weight + scheme.average_weight != 1:
        problem(["standardization"], "share 与 average 之和应为 1")
    if scheme.rating_min >= scheme.rating_max:
        problem(["ratings"], "ratings 的 min 应小于 max")
    return problems
