"""The form and the report in a real office program: LibreOffice types into them, saves and
renders them, and what a person would see is checked from the saved file and the PDF.

Under CI a missing LibreOffice (or python3-uno) fails these tests instead of skipping them
(`missing_tool`), since `.ci/run` installs it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
from conftest import REPO, SCHEMAS, Tree, missing_tool, run_cli
from docx.oxml.ns import qn

from checker.dossier.engine import Engine
from checker.dossier.word.layout import FormLayout, build_layout

SYSTEM_PYTHON = "/usr/bin/python3"  # python3-uno is Debian's, built for this interpreter
UNO_TYPING = REPO / "tests" / "uno_typing.py"


def need_uno() -> None:
    if shutil.which("soffice") is None:
        missing_tool("LibreOffice is not installed (apt-get install libreoffice-writer)")
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, check=False, timeout=60
    )
    if probe.returncode != 0:
        missing_tool("python3-uno is not installed (apt-get install python3-uno)")


def layout_of() -> FormLayout:
    engine = Engine(SCHEMAS)
    return build_layout(engine.standard, engine.schemas.raw)


def type_in_libreoffice(source: Path, target: Path, typing: list[tuple[int, int, int, str]]):
    """Type each text at the start of a cell (1-based table, row, column) and save."""
    args = [str(part) for place in typing for part in place]
    subprocess.run(
        [SYSTEM_PYTHON, str(UNO_TYPING), str(source), str(target), *args],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return docx.Document(str(target))


def _style_size(style) -> float | None:
    while style is not None:
        if style.font.size is not None:
            return style.font.size.pt
        style = style.base_style
    return None


def effective_size(document, paragraph, run) -> float:
    """The size Word shows for ``run``: its own, else its paragraph style's (through the
    styles it is based on), else the document default."""
    if run.font.size is not None:
        return run.font.size.pt
    size = _style_size(paragraph.style)
    if size is not None:
        return size
    defaults = document.styles.element.find(qn("w:docDefaults"))
    sz = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}")
    return int(sz.get(qn("w:val"))) / 2 if sz is not None else 10.0


def typed_sizes(document, table: int, row: int, col: int, text: str) -> set[float]:
    """The sizes of the runs holding ``text`` (an office may split it into several)."""
    cell = document.tables[table - 1].rows[row - 1].cells[col - 1]
    assert cell.text == text, f"表{table} 第{row}行 第{col}列: {cell.text!r}"
    return {
        effective_size(document, paragraph, run)
        for paragraph in cell.paragraphs
        for run in paragraph.runs
        if run.text
    }


def fill_in_places(layout: FormLayout) -> list[tuple[int, int, int, float]]:
    """Empty cells a person types into, with the size their table's text has: the cover's
    values, a roster cell and an item's self-score."""
    ((cover_index, cover),) = layout.by_kind("cover")
    code_row = next(n for n, r in enumerate(cover.rows, 1) if r.field and r.field.path[0] == "name")
    roster_index, roster = layout.by_kind("roster")[0]
    item_index, item = layout.by_kind("item")[0]
    score_row = next(n for n, r in enumerate(item.rows, 1) if r.field is not None)
    return [
        (cover_index + 1, code_row, 2, 14.0),
        (roster_index + 1, roster.first_data_row, 2, 9.0),
        (item_index + 1, score_row, 2, 10.5),
    ]


def test_text_typed_into_an_empty_cell_keeps_the_tables_size(tmp_path: Path) -> None:
    """Word, WPS and LibreOffice give typed text the paragraph mark's formatting; without
    it the text came out in the Normal style's 16 pt."""
    need_uno()
    form = tmp_path / "form.docx"
    assert run_cli("template", "--year", "2025", "-o", str(form)).code == 0
    places = fill_in_places(layout_of())
    typing = [(t, r, c, f"键入 Typed {n}") for n, (t, r, c, _size) in enumerate(places)]
    saved = type_in_libreoffice(form, tmp_path / "typed.docx", typing)
    for n, (t, r, c, size) in enumerate(places):
        assert typed_sizes(saved, t, r, c, f"键入 Typed {n}") == {size}, (t, r, c)


def test_every_cell_paragraph_carries_its_fonts_and_size_on_its_mark(tree: Tree) -> None:
    form = tree.base / "form.docx"
    assert run_cli("template", "--from", str(tree.year_dir), "-o", str(form)).code == 0
    document = docx.Document(str(form))
    paragraphs = [p for t in document.tables for p in t._tbl.iter(qn("w:p"))]
    assert len(paragraphs) > 300
    for p in paragraphs:
        mark = p.find(f"{qn('w:pPr')}/{qn('w:rPr')}")
        assert mark is not None, p.xml
        fonts = mark.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) and fonts.get(qn("w:ascii")), p.xml
        assert mark.find(qn("w:sz")) is not None, p.xml
        run = p.find(qn("w:r"))
        if run is not None:  # the mark says what the run says
            assert run.find(qn("w:rPr")).find(qn("w:sz")).get(qn("w:val")) == mark.find(
                qn("w:sz")
            ).get(qn("w:val"))
