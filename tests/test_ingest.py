"""`checker ingest`: uploads dropped into an inbox become dossiers or go back with a receipt.

The uploads are real: forms written by `checker template --from`, zips of real year and
branch folders made with zipfile, and bad zips built byte by byte (bombs, `../` members,
symbolic links, truncated archives). Each run goes through the real command.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import stat
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import REPO, Tree, run_cli
from test_word_import import layout_of, set_cell

INBOX = "inbox"


# --- helpers ---------------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder``, files by the hash of their bytes."""
    tree: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            tree[rel] = "link"
        elif path.is_dir():
            tree[rel] = "dir"
        else:
            tree[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return tree


def zip_folder(folder: Path, base: str = "", extra: dict[str, bytes] | None = None) -> bytes:
    """A zip of ``folder`` (its files under ``base``), as a person's zip tool makes it."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                name = f"{base}{path.relative_to(folder).as_posix()}"
                archive.write(path, name)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return stream.getvalue()


def new_branch(tree: Tree, code: str = "T-02") -> Path:
    """A second branch, made from T-01 and then taken out of the content tree: its folder
    is returned (outside content/), ready to be zipped."""
    tree.copy_branch(code)
    outside = tree.base / "outside" / code
    outside.parent.mkdir(exist_ok=True)
    shutil.move(str(tree.content / "branches" / code), str(outside))
    return outside


def inbox(tree: Tree) -> Path:
    folder = tree.base / INBOX
    folder.mkdir(exist_ok=True)
    return folder


def drop(tree: Tree, name: str, data: bytes) -> Path:
    path = inbox(tree) / name
    path.write_bytes(data)
    return path


def ingest(*extra: str) -> object:
    return run_cli("ingest", INBOX, "--content", "content", *extra)


def receipt(tree: Tree, folder: str, name: str) -> str:
    return (tree.base / INBOX / folder / f"{name}.回执.md").read_text(encoding="utf-8")


def form_from(tree: Tree, name: str = "表格.docx") -> Path:
    """A form pre-filled from T-01's dossier, as `checker template --from` writes it."""
    form = tree.base / name
    run = run_cli("template", "--from", str(tree.year_dir), "-o", str(form))
    assert run.code == 0, run.stderr
    return form


def refused_zip(tree: Tree, data: bytes, code: str, name: str = "台账.zip") -> str:
    """Ingest one bad zip: it is refused with ``code``, content/ is untouched, the original
    is kept in rejected/ with a receipt that names the code."""
    drop(tree, name, data)
    before = snapshot(tree.content)
    run = ingest()
    assert run.code == 1, run.stdout + run.stderr
    assert snapshot(tree.content) == before
    assert (tree.base / INBOX / "rejected" / name).read_bytes() == data
    text = receipt(tree, "rejected", name)
    assert f"| {code} | 错误 |" in text, text
    assert "**未接受**" in text
    return text


# --- the done-when test ----------------------------------------------------------------------


def test_one_good_and_one_bad_upload(tree: Tree) -> None:
    form = form_from(tree)
    bad = tree.base / "坏表格.docx"
    shutil.copy(form, bad)
    document = docx.Document(str(bad))
    ((ri, roster),) = layout_of().by_kind("roster")
    col = {c.path[0]: n for n, c in enumerate(roster.columns, 1)}
    set_cell(document.tables[ri], 3, col["training_hours"], "很多")
    document.save(str(bad))
    tree.dossier.unlink()  # the year's dossier is what the good form brings back
    good_bytes, bad_bytes = form.read_bytes(), bad.read_bytes()
    drop(tree, "表格.docx", good_bytes)
    drop(tree, "坏表格.docx", bad_bytes)

    run = ingest()

    assert run.code == 1, run.stdout + run.stderr
    # The good one: in content/, validated and scored.
    assert tree.dossier.is_file()
    assert run_cli("validate", "content").code == 0
    assert tree.result()["grade"] == "示范"
    assert "接受 inbox/表格.docx：已写入 content/branches/T-01/2025，100/100 分，示范" in run.stdout
    accepted = receipt(tree, "processed", "表格.docx")
    assert "**已接受**" in accepted and "总分 **100** / 100，等次 **示范**" in accepted
    assert "| A1 " in accepted  # the table of aspects
    # The bad one: a receipt with the finding at its cell, and how to fix it.
    rejected = receipt(tree, "rejected", "坏表格.docx")
    assert "**未接受**" in rejected
    assert f"`坏表格.docx:表{ri + 1} 第3行 第{col['training_hours']}列`" in rejected
    assert "| W010 | 错误 |" in rejected and "“很多”不是数字" in rejected
    assert "只填写数字" in rejected  # the fix
    # Both originals are kept, byte for byte; the inbox itself is empty.
    assert (tree.base / INBOX / "processed" / "表格.docx").read_bytes() == good_bytes
    assert (tree.base / INBOX / "rejected" / "坏表格.docx").read_bytes() == bad_bytes
    assert sorted(p.name for p in (tree.base / INBOX).iterdir()) == ["processed", "rejected"]
    assert not [p for p in tree.content.rglob("*") if p.name.startswith(".checker-tmp-")]


def test_a_rejected_form_leaves_content_untouched(tree: Tree) -> None:
    form = form_from(tree)
    document = docx.Document(str(form))
    ((ri, roster),) = layout_of().by_kind("roster")
    col = {c.path[0]: n for n, c in enumerate(roster.columns, 1)}
    set_cell(document.tables[ri], 4, col["status"], "正式员")
    document.save(str(form))
    drop(tree, "form.docx", form.read_bytes())
    before = snapshot(tree.content)

    run = ingest("--force")  # even with --force: a form with errors is not taken

    assert run.code == 1
    assert snapshot(tree.content) == before
    assert "| W011 | 错误 |" in receipt(tree, "rejected", "form.docx")


@pytest.mark.parametrize(
    ("command", "what"),
    [(("assess-form", "CZJ"), "民主测评统计表"), (("peer-form", "--zone", "Z1"), "互评汇总表")],
)
def test_the_committees_sheets_are_not_taken_from_the_inbox(tree: Tree, command, what) -> None:
    sheet = tree.base / "表.docx"
    args = [*command, "--year", "2025", "--content", str(REPO / "content"), "-o", str(sheet)]
    assert run_cli(*args).code == 0
    drop(tree, "表.docx", sheet.read_bytes())
    before = snapshot(tree.content)
    run = ingest("--force")
    assert run.code == 1 and f"U011 “表.docx”是{what}" in run.stdout, run.stdout
    assert snapshot(tree.content) == before
    assert "| U011 | 错误 |" in receipt(tree, "rejected", "表.docx")


# --- zips of dossier folders -----------------------------------------------------------------


def test_a_good_zip_of_a_branch_folder(tree: Tree) -> None:
    outside = new_branch(tree)
    data = zip_folder(outside, "T-02/")
    drop(tree, "T-02.zip", data)

    run = ingest()

    assert run.code == 0, run.stdout + run.stderr
    year = tree.content / "branches" / "T-02" / "2025"
    assert snapshot(year) == snapshot(outside / "2025")
    assert (tree.content / "branches" / "T-02" / "branch.yaml").is_file()
    assert run_cli("validate", "content").code == 0
    scores = {r["branch"]: r["grade"] for r in tree.score().json["results"]}
    assert scores == {"T-01": "示范", "T-02": "示范"}
    text = receipt(tree, "processed", "T-02.zip")
    assert "**已接受**" in text and "总分 **100** / 100，等次 **示范**" in text
    assert (tree.base / INBOX / "processed" / "T-02.zip").read_bytes() == data


@pytest.mark.parametrize(
    "layout",
    ["contents", "year", "branches"],
)
def test_zip_layouts_that_are_accepted(tree: Tree, layout: str) -> None:
    # The branch exists; the upload brings its 2026 year folder in one of the layouts.
    year_2026 = tree.base / "2026"
    shutil.copytree(tree.year_dir, year_2026)
    dossier = year_2026 / "dossier.yaml"
    text = dossier.read_text("utf-8").replace("year: 2025", "year: 2026")
    dossier.write_text(text.replace("2025-", "2026-"), "utf-8")
    for path in (year_2026 / "evidence").iterdir():
        path.rename(path.with_name(path.name.replace("2025-", "2026-")))
    base = {"contents": "", "year": "2026/", "branches": "branches/T-01/2026/"}[layout]
    junk = {"__MACOSX/._dossier.yaml": b"\x00\x05", f"{base}.DS_Store": b"\x00\x00"}
    drop(tree, "2026.zip", zip_folder(year_2026, base, junk))

    run = run_cli("--today", "2026-12-31", "ingest", INBOX, "--content", "content")

    assert run.code == 0, run.stdout + run.stderr + receipt(tree, "rejected", "2026.zip")
    written = tree.content / "branches" / "T-01" / "2026"
    assert snapshot(written) == snapshot(year_2026)
    text = receipt(tree, "processed", "2026.zip")
    assert "未导入" in text and "__MACOSX/._dossier.yaml" in text


def test_zip_with_folder_names_that_contradict_the_dossier(tree: Tree) -> None:
    outside = new_branch(tree)
    text = refused_zip(tree, zip_folder(outside, "T-09/"), "U007")
    assert "支部目录名为 T-09" in text and "T-02" in text


def test_zip_with_two_dossiers_or_none(tree: Tree) -> None:
    outside = new_branch(tree)
    two = zip_folder(outside / "2025", "2025/", {"2024/dossier.yaml": b"year: 2024\n"})
    assert "一个压缩包只放一个年度" in refused_zip(tree, two, "U007", "two.zip")
    none = zip_folder(outside / "2025" / "evidence", "evidence/")
    assert "没有 dossier.yaml" in refused_zip(tree, none, "U007", "none.zip")


def test_zip_whose_dossier_cannot_be_read(tree: Tree) -> None:
    data = zip_folder(tree.evidence, "evidence/", {"dossier.yaml": b"branch: T-01\nyear: [2025\n"})
    text = refused_zip(tree, data, "U007")
    assert "无法确定台账属于哪个支部和年度" in text
    assert "`台账.zip:dossier.yaml:3:1` | Y001 | 错误 |" in text


def test_zip_with_a_stray_file_in_the_year_folder(tree: Tree) -> None:
    outside = new_branch(tree)
    data = zip_folder(outside, "T-02/", {"T-02/2025/说明.txt": "说明".encode()})
    assert "佐证材料请放入 evidence/" in refused_zip(tree, data, "U007")


def test_zip_with_errors_in_the_dossier_names_the_file_in_the_zip(tree: Tree) -> None:
    outside = new_branch(tree)
    dossier = outside / "2025" / "dossier.yaml"
    dossier.write_text(dossier.read_text("utf-8").replace("chair: M01", "chair: M77", 1), "utf-8")
    text = refused_zip(tree, zip_folder(outside, "T-02/"), "R001")
    assert "`台账.zip:T-02/2025/dossier.yaml:" in text
    assert not (tree.content / "branches" / "T-02").exists()


# --- bad zips: the same checks as a .docx, and more ------------------------------------------


def test_zip_member_that_escapes(tree: Tree) -> None:
    outside = new_branch(tree)
    data = zip_folder(outside, "T-02/", {"../../evil.yaml": b"a: 1\n"})
    assert "指向包外" in refused_zip(tree, data, "U004")
    assert not (tree.base / "evil.yaml").exists()


@pytest.mark.parametrize(
    "name",
    ["/etc/evil.pdf", "C:/evil.pdf", "2025\\evidence\\a.pdf", "2025/evidence/a\x01.pdf"],
)
def test_zip_member_names_that_are_refused(tree: Tree, name: str) -> None:
    outside = new_branch(tree)
    data = zip_folder(outside / "2025", "2025/", {name: b"%PDF-1.4\n"})
    refused_zip(tree, data, "U004")


def test_zip_bomb(tree: Tree) -> None:
    outside = new_branch(tree)
    bomb = zip_folder(outside, "T-02/", {"T-02/2025/evidence/bomb.pdf": b"\x00" * (30 << 20)})
    assert len(bomb) < 200_000
    assert "压缩比" in refused_zip(tree, bomb, "U003")


def test_zip_with_too_many_members(tree: Tree) -> None:
    outside = new_branch(tree)
    many = {f"T-02/2025/evidence/{i}.pdf": b"%PDF-1.4\n" for i in range(2100)}
    assert "超过上限 2000 个" in refused_zip(tree, zip_folder(outside, "T-02/", many), "U003")


def test_truncated_zip(tree: Tree) -> None:
    outside = new_branch(tree)
    data = zip_folder(outside, "T-02/")
    refused_zip(tree, data[: len(data) // 2], "U002")


def test_file_named_zip_that_is_not_one(tree: Tree) -> None:
    assert "不是 zip 压缩包：扩展名是 .zip，内容却是纯文本" in refused_zip(
        tree, "台账".encode(), "U002"
    )


def test_zip_with_a_symbolic_link(tree: Tree) -> None:
    outside = new_branch(tree)
    stream = io.BytesIO(zip_folder(outside, "T-02/"))
    with zipfile.ZipFile(stream, "a") as archive:
        link = zipfile.ZipInfo("T-02/2025/evidence/passwd.pdf")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    assert "符号链接" in refused_zip(tree, stream.getvalue(), "U004")


def test_zip_with_names_that_differ_only_in_case(tree: Tree) -> None:
    outside = new_branch(tree)
    extra = {"T-02/2025/evidence/A.pdf": b"%PDF-1.4\n", "T-02/2025/evidence/a.pdf": b"%PDF-1\n"}
    assert "仅大小写不同" in refused_zip(tree, zip_folder(outside, "T-02/", extra), "U004")


def test_zip_with_a_file_whose_content_is_not_its_extension(tree: Tree) -> None:
    outside = new_branch(tree)
    extra = {"T-02/2025/evidence/记录.pdf": b"MZ\x90\x00" + b"\x00" * 200}
    text = refused_zip(tree, zip_folder(outside, "T-02/", extra), "U005")
    assert "Windows 可执行程序" in text


def test_zip_with_a_type_the_standard_does_not_allow(tree: Tree) -> None:
    outside = new_branch(tree)
    extra = {"T-02/2025/evidence/run.exe": b"MZ\x90\x00"}
    assert ".exe 不允许" in refused_zip(tree, zip_folder(outside, "T-02/", extra), "U005")


def test_nested_zip(tree: Tree) -> None:
    outside = new_branch(tree)
    inner = zip_folder(outside / "2025" / "evidence")
    for kind in ("zip", "pdf"):
        data = zip_folder(outside, "T-02/", {f"T-02/2025/evidence/more.{kind}": inner})
        refused_zip(tree, data, "U006", name=f"nested-{kind}.zip")


def test_docx_evidence_inside_a_zip_is_not_a_nested_zip(tree: Tree) -> None:
    outside = new_branch(tree)
    form = form_from(tree, "evidence.docx")
    drop(
        tree,
        "T-02.zip",
        zip_folder(outside, "T-02/", {"T-02/2025/evidence/x.docx": form.read_bytes()}),
    )
    assert ingest().code == 0


def test_zip_with_gbk_names_from_windows(tree: Tree) -> None:
    # Windows' own zip tool writes names in the local code page without the UTF-8 flag.
    outside = new_branch(tree)
    real = "T-02/2025/evidence/2025-01-06-支委会记录.pdf"
    gbk = real.encode("gbk")
    folder = "T-02/2025/evidence/"
    placeholder = folder + "x" * (len(gbk) - len(folder))
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(outside.rglob("*")):
            if path.is_file():
                name = f"T-02/{path.relative_to(outside).as_posix()}"
                archive.write(path, placeholder if name == real else name)
    raw = stream.getvalue()
    assert raw.count(placeholder.encode()) == 2  # local header and central directory
    drop(tree, "win.zip", raw.replace(placeholder.encode(), gbk))

    run = ingest()

    assert run.code == 0, run.stdout + run.stderr
    assert (tree.content / "branches/T-02/2025/evidence/2025-01-06-支委会记录.pdf").is_file()


# --- Word forms that are refused -------------------------------------------------------------


def test_macro_form_is_refused(tree: Tree) -> None:
    form = form_from(tree)
    data = form.read_bytes()
    drop(tree, "表格.docm", data)
    before = snapshot(tree.content)

    run = ingest()

    assert run.code == 1
    assert snapshot(tree.content) == before
    text = receipt(tree, "rejected", "表格.docm")
    assert "| W004 | 错误 |" in text and "启用宏" in text
    assert (tree.base / INBOX / "rejected" / "表格.docm").read_bytes() == data


def test_form_with_a_vba_project_is_refused(tree: Tree) -> None:
    stream = io.BytesIO()
    with (
        zipfile.ZipFile(form_from(tree)) as source,
        zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("word/vbaProject.bin", b"\x00\x01" * 64)
    drop(tree, "form.docx", stream.getvalue())
    assert ingest().code == 1
    assert "| W004 | 错误 |" in receipt(tree, "rejected", "form.docx")


# --- replacing, review.yaml, names, the inbox itself -----------------------------------------


def test_reingest_of_the_same_name_keeps_every_original(tree: Tree) -> None:
    outside = new_branch(tree)
    first = zip_folder(outside, "T-02/")
    drop(tree, "台账.zip", first)
    assert ingest().code == 0
    second = zip_folder(outside, "T-02/", {"T-02/2025/evidence/补充.pdf": b"%PDF-1.4\n1\n"})
    drop(tree, "台账.zip", second)
    assert ingest().code == 0  # only adds a file: no --force needed
    third = b"not a zip"
    drop(tree, "台账.zip", third)
    assert ingest().code == 1
    drop(tree, "台账.zip", third)
    assert ingest().code == 1

    processed = tree.base / INBOX / "processed"
    rejected = tree.base / INBOX / "rejected"
    assert (processed / "台账.zip").read_bytes() == first
    assert (processed / "台账-2.zip").read_bytes() == second
    assert (rejected / "台账.zip").read_bytes() == third
    assert (rejected / "台账-2.zip").read_bytes() == third
    for folder, name in ((processed, "台账-2.zip"), (rejected, "台账-2.zip")):
        assert f"| 原件保存为 | `{INBOX}/{folder.name}/{name}` |" in (
            folder / f"{name}.回执.md"
        ).read_text("utf-8")
    assert (tree.content / "branches/T-02/2025/evidence/补充.pdf").is_file()


def test_changing_an_existing_dossier_needs_force(tree: Tree) -> None:
    tree.replace("training_hours: 40", "training_hours: 41", count=0)
    year = tree.base / "upload" / "2025"
    shutil.copytree(tree.year_dir, year)
    (year / "evidence" / "经费预算.pdf").write_bytes(b"%PDF-1.7\n% a new scan\n")
    tree.replace("training_hours: 41", "training_hours: 40", count=0)  # content/ as it was
    png = (tree.evidence / "活动室.png").read_bytes()
    (tree.evidence / "旧照片.png").write_bytes(png)  # not in the upload
    tree.write_review("group: 第一督导组\nreviewed_on: 2025-12-10\nitems: {}\n")
    review = (tree.year_dir / "review.yaml").read_bytes()
    drop(tree, "2025.zip", zip_folder(year, "2025/"))
    before = snapshot(tree.content)

    refused = ingest()

    assert refused.code == 1
    assert snapshot(tree.content) == before
    text = receipt(tree, "rejected", "2025.zip")
    assert "| U009 | 错误 |" in text and "--force" in text
    assert "学习培训学时：40 → 41" in text
    assert "更换 evidence/经费预算.pdf" in text and "删除 evidence/旧照片.png" in text

    shutil.move(str(tree.base / INBOX / "rejected" / "2025.zip"), str(tree.base / INBOX))
    forced = ingest("--force")

    assert forced.code == 0, forced.stdout + forced.stderr
    assert "training_hours: 41" in tree.text()
    assert not (tree.evidence / "旧照片.png").exists()
    assert (tree.evidence / "经费预算.pdf").read_bytes() == b"%PDF-1.7\n% a new scan\n"
    assert (tree.year_dir / "review.yaml").read_bytes() == review  # the group's, kept
    assert "学习培训学时：40 → 41" in receipt(tree, "processed", "2025.zip")


def test_the_same_upload_again_changes_nothing(tree: Tree) -> None:
    drop(tree, "同样.zip", zip_folder(tree.year_dir, "2025/"))
    before = snapshot(tree.content)
    run = ingest()
    assert run.code == 0, run.stdout + run.stderr
    assert snapshot(tree.content) == before
    assert "没有改动" in receipt(tree, "processed", "同样.zip")


def test_review_from_a_branch_is_refused(tree: Tree) -> None:
    outside = new_branch(tree)
    review = b"group: \xe8\x87\xaa\xe5\xb7\xb1\nreviewed_on: 2025-12-10\nitems: {}\n"
    data = zip_folder(outside, "T-02/", {"T-02/2025/review.yaml": review})
    assert "核定意见只能由督导组填写" in refused_zip(tree, data, "U008")


def test_review_identical_to_the_groups_is_accepted(tree: Tree) -> None:
    tree.write_review("group: 第一督导组\nreviewed_on: 2025-12-10\nitems: {}\n")
    drop(tree, "2025.zip", zip_folder(tree.year_dir, "2025/"))  # the folder as downloaded
    assert ingest().code == 0


def test_unknown_files_are_rejected_and_others_skipped(tree: Tree) -> None:
    folder = inbox(tree)
    (folder / ".gitkeep").write_bytes(b"")
    (folder / "README.md").write_text("把表格放在这里", "utf-8")
    (folder / "照片.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (folder / "old.docx.回执.md").write_text("回执", "utf-8")

    run = ingest()

    assert run.code == 1
    text = receipt(tree, "rejected", "照片.jpg")
    assert "| U001 | 错误 |" in text and ".jpg" in text
    left = sorted(p.name for p in folder.iterdir())
    assert left == [".gitkeep", "README.md", "old.docx.回执.md", "rejected"]


def test_empty_inbox_and_usage_errors(tree: Tree) -> None:
    inbox(tree)
    empty = ingest()
    assert empty.code == 0 and "没有待处理的文件" in empty.stderr
    missing = run_cli("ingest", "no-such-inbox", "--content", "content")
    assert missing.code == 2 and "不存在" in missing.stderr
    (tree.base / "bare").mkdir()
    bare = run_cli("ingest", INBOX, "--content", "bare")
    assert bare.code == 2 and "organization.yaml" in bare.stderr
