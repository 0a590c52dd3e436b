"""The standard's rules in plain Chinese for the site: the rule kinds say it (never hand-written
here), and this module adds the site's legend of score sources."""

from __future__ import annotations

from checker.dossier.rules import describe_item, describe_rule

SOURCES = {
    "auto": ("自动", "由台账数据自动计算"),
    "self": ("自评", "依据支部自评，受佐证材料限制"),
    "review": ("核定", "督导组核定，覆盖自评分和自动计分"),
}

__all__ = ["SOURCES", "describe_item", "describe_rule"]
