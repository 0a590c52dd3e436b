"""The privacy guard: which fields are private, and the scanner for published free text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import search_index
from site_tree import (
    ABSENT_REASON,
    CONTACT,
    PRIVATE,
    REPO,
    SCHEMAS,
    build_tree,
    mkdocs_build,
    write_config,
)

from checker.core.pii import (
    ID_LABEL,
    MOBILE_LABEL,
    PRIVATE_LABEL,
    findings_for,
    id_number_valid,
    redact,
    scan,
)
from checker.core.private import private_values
from checker.core.standards import StandardsFolder
from checker.dossier.site import privacy
from checker.dossier.site.collect import collect


def test_private_fields_come_from_the_schemas() -> None:
    fields = {(f.kind, f.pointer) for f in StandardsFolder(SCHEMAS).private_fields}
    for expected in (
        ("dossier", "/members/*/name"),
        ("dossier", "/members/*/id_number"),
        ("dossier", "/members/*/phone"),
        ("dossier", "/members/*/birth_date"),
        ("dossier", "/activities/*/absent_reasons"),
        ("branch", "/contact/phone"),
        ("review", "/reviewers/*"),
    ):
        assert expected in fields
    assert ("dossier", "/members/*/training_hours") not in fields


def test_private_values_skip_enums_dates_and_short_free_text() -> None:
    fields = StandardsFolder(SCHEMAS).private_fields
    data = {
        "members": [
            {
                "id": "M01",
                "name": "张三",
                "gender": "男",
                "birth_date": "1970-01-01",
                "note": "退休",
            },
            {"id": "M02", "note": "长期在外地挂职锻炼"},
        ]
    }
    assert set(private_values(fields, "dossier", data)) == {"张三", "长期在外地挂职锻炼"}


@pytest.mark.parametrize(
    "number, valid",
    [
        ("11010519491231002X", True),
        ("11010519491231002x", True),
        ("110105194912310021", False),  # wrong check digit
        ("11010519491231002", False),
        ("A1010519491231002X", False),
    ],
)
def test_id_number_check_digit(number: str, valid: bool) -> None:
    assert id_number_valid(number) is valid


@pytest.mark.parametrize(
    "text, codes",
    [
        ("身份证号11010519491231002X。", ["I001"]),
        ("编号110105194912310021不是身份证号", []),  # the check digit is wrong
        ("电话13912345678", ["I002"]),
        ("电话 +8613912345678", ["I002"]),
        ("电话 0086 139 1234 5678", ["I002"]),
        ("电话 139-1234-5678", ["I002"]),
        ("座机 0539-88886666", []),
        ("流水号 213912345678901", []),  # inside a longer run of digits
        ("12345678901 不是手机号", []),  # 12 is not a mobile prefix
        ("2025年组织集中学习12次", []),
    ],
)
def test_scanner_finds_id_and_mobile_numbers(text: str, codes: list[str]) -> None:
    assert [h.code for h in scan(text)] == codes


def test_scanner_finds_private_values_and_redacts_everything() -> None:
    text = "党员王小明（电话13912345678）带头。\n身份证 11010519491231002X"
    hits = scan(text, ["王小明"])
    assert [h.code for h in hits] == ["I003", "I002", "I001"]
    assert (
        redact(text, hits) == f"党员{PRIVATE_LABEL}（电话{MOBILE_LABEL}）带头。\n身份证 {ID_LABEL}"
    )


def test_findings_name_the_line_and_mask_the_number() -> None:
    text = "第一行\n第二行 13912345678"
    (finding,) = findings_for(text, scan(text), "summary.md", "summary.md ")
    assert (finding.code, finding.file, finding.line, finding.column) == (
        "I002",
        "summary.md",
        2,
        5,
    )
    assert "13912345678" not in finding.message and "139****5678" in finding.message


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("privacy") / "content"
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "generate.py"), str(content), "--count", "40",
         "--seed", "5", "--years", "2024", "2025"],
        check=True, capture_output=True,
    )  # fmt: skip
    return content


def test_each_placement_name_is_scanned_once_whatever_the_number_of_branches(
    generated: Path, monkeypatch
) -> None:
    """The names of zones, levels and organizations are copied into every branch: scanning
    each copy against every roster of the site grew with the square of the branches."""
    data = collect(generated, SCHEMAS, jobs=1)
    names = {v for b in data.branches for v in b.placement.values()}
    names |= {
        v for b in data.branches for y in b.years.values() for v in y.result.placement.values()
    }
    scanned: list[str] = []
    real = privacy.scan

    def counting(text, *args, **kwargs):  # type: ignore[no-untyped-def]
        scanned.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(privacy, "scan", counting)
    privacy.protect(data, "redact")
    of_names = [t for t in scanned if t in names]
    assert len(data.branches) == 20
    assert len(of_names) <= len(names), (len(of_names), len(names))


def test_the_search_index_holds_no_private_value(tmp_path: Path) -> None:
    content = build_tree(tmp_path)
    result = mkdocs_build(write_config(tmp_path, content, "internal", "fail"), tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site-internal-fail"
    text = search_index.index_text(site)
    assert "财政局" in text  # the index is read: branch names are in it
    for fields in PRIVATE.values():
        for value in fields.values():
            assert value not in text and value.replace(" ", "") not in text, value
    for value in (*CONTACT.values(), ABSENT_REASON):
        assert value not in text, value
