"""What every page of the dossier site reads: page paths, the scope, names, links, badges.

``Context`` is built once per site from the collected data and the summary; each page module
is a function of it. Generic HTML (escaping, tables, front matter, links) is in
``checker.core.site.html``; this module adds what knows about branches, grades and scores.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from checker.core import narrative_limits
from checker.core.ranking import Place
from checker.core.site import svg
from checker.core.site.html import Cell, e, html_block, html_list, link, safe_id
from checker.dossier.history import HistoryPoint
from checker.dossier.report.text import number
from checker.dossier.site.aggregate import UNPLACED, Share, Summary
from checker.dossier.site.collect import Branch, BranchYear, SiteData
from checker.dossier.site.ledgers import PointsData
from checker.dossier.sources import SCORE_SOURCES, score_source

if TYPE_CHECKING:
    from checker.dossier.site.pages.exemplars import CardFace

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
# Not points/: a ledger's own folder is points/, and no built file may look like one.
CREDITS = "credits/index.md"
CREDITS_STANDARD = "credits/standard/index.md"
# Not assessment/: that is where the inputs live, and no built file may look like one.
EVALUATION = "evaluation/index.md"
IMAGE_KINDS = ("png", "jpg", "jpeg")

# (year folder, path as cited or written) -> the site path the picture is served at, or None.
MediaResolver = Callable[[Path, str], str | None]
HistoryResolver = Callable[[str, int], list[HistoryPoint]]


class SchemaLink(Protocol):
    """A JSON Schema the site serves: its path under the site root, and its title."""

    uri: str
    title: str


def branch_page(code: str) -> str:
    return f"branches/{safe_id(code)}/index.md"


# ---------------------------------------------------------------------------------------
# Numbers as the pages show them.


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


def threshold_words(minimums: Sequence[Decimal]) -> list[str]:
    """The totals each grade takes, from its threshold, highest grade first: 90 分及以上 …;
    the lowest takes everything below the one above it (低于 60 分) when its own threshold
    is 0 or less."""
    out = [f"{number(low)} 分及以上" for low in minimums]
    if len(minimums) > 1 and minimums[-1] <= 0:
        out[-1] = f"低于 {number(minimums[-2])} 分"
    return out


def num_cell(value: Decimal | float | int, text: str | None = None) -> Cell:
    """A number (its text is ours: digits, %, signs; nothing to escape)."""
    if text is None:  # the text is the number: the sorter reads it as it is
        return Cell(number(value), css="num")
    return Cell(text, sort=f"{float(value):.4f}", css="num")


def trend_cell(text: str, delta: float | Decimal) -> Cell:
    """A change, coloured up or down, sorted by its value."""
    value = float(delta)
    css = "up" if value > 0 else ("down" if value < 0 else "")
    return Cell(e(text), sort=f"{delta:.4f}", css=css)


def frac(share: Share) -> str:
    return f"{share.compliant}/{share.total}"


def chart_number(value: float) -> str:
    return number(value)


def source_badge(source: str) -> str:
    wording = score_source(source)
    return (
        f'<span class="source source-{e(source)}" title="{e(wording.description)}">'
        f"{e(wording.short)}</span>"
    )


def sources_legend() -> str:
    badges = (f"{source_badge(s)} {e(w.description)}" for s, w in SCORE_SOURCES.items())
    return html_block(html_list("ul", "source-legend", badges))


def place_cell(place: Place) -> Cell:
    tied = '<span class="tie">并列</span>' if place.tied else ""
    return Cell(f"{place.rank}{tied}", sort=str(place.rank), css="num")


# ---------------------------------------------------------------------------------------
# The site being written.


class Context:
    """The data, the scope and the choices every page shares (who is published, names)."""

    def __init__(
        self,
        data: SiteData,
        summary: Summary,
        scope: str,
        media: MediaResolver,
        schemas: Sequence[SchemaLink] = (),
        history: HistoryResolver | None = None,
        points: PointsData | None = None,
    ) -> None:
        if scope not in SCOPES:
            raise ValueError(f"unknown scope {scope!r}")
        self.data = data
        self.points = points  # the ledgers' counts; None: the site has no 党员积分 pages
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
        self.exemplar_codes = exemplar_codes
        # The exemplars' card faces, as their pages were made (see exemplars.card_face).
        self.faces: dict[str, CardFace] = {}
        self.published = {
            b.code for b in data.branches if scope == INTERNAL or b.code in exemplar_codes
        }

    def zone_name(self, zone: str) -> str:
        return self.org.zone_name(zone) or ("未划分责任区" if zone == UNPLACED else zone)

    def level_name(self, level: str) -> str:
        return self.org.level_name(level) or ("未划分层级" if level == UNPLACED else level)

    def org_name(self, branch: Branch) -> str:
        return branch.placement.get("organization_name", "") or branch.placement.get(
            "organization", ""
        )

    def visible(self, codes: Iterable[str]) -> list[str]:
        """The codes among ``codes`` that have a page in this scope."""
        return [c for c in codes if c in self.published]

    def branch_link(self, page: str, code: str, text: str | None = None) -> str:
        branch = self.by_code[code]
        label = e(text if text is not None else branch.name)
        if code in self.published:
            return f'<a href="{e(link(page, branch_page(code)))}">{label}</a>'
        return label

    def names(self, page: str, codes: list[str]) -> str:
        return "、".join(self.branch_link(page, code) for code in codes)

    def grade_badge(self, grade: str, vetoed: bool = False) -> str:
        index = self.standard.grade_index(grade)
        veto = '<span class="badge badge-veto" title="一票否决">否决</span>' if vetoed else ""
        return f'<span class="grade grade-{index}">{e(grade)}</span>{veto}'

    def grade_cell(self, grade: str, vetoed: bool = False) -> Cell:
        """A grade badge in a table, sorted by the grade's place in the standard."""
        return Cell(self.grade_badge(grade, vetoed), sort=str(self.standard.grade_index(grade)))

    def code_link(self, page: str, code: str) -> str:
        return f'<a class="code" href="{e(link(page, CODES_PAGE, code))}">{e(code)}</a>'

    def item_link(self, page: str, item_id: str) -> str:
        return f'<a href="{e(link(page, STANDARD, safe_id(item_id)))}">{e(item_id)}</a>'

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

    def ranking_explained(self) -> str:
        return (
            '!!! info "名次怎样排"\n\n'
            f"    先按等次（{'、'.join(self.grades)}）排，同一等次内按总分从高到低排。"
            f"触发一票否决的党支部等次为{e(self.standard.veto_grade)}，排在该等次中。"
            "总分和等次都相同的并列同一名次，下一名次顺延：例如两个支部并列第 2 名，"
            "下一个支部为第 4 名。并列的支部按编号顺序列出，名次旁标“并列”。\n\n"
        )

    def image_resolver(self, year: BranchYear) -> Callable[[str], str | None]:
        """Pictures of a narrative, as links from the branch's page."""

        def resolve(src: str) -> str | None:
            uri = self.media(year.year_dir, src)
            return link(branch_page(year.brief.branch), uri) if uri else None

        return resolve
