"""Branch pages kept between builds: a build from the store publishes and says what one
without it does, and any change to what a page is made of makes it again."""

from __future__ import annotations

import shutil
from pathlib import Path

from site_tree import build_tree, cached_config, mkdocs_build, write_config

PHONE = "13912345678"


def branch_pages(site: Path) -> dict[str, str]:
    return {
        p.parent.name: p.read_text(encoding="utf-8")
        for p in sorted((site / "branches").glob("*/index.html"))
    }


def store_entries(base: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in (base / "cache" / "pages").rglob("*.md")}


def fresh_build(base: Path, content: Path, pii: str = "fail") -> dict[str, str]:
    """The same content built without any cache, in a folder of its own."""
    other = base / "fresh"
    other.mkdir(exist_ok=True)
    result = mkdocs_build(write_config(other, content, "internal", pii), other)
    assert result.returncode == 0, result.stderr
    return branch_pages(other / f"site-internal-{pii}")


def test_a_rebuild_takes_every_branch_page_from_the_store(tmp_path: Path) -> None:
    content = build_tree(tmp_path)
    config = cached_config(tmp_path, content)
    first = mkdocs_build(config, tmp_path)
    assert first.returncode == 0, first.stderr
    site = tmp_path / "site-internal-fail"
    built = branch_pages(site)
    kept = store_entries(tmp_path)
    assert len(built) == 3 and len(kept) == 3
    second = mkdocs_build(config, tmp_path)
    assert second.returncode == 0, second.stderr
    assert store_entries(tmp_path) == kept  # read, not written again
    assert branch_pages(site) == built == fresh_build(tmp_path, content)


def test_a_changed_dossier_remakes_the_pages_it_changes_and_only_those(tmp_path: Path) -> None:
    content = build_tree(tmp_path)
    config = cached_config(tmp_path, content)
    assert mkdocs_build(config, tmp_path).returncode == 0
    before = branch_pages(tmp_path / "site-internal-fail")
    # T-02 and T-03 tie; T-02 losing its Party lectures moves T-03's ranks, not T-01's.
    dossier = content / "branches" / "T-02" / "2025" / "dossier.yaml"
    text = dossier.read_text(encoding="utf-8")
    assert "type: 党课" in text
    dossier.write_text(text.replace("type: 党课", "type: 其他"), encoding="utf-8")
    result = mkdocs_build(config, tmp_path)
    assert result.returncode == 0, result.stderr
    after = branch_pages(tmp_path / "site-internal-fail")
    assert after == fresh_build(tmp_path, content)
    assert after["T-02"] != before["T-02"] and after["T-03"] != before["T-03"]
    assert after["T-01"] == before["T-01"]
    assert len(store_entries(tmp_path)) == 5  # two made again, one kept


def test_a_renamed_zone_and_a_damaged_entry_are_made_again(tmp_path: Path) -> None:
    content = build_tree(tmp_path)
    config = cached_config(tmp_path, content)
    assert mkdocs_build(config, tmp_path).returncode == 0
    org = content / "organization.yaml"
    org.write_text(
        org.read_text(encoding="utf-8").replace("第二责任区", "第二督导责任区"), encoding="utf-8"
    )
    for page in store_entries(tmp_path):
        page.write_text("# 被改过的页面\n", encoding="utf-8")  # an entry damaged in between
    result = mkdocs_build(config, tmp_path)
    assert result.returncode == 0, result.stderr
    after = branch_pages(tmp_path / "site-internal-fail")
    assert "第二督导责任区" in after["T-03"]
    assert not any("被改过的页面" in page for page in after.values())
    assert after == fresh_build(tmp_path, content)


def test_personal_data_in_a_stored_page_still_stops_or_is_reported(tmp_path: Path) -> None:
    content = build_tree(tmp_path)
    summary = content / "branches" / "T-02" / "2025" / "summary.md"
    summary.write_text(f"# 总结\n\n联系电话 {PHONE}。\n", encoding="utf-8")
    failing = cached_config(tmp_path, content, pii="fail")
    for _attempt in range(2):  # the second build finds the page in the store
        result = mkdocs_build(failing, tmp_path)
        assert result.returncode != 0
        assert "summary.md" in result.stderr and "139****5678" in result.stderr
    redacting = cached_config(tmp_path, content, pii="redact")
    notices = []
    for _attempt in range(2):
        result = mkdocs_build(redacting, tmp_path)
        assert result.returncode == 0, result.stderr
        notices.append(sorted(line for line in result.stderr.splitlines() if "已隐去" in line))
        page = branch_pages(tmp_path / "site-internal-redact")["T-02"]
        assert PHONE not in page and "〔手机号已隐去〕" in page
    assert notices[0] == notices[1] and any("summary.md" in n for n in notices[0])
    shutil.rmtree(tmp_path / "cache")


def test_a_kept_page_is_not_rendered_again_and_a_damaged_rendering_is(tmp_path: Path) -> None:
    content = build_tree(tmp_path)
    config = cached_config(tmp_path, content)
    assert mkdocs_build(config, tmp_path).returncode == 0
    built = branch_pages(tmp_path / "site-internal-fail")
    renderings = sorted((tmp_path / "cache" / "pages").rglob("*.r*.json"))
    assert len(renderings) == 3
    assert mkdocs_build(config, tmp_path).returncode == 0
    assert branch_pages(tmp_path / "site-internal-fail") == built  # from the renderings
    # The rendering is what the rebuild publishes: a marker put in it shows up.
    first = renderings[0]
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace("<h2", "<p>保存的渲染</p><h2", 1), encoding="utf-8")
    renderings[1].write_text("{", encoding="utf-8")  # damaged: rendered again
    assert mkdocs_build(config, tmp_path).returncode == 0
    after = branch_pages(tmp_path / "site-internal-fail")
    assert sum("保存的渲染" in page for page in after.values()) == 1
    assert sorted(after) == sorted(built)
    others = [code for code in built if "保存的渲染" not in after[code]]
    assert all(after[code] == built[code] for code in others)
    assert renderings[1].read_text(encoding="utf-8") != "{"  # and kept again
