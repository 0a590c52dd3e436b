"""What a reader takes away from the site, built for real: the generation day and the standard
on every page, the rankings and rates as CSV and JSON, a badge per branch; and the public
pages in plain words (codes a reader meets, reasons in words, full-width punctuation).

One tree, built once per scope with ``SOURCE_DATE_EPOCH`` set; the exemplar T-01 carries a
hostile name (a spreadsheet formula and markup), which every file must keep inert.
"""

from __future__ import annotations

import csv
import io
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from site_tree import (
    CONTACT,
    PRIVATE,
    build_tree,
    built_site,
    checker_json,
)

from checker.core.codes import CODES, code
from checker.core.site.badge import Badge, badge_svg, text_width
from checker.core.site.tabular import csv_bytes, csv_cell

EPOCH = "1740789000"  # 2025-03-01 00:30 UTC
DAY, DAY_TEXT = "2025-03-01", "2025年3月1日"
HOSTILE = '=HYPERLINK("http://evil.example/")<b>&amp;"</b>示范党支部'
SVG = "{http://www.w3.org/2000/svg}"
HIDDEN = ("script", "style", "code", "pre", "svg", "textarea")


class Html(HTMLParser):
    """Start tags with attributes; visible text, one entry per text node (code, pre, script,
    style and SVG left out); the rows of each table by its class."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.texts: list[str] = []
        self.tables: list[tuple[str, list[list[str]]]] = []
        self._hidden = 0
        self._cell: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append((tag, values))
        if tag in HIDDEN:
            self._hidden += 1
        elif tag == "table":
            self.tables.append((values.get("class", ""), []))
        elif tag == "tr" and self.tables:
            self.tables[-1][1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self._hidden -= 1
        elif tag in ("td", "th") and self._cell is not None and self.tables:
            self.tables[-1][1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if not self._hidden:
            self.texts.append(data)

    def hrefs(self, tag: str = "a", attr: str = "href") -> list[str]:
        return [a[attr] for t, a in self.tags if t == tag and attr in a]


def html_files(site: Path) -> Iterator[Path]:
    yield from sorted(site.rglob("*.html"))


def parsed(path: Path) -> Html:
    return Html(path.read_text(encoding="utf-8"))


def resolve(site: Path, page: Path, href: str) -> Path:
    """The file a relative link from ``page`` points at."""
    base = page.parent.relative_to(site).as_posix()
    target = posixpath.normpath(posixpath.join(base, href.split("#")[0]))
    path = site / target
    return path / "index.html" if path.is_dir() else path


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("reuse")
    content = build_tree(base)
    branch = content / "branches" / "T-01" / "branch.yaml"
    text = branch.read_text(encoding="utf-8")
    branch.write_text(
        text.replace("name: 市财政局第一党支部", f"name: {json.dumps(HOSTILE)}"), encoding="utf-8"
    )
    return base


def _build(tree: Path, scope: str) -> Path:
    return built_site(tree, scope, extra_env={"SOURCE_DATE_EPOCH": EPOCH})


@pytest.fixture(scope="module")
def public(tree: Path) -> Path:
    return _build(tree, "public")


@pytest.fixture(scope="module")
def internal(tree: Path) -> Path:
    return _build(tree, "internal")


@pytest.fixture(scope="module")
def scored(tree: Path) -> dict:
    return checker_json(tree / "content")


# --- the generation day and the standard ------------------------------------------------


def test_every_page_names_the_generation_day_and_the_standard_in_words(
    public: Path, internal: Path
) -> None:
    for site in (public, internal):
        pages = list(html_files(site))
        assert len(pages) > 10
        for path in pages:
            html = path.read_text(encoding="utf-8")
            footer = html[html.index('<div class="dossier-stamp">') :]
            footer = footer[: footer.index("</div>")]
            assert f'<time datetime="{DAY}">{DAY_TEXT}</time>' in footer, path
            assert "jgdj-zbbzh" in footer and "2025.1 版" in footer, path
            assert "《市直机关党支部标准化建设标准》" in footer, path
            assert "checker" not in footer, path


# --- downloads ------------------------------------------------------------------------


def _csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode()), path  # Excel and WPS read it as UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def _ranking_table(site: Path) -> list[list[str]]:
    page = parsed(site / "ranking" / "index.html")
    rows = next(rows for css, rows in page.tables if "ranking" in css.split())
    return [r for r in rows if r and not r[0].startswith("名次")]


@pytest.mark.parametrize("scope", ["public", "internal"])
def test_ranking_downloads_parse_and_match_the_ranking_page_and_checker_score(
    scope: str, request: pytest.FixtureRequest, scored: dict
) -> None:
    site: Path = request.getfixturevalue(scope)
    results = {(r["branch"], r["year"]): r for r in scored["results"]}
    for year in (2024, 2025):
        folder = site / "downloads" / str(year)
        table = _ranking_table(site) if year == 2025 else None
        rows = _csv(folder / "ranking.csv")
        document = json.loads((folder / "ranking.json").read_text(encoding="utf-8"))
        assert document["year"] == year
        assert document["standard"] == {"id": "jgdj-zbbzh", "version": "2025.1"}
        listed = document["ranking"]
        assert [r["支部编号"] for r in rows] == [r["code"] for r in listed]
        codes = [r["code"] for r in listed]
        # The public site lists the exemplars only, as its ranking page does.
        assert codes == (["T-01"] if scope == "public" else ["T-01", "T-02", "T-03"])
        for row, entry in zip(rows, listed, strict=True):
            result = results[(entry["code"], year)]
            assert entry["total"] == float(result["total"])
            assert entry["grade"] == row["等次"] == result["grade"]
            assert float(row["总分"]) == entry["total"]
            assert int(row["名次"]) == entry["rank"]
            assert set(entry) == {
                "rank", "tied", "code", "name", "organization", "zone", "level",
                "total", "grade", "vetoed",
            }  # fmt: skip
        if table is not None:
            assert [(r[0].replace("并列", ""), r[5], r[6]) for r in table] == [
                (row["名次"], row["总分"], row["等次"]) for row in rows
            ]


def test_rates_downloads_add_up_to_the_scores(internal: Path, public: Path, scored: dict) -> None:
    compliant = {"示范", "达标"}
    for year in (2024, 2025):
        mine = [r for r in scored["results"] if r["year"] == year]
        for site in (internal, public):  # aggregates: the same in both scopes
            rows = _csv(site / "downloads" / str(year) / "rates.csv")
            document = json.loads(
                (site / "downloads" / str(year) / "rates.json").read_text(encoding="utf-8")
            )
            rates = document["rates"]
            assert [r["名称"] for r in rows] == [r["name"] for r in rates]
            overall = rates[0]
            assert overall["group"] == "全部"
            assert overall["branches"] == len(mine)
            assert overall["compliant"] == sum(r["grade"] in compliant for r in mine)
            assert overall["rate"] == round(overall["compliant"] / overall["branches"], 4)
            zones = {r["id"]: r for r in rates if r["group"] == "责任区"}
            assert set(zones) == {"Z1", "Z2"}
            assert sum(z["branches"] for z in zones.values()) == len(mine)
            orgs = {r["id"]: r["branches"] for r in rates if r["group"] == "上级党组织"}
            assert orgs == {"ORG-01": 2, "ORG-02": 1}
    targets = json.loads((internal / "downloads" / "2024" / "rates.json").read_text("utf-8"))
    assert targets["rates"][0]["target"] == 0.5


def test_downloads_are_linked_from_the_ranking_and_home_pages(public: Path, internal: Path) -> None:
    for site in (public, internal):
        for page, kind in (
            ("ranking/index.html", "ranking"),
            ("index.html", "rates"),
            ("ranking/zones/index.html", "rates"),
            ("ranking/levels/index.html", "rates"),
        ):
            path = site / page
            links = [h for h in parsed(path).hrefs() if "downloads/" in h]
            wanted = {f"{y}/{kind}.{f}" for y in (2024, 2025) for f in ("csv", "json")}
            assert {h.split("downloads/", 1)[1] for h in links} >= wanted, page
            for href in links:
                assert resolve(site, path, href).is_file(), href
            assert "下载" in path.read_text(encoding="utf-8")


def test_a_formula_in_a_name_stays_text_in_the_csv_and_verbatim_in_the_json(
    internal: Path,
) -> None:
    rows = _csv(internal / "downloads" / "2025" / "ranking.csv")
    names = {r["支部编号"]: r["党支部"] for r in rows}
    assert names["T-01"] == "'" + HOSTILE
    document = json.loads((internal / "downloads" / "2025" / "ranking.json").read_text("utf-8"))
    assert {r["code"]: r["name"] for r in document["ranking"]}["T-01"] == HOSTILE


def test_downloads_and_badges_hold_no_personal_data(public: Path, internal: Path) -> None:
    secrets = [v for fields in PRIVATE.values() for v in fields.values()]
    secrets += list(CONTACT.values())
    for site in (public, internal):
        files = [*(site / "downloads").rglob("*.*"), *(site / "badges").glob("*.svg")]
        assert files
        for path in files:
            text = path.read_text(encoding="utf-8-sig")
            for secret in secrets:
                assert secret not in text, (path, secret)
    public_text = "".join(p.read_text("utf-8-sig") for p in (public / "downloads").rglob("*.*"))
    assert "市直测试2号党支部" not in public_text and "T-02" not in public_text


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised() -> None:
    for value in ("=1+2", "+1", "-1", "@SUM(A1)", "\t=x", "\r=x"):
        assert csv_cell(value) == "'" + value
    assert csv_cell("党支部") == "党支部" and csv_cell(-1) == "-1" and csv_cell(None) == ""
    data = csv_bytes(["名称"], [["=cmd|' /C calc'!A0"], ['a,b"c']])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows == [["名称"], ["'=cmd|' /C calc'!A0"], ['a,b"c']]


# --- badges ---------------------------------------------------------------------------


def _svg(path: Path) -> ET.Element:
    root = ET.fromstring(path.read_bytes())  # well-formed XML, or this raises
    assert root.tag == f"{SVG}svg"
    return root


def test_a_badge_per_published_branch_with_its_latest_grade_and_total(
    public: Path, internal: Path, scored: dict
) -> None:
    assert sorted(p.name for p in (public / "badges").glob("*")) == ["T-01.svg"]
    assert sorted(p.name for p in (internal / "badges").glob("*")) == [
        "T-01.svg", "T-02.svg", "T-03.svg",
    ]  # fmt: skip
    latest = {r["branch"]: r for r in scored["results"] if r["year"] == 2025}
    for path in (internal / "badges").glob("*.svg"):
        root = _svg(path)
        result = latest[path.stem]
        assert root.get("role") == "img"
        title = root.find(f"{SVG}title")
        assert title is not None and result["grade"] in (title.text or "")
        texts = [t.text for t in root.iter(f"{SVG}text")]
        total = f"{float(result['total']):g}"
        assert texts == ["标准化", f"{result['grade']} {total}"]
        raw = path.read_text(encoding="utf-8")
        for outside in ("<script", "href", "@import", "url(", "<image", "<foreignObject"):
            assert outside not in raw
        for element in root.iter():  # no attribute points anywhere (the label is text)
            for name, value in element.attrib.items():
                assert name == "aria-label" or "http" not in value, (name, value)


def test_a_hostile_name_in_a_badge_is_text(public: Path) -> None:
    path = public / "badges" / "T-01.svg"
    root = _svg(path)
    title = root.find(f"{SVG}title")
    assert title is not None and (title.text or "").startswith(HOSTILE + "：")
    assert root.get("aria-label") == title.text
    assert [e.tag for e in root.iter()].count(f"{SVG}b") == 0  # no element from the name


def test_the_branch_page_shows_its_badge_and_the_code_to_embed_it(public: Path) -> None:
    path = public / "branches" / "T-01" / "index.html"
    page = parsed(path)
    sources = [s for s in page.hrefs("img", "src") if "badges/" in s]
    assert sources == ["../../badges/T-01.svg"]
    assert resolve(public, path, sources[0]).is_file()
    html = path.read_text(encoding="utf-8")
    snippets = re.findall(r"<pre><code>(.*?)</code></pre>", html)
    assert "![标准化：示范 100](badges/T-01.svg)" in snippets
    assert (
        "&lt;img src=&quot;badges/T-01.svg&quot; alt=&quot;标准化：示范 100&quot;&gt;" in snippets
    )


def test_badge_text_is_escaped_and_fits_its_box() -> None:
    svg = badge_svg(Badge("标准化", 'x"><script>y</script>', "<t>&", "#1a7f37"))
    root = ET.fromstring(svg)
    assert [t.text for t in root.iter(f"{SVG}text")][1] == 'x"><script>y</script>'
    assert root.find(f"{SVG}title").text == "<t>&"  # type: ignore[union-attr]
    rects = [float(r.get("width", 0)) for r in root.iter(f"{SVG}rect")]
    assert rects[0] >= text_width("标准化") and rects[1] >= text_width('x"><script>y</script>')
    assert float(root.get("width", 0)) == sum(rects)


# --- plain words ----------------------------------------------------------------------


def _anchors(path: Path) -> set[str]:
    return {a["id"] for _t, a in parsed(path).tags if a.get("id")}


def test_the_public_codes_page_lists_the_codes_its_pages_show_the_internal_one_all(
    public: Path, internal: Path
) -> None:
    shown = _anchors(public / "codes" / "index.html") & set(CODES)
    assert {c for c in CODES if c.startswith("P")} <= shown
    assert not {c for c in shown if c[0] in "FYSWUE"}  # files, YAML, schema, import codes
    assert set(CODES) <= _anchors(internal / "codes" / "index.html")
    text = "".join(parsed(public / "codes" / "index.html").texts)
    assert "YAML" not in text and "checker" not in text
    # Every code a public page links to has its row on the public codes page.
    for path in html_files(public):
        for href in parsed(path).hrefs():
            if "codes/#" in href:
                assert href.rsplit("#", 1)[1] in shown, (path, href)


def test_code_titles_show_code_spans_as_code_not_backticks(internal: Path) -> None:
    html = (internal / "codes" / "index.html").read_text(encoding="utf-8")
    assert "不允许使用 YAML 标签（<code>!!</code> 或 <code>!</code>）" in html
    assert "`" not in "".join(parsed(internal / "codes" / "index.html").texts)


def test_weakness_reasons_are_words_with_the_code_as_a_link(internal: Path) -> None:
    path = internal / "weakness" / "index.html"
    html = path.read_text(encoding="utf-8")
    assert "×" not in "".join(parsed(path).texts)
    found = re.findall(
        r"<li>([^<>]+)（(\d+) 个支部） <a class=\"code\" href=\"[^\"]+#(P\d{3})\">", html
    )
    assert found
    for title, _count, code_id in found:
        assert title == code(code_id).title


def test_the_lowest_grade_reads_below_the_next_threshold(internal: Path) -> None:
    page = parsed(internal / "standard" / "index.html")
    rows = next(rows for css, rows in page.tables if "sortable" not in css.split())
    assert [r[1] for r in rows if len(r) == 2 and r[0] != "等次"] == [
        "90 分及以上", "80 分及以上", "60 分及以上", "低于 60 分",
    ]  # fmt: skip


CJK = "\u3400-\u9fff\u3000-\u303f\uff00-\uffef"
HALF_WIDTH = re.compile(rf"[{CJK}][,;:?!]|[,;:?!][{CJK}]|[{CJK}]\( | \)[{CJK}]|[{CJK}] [{CJK}]")


def test_public_text_has_no_half_width_punctuation_or_stray_space_in_chinese(
    public: Path, internal: Path
) -> None:
    slips = []
    for site in (public, internal):
        for path in html_files(site):
            for text in parsed(path).texts:
                slips += [(path.name, text[max(0, m.start() - 8) : m.end() + 8])
                          for m in HALF_WIDTH.finditer(text)]  # fmt: skip
    assert not slips
