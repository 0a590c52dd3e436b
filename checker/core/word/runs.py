"""Text in Word runs: cleaned for XML, typeset, with both fonts named and the size set."""

from __future__ import annotations

import copy
import functools
import re
from typing import TYPE_CHECKING

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from checker.core.typography import to_fullwidth
from checker.core.word.style import BODY_FONT, LATIN, SIZE_3, SIZE_5

if TYPE_CHECKING:
    from docx.oxml.text.run import CT_R
    from docx.text.run import Run

# Characters a Word part cannot hold (outside XML 1.0, where lxml refuses them outright) or
# should not (C1 controls, DEL, a lone CR that python-docx would turn into a line break):
# content from folder names, uploads and YAML values may carry any of them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]|\r(?!\n)")
_XML_SPACE = qn("xml:space")


def xml_text(text: str) -> str:
    """``text`` safe for a Word part: CRLF as LF, other control characters as U+FFFD, so
    that something visibly stands where they were."""
    return _NOT_XML.sub("\ufffd", text).replace("\r\n", "\n")


def typeset(text: str) -> str:
    """Chinese punctuation in fixed text: see :func:`checker.typography.to_fullwidth`."""
    return to_fullwidth(text)


def set_fonts(rpr, east_asia: str, latin: str) -> None:
    """Name the East Asian and the Latin font in ``rpr`` (theme fonts would override them)."""
    fonts_element = rpr.find(qn("w:rFonts"))
    if fonts_element is None:
        fonts_element = OxmlElement("w:rFonts")
        rpr.insert(0, fonts_element)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts_element.attrib.pop(qn(attribute), None)
    fonts_element.set(qn("w:ascii"), latin)
    fonts_element.set(qn("w:hAnsi"), latin)
    fonts_element.set(qn("w:eastAsia"), east_asia)
    fonts_element.set(qn("w:cs"), latin)


def fonts(
    run: Run,
    east_asia: str = BODY_FONT,
    size: Pt = SIZE_3,
    bold: bool = False,
    latin: str = LATIN,
    color: RGBColor | None = None,
) -> Run:
    """Name the East Asian and the Latin font of ``run`` and set its size."""
    run.font.name = latin
    set_fonts(run._r.get_or_add_rPr(), east_asia, latin)
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    return run


def run_element(
    text: str,
    *,
    east_asia: str = BODY_FONT,
    size: Pt = SIZE_5,
    bold: bool = False,
    latin: str = LATIN,
    color: RGBColor | None = None,
) -> CT_R:
    """A ``w:r`` built directly (python-docx's property setters are slow for big tables):
    both fonts named, size, and ``\n`` as line breaks."""
    run = OxmlElement("w:r")
    run.append(properties(east_asia=east_asia, size=size, bold=bold, latin=latin, color=color))
    for index, line in enumerate(xml_text(text).split("\n")):
        if index:
            run.append(OxmlElement("w:br"))
        if line:
            t = OxmlElement("w:t")
            t.set(_XML_SPACE, "preserve")
            t.text = line
            run.append(t)
    return run


def properties(
    *,
    east_asia: str = BODY_FONT,
    size: Pt = SIZE_5,
    bold: bool = False,
    latin: str = LATIN,
    color: RGBColor | None = None,
):
    """A new ``w:rPr``: both fonts named, size, bold and colour; for a run, or for a
    paragraph mark, whose formatting is what text typed into the paragraph gets."""
    key = (east_asia, latin, round(size.pt * 2), bold, str(color) if color else "")
    return copy.deepcopy(_run_properties(*key))


@functools.cache
def _run_properties(east_asia: str, latin: str, half_points: int, bold: bool, color: str):
    rpr = OxmlElement("w:rPr")
    fonts_element = OxmlElement("w:rFonts")
    fonts_element.set(qn("w:ascii"), latin)
    fonts_element.set(qn("w:hAnsi"), latin)
    fonts_element.set(qn("w:eastAsia"), east_asia)
    fonts_element.set(qn("w:cs"), latin)
    rpr.append(fonts_element)
    if bold:
        rpr.append(OxmlElement("w:b"))
    if color:
        color_element = OxmlElement("w:color")
        color_element.set(qn("w:val"), color)
        rpr.append(color_element)
    for tag in ("w:sz", "w:szCs"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), str(half_points))
        rpr.append(element)
    return rpr
