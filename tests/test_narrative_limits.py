"""Renderer bombs: narratives that would stall or crash the site build are F008 at validate.

Every family from bench/narrative_bombs.py, at a size `validate` otherwise accepts, is an
F008 error naming the file and line; a narrative just under the limits is clean and the site
builds with it. The limits come from the standard's settings.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from conftest import REPO, Tree, run_cli
from site_tree import build_tree, mkdocs_build, write_config

sys.path.insert(0, str(REPO / "bench"))
from narrative_bombs import FAMILIES, bomb, under_limits

from checker.core.narrative_limits import DEFAULTS, check, scan
from checker.core.site.sanitize import render_narrative

# The cases of the issue, as reported (each broke or stalled the build on main).
REPORTED = {
    "definition list 3 KB": "a\n: b\n" * 512,
    "list nested 250 levels": "".join(" " * (4 * i) + "- a\n" for i in range(250)),
    "[ run 16 KB": "[" * 16384,
    "![ run 16 KB": "![" * 8192,
    "80,000 &#106;": "&#106;" * 80000,
    "backtick runs": " ".join("`" * (i % 200 + 1) for i in range(600)),
    "unclosed tags": "<a " * 8000,
}


@pytest.mark.parametrize("name", sorted(REPORTED))
def test_reported_bombs_are_f008_from_validate(tree: Tree, name: str) -> None:
    (tree.year_dir / "summary.md").write_text(
        "# 年度工作总结\n\n正常的一段。\n\n" + REPORTED[name], encoding="utf-8"
    )
    run = tree.validate()
    assert run.code == 1
    found = [f for f in run.json["findings"] if f["code"] == "F008"]
    assert found, run.stdout
    assert all(f["file"].endswith("2025/summary.md") and f["line"] >= 5 for f in found)
    assert all(f["level"] == "error" for f in found)
    assert "上限" in found[0]["message"] and "，" in found[0]["message"]


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_every_bomb_family_over_the_limits_is_f008(family: str) -> None:
    findings = check(bomb(family, 8192), "content/x/summary.md", {})
    assert [f.code for f in findings][:1] == ["F008"]
    assert findings[0].file == "content/x/summary.md" and findings[0].line >= 1


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_the_worst_narrative_under_the_limits_passes_and_renders(family: str) -> None:
    text = under_limits(family, 8192)
    assert not scan(text, DEFAULTS)
    html = render_narrative(text)
    assert "narrative-plain" not in html and re.search(r"<(p|li|dt|blockquote)>", html)


def test_limits_come_from_the_standard_settings(tree: Tree) -> None:
    standard = tree.base / "schemas"
    import shutil

    from conftest import SCHEMAS

    shutil.copytree(SCHEMAS, standard)
    path = standard / "standard.yaml"
    text = path.read_text(encoding="utf-8")
    assert "    brackets: 64 " in text
    path.write_text(text.replace("    brackets: 64 ", "    brackets: 4 ", 1), encoding="utf-8")
    (tree.year_dir / "summary.md").write_text("[甲] [乙] [丙] [丁] [戊]\n", encoding="utf-8")
    assert run_cli("validate", "content").code == 0
    run = run_cli("validate", "content", "--format", "json", schemas=standard)
    assert run.code == 1 and "F008" in run.codes()


def test_a_bomb_is_shown_escaped_by_the_renderer_instead_of_rendered() -> None:
    html = render_narrative("[" * 20000 + "<script>x</script>")
    assert html.startswith('<pre class="narrative-plain">') and "<script>" not in html


def test_a_site_with_narratives_just_under_the_limits_builds(tmp_path: Path) -> None:
    content = build_tree(tmp_path)
    year = content / "branches" / "T-01" / "2025"
    texts = [under_limits(f, 2048) for f in ("definition list", "nested list", "[ run")]
    (year / "summary.md").write_text("# 年度工作总结\n\n" + "\n".join(texts), encoding="utf-8")
    texts = [under_limits(f, 2048) for f in ("<a run", "&#106; run", "backtick runs")]
    (year / "highlights.md").write_text("- 亮点\n\n" + "\n".join(texts), encoding="utf-8")
    assert run_cli("validate", str(year), "--format", "json").codes().count("F008") == 0
    result = mkdocs_build(write_config(tmp_path, content, "internal", "fail"), tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site-internal-fail" / "branches" / "T-01" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "narrative-plain" not in page and "<dl>" in page


def test_a_site_build_leaves_a_bomb_out_and_strict_fails_with_f008(tmp_path: Path) -> None:
    content = build_tree(tmp_path)
    (content / "branches" / "T-01" / "2025" / "summary.md").write_text(
        "# 年度工作总结\n\n" + "[" * 16384, encoding="utf-8"
    )
    result = mkdocs_build(write_config(tmp_path, content, "internal", "fail"), tmp_path)
    assert result.returncode != 0
    assert "F008" in result.stderr and "2025/summary.md" in result.stderr
    assert "Traceback" not in result.stderr
