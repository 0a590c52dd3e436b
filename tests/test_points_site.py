"""The site publishes nothing of a member's points: no ledger file, note, total or grade."""

from __future__ import annotations

import types
from pathlib import Path

import pytest
from points_ledger import Ledger
from site_tree import build_tree, mkdocs_build, write_config

NOTE = "为社区独居老人代购药品"  # a declaration's note, unique in the tree


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("points-site")
    content = build_tree(base)
    ledger = Ledger(types.SimpleNamespace(year_dir=content / "branches/T-01/2025"))
    ledger.extra[4] = [
        f"  - {{member: M03, standard: P37, date: 2025-04-10, note: {NOTE}, result: 通过}}"
    ]
    ledger.write()
    built = {}
    for scope in ("public", "internal"):
        result = mkdocs_build(write_config(base, content, scope), base)
        assert result.returncode == 0, result.stderr
        built[scope] = base / f"site-{scope}-fail"
    return built


@pytest.mark.parametrize("scope", ["public", "internal"])
def test_no_ledger_reaches_the_site_or_its_search_index(sites, scope: str) -> None:
    site = sites[scope]
    names = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()]
    assert not [n for n in names if "points/" in n or n.endswith("grading.yaml")]
    assert (site / "search" / "search_index.json").is_file()
    for path in site.rglob("*"):
        if path.suffix in (".html", ".json", ".xml", ".txt", ".js"):
            text = path.read_text("utf-8", errors="replace")
            assert NOTE not in text, path
