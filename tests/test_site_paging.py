"""Pages that list branches stay bounded as the branches grow: the lists are cut into pages.

Generated trees (bench/generate.py, seeded) of 60 and 180 branches over two years, the
internal site (a page
for every branch) generated with 25 rows a page: every branch is on exactly one page of each
list, no list page holds more than 25 rows, and the largest page does not grow from 60 to 180
branches. The directory's data file holds the same rows as its pages and nothing more.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from site_tree import REPO, SCHEMAS

from checker.dossier.site.generator import SiteOptions, generate_site
from checker.dossier.site.pages import paging
from checker.dossier.site.pages.directory import DATA_FILE

ROWS = 25
LISTS = ("ranking/", "branches/", "ranking/zones/", "ranking/levels/")


def _site(base: Path, branches: int, scope: str = "internal") -> dict:
    content = base / f"b{branches}"
    if not content.is_dir():
        subprocess.run(
            [sys.executable, str(REPO / "bench" / "generate.py"), str(content), "--count",
             str(2 * branches), "--seed", "3", "--years", "2024", "2025"],
            check=True, capture_output=True,
        )  # fmt: skip
    mp = pytest.MonkeyPatch()
    mp.setattr(paging, "PAGE_ROWS", ROWS)
    try:
        site = generate_site(
            SiteOptions(content=content, schemas=SCHEMAS, scope=scope, history=False, pii="redact")
        )
    finally:
        mp.undo()
    return {"pages": site.pages, "media": site.media, "data": site.data}


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[int, dict]:
    base = tmp_path_factory.mktemp("paging")
    return {n: _site(base, n) for n in (60, 180)}


def _list_pages(pages: dict[str, str], prefix: str) -> dict[str, str]:
    """The first page of a list and its further pages (``<prefix>_<n>/index.md``)."""
    pattern = re.compile(re.escape(prefix) + r"(?:_\d+/)?index\.md")
    return {uri: text for uri, text in pages.items() if pattern.fullmatch(uri)}


def test_every_branch_is_on_exactly_one_page_of_the_ranking_and_the_directory(sites) -> None:
    site = sites[180]
    codes = {b.code for b in site["data"].branches}
    assert len(codes) == 180
    for prefix in ("ranking/", "branches/"):
        pages = _list_pages(site["pages"], prefix)
        assert len(pages) == -(-180 // ROWS), sorted(pages)
        listed = []
        for text in pages.values():
            body = text.split("## 历年名次")[0]  # the ranking repeats its rows by year below
            rows = re.findall(r"<tr(?: data-[^>]*)?><td", body)
            assert 0 < len(rows) <= ROWS, len(rows)
            listed += re.findall(r'href="(?:\.\./)*(?:branches/)?([0-9A-Za-z-]+)/"', body)
        assert set(listed) >= codes
        for text in pages.values():  # each page links to every other page of the list
            assert text.count('class="pager"') >= 1


def test_zone_and_level_pages_show_a_few_of_each_group_and_link_the_rest(sites) -> None:
    pages = sites[180]["pages"]
    for first, key in (("ranking/zones/index.md", "zone"), ("ranking/levels/index.md", "level")):
        text = pages[first]
        assert len(re.findall(r"<tr><td", text)) <= 2 * ROWS + 10
        own = re.findall(rf'<a href="({key}-[^/"]+)/">本', text)
        assert own, text[-2000:]
        for group in own:
            folder = first.rsplit("/", 1)[0] + f"/{group}/"
            group_pages = _list_pages(pages, folder)
            assert group_pages and all(
                len(re.findall(r"<tr><td", t)) <= ROWS for t in group_pages.values()
            )


def test_the_largest_page_does_not_grow_with_the_branches(sites) -> None:
    sizes = {n: max(len(t.encode()) for t in site["pages"].values()) for n, site in sites.items()}
    assert sizes[180] <= 1.15 * sizes[60], sizes


def test_the_directory_data_file_holds_the_listed_rows_and_nothing_else(sites) -> None:
    site = sites[180]
    rows = json.loads(site["media"][DATA_FILE])["rows"]
    assert len(rows) == 180
    assert set(rows[0]) == {
        "code", "name", "url", "org", "org_name", "zone", "zone_name", "level", "level_name",
        "year", "total", "grade", "grade_name", "vetoed",
    }  # fmt: skip
    assert all(r["url"] == f"{r['code']}/" for r in rows)


def test_the_public_directory_data_file_lists_only_the_published_branches(tmp_path) -> None:
    site = _site(tmp_path, 60, scope="public")
    rows = json.loads(site["media"][DATA_FILE])["rows"]
    branch_page = re.compile(r"branches/([^_/][^/]*)/index\.md")
    published = {m.group(1) for u in site["pages"] if (m := branch_page.fullmatch(u))}
    assert {r["code"] for r in rows} == published
    assert len(published) < 60


def test_the_directory_is_one_filterable_list_that_reads_without_the_script(sites) -> None:
    page = sites[60]["pages"]["branches/index.md"]
    form = re.search(r'<form class="directory-filter" hidden[^>]*>.*?</form>', page)
    assert form, page[:3000]
    names = re.findall(r'<select name="(\w+)">', form.group(0))
    assert names == ["zone", "level", "org", "grade"]
    assert '<input type="search" name="q"' in form.group(0)
    # One table: each row names its facets; the filter's options are the same values.
    assert page.count("<table") == 1
    rows = re.findall(
        r'<tr data-zone="([^"]+)" data-level="([^"]+)" data-org="([^"]+)" data-grade="(\d+)">',
        page,
    )
    assert len(rows) == ROWS
    options = dict(re.findall(r'<select name="(\w+)">(.*?)</select>', form.group(0)))
    for zone, level, org, grade in rows:
        assert f'value="{zone}"' in options["zone"] and f'value="{level}"' in options["level"]
        assert f'value="{org}"' in options["org"] and f'value="{grade}"' in options["grade"]


def test_the_exemplar_gallery_is_cut_into_pages_too(sites) -> None:
    site = sites[180]
    exemplars = [
        b
        for b in site["data"].branches
        if b.latest.result.grade == site["data"].standard.grades[0].name
    ]
    pages = _list_pages(site["pages"], "exemplars/")
    per_page = ROWS // 2
    assert len(exemplars) > per_page  # the tree has enough of them to need pages
    assert len(pages) == -(-len(exemplars) // per_page)
    cards = [
        re.findall(r'<article class="exemplar-card" data-branch="([^"]+)"', t)
        for t in pages.values()
    ]
    assert all(0 < len(c) <= per_page for c in cards)
    assert sorted(code for c in cards for code in c) == sorted(b.code for b in exemplars)


def test_the_home_page_names_a_few_branches_of_each_change_and_links_the_rest(sites) -> None:
    home = {n: site["pages"]["index.md"] for n, site in sites.items()}
    lists = re.findall(r"<li>(等次上升|等次下降)：(.*?)</li>", home[180])
    assert lists, home[180][-3000:]
    for _label, names in lists:
        assert names.count("<a ") <= 2 + 1  # two names and the link to the ranking
        assert "全部见" in names
    assert len(home[180].encode()) <= 1.05 * len(home[60].encode())
