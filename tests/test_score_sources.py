"""The score sources' wordings live in one table (checker/dossier/sources.py)."""

from __future__ import annotations

from conftest import REPO

from checker.dossier.sources import SCORE_SOURCES


def test_every_source_has_every_wording() -> None:
    assert set(SCORE_SOURCES) == {"auto", "self", "review"}
    for wording in SCORE_SOURCES.values():
        assert all((wording.short, wording.description, wording.basis, wording.change))


def test_no_other_module_writes_a_source_table() -> None:
    table = REPO / "checker" / "dossier" / "sources.py"
    # Literal dictionaries keyed by the sources, as the four earlier copies were written.
    needles = ('"auto": "', '"auto": (', '"self": "', '"self": (')
    found = [
        path.relative_to(REPO).as_posix()
        for path in (REPO / "checker").rglob("*.py")
        if path != table and any(n in path.read_text("utf-8") for n in needles)
    ]
    assert found == []
