"""Where an item's score comes from (auto, self, review), in every wording the outputs use.

One table: a new source, or a change of wording, is made here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ScoreSource:
    short: str  # terminal, Markdown and the site's badge: 自动
    description: str  # the site's legend and the badge's tooltip
    basis: str  # the Word report's column 计分依据: 台账数据
    change: str  # a CI delta, "计分来源由{change}改为{change}": 自动计分


SCORE_SOURCES: dict[str, ScoreSource] = {
    "auto": ScoreSource("自动", "由台账数据自动计算", "台账数据", "自动计分"),
    "self": ScoreSource("自评", "依据支部自评，受佐证材料限制", "支部自评", "自评"),
    "review": ScoreSource("核定", "督导组核定，覆盖自评分和自动计分", "督导组核定", "督导组核定"),
}


def score_source(source: str) -> ScoreSource:
    """The wordings of ``source``; an unknown one (a newer cache, say) shows as itself."""
    return SCORE_SOURCES.get(source) or ScoreSource(source, "", source, source)
