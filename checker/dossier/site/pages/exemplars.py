"""示范党支部: a card per branch of the top grade, with a photo and its highlights."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass

from checker.core.site.html import e, front_matter, html_block, link
from checker.core.site.sanitize import render_narrative
from checker.dossier.report.text import number
from checker.dossier.site.collect import Branch, BranchYear
from checker.dossier.site.pages import paging
from checker.dossier.site.pages.common import EXEMPLARS, IMAGE_KINDS, Context, branch_page

HIGHLIGHT_BLOCKS = 3  # list items or paragraphs of the highlights a card shows
_LIST_ITEM = re.compile(r"^([-*+]|\d+[.)])\s")


def exemplar_gallery(site: Context) -> dict[str, str]:
    """The gallery: one page, or pages of half ``PAGE_ROWS`` cards (a card, with its photo
    and highlights, is about three times a table row) when there are more."""
    parts = paging.pieces(site.exemplars, cards_per_page())
    return {
        paging.page_uri(EXEMPLARS, n): _gallery_page(site, part, n, len(parts))
        for n, part in enumerate(parts, 1)
    }


def _gallery_page(site: Context, part: Sequence[Branch], n: int, total: int) -> str:
    page = paging.page_uri(EXEMPLARS, n)
    latest = site.latest
    suffix = f"（第 {n} 页）" if n > 1 else ""
    out = [front_matter(title=f"示范党支部{suffix}", hide=["navigation", "toc"])]
    out.append(f"# 示范党支部{suffix}\n\n")
    paged = f"每页 {cards_per_page()} 个，共 {total} 页，" if total > 1 else ""
    out.append(
        f"{latest.year}年度总分达到{site.top}等次的党支部，共 {len(site.exemplars)} 个，"
        f"{paged}按总分从高到低排列。照片和亮点摘自各支部的佐证材料和“特色亮点”。\n\n"
    )
    if not site.exemplars:
        out.append(f"{latest.year}年度暂无{site.top}党支部。\n\n")
        return "".join(out)
    cards = [_card(site, page, branch) for branch in part]
    out.append(html_block('<div class="exemplar-grid">', *cards, "</div>"))
    out.append(paging.pager(EXEMPLARS, n, total))
    return "".join(out)


def cards_per_page() -> int:
    return max(1, paging.PAGE_ROWS // 2)


def _photo(site: Context, year: BranchYear) -> tuple[str, str] | None:
    """The first usable picture among the evidence: items first, then activities."""
    candidates = [ev for ev in year.evidence if ev.kind in IMAGE_KINDS]
    candidates.sort(key=lambda ev: (not re.match(r"^A\d", ev.cited_by[0]), 0))
    for evidence in candidates:
        uri = site.media(year.year_dir, evidence.path)
        if uri is not None:
            return uri, posixpath.basename(evidence.path).rsplit(".", 1)[0]
    return None


@dataclass(frozen=True, slots=True)
class CardFace:
    """What a card shows of the branch's own content: a photo (its site path and alt
    text) and the highlights' first blocks, rendered."""

    photo: tuple[str, str] | None
    excerpt: str


def card_face(site: Context, branch: Branch) -> CardFace:
    """The content side of a branch's card, made when its page is made (see page_store)."""
    year = branch.latest
    highlights = year.narratives.get("highlights.md")
    excerpt = ""
    if highlights is not None:
        excerpt = render_narrative(
            excerpt_of(highlights.text), site.image_resolver(year), 3, site.limits
        )
    return CardFace(_photo(site, year), excerpt)


def _card(site: Context, page: str, branch: Branch) -> str:
    year = branch.latest
    result = year.brief
    place = site.latest.ranks[branch.code].overall
    face = site.faces.get(branch.code) or card_face(site, branch)
    if face.photo:
        uri, alt = face.photo
        image = f'<img class="card-photo" src="{e(link(page, uri))}" alt="{e(alt)}" loading="lazy">'
    else:
        image = '<div class="card-photo card-photo-none" aria-hidden="true">★</div>'
    excerpt = face.excerpt
    href = e(link(page, branch_page(branch.code)))
    return (
        f'<article class="exemplar-card" data-branch="{e(branch.code)}">'
        f'<a class="card-media" href="{href}" tabindex="-1">{image}</a>'
        '<div class="card-body">'
        f'<h2 class="card-title"><a href="{href}">{e(branch.name)}</a></h2>'
        f'<p class="card-org">{e(site.org_name(branch))}</p>'
        f'<p class="card-score"><span class="score-number">{e(number(result.total))}</span>'
        f'<span class="score-unit">分</span>{site.grade_badge(result.grade)}'
        f'<span class="card-rank">第 {place.rank} 名</span></p>'
        f'<div class="card-highlights">{excerpt}</div>'
        f'<p class="card-more"><a href="{href}">查看详情 →</a></p>'
        "</div></article>"
    )


def excerpt_of(text: str) -> str:
    """The first few list items or paragraphs of a narrative, without its headings."""
    blocks: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            continue
        if _LIST_ITEM.match(stripped):
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
    if chosen and all(_LIST_ITEM.match(b) for b in chosen):
        return "\n".join(chosen)
    return "\n\n".join(chosen)
