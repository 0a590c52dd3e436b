"""Paragraphs in the GB/T 9704 layout: title, headings, body text, and any other paragraph
with its fonts named on the run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Pt, RGBColor

from checker.core.word.runs import fonts, typeset, xml_text
from checker.core.word.style import BODY_FONT, BODY_LINE, HEI, KAI, SIZE_2, SIZE_3, TITLE_FONT

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

    Container = Document | _Cell  # what paragraphs can be added to


def paragraph(
    container: Container,
    text: str = "",
    *,
    east_asia: str = BODY_FONT,
    size: Pt = SIZE_3,
    bold: bool = False,
    align: int | None = None,
    first_line_indent: bool = False,
    line: Pt | None = None,
    space_before: Pt | None = None,
    space_after: Pt | None = None,
    color: RGBColor | None = None,
    keep_with_next: bool = False,
    page_break_before: bool = False,
) -> Paragraph:
    """A paragraph with one run (line breaks for ``\\n``), fonts named on the run."""
    para = container.add_paragraph()
    fmt = para.paragraph_format
    if align is not None:
        para.alignment = align
    if first_line_indent:
        fmt.first_line_indent = Pt(size.pt * 2)
    if line is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = line
    if space_before is not None:
        fmt.space_before = space_before
    if space_after is not None:
        fmt.space_after = space_after
    if keep_with_next:
        fmt.keep_with_next = True
    if page_break_before:
        fmt.page_break_before = True
    if text:
        fonts(para.add_run(xml_text(typeset(text))), east_asia, size, bold, color=color)
    return para


def title(container: Container, text: str) -> Paragraph:
    """The document title: 2号小标宋, centred, a blank line's space after."""
    return paragraph(
        container,
        text,
        east_asia=TITLE_FONT,
        size=SIZE_2,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        line=Pt(36),
        space_after=BODY_LINE,
    )


def heading(container: Container, text: str, level: int = 1) -> Paragraph:
    """一级标题 3号黑体, 二级标题 3号楷体, both indented two characters like body text."""
    face = HEI if level == 1 else KAI
    return paragraph(container, text, east_asia=face, first_line_indent=True, keep_with_next=True)


def body(container: Container, text: str) -> Paragraph:
    """Body text: 3号仿宋_GB2312, first line indented two characters."""
    return paragraph(container, text, first_line_indent=True)
