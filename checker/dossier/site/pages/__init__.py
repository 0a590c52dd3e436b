"""The site's pages, generated from the engine's results: data in, ``{path: text}`` out.

This package knows nothing of MkDocs. Each page is Markdown with blocks of HTML (tables,
cards, inline SVG charts); every piece of text that comes from content is escaped
(``checker.core.site.html``) or sanitized (``checker.core.site.sanitize``). The MkDocs plugin
serves these pages from memory, and ``checker site export`` writes the very same pages.

One module per page kind, over ``common`` (the context every page reads). Every page is an
``index.md`` in its own folder, so a link is the same whether the site uses directory URLs:

- ``index.md``                    首页 (``home``): shares against targets, grades, changes
- ``exemplars/index.md``          示范党支部 (``exemplars``): the gallery
- ``ranking/index.md``            排名 (``ranking``): overall; ``ranking/zones/``, ``…/levels/``
- ``branches/index.md``           支部名录 (``directory``): by zone and parent organization
- ``branches/<code>/index.md``    one page per published branch (``branch``; not in the nav)
- ``standard/index.md``           标准 (``standard``): the items and rules, the JSON Schemas
- ``weakness/index.md``           薄弱项分析 (``weakness``): the items lost most often
- ``codes/index.md``              问题代码 (``codes``): one anchor per finding code
- ``credits/index.md``            党员积分 (``points``): the ledgers in counts only
- ``credits/standard/index.md``   积分标准 (``points_standard``): the 50 standards, caps, grades
- ``evaluation/index.md``         考核排名 (``assessment``): the organizations' composites

The 党员积分 pages exist when the standards folder has a points standard; 考核排名 when the
content has assessment inputs (``assessment/<year>/``).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from checker.dossier.site.aggregate import Summary
from checker.dossier.site.assessments import AssessedYear
from checker.dossier.site.collect import Branch, SiteData
from checker.dossier.site.ledgers import PointsData
from checker.dossier.site.pages.assessment import assessment_page
from checker.dossier.site.pages.badges import badge_files
from checker.dossier.site.pages.branch import branch
from checker.dossier.site.pages.codes import codes_page
from checker.dossier.site.pages.common import (
    CODES_PAGE,
    CREDITS,
    CREDITS_STANDARD,
    DIRECTORY,
    EVALUATION,
    EXEMPLARS,
    HOME,
    IMAGE_KINDS,
    INTERNAL,
    PUBLIC,
    RANKING,
    RANKING_LEVELS,
    RANKING_ZONES,
    SCOPES,
    STANDARD,
    WEAKNESS,
    Context,
    HistoryResolver,
    MediaResolver,
    SchemaLink,
    branch_page,
)
from checker.dossier.site.pages.directory import DATA_FILE as DIRECTORY_DATA
from checker.dossier.site.pages.directory import directory
from checker.dossier.site.pages.downloads import download_files
from checker.dossier.site.pages.exemplars import exemplar_gallery
from checker.dossier.site.pages.home import home
from checker.dossier.site.pages.points import points_page
from checker.dossier.site.pages.points_standard import points_standard_page
from checker.dossier.site.pages.ranking import group_ranking, ranking
from checker.dossier.site.pages.standard import standard_page
from checker.dossier.site.pages.weakness import weakness

NAV = [
    {"首页": HOME},
    {"示范党支部": EXEMPLARS},
    {"排名": [{"总排名": RANKING}, {"各责任区": RANKING_ZONES}, {"各层级": RANKING_LEVELS}]},
    {"支部名录": DIRECTORY},
    {"薄弱项分析": WEAKNESS},
    {"标准": STANDARD},
    {"问题代码": CODES_PAGE},
]
POINTS_NAV = {"党员积分": [{"积分情况": CREDITS}, {"积分标准": CREDITS_STANDARD}]}
ASSESSMENT_NAV = {"考核排名": EVALUATION}


# A branch's page: its text, or the file an earlier build wrote it to (see page_store).
BranchMaker = Callable[[Context, Branch], "str | Path"]


@dataclass(slots=True)
class GeneratedPages:
    pages: dict[str, str] = field(default_factory=dict)
    stored: dict[str, Path] = field(default_factory=dict)  # branch pages kept on disk
    branch_pages: set[str] = field(default_factory=set)  # made by the branch maker
    nav: list = field(default_factory=list)
    not_in_nav: list[str] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # downloads, badges, data for scripts


def generate_pages(
    data: SiteData,
    summary: Summary,
    scope: str,
    media: MediaResolver,
    schemas: Sequence[SchemaLink] = (),
    history: HistoryResolver | None = None,
    points: PointsData | None = None,
    assessments: Sequence[AssessedYear] = (),
    make_branch: BranchMaker = branch,
) -> GeneratedPages:
    """All pages of the site for ``scope`` (``public`` or ``internal``).

    ``schemas`` are the JSON Schemas the site serves (each with ``uri`` and ``title``); the
    standard page links to them for editors. ``history(code, year)`` gives the git history
    of a branch's dossier, asked only for the branches that get a page. ``points`` are the
    ledgers' counts (None: no 党员积分 pages); ``assessments`` the organizations'
    composites, one per year with inputs (none: no 考核排名 page). ``make_branch`` makes
    each branch page (the generator's keeps them between builds); by default, ``branch``.
    """
    site = Context(data, summary, scope, media, schemas, history, points)
    out = GeneratedPages()
    out.pages[HOME] = home(site)
    # Branch pages first: making one also gives the exemplar's card its photo and excerpt.
    published = [each for each in data.branches if each.code in site.published]
    prepare = getattr(make_branch, "prepare", None)  # a maker may make them all at once first
    if prepare is not None:
        prepare(site, published)
    for each in published:
        uri = branch_page(each.code)
        made = make_branch(site, each)
        if isinstance(made, Path):
            out.stored[uri] = made
        else:
            out.pages[uri] = made
        out.branch_pages.add(uri)
        out.not_in_nav.append(uri)
    gallery = exemplar_gallery(site)
    out.pages.update(gallery)
    out.not_in_nav.extend(uri for uri in gallery if uri != EXEMPLARS)
    for pages in (ranking(site), group_ranking(site, "zone"), group_ranking(site, "level")):
        out.pages.update(pages)
        out.not_in_nav.extend(
            uri for uri in pages if uri not in (RANKING, RANKING_ZONES, RANKING_LEVELS)
        )
    listed = directory(site)
    out.pages.update(listed.pages)
    out.not_in_nav.extend(uri for uri in listed.pages if uri != DIRECTORY)
    out.files[DIRECTORY_DATA] = listed.data
    out.pages[STANDARD] = standard_page(site)
    out.pages[WEAKNESS] = weakness(site)
    out.pages[CODES_PAGE] = codes_page(site)
    out.files.update(download_files(site))
    out.files.update(badge_files(site))
    out.nav = copy.deepcopy(NAV)  # the caller may extend it; NAV stays as written
    if points is not None:
        out.pages[CREDITS] = points_page(site, points)
        out.pages[CREDITS_STANDARD] = points_standard_page(points.standard)
        out.nav.insert(out.nav.index({"薄弱项分析": WEAKNESS}) + 1, copy.deepcopy(POINTS_NAV))
    if assessments:
        out.pages[EVALUATION] = assessment_page(site, assessments)
        ranking_at = next(i for i, entry in enumerate(out.nav) if "排名" in entry)
        out.nav.insert(ranking_at + 1, copy.deepcopy(ASSESSMENT_NAV))
    return out


__all__ = [
    "IMAGE_KINDS",
    "INTERNAL",
    "PUBLIC",
    "SCOPES",
    "BranchMaker",
    "GeneratedPages",
    "MediaResolver",
    "branch_page",
    "generate_pages",
]
