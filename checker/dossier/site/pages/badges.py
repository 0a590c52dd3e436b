"""徽章: an SVG badge per published branch with its latest grade and total
(``badges/<code>.svg``: 标准化｜达标 86.5), and the part of the branch page that shows it
with the Markdown and HTML to embed it elsewhere.

Only branches with a page in the scope get one, so a badge shows nothing the site does not
already publish (the public scope: the exemplars).
"""

from __future__ import annotations

import re

from checker.core.site.badge import Badge, badge_svg
from checker.core.site.html import e, html_block, link, safe_id
from checker.dossier.report.text import number
from checker.dossier.site.collect import Branch
from checker.dossier.site.pages.common import Context

BADGES_DIR = "badges"
LABEL = "标准化"
# White text reads on each at 5:1 or better; by the grade's place in the standard.
FILLS = ("#a4262c", "#1a7f37", "#8a5a00", "#57606a")
_MD_ALT = re.compile(r"([\\\[\]])")


def badge_uri(code: str) -> str:
    return f"{BADGES_DIR}/{safe_id(code)}.svg"


def branch_badge(site: Context, branch: Branch) -> Badge:
    result = branch.latest.brief
    index = min(site.standard.grade_index(result.grade), len(FILLS) - 1)
    veto = "（一票否决）" if result.vetoed else ""
    return Badge(
        label=LABEL,
        value=f"{result.grade} {number(result.total)}" + (" 否决" if result.vetoed else ""),
        title=(
            f"{branch.name}：{branch.latest.year}年度党支部标准化建设{result.grade}"
            f"{veto}，总分 {number(result.total)} 分"
        ),
        fill=FILLS[index],
    )


def badge_files(site: Context) -> dict[str, bytes]:
    """The badges of the branches that have a page: path under the site root -> bytes."""
    return {
        badge_uri(b.code): badge_svg(branch_badge(site, b)).encode("utf-8")
        for b in site.data.branches
        if b.code in site.published
    }


def badge_section(site: Context, page: str, branch: Branch) -> str:
    """The badge on the branch page, and the Markdown and HTML that embed it."""
    badge = branch_badge(site, branch)
    uri = badge_uri(branch.code)
    alt = f"{LABEL}：{badge.value}"
    markdown = "![" + _MD_ALT.sub(r"\\\1", alt) + f"]({uri})"
    html = f'<img src="{e(uri)}" alt="{e(alt)}">'
    return "## 徽章 {#badge}\n\n" + html_block(
        '<div class="badge-embed">',
        f'<p><img src="{e(link(page, uri))}" alt="{e(badge.title)}"></p>',
        "<p>在本支部的网页或文档中展示这枚徽章，可复制下面的代码。"
        f"代码中的 {e(uri)} 是本站根目录下的路径，在其他网站引用时请在前面加上本站的网址。</p>",
        f"<p>Markdown：</p><pre><code>{e(markdown)}</code></pre>",
        f"<p>HTML：</p><pre><code>{e(html)}</code></pre>",
        "</div>",
    )
