"""Item by item, what changed between two results of one dossier, and why."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from checker.dossier.report.text import number
from checker.dossier.results import DossierResult, ItemResult
from checker.dossier.sources import score_source


@dataclass(frozen=True, slots=True)
class ItemDelta:
    id: str
    title: str
    base: Decimal | None  # None: the item is new in the standard
    score: Decimal | None  # None: the item left the standard
    reasons: tuple[str, ...]

    @property
    def change(self) -> Decimal:
        return (self.score or Decimal(0)) - (self.base or Decimal(0))

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "base": None if self.base is None else float(self.base),
            "score": None if self.score is None else float(self.score),
            "change": float(self.change),
            "reasons": list(self.reasons),
        }


def item_deltas(base: DossierResult, current: DossierResult) -> list[ItemDelta]:
    """Items whose score (or points) differ, in the order of the current standard.

    Points lost are explained by the findings the new result has and the old one had not;
    points gained by the old findings that no longer hold.
    """
    if not (base.scored and current.scored):
        return []
    before = {item.id: item for item in base.items}
    now = {item.id: item for item in current.items}
    order = [item.id for item in current.items]
    order += [item.id for item in base.items if item.id not in now]
    deltas = []
    for item_id in order:
        old, new = before.get(item_id), now.get(item_id)
        if old is not None and new is not None:
            if old.score == new.score and old.max == new.max:
                continue
            reasons = _reasons(old, new)
        elif new is not None:
            reasons = (f"标准新增的条目（满分 {number(new.max)}）",)
        else:
            assert old is not None
            reasons = ("该条目已从标准中删除",)
        shown = new or old
        assert shown is not None
        deltas.append(
            ItemDelta(
                item_id,
                shown.title,
                None if old is None else old.score,
                None if new is None else new.score,
                reasons,
            )
        )
    return deltas


def _messages(item: ItemResult) -> list[str]:
    return [f"{f.code} {f.message}" for f in item.findings]


def _reasons(old: ItemResult, new: ItemResult) -> tuple[str, ...]:
    reasons: list[str] = []
    if old.max != new.max:
        reasons.append(f"标准调整：满分由 {number(old.max)} 改为 {number(new.max)}")
    before, after = _messages(old), _messages(new)
    if new.score < old.score:
        reasons += [m for m in after if m not in before] or after
    elif new.score > old.score:
        reasons += [f"已消除：{m}" for m in before if m not in after]
    if new.source != old.source:
        reasons.append(
            f"计分来源由{score_source(old.source).change}改为{score_source(new.source).change}"
        )
    if not reasons:
        reasons.append("计分规则或阈值有调整")
    return tuple(dict.fromkeys(reasons))
