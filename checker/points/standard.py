"""The party-member points standard (`schemas/points.yaml`): its 50 standards, the parts
the year's total is made of, the grade cut-offs, the one-third rule and who is not graded.

The standard is data; this module reads it, checks what the schema cannot (names refer to
things that exist, cut-offs fall) and gives the engine typed access to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from checker.core.findings import Finding, FindingsError
from checker.core.standards import POINTS_FILE, StandardsFolder
from checker.core.yamlload import Loaded


class PointsStandardError(FindingsError):
    """The points standard is missing or broken: no ledger can be computed against it."""


@dataclass(frozen=True, slots=True)
class Part:
    """One part of the year's total: daily points, the public evaluation, bonuses …"""

    id: str
    name: str
    source: str  # declarations | evaluations
    cap: Decimal | None
    points: Decimal | None  # what a full evaluation is worth
    prorate: bool
    subtract: bool


@dataclass(frozen=True, slots=True)
class PointsRule:
    """One of the standards a member declares against (P01 参加集中学习 …)."""

    id: str
    title: str
    requirement: str
    category: str
    part: str
    points: Decimal  # per occurrence
    month_cap: Decimal | None
    year_cap: Decimal | None
    evidence: bool
    evidence_hint: str
    veto: bool


@dataclass(frozen=True, slots=True)
class Grade:
    name: str
    min: Decimal


@dataclass(frozen=True, slots=True)
class PointsStandard:
    id: str
    version: str
    title: str
    parts: tuple[Part, ...]
    total_min: Decimal
    total_max: Decimal
    grades: tuple[Grade, ...]
    excellent_share_max: Fraction
    veto_grade: str
    ratings: dict[str, Decimal]  # 好 → 100 …
    missing_quarter: str  # zero | skip
    not_graded: dict[str, str]  # category id → name
    not_graded_notes: dict[str, str]  # category id → who it is for (description)
    not_graded_status: dict[str, str]  # roster status (预备党员) → the category it puts one in
    review_days: int
    categories: dict[str, tuple[str, str]]  # id → (name, part)
    rules: dict[str, PointsRule]
    digest: str

    @property
    def excellent(self) -> str:
        return self.grades[0].name

    def part(self, part_id: str) -> Part:
        return next(p for p in self.parts if p.id == part_id)

    def grade_for(self, total: Decimal, vetoed: bool) -> str:
        if vetoed:
            return self.veto_grade
        for grade in self.grades:
            if total >= grade.min:
                return grade.name
        return self.grades[-1].name


_CN = "零一二三四五六七八九十"


def share_words(share: Fraction) -> str:
    """1/3 → 三分之一 (digits past ten)."""

    def cn(n: int) -> str:
        return _CN[n] if n <= 10 else str(n)

    return f"{cn(share.denominator)}分之{cn(share.numerator)}"


def _dec(value: float | int | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def load_points_standard(folder: StandardsFolder) -> PointsStandard:
    """Read and check points.yaml; raise PointsStandardError with findings if it is broken."""
    if not (folder.path / POINTS_FILE).is_file() or "points" not in folder.schemas.raw:
        message = f"标准目录 {folder.path.as_posix()} 中没有党员积分标准（{POINTS_FILE}）"
        raise PointsStandardError([Finding("F001", message, POINTS_FILE, 0, 0)])
    loaded = folder.read_document(POINTS_FILE)
    if not loaded.ok:
        raise PointsStandardError(loaded.findings)
    errors = folder.schemas.validate("points", loaded)
    if errors:
        raise PointsStandardError(errors)
    standard = _build(loaded.data, folder.digest)
    problems = _consistency(standard, loaded)
    if problems:
        raise PointsStandardError(problems)
    return standard


def _build(data: dict, digest: str) -> PointsStandard:
    categories = {c["id"]: (c["name"], c["part"]) for c in data["categories"]}
    rules = {}
    for r in data["standards"]:
        _, part = categories.get(r["category"], ("", ""))
        rules[r["id"]] = PointsRule(
            id=r["id"],
            title=r["title"],
            requirement=r["requirement"],
            category=r["category"],
            part=part,
            points=Decimal(str(r["points"])),
            month_cap=_dec(r.get("month_cap")),
            year_cap=_dec(r.get("year_cap")),
            evidence=bool(r.get("evidence", False)),
            evidence_hint=r.get("evidence_hint", ""),
            veto=bool(r.get("veto", False)),
        )
    return PointsStandard(
        id=data["id"],
        version=data["version"],
        title=data["title"],
        parts=tuple(
            Part(
                p["id"],
                p["name"],
                p["source"],
                _dec(p.get("cap")),
                _dec(p.get("points")),
                bool(p.get("prorate", False)),
                bool(p.get("subtract", False)),
            )
            for p in data["parts"]
        ),
        total_min=Decimal(str(data["total"]["min"])),
        total_max=Decimal(str(data["total"]["max"])),
        grades=tuple(Grade(g["name"], Decimal(str(g["min"]))) for g in data["grades"]),
        excellent_share_max=Fraction(data["excellent_share_max"]),
        veto_grade=data["veto_grade"],
        ratings={k: Decimal(str(v)) for k, v in data["evaluation"]["ratings"].items()},
        missing_quarter=data["evaluation"]["missing_quarter"],
        not_graded={c["id"]: c["name"] for c in data["not_graded"]},
        not_graded_notes={c["id"]: c.get("description", "") for c in data["not_graded"]},
        not_graded_status={c["status"]: c["id"] for c in data["not_graded"] if c.get("status")},
        review_days=int(data["review_days"]),
        categories=categories,
        rules=rules,
        digest=digest,
    )


def _consistency(standard: PointsStandard, loaded: Loaded) -> list[Finding]:
    problems: list[Finding] = []

    def problem(parts: list, message: str) -> None:
        line, column = loaded.locate(parts)
        problems.append(Finding("S008", message, loaded.file, line, column))

    part_ids = [p.id for p in standard.parts]
    if len(set(part_ids)) != len(part_ids):
        problem(["parts"], "组成部分的编号重复")
    for index, part in enumerate(standard.parts):
        if part.source == "evaluations" and part.points is None:
            problem(["parts", index], f"群众评议部分“{part.name}”要写 points（满分折算的分值）")
    for index, (cid, (_, part)) in enumerate(standard.categories.items()):
        if part not in part_ids:
            problem(["categories", index, "part"], f"分组 {cid} 的部分“{part}”未定义")
    seen: set[str] = set()
    for index, rule in enumerate(loaded.data["standards"]):
        if rule["id"] in seen:
            problem(["standards", index, "id"], f"积分标准编号 {rule['id']} 重复")
        seen.add(rule["id"])
        if rule["category"] not in standard.categories:
            problem(["standards", index, "category"], f"分组“{rule['category']}”未定义")
    mins = [g.min for g in standard.grades]
    if mins != sorted(mins, reverse=True):
        problem(["grades"], "等次应按最低分从高到低排列")
    if standard.veto_grade not in [g.name for g in standard.grades]:
        problem(["veto_grade"], f"veto_grade 的值“{standard.veto_grade}”不是已定义的等次")
    if not 0 < standard.excellent_share_max <= 1:
        problem(["excellent_share_max"], "优秀的比例上限应大于 0、不超过 1")
    return problems
