"""The site's 考核排名 page and the home page's roll-up to the targets: built with `mkdocs
build --strict` from assessment inputs written to disk, in both scopes. No rater code,
ballot count or single rating reaches any built file or the search index; the ranking and
the roll-ups are the numbers `checker assess --format json` gives."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest
import search_index
from site_tree import (
    ASSESSMENT_CELLS,
    ASSESSMENT_RATERS,
    ASSESSMENT_TALLIES,
    SCHEMAS,
    TODAY,
    _remove_activities,
    build_tree,
    checker_assess,
    mkdocs_build,
    write_assessment,
    write_config,
)

from checker.dossier.site.generator import SiteOptions, generate_site

TEXT_SUFFIXES = (".html", ".json", ".xml", ".txt", ".js", ".css")
OURS = (".html", ".json", ".xml")  # the pages, the search index, the sitemap
PAGE = "evaluation/index.html"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    base = tmp_path_factory.mktemp("assessment-site")
    content = build_tree(base)
    write_assessment(content)
    sites = {}
    for scope in ("public", "internal"):
        result = mkdocs_build(write_config(base, content, scope), base)
        assert result.returncode == 0, result.stderr
        sites[scope] = base / f"site-{scope}-fail"
    return content, sites


def _files(site: Path, suffixes: tuple[str, ...]) -> list[tuple[str, str]]:
    return [
        (p.relative_to(site).as_posix(), p.read_text("utf-8", errors="replace"))
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.suffix in suffixes
    ]


def _token(number: int | str) -> re.Pattern[str]:
    """A number standing alone: not a digit of a longer number or a decimal."""
    return re.compile(rf"(?<![\w.]){re.escape(str(number))}(?![\w]|\.\d)")


@pytest.mark.parametrize("scope", ["public", "internal"])
def test_no_rater_ballot_or_rating_reaches_any_built_file(built, scope: str) -> None:
    site = built[1][scope]
    assert (site / PAGE).is_file()
    leaks = []
    for name, text in _files(site, TEXT_SUFFIXES):
        leaks += [(name, code) for code in ASSESSMENT_RATERS if code in text]
        leaks += [(name, cell) for cell in ASSESSMENT_CELLS if _token(cell).search(text)]
    assert leaks == []
    for name, text in _files(site, OURS):
        words = html.unescape(text)
        leaks += [(name, n) for n in ASSESSMENT_TALLIES if n > 99 and _token(n).search(words)]
    assert leaks == []
    # The words `checker assess` explains a ballot or a rating with (the codes page names
    # them, in its list of findings).
    for name in (PAGE, "index.html"):
        words = _text((site / name).read_text("utf-8"))
        assert [w for w in ("测评票", "人评分", "评分者") if w in words] == []
    # Nothing of the inputs' own folder is published either.
    assert not [p for p in site.rglob("*") if "assessment" in p.relative_to(site).parts]


@pytest.mark.parametrize("scope", ["public", "internal"])
def test_the_page_and_its_search_entries_show_no_tally(built, scope: str) -> None:
    """Small tallies (single ballots of a branch-sized organization) are not distinctive
    across the whole site, but the 考核排名 page itself has no number that is one."""
    site = built[1][scope]
    page = _text(_article((site / PAGE).read_text("utf-8")))
    docs = search_index.by_url(site)
    entries = [d["content"] for url, d in docs.items() if url.startswith("evaluation/")]
    assert entries, "the page is in the search index"
    for text in (page, *map(_text, entries)):
        numbers = {int(n) for n in re.findall(r"(?<![\d.])\d+(?![\d.%])", text)}
        assert numbers & set(ASSESSMENT_TALLIES) == set(), (numbers, text[:400])


def _article(page: str) -> str:
    return page[page.index("<article") : page.index("</article>")]


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


def _table(page: str, caption: str) -> list[list[str]]:
    start = page.index(f"<caption>{caption}</caption>")
    body = page[page.index("<tbody>", start) : page.index("</tbody>", start)]
    return [
        [_text(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


@pytest.mark.parametrize("scope", ["public", "internal"])
def test_the_ranking_is_the_order_and_totals_of_checker_assess(built, scope: str) -> None:
    content, sites = built
    expected = checker_assess(content)
    assert expected["findings"] == []
    page = (sites[scope] / PAGE).read_text("utf-8")
    rows = _table(page, "2025年度党组织考核排名")
    want = []
    for org in expected["organizations"]:
        place = org["ranks"]["overall"]
        parts = [f"{c['weighted']}{' 缺' if c['missing'] else ''}" for c in org["components"]]
        place_text = f"{place['rank']}{'并列' if place['tied'] else ''}"
        sums = [str(org["bonus"]), str(org["deduction"]), str(org["total"])]
        want.append([place_text, org["name"], *parts, *sums])
    assert [[r[0], r[1], *r[3:]] for r in rows] == want
    assert len(want) == 3 and want[0][-1] != want[1][-1]


def test_the_zones_compared_agree_with_the_ranking(built) -> None:
    content, sites = built
    orgs = checker_assess(content)["organizations"]
    page = (sites["public"] / PAGE).read_text("utf-8")
    rows = {r[0]: r for r in _table(page, "2025年度各责任区考核比较")}
    z2 = [o for o in orgs if o["zone"] == "Z2"]  # ORG-02 and ORG-03
    assert rows["第二责任区"][1] == "2"
    assert rows["第二责任区"][2] == f"{(z2[0]['total'] + z2[1]['total']) / 2:.2f}"
    best, lowest = sorted(z2, key=lambda o: -o["total"])
    assert rows["第二责任区"][3] == f"{best['name']}（{best['total']}）"
    assert rows["第二责任区"][4] == f"{lowest['name']}（{lowest['total']}）"


def test_the_page_is_in_the_navigation_after_the_ranking(built) -> None:
    page = (built[1]["public"] / "index.html").read_text("utf-8")
    tabs = re.findall(r'class="md-tabs__link[^"]*"[^>]*>\s*([^<]+?)\s*<', page)
    assert "考核排名" in tabs
    assert tabs.index("考核排名") == tabs.index("排名") + 1


@pytest.fixture(scope="module")
def short(tmp_path_factory) -> Path:
    """T-03 (the second zone's only branch) falls below 达标 in 2025: the committee is one
    branch short of its 80%, the zone one of its own. No assessment inputs at all."""
    content = build_tree(tmp_path_factory.mktemp("short"))
    dossier = content / "branches" / "T-03" / "2025" / "dossier.yaml"
    for record_type in ("志愿服务", "党员大会", "党课"):
        _remove_activities(dossier, record_type, 99)
    return content


def _site(content: Path, scope: str = "public") -> dict[str, str]:
    """The pages as the plugin gets them, without a build: the home page is what we read."""
    today = date.fromisoformat(TODAY)
    return generate_site(SiteOptions(content, SCHEMAS, scope=scope, today=today)).pages


def test_the_home_page_gap_is_the_rollup_of_checker_assess(short: Path) -> None:
    pages = _site(short)
    assert "evaluation/index.md" not in pages  # no inputs: no 考核排名 page
    rollups = checker_assess(short)["rollups"]
    rows = {r[0]: r for r in _table(pages["index.md"], "2025年度对照目标还需达标的党支部")}
    labels = {"committee": "全工委", "zone": "责任区 · ", "level": "层级 · "}
    seen = 0
    for rollup in rollups:
        if rollup["scope"] not in labels:
            continue
        label = labels[rollup["scope"]] + (rollup["name"] if rollup["scope"] != "committee" else "")
        row = rows[label]
        assert row[1] == f"{rollup['compliant']}/{rollup['branches']}"
        assert row[2] == "80%"
        assert row[3] == f"{rollup['needed']} 个"
        word = "已达到目标" if rollup["needed"] == 0 else f"还需 {rollup['needed']} 个支部达标"
        assert row[4] == word
        seen += 1
    assert seen == len(rows) == 4
    assert rows["全工委"][3] == "1 个" and rows["责任区 · 第二责任区"][3] == "1 个"
    assert rows["责任区 · 第一责任区"][4] == "已达到目标"


def test_the_bars_say_met_or_short_in_words_as_well_as_colour(short: Path) -> None:
    home = _site(short)["index.md"]
    gap = home[home.index("{#gap}") : home.index("{#trajectory}")]
    bars = re.findall(
        r'class="chart-bar (bar-met|bar-short)".*?class="chart-value"[^>]*>([^<]*)<', gap
    )
    assert ("bar-short", "0% 差1个") in bars
    assert ("bar-met", "100% 达到") in bars
    assert {css for css, _ in bars} == {"bar-met", "bar-short"}


def test_the_trajectory_is_checker_assess_s_in_a_chart_and_in_words(short: Path) -> None:
    home = _site(short, "internal")["index.md"]
    expected = checker_assess(short)["trajectory"]
    rows = _table(home, "历年目标与实际达标率")
    assert [r[0] for r in rows] == [f"{t['year']}年" for t in expected]
    for row, want in zip(rows, expected, strict=True):
        assert row[1] == f"{want['target'] * 100:g}%"
        assert row[3] == f"{want['compliant']}/{want['branches']}"
    chart = re.search(r'<svg class="chart chart-line chart-targets"[^>]*>', home)
    assert chart is not None
    label = html.unescape(re.search(r'aria-label="([^"]*)"', chart[0])[1])
    assert "2024年目标 50%，实际 33.3%" in label
    assert "2025年目标 80%，实际 66.7%" in label
    assert rows[1][4] == "未达到，差 1 个支部"


def test_the_internal_home_page_names_the_branches_closest_to_the_line(short: Path) -> None:
    """The committee and the second zone are one short: T-03 is the one to help. The public
    home page names no branch below 达标."""
    closest = next(r for r in checker_assess(short)["rollups"] if r["scope"] == "committee")
    (near,) = [n for n in closest["closest"] if n["branch"] == "T-03"]
    internal = _site(short, "internal")["index.md"]
    block = internal[internal.index('<div class="closest">') :]
    block = block[: block.index("</div>")]
    assert "全工委：" in block and "第二责任区：" in block
    assert block.count('href="branches/T-03/"') == 2
    assert f"（{near['total']:g} 分，{near['grade']}）" in block
    assert '<div class="closest">' not in _site(short)["index.md"]
