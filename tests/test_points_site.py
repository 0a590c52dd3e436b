"""The site publishes the points ledgers in counts only: no ledger file, note, member id,
total or grade; the 党员积分 page agrees with the ledger written, small groups are held
back, and the 积分标准 page lists every standard of schemas/points.yaml."""

from __future__ import annotations

import html
import re
import types
from collections import Counter
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import search_index
import yaml
from points_ledger import IDLE, MEMBERS, Ledger
from site_tree import SCHEMAS, build_tree, mkdocs_build, write_config

NOTE = "为社区独居老人代购药品"  # a declaration's note, unique in the tree
T01 = "市财政局第一党支部"
T03 = "市直测试3号党支部"
# M08 declares little all year (IDLE): 不合格 by the points.
GRADES = {m: "合格" for m in MEMBERS[:8]} | {"M01": "优秀", "M02": "优秀", "M08": "不合格"}
STANDARD = yaml.safe_load((SCHEMAS / "points.yaml").read_text("utf-8"))
REVIEW_DAYS = STANDARD["review_days"]
GRADE_WORDS = ("优秀", "合格", "基本合格", "不合格")
TEXT_SUFFIXES = (".html", ".json", ".xml", ".txt", ".js")


def _ledger(content: Path, code: str) -> Ledger:
    return Ledger(types.SimpleNamespace(year_dir=content / "branches" / code / "2025"))


def _build(base: Path, content: Path, scopes: tuple[str, ...]) -> dict[str, Path]:
    built = {}
    for scope in scopes:
        result = mkdocs_build(write_config(base, content, scope), base)
        assert result.returncode == 0, result.stderr
        built[scope] = base / f"site-{scope}-fail"
    return built


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> tuple[dict[str, Path], Path]:
    """T-01's ledger with a note, a member who declares little, a late review, an early one
    and a month never filed."""
    base = tmp_path_factory.mktemp("points-site")
    content = build_tree(base)
    ledger = _ledger(content, "T-01")
    ledger.extra[4] = [
        f"  - {{member: M03, standard: P37, date: 2025-04-10, note: {NOTE}, result: 通过}}"
    ]
    ledger.habits["M08"] = IDLE
    ledger.reviewed[6] = "2025-07-25"  # ten days late
    ledger.reviewed[9] = "2025-09-30"  # on the month's last day: too early
    ledger.write(GRADES)
    (ledger.folder / "2025-11.yaml").unlink()
    return _build(base, content, ("public", "internal")), ledger.folder


@pytest.fixture(scope="module")
def sites(written) -> dict[str, Path]:
    return written[0]


def _expected(folder: Path) -> dict[str, str]:
    """The T-01 row as the page should show it, worked out from the files written."""
    filed, on_time, reviewed = 0, 0, 0
    for month in range(1, 13):
        path = folder / f"2025-{month:02d}.yaml"
        if not path.is_file():
            continue
        filed += 1
        found = re.search(r"^reviewed_on: (\S+)$", path.read_text("utf-8"), re.M)
        if found:
            reviewed += 1
            end = date(2025, month + 1, 1) - timedelta(days=1) if month < 12 else date(2025, 12, 31)
            on_time += end < date.fromisoformat(found[1]) <= end + timedelta(days=REVIEW_DAYS)
    counts = Counter(GRADES.values())
    points = {s["id"]: s["points"] for s in STANDARD["standards"]}
    idle = sum(points[s] * count for s, count in IDLE) * filed  # within every cap
    # The others earn the daily part's 80 points (capped); everyone 好 from every rater: 20.
    average = (Decimal(7 * 100) + idle + 20) / 8
    row = {
        "名册人数": str(len(MEMBERS)),
        "参加定级": str(len(GRADES)),
        "参加定级占比": _percent(len(GRADES) / len(MEMBERS)),
        "按时申报": _percent(filed / 12),  # every month of 2025 has ended by the test's today
        "按时审核": _percent(on_time / reviewed),
        "平均总分": str(average.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)),
        "不参加定级": str(len(MEMBERS) - len(GRADES)),  # M09, a 预备党员
    }
    row.update({grade: str(counts.get(grade, 0)) for grade in GRADE_WORDS})
    return row


def _percent(value: float) -> str:
    return f"{value * 100:.1f}%".replace(".0%", "%")


def _tables(page: str) -> dict[str, list[dict[str, str]]]:
    """Each table of a page by its caption: rows as {header: cell text}."""
    found = {}
    for caption, body in re.findall(r"<caption>(.*?)</caption>(.*?)</table>", page, re.S):
        headers = [_text(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", body, re.S)]
        rows = re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>", 1)[1], re.S)
        cells = (re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows)
        found[_text(caption)] = [dict(zip(headers, map(_text, c), strict=True)) for c in cells]
    return found


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def _files(site: Path):
    for path in sorted(site.rglob("*")):
        if path.suffix in TEXT_SUFFIXES:
            yield path, path.read_text("utf-8", errors="replace")


@pytest.mark.parametrize("scope", ["public", "internal"])
def test_no_ledger_reaches_the_site_or_its_search_index(sites, scope: str) -> None:
    site = sites[scope]
    names = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()]
    assert not [n for n in names if "points/" in n or n.endswith("grading.yaml")]
    assert NOTE not in search_index.index_text(site)
    for path, text in _files(site):
        assert NOTE not in text, path


@pytest.mark.parametrize("scope", ["public", "internal"])
def test_the_points_page_counts_what_the_ledger_holds(written, scope: str) -> None:
    sites, folder = written
    page = (sites[scope] / "credits" / "index.html").read_text("utf-8")
    tables = _tables(page)
    expected = _expected(folder)
    (branch,) = tables["2025年度各党支部"]
    assert branch == {"党支部": T01, **expected}
    # One ledger: the committee and T-01's zone and level are T-01 alone.
    whole = {**expected, "支部数": "1"}
    assert tables["2025年度全工委"] == [{"全工委": "全工委", **whole}]
    assert tables["2025年度各责任区"] == [{"责任区": "第一责任区", **whole}]
    assert tables["2025年度各层级"] == [{"层级": "市直部门", **whole}]
    assert "党员积分" in page and "积分标准" in page  # both are in the navigation


@pytest.mark.parametrize("scope", ["public", "internal"])
def test_no_member_id_stands_next_to_a_grade_or_a_total(sites, scope: str) -> None:
    near = re.compile("|".join((*GRADE_WORDS, r"\d+(?:\.\d+)?\s*分")))
    for path, text in _files(sites[scope]):
        for found in re.finditer(r"M0[1-9]", text):
            around = text[max(0, found.start() - 80) : found.end() + 80]
            assert not near.search(around), (path, around)
    pages = (sites[scope] / "credits").rglob("*.html")
    assert not [p for p in pages if re.search(r"M0[1-9]", p.read_text("utf-8"))]


@pytest.mark.parametrize("scope", ["public", "internal"])
def test_the_search_index_holds_the_points_pages_but_no_member(sites, scope: str) -> None:
    docs = search_index.by_url(sites[scope])
    assert "党员积分" in docs["credits/"]["meta"]["title"]
    assert docs["credits/standard/"]["meta"]["title"] == "市直机关党员积分管理标准"
    assert not re.search(r"M0[1-9]", search_index.index_text(sites[scope]))


def test_the_standards_page_lists_all_fifty_standards_escaped(sites) -> None:
    standard = yaml.safe_load((SCHEMAS / "points.yaml").read_text("utf-8"))
    page = (sites["public"] / "credits" / "standard" / "index.html").read_text("utf-8")
    ids = [s["id"] for s in standard["standards"]]
    assert len(ids) == 50
    assert re.findall(r'<span id="(P\d\d)">', page) == ids
    rows = {r["编号"]: r for rows in _tables(page).values() for r in rows if "编号" in r}
    p06 = rows["P06"]
    assert (p06["名称"], p06["每次分值"], p06["每月上限"], p06["每年上限"]) == (
        "参加专题培训", "2", "4", "12",
    )  # fmt: skip
    assert p06["佐证"] == "须附（培训通知或结业证明）" and rows["P49"]["一票否决"] == "是"
    assert rows["P44"]["每年上限"] == "—"
    for words in ("三分之一", "日常积分", "预备党员", "长期外出流动党员", "90 分及以上"):
        assert words in page


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """T-01's ledger as written by default, and one of T-03 (another zone) whose members
    are mostly not graded: three graded members only."""
    base = tmp_path_factory.mktemp("points-small")
    content = build_tree(base)
    _ledger(content, "T-01").write()
    excused = "".join(
        f"  - {{member: {m}, category: leave, reason: 连续病假六个月以上}}\n" for m in MEMBERS[:5]
    )
    _ledger(content, "T-03").write({m: "合格" for m in MEMBERS[5:8]}, "not_graded:\n" + excused)
    return _build(base, content, ("public",))["public"]


def test_small_groups_show_no_grades_and_cannot_be_recovered_by_subtraction(small) -> None:
    tables = _tables((small / "credits" / "index.html").read_text("utf-8"))
    withheld = {"平均总分": "人数较少，不单列", **{g: "—" for g in (*GRADE_WORDS, "不参加定级")}}
    branches = {row["党支部"]: row for row in tables["2025年度各党支部"]}
    assert branches[T03]["参加定级"] == "3"
    assert branches[T03].items() >= withheld.items()
    # T-01 has 8 graded, but the committee's total minus T-01 would give T-03 away.
    assert branches[T01]["参加定级"] == "8" and branches[T01].items() >= withheld.items()
    zones = {row["责任区"]: row for row in tables["2025年度各责任区"]}
    assert zones["第二责任区"].items() >= withheld.items()
    assert zones["第一责任区"].items() >= withheld.items()  # the committee minus it is T-03
    (whole,) = tables["2025年度全工委"]
    assert (whole["参加定级"], whole["合格"], whole["优秀"], whole["不参加定级"]) == (
        "11", "9", "2", "7",
    )  # fmt: skip
    (level,) = tables["2025年度各层级"]  # both branches are 市直: the same as the committee
    assert level["合格"] == "9"
