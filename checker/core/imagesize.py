"""The pixel size an image declares in its header, read without decoding it.

A PNG of a few kilobytes can declare 60000×60000 pixels: every browser that shows it
allocates gigabytes (a decompression bomb). The size is in the first bytes of PNG, GIF
and WebP, and in the frame header (SOFn) of a JPEG, after its APPn segments. Parsing is
bounded by the bytes given; anything unexpected yields None (size unknown).
"""

from __future__ import annotations

import struct
from typing import BinaryIO

# Used when a standard's settings do not name a limit (see settings.max_image_pixels).
DEFAULT_MAX_PIXELS = 40_000_000
# A JPEG's frame header follows its APPn segments (EXIF, ICC: up to 64 KB each).
JPEG_HEAD_BYTES = 1 << 20

_PNG = b"\x89PNG\r\n\x1a\n"
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}  # DHT, JPG and DAC are not frames
_STANDALONE = frozenset(range(0xD0, 0xD8)) | {0x01, 0xD8}


def declared_size(head: bytes) -> tuple[int, int] | None:
    """(width, height) as the header of ``head`` declares them, or None."""
    if head.startswith(_PNG):
        if len(head) >= 24 and head[12:16] == b"IHDR":
            return struct.unpack(">II", head[16:24])
        return None
    if head.startswith((b"GIF87a", b"GIF89a")):
        return struct.unpack("<HH", head[6:10]) if len(head) >= 10 else None
    if head.startswith(b"\xff\xd8"):
        return _jpeg(head)
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return _webp(head)
    return None


def file_size(stream: BinaryIO, limit: int = JPEG_HEAD_BYTES) -> tuple[int, int] | None:
    """(width, height) declared by the image in ``stream``, reading only its headers: a
    JPEG's segments are skipped by their lengths, not read, up to ``limit`` bytes in."""
    head = stream.read(32)
    if not head.startswith(b"\xff\xd8"):
        return declared_size(head)
    position = 2
    while position + 4 <= limit:
        stream.seek(position)
        segment = stream.read(4)
        if len(segment) < 4 or segment[0] != 0xFF:
            return None
        marker = segment[1]
        if marker == 0xFF:
            position += 1
            continue
        if marker in _STANDALONE:
            position += 2
            continue
        if marker in (0xD9, 0xDA):
            return None
        (length,) = struct.unpack(">H", segment[2:4])
        if length < 2:
            return None
        if marker in _SOF:
            return _jpeg(b"\xff\xd8" + segment + stream.read(5))
        position += 2 + length
    return None


def _jpeg(data: bytes) -> tuple[int, int] | None:
    position = 2
    end = len(data)
    while position + 4 <= end:
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in _STANDALONE:
            position += 2
            continue
        if marker in (0xD9, 0xDA):  # EOI, or scan data before any frame header
            return None
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if length < 2:
            return None
        if marker in _SOF:
            if position + 9 > end:
                return None
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            # Height 0 means "given later" (DNL): the size cannot be trusted.
            return (width, height) if width and height else None
        position += 2 + length
    return None


def _webp(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return width, height
    if chunk == b"VP8 " and len(data) >= 30 and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def describe(size: tuple[int, int]) -> str:
    """`60000×60000 像素（360000 万像素）`"""
    return f"{size[0]}×{size[1]} 像素（{size[0] * size[1] / 10_000:.0f} 万像素）"
