"""A kept branch page as MkDocs rendered it, so that a rebuild need not run Markdown on it.

A page from the page store (page_store) is the same text build after build; what MkDocs
makes of it depends only on that text and the Markdown settings (its HTML blocks skip
Markdown, and what is left holds no link). The first build that renders it keeps, beside
the page, the body HTML, the table of contents, the title and the anchors; later builds
with the same settings hand these to MkDocs in place of rendering (``use``). A file that
cannot be read is as if missing: the page is rendered again and the file rewritten.

MkDocs renders every page before it writes any, holding all their bodies at once: for a
city's branch pages, over a gigabyte. A kept page's body is therefore not held: the page
gets an empty body while the others are rendered, and its kept one (``body``) only when its
template is filled, to be let go once it is written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from types import MethodType

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from checker.core import atomic, jsonout
from checker.dossier.site.rawhtml import anchor_ids, put_back, set_aside


@dataclass(frozen=True, slots=True)
class Rendered:
    content: str
    toc: list[dict]
    title: str | None
    anchors: list[str]


def settings_digest(config: MkDocsConfig) -> str:
    """The Markdown settings a rendering was made with (a callable in them, such as a slug
    function, has no stable form: its renderings are then not reused across builds)."""
    settings = repr((config["markdown_extensions"], config["mdx_configs"]))
    return hashlib.blake2b(settings.encode(), digest_size=10).hexdigest()


def path_for(page_file: Path, digest: str) -> Path:
    return page_file.with_name(f"{page_file.stem}.r{digest}.json")


def load(path: Path) -> Rendered | None:
    try:
        data = jsonout.loads(path.read_bytes())
        found = Rendered(
            str(data["content"]), list(data["toc"]), data["title"], list(data["anchors"])
        )
        get_toc(found.toc)  # the shape is checked before the page relies on it
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return found


def save(path: Path, page: Page, content: str) -> bool:
    """Keep ``content`` (the body as the plugin returns it) with the page's toc and title;
    False when it could not be written."""
    data = {
        "content": content,
        "toc": [_token(link) for link in page.toc],
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids or ()),
    }
    try:
        atomic.write_bytes(path, jsonout.dumps_compact(data), durable=False)
    except OSError:  # a cache: not being able to keep it costs memory and time
        return False
    return True


def render_stored(config: MkDocsConfig, uri: str, page_file: Path, digest: str, key: str) -> bool:
    """Render a kept page as the build would (``uri`` on the site, read from ``page_file``:
    its HTML blocks set aside, Markdown run with the site's settings, the blocks put back)
    and keep the rendering where the build looks for it; for a page made in a worker
    process, so that the build need not render it. False when it could not be kept.

    Only for a site whose other plugins leave pages alone (``pages_left_alone``): the
    build runs their page events, this does not."""
    file = File.generated(config, uri, abs_src_path=str(page_file))
    page = Page(None, file, config)
    config._current_page = page
    try:
        page.read_source(config)
        assert page.markdown is not None
        page.markdown, aside = set_aside(page.markdown, key)
        page.render(config, Files([file]))
        assert page.content is not None
    finally:
        config._current_page = None
    page.present_anchor_ids = (page.present_anchor_ids or set()) | anchor_ids(aside)
    return save(path_for(page_file, digest), page, put_back(page.content, aside))


_PAGE_EVENTS = ("on_pre_page", "on_page_read_source", "on_page_markdown", "on_page_content")


def pages_left_alone(config: MkDocsConfig, ours: object) -> bool:
    """Whether every plugin but ``ours`` leaves the events that make a page's body alone."""
    for plugin in config.plugins.values():
        if plugin is ours:
            continue
        # MkDocs calls an event on the plugins that define it (BasePlugin defines none).
        if any(callable(getattr(plugin, name, None)) for name in _PAGE_EVENTS):
            return False
    return True


def _token(link: AnchorLink) -> dict:
    return {
        "level": link.level,
        "id": link.id,
        "name": link.title,
        "children": [_token(child) for child in link.children],
    }


def body(path: Path) -> str | None:
    """The kept body of a page, when its template is about to be filled."""
    found = load(path)
    return found.content if found is not None else None


def use(page: Page, rendered: Rendered) -> None:
    """Make ``page.render`` hand MkDocs the kept rendering instead of running Markdown:
    all but the body, which ``body`` reads when the page is written."""

    toc, title, anchors = rendered.toc, rendered.title, rendered.anchors  # not the body

    def render(self: Page, config: MkDocsConfig, files: Files) -> None:
        self.content = ""  # the kept body comes back when the page is written (``body``)
        self.toc = get_toc(toc)  # type: ignore[arg-type]
        self._title_from_render = title
        self.present_anchor_ids = set(anchors)
        self.links_to_anchors = {}

    page.render = MethodType(render, page)  # type: ignore[method-assign]
