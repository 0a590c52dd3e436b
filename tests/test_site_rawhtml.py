"""Generated page bodies that are HTML already reach the page as built, without Markdown.

A real ``mkdocs build`` of the small site tree, in this process so that one page can carry a
probe block: Markdown would turn the text after a closed ``<div>`` into emphasis, and feed
every raw block to ``html.parser``; with the blocks set aside, neither happens, while the
headings still get their ids, permalinks and table of contents.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure import pages as mkdocs_pages

from checker.dossier.site import plugin as dossier_plugin
from checker.dossier.site.rawhtml import anchor_ids, put_back, set_aside
from tests.site_tree import SCHEMAS, build_tree, write_config

PROBE = '<div class="probe" id="probe-anchor">原样</div>*不是强调*'


def test_blocks_are_set_aside_and_put_back_in_place() -> None:
    page = (
        "# 标题\n\n说明 *强调*\n\n"
        '<div id="a&amp;b">x</div>\n\n<span>行内</span>\n\n    <div>缩进</div>\n'
    )
    text, aside = set_aside(page, "keyabc")
    assert aside.blocks == ['<div id="a&amp;b">x</div>']
    assert "<span>行内</span>" in text and "    <div>缩进</div>" in text  # Markdown's still
    rendered = text.replace("keyabcx0", "<p>keyabcx0</p>")
    assert put_back(rendered, aside).count('<div id="a&amp;b">x</div>') == 1
    assert anchor_ids(aside) == {"a&b"}


def test_a_placeholder_with_another_key_or_number_is_left_alone() -> None:
    _text, aside = set_aside("<div>x</div>\n", "keyabc")
    forged = "<p>keyabcx7</p><p>otherkeyx0</p>"
    assert put_back(forged, aside) == forged


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("rawhtml")
    config_file = write_config(base, build_tree(base), scope="internal")
    real = dossier_plugin.generate_site
    generated: list[int] = []

    def with_probe(options):  # type: ignore[no-untyped-def]
        site = real(options)
        generated.extend(len(text) for text in site.pages.values())
        site.pages["standard/index.md"] += f"\n{PROBE}\n\n## 探针标题\n\n"
        return site

    fed: list[int] = []
    real_feed = mkdocs_pages._HTMLHandler.feed

    def counting_feed(self, data: str) -> None:  # type: ignore[no-untyped-def]
        fed.append(len(data))
        real_feed(self, data)

    old = os.environ.get("CHECKER_SCHEMAS")
    os.environ["CHECKER_SCHEMAS"] = str(SCHEMAS)
    mp = pytest.MonkeyPatch()
    try:
        mp.setattr(dossier_plugin, "generate_site", with_probe)
        mp.setattr(mkdocs_pages._HTMLHandler, "feed", counting_feed)
        config = load_config(str(config_file))
        build(config)
    finally:
        mp.undo()
        if old is None:
            os.environ.pop("CHECKER_SCHEMAS", None)
        else:
            os.environ["CHECKER_SCHEMAS"] = old
    # MkDocs' anchor scan (html.parser over each page's Markdown) saw only the Markdown
    # around the blocks: a small part of what the generated pages hold (without the
    # bypass it sees all of it, more than the pages themselves).
    assert fed and sum(fed) < sum(generated) / 10, (sum(fed), sum(generated))
    return Path(config.site_dir)


def test_a_block_is_not_reparsed_by_markdown(built: Path) -> None:
    html = (built / "standard" / "index.html").read_text("utf-8")
    assert PROBE in html
    assert "<em>不是强调</em>" not in html


def test_headings_keep_ids_permalinks_and_the_table_of_contents(built: Path) -> None:
    html = (built / "standard" / "index.html").read_text("utf-8")
    assert 'id="探针标题"' in html or 'id="_' in html
    assert 'class="headerlink"' in html or "md-nav__link" in html
    toc = html.split('data-md-component="toc"', 1)[-1]
    assert "探针标题" in toc
    branch = next((built / "branches").glob("*/index.html")).read_text("utf-8")
    for anchor in ("trend", "aspects", "items", "meetings", "evidence"):
        assert f'id="{anchor}"' in branch and f'href="#{anchor}"' in branch
