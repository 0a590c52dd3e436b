"""The site, built for real: `mkdocs build --strict` on a small content tree, HTML parsed back.

One build per scope for the whole module (a build takes a few seconds); tests that need a
broken tree (personal data in a narrative) build their own.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import search_index
from conftest import REPO
from site_tree import (
    ABSENT_REASON,
    CONTACT,
    PRIVATE,
    SCHEMAS,
    build_tree,
    built_site,
    checker_json,
    mkdocs_build,
    write_config,
)

from checker.core.codes import CODES, FAMILIES, codes_of
from checker.core.private import all_private_values
from checker.core.standards import StandardsFolder
from checker.core.yamlload import load_yaml


class Page(HTMLParser):
    """Every start tag with its attributes, and the text, of one HTML file."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text_parts: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [
            a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("site")
    build_tree(base)
    return base


def _build(tree: Path, scope: str, pii: str = "fail") -> Path:
    return built_site(tree, scope, pii)


@pytest.fixture(scope="module")
def internal(tree: Path) -> Path:
    return _build(tree, "internal")


@pytest.fixture(scope="module")
def public(tree: Path) -> Path:
    return _build(tree, "public")


def _pages(site: Path) -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


# --- the figures are the engine's -------------------------------------------------------


def test_branch_pages_show_the_totals_and_grades_that_checker_score_prints(
    tree: Path, internal: Path
) -> None:
    results = checker_json(tree / "content")["results"]
    latest = {}
    for result in results:
        if result["year"] >= latest.get(result["branch"], {}).get("year", 0):
            latest[result["branch"]] = result
    assert set(latest) == {"T-01", "T-02", "T-03"}
    for code, result in latest.items():
        page = Page((internal / "branches" / code / "index.html").read_text(encoding="utf-8"))
        cards = page.find("div", **{"class": "score-card"})
        assert len(cards) == 1, code
        card = cards[0]
        assert card["data-branch"] == code
        assert int(card["data-year"]) == result["year"]
        assert float(card["data-total"]) == result["total"]
        assert card["data-grade"] == result["grade"]
        assert float(card["data-max"]) == result["max"]


def test_ranking_ties_share_a_place_and_the_page_says_how(internal: Path) -> None:
    text = (internal / "ranking" / "index.html").read_text(encoding="utf-8")
    assert "并列" in text and "下一名次顺延" in text
    body = text[text.index("<tbody>") : text.index("</tbody>")]
    places = re.findall(r'<tr><td data-sort="(\d+)" class="num">', body)
    assert places == ["1", "2", "2"]  # T-02 and T-03 have the same dossier


def test_every_finding_code_has_an_anchor_on_the_codes_page(internal: Path) -> None:
    page = Page((internal / "codes" / "index.html").read_text(encoding="utf-8"))
    anchors = {a["id"] for _tag, a in page.tags if a.get("id")}
    assert set(CODES) <= anchors


def test_codes_page_has_the_legend_and_every_code_under_its_family(internal: Path) -> None:
    html = (internal / "codes" / "index.html").read_text(encoding="utf-8")
    page = Page(html)
    intro = html[html.index("<h1") : html.index('<h2 id="family-')]  # the legend
    legend = re.findall(r'<a href="(#family-[A-Z])">', intro)
    assert legend == [f"#family-{letter}" for letter in FAMILIES]
    wanted = [f"family-{f.letter}" for f in FAMILIES.values()] + list(CODES)
    order = [a["id"] for _tag, a in page.tags if a.get("id") in wanted]
    expected = []
    for family in FAMILIES.values():
        expected += [f"family-{family.letter}"] + [c.code for c in codes_of(family)]
    assert order == expected
    text = "".join(page.text_parts)
    for family in FAMILIES.values():
        assert family.name in text and family.description in text
    for code in CODES.values():  # `code spans` are shown as code, without the backticks
        assert code.why.replace("`", "") in text and code.title.replace("`", "") in text
    assert "`" not in text


def test_points_lost_are_explained_and_linked_to_their_code(internal: Path) -> None:
    text = (internal / "branches" / "T-02" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../codes/#P001"' in text
    assert "自动" in text and "自评" in text  # provenance badges


def test_standard_page_lists_every_item(internal: Path) -> None:
    page = Page((internal / "standard" / "index.html").read_text(encoding="utf-8"))
    ids = {
        a["id"] for t, a in page.tags if t == "span" and re.match(r"^A\d+\.\d+$", a.get("id", ""))
    }
    assert len(ids) == 30


def test_json_schemas_are_published_byte_for_byte_and_linked(internal: Path) -> None:
    sources = sorted(SCHEMAS.glob("*.schema.json"))
    assert len(sources) == 12  # the dossier's five, the ledger's four, the assessment's three
    page = Page((internal / "standard" / "index.html").read_text(encoding="utf-8"))
    hrefs = {a["href"] for t, a in page.tags if t == "a" and "schema.json" in a.get("href", "")}
    for source in sources:
        published = internal / "schemas" / source.name
        assert published.read_bytes() == source.read_bytes()
        assert f"../schemas/{source.name}" in hrefs


# --- scope ----------------------------------------------------------------------------


def test_public_scope_publishes_exemplars_and_aggregates_only(public: Path, internal: Path) -> None:
    assert (public / "branches" / "T-01" / "index.html").is_file()  # 示范
    assert not (public / "branches" / "T-02").exists()
    assert not (public / "branches" / "T-03").exists()
    for code in ("T-01", "T-02", "T-03"):
        assert (internal / "branches" / code / "index.html").is_file()
    everything = "".join(_pages(public).values())
    assert "市直测试2号党支部" not in everything
    assert "市直测试3号党支部" not in everything


def test_branch_pages_stay_out_of_the_global_navigation(internal: Path) -> None:
    home = (internal / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('<nav class="md-nav md-nav--primary') :]
    nav = nav[: nav.index("</nav>")]
    assert "branches/T-0" not in nav
    directory = (internal / "branches" / "index.html").read_text(encoding="utf-8")
    for code in ("T-01", "T-02", "T-03"):
        assert f'href="{code}/"' in directory


def test_exemplar_card_has_photo_score_and_highlights(public: Path) -> None:
    text = (public / "exemplars" / "index.html").read_text(encoding="utf-8")
    page = Page(text)
    cards = page.find("article", **{"class": "exemplar-card"})
    assert [c["data-branch"] for c in cards] == ["T-01"]
    photos = page.find("img", **{"class": "card-photo"})
    assert photos and photos[0]["src"].startswith("../media/")
    assert "党建品牌" in text and "100" in text


# --- security and privacy ---------------------------------------------------------------

EVENT_ATTRIBUTE = re.compile(r"^on[a-z]+$")
DANGEROUS_URL = re.compile(r"^\s*(javascript|data|vbscript):", re.I)


def test_xss_payloads_in_a_narrative_produce_no_executable_markup(internal: Path) -> None:
    for path, text in _pages(internal).items():
        page = Page(text)
        for tag, attrs in page.tags:
            assert not any(EVENT_ATTRIBUTE.match(a) for a in attrs), (path, tag, attrs)
            for key in ("href", "src", "action", "data", "formaction"):
                assert not DANGEROUS_URL.match(attrs.get(key, "")), (path, tag, attrs)
            assert tag not in ("iframe", "object", "embed"), (path, tag)
            if tag == "script":
                src = attrs.get("src", "")
                assert not src or not urlsplit(src).netloc, (path, attrs)
        assert "alert(" not in text, path
        assert "evil.example" not in text, path
    branch = (internal / "branches" / "T-01" / "index.html").read_text(encoding="utf-8")
    narrative = branch[branch.index('class="narrative"') :]
    narrative = narrative[: narrative.index("<h2")]
    assert "<form" not in narrative and "<input" not in narrative and "<svg" not in narrative
    # Markdown itself keeps working.
    assert "<strong>党建品牌</strong>" in narrative
    assert "<table>" in narrative and "<td>先锋岗</td>" in narrative
    assert 'href="https://www.12371.cn/"' in narrative


def _private_values(content: Path) -> set[str]:
    fields = StandardsFolder(SCHEMAS).private_fields
    values: set[str] = set()
    for kind, pattern in (
        ("dossier", "branches/*/*/dossier.yaml"),
        ("branch", "branches/*/branch.yaml"),
        ("review", "branches/*/*/review.yaml"),
    ):
        for path in content.glob(pattern):
            data = load_yaml(path, str(path), 1 << 22).data
            for field in fields:
                if field.kind != kind or not field.free_text:
                    continue
                for value in all_private_values([field], kind, data):
                    if isinstance(value, str) and len(value) >= 2:
                        values.add(value)
    return values


def test_no_private_field_appears_in_any_built_file(tree: Path, internal: Path) -> None:
    values = _private_values(tree / "content")
    expected = {v for fields in PRIVATE.values() for v in fields.values()}
    expected |= set(CONTACT.values()) | {ABSENT_REASON}
    assert expected <= values  # the scan really looks for the roster's personal data
    checked = 0
    for path in internal.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        text = data.decode("utf-8", errors="ignore")
        if path.suffix.startswith(".pf_"):  # the search index, gzipped: read it decoded
            text += search_index.decoded(path).decode("utf-8", "ignore").replace("\u200b", "")
        for value in values:
            assert value not in text, (path, value)
            assert value.encode() not in data, (path, value)
        checked += 1
    assert checked > 10 and search_index.documents(internal)


def test_published_photos_carry_no_metadata(internal: Path) -> None:
    photos = list((internal / "media").iterdir())
    assert photos
    for photo in photos:
        data = photo.read_bytes()
        assert data.startswith(b"\x89PNG")
        for marker in (b"tEXt", b"eXIf", b"tIME", b"GPS", b"secret-location"):
            assert marker not in data, (photo, marker)


def _local(site: Path, page: Path, url: str) -> Path | None:
    parts = urlsplit(url)
    assert not parts.scheme and not parts.netloc and not url.startswith("//"), url
    if not parts.path:
        return None
    path = unquote(parts.path)
    # 404.html uses root-relative URLs: the site is served from its root.
    target = (site / path.lstrip("/") if path.startswith("/") else page.parent / path).resolve()
    return target / "index.html" if target.is_dir() else target


def test_no_script_style_image_or_frame_points_outside_the_site(
    internal: Path, public: Path
) -> None:
    for site in (internal, public):
        for path, text in _pages(site).items():
            for tag, attrs in Page(text).tags:
                if tag not in ("script", "link", "img", "iframe", "source", "video", "audio"):
                    continue
                for key in ("src", "href", "srcset"):
                    if attrs.get(key):
                        target = _local(site, path, attrs[key])
                        assert target is None or target.is_relative_to(site.resolve()), attrs
                        if tag != "link" or attrs.get("rel") in ("stylesheet", "icon"):
                            assert target is None or target.exists(), (path, attrs)
        for css in site.rglob("*.css"):
            text = css.read_text(encoding="utf-8", errors="ignore")
            assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", text), css


def test_internal_links_between_generated_pages_resolve(internal: Path) -> None:
    for path, text in _pages(internal).items():
        if "404" in path.name:
            continue
        for tag, attrs in Page(text).tags:
            href = attrs.get("href", "")
            if tag != "a" or not href or href.startswith(("#", "http", "mailto")):
                continue
            target = _local(internal, path, href)
            assert target is None or target.exists(), (path, href)


# --- personal data in a narrative ----------------------------------------------------------


@pytest.fixture
def leaky(tree: Path, tmp_path: Path) -> Path:
    base = tmp_path
    shutil.copytree(tree / "content", base / "content")
    summary = base / "content" / "branches" / "T-02" / "2025" / "summary.md"
    summary.write_text(
        "# 总结\n\n支部工作扎实。\n联系人电话 138 0013 8000，身份证 11010519491231002X。\n",
        encoding="utf-8",
    )
    return base


def test_personal_data_in_a_narrative_fails_the_build_naming_file_and_line(leaky: Path) -> None:
    result = mkdocs_build(write_config(leaky, leaky / "content", "internal", "fail"), leaky)
    assert result.returncode != 0
    log = result.stderr
    assert "branches/T-02/2025/summary.md:4:" in log
    assert "I001" in log and "I002" in log
    assert "11010519491231002X" not in log  # the finding masks the number it reports
    assert not (leaky / "site-internal-fail" / "index.html").exists()


def test_redact_setting_builds_and_hides_the_numbers(leaky: Path) -> None:
    result = mkdocs_build(write_config(leaky, leaky / "content", "internal", "redact"), leaky)
    assert result.returncode == 0, result.stderr
    site = leaky / "site-internal-redact"
    text = (site / "branches" / "T-02" / "index.html").read_text(encoding="utf-8")
    assert "〔身份证号已隐去〕" in text and "〔手机号已隐去〕" in text
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"11010519491231002X" not in data and b"0013 8000" not in data, path


# --- export -------------------------------------------------------------------------------


def test_export_writes_the_same_pages_and_builds_without_the_plugin(
    tree: Path, internal: Path, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from checker.cli.main import cli

    config = write_config(tree, tree / "content", "internal", "fail")
    target = tmp_path / "export"
    result = CliRunner().invoke(
        cli,
        [
            "--schemas",
            str(SCHEMAS),
            "--no-cache",
            "--today",
            "2026-11-29",
            "site",
            "export",
            str(target),
            "--config",
            str(config),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (target / "docs" / "branches" / "T-02" / "index.md").is_file()
    exported = (target / "mkdocs.yml").read_text(encoding="utf-8")
    assert "- dossier" not in exported and "not_in_nav" in exported
    built = mkdocs_build(target / "mkdocs.yml", target)
    assert built.returncode == 0, built.stderr
    # The search index, with the plugin's settings from pagefind.yml.
    indexed = subprocess.run(
        [sys.executable, "-m", "pagefind"], cwd=target, capture_output=True, text=True
    )
    assert indexed.returncode == 0, indexed.stderr
    urls = {doc["url"] for doc in search_index.documents(target / "site")}
    assert "/branches/T-02/" in urls and "/search/" in urls
    branch = search_index.by_url(target / "site")["branches/T-02/"]["content"]
    assert "历年得分" in branch and "历年得分与名次" not in branch  # the heading, not the table
    for code in ("T-01", "T-02", "T-03"):
        ours = Page((internal / "branches" / code / "index.html").read_text(encoding="utf-8"))
        theirs = Page((target / "site" / "branches" / code / "index.html").read_text("utf-8"))
        assert ours.find("div", **{"class": "score-card"}) == theirs.find(
            "div", **{"class": "score-card"}
        )
    # The footer's generation day and standard come with the export (mkdocs.yml's extra),
    # and so do the downloads and badges.
    footer = re.compile(r'<div class="dossier-stamp">.*?</div>', re.S)
    ours = footer.findall((internal / "index.html").read_text(encoding="utf-8"))
    assert ours and "jgdj-zbbzh" in ours[0]
    assert footer.findall((target / "site" / "index.html").read_text("utf-8")) == ours
    for path in ("downloads/2025/ranking.csv", "badges/T-01.svg"):
        assert (target / "site" / path).read_bytes() == (internal / path).read_bytes()
    again = CliRunner().invoke(cli, ["site", "export", str(tmp_path), "--config", str(config)])
    assert again.exit_code == 2  # a folder that is not an earlier export is not overwritten


def test_the_site_keeps_each_cached_result_once_not_also_its_dict_and_bytes(tmp_path) -> None:
    """A result read from the cache carries its published dict and encoded bytes for the
    JSON output; the site holds every result at once, so it keeps only the decoded fields
    (at 10,000 branches the copies cost hundreds of MB)."""
    from checker.dossier.site.collect import collect

    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    cache = tmp_path / "cache"
    first = collect(content, REPO / "schemas", cache_dir=cache)
    again = collect(content, REPO / "schemas", cache_dir=cache)
    years = [y for b in again.branches for y in b.years.values()]
    assert len(years) == sum(len(b.years) for b in first.branches) > 20
    assert all(y.result.source is None and y.result.encoded is None for y in years)
    assert all(y.result.items for y in years)  # the lists are there, decoded
