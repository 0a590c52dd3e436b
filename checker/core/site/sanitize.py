"""Narrative Markdown to HTML that is safe to put on a page.

The text of summary.md and highlights.md is written by branches: untrusted. It is rendered
with the ``markdown`` library (so Markdown keeps working, raw HTML included) and the result
goes through nh3, an allowlist sanitizer: only the tags and attributes below survive. No
script or style, no event-handler attribute, no iframe, object, embed or form; links only to
http, https and mailto (never javascript:, data: or vbscript:); images only where the site
itself serves the picture, so no narrative can make a reader's browser fetch anything from
elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from html import escape

import markdown
import nh3

from checker.core import narrative_limits

TAGS = frozenset(
    {
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
        "strong", "em", "b", "i", "u", "s", "del", "ins", "mark", "sub", "sup", "small",
        "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
        "code", "pre", "kbd", "abbr",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
        "a", "img", "span", "div", "figure", "figcaption",
    }
)  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "abbr": {"title"},
    "th": {"colspan", "rowspan", "align"},
    "td": {"colspan", "rowspan", "align"},
    "ol": {"start"},
}
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript"})
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
_HEADING = re.compile(r"<(/?)h([1-6])>")

ImageResolver = Callable[[str], str | None]


def _no_image(_src: str) -> str | None:
    return None


def render_narrative(
    text: str,
    image: ImageResolver = _no_image,
    shift: int = 2,
    limits: Mapping[str, int] | None = None,
) -> str:
    """Markdown (with raw HTML) to sanitized HTML.

    ``image`` maps an image's ``src`` as written (e.g. ``evidence/照片.jpg``) to the URL the
    site serves it at, or None: then the image is left out. Headings move down ``shift``
    levels, so a narrative's ``#`` does not compete with the page's own title. A text over
    ``limits`` (checker/narrative_limits.py) is not rendered but shown escaped.
    """
    if narrative_limits.scan(text, limits or narrative_limits.DEFAULTS):
        return escaped(text)  # the build has its F008; never feed a bomb to the renderer
    converter = _converter()
    try:
        html = converter.convert(text)
    except RecursionError:  # a structure the limits did not foresee: show it, inert
        return escaped(text)
    finally:
        converter.reset()
    return sanitize_html(html, image, shift)


def escaped(text: str) -> str:
    """A narrative as plain text, every character escaped: linear, and nothing is markup."""
    body = escape(text, quote=True).replace("\r", "").replace("\n", "&#10;")
    return f'<pre class="narrative-plain">{body}</pre>'  # one line: a blank one ends HTML


_CONVERTER: markdown.Markdown | None = None


def _converter() -> markdown.Markdown:
    """One Markdown instance, built once: building it costs more than a short conversion."""
    global _CONVERTER
    if _CONVERTER is None:
        _CONVERTER = markdown.Markdown(
            extensions=["tables", "sane_lists", "fenced_code", "def_list", "abbr"],
            output_format="html",
        )
    return _CONVERTER


def sanitize_html(html: str, image: ImageResolver = _no_image, shift: int = 0) -> str:
    """Allowlist-sanitize an HTML fragment (see the module docstring for the rules)."""

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            return image(value.strip())
        if tag == "a" and attribute == "href":
            match = _SCHEME.match(value)
            if match is None:
                # A relative link would point into the content tree, which is not published.
                return value if value.startswith("#") else None
            return value if match.group(1).lower() in LINK_SCHEMES else None
        return value

    cleaned = nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=keep,
        url_schemes=set(LINK_SCHEMES),
        strip_comments=True,
        link_rel="noopener noreferrer nofollow",
    )
    cleaned = _IMG_WITHOUT_SRC.sub("", cleaned)
    if shift:
        cleaned = _HEADING.sub(
            lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}>", cleaned
        )
    return cleaned
