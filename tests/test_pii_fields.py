"""Personal data in every published field, not only in narratives, and however it is written.

Each field that the site or a public report publishes (branch name, unit, committee, zone,
level and organization names, supervision group, N/A and review reasons, evidence file
names, narratives) gets an ID number, a mobile number (plain, full-width, split by
zero-width spaces) and a roster name split by a zero-width space. `checker validate` must
report the right I code at the field's file and line; a real site, public and internal,
must fail with `pii: fail` naming that file, and with `pii: redact` contain none of them in
any file, the search index included.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
import search_index
from conftest import run_cli
from site_tree import build_tree, mkdocs_build, write_config

ZWSP = "\u200b"
ROSTER_NAME = "欧阳晓明"  # put into the roster of T-01's 2025 dossier
VALUES = {
    "id-number": ("11010519491231002X", "I001"),
    "mobile": ("13812345678", "I002"),
    "full-width-mobile": ("１３８１２３４５６７８", "I002"),
    "zero-width-mobile": (f"138{ZWSP}1234{ZWSP}5678", "I002"),
    "zero-width-name": (f"欧阳{ZWSP}晓明", "I003"),
}
# What must not be found in a built site, once its text is normalized as the scanner sees it.
FORBIDDEN = ("11010519491231002X", "13812345678", ROSTER_NAME)

T01 = Path("branches/T-01")
YEAR = T01 / "2025"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _line_of(path: Path, marker: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if marker in line:
            return number
    raise AssertionError(f"{marker!r} not in {path}")


def _add_roster_name(content: Path) -> None:
    _edit(
        content / YEAR / "dossier.yaml", "  - id: M03\n", f"  - id: M03\n    name: {ROSTER_NAME}\n"
    )


# Each field: puts ``value`` into it and returns (file relative to content, marker on its line).
Field = Callable[[Path, str], tuple[Path, str]]


def branch_name(content: Path, value: str) -> tuple[Path, str]:
    file = T01 / "branch.yaml"
    _edit(
        content / file,
        "name: 市财政局第一党支部\n",
        f"name: {_quoted('市财政局第一党支部' + value)}\n",
    )
    return file, "name:"


def branch_unit(content: Path, value: str) -> tuple[Path, str]:
    file = T01 / "branch.yaml"
    _edit(content / file, "unit: 市财政局\n", f"unit: {_quoted('市财政局' + value)}\n")
    return file, "unit:"


def _organization(old: str, key: str) -> Field:
    def put(content: Path, value: str) -> tuple[Path, str]:
        file = Path("organization.yaml")
        _edit(content / file, f"{key}: {old}\n", f"{key}: {_quoted(old + value)}\n")
        return file, old

    put.__name__ = f"organization_{key}_{old}"
    return put


committee = _organization("某市直机关工委", "committee")
zone_name = _organization("第一责任区", "name")
level_name = _organization("市直部门", "name")
organization_name = _organization("市财政局机关党委", "name")
supervision_group = _organization("第一督导组", "supervision_group")


def na_reason(content: Path, value: str) -> tuple[Path, str]:
    file = YEAR / "dossier.yaml"
    dossier = content / file
    text = dossier.read_text(encoding="utf-8").replace("party_groups: 2", "party_groups: 0")
    lines = text.splitlines(keepends=True)
    out, skip = [], False
    for line in lines:  # no party groups, so no group meetings: A2.5 does not apply
        if line.startswith("  - type: "):
            skip = line == "  - type: 党小组会\n"
        elif not line.startswith("    "):
            skip = False
        if not skip:
            out.append(line)
    text = "".join(out).rstrip("\n") + "\n"
    text += f"  A2.5:\n    na_reason: {_quoted('支部党员人数少，未划分党小组' + value)}\n"
    dossier.write_text(text, encoding="utf-8")
    return file, "na_reason:"


def review_reason(content: Path, value: str) -> tuple[Path, str]:
    file = YEAR / "review.yaml"
    (content / file).write_text(
        "group: 第一督导组\nreviewed_on: 2026-01-15\nitems:\n  A2.3:\n    score: 3\n"
        f"    reason: {_quoted('现场查看会议记录齐全' + value)}\n",
        encoding="utf-8",
    )
    return file, "reason:"


def evidence_name(content: Path, value: str) -> tuple[Path, str]:
    file = YEAR / "dossier.yaml"
    year = content / YEAR
    new = f"廉政风险点{value}.pdf"
    (year / "evidence" / "廉政风险点.pdf").rename(year / "evidence" / new)
    _edit(
        year / "dossier.yaml",
        "evidence: [evidence/廉政风险点.pdf]",
        f"evidence: [{_quoted('evidence/' + new)}]",
    )
    return file, "evidence/廉政风险点"


def narrative(content: Path, value: str) -> tuple[Path, str]:
    file = YEAR / "summary.md"
    (content / file).write_text(
        f"# 年度工作总结\n\n全年组织集中学习12次。\n\n联系人 {value} 负责。\n", encoding="utf-8"
    )
    return file, "联系人"


FIELDS: list[Field] = [
    branch_name,
    branch_unit,
    committee,
    zone_name,
    level_name,
    organization_name,
    supervision_group,
    na_reason,
    review_reason,
    evidence_name,
    narrative,
]
# The fields the site publishes (the unit and the supervision group are not on any page).
SITE_FIELDS = [f for f in FIELDS if f not in (branch_unit, supervision_group)]


def _id(field: Field) -> str:
    return field.__name__


# --- checker validate ------------------------------------------------------------------


@pytest.mark.parametrize("value_name", list(VALUES))
@pytest.mark.parametrize("field", FIELDS, ids=_id)
def test_validate_reports_personal_data_in_each_published_field(
    tree, field: Field, value_name: str
) -> None:
    value, code = VALUES[value_name]
    _add_roster_name(tree.content)
    assert tree.validate().code == 0
    file, marker = field(tree.content, value)
    line = _line_of(tree.content / file, marker)
    run = tree.validate()
    assert run.code == 1, run.findings
    where = f"content/{file.as_posix()}"
    found = {(f["code"], f["file"], f["line"]) for f in run.findings}
    assert found == {(code, where, line)}, run.findings
    messages = " ".join(f["message"] for f in run.findings)
    assert value not in messages  # masked, not repeated


def test_branch_codes_dates_and_counts_are_not_personal_data(tree) -> None:
    _edit(
        tree.content / T01 / "branch.yaml",
        "unit: 市财政局\n",
        "unit: 市财政局（编号379901-CZJ-01）\n",
    )
    assert tree.validate().code == 0


def test_the_sample_content_has_no_personal_data_in_published_fields() -> None:
    repo = Path(__file__).resolve().parent.parent
    run = run_cli("validate", "--format", "json", str(repo / "content"))
    # The sample's points ledgers keep a few warnings on purpose (a late review, a cap, the
    # one-third rule broken); personal data would be an I finding, and errors none at all.
    assert run.code == 0, run.findings
    assert {f["code"] for f in run.findings} <= {"J003", "J004", "J008", "J012"}, run.findings


# --- the site --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_base(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("pii-site")
    build_tree(base)
    return base


def _copy(site_base: Path, target: Path) -> Path:
    shutil.copytree(site_base / "content", target / "content")
    content = target / "content"
    _add_roster_name(content)
    return content


def _published_text(site: Path) -> str:
    """Every file of the built site as the scanner would read it (JSON decoded)."""
    parts = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        if path.suffix == ".json":
            with contextlib.suppress(ValueError):
                text = json.dumps(json.loads(text), ensure_ascii=False)
        parts.append(text)
    parts.append(search_index.index_text(site))  # the search index, decoded
    text = unicodedata.normalize("NFKC", "\n".join(parts))
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


@pytest.mark.parametrize("field", SITE_FIELDS, ids=_id)
def test_site_build_fails_on_personal_data_naming_the_field(
    site_base: Path, tmp_path: Path, field: Field
) -> None:
    content = _copy(site_base, tmp_path)
    index = SITE_FIELDS.index(field)
    value, code = list(VALUES.values())[index % len(VALUES)]
    file, _marker = field(content, value)
    result = mkdocs_build(write_config(tmp_path, content, "internal", "fail"), tmp_path)
    assert result.returncode != 0, result.stderr
    assert f"{file.as_posix()}:" in result.stderr and code in result.stderr, result.stderr
    assert not (tmp_path / "site-internal-fail" / "index.html").exists()


@pytest.mark.parametrize("scope", ["public", "internal"])
@pytest.mark.parametrize("value_name", list(VALUES))
def test_redacted_site_publishes_none_of_it_in_any_field(
    site_base: Path, tmp_path: Path, value_name: str, scope: str
) -> None:
    content = _copy(site_base, tmp_path)
    value, _code = VALUES[value_name]
    files = {field(content, value)[0].as_posix() for field in SITE_FIELDS}
    result = mkdocs_build(write_config(tmp_path, content, scope, "redact"), tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / f"site-{scope}-redact"
    published = _published_text(site)
    for forbidden in FORBIDDEN:
        assert forbidden not in published
    assert "已隐去" in published
    for file in files:  # each field was found where it is, not only on the pages
        assert f"{file}:" in result.stderr, (file, result.stderr)


# --- the committee's bulletin, a public report ------------------------------------------

BULLETIN_FIELDS = [branch_name, committee, zone_name, level_name, organization_name]


def _normalized(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


@pytest.mark.parametrize("value_name", list(VALUES))
@pytest.mark.parametrize("field", BULLETIN_FIELDS, ids=_id)
def test_bulletin_redacts_personal_data_in_each_field_and_says_so(
    tree, field: Field, value_name: str
) -> None:
    value, _code = VALUES[value_name]
    _add_roster_name(tree.content)
    field(tree.content, value)
    output = tree.base / "bulletin.md"
    args = ("report", "content", "--summary", "--year", "2025", "--format", "markdown")
    run = run_cli(*args, "-o", str(output))
    assert run.code == 1, run.stderr
    text = _normalized(output.read_text(encoding="utf-8"))
    for forbidden in FORBIDDEN:
        assert forbidden not in text
    assert "已隐去" in text
    assert "已在通报中隐去" in run.stderr and value not in run.stderr


@pytest.mark.parametrize("value_name", list(VALUES))
@pytest.mark.parametrize("field", [branch_name, committee, organization_name], ids=_id)
def test_the_naming_decision_redacts_personal_data_and_says_so(
    tree, field: Field, value_name: str
) -> None:
    """The 七一 naming decision is published like the bulletin: T-01 (compliant in the
    sample) is named, with whatever came in with its name."""
    value, _code = VALUES[value_name]
    _add_roster_name(tree.content)
    field(tree.content, value)
    output = tree.base / "naming.md"
    args = ("report", "content", "--naming", "--year", "2025", "--format", "markdown")
    run = run_cli(*args, "-o", str(output))
    assert run.code == 1, run.stderr
    text = _normalized(output.read_text(encoding="utf-8"))
    for forbidden in FORBIDDEN:
        assert forbidden not in text
    assert "已隐去" in text
    assert "已在命名决定中隐去" in run.stderr and value not in run.stderr


def test_bulletin_in_word_carries_no_personal_data(tree) -> None:
    from docx import Document

    _add_roster_name(tree.content)
    branch_name(tree.content, VALUES["zero-width-name"][0])
    zone_name(tree.content, VALUES["full-width-mobile"][0])
    output = tree.base / "bulletin.docx"
    args = ("report", "content", "--summary", "--year", "2025", "--format", "docx")
    run = run_cli(*args, "-o", str(output))
    assert run.code == 1, run.stderr
    document = Document(str(output))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    text = _normalized("\n".join([p.text for p in document.paragraphs] + cells))
    assert ROSTER_NAME not in text and "13812345678" not in text
    assert "〔个人信息已隐去〕" in text and "〔手机号已隐去〕" in text


def test_a_clean_bulletin_still_exits_0(tree) -> None:
    output = tree.base / "bulletin.md"
    args = ("report", "content", "--summary", "--year", "2025", "--format", "markdown")
    run = run_cli(*args, "-o", str(output))
    assert run.code == 0, run.stderr
    assert "隐去" not in output.read_text(encoding="utf-8")


# --- the scanner sees through the disguises ---------------------------------------------


@pytest.mark.parametrize(
    "text, code",
    [
        ("电话１３８１２３４５６７８", "I002"),
        ("电话138\u200c1234\u200d5678", "I002"),  # zero-width non-joiner and joiner
        ("电话138\u20601234\ufeff5678", "I002"),  # word joiner, byte-order mark
        ("电话138\u00ad1234\u00ad5678", "I002"),  # soft hyphens
        ("身份证１１０１０５１９４９１２３１００２Ｘ", "I001"),
        ("身份证110105\u200b19491231002x", "I001"),
    ],
)
def test_full_width_and_format_characters_do_not_hide_a_number(text: str, code: str) -> None:
    from checker.core.pii import redact, scan

    (hit,) = scan(text)
    assert hit.code == code
    clean = redact(text, [hit])
    assert not any(c.isdigit() for c in clean)  # the hidden characters went with it
    assert "\u200b" not in clean and "\u00ad" not in clean


def test_roster_names_match_with_format_characters_removed_on_either_side() -> None:
    from checker.core.pii import scan

    assert [h.code for h in scan("欧阳\u200b晓明同志", ["欧阳晓明"])] == ["I003"]
    assert [h.code for h in scan("欧阳晓明同志", ["欧阳\u2060晓明"])] == ["I003"]
    assert [h.code for h in scan("欧阳晓\u00ad明同志", ["欧阳晓明"])] == ["I003"]


def test_hit_keeps_the_original_span_for_line_and_column() -> None:
    from checker.core.pii import findings_for, scan

    text = "第一行\n第二行：１３８１２３４５６７８"
    (finding,) = findings_for(text, scan(text), "x.md", "x.md ")
    assert (finding.line, finding.column) == (2, 5)
    assert "138****5678" in finding.message
