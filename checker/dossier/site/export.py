"""`checker site export DIR`: the plugin's pages, written to disk as a plain MkDocs project.

    DIR/mkdocs.yml     the project's config, without the dossier plugin, pointing at:
    DIR/docs/          the generated pages and pictures, and the hand-written pages
    DIR/overrides/     the package's templates, CSS and JS, with the repository's custom_dir
                       on top
    DIR/pagefind.yml   Pagefind's settings for the search index, as the plugin runs it

The tree builds with plain `mkdocs build` or with ProperDocs (`properdocs build`), no
checker needed; `python -m pagefind` in DIR then writes the search index, as the plugin
does after its build. The pages are the very ones the plugin serves: both call
``generate_site``.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from checker.core import atomic
from checker.core.paths import default_root
from checker.core.site.stamp import EXTRA_KEY
from checker.core.site.theme import (
    EXTRA_CSS,
    EXTRA_JAVASCRIPT,
    MARKDOWN_EXTENSIONS,
    missing_extras,
    offline_theme_settings,
    theme_dir,
)
from checker.core.textfile import os_reason
from checker.dossier.site.collect import CollectError  # noqa: F401  (the CLI catches it here)
from checker.dossier.site.generator import GeneratedSite, SiteOptions, generate_site, schemas_dir
from checker.dossier.site.pages import PUBLIC
from checker.dossier.site.privacy import FAIL
from checker.dossier.site.search import SEARCH_PAGE, SEARCH_SCRIPT, pagefind_settings, search_page

PLUGIN_NAME = "dossier"
MARKER = ".checker-site-export"
# Out of the navigation, as the plugin keeps them: the branch pages and the further pages
# of the lists (ranking/_2/, branches/_2/, exemplars/_2/, ranking/zones/<zone>/ and its
# pages).
NOT_IN_NAV = "\n".join(
    (
        "/branches/*/index.md",
        "/exemplars/_*/index.md",
        "/ranking/_*/index.md",
        "/ranking/zones/*/index.md",
        "/ranking/zones/*/_*/index.md",
        "/ranking/levels/*/index.md",
        "/ranking/levels/*/_*/index.md",
    )
)


class ExportError(Exception):
    """The export cannot start: a missing config, a folder that is not ours to overwrite."""


@dataclass(slots=True)
class ExportSettings:
    config: dict[str, Any]
    config_dir: Path
    plugin: dict[str, Any]


def read_config(path: Path) -> ExportSettings:
    """The project's mkdocs.yml and the dossier plugin's settings in it."""
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ExportError(f"无法读取 {path}：{exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ExportError(f"{path} 不是有效的 YAML：{exc}") from None
    if not isinstance(config, dict):
        raise ExportError(f"{path} 的顶层应为键值结构")
    plugin: dict[str, Any] = {}
    for entry in config.get("plugins") or []:
        if entry == PLUGIN_NAME:
            plugin = {}
        elif isinstance(entry, dict) and PLUGIN_NAME in entry:
            plugin = dict(entry[PLUGIN_NAME] or {})
    return ExportSettings(config, path.resolve().parent, plugin)


def options_from(
    settings: ExportSettings,
    *,
    content: Path | None = None,
    scope: str | None = None,
    pii: str | None = None,
    schemas: Path | None = None,
    today: date | None = None,
    jobs: int = 1,
    cache_dir: Path | None = None,
) -> SiteOptions:
    """The plugin's settings from mkdocs.yml, overridden by what the command line says."""
    plugin = settings.plugin
    if today is None and plugin.get("today"):
        today = date.fromisoformat(str(plugin["today"]))
    content = content or settings.config_dir / str(
        plugin.get("content") or default_root(settings.config_dir)
    )
    return SiteOptions(
        content=content,
        schemas=schemas or schemas_dir(settings.config_dir, plugin.get("schemas"), content),
        scope=scope or str(plugin.get("scope", PUBLIC)),
        pii=pii or str(plugin.get("pii", FAIL)),
        today=today,
        jobs=jobs,
        cache_dir=cache_dir,
        history=bool(plugin.get("history", True)),
    )


def _prepare(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target} 已存在且不是目录")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise ExportError(f"{target} 不是空目录，也不是上次导出的目录；请换一个目录")


def export(settings: ExportSettings, options: SiteOptions, target: Path) -> GeneratedSite:
    """Generate the site and write it under ``target``. Returns what was generated.

    The export is written into a scratch folder beside ``target`` and then put in its place
    with one swap (checker/atomic.py), so a failure on the way leaves the previous export
    as it was. What an export does not write (a `site/` built from the last one) is kept.
    """
    site = generate_site(options)
    _prepare(target)
    target = target.resolve() if target.is_symlink() else target  # replace what it points to
    try:
        with atomic.scratch(target.absolute().parent) as scratch:
            staged = scratch / "export"
            _write(settings, site, staged)
            _keep_others(target, staged)
            atomic.replace_dir(staged, target)
    except OSError as exc:
        raise ExportError(f"无法写入 {target}：{os_reason(exc)}") from None
    return site


def _keep_others(previous: Path, staged: Path) -> None:
    if not previous.is_dir():
        return
    for entry in previous.iterdir():
        if entry.name not in (*_WRITTEN, MARKER):
            atomic.link_copy(entry, staged / entry.name)


_WRITTEN = ("docs", "overrides", "mkdocs.yml", "pagefind.yml")


def _write(settings: ExportSettings, site: GeneratedSite, target: Path) -> None:
    target.mkdir(parents=True)
    (target / MARKER).write_text("checker site export\n", encoding="utf-8")
    config = settings.config
    docs_src = settings.config_dir / str(config.get("docs_dir", "docs"))
    docs = target / "docs"
    if docs_src.is_dir():
        shutil.copytree(docs_src, docs)
    handwritten = (
        sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md")) if docs.is_dir() else []
    )
    for uri in sorted({*site.pages, *site.stored}):
        path = docs / uri
        if path.exists():
            raise ExportError(f"{uri} 由插件生成，不能同时存在于 docs_dir 中")
        path.parent.mkdir(parents=True, exist_ok=True)
        if uri in site.stored:
            shutil.copyfile(site.stored[uri], path)
        else:
            path.write_text(site.pages[uri], encoding="utf-8")
    if not (docs / SEARCH_PAGE).exists():
        (docs / SEARCH_PAGE).parent.mkdir(parents=True, exist_ok=True)
        (docs / SEARCH_PAGE).write_text(search_page(), encoding="utf-8")
    (target / "pagefind.yml").write_text(
        yaml.safe_dump(pagefind_settings("site"), allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    for uri, data in site.media.items():
        path = docs / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    theme = _theme_config(config.get("theme"))
    _write_overrides(settings, theme, docs_src, target / "overrides")
    theme["custom_dir"] = "overrides"
    out = {k: v for k, v in config.items() if k not in ("docs_dir", "site_dir", "nav", "plugins")}
    out["docs_dir"] = "docs"
    out["site_dir"] = "site"
    out["theme"] = theme
    scripts = (*EXTRA_JAVASCRIPT, *SEARCH_SCRIPT)
    for key, wanted in (("extra_css", EXTRA_CSS), ("extra_javascript", scripts)):
        present = list(config.get(key) or [])
        out[key] = missing_extras(present, wanted) + present
    extensions = list(config.get("markdown_extensions") or [])
    out["markdown_extensions"] = extensions + missing_extras(extensions, MARKDOWN_EXTENSIONS)
    out["plugins"] = [
        entry
        for entry in config.get("plugins") or []
        if entry != PLUGIN_NAME and not (isinstance(entry, dict) and PLUGIN_NAME in entry)
    ]
    if not config.get("nav") and site.nav:
        out["nav"] = [*site.nav, {"搜索": SEARCH_PAGE}, *handwritten]
    elif config.get("nav"):
        out["nav"] = config["nav"]
    out["not_in_nav"] = NOT_IN_NAV
    if site.stamp is not None:  # the footer of every page reads it
        out["extra"] = {**dict(config.get("extra") or {}), EXTRA_KEY: site.stamp.as_extra()}
    header = (
        "# Written by `checker site export`: the generated pages as a plain MkDocs project.\n"
        "# Build with `mkdocs build` or `properdocs build`, then `python -m pagefind` for the\n"
        "# search index (settings in pagefind.yml); regenerate rather than edit.\n"
    )
    (target / "mkdocs.yml").write_text(
        header + yaml.safe_dump(out, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def _theme_config(configured: Any) -> dict[str, Any]:
    theme = {"name": configured} if isinstance(configured, str) else dict(configured or {})
    offline_theme_settings(theme)
    return theme


def _write_overrides(
    settings: ExportSettings, theme: dict[str, Any], docs_src: Path, target: Path
) -> None:
    """The package's templates and assets, with the repository's own custom_dir on top: the
    same layering the plugin gives MkDocs, as one folder a plain build can use."""
    shutil.copytree(theme_dir(), target, ignore=shutil.ignore_patterns("docs"))
    custom = theme.get("custom_dir")
    if not custom:
        return
    source = settings.config_dir / str(custom)
    ignore = None
    if docs_src.resolve().is_relative_to(source.resolve()):
        inner = docs_src.resolve().relative_to(source.resolve()).parts[0]
        ignore = shutil.ignore_patterns(inner)
    shutil.copytree(source, target, ignore=ignore, dirs_exist_ok=True)
