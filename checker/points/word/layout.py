"""The layout of the monthly points form, shared by the generator and the importer.

The form holds five tables in a fixed order: the cover (branch and month), the members of
the branch (for reference), the declarations with their review (one row each, the table a
person fills in), the review (date and who reviewed) and the standards (for reference).
The marker names the points standard's id and version and a digest of everything that
decides where a value lives, so a form made for another standard or layout is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.core.word.marker import shape_digest
from checker.core.word.style import LANDSCAPE_TEXT_WIDTH_MM
from checker.points.standard import PointsStandard

FORM_VERSION = "1"
MARKER_PREFIX = "checker-points-form/"
MARKER = re.compile(
    r"checker-points-form/(?P<form>[0-9A-Za-z.]+);standard=(?P<id>[^;\s]+);"
    r"version=(?P<version>[^;\s]+);layout=(?P<layout>[0-9a-f]{12})"
)


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the declarations table: the key it fills and how its text is read."""

    key: str
    label: str
    kind: str  # id code date int text paths choice
    width: float


# The declarations table, in the order of the schema's declaration (points-month.schema).
COLUMNS = (
    Column("member", "党员编号", "id", 15),
    Column("standard", "积分标准编号", "code", 17),
    Column("date", "日期", "date", 27),
    Column("count", "次数", "int", 11),
    Column("note", "说明", "text", 40),
    Column("evidence", "佐证材料", "paths", 36),
    Column("result", "审核结果", "choice", 18),
    Column("approved", "认定次数", "int", 15),
    Column("reason", "理由", "text", 38),
)
RESULTS = ("通过", "调整", "不通过")
REQUIRED = ("member", "standard", "date")

COVER_ROWS = ("支部编号", "支部名称", "月份")
REVIEW_ROWS = ("审核日期", "审核者（职务或会议）")
MEMBER_HEADER = ("党员编号", "姓名")
STANDARD_HEADER = ("编号", "名称", "每次分值", "每月上限")
DECLARATIONS_TITLE = "党员积分申报和支部审核"

# Tables by their place (0-based), as the importer reads them.
COVER, MEMBERS, DECLARATIONS, REVIEW, STANDARDS = range(5)
TABLE_COUNT = 5
FIRST_DATA_ROW = 3  # declarations: a title row and the header come first
BLANK_ROWS = 8


def _widths(relative: tuple[float, ...], total: float) -> tuple[float, ...]:
    scale = total / sum(relative)
    return tuple(round(w * scale, 1) for w in relative)


DECLARATION_WIDTHS = _widths(tuple(c.width for c in COLUMNS), LANDSCAPE_TEXT_WIDTH_MM)


def digest(standard: PointsStandard) -> str:
    """12 hex digits over what decides where a value lives and how it counts."""
    shape = {
        "form": FORM_VERSION,
        "columns": [[c.key, c.label, c.kind] for c in COLUMNS],
        "cover": COVER_ROWS,
        "review": REVIEW_ROWS,
        "results": RESULTS,
        "standards": [
            [r.id, r.title, str(r.points), str(r.month_cap)] for r in standard.rules.values()
        ],
    }
    return shape_digest(shape)


def marker(standard: PointsStandard) -> str:
    return (
        f"{MARKER_PREFIX}{FORM_VERSION};standard={standard.id};version={standard.version};"
        f"layout={digest(standard)}"
    )
