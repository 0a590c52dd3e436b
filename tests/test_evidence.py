"""Evidence paths are untrusted text; evidence files are untrusted bytes."""

from __future__ import annotations

import os

import pytest
from conftest import DOSSIER_REL, Tree

PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
HTML = b"<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>\n"


def cite(tree: Tree, item_id: str, yaml_value: str, score: str | None = None) -> int:
    """Make ``item_id`` cite ``yaml_value`` (a YAML flow list); returns the line."""
    body = f"evidence: {yaml_value}"
    if score is not None:
        body = f"self_score: {score}\n{body}"
    tree.set_item(item_id, body)
    return tree.line_of(f"evidence: {yaml_value}", tree.line_of(f"  {item_id}:"))


def only(tree: Tree, code: str) -> dict:
    run = tree.validate()
    assert run.code == (0 if code == "E010" else 1), run.findings
    assert run.codes() == [code], run.findings
    finding = run.findings[0]
    assert finding["file"] == DOSSIER_REL
    return finding


# --- unsafe paths ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "fragment"),
    [
        ("['../../../organization.yaml.png']", "指向本年度目录之外"),
        ("[evidence/../../2024/evidence/a.png]", "指向本年度目录之外"),
        ("[/etc/passwd]", "指向本年度目录之外"),
        ("[/tmp/活动室.png]", "指向本年度目录之外"),
        ("['C:\\x.png']", "Windows 路径"),
        ("['C:/x.png']", "Windows 路径"),
        ("['evidence\\活动室.png']", "Windows 路径"),
        ("['\\\\server\\share\\a.png']", "Windows 路径"),
        ("['http://example.com/a.png']", "是网址"),
        ("['https://example.com/a.png']", "是网址"),
        ("['file:///etc/passwd']", "是网址"),
        ("['javascript:alert(1)']", "是网址"),
    ],
)
def test_unsafe_path(tree: Tree, written: str, fragment: str) -> None:
    line = cite(tree, "A6.1", written)
    finding = only(tree, "E002")
    assert finding["line"] == line
    assert finding["path"] == "/items/A6.1/evidence/0"
    assert fragment in finding["message"]


def test_windows_path_hint_suggests_slashes(tree: Tree) -> None:
    cite(tree, "A6.1", "['evidence\\活动室.png']")
    finding = only(tree, "E002")
    assert "把 `\\` 换成 `/`" in finding["hint"]


def test_unsafe_path_lowers_the_item(tree: Tree) -> None:
    cite(tree, "A6.1", "[../../../../etc/passwd.png]")
    items = tree.items()
    assert items["A6.1"]["score"] == 0.0


def test_symlink_out_of_the_year_folder(tree: Tree) -> None:
    outside = tree.base / "outside.png"
    outside.write_bytes((tree.evidence / "活动室.png").read_bytes())
    (tree.evidence / "link.png").symlink_to(outside)
    line = cite(tree, "A6.1", "[evidence/link.png]")
    finding = only(tree, "E006")
    assert finding["line"] == line
    assert finding["message"] == "“evidence/link.png”是指向本年度目录之外的链接"
    assert tree.items()["A6.1"]["score"] == 0.0


def test_symlink_to_etc_passwd(tree: Tree) -> None:
    (tree.evidence / "passwd.pdf").symlink_to("/etc/passwd")
    cite(tree, "A7.1", "[evidence/passwd.pdf]")
    only(tree, "E006")


def test_dangling_symlink(tree: Tree) -> None:
    (tree.evidence / "gone.png").symlink_to(tree.base / "no-such-file.png")
    cite(tree, "A6.1", "[evidence/gone.png]")
    only(tree, "E006")


def test_symlink_inside_the_year_folder_is_fine(tree: Tree) -> None:
    (tree.evidence / "alias.png").symlink_to("活动室.png")
    cite(tree, "A6.1", "[evidence/alias.png]")
    assert tree.validate().code == 0
    assert tree.items()["A6.1"]["score"] == 4.0


def test_symlinked_folder_out_of_the_year(tree: Tree) -> None:
    elsewhere = tree.base / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "a.png").write_bytes((tree.evidence / "活动室.png").read_bytes())
    (tree.evidence / "sub").symlink_to(elsewhere, target_is_directory=True)
    cite(tree, "A6.1", "[evidence/sub/a.png]")
    run = tree.validate()
    # The file is reached through a link that leaves the year folder.
    assert run.code == 1, "a symlinked folder leading out of the year folder was accepted"
    assert run.codes() == ["E006"]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        # Escaped control characters are refused by the loader before any path check.
        ('["evidence/a\\0.png"]', "F006"),
        ('["evidence/a\\x01b.png"]', "F006"),
        ('["evidence/a\\x7f.png"]', "F006"),
        ('["evidence/a\\nb.png"]', "E007"),
        ("[evidence/a?.png]", "E007"),
        ("[evidence/a|b.png]", "E007"),
        ("['evidence/<a>.png']", "E007"),
    ],
)
def test_control_or_reserved_characters_in_name(tree: Tree, written: str, code: str) -> None:
    line = cite(tree, "A6.1", written)
    finding = only(tree, code)
    assert finding["line"] == line
    # The message never carries the raw control character.
    assert not any(ord(c) < 32 for c in finding["message"])


def test_extension_not_allowed(tree: Tree) -> None:
    (tree.evidence / "tool.exe").write_bytes(PE)
    line = cite(tree, "A7.1", "[evidence/tool.exe]")
    finding = only(tree, "E003")
    assert finding["line"] == line
    assert finding["message"] == "“evidence/tool.exe”的类型 .exe 不允许"
    assert finding["hint"] == "允许的类型：PDF、PNG、JPG、JPEG、DOCX、XLSX。"


def test_no_extension(tree: Tree) -> None:
    (tree.evidence / "README").write_bytes(b"text")
    cite(tree, "A7.1", "[evidence/README]")
    finding = only(tree, "E003")
    assert "（无扩展名）" in finding["message"]


# --- contents that lie about their type --------------------------------------------------------


def test_executable_renamed_pdf(tree: Tree) -> None:
    (tree.evidence / "责任清单.pdf").write_bytes(PE)
    line = tree.line_of("evidence: [evidence/责任清单.pdf]")
    finding = only(tree, "E004")
    assert finding["line"] == line
    assert "可执行" in finding["message"]
    assert finding["message"] == "“evidence/责任清单.pdf”扩展名是 .pdf，但内容是Windows 可执行程序"
    assert tree.items()["A7.1"]["score"] == 0.0


def test_elf_renamed_pdf(tree: Tree) -> None:
    (tree.evidence / "责任清单.pdf").write_bytes(b"\x7fELF\x02\x01\x01" + b"\x00" * 60)
    assert "Linux 可执行程序" in only(tree, "E004")["message"]


def test_html_renamed_png(tree: Tree) -> None:
    (tree.evidence / "活动室.png").write_bytes(HTML)
    finding = only(tree, "E004")
    assert finding["line"] == tree.line_of("evidence: [evidence/活动室.png]")
    assert finding["message"] == "“evidence/活动室.png”扩展名是 .png，但内容是网页或 XML 文本"
    assert tree.items()["A6.1"]["score"] == 0.0


def test_jpeg_named_png_is_refused(tree: Tree) -> None:
    (tree.evidence / "活动室.png").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 32)
    assert "JPEG 图片" in only(tree, "E004")["message"]


def test_valid_jpeg_docx_xlsx(tree: Tree) -> None:
    (tree.evidence / "a.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 32)
    (tree.evidence / "b.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 32)
    (tree.evidence / "c.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 32)
    cite(tree, "A6.1", "[evidence/a.jpg]")
    cite(tree, "A7.1", "[evidence/b.docx]")
    cite(tree, "A7.3", "[evidence/c.xlsx]", score="3")
    assert tree.validate().code == 0
    items = tree.items()
    assert (items["A6.1"]["score"], items["A7.1"]["score"], items["A7.3"]["score"]) == (
        4.0,
        4.0,
        3.0,
    )


def test_extension_case_does_not_matter_for_type(tree: Tree) -> None:
    os.rename(tree.evidence / "活动室.png", tree.evidence / "活动室.PNG")
    cite(tree, "A6.1", "[evidence/活动室.PNG]")
    assert tree.validate().code == 0
    assert tree.items()["A6.1"]["score"] == 4.0


SVG_SCHEMAS = "evidence_types: [pdf, png, jpg, jpeg, docx, xlsx, svg]"


@pytest.mark.parametrize(
    "svg",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect onload="alert(1)"/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)">x</a></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/></svg>',
        b'<?xml version="1.0"?>\n<svg><foreignObject><p>x</p></foreignObject></svg>',
    ],
)
def test_svg_with_script_or_external_reference(tree: Tree, svg: bytes) -> None:
    schemas = tree.edit_standard("evidence_types: [pdf, png, jpg, jpeg, docx, xlsx]", SVG_SCHEMAS)
    (tree.evidence / "图.svg").write_bytes(svg)
    line = cite(tree, "A7.3", "[evidence/图.svg]", score="3")
    run = tree.validate(schemas=schemas)
    assert run.code == 1
    assert run.codes() == ["E009"]
    assert run.findings[0]["line"] == line
    assert run.findings[0]["message"] == "“evidence/图.svg”含有脚本、事件属性或外部引用"


def test_clean_svg_is_accepted(tree: Tree) -> None:
    schemas = tree.edit_standard("evidence_types: [pdf, png, jpg, jpeg, docx, xlsx]", SVG_SCHEMAS)
    (tree.evidence / "图.svg").write_bytes(
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b'<rect width="10" height="10" fill="red"/></svg>'
    )
    cite(tree, "A7.3", "[evidence/图.svg]", score="3")
    assert tree.validate(schemas=schemas).code == 0
    assert tree.items(schemas)["A7.3"]["score"] == 3.0


def test_svg_not_allowed_by_default(tree: Tree) -> None:
    (tree.evidence / "图.svg").write_bytes(b"<svg><script>alert(1)</script></svg>")
    cite(tree, "A7.3", "[evidence/图.svg]", score="3")
    assert only(tree, "E003")


def test_html_renamed_svg(tree: Tree) -> None:
    schemas = tree.edit_standard("evidence_types: [pdf, png, jpg, jpeg, docx, xlsx]", SVG_SCHEMAS)
    (tree.evidence / "图.svg").write_bytes(HTML)
    cite(tree, "A7.3", "[evidence/图.svg]", score="3")
    run = tree.validate(schemas=schemas)
    assert run.codes() == ["E004"]


# --- names, sizes, missing files ------------------------------------------------------------------


def test_names_differing_only_in_case(tree: Tree) -> None:
    png = (tree.evidence / "活动室.png").read_bytes()
    (tree.evidence / "photo.png").write_bytes(png)
    (tree.evidence / "Photo.png").write_bytes(png)
    line = cite(tree, "A6.1", "[evidence/photo.png, evidence/Photo.png]")
    finding = only(tree, "E008")
    assert finding["line"] == line
    assert finding["message"] == "“evidence/Photo.png”与“evidence/photo.png”只有大小写不同"
    assert finding["path"] == "/items/A6.1/evidence/1"


def test_names_differing_only_in_case_across_items(tree: Tree) -> None:
    os.rename(tree.evidence / "责任清单.pdf", tree.evidence / "list.pdf")
    (tree.evidence / "LIST.pdf").write_bytes((tree.evidence / "list.pdf").read_bytes())
    cite(tree, "A7.1", "[evidence/list.pdf]")
    line = cite(tree, "A7.3", "[evidence/LIST.pdf]", score="3")
    finding = only(tree, "E008")
    assert finding["line"] == line


def test_missing_file_with_other_case_names_the_real_file(tree: Tree) -> None:
    os.rename(tree.evidence / "活动室.png", tree.evidence / "Photo.PNG")
    line = cite(tree, "A6.1", "[evidence/photo.png]")
    finding = only(tree, "E001")
    assert finding["line"] == line
    assert finding["message"] == "找不到文件“evidence/photo.png”"
    assert finding["hint"] == "目录中有“Photo.PNG”，文件名大小写不同；请改成一致。"


def test_missing_file_without_similar_name(tree: Tree) -> None:
    cite(tree, "A6.1", "[evidence/nothing.png]")
    finding = only(tree, "E001")
    assert finding["hint"] == "把文件放入本年度 evidence/ 目录，或改正文件名（注意大小写）。"


def test_missing_minutes(tree: Tree) -> None:
    (tree.evidence / "2025-03-06-支委会记录.pdf").unlink()
    finding = only(tree, "E001")
    assert finding["line"] == tree.line_of("minutes: evidence/2025-03-06-支委会记录.pdf")
    assert finding["path"] == f"/activities/{tree.activity_index('支委会', '2025-03-06')}/minutes"


def test_folder_cited_as_file(tree: Tree) -> None:
    (tree.evidence / "dir.pdf").mkdir()
    cite(tree, "A7.1", "[evidence/dir.pdf]")
    finding = only(tree, "E001")
    assert finding["message"] == "“evidence/dir.pdf”不是普通文件"


def test_empty_evidence_file_is_a_warning_and_does_not_count(tree: Tree) -> None:
    (tree.evidence / "活动室.png").write_bytes(b"")
    finding = only(tree, "E010")
    assert finding["level"] == "warning"
    assert tree.items()["A6.1"]["score"] == 0.0


def test_evidence_too_large(tree: Tree) -> None:
    big = tree.evidence / "big.pdf"
    with open(big, "wb") as stream:
        stream.write(b"%PDF-1.4\n")
        stream.truncate(25 * 1024 * 1024)  # sparse
    cite(tree, "A7.1", "[evidence/big.pdf]")
    finding = only(tree, "E005")
    assert finding["message"] == "“evidence/big.pdf”大小 25.0 MB，超过上限 20 MB"


def test_long_name_is_shortened_in_message(tree: Tree) -> None:
    name = "evidence/" + "长" * 120 + ".png"
    cite(tree, "A6.1", f"[{name}]")
    finding = only(tree, "E001")
    assert "…" in finding["message"]
    assert len(finding["message"]) < 120


def test_drive_relative_path_is_called_a_windows_path(tree: Tree) -> None:
    line = cite(tree, "A6.1", '["C:活动室.png"]')
    finding = only(tree, "E002")
    assert finding["line"] == line
    assert "Windows" in finding["message"]
