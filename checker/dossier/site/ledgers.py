"""The points ledgers beside the dossiers, for the site's 党员积分 pages: computed by the
points engine, then reduced to counts at once. The pages never see a member's result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from checker.dossier.site.collect import SiteData
from checker.points.engine import PointsEngine
from checker.points.layout import ledgers_of
from checker.points.standard import PointsStandard, PointsStandardError
from checker.points.summary import Placement, YearSummary, summarize_ledgers


@dataclass(frozen=True, slots=True)
class PointsData:
    standard: PointsStandard
    years: list[YearSummary]  # ascending; empty when no branch keeps a ledger


def collect_points(
    schemas: Path, today: date | None, data: SiteData, warnings: list[str]
) -> PointsData | None:
    """The ledgers' summary; None (no 党员积分 pages) without a points standard. A ledger
    that cannot be computed is a warning, as an unscored dossier is; a ledger of a branch
    the site does not publish is left out with it."""
    refs = ledgers_of(data.refs)  # the dossiers the scores came from: no second walk
    try:
        engine = PointsEngine(schemas, today)
    except PointsStandardError as exc:
        if refs:
            reasons = "；".join(f.message for f in exc.findings)
            warnings.append(
                f"有 {len(refs)} 份积分台账，但积分标准无法读取，未生成党员积分页：{reasons}"
            )
        return None
    placements = {b.code: Placement(b.zone(), b.level()) for b in data.branches}
    results = []
    for ref in refs:
        result = engine.check(ref)
        if not result.computed:
            warnings.append(
                f"{result.file}：积分台账有错误，无法计算，未列入党员积分汇总；"
                f"用 `checker points {result.file}` 查看"
            )
        results.append(result)
    return PointsData(engine.standard, summarize_ledgers(results, engine.standard, placements))
