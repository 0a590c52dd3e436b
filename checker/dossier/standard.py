"""The standard: aspects, items, points, rules, grades and settings, read from `schemas/`.

The standard is data. This module only reads it, checks that it is consistent (the schema
first, then what a schema cannot say: points add up to the total, names refer to things
that exist) and gives the engine typed access to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from checker.core.findings import Finding, FindingsError
from checker.core.standards import StandardsFolder


class StandardError(FindingsError):
    """The standard itself is broken: nothing can be scored against it."""


@dataclass(frozen=True, slots=True)
class Rule:
    kind: str
    params: dict[str, Any]
    weight: Decimal


@dataclass(frozen=True, slots=True)
class NotApplicable:
    fact: str
    args: dict[str, Any]
    equals: float
    description: str


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    title: str
    requirement: str
    points: Decimal
    aspect: str
    evidence_hint: str
    rules: tuple[Rule, ...]
    not_applicable: NotApplicable | None


@dataclass(frozen=True, slots=True)
class Aspect:
    id: str
    name: str
    items: tuple[Item, ...]

    @property
    def points(self) -> Decimal:
        return sum((item.points for item in self.items), Decimal(0))


@dataclass(frozen=True, slots=True)
class Grade:
    name: str
    min: Decimal


@dataclass(slots=True)
class Standard:
    id: str
    version: str
    title: str
    total: Decimal
    grades: tuple[Grade, ...]
    veto_grade: str
    compliant_from: str
    settings: dict[str, Any]
    record_types: dict[str, bool]
    aspects: tuple[Aspect, ...]
    source: StandardsFolder  # the folder it was read from: its schemas, private fields
    items: dict[str, Item] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.items = {item.id: item for aspect in self.aspects for item in aspect.items}

    @property
    def folder(self) -> Path:
        return self.source.path

    @property
    def digest(self) -> str:
        """The standards folder's digest (standard.yaml and every schema)."""
        return self.source.digest

    def grade_for(self, total: Decimal, vetoed: bool) -> str:
        if vetoed:
            return self.veto_grade
        for grade in self.grades:
            if total >= grade.min:
                return grade.name
        return self.grades[-1].name

    def grade_index(self, grade: str) -> int:
        """The grade's place, best first (0); an unknown grade comes after the worst."""
        names = [g.name for g in self.grades]
        return names.index(grade) if grade in names else len(names)

    def is_compliant(self, grade: str) -> bool:
        return grade in self.grade_names and self.grade_index(grade) <= self.grade_index(
            self.compliant_from
        )

    @property
    def grade_names(self) -> tuple[str, ...]:
        return tuple(g.name for g in self.grades)


def load_standard(folder: Path | StandardsFolder) -> Standard:
    """Read and check `folder/standard.yaml`; raise StandardError with findings if broken."""
    source = folder if isinstance(folder, StandardsFolder) else StandardsFolder(folder)
    loaded = source.read_standard()
    if not loaded.ok:
        raise StandardError(loaded.findings)
    errors = source.schemas.validate("standard", loaded)
    if errors:
        raise StandardError(errors)
    data = loaded.data
    standard = Standard(
        id=data["id"],
        version=data["version"],
        title=data["title"],
        total=_dec(data["total"]),
        grades=tuple(Grade(g["name"], _dec(g["min"])) for g in data["grades"]),
        veto_grade=data["veto_grade"],
        compliant_from=data["compliant_from"],
        settings=dict(data["settings"]),
        record_types={r["name"]: r["attendance"] for r in data["record_types"]},
        aspects=tuple(_aspect(a) for a in data["aspects"]),
        source=source,
    )
    problems = _consistency(standard, loaded)
    if problems:
        raise StandardError(problems)
    return standard


def _aspect(data: dict) -> Aspect:
    return Aspect(data["id"], data["name"], tuple(_item(i, data["id"]) for i in data["items"]))


def _item(data: dict, aspect: str) -> Item:
    na = data.get("not_applicable")
    return Item(
        id=data["id"],
        title=data["title"],
        requirement=data["requirement"],
        points=_dec(data["points"]),
        aspect=aspect,
        evidence_hint=data.get("evidence_hint", ""),
        rules=tuple(
            Rule(
                r["kind"],
                {k: v for k, v in r.items() if k not in ("kind", "weight")},
                _dec(r.get("weight", 1)),
            )
            for r in data["rules"]
        ),
        not_applicable=(
            NotApplicable(na["fact"], dict(na.get("args", {})), na["equals"], na["description"])
            if na
            else None
        ),
    )


def _dec(value: float | int) -> Decimal:
    return Decimal(str(value))


def _consistency(standard: Standard, loaded: Any) -> list[Finding]:
    from checker.dossier.facts import (
        FACTS,  # facts sit above the standard; imported only to check names
    )

    problems: list[Finding] = []

    def problem(parts: list, message: str) -> None:
        line, column = loaded.locate(parts)
        problems.append(Finding("S008", message, loaded.file, line, column))

    points = sum((a.points for a in standard.aspects), Decimal(0))
    if points != standard.total:
        problem(["total"], f"各条目分值之和为 {points}，与满分 {standard.total} 不一致")
    names = [g.name for g in standard.grades]
    if [g.min for g in standard.grades] != sorted((g.min for g in standard.grades), reverse=True):
        problem(["grades"], "等次应按最低分从高到低排列")
    for key in ("veto_grade", "compliant_from"):
        if getattr(standard, key) not in names:
            problem([key], f"{key} 的值“{getattr(standard, key)}”不是已定义的等次")
    seen: set[str] = set()
    for a_index, aspect in enumerate(standard.aspects):
        for i_index, item in enumerate(aspect.items):
            where = ["aspects", a_index, "items", i_index]
            if item.id in seen:
                problem([*where, "id"], f"条目编号 {item.id} 重复")
            seen.add(item.id)
            if not item.id.startswith(aspect.id + "."):
                problem([*where, "id"], f"条目编号 {item.id} 应以所属方面编号 {aspect.id}. 开头")
            for r_index, rule in enumerate(item.rules):
                kind_type = rule.params.get("type")
                if kind_type is not None and kind_type not in standard.record_types:
                    problem(
                        [*where, "rules", r_index, "type"],
                        f"记录类型“{kind_type}”未在 record_types 中定义",
                    )
                fact = rule.params.get("fact")
                if fact is not None and fact not in FACTS:
                    problem([*where, "rules", r_index, "fact"], f"未知的事实 {fact}")
    return problems
