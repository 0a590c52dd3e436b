"""Bad files: each is refused before any XML is parsed, with a Chinese error, exit 2, and
nothing written. The zips are real, built in tmp_path: bombs, lies about sizes, paths that
escape, macros, DOCTYPE and ENTITY declarations."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest
from conftest import run_cli

from checker.core.word.safezip import Limits, Refused, open_docx, vet_zip

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    b'.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
    b'.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    b"</Relationships>"
)
DOCUMENT = (
    b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats'
    b'.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>hello</w:t></w:r></w:p>'
    b"</w:body></w:document>"
)


def docx_bytes(
    extra: dict[str, bytes] | None = None, replace: dict[str, bytes] | None = None
) -> bytes:
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": RELS,
        "word/document.xml": DOCUMENT,
        **(replace or {}),
        **(extra or {}),
    }
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return stream.getvalue()


def import_refused(tmp_path: Path, name: str, data: bytes, code: str) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    out = tmp_path / "content"
    run = run_cli("import", str(path), "--content", str(out))
    assert run.code == 2, run.stdout + run.stderr
    assert f" {code} 错误 " in run.stderr, run.stderr
    assert "未写入任何文件。" in run.stderr
    assert "Traceback" not in run.stderr
    assert not out.exists()
    return run.stderr


def test_a_minimal_valid_docx_passes_the_checks(tmp_path: Path) -> None:
    path = tmp_path / "ok.docx"
    path.write_bytes(docx_bytes())
    assert open_docx(path).paragraphs[0].text == "hello"


def test_text_file_named_docx_is_not_a_word_document(tmp_path: Path) -> None:
    message = import_refused(tmp_path, "form.docx", "这不是 Word 文档".encode(), "W001")
    assert "文件内容不是 Word 文档：扩展名是 .docx，内容却是纯文本" in message
    assert "zip" not in message  # a secretary has no use for how .docx is made


@pytest.mark.parametrize(
    ("data", "what"),
    [
        ("记事本里写的表格\r\n第二行".encode("gb18030"), "纯文本"),
        (b"%PDF-1.7\n", "PDF 文件"),
        (b"{\\rtf1\\ansi", "RTF 文档"),
        (b"<html><body>", "网页或 XML 文本"),
        (bytes(range(256)), "其他类型的数据"),
    ],
)
def test_what_a_renamed_file_really_is(tmp_path: Path, data: bytes, what: str) -> None:
    assert f"内容却是{what}" in import_refused(tmp_path, "form.docx", data, "W001")


def test_other_extensions_are_refused(tmp_path: Path) -> None:
    assert "只能导入 .docx" in import_refused(tmp_path, "form.pdf", b"%PDF-1.7\n", "W001")


def test_old_doc_format_is_named(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    assert "Word 97-2003" in import_refused(tmp_path, "form.docx", ole, "W001")


def test_corrupt_zip(tmp_path: Path) -> None:
    data = docx_bytes()
    import_refused(tmp_path, "form.docx", data[: len(data) // 2], "W002")


def test_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "word/document.xml" in import_refused(tmp_path, "form.docx", stream.getvalue(), "W001")


def test_zip_bomb_member_ratio(tmp_path: Path) -> None:
    bomb = docx_bytes(extra={"word/media/image1.png": b"\x00" * (20 << 20)})
    assert len(bomb) < 200_000  # 20 MB of zeros deflate to a few dozen kilobytes
    message = import_refused(tmp_path, "bomb.docx", bomb, "W003")
    assert "压缩比" in message


def test_zip_bomb_total_size(tmp_path: Path) -> None:
    # Many members, each harmless alone, too big together (a lower cap keeps the test fast).
    noise = random.Random(0).randbytes(1 << 20)  # incompressible: the ratio is about 1
    data = docx_bytes(extra={f"word/media/p{i}.bin": noise for i in range(8)})
    with pytest.raises(Refused) as info:
        vet_zip(data, Limits(total_bytes=4 << 20))
    assert info.value.code == "W003" and "总大小" in info.value.message


def test_too_many_members(tmp_path: Path) -> None:
    data = docx_bytes(extra={f"word/x/{i}.xml": b"<a/>" for i in range(2100)})
    assert "2103 个文件" in import_refused(tmp_path, "many.docx", data, "W003")


def test_member_that_inflates_beyond_its_declared_size(tmp_path: Path) -> None:
    name = b"word/media/big.bin"
    data = bytearray(docx_bytes(extra={name.decode(): b"\x00" * 100_000}))
    local = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(name.decode()).header_offset
    central = bytes(data).find(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name:
        central = bytes(data).find(b"PK\x01\x02", central + 4)
    # Declare 1000 bytes in both headers; the data inflates to 100 000.
    data[local + 22 : local + 26] = (1000).to_bytes(4, "little")
    data[central + 24 : central + 28] = (1000).to_bytes(4, "little")
    import_refused(tmp_path, "liar.docx", bytes(data), "W002")


@pytest.mark.parametrize("name", ["../evil.xml", "/etc/evil.xml", "C:/evil.xml", "word/../../x"])
def test_member_paths_that_escape(tmp_path: Path, name: str) -> None:
    data = docx_bytes(extra={name: b"<a/>"})
    assert "指向包外" in import_refused(tmp_path, "escape.docx", data, "W005")


def test_docm_extension_is_refused(tmp_path: Path) -> None:
    assert "启用宏" in import_refused(tmp_path, "form.docm", docx_bytes(), "W004")


def test_vba_project_inside_a_docx(tmp_path: Path) -> None:
    data = docx_bytes(extra={"word/vbaProject.bin": b"\x00\x01" * 50})
    assert "宏代码" in import_refused(tmp_path, "form.docx", data, "W004")


def test_macro_enabled_content_type(tmp_path: Path) -> None:
    types = CONTENT_TYPES.replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    assert types != CONTENT_TYPES
    data = docx_bytes(replace={"[Content_Types].xml": types})
    assert "宏" in import_refused(tmp_path, "form.docx", data, "W004")


def test_doctype_in_the_document_is_refused(tmp_path: Path) -> None:
    evil = DOCUMENT.replace(
        b'<?xml version="1.0" encoding="UTF-8"?>',
        b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY lol "lol">]>',
    )
    data = docx_bytes(replace={"word/document.xml": evil})
    assert "DOCTYPE 或 ENTITY" in import_refused(tmp_path, "form.docx", data, "W005")


def test_entity_in_another_part_is_refused(tmp_path: Path) -> None:
    data = docx_bytes(extra={"customXml/item1.xml": b'<!ENTITY x SYSTEM "file:///etc/passwd"><a/>'})
    import_refused(tmp_path, "form.docx", data, "W005")


def test_doctype_hidden_in_utf16_is_refused(tmp_path: Path) -> None:
    part = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a [<!ENTITY b "c">]><a/>'
    data = docx_bytes(extra={"customXml/item1.xml": part.encode("utf-16")})
    import_refused(tmp_path, "form.docx", data, "W005")


def test_encrypted_member_is_refused() -> None:
    data = bytearray(docx_bytes())
    # Set the "encrypted" flag on the first member, in both headers.
    data[6] |= 0x1
    central = bytes(data).find(b"PK\x01\x02")
    data[central + 8] |= 0x1
    with pytest.raises(Refused) as info:
        vet_zip(bytes(data))
    assert info.value.code == "W005" and "加密" in info.value.message


def test_duplicate_member_names_are_refused() -> None:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", DOCUMENT)
        with pytest.warns(UserWarning):
            archive.writestr("word/document.xml", DOCUMENT)
    with pytest.raises(Refused) as info:
        vet_zip(stream.getvalue())
    assert info.value.code == "W005" and "重名" in info.value.message


def test_checks_run_before_any_xml_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import docx

    def parse(*_args, **_kwargs):
        raise AssertionError("python-docx must not be reached")

    monkeypatch.setattr(docx, "Document", parse)
    path = tmp_path / "bomb.docx"
    path.write_bytes(docx_bytes(extra={"word/media/a.bin": b"\x00" * (20 << 20)}))
    with pytest.raises(Refused):
        open_docx(path)
