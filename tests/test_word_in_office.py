"""The form and the report in a real office program: LibreOffice types into them, saves and
renders them, and what a person would see is checked from the saved file and the PDF.

Under CI a missing LibreOffice (or python3-uno) fails these tests instead of skipping them
(`missing_tool`), since `.ci/run` installs it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from conftest import REPO, SCHEMAS, Tree, missing_tool, run_cli
from docx.oxml.ns import qn

from checker.core.word.cells import cell_text
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


# --- rows kept on one page --------------------------------------------------------------

CONTENT = REPO / "content"
SAMPLE = CONTENT / "branches" / "379901-CZJ-02" / "2025"


def need_pdf_tools() -> None:
    if shutil.which("soffice") is None:
        missing_tool("LibreOffice is not installed (apt-get install libreoffice-writer)")
    if shutil.which("pdftotext") is None:
        missing_tool("pdftotext is not installed (apt-get install poppler-utils)")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class Rendered:
    """A .docx we wrote, and what each page of its PDF shows (whitespace removed)."""

    docx: Path
    pages: list[str]

    def page_of(self, *texts: str) -> int | None:
        """The first page (1-based) that shows all ``texts``."""
        wanted = [_squeeze(t) for t in texts]
        return next(
            (n for n, page in enumerate(self.pages, 1) if all(w in page for w in wanted)), None
        )


def pdf_pages(pdf: Path) -> list[str]:
    # -raw keeps each cell's text together in the order it was written, so a cell's text
    # is a substring of its page's; -layout would interleave the columns.
    out = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],
        check=True, capture_output=True, timeout=120,
    ).stdout.decode("utf-8")  # fmt: skip
    return [_squeeze(page) for page in out.split("\f")[:-1]]


def libreoffice_resave(source: Path, folder: Path) -> Path:
    """``source`` opened and saved again as .docx by LibreOffice, into ``folder``."""
    profile = (folder / "profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
         "docx:MS Word 2007 XML", "--outdir", str(folder / "resaved"), str(source)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return folder / "resaved" / source.name


def render(docs: list[Path], folder: Path) -> dict[str, Rendered]:
    profile = (folder / "profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder / "pdf"), *map(str, docs)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    return {d.stem: Rendered(d, pdf_pages(folder / "pdf" / f"{d.stem}.pdf")) for d in docs}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    """The blank form, a form filled from the sample branch, and the report of every 2025
    dossier of the sample content, as PDF pages."""
    need_pdf_tools()
    folder = tmp_path_factory.mktemp("rendered")
    docs = [folder / "form-blank.docx", folder / "form-filled.docx"]
    assert run_cli("template", "--year", "2025", "-o", str(docs[0])).code == 0
    assert run_cli("template", "--from", str(SAMPLE), "-o", str(docs[1])).code == 0
    for year_dir in sorted(CONTENT.glob("branches/*/2025")):
        target = folder / f"report-{year_dir.parent.name}.docx"
        if run_cli("report", str(year_dir), "-o", str(target)).code == 0:
            docs.append(target)
    assert len(docs) > 8
    return render(docs, folder)


def _rows(path: Path):
    """The text of each cell of every table row, whether the row may split, and whether
    it holds a narrative (the row under a label “…（可选，导入后保存为 summary.md）”)."""
    document = docx.Document(str(path))
    for table in document.tables:
        above = ""
        for tr in table._tbl.tr_lst:
            splits = tr.trPr is None or tr.trPr.find(qn("w:cantSplit")) is None
            texts = [cell_text(tc) for tc in tr.tc_lst]
            yield texts, splits, "导入后保存为" in above
            above = "".join(texts)


def test_no_row_is_split_across_pages(rendered: dict[str, Rendered]) -> None:
    """Every row is on one page; only a narrative, which may be longer than a page, may
    split (Word cuts off what does not fit of a row that cannot)."""
    checked = 0
    for name, doc in rendered.items():
        for texts, splits, narrative in _rows(doc.docx):
            assert splits == narrative, f"{name}: {texts}"
            filled = [t for t in texts if _squeeze(t)]
            if filled and not narrative:
                assert doc.page_of(*filled) is not None, f"{name}: a row is split: {filled}"
                checked += 1
    assert checked > 500


def test_no_page_holds_only_a_repeated_header(rendered: dict[str, Rendered]) -> None:
    for name, doc in rendered.items():
        headers = set()
        for table in docx.Document(str(doc.docx)).tables:
            for tr in table._tbl.tr_lst:
                if tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None:
                    headers.update(_squeeze(cell_text(tc)) for tc in tr.tc_lst)
        for number, page in enumerate(doc.pages, 1):
            rest = re.sub(r"—\d+—", "", page)  # the page number
            for header in sorted(headers, key=len, reverse=True):
                rest = rest.replace(header, "")
            assert rest, f"{name}: page {number} holds only a repeated table header"


def test_the_sign_off_stays_together_with_its_heading(rendered: dict[str, Rendered]) -> None:
    reports = [doc for name, doc in rendered.items() if name.startswith("report-")]
    for doc in reports:
        page = doc.page_of("五、审核意见", "支部自查意见", "督导组核定意见", "督导组组长（签字）")
        assert page is not None, doc.docx.name
        last = doc.pages[page - 1]
        assert (
            last.index("督导组核定意见") < last.index("督导组组长（签字）") < last.rindex("年月日")
        )


def _has(element, tag: str) -> bool:
    return element is not None and element.find(qn(tag)) is not None


def test_rows_headers_and_sign_off_in_the_xml(tree: Tree) -> None:
    """What keeps rows on a page, as written: cantSplit on every row but a narrative's or
    one too long for a page, header rows repeated, score cells centred, the sign-off's rows
    kept with each other and with their heading."""
    resolution = "研究部署当月党建工作。" * 180  # taller than a landscape page
    tree.set_activity("支委会", "2025-01-06", "resolution", resolution)
    form = tree.base / "form.docx"
    assert run_cli("template", "--from", str(tree.year_dir), "-o", str(form)).code == 0
    tables = docx.Document(str(form)).tables
    long_rows = 0
    for index, spec in enumerate(layout_of().tables):
        trs = tables[index]._tbl.tr_lst
        if spec.kind in ("roster", "activities"):
            assert [_has(tr.trPr, "w:tblHeader") for tr in trs[:3]] == [True, True, False]
            assert all(_has(tc.tcPr, "w:vAlign") for tc in trs[1].tc_lst)
        for number, tr in enumerate(trs):
            long_row = any(cell_text(tc) == resolution for tc in tr.tc_lst)
            long_rows += long_row
            may_split = long_row or (spec.kind == "narrative" and number == 1)
            assert _has(tr.trPr, "w:cantSplit") != may_split, (spec.caption, number)
    assert long_rows == 1

    report = tree.base / "report.docx"
    assert run_cli("report", str(tree.year_dir), "-o", str(report)).code == 0
    document = docx.Document(str(report))
    *scores, signoff = document.tables
    for table in [*scores, signoff]:
        assert all(_has(tr.trPr, "w:cantSplit") for tr in table._tbl.tr_lst)
    for table in scores:
        header, *rows = table._tbl.tr_lst
        assert _has(header.trPr, "w:tblHeader")
        assert all(_has(tc.tcPr, "w:vAlign") for tr in rows for tc in tr.tc_lst)
    *kept, last = signoff._tbl.tr_lst
    for tr in kept:
        assert all(_has(p.pPr, "w:keepNext") for p in tr.iter(qn("w:p")))
    assert not any(_has(p.pPr, "w:keepNext") for p in last.iter(qn("w:p")))
    heading = next(p for p in document.paragraphs if p.text == "五、审核意见")
    assert heading.paragraph_format.keep_with_next
