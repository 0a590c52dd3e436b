"""Personal data in a narrative is caught by `checker validate`, before any site is built."""

from __future__ import annotations

from conftest import Tree

# A valid GB 11643 check digit (the last character), and a mobile number.
ID_NUMBER = "11010519491231002X"
MOBILE = "13912345678"
NAME = "欧阳晓明"


def test_id_number_and_mobile_in_a_narrative_are_errors_with_line_and_column(tree: Tree) -> None:
    summary = tree.year_dir / "summary.md"
    summary.write_text(
        f"# 年度工作总结\n\n联系人电话 {MOBILE}。\n\n身份证号：{ID_NUMBER}\n", encoding="utf-8"
    )
    run = tree.validate()
    assert run.code == 1
    found = {(f["code"], f["line"], f["column"]) for f in run.json["findings"]}
    assert ("I002", 3, 7) in found
    assert ("I001", 5, 6) in found
    messages = " ".join(f["message"] for f in run.json["findings"])
    assert MOBILE not in messages and ID_NUMBER not in messages  # masked, not repeated
    assert all(f["file"].endswith("2025/summary.md") for f in run.json["findings"])


def test_a_members_name_copied_into_a_narrative_is_caught(tree: Tree) -> None:
    tree.replace("    role: 书记\n", f"    role: 书记\n    name: {NAME}\n")
    (tree.year_dir / "highlights.md").write_text(
        f"# 特色亮点\n\n{NAME}同志带头讲党课。\n", encoding="utf-8"
    )
    run = tree.validate()
    assert run.code == 1
    (finding,) = run.json["findings"]
    assert (finding["code"], finding["line"]) == ("I003", 3)
    assert NAME not in finding["message"]


def test_a_clean_narrative_and_an_invalid_check_digit_pass(tree: Tree) -> None:
    (tree.year_dir / "summary.md").write_text(
        "# 年度工作总结\n\n编号 110105194912310021 不是身份证号（校验位不对）。\n", encoding="utf-8"
    )
    assert tree.validate().code == 0
