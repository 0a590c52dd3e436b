"""What a file really is, from its first bytes: for messages about a file whose content does
not match its extension (a PDF named .docx, a text file renamed to .zip)."""

from __future__ import annotations

import re

_MAGIC = (
    (b"MZ", "Windows 可执行程序"),
    (b"\x7fELF", "Linux 可执行程序"),
    (b"%PDF-", "PDF 文件"),
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"PK\x03\x04", "ZIP 压缩包或 Office 文档"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Office 文档（.doc、.xls）或加密的文档"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"{\\rtf", "RTF 文档"),
    (b"#!", "脚本"),
)
_MARKUP = (b"<!doctype html", b"<html", b"<script", b"<svg", b"<?xml", b"mime-version:")
# Text has no control characters other than tab, line breaks and form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def describe(head: bytes) -> str:
    """What ``head`` (the first bytes of a file) is, in Chinese: "PDF 文件", "纯文本" …"""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head.lstrip().lower().startswith(_MARKUP):
        return "网页或 XML 文本"
    if head and _is_text(head):
        return "纯文本"
    return "其他类型的数据"


def _is_text(head: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # not just a character cut at the end
                continue
            text = head[: exc.start].decode(encoding)
        return not _CONTROL.search(text)
    return False
