"""What Pagefind reads: a stripped copy of each page in a temporary folder, not the site.

The site is built with the real `mkdocs build`, and indexed by the real Pagefind; a
``pagefind`` package earlier on PYTHONPATH stands in front of it only to keep a copy of the
folder it is given and the options, then hands over to the real one (or, when asked, fails
as a broken Pagefind would).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import search_index
from site_tree import build_tree, cached_config, mkdocs_build, write_config

from checker.dossier.site.search import BUNDLE_DIR
from checker.dossier.site.searchsource import SearchSource, search_copy, strip_excluded

T01 = "branches/T-01/index.html"
NARRATIVE_WORDS = ("红色账本", "谈心谈话")  # T-01's highlights and summary
TABLE_ONLY = ("佐证材料清单", "组织生活与到会情况")  # two captions of T-01's tables

SHIM = """\
import json, os, runpy, shutil, sys

args = sys.argv[1:]
record = os.environ["SEARCH_SHIM_RECORD"]
shutil.copytree(args[args.index("--site") + 1], os.path.join(record, "pages"))
with open(os.path.join(record, "argv.json"), "w", encoding="utf-8") as out:
    json.dump(args, out)
if os.environ.get("SEARCH_SHIM_FAIL"):
    sys.exit("pagefind: failing on purpose")
shim = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != shim]
for name in [m for m in sys.modules if m.split(".")[0] == "pagefind"]:
    del sys.modules[name]
runpy.run_module("pagefind", run_name="__main__", alter_sys=True)
"""


def test_strip_cuts_each_excluded_element_with_its_content() -> None:
    page = (
        '<h2 id="a">甲<a class="headerlink" href="#a" title="Permanent link">&para;</a></h2>'
        '<div class="table-wrap"><table><caption>表</caption><tr><td>'
        "<table><tr><td>内表</td></tr></table>外表</td></tr></table></div>"
        '<p>乙</p><figure class="chart-card wide"><svg viewBox="0 0 1 1"><text>图</text>'
        '<svg><path d="M0"/></svg></svg><figcaption>图注</figcaption></figure>'
        '<svg class="icon"/><pre>丙</pre><p class="scope-note scope-internal">范围</p>'
        '<ul class="source-legend"><li><ul><li>来源</li></ul></li></ul><ul><li>丁</li></ul>'
        '<div id="dossier-search" class="dossier-search"><div>框</div></div>'
        "<noscript><p>无脚本</p></noscript><p>&lt;table&gt;戊</p>"
        '<p class="scope-noted">己</p>'
    )
    assert strip_excluded(page) == (
        '<h2 id="a">甲</h2><p>乙</p><pre>丙</pre><ul><li>丁</li></ul>'
        '<p>&lt;table&gt;戊</p><p class="scope-noted">己</p>'
    )
    # An element never closed is cut to the end: what follows it is left out, never let in.
    assert strip_excluded("<p>甲</p><table><tr><td>乙") == "<p>甲</p>"


def test_the_copy_keeps_the_language_title_and_heads_a_body_without_h1() -> None:
    output = '<!doctype html>\n<html lang="zh" class="no-js"><head><title>关于 - 站</title>'
    copy = search_copy(output, "<p>正文</p><table><td>表</td></table>", "关于")
    assert copy == (
        '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>关于 - 站</title>'
        '</head><body><article class="md-content__inner"><h1>关于</h1><p>正文</p>'
        "</article></body></html>"
    )
    assert "<h1>关于</h1>" not in search_copy(output, '<h1 id="x">题</h1>', "关于")


def test_the_folder_mirrors_page_paths_and_goes_away(tmp_path: Path) -> None:
    source = SearchSource()
    source.add("branches/T-01/index.html", "<p>页</p>")
    source.add("../outside.html", "<p>外</p>")  # never outside the folder
    assert not (source.path / "branches").exists()  # kept until Pagefind is to run
    assert source.flush() == source.path
    assert (source.path / "branches" / "T-01" / "index.html").read_text("utf-8") == "<p>页</p>"
    assert source.pages == 1 and not (source.path.parent / "outside.html").exists()
    source.close()
    assert not source.path.exists()
    source.close()  # twice is harmless


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("search-source")
    build_tree(base)
    shim = base / "shim" / "pagefind"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text("", encoding="utf-8")
    (shim / "__main__.py").write_text(textwrap.dedent(SHIM), encoding="utf-8")
    return base


def _build(tree: Path, name: str, scope: str, fail: bool = False, cached: bool = False):
    """Build the tree's site in ``scope`` with the stand-in Pagefind; (result, record, temp)."""
    record, temp = tree / f"record-{name}", tree / f"tmp-{name}"
    record.mkdir()
    temp.mkdir()
    env = {
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(tree / "shim"), os.environ.get("PYTHONPATH")])
        ),
        "SEARCH_SHIM_RECORD": str(record),
        "TMPDIR": str(temp),  # where the plugin's temporary folder goes
    }
    if fail:
        env["SEARCH_SHIM_FAIL"] = "1"
    configure = cached_config if cached else write_config
    config = configure(tree, tree / "content", scope, "fail")
    return mkdocs_build(config, tree, env), record, temp


@pytest.fixture(scope="module")
def built(tree: Path):
    result, record, temp = _build(tree, "ok", "internal")
    assert result.returncode == 0, result.stderr
    return tree / "site-internal-fail", record, temp


def test_pagefind_reads_a_temporary_folder_and_writes_into_the_site(built) -> None:
    site, record, temp = built
    args = json.loads((record / "argv.json").read_text("utf-8"))
    pages = Path(args[args.index("--site") + 1])
    assert pages.parent == temp and pages.name.startswith("dossier-search-")
    assert Path(args[args.index("--output-path") + 1]) == site / BUNDLE_DIR
    assert not pages.exists() and list(temp.iterdir()) == []  # removed after the build
    assert "--root-selector" in args and "table" in args  # the selectors stay as a net
    for name in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-highlight.js"):
        assert (site / BUNDLE_DIR / name).is_file(), name


def test_the_copy_of_a_branch_page_is_its_article_without_tables(built) -> None:
    site, record, _temp = built
    copies = record / "pages"
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    copied = {p.relative_to(copies).as_posix() for p in copies.rglob("*") if p.is_file()}
    assert {p for p in copied if p.endswith(".html")} == copied  # pages only, no assets
    assert copied == pages - {"404.html"} and T01 in copied
    copy = (copies / T01).read_text("utf-8")
    published = (site / T01).read_text("utf-8")
    assert "<table" in published and "<svg" in published and 'class="md-header' in published
    for cut in ("<table", "<svg", "<figure", "<nav", "md-header", "md-footer", "headerlink"):
        assert cut not in copy, cut
    # Text that is on every page, or only numbers, or folded away: Pagefind's memory grows
    # with each character it indexes.
    for cut in ("badge-embed", "earlier-year", "score-ranks", "score-main"):
        assert cut in published and cut not in copy, cut
    assert copy.count("<article") == 1 and '<html lang="zh">' in copy
    title = re.search(r"<title>([^<]*)</title>", published)[1]
    assert f"<title>{title}</title>" in copy
    for word in NARRATIVE_WORDS:
        assert word in copy
    assert len(copy) * 4 < len(published)


def test_the_index_has_narrative_words_but_not_table_only_ones(built) -> None:
    site, _record, _temp = built
    docs = search_index.by_url(site)
    content = docs["branches/T-01/"]["content"]
    assert docs["branches/T-01/"]["meta"]["title"] == "市财政局第一党支部"
    every_word = search_index.index_text(site)
    published = html.unescape(re.sub(r"<[^>]+>", "", (site / T01).read_text("utf-8")))
    for word in NARRATIVE_WORDS:
        assert word in content
    for word in TABLE_ONLY:
        assert word in published and word not in content and word not in every_word


def test_every_result_url_is_a_built_page(built) -> None:
    site, _record, _temp = built
    urls = [doc["url"] for doc in search_index.documents(site)]
    assert len(urls) > 10 and "/branches/T-01/" in urls and "/search/" in urls
    for url in urls:
        assert url.startswith("/") and ".." not in url, url
        path = site / url.lstrip("/")
        assert (path / "index.html" if url.endswith("/") else path).is_file(), url


def test_a_failed_pagefind_fails_the_build_and_leaves_no_folder(tree: Path) -> None:
    result, record, temp = _build(tree, "fail", "public", fail=True)
    assert result.returncode != 0
    assert "Pagefind 建立搜索索引失败" in result.stderr and "failing on purpose" in result.stderr
    args = json.loads((record / "argv.json").read_text("utf-8"))
    assert not Path(args[args.index("--site") + 1]).exists() and list(temp.iterdir()) == []


def test_a_dirty_build_still_indexes_the_pages_it_did_not_rewrite(tree: Path, built) -> None:
    """`mkdocs build --dirty` rewrites only changed pages (the hand-written about page is
    not): the pages it leaves as they were are indexed from their built files."""
    site, _record, _temp = built
    config = tree / "mkdocs-internal-fail.yml"
    shutil.rmtree(site / BUNDLE_DIR)  # a dirty build leaves the old index's pieces there
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(tree / "tmp-ok")}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run(
        [str(mkdocs), "build", "--dirty", "-f", str(config)],
        cwd=tree, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    docs = search_index.by_url(site)
    assert docs["about/"]["meta"]["title"] == "关于本站" and "404.html" not in docs
    assert docs["branches/T-01/"]["meta"]["title"] == "市财政局第一党支部"
    assert "<table" not in docs["about/"]["content"]
    assert list((tree / "tmp-ok").iterdir()) == []


def test_an_index_of_unchanged_copies_is_taken_from_the_cache(tmp_path: Path) -> None:
    base = tmp_path / "tree"
    build_tree(base)
    shim = base / "shim" / "pagefind"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text("", encoding="utf-8")
    (shim / "__main__.py").write_text(textwrap.dedent(SHIM), encoding="utf-8")
    bundle = base / "site-internal-fail" / BUNDLE_DIR

    def files() -> dict[str, bytes]:
        return {p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*")
                if p.is_file()}  # fmt: skip

    result, record, _temp = _build(base, "first", "internal", cached=True)
    assert result.returncode == 0, result.stderr
    assert (record / "argv.json").is_file()  # Pagefind ran
    first = files()
    result, record, _temp = _build(base, "again", "internal", cached=True)
    assert result.returncode == 0, result.stderr
    assert not (record / "argv.json").exists()  # nothing changed: the kept index
    assert files() == first
    summary = base / "content" / "branches" / "T-02" / "2025" / "summary.md"
    summary.write_text("# 总结\n\n开展银杏林志愿护绿活动。\n", encoding="utf-8")
    result, record, _temp = _build(base, "changed", "internal", cached=True)
    assert result.returncode == 0, result.stderr
    assert (record / "argv.json").is_file()  # a page's text changed: indexed again
    assert "银杏林" in search_index.index_text(base / "site-internal-fail")
    assert len(list((base / "cache" / "search").iterdir())) == 1  # only the latest kept
