"""The naming decision and the assessment bulletin in LibreOffice: rendered to PDF, no table
row is split across pages and the committee's sign-off (its name and the date) stays on one
page, the last."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, run_cli
from test_word_in_office import Rendered, _rows, _squeeze, need_pdf_tools, render

CONTENT = REPO / "content"
COMMITTEE = "中共渤川市市直机关工作委员会"
SIGNED = "2026年11月29日"  # conftest's --today


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    need_pdf_tools()
    folder = tmp_path_factory.mktemp("committee")
    docs = [folder / "naming.docx", folder / "assessment.docx"]
    naming = run_cli("report", str(CONTENT), "--naming", "--year", "2025", "-o", str(docs[0]))
    assert naming.code == 0, naming.stderr
    bulletin = run_cli("report", str(CONTENT), "--assessment", "--year", "2025", "-o", str(docs[1]))
    assert bulletin.code == 1 and docs[1].is_file(), bulletin.stderr  # the sample's K002
    return render(docs, folder)


def test_both_run_over_more_than_one_page(rendered: dict[str, Rendered]) -> None:
    # Otherwise the checks below could not see a row split by a page break.
    assert all(len(doc.pages) >= 3 for doc in rendered.values())


def test_no_row_is_split_across_pages(rendered: dict[str, Rendered]) -> None:
    for name, doc in rendered.items():
        checked = 0
        for texts, splits, _ in _rows(Path(doc.docx)):
            assert not splits, f"{name}: a row may split: {texts}"
            filled = [t for t in texts if _squeeze(t)]
            assert doc.page_of(*filled) is not None, f"{name}: a row is split: {filled}"
            checked += 1
        assert checked >= 20, name


def test_the_sign_off_stays_together_on_the_last_page(rendered: dict[str, Rendered]) -> None:
    for name, doc in rendered.items():
        page = doc.page_of(COMMITTEE + SIGNED)
        assert page == len(doc.pages), name


def test_the_bulletins_ranking_repeats_its_header_on_the_next_page(
    rendered: dict[str, Rendered],
) -> None:
    doc = rendered["assessment"]
    first = doc.page_of("表1年度考核排名")
    # The last row: 18.82 (its standardization points) is in no other table.
    last = doc.page_of("中共渤川市临河县柳塘镇委员会", "18.82")
    assert first is not None and last is not None and last > first
    assert "名次党组织目标任务考核40%" in doc.pages[last - 1]
