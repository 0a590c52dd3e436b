"""The built site in a real browser: Debian's Chromium through Playwright, against a local server.

Opens the home, exemplar, branch, 党员积分 and 考核排名 pages: no console error, no request to
any host but this machine; a Chinese search for a word of a branch's name finds the branch;
axe-core finds nothing critical and no serious rule beyond the known ones; 390 px wide, the
pages with wide tables scroll the tables, not the page. Skipped (with the
reason) where Chromium or Playwright is not installed, and failed under CI, where .ci/run
installs both.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
import types
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import missing_tool
from points_ledger import Ledger
from site_tree import build_tree, mkdocs_build, write_assessment, write_config

CHROMIUM = Path("/usr/bin/chromium")
AXE_CORE_JS = os.environ.get("AXE_CORE_JS", "node_modules/axe-core/axe.min.js")
# Serious axe-core findings the pages still have (issue 16 removes them): the search dialog
# has no name, and some small grey text is short of 4.5:1. The list may only shrink.
KNOWN_SERIOUS = {"aria-dialog-name", "color-contrast"}
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}

try:
    from playwright import sync_api
except ImportError:  # pragma: no cover - depends on the machine
    sync_api = None


@pytest.fixture(scope="module", autouse=True)
def _tools() -> None:
    if not CHROMIUM.exists():
        missing_tool("/usr/bin/chromium is not installed (apt-get install chromium)")
    if sync_api is None:
        missing_tool("playwright is not installed (pip install playwright)")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("browser")
    content = build_tree(base)
    Ledger(types.SimpleNamespace(year_dir=content / "branches/T-01/2025")).write()  # 党员积分
    write_assessment(content)  # the 考核排名 page, and the home page's roll-ups beside it
    config = write_config(base, content, "public", "fail")
    result = mkdocs_build(config, base)
    assert result.returncode == 0, result.stderr
    site = base / "site-public-fail"
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        except Exception as exc:  # a Chromium that cannot start here is an environment issue
            missing_tool(f"Chromium did not start: {exc}")
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser) -> Iterator[tuple[object, list[str], list[str]]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("request", lambda r: requests.append(r.url))
    try:
        yield tab, errors, requests
    finally:
        context.close()


def _foreign(requests: list[str]) -> list[str]:
    return [
        u for u in requests if urlsplit(u).hostname not in LOCAL_HOSTS and not u.startswith("data:")
    ]


@pytest.mark.parametrize(
    "path",
    ["", "exemplars/", "branches/T-01/", "codes/", "credits/", "credits/standard/", "evaluation/",
     "search/", "branches/"],
)  # fmt: skip
def test_pages_load_without_errors_or_outside_requests(server: str, page, path: str) -> None:
    tab, errors, requests = page
    response = tab.goto(server + path, wait_until="networkidle")
    assert response is not None and response.ok
    assert tab.title()
    assert errors == []
    assert requests and _foreign(requests) == []


def test_tables_sort_locally(server: str, page) -> None:
    tab, errors, _requests = page
    tab.goto(server + "branches/T-01/", wait_until="networkidle")
    header = tab.locator("table.items th", has_text="得分").first
    header.click()
    assert header.get_attribute("aria-sort") == "ascending"
    header.click()
    assert header.get_attribute("aria-sort") == "descending"
    assert errors == []


def _search(tab, query: str) -> list[str]:
    """Type ``query`` into the search page's box; the result links, once they show."""
    box = tab.locator("#dossier-search input")
    box.fill(query)
    results = tab.locator("#dossier-search a.pagefind-ui__result-link")
    results.first.wait_for(timeout=15000)
    return [results.nth(i).get_attribute("href") or "" for i in range(results.count())]


def test_chinese_search_finds_a_branch_by_a_word_of_its_name(server: str, page) -> None:
    tab, errors, requests = page
    tab.goto(server, wait_until="networkidle")
    tab.locator("a.md-tabs__link", has_text="搜索").first.click()
    tab.wait_for_load_state("networkidle")
    hrefs = _search(tab, "财政局")  # a word of 市财政局第一党支部
    assert any("exemplars/" in href or "branches/" in href for href in hrefs), hrefs
    assert errors == []
    assert _foreign(requests) == []


def test_search_keeps_chinese_words_whole_and_links_carry_them(server: str, page) -> None:
    tab, errors, requests = page
    tab.goto(server + "search/", wait_until="networkidle")
    assert tab.locator("#dossier-search input").get_attribute("aria-label") == "搜索本站"
    hrefs = _search(tab, "一票否决")
    marks = tab.locator("#dossier-search mark").all_inner_texts()
    assert marks and all(len(m) >= 2 for m in marks), marks  # words, not single characters
    assert "一票否决" in "".join(marks)
    assert hrefs and all("?h=" in h and "?h=&" not in h and not h.endswith("?h=") for h in hrefs)
    # A word finds the pages that hold it, not every page with one of its characters.
    found = tab.evaluate(
        """async () => {
            const pagefind = await import("/pagefind/pagefind.js");
            const texts = async (q) => Promise.all(
                (await pagefind.search(q)).results.map(async (r) => (await r.data()).content));
            return {veto: await texts("一票否决"), word: await texts("自然资源"),
                    one: await texts("自")};
        }"""
    )
    veto = [t.replace("\u200b", "") for t in found["veto"]]
    assert veto and all("一票否决" in t for t in veto)
    assert len(found["one"]) > 2 * len(found["word"])
    # The page a result opens highlights the words it was found by.
    tab.goto(server.rstrip("/") + hrefs[0], wait_until="networkidle")
    tab.locator("article mark").first.wait_for(timeout=10000)
    assert "一票否决" in "".join(tab.locator("article mark").all_inner_texts())
    assert errors == []
    assert _foreign(requests) == []


def test_the_directory_filters_its_list_and_reads_without_the_script(server: str, browser) -> None:
    plain = browser.new_context(java_script_enabled=False)
    try:
        tab = plain.new_page()
        tab.goto(server + "branches/", wait_until="networkidle")
        assert not tab.locator("form.directory-filter").is_visible()
        assert tab.locator("table.directory tbody tr:visible").count() >= 1
    finally:
        plain.close()
    context = browser.new_context()
    try:
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        tab.goto(server + "branches/", wait_until="networkidle")
        form = tab.locator("form.directory-filter")
        assert form.is_visible()
        rows = tab.locator("table.directory tbody tr:visible")
        every = rows.count()
        grade = tab.locator("table.directory tbody tr").first.get_attribute("data-grade")
        other = [
            v
            for v in tab.locator("select[name=grade] option").evaluate_all(
                "options => options.map(o => o.value)"
            )
            if v and v != grade
        ]
        form.locator("select[name=grade]").select_option(other[0])
        assert rows.count() == 0
        form.locator("select[name=grade]").select_option(grade)
        assert rows.count() == every
        form.locator("input[name=q]").fill("没有这个名称")
        assert rows.count() == 0
        assert "0 个" in form.locator(".directory-count").inner_text()
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize(
    "path",
    ["", "exemplars/", "ranking/", "evaluation/", "branches/T-01/", "standard/", "codes/",
     "credits/", "credits/standard/"],
)  # fmt: skip
def test_axe_core_finds_nothing_critical_and_no_new_serious_rule(
    server: str, browser, path: str, width: int
) -> None:
    axe = Path(AXE_CORE_JS)
    if not axe.is_file():
        missing_tool(f"axe-core is not installed (npm install axe-core; AXE_CORE_JS={axe})")
    # axe is injected as an inline script, which the site's own policy rightly forbids.
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    try:
        tab = context.new_page()
        tab.goto(server + path, wait_until="networkidle")
        tab.add_script_tag(content=axe.read_text("utf-8"))
        violations = tab.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']}))"
            ".violations.map(v => ({id: v.id, impact: v.impact, node: v.nodes[0].target}))"
        )
    finally:
        context.close()
    critical = [v for v in violations if v["impact"] == "critical"]
    assert critical == []
    serious = {v["id"] for v in violations if v["impact"] == "serious"}
    assert serious <= KNOWN_SERIOUS, [v for v in violations if v["id"] not in KNOWN_SERIOUS]


@pytest.mark.parametrize("path", ["", "ranking/", "evaluation/"])
def test_a_phone_wide_page_scrolls_its_tables_not_itself(server: str, browser, path: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(server + path, wait_until="networkidle")
        wide = tab.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        tables = tab.locator("table.data-table").count()
    finally:
        context.close()
    assert tables > 0
    assert wide <= 0
