"""The text of a Word table as a person sees it: cells, paragraphs and merged cells.

Read from the XML, so that text inside tracked insertions, content controls and hyperlinks
counts and deleted text does not; python-docx's ``cell.text`` misses both.
"""

from __future__ import annotations

from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_TAGS = (f"{W}t", f"{W}br", f"{W}cr", f"{W}tab")
_SKIP = (f"{W}del", f"{W}moveFrom")


def paragraph_text(p: Any) -> str:
    """Text of a paragraph as Word shows it, including text inside tracked insertions,
    content controls and hyperlinks; deleted text left out."""
    parts = []
    for element in p.iter(*_TEXT_TAGS):
        if any(a.tag in _SKIP for a in element.iterancestors()):
            continue
        if element.tag == f"{W}t":
            parts.append(element.text or "")
        elif element.tag == f"{W}tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


_OFF = ("0", "false", "off", "none")


def bold_run(run: Any) -> bool:
    """Whether a ``w:r`` is bold by its own properties (w:b, unless w:val switches it off)."""
    rpr = run.find(f"{W}rPr")
    b = rpr.find(f"{W}b") if rpr is not None else None
    return b is not None and b.get(f"{W}val", "true").lower() not in _OFF


def paragraph_spans(p: Any) -> list[tuple[str, bool]]:
    """The text of a paragraph as :func:`paragraph_text` reads it, in (text, bold) pieces:
    one per run, neighbours of the same weight joined."""
    spans: list[tuple[str, bool]] = []
    for run in p.iter(f"{W}r"):
        if any(a.tag in _SKIP for a in run.iterancestors()):
            continue
        text = paragraph_text(run)
        if not text:
            continue
        bold = bold_run(run)
        if spans and spans[-1][1] == bold:
            spans[-1] = (spans[-1][0] + text, bold)
        else:
            spans.append((text, bold))
    return spans


def cell_paragraphs(tc: Any) -> list[str]:
    return [paragraph_text(p) for p in tc.iter(f"{W}p")]


def cell_text(tc: Any) -> str:
    return "\n".join(cell_paragraphs(tc))


def merged(tc: Any) -> bool:
    pr = tc.tcPr
    if pr is None:
        return False
    span = pr.find(f"{W}gridSpan")
    return pr.find(f"{W}vMerge") is not None or (
        span is not None and span.get(f"{W}val", "1") != "1"
    )


def row_texts(row: Any) -> list[str]:
    """Texts of a row's cells; a merged cell makes the row unreadable (ValueError)."""
    tcs = row._tr.tc_lst
    if any(merged(tc) for tc in tcs):
        raise ValueError("merged")
    return [cell_text(tc) for tc in tcs]
