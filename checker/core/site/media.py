"""Photos for the site, with their metadata removed.

A phone photo carries EXIF: where it was taken (GPS), when, on which device, sometimes the
owner's name. Only the pixels are published: for PNG every chunk except IHDR, PLTE, IDAT,
IEND and tRNS is dropped; for JPEG the APP1…APP15 and COM segments are dropped (APP0, the
JFIF header, stays). A file that is not a well-formed PNG or JPEG yields None and is not
published at all; nor is one whose header declares more pixels than ``max_pixels`` (a few
kilobytes can declare 60000×60000, a decompression bomb in every visitor's browser) or
whose size cannot be read.
"""

from __future__ import annotations

import struct

from checker.core.imagesize import DEFAULT_MAX_PIXELS, JPEG_HEAD_BYTES, declared_size

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_KEEP = frozenset({b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS"})
JPEG_DROP = frozenset(range(0xE1, 0xF0)) | {0xFE}  # APP1..APP15, COM
_STANDALONE = frozenset(range(0xD0, 0xD8)) | {0x01, 0xD8, 0xD9}  # RSTn, TEM, SOI, EOI


def strip_metadata(data: bytes, max_pixels: int = DEFAULT_MAX_PIXELS) -> bytes | None:
    """The image without metadata, or None when it is not a PNG or JPEG we can read or
    declares more than ``max_pixels`` pixels."""
    size = declared_size(data[:JPEG_HEAD_BYTES])
    if size is None or size[0] * size[1] > max_pixels:
        return None
    if data.startswith(PNG_SIGNATURE):
        return strip_png(data)
    if data.startswith(b"\xff\xd8"):
        return strip_jpeg(data)
    return None


def image_kind(data: bytes) -> str | None:
    if data.startswith(PNG_SIGNATURE):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    return None


def strip_png(data: bytes) -> bytes | None:
    out = [PNG_SIGNATURE]
    position = len(PNG_SIGNATURE)
    seen_end = False
    while position + 8 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        end = position + 12 + length
        if end > len(data) or not kind.isalpha():
            return None
        if kind in PNG_KEEP:
            out.append(data[position:end])
        position = end
        if kind == b"IEND":
            seen_end = True
            break
    if not seen_end or len(out) < 3:  # signature, IHDR, at least IDAT
        return None
    return b"".join(out)


def strip_jpeg(data: bytes) -> bytes | None:
    out = [b"\xff\xd8"]
    position = 2
    size = len(data)
    while position < size:
        if data[position] != 0xFF:
            return None
        while position < size and data[position] == 0xFF:  # fill bytes
            position += 1
        if position >= size:
            return None
        marker = data[position]
        position += 1
        if marker == 0xD9:  # EOI
            out.append(b"\xff\xd9")
            return b"".join(out)
        if marker in _STANDALONE:
            out.append(bytes((0xFF, marker)))
            continue
        if position + 2 > size:
            return None
        (length,) = struct.unpack(">H", data[position : position + 2])
        end = position + length
        if length < 2 or end > size:
            return None
        if marker not in JPEG_DROP:
            out.append(bytes((0xFF, marker)) + data[position:end])
        position = end
        if marker == 0xDA:  # SOS: entropy-coded data follows, up to the next real marker
            scan_end = _scan_end(data, position)
            out.append(data[position:scan_end])
            position = scan_end
    return None  # no EOI


def _scan_end(data: bytes, position: int) -> int:
    """Where the entropy-coded segment starting at ``position`` ends."""
    size = len(data)
    while True:
        position = data.find(b"\xff", position)
        if position == -1 or position + 1 >= size:
            return size
        following = data[position + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            position += 1 if following == 0xFF else 2
            continue
        return position
