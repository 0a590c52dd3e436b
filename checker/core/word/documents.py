"""A Word document in the GB/T 9704 layout: page setup, default fonts, page numbers, core
properties, and the same bytes for the same document."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from checker.core.word.runs import fonts, set_fonts, xml_text
from checker.core.word.style import (
    BODY_FONT,
    BODY_LINE,
    FOOTER_DISTANCE,
    HEADER_DISTANCE,
    LATIN,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    SIZE_3,
    SIZE_4,
    SONG,
)

if TYPE_CHECKING:
    from docx.document import Document
    from docx.section import Section
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

FIXED_TIME = datetime(2025, 1, 1, tzinfo=UTC)  # core properties: same input, same file
PROPERTY_LIMIT = 255  # python-docx refuses core properties longer than this


def set_property(document: Document, name: str, value: str) -> None:
    """Set a core property (title, subject …) to ``value``, cleaned and, past the
    255-character limit of the format, shortened with an ellipsis."""
    text = xml_text(value)
    if len(text) > PROPERTY_LIMIT:
        text = text[: PROPERTY_LIMIT - 1] + "…"
    setattr(document.core_properties, name, text)


def document_bytes(document: Document) -> bytes:
    """The .docx bytes, the same for the same document: python-docx stamps every zip member
    with the current time, so the members are written again with a fixed one."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info))
    return out.getvalue()


def new_document() -> Document:
    """An empty document with GB/T 9704 page setup, default fonts and page numbers."""
    document = docx.Document()
    _default_fonts(document)
    section = document.sections[0]
    page_setup(section)
    document.settings.odd_and_even_pages_header_footer = True
    page_number_footer(section)
    return document


def _default_fonts(document: Document) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, BODY_FONT, LATIN)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal = document.styles["Normal"]
    normal.font.size = SIZE_3
    normal.font.name = LATIN
    set_fonts(normal.element.get_or_add_rPr(), BODY_FONT, LATIN)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = BODY_LINE
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


def page_setup(section: Section, landscape: bool = False) -> None:
    """A4 with the GB/T 9704 margins (kept as they are when a section turns landscape)."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (
        (PAGE_HEIGHT, PAGE_WIDTH) if landscape else (PAGE_WIDTH, PAGE_HEIGHT)
    )
    section.top_margin = MARGIN_TOP
    section.bottom_margin = MARGIN_BOTTOM
    section.left_margin = MARGIN_LEFT
    section.right_margin = MARGIN_RIGHT
    section.header_distance = HEADER_DISTANCE
    section.footer_distance = FOOTER_DISTANCE
    section.gutter = Mm(0)


def new_section(document: Document, landscape: bool) -> Section:
    """A new section on a new page; its footer continues the page numbers of the last one."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    page_setup(section, landscape)
    return section


def page_number_footer(section: Section) -> None:
    """ "— 1 —" in 4号宋体: odd pages right, even pages left, one character from the edge."""
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = align
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.right_indent = SIZE_4
        else:
            fmt.left_indent = SIZE_4
        _page_field(paragraph)


def _page_field(paragraph: Paragraph) -> None:
    def run(text: str = "") -> Run:
        return fonts(paragraph.add_run(text), SONG, SIZE_4)

    run("— ")
    for kind in ("begin", None, "separate", "1", "end"):
        r = run()
        if kind in ("begin", "separate", "end"):
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            r._r.append(element)
        elif kind is None:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
            r._r.append(element)
        else:
            r.text = kind
    run(" —")
