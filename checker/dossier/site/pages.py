"""The site's pages, generated from the engine's results: data in, ``{path: text}`` out.

This module knows nothing of MkDocs. Each page is Markdown with blocks of HTML (tables,
cards, inline SVG charts); every piece of text that comes from content is escaped here or
sanitized by ``sanitize``. The MkDocs plugin serves these pages from memory, and
``checker site export`` writes the very same pages to disk.

Pages (every page is an ``index.md`` in its own folder, so a link is the same whether the
site uses directory URLs or not):

- ``index.md``                    首页: shares against targets, grades, changes
- ``exemplars/index.md``          示范党支部: the gallery
- ``ranking/index.md``            排名: overall; ``ranking/zones/``, ``ranking/levels/``
- ``branches/index.md``           支部名录: by zone and parent organization
- ``branches/<code>/index.md``    one page per published branch (not in the global nav)
- ``standard/index.md``           标准: the items and their rules in plain Chinese
- ``weakness/index.md``           薄弱项分析: the items lost most often
- ``codes/index.md``              问题代码: one anchor per finding code
"""

from __future__ import annotations

import functools
import hashlib
import json
import posixpath
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Protocol

from checker.core import narrative_limits
from checker.core.codes import CODES, LEVEL_NAMES
from checker.dossier.history import HistoryPoint, changes
from checker.dossier.report.text import number
from checker.dossier.results import DossierResult, ItemResult
from checker.core.site import svg
from checker.dossier.site.aggregate import UNPLACED, Place, Share, Summary, YearSummary, competition, grade_index
from checker.dossier.site.collect import Branch, BranchYear, SiteData
from checker.dossier.site.describe import SOURCES, describe_item
from checker.core.site.sanitize import render_narrative

PUBLIC, INTERNAL = "public", "internal"
SCOPES = (PUBLIC, INTERNAL)

HOME = "index.md"
EXEMPLARS = "exemplars/index.md"
RANKING = "ranking/index.md"
RANKING_ZONES = "ranking/zones/index.md"
RANKING_LEVELS = "ranking/levels/index.md"
DIRECTORY = "branches/index.md"
STANDARD = "standard/index.md"
WEAKNESS = "weakness/index.md"
CODES_PAGE = "codes/index.md"
IMAGE_KINDS = ("png", "jpg", "jpeg")
NARRATIVE_TITLES = {"highlights.md": "特色亮点", "summary.md": "年度工作总结"}
HIGHLIGHT_BLOCKS = 3
EVIDENCE_OPEN = 12  # longer evidence lists are folded

# (year folder, path as cited or written) -> the site path the picture is served at, or None.
MediaResolver = Callable[[Path, str], str | None]
HistoryResolver = Callable[[str, int], list[HistoryPoint]]


class SchemaLink(Protocol):
    """A JSON Schema the site serves: its path under the site root, and its title."""

    uri: str
    title: str


def branch_page(code: str) -> str:
    return f"branches/{safe_id(code)}/index.md"


@dataclass(slots=True)
class GeneratedPages:
    pages: dict[str, str] = field(default_factory=dict)
    nav: list = field(default_factory=list)
    not_in_nav: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# Small helpers: escaping, links, formatting.

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:])")


def md(text: str) -> str:
    """Content text for a Markdown context (a heading): no markup, no HTML."""
    return _MD_SPECIAL.sub(r"\\\1", escape(str(text), quote=False)).replace("\n", " ")


def e(text: object) -> str:
    """Content text for HTML (text or a quoted attribute value): the one escaping path."""
    return escape(str(text), quote=True)


_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def safe_id(value: str) -> str:
    """An id or anchor for ``value``: the value itself when it has the shape of a validated
    code (letters, digits, ``-``), else a hash of it. Never markup, whatever ``value`` is."""
    if _SAFE_ID.fullmatch(value):
        return value
    return "x" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def anchor(kind: str, value: str) -> str:
    """The anchor of a group heading, e.g. ``zone-Z1``; ``kind-none`` for no value."""
    return f"{kind}-{safe_id(value) if value else 'none'}"


def url(src: str) -> str:
    """The folder URL of a page (every page is an index.md)."""
    folder = posixpath.dirname(src)
    return folder + "/" if folder else ""


@functools.lru_cache(maxsize=4096)
def link(from_src: str, to: str, anchor: str = "") -> str:
    """A relative URL from page ``from_src`` to page or file ``to``."""
    base = posixpath.dirname(from_src) or "."
    if to.endswith(".md"):
        target = posixpath.dirname(to) or "."
        rel = posixpath.relpath(target, base)
        rel = "./" if rel == "." else rel + "/"
    else:
        rel = posixpath.relpath(to, base)
    return rel + (f"#{anchor}" if anchor else "")


def pct(value: float) -> str:
    return svg.percent(value)


def signed_pct(value: float) -> str:
    points = value * 100
    if abs(points) < 0.05:
        return "持平"
    return f"{'+' if points > 0 else '−'}{abs(points):.1f} 个百分点"


def signed(value: Decimal) -> str:
    if value == 0:
        return "持平"
    return f"{'+' if value > 0 else '−'}{number(abs(value))} 分"


def front_matter(**values: object) -> str:
    """YAML front matter (as JSON, which YAML reads). The title is escaped: the theme puts
    ``page.meta.title`` into ``<title>`` and the navigation without escaping it."""
    lines = ["---"]
    for key, value in values.items():
        if key == "title":
            value = escape(str(value), quote=False)
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def html_block(*parts: str) -> str:
    """A raw HTML block for Markdown: one line, blank lines around it."""
    text = re.sub(r"\n{2,}", "\n", "".join(parts))  # a blank line would end the HTML block
    return f"\n{text}\n\n"


@dataclass(frozen=True, slots=True)
class Cell:
    text: str  # HTML, already escaped
    sort: str | None = None  # the value to sort by, when it differs from the text
    css: str = ""


def table(
    headers: Sequence[str | tuple[str, str]],
    rows: Iterable[Sequence[Cell | str]],
    css: str = "",
    sortable: bool = True,
    caption: str = "",
) -> str:
    """An HTML table. Header ``(name, "num")`` marks a numeric column (sorted as numbers)."""
    classes = " ".join(c for c in ("data-table", "sortable" if sortable else "", css) if c)
    head = []
    for header in headers:
        name, kind = header if isinstance(header, tuple) else (header, "")
        attrs = f' data-type="{kind}" class="{kind}"' if kind else ""
        head.append(f'<th scope="col"{attrs}>{e(name)}</th>')
    body = []
    for row in rows:
        cells = []
        for cell in row:
            if isinstance(cell, str):
                cell = Cell(cell)
            attrs = f' data-sort="{e(cell.sort)}"' if cell.sort is not None else ""
            attrs += f' class="{e(cell.css)}"' if cell.css else ""
            cells.append(f"<td{attrs}>{cell.text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{e(caption)}</caption>" if caption else ""
    return html_block(
        f'<div class="table-wrap"><table class="{classes}">{cap}<thead><tr>',
        "".join(head),
        "</tr></thead><tbody>",
        "".join(body),
        "</tbody></table></div>",
    )


def num_cell(value: Decimal | float | int, text: str | None = None) -> Cell:
    """A number (its text is ours: digits, %, signs; nothing to escape)."""
    if text is None:  # the text is the number: the sorter reads it as it is
        return Cell(number(value), css="num")
    return Cell(text, sort=f"{float(value):.4f}", css="num")


# ---------------------------------------------------------------------------------------
# The generator.


class SiteWriter:
    def __init__(
        self,
        data: SiteData,
        summary: Summary,
        scope: str,
        media: MediaResolver,
        schemas: Sequence[SchemaLink] = (),
        history: HistoryResolver | None = None,
    ) -> None:
        if scope not in SCOPES:
            raise ValueError(f"unknown scope {scope!r}")
        self.data = data
        self.schemas = list(schemas)
        self.history = history or (lambda _code, _year: [])
        self.summary = summary
        self.scope = scope
        self.media = media
        self.standard = data.standard
        self.org = data.organization
        self.limits = narrative_limits.limits_from(self.standard.settings)
        self.grades = [g.name for g in self.standard.grades]
        self.top = self.grades[0]
        self.latest = summary.latest
        self.by_code = {b.code: b for b in data.branches}
        self.exemplars = [
            self.by_code[code]
            for code in self.latest.order
            if self.latest.results[code].grade == self.top
        ]
        exemplar_codes = {b.code for b in self.exemplars}
        self.published = {
            b.code for b in data.branches if scope == INTERNAL or b.code in exemplar_codes
        }

    # -- names and links ---------------------------------------------------------------

    def zone_name(self, zone: str) -> str:
        return self.org.zones.get(zone, "") or ("未划分责任区" if zone == UNPLACED else zone)

    def level_name(self, level: str) -> str:
        return self.org.levels.get(level, "") or ("未划分层级" if level == UNPLACED else level)

    def org_name(self, branch: Branch) -> str:
        return branch.placement.get("organization_name", "") or branch.placement.get(
            "organization", ""
        )

    def branch_link(self, page: str, code: str, text: str | None = None) -> str:
        branch = self.by_code[code]
        label = e(text if text is not None else branch.name)
        if code in self.published:
            return f'<a href="{e(link(page, branch_page(code)))}">{label}</a>'
        return label

    def grade_badge(self, grade: str, vetoed: bool = False) -> str:
        index = grade_index(self.standard, grade)
        veto = '<span class="badge badge-veto" title="一票否决">否决</span>' if vetoed else ""
        return f'<span class="grade grade-{index}">{e(grade)}</span>{veto}'

    def code_link(self, page: str, code: str) -> str:
        return f'<a class="code" href="{e(link(page, CODES_PAGE, code))}">{e(code)}</a>'

    def scope_note(self) -> str:
        if self.scope == PUBLIC:
            return html_block(
                '<p class="scope-note">本站为公开版：只公布示范党支部的详细情况和各项汇总数据，'
                "其他党支部不逐一列出。</p>"
            )
        return html_block(
            '<p class="scope-note scope-internal">本站为内部版：列出全部党支部的得分和失分原因，'
            "请勿对外转发。</p>"
        )

    # -- all pages ---------------------------------------------------------------------

    def generate(self) -> GeneratedPages:
        out = GeneratedPages()
        out.pages[HOME] = self.home()
        out.pages[EXEMPLARS] = self.exemplar_gallery()
        out.pages[RANKING] = self.ranking()
        out.pages[RANKING_ZONES] = self.group_ranking("zone")
        out.pages[RANKING_LEVELS] = self.group_ranking("level")
        out.pages[DIRECTORY] = self.directory()
        out.pages[STANDARD] = self.standard_page()
        out.pages[WEAKNESS] = self.weakness()
        out.pages[CODES_PAGE] = self.codes_page()
        for branch in self.data.branches:
            if branch.code in self.published:
                out.pages[branch_page(branch.code)] = self.branch(branch)
                out.not_in_nav.append(branch_page(branch.code))
        out.nav = [
            {"首页": HOME},
            {"示范党支部": EXEMPLARS},
            {
                "排名": [
                    {"总排名": RANKING},
                    {"各责任区": RANKING_ZONES},
                    {"各层级": RANKING_LEVELS},
                ]
            },
            {"支部名录": DIRECTORY},
            {"薄弱项分析": WEAKNESS},
            {"标准": STANDARD},
            {"问题代码": CODES_PAGE},
        ]
        return out

    # -- home ----------------------------------------------------------------------------

    def home(self) -> str:
        page = HOME
        latest = self.latest
        share = latest.overall
        stats = [
            {"label": "参评党支部", "value": f"{share.total}", "unit": "个"},
            {"label": f"{latest.year}年达标率", "value": pct(share.value), "unit": ""},
            {
                "label": "年度目标",
                "value": pct(latest.target) if latest.target is not None else "未设定",
                "unit": "",
            },
            {"label": "示范党支部", "value": f"{latest.grades.get(self.top, 0)}", "unit": "个"},
        ]
        hero = {
            "committee": self.org.committee,
            "year": latest.year,
            "lead": self._home_lead(latest),
            "stats": stats,
            "links": [
                {"title": "示范党支部", "href": link(page, EXEMPLARS)},
                {"title": "排名", "href": link(page, RANKING)},
                {"title": "薄弱项分析", "href": link(page, WEAKNESS)},
            ],
        }
        out = [
            front_matter(title="首页", template="home.html", hide=["navigation", "toc"], hero=hero)
        ]
        out.append("# 党支部标准化建设总览\n\n")
        out.append(self.scope_note())
        out.append("## 达标率与年度目标 {#compliance}\n\n")
        out.append(
            f"“达标率”是等次为{e(self.standard.compliant_from)}及以上的党支部占参评党支部的比例；"
            "目标来自工委确定的年度目标。\n\n"
        )
        for year in sorted(self.summary.years, reverse=True):
            out.append(self._year_block(page, self.summary.years[year]))
        out.append("## 等次分布 {#grades}\n\n")
        out.append(self._grades_block())
        out.append("## 与上年相比 {#changes}\n\n")
        if not self.summary.changes:
            out.append("只有一个年度的数据，暂无同比变化。\n\n")
        for year in sorted(self.summary.changes, reverse=True):
            out.append(self._change_block(page, year))
        return "".join(out)

    def _home_lead(self, latest: YearSummary) -> str:
        share = latest.overall
        text = (
            f"{latest.year}年度共 {share.total} 个党支部参加标准化建设考核，"
            f"{share.compliant} 个达到{self.standard.compliant_from}及以上等次，"
            f"达标率 {pct(share.value)}"
        )
        if share.target is not None:
            verdict = "已达到" if share.met else "尚未达到"
            text += f"，{verdict}年度目标 {pct(share.target)}"
        return text + "。"

    def _year_block(self, page: str, summary: YearSummary) -> str:
        share = summary.overall
        out = [f"### {summary.year} 年度 {{#y{summary.year}}}\n\n"]
        target = (
            f"，目标 {pct(share.target)}，{'已达到' if share.met else '未达到'}目标"
            if share.target is not None
            else "，未设定目标"
        )
        out.append(
            f"参评 {share.total} 个，达标及以上 {share.compliant} 个，"
            f"达标率 **{pct(share.value)}**{target}。\n\n"
        )
        zone_bars = [svg.Bar("全部", share.value, share.target, "bar-all", _frac(share))]
        zone_bars += [
            svg.Bar(self.zone_name(z), s.value, s.target, "", _frac(s))
            for z, s in self._ordered(summary.by_zone, self.org.zones)
        ]
        level_bars = [
            svg.Bar(self.level_name(lv), s.value, s.target, "", _frac(s))
            for lv, s in self._ordered(summary.by_level, self.org.levels)
        ]
        out.append(
            html_block(
                '<div class="chart-grid">',
                '<figure class="chart-card"><figcaption>按责任区</figcaption>',
                svg.hbar_chart(zone_bars, f"{summary.year}年各责任区达标率与目标"),
                "</figure>",
                '<figure class="chart-card"><figcaption>按层级</figcaption>',
                svg.hbar_chart(level_bars, f"{summary.year}年各层级达标率与目标"),
                "</figure></div>",
            )
        )
        rows = [self._share_row("全部", share)]
        rows += [
            self._share_row(f"责任区 · {self.zone_name(z)}", s)
            for z, s in self._ordered(summary.by_zone, self.org.zones)
        ]
        rows += [
            self._share_row(f"层级 · {self.level_name(lv)}", s)
            for lv, s in self._ordered(summary.by_level, self.org.levels)
        ]
        out.append(
            table(
                [
                    "范围",
                    ("参评", "num"),
                    ("达标", "num"),
                    ("达标率", "num"),
                    ("目标", "num"),
                    "对照目标",
                ],
                rows,
                caption=f"{summary.year}年度达标率",
            )
        )
        return "".join(out)

    def _share_row(self, label: str, share: Share) -> list[Cell | str]:
        if share.target is None:
            verdict = Cell("—")
            target = Cell("—", sort="-1", css="num")
        else:
            gap = share.value - share.target
            verdict = (
                Cell('<span class="ok">达到</span>', sort="1")
                if share.met
                else Cell(f'<span class="short">差 {e(pct(-gap))}</span>', sort="0")
            )
            target = num_cell(share.target, pct(share.target))
        return [
            e(label),
            num_cell(share.total),
            num_cell(share.compliant),
            num_cell(share.value, pct(share.value)),
            target,
            verdict,
        ]

    @staticmethod
    def _ordered(groups: dict[str, Share], order: dict[str, str]) -> list[tuple[str, Share]]:
        known = [(k, groups[k]) for k in order if k in groups]
        return known + [(k, v) for k, v in groups.items() if k not in order]

    def _grades_block(self) -> str:
        rows = []
        for year in sorted(self.summary.years):
            counts = self.summary.years[year].grades
            rows.append(
                (
                    f"{year}年",
                    [
                        svg.Segment(g, counts.get(g, 0), f"grade-{i}")
                        for i, g in enumerate(self.grades)
                    ],
                )
            )
        chart = svg.stacked_chart(rows, "各年度等次分布")
        table_rows = []
        for year in sorted(self.summary.years, reverse=True):
            summary = self.summary.years[year]
            table_rows.append(
                [f"{year}年", num_cell(summary.overall.total)]
                + [num_cell(summary.grades.get(g, 0)) for g in self.grades]
                + [num_cell(summary.mean_total)]
            )
        return html_block('<figure class="chart-card wide">', chart, "</figure>") + table(
            ["年度", ("参评", "num"), *((g, "num") for g in self.grades), ("平均分", "num")],
            table_rows,
            caption="等次分布（个）",
        )

    def _names(self, page: str, codes: list[str]) -> str:
        return "、".join(self.branch_link(page, code) for code in codes)

    def _change_block(self, page: str, year: int) -> str:
        change = self.summary.changes[year]
        now = self.summary.years[year]
        before = self.summary.years[change.previous]
        out = [f"### {change.previous} → {year} {{#change-{year}}}\n\n"]
        items = [
            f"达标率由 {pct(before.overall.value)} 变为 {pct(now.overall.value)}"
            f"({signed_pct(change.share_delta)})",
            f"平均分由 {number(before.mean_total)} 变为 {number(now.mean_total)}"
            f"({signed(change.mean_delta)})",
            f"两年均参评的党支部中，等次上升 {len(change.up)} 个，下降 {len(change.down)} 个，"
            f"持平 {change.same} 个",
        ]
        if change.newly_compliant:
            items.append(
                f"新达到{self.standard.compliant_from}及以上的 {len(change.newly_compliant)} 个"
            )
        if change.new_top:
            names = self._names(page, change.new_top)
            items.append(f"新晋{self.top}党支部 {len(change.new_top)} 个：{names}")
        if self.scope == INTERNAL:
            if change.up:
                items.append(f"等次上升：{self._names(page, change.up)}")
            if change.down:
                items.append(f"等次下降：{self._names(page, change.down)}")
        out.append(
            html_block('<ul class="change-list">', *(f"<li>{i}</li>" for i in items), "</ul>")
        )
        rows = []
        for zone, delta in change.zone_delta.items():
            rows.append(
                [
                    e(f"责任区 · {self.zone_name(zone)}"),
                    num_cell(before.by_zone[zone].value, pct(before.by_zone[zone].value)),
                    num_cell(now.by_zone[zone].value, pct(now.by_zone[zone].value)),
                    Cell(e(signed_pct(delta)), sort=f"{delta:.4f}", css=_trend_css(delta)),
                ]
            )
        for level, delta in change.level_delta.items():
            rows.append(
                [
                    e(f"层级 · {self.level_name(level)}"),
                    num_cell(before.by_level[level].value, pct(before.by_level[level].value)),
                    num_cell(now.by_level[level].value, pct(now.by_level[level].value)),
                    Cell(e(signed_pct(delta)), sort=f"{delta:.4f}", css=_trend_css(delta)),
                ]
            )
        out.append(
            table(
                ["范围", (f"{change.previous}年", "num"), (f"{year}年", "num"), ("变化", "num")],
                rows,
                caption="达标率变化",
            )
        )
        moves = [(i, d) for i, d in change.item_delta if d != 0][:6]
        if moves:
            out.append(
                table(
                    ["条目", ("平均得分变化", "num")],
                    [
                        [
                            f"{e(i)} {e(self.standard.items[i].title)}",
                            Cell(e(signed(d)), sort=f"{d:.4f}", css=_trend_css(float(d))),
                        ]
                        for i, d in moves
                    ],
                    caption="平均得分变化最大的条目",
                )
            )
        return "".join(out)

    # -- exemplars -----------------------------------------------------------------------

    def exemplar_gallery(self) -> str:
        page = EXEMPLARS
        latest = self.latest
        out = [front_matter(title="示范党支部", hide=["navigation", "toc"])]
        out.append("# 示范党支部\n\n")
        out.append(
            f"{latest.year}年度总分达到{self.top}等次的党支部，共 {len(self.exemplars)} 个，"
            "按总分从高到低排列。照片和亮点摘自各支部的佐证材料和“特色亮点”。\n\n"
        )
        if not self.exemplars:
            out.append(f"{latest.year}年度暂无{self.top}党支部。\n\n")
            return "".join(out)
        cards = [self._card(page, branch) for branch in self.exemplars]
        out.append(html_block('<div class="exemplar-grid">', *cards, "</div>"))
        return "".join(out)

    def _photo(self, year: BranchYear) -> tuple[str, str] | None:
        """The first usable picture among the evidence: items first, then activities."""
        candidates = [ev for ev in year.evidence if ev.kind in IMAGE_KINDS]
        candidates.sort(key=lambda ev: (not re.match(r"^A\d", ev.cited_by[0]), 0))
        for evidence in candidates:
            uri = self.media(year.year_dir, evidence.path)
            if uri is not None:
                return uri, posixpath.basename(evidence.path).rsplit(".", 1)[0]
        return None

    def _card(self, page: str, branch: Branch) -> str:
        year = branch.latest
        result = year.result
        place = self.latest.ranks[branch.code].overall
        photo = self._photo(year)
        if photo:
            uri, alt = photo
            image = (
                f'<img class="card-photo" src="{e(link(page, uri))}" alt="{e(alt)}" loading="lazy">'
            )
        else:
            image = '<div class="card-photo card-photo-none" aria-hidden="true">★</div>'
        highlights = year.narratives.get("highlights.md")
        excerpt = ""
        if highlights is not None:
            excerpt = render_narrative(
                _excerpt(highlights.text), self._image_resolver(year), 3, self.limits
            )
        href = e(link(page, branch_page(branch.code)))
        return (
            f'<article class="exemplar-card" data-branch="{e(branch.code)}">'
            f'<a class="card-media" href="{href}" tabindex="-1">{image}</a>'
            '<div class="card-body">'
            f'<h2 class="card-title"><a href="{href}">{e(branch.name)}</a></h2>'
            f'<p class="card-org">{e(self.org_name(branch))}</p>'
            f'<p class="card-score"><span class="score-number">{e(number(result.total))}</span>'
            f'<span class="score-unit">分</span>{self.grade_badge(result.grade)}'
            f'<span class="card-rank">第 {place.rank} 名</span></p>'
            f'<div class="card-highlights">{excerpt}</div>'
            f'<p class="card-more"><a href="{href}">查看详情 →</a></p>'
            "</div></article>"
        )

    def _image_resolver(self, year: BranchYear) -> Callable[[str], str | None]:
        def resolve(src: str) -> str | None:
            uri = self.media(year.year_dir, src)
            return link(branch_page(year.result.branch), uri) if uri else None

        return resolve

    # -- rankings ------------------------------------------------------------------------

    def _ranking_explained(self) -> str:
        return (
            '!!! info "名次怎样排"\n\n'
            f"    先按等次（{'、'.join(self.grades)}）排，同一等次内按总分从高到低排。"
            f"触发一票否决的党支部等次为{e(self.standard.veto_grade)}，排在该等次中。"
            "总分和等次都相同的并列同一名次，下一名次顺延：例如两个支部并列第 2 名，"
            "下一个支部为第 4 名。并列的支部按编号顺序列出，名次旁标“并列”。\n\n"
        )

    def _place(self, place: Place) -> Cell:
        tied = '<span class="tie">并列</span>' if place.tied else ""
        return Cell(f"{place.rank}{tied}", sort=str(place.rank), css="num")

    def _visible(self, codes: Iterable[str]) -> list[str]:
        return [c for c in codes if c in self.published]

    def ranking(self) -> str:
        page = RANKING
        latest = self.latest
        out = [front_matter(title="排名", hide=["toc"])]
        out.append(f"# {latest.year}年度排名\n\n")
        out.append(self._ranking_explained())
        out.append(self.scope_note())
        rows = []
        for code in self._visible(latest.order):
            branch = self.by_code[code]
            result = latest.results[code]
            ranks = latest.ranks[code]
            rows.append(
                [
                    self._place(ranks.overall),
                    self.branch_link(page, code),
                    e(self.org_name(branch)),
                    e(self.zone_name(branch.zone())),
                    e(self.level_name(branch.level())),
                    num_cell(result.total),
                    Cell(
                        self.grade_badge(result.grade, result.vetoed),
                        sort=str(grade_index(self.standard, result.grade)),
                    ),
                    self._place(ranks.zone),
                    self._place(ranks.level),
                ]
            )
        out.append(f"共 {len(latest.order)} 个党支部参评。点击表头可排序。\n\n")
        out.append(
            table(
                [
                    ("名次", "num"),
                    "党支部",
                    "上级党组织",
                    "责任区",
                    "层级",
                    ("总分", "num"),
                    ("等次", "num"),
                    ("责任区内", "num"),
                    ("层级内", "num"),
                ],
                rows,
                caption=f"{latest.year}年度总排名",
                css="ranking",
            )
        )
        if len(self.summary.years) > 1:
            out.append("## 历年名次 {#history}\n\n")
            years = sorted(self.summary.years)
            history = []
            for code in self._visible(latest.order):
                row: list[Cell | str] = [self.branch_link(page, code)]
                for year in years:
                    ranks = self.summary.years[year].ranks.get(code)
                    row.append(self._place(ranks.overall) if ranks else Cell("—", sort="99999"))
                history.append(row)
            out.append(
                table(
                    ["党支部", *((f"{y}年", "num") for y in years)], history, caption="历年总排名"
                )
            )
        return "".join(out)

    def group_ranking(self, key: str) -> str:
        page = RANKING_ZONES if key == "zone" else RANKING_LEVELS
        latest = self.latest
        word = "责任区" if key == "zone" else "层级"
        groups = latest.by_zone if key == "zone" else latest.by_level
        order = self.org.zones if key == "zone" else self.org.levels
        name = self.zone_name if key == "zone" else self.level_name
        out = [front_matter(title=f"各{word}排名", hide=["toc"])]
        out.append(f"# {latest.year}年度各{word}排名\n\n")
        out.append(
            f"## {word}达标率排名 {{#groups}}\n\n"
            f"各{word}按达标率从高到低排名；达标率相同的并列同一名次，下一名次顺延。\n\n"
        )
        ordered = sorted(
            self._ordered(groups, order), key=lambda kv: (-round(kv[1].value, 9), name(kv[0]))
        )
        places = competition([(-round(s.value, 9),) for _k, s in ordered])
        members: dict[str, list[str]] = {}
        for code in latest.order:
            members.setdefault(getattr(self.by_code[code], key)(), []).append(code)
        rows = []
        for (group, share), place in zip(ordered, places, strict=True):
            codes = members.get(group, [])
            mean = sum((latest.results[c].total for c in codes), Decimal(0)) / (len(codes) or 1)
            tops = sum(1 for c in codes if latest.results[c].grade == self.top)
            rows.append(
                [
                    self._place(place),
                    f'<a href="#{anchor(key, group)}">{e(name(group))}</a>',
                    num_cell(share.total),
                    num_cell(share.compliant),
                    num_cell(share.value, pct(share.value)),
                    num_cell(mean),
                    num_cell(tops),
                ]
            )
        out.append(
            table(
                [
                    ("名次", "num"),
                    word,
                    ("参评", "num"),
                    ("达标", "num"),
                    ("达标率", "num"),
                    ("平均分", "num"),
                    (f"{self.top}", "num"),
                ],
                rows,
                caption=f"各{word}达标率排名",
            )
        )
        out.append(f"## {word}内排名 {{#within}}\n\n")
        out.append(self._ranking_explained())
        out.append(self.scope_note())
        for group, _share in ordered:
            codes = members.get(group, [])
            out.append(f"### {md(name(group))} {{#{anchor(key, group)}}}\n\n")
            visible = self._visible(codes)
            if not visible:
                out.append(f"本{word}共 {len(codes)} 个党支部参评，暂无{self.top}党支部。\n\n")
                continue
            rows = []
            for code in visible:
                result = latest.results[code]
                ranks = latest.ranks[code]
                rows.append(
                    [
                        self._place(ranks.zone if key == "zone" else ranks.level),
                        self.branch_link(page, code),
                        e(self.org_name(self.by_code[code])),
                        num_cell(result.total),
                        Cell(
                            self.grade_badge(result.grade, result.vetoed),
                            sort=str(grade_index(self.standard, result.grade)),
                        ),
                        self._place(ranks.overall),
                    ]
                )
            out.append(f"本{word}共 {len(codes)} 个党支部参评。\n\n")
            out.append(
                table(
                    [
                        (f"{word}内名次", "num"),
                        "党支部",
                        "上级党组织",
                        ("总分", "num"),
                        ("等次", "num"),
                        ("总名次", "num"),
                    ],
                    rows,
                    caption=f"{name(group)}内排名",
                )
            )
        return "".join(out)

    # -- directory -----------------------------------------------------------------------

    def directory(self) -> str:
        page = DIRECTORY
        latest = self.latest
        out = [front_matter(title="支部名录", hide=["navigation"])]
        out.append("# 支部名录\n\n")
        out.append("按责任区和上级党组织列出有详情页的党支部。\n\n")
        out.append(self.scope_note())
        by_zone: dict[str, dict[str, list[Branch]]] = {}
        for branch in self.data.branches:
            if branch.code not in self.published:
                continue
            by_zone.setdefault(branch.zone(), {}).setdefault(
                branch.placement.get("organization", ""), []
            ).append(branch)
        zones = [z for z in self.org.zones if z in by_zone] + [
            z for z in by_zone if z not in self.org.zones
        ]
        if not zones:
            out.append("暂无可公开的党支部详情页。\n\n")
        for zone in zones:
            out.append(f"## {md(self.zone_name(zone))} {{#{anchor('zone', zone)}}}\n\n")
            orgs = by_zone[zone]
            for org_id in sorted(
                orgs,
                key=lambda o: (
                    list(self.org.organizations).index(o) if o in self.org.organizations else 10**6
                ),
            ):
                branches = orgs[org_id]
                org_name = self.org_name(branches[0])
                out.append(f"### {md(org_name or org_id)} {{#{anchor('org', org_id)}}}\n\n")
                rows = []
                for branch in branches:
                    result = branch.latest.result
                    rows.append(
                        [
                            e(branch.code),
                            self.branch_link(page, branch.code),
                            e(self.level_name(branch.level())),
                            num_cell(result.year or 0),
                            num_cell(result.total),
                            Cell(
                                self.grade_badge(result.grade, result.vetoed),
                                sort=str(grade_index(self.standard, result.grade)),
                            ),
                        ]
                    )
                out.append(
                    table(
                        [
                            "编号",
                            "党支部",
                            "层级",
                            ("年度", "num"),
                            ("总分", "num"),
                            ("等次", "num"),
                        ],
                        rows,
                    )
                )
        if latest.order and self.scope == PUBLIC:
            out.append(
                f"全部 {len(latest.order)} 个参评党支部的汇总数据见[首页](../index.md)"
                "和[排名](../ranking/index.md)。\n\n"
            )
        return "".join(out)

    # -- branch pages ----------------------------------------------------------------------

    def branch(self, branch: Branch) -> str:
        page = branch_page(branch.code)
        year = branch.latest
        result = year.result
        summary = self.summary.years[year.year]
        ranks = summary.ranks[branch.code]
        out = [front_matter(title=branch.name, hide=["navigation"])]
        out.append(f"# {md(branch.name)}\n\n")
        facts = [
            ("支部编号", e(branch.code)),
            ("上级党组织", e(self.org_name(branch))),
            ("责任区", e(self.zone_name(branch.zone()))),
            ("层级", e(self.level_name(branch.level()))),
        ]
        out.append(
            html_block(
                '<dl class="branch-facts">',
                *(f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in facts),
                "</dl>",
            )
        )
        veto = (
            f'<p class="veto-reason">一票否决：{e(result.veto_reason)}</p>' if result.vetoed else ""
        )
        out.append(
            html_block(
                f'<div class="score-card" data-branch="{e(branch.code)}" '
                f'data-year="{year.year}" data-total="{e(number(result.total))}" '
                f'data-max="{e(number(result.max))}" data-grade="{e(result.grade)}">',
                f'<div class="score-main"><span class="score-year">{year.year}年度</span>',
                f'<span class="score-number">{e(number(result.total))}</span>',
                f'<span class="score-unit">/ {e(number(result.max))} 分</span>',
                self.grade_badge(result.grade, result.vetoed),
                "</div>",
                '<ul class="score-ranks">',
                f"<li>总排名 <b>{ranks.overall.rank}</b> / {ranks.overall.of}"
                f"{'（并列）' if ranks.overall.tied else ''}</li>",
                f"<li>责任区内 <b>{ranks.zone.rank}</b> / {ranks.zone.of}"
                f"{'（并列）' if ranks.zone.tied else ''}</li>",
                f"<li>层级内 <b>{ranks.level.rank}</b> / {ranks.level.of}"
                f"{'（并列）' if ranks.level.tied else ''}</li>",
                "</ul>",
                veto,
                "</div>",
            )
        )
        out.append("## 历年得分 {#trend}\n\n")
        out.append(self._trend(page, branch))
        out.append(self._history(page, branch, year.year))
        out.append(f"## {year.year}年度各方面得分 {{#aspects}}\n\n")
        out.append(self._aspects(result))
        out.append(f"## {year.year}年度逐项得分 {{#items}}\n\n")
        out.append(self._sources_legend())
        out.append(self._items(page, result, only_lost=False))
        for name in ("highlights.md", "summary.md"):
            narrative = year.narratives.get(name)
            if narrative is None:
                continue
            out.append(f"## {NARRATIVE_TITLES[name]} {{#{name.removesuffix('.md')}}}\n\n")
            html = render_narrative(
                _untitled(narrative.text), self._image_resolver(year), 2, self.limits
            )
            out.append(html_block('<div class="narrative">', html, "</div>"))
        out.append(f"## {year.year}年度组织生活 {{#meetings}}\n\n")
        out.append(self._attendance(year))
        out.append(f"## {year.year}年度佐证材料 {{#evidence}}\n\n")
        out.append(self._evidence(year))
        older = [y for y in branch.years.values() if y.year != year.year]
        if older:
            out.append("## 往年详情 {#earlier}\n\n")
            for earlier in sorted(older, key=lambda y: y.year, reverse=True):
                out.append(self._earlier(page, earlier))
        return "".join(out)

    def _trend(self, page: str, branch: Branch) -> str:
        points = [(f"{y}年", float(by.result.total)) for y, by in branch.years.items()]
        guides = [(g.name, float(g.min)) for g in self.standard.grades if g.min > 0]
        chart = svg.line_chart(
            points, f"{branch.name}历年总分", float(self.standard.total), guides, fmt=_g
        )
        rows = []
        for y, by in sorted(branch.years.items(), reverse=True):
            result = by.result
            ranks = self.summary.years[y].ranks[branch.code]
            rows.append(
                [
                    f"{y}年",
                    num_cell(result.total),
                    Cell(
                        self.grade_badge(result.grade, result.vetoed),
                        sort=str(grade_index(self.standard, result.grade)),
                    ),
                    self._place(ranks.overall),
                    self._place(ranks.zone),
                    self._place(ranks.level),
                ]
            )
        return html_block('<figure class="chart-card wide">', chart, "</figure>") + table(
            [
                "年度",
                ("总分", "num"),
                ("等次", "num"),
                ("总名次", "num"),
                ("责任区内", "num"),
                ("层级内", "num"),
            ],
            rows,
            caption="历年得分与名次",
        )

    def _history(self, page: str, branch: Branch, year: int) -> str:
        """The score of this year's dossier at each commit that changed it (from git)."""
        points = [p for p in self.history(branch.code, year) if p.scored]
        if len(points) < 2:
            return ""
        out = [f"## {year}年度台账修改记录 {{#history}}\n\n"]
        out.append(
            f"本年度台账（以及标准、组织信息）每次修改提交后的得分，按提交先后排列，"
            f"共 {len(points)} 个版本；“变化”列出与上一版本相比得分有增减的条目。\n\n"
        )
        labels = [f"第{n}版" for n in range(1, len(points) + 1)]
        chart = svg.line_chart(
            list(zip(labels, (float(p.total) for p in points), strict=True)),
            f"{branch.name}{year}年度台账各版本总分",
            float(self.standard.total),
            [(g.name, float(g.min)) for g in self.standard.grades if g.min > 0],
            fmt=_g,
        )
        rows = []
        for number_, (point, delta) in enumerate(zip(points, changes(points), strict=True), 1):
            moved = "、".join(
                f'<a href="{e(link(page, STANDARD, safe_id(item)))}">{e(item)}</a> '
                f"{'+' if diff > 0 else '−'}{e(number(abs(diff)))}"
                for item, diff in sorted(delta.items(), key=lambda kv: _item_sort(kv[0]))
            )
            rows.append(
                [
                    Cell(str(number_), sort=f"{number_:06d}"),
                    e(point.date[:10]) if point.date else "—",
                    f"<code>{e(point.short)}</code>" if point.short else "未提交的修改",
                    num_cell(point.total),
                    Cell(
                        self.grade_badge(point.grade, point.vetoed),
                        sort=str(grade_index(self.standard, point.grade)),
                    ),
                    moved or ('<span class="none">—</span>' if number_ > 1 else "首个版本"),
                ]
            )
        out.append(html_block('<figure class="chart-card wide">', chart, "</figure>"))
        out.append(
            table(
                [("序号", "num"), "日期", "版本", ("总分", "num"), ("等次", "num"), "变化"],
                rows,
                caption="台账各版本的得分",
            )
        )
        return "".join(out)

    def _aspects(self, result: DossierResult, with_chart: bool = True) -> str:
        rows = [
            [
                e(a.id),
                e(a.name),
                num_cell(a.score),
                num_cell(a.max),
                num_cell(
                    float(a.score / a.max) if a.max else 0,
                    pct(float(a.score / a.max)) if a.max else "—",
                ),
            ]
            for a in result.aspects
        ]
        listing = table(
            ["编号", "方面", ("得分", "num"), ("满分", "num"), ("得分率", "num")],
            rows,
            caption="各方面得分",
        )
        if not with_chart:
            return listing
        bars = [
            svg.Bar(
                f"{a.id} {a.name}",
                float(a.score / a.max) if a.max else 0.0,
                None,
                "",
                f"{number(a.score)}/{number(a.max)}",
            )
            for a in result.aspects
        ]
        chart = svg.hbar_chart(bars, "各方面得分率")
        return html_block('<figure class="chart-card wide">', chart, "</figure>") + listing

    def _sources_legend(self) -> str:
        badges = "".join(
            f"<li>{_source_badge(source)} {e(words)}</li>"
            for source, (_n, words) in SOURCES.items()
        )
        return html_block(f'<ul class="source-legend">{badges}</ul>')

    def _reasons(self, page: str, item: ItemResult) -> str:
        reasons = []
        if item.na:
            reasons.append(f'<span class="na">不适用：{e(item.note)}</span>')
        for finding in item.findings:
            reasons.append(f"<li>{self.code_link(page, finding.code)} {e(finding.message)}</li>")
        if item.source == "review" and item.note and not item.findings:
            reasons.append(f'<span class="note">督导组意见：{e(item.note)}</span>')
        lis = [r for r in reasons if r.startswith("<li>")]
        others = [r for r in reasons if not r.startswith("<li>")]
        text = "".join(others)
        if lis:
            text += '<ul class="reasons">' + "".join(lis) + "</ul>"
        return text or '<span class="none">—</span>'

    def _items(self, page: str, result: DossierResult, only_lost: bool) -> str:
        aspects = {a.id: a.name for a in result.aspects}
        rows = []
        for item in result.items:
            if only_lost and item.score >= item.max and not item.findings:
                continue
            lost = item.max - item.score
            rows.append(
                [
                    e(item.id),
                    f'{e(item.title)}<span class="aspect">{e(aspects.get(item.aspect, ""))}</span>',
                    num_cell(item.score),
                    num_cell(item.max),
                    num_cell(lost, number(lost) if lost else "—"),
                    Cell(_source_badge(item.source), sort=item.source),
                    self._reasons(page, item),
                ]
            )
        if not rows:
            return "各条目均得满分。\n\n"
        return table(
            [
                "条目",
                "名称",
                ("得分", "num"),
                ("满分", "num"),
                ("失分", "num"),
                "来源",
                "失分原因与说明",
            ],
            rows,
            css="items",
            caption="逐项得分",
        )

    def _attendance(self, year: BranchYear) -> str:
        if not year.attendance:
            return "台账中没有活动记录。\n\n"
        rows = []
        for row in year.attendance:
            rate = row.present / row.expected if row.expected else None
            rows.append(
                [
                    e(row.type),
                    num_cell(row.count),
                    num_cell(row.expected) if row.expected else Cell("—", sort="-1"),
                    num_cell(row.present) if row.expected else Cell("—", sort="-1"),
                    num_cell(rate, pct(rate)) if rate is not None else Cell("—", sort="-1"),
                ]
            )
        return "到会情况只公布人次，不公布个人。\n\n" + table(
            [
                "活动类型",
                ("次数", "num"),
                ("应到人次", "num"),
                ("实到人次", "num"),
                ("到会率", "num"),
            ],
            rows,
            caption="组织生活与到会情况",
        )

    def _evidence(self, year: BranchYear) -> str:
        if not year.evidence:
            return "台账中没有引用佐证材料。\n\n"
        rows = []
        for evidence in year.evidence:
            rows.append(
                [
                    e(posixpath.basename(evidence.path)),
                    e(_KIND_NAMES.get(evidence.kind, evidence.kind.upper() or "—")),
                    e("、".join(evidence.cited_by)),
                ]
            )
        listing = table(["材料", "类型", "用于"], rows, caption="佐证材料清单").strip()
        intro = f"共 {len(year.evidence)} 份。佐证材料原件由党支部留存备查，本站只列出名称。\n\n"
        if len(rows) <= EVIDENCE_OPEN:
            return intro + html_block(listing)
        return intro + html_block(
            f'<details class="evidence-list"><summary>展开全部 {len(rows)} 份材料</summary>',
            listing,
            "</details>",
        )

    def _earlier(self, page: str, year: BranchYear) -> str:
        result = year.result
        summary = f"{year.year}年度：{number(result.total)} 分，{e(result.grade)}" + (
            "，一票否决" if result.vetoed else ""
        )
        parts = [
            f'<details class="earlier-year"><summary>{summary}</summary>',
            self._aspects(result, with_chart=False).strip(),
            self._items(page, result, only_lost=True).strip()
            if any(i.score < i.max or i.findings for i in result.items)
            else "<p>各条目均得满分。</p>",
        ]
        for name in ("highlights.md", "summary.md"):
            narrative = year.narratives.get(name)
            if narrative is not None:
                html = render_narrative(
                    _untitled(narrative.text), self._image_resolver(year), 3, self.limits
                )
                parts.append(
                    f'<h3>{NARRATIVE_TITLES[name]}</h3><div class="narrative">{html}</div>'
                )
        parts.append("</details>")
        return html_block(*parts)

    # -- standard, weakness, codes -------------------------------------------------------

    def standard_page(self) -> str:
        std = self.standard
        out = [front_matter(title="标准", hide=["navigation"])]
        out.append(f"# {md(std.title)}\n\n")
        out.append(
            f"标准编号 `{e(std.id)}`，版本 {e(std.version)}。共 {len(std.aspects)} 个方面、"
            f"{len(std.items)} 项，满分 {number(std.total)} 分。本页由标准数据自动生成，"
            "与评分程序使用的是同一份标准。\n\n"
        )
        out.append("## 等次 {#grades}\n\n")
        rows = [
            [self.grade_badge(g.name), num_cell(g.min, f"{number(g.min)} 分及以上")]
            for g in std.grades
        ]
        out.append(table(["等次", ("总分", "num")], rows, sortable=False))
        out.append(
            f"等次按总分从高到低取第一个达到的。{e(std.compliant_from)}及以上计为标准化党支部"
            f"（达标率的分子）。触发一票否决的，不论总分，等次为{e(std.veto_grade)}。\n\n"
        )
        out.append("## 计分方法 {#method}\n\n")
        out.append(
            "每个条目由一条或几条规则计分，规则所占比重见下表；条目得分 = 分值 × 各规则得分比例的"
            "加权平均，保留一位小数。每一处失分都有说明原因的问题代码。\n\n"
        )
        out.append(self._sources_legend())
        for aspect in std.aspects:
            out.append(
                f"## {md(aspect.id)} {md(aspect.name)}（满分 {number(aspect.points)} 分）"
                f" {{#{safe_id(aspect.id)}}}\n\n"
            )
            rows = []
            for item in aspect.items:
                weighted = len(item.rules) > 1
                rules = "".join(
                    "<li>"
                    + (f'<span class="weight">{e(share)}</span>' if weighted else "")
                    + f"{e(text)}</li>"
                    for share, text in describe_item(item, std)
                )
                extra = ""
                if item.not_applicable is not None:
                    extra += (
                        f'<p class="na">可不适用：{e(item.not_applicable.description)}，'
                        "写明理由即按满分计。</p>"
                    )
                if item.evidence_hint:
                    extra += f'<p class="hint">佐证材料：{e(item.evidence_hint)}</p>'
                rows.append(
                    [
                        Cell(
                            f'<span id="{safe_id(item.id)}">{e(item.id)}</span>',
                            sort=_item_sort(item.id),
                        ),
                        f"<b>{e(item.title)}</b><p>{e(item.requirement)}</p>{extra}",
                        num_cell(item.points),
                        f'<ul class="rules">{rules}</ul>',
                    ]
                )
            out.append(
                table(["条目", "要求", ("分值", "num"), "怎样计分"], rows, css="standard-items")
            )
        out.append(self._schema_links(STANDARD))
        return "".join(out)

    def _schema_links(self, page: str) -> str:
        if not self.schemas:
            return ""
        links = "".join(
            f'<li><a href="{e(link(page, s.uri))}" download>{e(posixpath.basename(s.uri))}</a>'
            f"：{e(s.title)}</li>"
            for s in self.schemas
        )
        return (
            "## 台账文件的格式（JSON Schema） {#schemas}\n\n"
            "台账各文件的格式由下列 JSON Schema 规定，字段的中文说明也写在其中。"
            "在 VS Code 中安装 YAML 插件并按说明文档配置后，编辑台账时即有补全和提示。\n\n"
            + html_block(f'<ul class="schema-links">{links}</ul>')
        )

    def weakness(self) -> str:
        page = WEAKNESS
        latest = self.latest
        out = [front_matter(title="薄弱项分析", hide=["navigation"])]
        out.append(f"# {latest.year}年度薄弱项分析\n\n")
        count = latest.overall.total
        out.append(
            f"统计 {count} 个参评党支部在每个条目上的失分情况（得分低于满分即计为失分）。"
            "“常见原因”是失分支部的问题代码及支部数。\n\n"
        )
        stats = sorted(
            (s for s in latest.items.values() if s.lost),
            key=lambda s: (-s.lost, -s.mean_lost, _item_sort(s.id)),
        )
        if not stats:
            out.append("所有党支部在所有条目上均得满分。\n\n")
            return "".join(out)
        out.append("## 失分最多的条目 {#items}\n\n")
        bars = [
            svg.Bar(f"{s.id} {s.title}", s.lost_share, None, "bar-weak", f"{s.lost}个")
            for s in stats[:10]
        ]
        out.append(
            html_block(
                '<figure class="chart-card wide"><figcaption>失分支部占比（前 10 项）</figcaption>',
                svg.hbar_chart(bars, "失分支部占比最高的条目"),
                "</figure>",
            )
        )
        aspects = {a.id: a.name for a in self.standard.aspects}
        rows = []
        for stat in stats:
            codes = sorted(stat.codes.items(), key=lambda kv: (-kv[1], kv[0]))
            rows.append(
                [
                    Cell(
                        f'<a href="{e(link(page, STANDARD, safe_id(stat.id)))}">{e(stat.id)}</a>',
                        sort=_item_sort(stat.id),
                    ),
                    e(stat.title),
                    e(aspects.get(stat.aspect, stat.aspect)),
                    num_cell(stat.lost),
                    num_cell(stat.lost_share, pct(stat.lost_share)),
                    num_cell(stat.mean_lost),
                    num_cell(stat.max),
                    "".join(
                        f'<span class="code-count">{self.code_link(page, c)}×{n}</span>'
                        for c, n in codes
                    )
                    + (
                        '<span class="code-count" title="自评分低于满分">'
                        f"自评×{stat.self_lost}</span>"
                        if stat.self_lost
                        else ""
                    ),
                ]
            )
        out.append(
            table(
                [
                    "条目",
                    "名称",
                    "方面",
                    ("失分支部", "num"),
                    ("失分率", "num"),
                    ("平均失分", "num"),
                    ("分值", "num"),
                    "常见原因",
                ],
                rows,
                caption="各条目失分情况",
            )
        )
        out.append("## 各责任区的薄弱项 {#zones}\n\n")
        out.append(
            "每个责任区失分支部最多的 5 个条目（括号内为失分支部数 / 该责任区参评支部数）。\n\n"
        )
        zone_rows = []
        zones = [z for z in self.org.zones if z in latest.zone_counts] + [
            z for z in latest.zone_counts if z not in self.org.zones
        ]
        for zone in zones:
            ranked = sorted(
                (s for s in latest.items.values() if s.lost_by_zone.get(zone)),
                key=lambda s: (-s.lost_by_zone[zone], _item_sort(s.id)),
            )[:5]
            total = latest.zone_counts[zone]
            cells = "".join(
                f'<li><a href="{e(link(page, STANDARD, safe_id(s.id)))}">{e(s.id)}</a> {e(s.title)}'
                f"({s.lost_by_zone[zone]}/{total})</li>"
                for s in ranked
            )
            zone_rows.append(
                [
                    e(self.zone_name(zone)),
                    num_cell(total),
                    f'<ol class="weak-list">{cells}</ol>' if cells else "无失分条目",
                ]
            )
        out.append(table(["责任区", ("参评", "num"), "失分最多的条目"], zone_rows))
        out.append("## 各方面得分率 {#aspects}\n\n")
        aspect_rows = []
        bars = []
        for aspect in self.standard.aspects:
            scored = [s for s in latest.items.values() if s.aspect == aspect.id]
            got = sum((s.score_sum for s in scored), Decimal(0))
            possible = sum((s.max * s.scored for s in scored), Decimal(0))
            rate = float(got / possible) if possible else 0.0
            bars.append(svg.Bar(f"{aspect.id} {aspect.name}", rate))
            aspect_rows.append(
                [e(aspect.id), e(aspect.name), num_cell(aspect.points), num_cell(rate, pct(rate))]
            )
        out.append(
            html_block(
                '<figure class="chart-card wide">',
                svg.hbar_chart(bars, "各方面平均得分率"),
                "</figure>",
            )
        )
        out.append(table(["编号", "方面", ("分值", "num"), ("平均得分率", "num")], aspect_rows))
        return "".join(out)

    def codes_page(self) -> str:
        page = CODES_PAGE
        out = [front_matter(title="问题代码", hide=["navigation", "toc"])]
        out.append("# 问题代码\n\n")
        out.append(
            "`checker` 的每条提示都带有一个固定不变的代码；命令行和本站的失分原因都链接到这里。"
            "F 开头是文件和编码，Y 是 YAML 语法，S 是格式，D 是日期，R 是引用和一致性，"
            "E 是佐证材料，P 是评分中的失分原因，I 是公开内容中的个人信息。\n\n"
        )
        rows = []
        for row in CODES.values():
            rows.append(
                [
                    Cell(
                        f'<a class="code-anchor" id="{e(row.code)}" '
                        f'href="{e(link(page, page, row.code))}">{e(row.code)}</a>',
                        sort=row.code,
                    ),
                    Cell(
                        f'<span class="level level-{row.level}">{e(LEVEL_NAMES[row.level])}</span>',
                        sort=row.level,
                    ),
                    e(row.title),
                    _inline_code(row.fix),
                ]
            )
        out.append(table(["代码", "级别", "含义", "怎样修改"], rows, css="codes"))
        return "".join(out)


_KIND_NAMES = {
    "pdf": "PDF 文件",
    "png": "图片",
    "jpg": "图片",
    "jpeg": "图片",
    "docx": "Word 文档",
    "xlsx": "Excel 表格",
}


def _source_badge(source: str) -> str:
    name, words = SOURCES.get(source, (source, ""))
    return f'<span class="source source-{e(source)}" title="{e(words)}">{e(name)}</span>'


def _item_sort(item_id: str) -> str:
    parts = re.findall(r"\d+", item_id)
    return ".".join(f"{int(p):03d}" for p in parts) or item_id


def _frac(share: Share) -> str:
    return f"{share.compliant}/{share.total}"


def _trend_css(delta: float) -> str:
    return "up" if delta > 0 else ("down" if delta < 0 else "")


def _g(value: float) -> str:
    return number(value)


def _inline_code(text: str) -> str:
    """Escape, then show `backticks` as code, as README does."""
    parts = escape(text).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))


def _untitled(text: str) -> str:
    """A narrative without its own first-level title: the page gives the section its title."""
    lines = text.lstrip("\ufeff").splitlines()
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if re.match(r"^#\s", line):
            return "\n".join(lines[:index] + lines[index + 1 :])
        break
    return text


def _excerpt(text: str) -> str:
    """The first few list items or paragraphs of a narrative, without its headings."""
    blocks: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            continue
        if re.match(r"^([-*+]|\d+[.)])\s", stripped):
            if current:
                blocks.append("\n".join(current))
            current = [stripped]
        elif not stripped:
            if current:
                blocks.append("\n".join(current))
                current = []
        elif current:
            current.append(stripped)
        else:
            current = [stripped]
    if current:
        blocks.append("\n".join(current))
    chosen = blocks[:HIGHLIGHT_BLOCKS]
    if chosen and all(re.match(r"^([-*+]|\d+[.)])\s", b) for b in chosen):
        return "\n".join(chosen)
    return "\n\n".join(chosen)


def generate_pages(
    data: SiteData,
    summary: Summary,
    scope: str,
    media: MediaResolver,
    schemas: Sequence[SchemaLink] = (),
    history: HistoryResolver | None = None,
) -> GeneratedPages:
    """All pages of the site for ``scope`` (``public`` or ``internal``).

    ``schemas`` are the JSON Schemas the site serves (each with ``uri`` and ``title``); the
    standard page links to them for editors. ``history(code, year)`` gives the git history
    of a branch's dossier, asked only for the branches that get a page.
    """
    return SiteWriter(data, summary, scope, media, schemas, history).generate()


__all__ = [
    "INTERNAL",
    "PUBLIC",
    "SCOPES",
    "GeneratedPages",
    "MediaResolver",
    "branch_page",
    "generate_pages",
]
