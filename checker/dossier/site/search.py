"""The site's search: a Pagefind index of the built pages, written after the build.

Pagefind (PyPI ``pagefind[extended]``, which ships its own binary) writes ``pagefind/`` into
the site: an index split into small pieces a browser fetches as words are typed, Chinese
segmented into words (the extended build), all served from the site. Only a page's article
is indexed (not the navigation, header or footer every page repeats), and within it neither
tables, charts nor permalinks: what a reader searches for is the prose and the names, and
the tables are most of a page's text. The plugin has Pagefind read a stripped copy of each
page, where all that is cut away already (``searchsource``); the root and exclude selectors
still apply there, and are what a site exported for a plain MkDocs build is indexed with.

``search/index.md`` is the page with the search box (``assets/dossier/search.js`` mounts
Pagefind's interface there, and highlights the words found on the page a result opens).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SEARCH_PAGE = "search/index.md"
SEARCH_SCRIPT = ("assets/dossier/search.js",)
BUNDLE_DIR = "pagefind"
ROOT_SELECTOR = "article.md-content__inner"
# Left out of the index: tables and charts (most of a page's text, the same numbers the
# prose states), permalink signs, notes every page repeats, the search box itself, the
# score card's numbers, the badge's embedding code, the list pages' filter and pager, and
# the earlier years folded on a branch page (Pagefind holds about 130 bytes of memory for
# each character it indexes: at 10,000 branches their text would cost 300 MB).
EXCLUDED = (
    "table",
    "svg",
    "figure",
    ".headerlink",
    ".scope-note",
    ".source-legend",
    "#dossier-search",
    ".badge-embed",
    ".earlier-year",
    ".score-main",
    ".score-ranks",
    ".directory-filter",
    ".pager",
    "noscript",
)
TIMEOUT_S = 3600


class SearchIndexError(Exception):
    """Pagefind could not index the site (missing, or failed)."""


def search_page() -> str:
    """The search page: a box Pagefind's interface fills; a plain note without scripts."""
    return (
        '---\ntitle: "搜索"\nhide: ["navigation", "toc"]\n---\n\n'
        "# 搜索\n\n"
        '<div id="dossier-search" class="dossier-search" data-loading></div>\n\n'
        "<noscript><p>搜索需要浏览器运行本站自带的脚本；也可以从导航中的名录和排名查找。"
        "</p></noscript>\n"
    )


def pagefind_settings(site_dir: str) -> dict[str, object]:
    """The same settings as ``pagefind_command``, as Pagefind reads them from pagefind.yml."""
    return {
        "site": site_dir,
        "root_selector": ROOT_SELECTOR,
        "exclude_selectors": list(EXCLUDED),
        "quiet": True,
    }


def pagefind_command(site_dir: Path, output: Path | None = None) -> list[str]:
    """Pagefind on the pages in ``site_dir``; the bundle into ``output`` (default: in it)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"]
    if output is not None:
        command += ["--output-path", str(output)]
    command += ["--root-selector", ROOT_SELECTOR]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    return command


def build_index(site_dir: Path, pages: Path | None = None) -> None:
    """Index the built site into ``site_dir/pagefind/``: the pages in ``pages``, a folder of
    search copies at the same paths as the site's (``searchsource``), or the site itself."""
    try:
        result = subprocess.run(
            pagefind_command(pages or site_dir, site_dir / BUNDLE_DIR),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"无法运行 Pagefind：{exc}") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()[-2000:]
        if "No module named pagefind" in detail:
            detail = "未安装 Pagefind（pip install 'pagefind[extended]'）"
        raise SearchIndexError(f"Pagefind 建立搜索索引失败：{detail}")
