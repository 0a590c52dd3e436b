"""Narratives: Markdown keeps working, nothing executable survives, pictures lose metadata."""

from __future__ import annotations

import re
import struct
from html.parser import HTMLParser

import pytest
from site_tree import PHOTO_METADATA, png

from checker.core.site.media import strip_jpeg, strip_metadata, strip_png
from checker.core.site.sanitize import render_narrative

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<body onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example"><input name=a><button>go</button></form>',
    '<a href="javascript:alert(1)">a</a>',
    '<a href="  JaVaScRiPt:alert(1)">b</a>',
    '<a href="java&#x09;script:alert(1)">c</a>',
    '<a href="data:text/html,<script>alert(1)</script>">d</a>',
    '<a href="vbscript:msgbox(1)">e</a>',
    "[md link](javascript:alert(1))",
    "![md img](https://evil.example/pixel.png)",
    '<div style="background:url(javascript:alert(1))" onclick="alert(1)">x</div>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<style>body{background:url(https://evil.example/x)}</style>",
    "<!-- <script>alert(1)</script> -->",
    "<details open ontoggle=alert(1)>x</details>",
    '<a href="#" onmouseover="alert(1)">f</a>',
    # Obfuscation with entities, and Markdown's own ways of writing a link.
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">g</a>',
    '<a href="&#x6A;avascript&colon;alert(1)">h</a>',
    "[entity](&#106;avascript:alert(1))",
    "[ref link][evil]\n\n[evil]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "[spaced](java script:alert(1))",
    "[newline](java\nscript:alert(1))",
    "![ref img][pic]\n\n[pic]: https://evil.example/pixel.png",
]


class Tags(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_executable_markup_survives(payload: str) -> None:
    html = render_narrative(f"正文\n\n{payload}\n\n结尾")
    for tag, attrs in Tags(html).tags:
        assert tag not in {
            "script", "iframe", "object", "embed", "form", "input", "button", "style",
            "meta", "base", "link", "svg", "math", "body",
        }, html  # fmt: skip
        assert not any(name.startswith("on") for name in attrs), html
        assert "style" not in attrs, html
        for value in attrs.values():
            assert not re.match(r"\s*(javascript|data|vbscript):", value or "", re.I), html
            assert "evil.example" not in (value or ""), html
        if tag == "img":
            pytest.fail(f"an image the site does not serve survived: {html}")


def test_markdown_keeps_working() -> None:
    text = "# 标题\n\n**粗体**、*强调*\n\n- 一\n- 二\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n\n[链接](https://www.12371.cn/)"
    html = render_narrative(text)
    assert "<h3>标题</h3>" in html  # headings move down under the page's own
    assert "<strong>粗体</strong>" in html and "<em>强调</em>" in html
    assert "<li>一</li>" in html and "<td>1</td>" in html
    assert 'href="https://www.12371.cn/"' in html and "noopener" in html


def test_images_only_where_the_site_serves_them() -> None:
    served = {"evidence/照片.png": "../../media/abc.png"}
    html = render_narrative(
        "![照片](evidence/照片.png) ![外部](https://evil.example/x.png) <img src='evidence/x.png'>",
        served.get,
    )
    assert html.count("<img") == 1 and 'src="../../media/abc.png"' in html


def _chunks(data: bytes) -> list[bytes]:
    kinds, position = [], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kinds.append(data[position + 4 : position + 8])
        position += 12 + length
    return kinds


def test_png_metadata_is_stripped() -> None:
    original = png(extra=[*PHOTO_METADATA, (b"tRNS", b"\x00\x00\x00\x00\x00\x00")])
    clean = strip_png(original)
    assert clean is not None
    assert _chunks(clean) == [b"IHDR", b"tRNS", b"IDAT", b"IEND"]
    assert b"GPS" not in clean and b"secret" not in clean
    assert strip_metadata(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x05IHDR") is None  # truncated


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


def test_jpeg_metadata_is_stripped() -> None:
    jpeg = (
        b"\xff\xd8"
        + _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
        + _segment(0xE1, b"Exif\x00\x00GPSLatitude=39.9")
        + _segment(0xED, b"Photoshop 3.0 IPTC owner")
        + _segment(0xFE, b"comment: taken by Zhang San")
        + _segment(0xDB, bytes(65))
        + _segment(0xC0, b"\x08\x00\x10\x00\x10\x01\x01\x11\x00")
        + _segment(0xC4, bytes(20))
        + _segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
        + b"\x12\x34\xff\x00\x56\xff\xd0\x78"  # entropy data with a stuffed byte and RST0
        + b"\xff\xd9"
    )
    clean = strip_jpeg(jpeg)
    assert (
        clean is not None and clean.startswith(b"\xff\xd8\xff\xe0") and clean.endswith(b"\xff\xd9")
    )
    for secret in (b"Exif", b"GPS", b"IPTC", b"Zhang San"):
        assert secret not in clean
    assert b"\x12\x34\xff\x00\x56\xff\xd0\x78" in clean
    assert strip_metadata(b"\xff\xd8\xff\xe1\x00") is None  # truncated
    assert strip_metadata(b"GIF89a") is None
