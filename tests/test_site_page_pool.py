"""Branch pages made in worker processes: the site is the one the build makes by itself,
byte for byte, and so are the pages and renderings it keeps."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.plugins import BasePlugin
from site_tree import build_tree, cached_config, mkdocs_build

from checker.dossier.site.plugin import DossierPlugin
from checker.dossier.site.rendered import pages_left_alone

EXTRA_BRANCHES = ("T-04", "T-05", "T-06")
PHONE = "13912345678"  # M01's, in site_tree's roster


def more_branches(content: Path) -> None:
    """Three more branches like T-02, so that two workers have pages to share."""
    branches = content / "branches"
    for code in EXTRA_BRANCHES:
        shutil.copytree(branches / "T-02", branches / code)
        for path in (branches / code / "branch.yaml", *(branches / code).glob("*/dossier.yaml")):
            path.write_text(path.read_text(encoding="utf-8").replace("T-02", code), "utf-8")
        branch_file = branches / code / "branch.yaml"
        text = branch_file.read_text(encoding="utf-8")
        branch_file.write_text(text.replace("市直测试2号", f"市直测试{code[-1]}号"), "utf-8")


def built(base: Path, content: Path, jobs: int, pii: str) -> tuple[dict[str, bytes], str]:
    """Every file of the site and the kept pages and renderings, and the build's log."""
    base.mkdir()
    config = cached_config(base, content, pii=pii)
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("jobs: 1", f"jobs: {jobs}"), encoding="utf-8")
    result = mkdocs_build(config, base)
    assert result.returncode == 0, result.stderr
    site = base / f"site-internal-{pii}"
    files = {
        f"site/{p.relative_to(site).as_posix()}": p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and "pagefind" not in p.parts
    }
    pages = base / "cache" / "pages"
    files.update(
        {f"kept/{p.relative_to(pages).as_posix()}": p.read_bytes() for p in pages.rglob("*.*")}
    )
    return files, result.stderr


@pytest.mark.parametrize("pii", ["fail", "redact"])
def test_pages_made_by_workers_are_the_pages_the_build_makes(tmp_path: Path, pii: str) -> None:
    content = build_tree(tmp_path)
    more_branches(content)
    if pii == "redact":  # a member's phone in a narrative: hidden, and said so, by either
        summary = content / "branches" / "T-05" / "2025" / "summary.md"
        summary.write_text(f"# 总结\n\n联系电话 {PHONE}。\n", encoding="utf-8")
    alone, alone_log = built(tmp_path / "one", content, 1, pii)
    shared, shared_log = built(tmp_path / "two", content, 2, pii)
    assert "2 个进程生成了 6 个支部页" in shared_log
    assert "个进程生成了" not in alone_log
    renderings = [name for name in shared if name.startswith("kept/") and ".r" in name]
    assert len(renderings) == 6  # every page kept with its rendering
    assert shared.keys() == alone.keys()
    differing = [name for name in alone if alone[name] != shared[name]]
    assert differing == []
    if pii == "redact":  # the same notices of what was hidden, whichever process made the page
        hidden = sorted(line for line in alone_log.splitlines() if "已隐去" in line)
        assert any("T-05/2025/summary.md" in line for line in hidden)
        assert hidden == sorted(line for line in shared_log.splitlines() if "已隐去" in line)


class Quiet(BasePlugin):
    def on_post_build(self, *, config):  # not a page event
        return None


class Rewriting(BasePlugin):
    def on_page_markdown(self, markdown, /, *, page, config, files):
        return markdown.upper()


def test_pages_are_rendered_in_workers_only_when_no_other_plugin_touches_them() -> None:
    ours = DossierPlugin()
    assert pages_left_alone(SimpleNamespace(plugins={"dossier": ours}), ours)  # type: ignore[arg-type]
    quiet = SimpleNamespace(plugins={"dossier": ours, "quiet": Quiet()})
    assert pages_left_alone(quiet, ours)  # type: ignore[arg-type]
    busy = SimpleNamespace(plugins={"dossier": ours, "quiet": Quiet(), "rewriting": Rewriting()})
    assert not pages_left_alone(busy, ours)  # type: ignore[arg-type]
