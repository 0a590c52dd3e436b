"""Page bodies that are HTML already skip Python-Markdown: set aside, then put back.

A generated page is Markdown (headings, notes, a paragraph or two) around blocks of raw
HTML (tables, cards, charts) that ``checker.core.site.html.html_block`` writes: a block
starts a line with ``<``, holds no blank line, and has blank lines around it. Python-Markdown
would parse every such block with ``html.parser`` twice (MkDocs' anchor scan, then the
raw-HTML extractor) only to hand it back unchanged. ``set_aside`` swaps each block for a
one-word placeholder paragraph before Markdown runs; ``put_back`` swaps the rendered
placeholders for the blocks after it, and collects the ids the blocks hold so that MkDocs
still knows every anchor of the page. Headings stay Markdown, so the table of contents,
permalinks and ``toc.follow`` are as before.

The placeholder carries a random key drawn once per build, so no text of the content can
forge one: a placeholder with an unknown key or number is left as it is.
"""

from __future__ import annotations

import html
import re
import secrets
from dataclasses import dataclass, field

# Python-Markdown's block-level elements: a chunk that starts with one of them is raw HTML
# to it; any other chunk (an inline tag, a comment, text) still goes through Markdown.
_BLOCK_TAGS = (
    "address|article|aside|blockquote|canvas|center|colgroup|dd|details|div|dl|dt|fieldset"
    "|figcaption|figure|footer|form|group|h[1-6]|header|hgroup|hr|main|map|math|menu|nav"
    "|noscript|ol|output|p|pre|progress|section|table|tbody|td|tfoot|th|thead|tr|ul|video"
)
_BLOCK_START = re.compile(rf"<(?:{_BLOCK_TAGS})[\s>/]")
_ID = re.compile(r"""<[A-Za-z][^>]*?\s(?:id|name)="([^"]*)\"""")


@dataclass(slots=True)
class SetAside:
    """The blocks of one page, in order; ``key`` names this build's placeholders."""

    key: str
    blocks: list[str] = field(default_factory=list)


def new_key() -> str:
    return "dossierhtml" + secrets.token_hex(8)


def set_aside(markdown: str, key: str) -> tuple[str, SetAside]:
    """``markdown`` with every top-level raw HTML block replaced by a placeholder."""
    aside = SetAside(key)
    chunks = re.split(r"(\n[ \t]*\n)", markdown)
    for index in range(0, len(chunks), 2):
        chunk = chunks[index]
        stripped = chunk.lstrip("\n")
        if not _BLOCK_START.match(stripped):
            continue
        placeholder = f"{key}x{len(aside.blocks)}"
        aside.blocks.append(stripped.rstrip("\n"))
        chunks[index] = chunk[: len(chunk) - len(stripped)] + placeholder
    return "".join(chunks), aside


def put_back(content: str, aside: SetAside) -> str:
    """The rendered page with each placeholder paragraph replaced by its block."""
    if not aside.blocks:
        return content
    pattern = re.compile(rf"<p>{re.escape(aside.key)}x(\d+)</p>")

    def restore(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return aside.blocks[number] if number < len(aside.blocks) else match.group(0)

    return pattern.sub(restore, content)


def anchor_ids(aside: SetAside) -> set[str]:
    """The ids (and ``<a name>``) the blocks hold, as MkDocs' own scan would find them."""
    return {html.unescape(m) for block in aside.blocks for m in _ID.findall(block)}
