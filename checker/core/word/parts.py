"""What a vetted .docx holds beyond text, and how much text: checked before python-docx.

safezip.py has checked the zip (sizes, names, macros, DTDs). Two more things can go wrong
once the XML is parsed, and both are checked here while streaming, before python-docx
builds its tree:

- Content that import would silently ignore or that reaches outside the file: embedded
  OLE objects and packages, ``altChunk`` parts (text Word shows but the form reader never
  sees), frames and sub-documents, an attached template, linked (not embedded) pictures,
  any relationship to an external target except a hyperlink. Each is refused (W005),
  naming what was found. A hyperlink to a web page is harmless: import reads only text.
- Size in structure rather than bytes: a 1.7 MB zip can hold a million empty paragraphs
  in one cell, and python-docx would build a million objects before anything said no.
  Paragraphs, runs, cells and characters are counted as they stream past, and the count
  stops at the first limit (W014), naming the table, row and cell.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from lxml import etree

from checker.core.word.safezip import Refused

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"

# Relationship types (their last path segment) that bring in content import cannot read.
_FOREIGN = {
    "oleobject": "嵌入的对象",
    "package": "嵌入的文档",
    "afchunk": "嵌入的外部内容（altChunk）",
    "attachedtemplate": "附加的模板",
    "frame": "框架",
    "subdocument": "子文档",
    "control": "ActiveX 控件",
    "externallink": "外部链接",
}
_FOLDERS = {"word/embeddings/": "嵌入的对象", "word/activex/": "ActiveX 控件"}
_ELEMENTS = {
    f"{_W}altChunk": "嵌入的外部内容（altChunk）",
    f"{_W}object": "嵌入的对象",
    f"{_W}subDoc": "子文档",
}
_HYPERLINK = "hyperlink"


@dataclass(frozen=True, slots=True)
class TextLimits:
    """Technical safety bounds on a form's structure (not policy: a real form is far
    below them; they only keep a crafted one from costing minutes and gigabytes)."""

    paragraphs: int = 100_000
    cell_paragraphs: int = 10_000
    runs: int = 500_000
    cells: int = 100_000
    characters: int = 4_000_000
    cell_characters: int = 1_000_000


def vet_parts(data: bytes, limits: TextLimits = TextLimits()) -> None:
    """Refuse (W005) foreign or external content and (W014) a body past ``limits``.

    ``data`` is a zip that ``safezip.vet_zip`` has accepted: no DTDs, sizes bounded.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        for name in names:
            for folder, what in _FOLDERS.items():
                if name.lower().startswith(folder) and not name.endswith("/"):
                    raise Refused("W005", f"文件中含有{what}（{name}）")
        for name in names:
            if name.lower().endswith(".rels"):
                _vet_relationships(name, archive.read(name))
        with archive.open("word/document.xml") as stream:
            _count_body(stream, limits)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _vet_relationships(name: str, xml: bytes) -> None:
    try:
        root = etree.fromstring(xml, _parser())
    except etree.XMLSyntaxError:
        raise Refused("W002", f"“{name}”已损坏，无法读取") from None
    for rel in root.iter(_REL):
        kind = PurePosixPath(rel.get("Type", "")).name.lower()
        target = rel.get("Target", "")
        external = rel.get("TargetMode", "").lower() == "external"
        shown = target if len(target) <= 80 else target[:80] + "…"
        if kind in _FOREIGN:
            where = shown if external else _part_of(name, target)
            raise Refused("W005", f"文件中含有{_FOREIGN[kind]}（{where}）")
        if external and kind != _HYPERLINK:
            what = "链接的图片" if kind == "image" else f"指向外部的引用（{kind or '未知类型'}）"
            raise Refused("W005", f"文件中含有{what}（{shown}），内容不在文档内")


def _part_of(rels_name: str, target: str) -> str:
    """The part a relationship in ``word/_rels/document.xml.rels`` points to:
    ``embeddings/oleObject1.bin`` -> ``word/embeddings/oleObject1.bin``."""
    if target.startswith("/"):
        return target.lstrip("/")
    folder = PurePosixPath(rels_name).parent.parent
    parts: list[str] = [p for p in folder.parts if p not in ("", ".")]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


class _Counter:
    """Counts of the body as it streams: per document, and per top-level table cell."""

    def __init__(self, limits: TextLimits) -> None:
        self.limits = limits
        self.paragraphs = self.runs = self.cells = self.characters = 0
        self.table = 0  # 1-based number of the current top-level table, as the form counts
        self.depth = 0  # table nesting
        self.row = self.col = 0
        self.cell_paragraphs = self.cell_characters = 0

    def place(self) -> str:
        if self.depth:
            return f"表{self.table} 第{self.row}行 第{self.col}列"
        return "正文"

    def over(self, what: str, unit: str, limit: int, in_cell: bool) -> Refused:
        where = self.place() if in_cell else f"全文（数到{self.place()}时）"
        return Refused(
            "W014",
            f"{where}的{what}超过上限 {limit} {unit}；这不是正常填写的表格，未读取",
        )

    def start(self, tag: str) -> None:
        if tag == f"{_W}tbl":
            if self.depth == 0:
                self.table += 1
                self.row = 0
            self.depth += 1
        elif tag == f"{_W}tr" and self.depth == 1:
            self.row += 1
            self.col = 0
        elif tag == f"{_W}tc":
            self.cells += 1
            if self.cells > self.limits.cells:
                raise self.over("单元格数", "个", self.limits.cells, False)
            if self.depth == 1:
                self.col += 1
                self.cell_paragraphs = self.cell_characters = 0
        elif tag == f"{_W}p":
            self.paragraphs += 1
            self.cell_paragraphs += 1
            if self.depth and self.cell_paragraphs > self.limits.cell_paragraphs:
                raise self.over("段落数", "段", self.limits.cell_paragraphs, True)
            if self.paragraphs > self.limits.paragraphs:
                raise self.over("段落数", "段", self.limits.paragraphs, False)
        elif tag == f"{_W}r":
            self.runs += 1
            if self.runs > self.limits.runs:
                raise self.over("文字片段（run）数", "个", self.limits.runs, False)
        elif tag in _ELEMENTS:
            raise Refused("W005", f"{self.place()}中含有{_ELEMENTS[tag]}，导入时无法读取其内容")

    def end(self, tag: str, text: str | None) -> None:
        if tag == f"{_W}tbl":
            self.depth -= 1
        elif tag == f"{_W}t" and text:
            self.characters += len(text)
            self.cell_characters += len(text)
            if self.depth and self.cell_characters > self.limits.cell_characters:
                raise self.over("字数", "字", self.limits.cell_characters, True)
            if self.characters > self.limits.characters:
                raise self.over("字数", "字", self.limits.characters, False)


def _count_body(stream, limits: TextLimits) -> None:
    counter = _Counter(limits)
    events = etree.iterparse(
        stream,
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    try:
        for event, element in events:
            if event == "start":
                counter.start(element.tag)
                continue
            counter.end(element.tag, element.text)
            if element.tag in (f"{_W}p", f"{_W}tbl", f"{_W}sdt"):
                # Done with it: free it and what came before, so memory stays flat.
                element.clear()
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError:
        raise Refused("W002", "文档正文（word/document.xml）已损坏，无法读取") from None
