"""Names shared by several outputs are written once: organization levels and zones, and the
Chinese names of the finding levels."""

from __future__ import annotations

from pathlib import Path

from checker.core.codes import LEVEL_NAMES
from checker.core.organization import Organization

CHECKER = Path(__file__).resolve().parent.parent / "checker"


def _organization() -> Organization:
    return Organization(
        committee="工委",
        levels={"city": "市直", "county": "县（区）"},
        zones={"Z1": "第一责任区"},
        organizations={"O1": {"id": "O1", "name": "某局党委", "level": "city", "zone": "Z1"}},
        targets={},
        file="organization.yaml",
    )


def test_placement_takes_the_names_from_the_organization() -> None:
    org = _organization()
    place = org.placement("O1")
    assert place["level_name"] == org.level_name("city") == "市直"
    assert place["zone_name"] == org.zone_name("Z1") == "第一责任区"
    assert org.level_name("township") == "" and org.zone_name("Z9") == ""


def _sources_with(text: str) -> list[str]:
    return sorted(
        str(path.relative_to(CHECKER.parent))
        for path in CHECKER.rglob("*.py")
        if text in path.read_text(encoding="utf-8")
    )


def test_level_and_zone_names_are_looked_up_in_one_place() -> None:
    assert _sources_with("levels.get(") == ["checker/core/organization.py"]
    assert _sources_with("zones.get(") == ["checker/core/organization.py"]


def test_finding_level_names_are_written_once() -> None:
    assert LEVEL_NAMES == {"error": "错误", "warning": "警告"}
    assert _sources_with('"warning": "警告"') == ["checker/core/codes.py"]
