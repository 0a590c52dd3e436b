"""The site's theme as the package ships it: templates, styles and scripts on top of Material.

`site_overrides/` at the project's top is the source; a built package carries the same files
as `checker._theme`, so a dossier repository's `mkdocs.yml` needs only Material, search and
the `dossier` plugin. The plugin puts these files between the repository's own `custom_dir`
(a logo, colours) and Material, and adds the style sheets and script the pages rely on.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from checker.core.shipped import shipped_folder

PACKAGE_DIR = "_theme"
SOURCE_DIR = "site_overrides"

EXTRA_CSS = ("assets/dossier/dossier.css", "assets/dossier/print.css", "assets/dossier/lists.css")
EXTRA_JAVASCRIPT = ("assets/dossier/tables.js", "assets/dossier/directory.js")
EMBLEM = "assets/dossier/emblem.svg"
# The generated pages use notes (admonition), classes on tables (attr_list) and tables.
MARKDOWN_EXTENSIONS = ("admonition", "attr_list", "tables", "toc")


def theme_dir() -> Path:
    """The folder of our templates and assets: the package's copy, else the checkout's."""
    return shipped_folder(PACKAGE_DIR, SOURCE_DIR, "main.html")


def missing_extras(present: list[Any], wanted: tuple[str, ...]) -> list[str]:
    """The entries of ``wanted`` that ``present`` (extra_css, extra_javascript or
    markdown_extensions, whose items may be strings, script objects or one-key mappings)
    does not list yet, so none is added twice."""
    have = {
        next(iter(item)) if isinstance(item, dict) else str(getattr(item, "path", item))
        for item in present
    }
    return [name for name in wanted if name not in have]


def offline_theme_settings(theme: MutableMapping[str, Any]) -> None:
    """Settings the site cannot do without, whatever mkdocs.yml says.

    Material loads Google Fonts unless ``font`` is false, and the site must not send a single
    request off an isolated intranet; the pages are Chinese, so is the interface. The emblem
    and our colours apply only where the repository has not chosen its own.
    """
    theme["font"] = False
    if theme.get("language", "en") == "en":  # Material's default: nobody chose it
        theme["language"] = "zh"
    if not theme.get("logo"):
        theme["logo"] = EMBLEM
    if theme.get("favicon") in (None, "", "assets/images/favicon.png"):
        theme["favicon"] = EMBLEM
    palette = theme.get("palette")
    if not palette:
        theme["palette"] = {"scheme": "default", "primary": "custom", "accent": "custom"}
