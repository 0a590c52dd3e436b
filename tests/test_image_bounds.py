"""Pictures that declare more pixels than anyone should decode: refused as evidence by
`checker validate` (E011, at the citation) and never published by the site.

A 60000×60000 PNG is a few hundred bytes on disk; a browser showing it allocates some
14 GB. The declared size is read from the header, without decoding anything.
"""

from __future__ import annotations

import io
import struct
import sys
import zlib
from pathlib import Path

from conftest import Tree, run_cli

from checker.core.site.media import strip_metadata
from checker.dossier.site.generator import MediaStore

PHOTO = "evidence/先锋岗.png"


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int) -> bytes:
    """A well-formed PNG declaring ``width``×``height`` (its pixel data is a stub)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1024, 9))
        + chunk(b"IEND", b"")
    )


def jpeg(width: int, height: int, app1: int = 60_000) -> bytes:
    """A JPEG whose frame header comes after a large EXIF segment, as phones write it."""
    exif = b"\xff\xe1" + struct.pack(">H", app1 + 2) + b"Exif\0\0" + b"\0" * (app1 - 6)
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0" + exif + sof + b"\xff\xd9"


def test_declared_sizes_are_read_from_every_kind_of_header() -> None:
    from checker.core.imagesize import declared_size, file_size

    # From a file, a JPEG's segments are skipped by their lengths: a 500 KB EXIF is not read.
    assert file_size(io.BytesIO(jpeg(30000, 20000, app1=60_000))) == (30000, 20000)
    big_exif = b"".join(jpeg(1, 1, app1=60_000)[20:60024] for _ in range(8))
    photo = jpeg(8000, 6000)
    assert file_size(io.BytesIO(photo[:20] + big_exif + photo[20:])) == (8000, 6000)
    assert file_size(io.BytesIO(png(60000, 60000))) == (60000, 60000)
    assert declared_size(png(60000, 60000)) == (60000, 60000)
    assert declared_size(jpeg(30000, 20000)) == (30000, 20000)
    assert declared_size(b"GIF89a" + struct.pack("<HH", 65535, 65535) + b"\0" * 8) == (
        65535,
        65535,
    )
    vp8x = b"RIFF\0\0\0\0WEBPVP8X" + b"\x0a\0\0\0" + b"\0" * 4
    vp8x += (16383).to_bytes(3, "little") + (9999).to_bytes(3, "little")
    assert declared_size(vp8x) == (16384, 10000)
    lossless = b"RIFF\0\0\0\0WEBPVP8L\0\0\0\0\x2f"
    lossless += ((1000 - 1) | ((2000 - 1) << 14)).to_bytes(4, "little")
    assert declared_size(lossless) == (1000, 2000)
    assert declared_size(b"\x89PNG\r\n\x1a\n\0\0") is None  # truncated: unknown, not zero
    assert declared_size(b"\xff\xd8\xff\xe1\xff\xff") is None


def test_a_huge_png_cited_as_evidence_is_e011_at_the_citation(tree: Tree) -> None:
    (tree.year_dir / PHOTO).write_bytes(png(60000, 60000))
    run = tree.validate()
    assert run.code == 1, run.stdout + run.stderr
    (finding,) = [f for f in run.findings if f["code"] == "E011"]
    assert finding["level"] == "error"
    assert finding["file"].endswith("branches/T-01/2025/dossier.yaml")
    assert finding["line"] == tree.line_of(PHOTO)
    assert "60000×60000 像素" in finding["message"] and "4000 万像素" in finding["message"]


def test_a_huge_jpeg_is_e011_too_and_the_limit_is_the_standards(tree: Tree) -> None:
    tree.replace("evidence: [evidence/先锋岗.png]", "evidence: [evidence/先锋岗.jpg]")
    (tree.year_dir / PHOTO).unlink()
    (tree.year_dir / "evidence/先锋岗.jpg").write_bytes(jpeg(4000, 3000))  # 12 megapixels
    assert "E011" not in tree.validate().codes()
    schemas = tree.edit_standard("max_image_pixels: 40000000", "max_image_pixels: 10000000")
    run = tree.validate(schemas=schemas)
    assert "E011" in run.codes(), run.stdout
    assert any("超过上限 1000 万像素" in f["message"] for f in run.findings)


def test_the_sample_photos_are_within_the_limit(tree: Tree) -> None:
    assert "E011" not in tree.validate().codes()


def test_the_site_never_publishes_a_huge_picture(tree: Tree) -> None:
    bomb = png(60000, 60000)
    assert strip_metadata(bomb) is None
    assert strip_metadata(png(1200, 800)) is not None
    store = MediaStore(20 << 20, 40_000_000)
    (tree.year_dir / PHOTO).write_bytes(bomb)
    assert store.resolve(tree.year_dir, PHOTO) is None
    # Even with the limit of a standard that forgot it, the default bound holds.
    assert MediaStore(20 << 20).resolve(tree.year_dir, PHOTO) is None


def test_site_export_writes_no_huge_picture(tree: Tree) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from site_tree import write_config

    bomb = png(60000, 60000)
    for name in ("evidence/先锋岗.png", "evidence/活动室.png"):
        (tree.year_dir / name).write_bytes(bomb)
    config = write_config(tree.base, tree.content, "internal", "fail")
    run = run_cli("site", "export", "out", "--config", str(config))
    assert "Traceback" not in run.stderr
    exported = [p for p in (tree.base / "out").rglob("*") if p.is_file()]
    assert exported, run.stdout + run.stderr
    for path in exported:
        data = path.read_bytes()
        assert bomb[16:24] not in data, path  # the IHDR's 60000×60000
