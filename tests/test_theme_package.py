"""The theme travels with the plugin: a dossier repository's mkdocs.yml names only Material,
search and `dossier`, and the site has our templates, styles, scripts and offline settings.

Built for real with `mkdocs build --strict` in a folder outside this checkout, with the
content at the repository's top (organization.yaml beside mkdocs.yml), as `checker init`
lays it out.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GOOD
from site_tree import TODAY

from checker.core.site.theme import EXTRA_CSS, EXTRA_JAVASCRIPT, theme_dir

MINIMAL = """\
site_name: 测试工委
theme:
  name: material
plugins:
  - dossier:
      today: "{today}"
      cache: false
      history: false
"""


def build(folder: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("CHECKER_SCHEMAS", None)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def repository(tmp_path: Path, config: str = MINIMAL) -> Path:
    folder = tmp_path / "repo"
    shutil.copytree(GOOD, folder)
    (folder / "docs").mkdir()
    (folder / "mkdocs.yml").write_text(config.format(today=TODAY), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def minimal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = repository(tmp_path_factory.mktemp("theme"))
    done = build(folder)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return folder / "site"


def test_minimal_config_gets_our_templates(minimal_site: Path) -> None:
    home = (minimal_site / "index.html").read_text("utf-8")
    # main.html: the policy that keeps every request on the site.
    assert "Content-Security-Policy" in home
    assert "script-src 'self'" in home
    # home.html: the front page template the plugin asks for.
    assert 'class="dossier-hero' in home or "dossier-home" in home
    # The Markdown extensions the generated pages use: a note, not its source text.
    ranking = (minimal_site / "ranking" / "index.html").read_text("utf-8")
    assert "!!!" not in ranking and 'class="admonition info"' in ranking
    # The branch page of the content at the top of the repository was generated.
    assert (minimal_site / "branches" / "T-01" / "index.html").is_file()


def test_minimal_config_gets_our_assets_and_no_outside_request(minimal_site: Path) -> None:
    home = (minimal_site / "index.html").read_text("utf-8")
    for asset in (*EXTRA_CSS, *EXTRA_JAVASCRIPT):
        assert (minimal_site / asset).read_bytes() == (theme_dir() / asset).read_bytes()
        assert home.count(asset) == 1
    assert (minimal_site / "assets/dossier/md-base.js").is_file()
    # Material's default would load Roboto from Google and draw an English interface.
    assert "fonts.googleapis" not in home and "fonts.gstatic" not in home
    assert '<html lang="zh"' in home
    assert 'href="assets/dossier/emblem.svg"' in home
    urls = re.findall(r'(?:src|href)="(https?:[^"]*)"', home)
    assert urls == [], urls


def test_repository_custom_dir_goes_on_top(tmp_path: Path) -> None:
    """A committee's own logo or colours: its custom_dir wins over ours, ours over Material."""
    config = MINIMAL.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    config += "extra_css:\n  - assets/committee.css\n"
    folder = repository(tmp_path, config)
    own = folder / "overrides" / "assets" / "dossier"
    own.mkdir(parents=True)
    (own / "emblem.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" id="own"/>', "utf-8")
    (folder / "overrides" / "assets" / "committee.css").write_text(
        ":root { --dj-red: #a00; }\n", "utf-8"
    )
    done = build(folder)
    assert done.returncode == 0, done.stderr
    site = folder / "site"
    assert 'id="own"' in (site / "assets/dossier/emblem.svg").read_text("utf-8")
    home = (site / "index.html").read_text("utf-8")
    assert "Content-Security-Policy" in home  # our main.html still applies
    # Theirs and ours, each once, ours first so theirs can override it.
    css = re.findall(r'href="(assets/[^"]+\.css)"', home)
    assert css.index("assets/dossier/dossier.css") < css.index("assets/committee.css")
    assert len(css) == len(set(css))


def test_another_theme_is_a_clear_error(tmp_path: Path) -> None:
    folder = repository(tmp_path, MINIMAL.replace("name: material", "name: mkdocs"))
    done = build(folder)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "Material 主题" in done.stderr
