"""Benchmark the site build against Material's own floor, in one run.

    python bench/site.py [--branches 1000 10000] [--seed 1] [--jobs 2]

For each N it generates (or reuses) bench/out/site-b<N>-s<seed>/ with bench/generate.py (N
branches, 2024 and 2025, so 2N dossiers), then measures on the same machine, one after the
other:

- first build: `mkdocs build` through the dossier plugin, internal scope (a page for every
  branch), with an empty cache: every dossier is checked and scored (what `checker score`
  costs, against its own floor in bench/run.py), then every page is made; the plugin's
  Pagefind index is written after the build, as always;
- site, cold: the scores cached (as CI leaves them after `checker ci`), no page kept from
  an earlier build: every branch's results are read, scanned and its page made;
- site, warm: the same build again, every branch page kept (the rebuild after an edit of
  the hand-written pages, or of one dossier: only its pages are made again);
- floor: Material alone building as many minimal pages (a heading and a paragraph), with
  the same theme, features, navigation (a minimal page for each entry of the site's menu,
  so that each page renders the same menu) and search (Pagefind over the built pages, same
  settings), the other pages out of the navigation as the branch pages are.

It prints our cost per page against the floor's (targets: warm at most 2x, cold at most 3x),
the time per branch (and its drift from the smallest N to the largest: at most 1.2x), the
search index's size, the largest page and the peak memory of each build (the largest
process: MkDocs, a worker or Pagefind). Raw figures go to bench/out/site-<timestamp>.json.
Wall times move with other people's load on a shared machine; CPU times much less.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))

from checker.dossier.site.pages import ASSESSMENT_NAV, NAV, POINTS_NAV  # noqa: E402
from checker.dossier.site.pages.common import WEAKNESS  # noqa: E402
from checker.dossier.site.search import SEARCH_PAGE, pagefind_command  # noqa: E402

OUT = BENCH / "out"
YEARS = ("2024", "2025")
TARGET_WARM = 2.0
TARGET_COLD = 3.0
TARGET_DRIFT = 1.2
TARGET_INDEX_MB = 25
TARGET_PAGE_KB = 300
TARGET_RSS_MB = 1536

THEME = """\
theme:
  name: material
  language: zh
  font: false
  custom_dir: {overrides}
  palette: {{scheme: default, primary: custom, accent: custom}}
  features: [navigation.tabs, navigation.top, navigation.indexes, toc.follow]
markdown_extensions: [admonition, attr_list, tables, toc]
extra:
  generator: false
"""

CONFIG = (
    """\
site_name: 基准站点
docs_dir: {docs}
site_dir: {site}
"""
    + THEME
    + """\
plugins:
  - dossier:
      content: {content}
      scope: internal
      pii: redact
      cache_dir: {cache}
      jobs: {jobs}
"""
)

FLOOR = (
    """\
site_name: 基准站点
docs_dir: {docs}
site_dir: {site}
not_in_nav: |
  /p/
"""
    + THEME
    + """\
plugins: []
extra_css: [assets/dossier/dossier.css, assets/dossier/print.css, assets/dossier/lists.css]
extra_javascript: [assets/dossier/tables.js, assets/dossier/directory.js, assets/dossier/search.js]
"""
)


def tree(branches: int, seed: str) -> Path:
    target = OUT / f"site-b{branches}-s{seed}"
    if not (target / "organization.yaml").is_file():
        subprocess.run(
            [sys.executable, str(BENCH / "generate.py"), str(target), "--count",
             str(branches * len(YEARS)), "--seed", seed, "--years", *YEARS],
            check=True,
        )  # fmt: skip
    return target


def timed(command: list[str], cwd: Path) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak resident MB of the largest process) of a command.

    GNU time reports the peak of the command and of every process it waited for.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        start = time.perf_counter()
        result = subprocess.run(
            ["/usr/bin/time", "-f", "%U %S %M", "-o", report.name, *command],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            sys.exit(f"failed: {' '.join(command)}\n{result.stderr[-4000:]}")
        user, system, peak_kb = report.read().split()[-3:]
    return elapsed, float(user) + float(system), int(peak_kb) // 1024


def pages_of(site: Path) -> list[tuple[int, str]]:
    """(bytes, path) of every HTML page, largest first."""
    found = [(p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")]
    return sorted(found, reverse=True)


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def nav_pages(entries: list) -> list[tuple[str, str]]:
    """(title, src path) of every page a nav lists, sections opened."""
    found = []
    for entry in entries:
        for title, target in entry.items():
            found += nav_pages(target) if isinstance(target, list) else [(title, target)]
    return found


def site_nav(site: Path) -> list:
    """The navigation the dossier plugin gave the built ``site``: its sections, in order."""
    nav = copy.deepcopy(NAV)
    if (site / "credits").is_dir():
        nav.insert(nav.index({"薄弱项分析": WEAKNESS}) + 1, copy.deepcopy(POINTS_NAV))
    if (site / "evaluation").is_dir():
        nav.insert(next(i for i, e in enumerate(nav) if "排名" in e) + 1, ASSESSMENT_NAV)
    return [*nav, {"搜索": SEARCH_PAGE}]


def floor_docs(docs: Path, count: int, nav: list) -> None:
    """``count`` minimal pages: those of ``nav`` (the site's navigation, so that every page
    renders a menu of the same size), the rest out of it (as the branch pages are)."""
    docs.mkdir(parents=True)
    listed = nav_pages(nav)
    for title, uri in listed:
        (docs / uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / uri).write_text(f"# {title}\n\n一个段落。\n", encoding="utf-8")
    for handwritten in sorted((REPO / "site_overrides" / "docs").glob("*.md")):
        shutil.copy(handwritten, docs / handwritten.name)
    (docs / "p").mkdir()
    for n in range(max(0, count - len(listed) - 1)):
        (docs / "p" / f"{n}.md").write_text(f"# 页面{n}\n\n这是第{n}个页面的一个段落。\n", "utf-8")


def measure(branches: int, seed: str, jobs: int) -> dict:
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    content = tree(branches, seed)
    work = Path(tempfile.mkdtemp(prefix="site-bench-"))
    try:
        site = work / "site"
        config = work / "mkdocs.yml"
        config.write_text(
            CONFIG.format(
                docs=REPO / "site_overrides" / "docs",
                site=site,
                overrides=REPO / "site_overrides",
                content=content,
                cache=work / "cache",
                jobs=jobs,
            ),
            encoding="utf-8",
        )
        build = [mkdocs, "build", "-q", "-f", str(config)]
        first, first_cpu, first_rss = timed(build, REPO)
        shutil.rmtree(work / "cache" / "pages")  # the scores stay, the pages go
        cold, cold_cpu, cold_rss = timed(build, REPO)
        warm, warm_cpu, warm_rss = timed(build, REPO)
        pages = pages_of(site)
        index_bytes = folder_bytes(site / "pagefind")
        index_files = sum(1 for p in (site / "pagefind").rglob("*") if p.is_file())
        site_bytes = folder_bytes(site)
        nav = site_nav(site)
        shutil.rmtree(site)
        floor_site = work / "floor-site"
        floor_docs(work / "floor-docs", len(pages), nav)
        floor_config = work / "floor.yml"
        floor_config.write_text(
            FLOOR.format(
                docs=work / "floor-docs", site=floor_site, overrides=REPO / "site_overrides"
            )
            + "nav: "
            + json.dumps([*nav, "about.md"], ensure_ascii=False)
            + "\n",
            encoding="utf-8",
        )
        floor, floor_cpu, floor_rss = timed([mkdocs, "build", "-q", "-f", str(floor_config)], REPO)
        index, index_cpu, index_rss = timed(pagefind_command(floor_site), REPO)
        floor, floor_cpu, floor_rss = (
            floor + index,
            floor_cpu + index_cpu,
            max(floor_rss, index_rss),
        )
        floor_pages = len(pages_of(floor_site))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    count = len(pages)
    return {
        "branches": branches,
        "dossiers": branches * len(YEARS),
        "jobs": jobs,
        "pages": count,
        "floor_pages": floor_pages,
        "site_first_s": round(first, 2),
        "site_first_cpu_s": round(first_cpu, 2),
        "peak_rss_mb_first": first_rss,
        "site_cold_s": round(cold, 2),
        "site_warm_s": round(warm, 2),
        "floor_s": round(floor, 2),
        "site_cold_cpu_s": round(cold_cpu, 2),
        "site_warm_cpu_s": round(warm_cpu, 2),
        "floor_cpu_s": round(floor_cpu, 2),
        "cold_ms_per_page": round(cold / count * 1000, 1),
        "warm_ms_per_page": round(warm / count * 1000, 1),
        "floor_ms_per_page": round(floor / floor_pages * 1000, 1),
        "ratio_cold": round((cold / count) / (floor / floor_pages), 2),
        "ratio_warm": round((warm / count) / (floor / floor_pages), 2),
        "ratio_cold_cpu": round((cold_cpu / count) / (floor_cpu / floor_pages), 2),
        "ratio_warm_cpu": round((warm_cpu / count) / (floor_cpu / floor_pages), 2),
        "warm_ms_per_branch": round(warm / branches * 1000, 1),
        "cold_ms_per_branch": round(cold / branches * 1000, 1),
        "warm_cpu_ms_per_branch": round(warm_cpu / branches * 1000, 1),
        "cold_cpu_ms_per_branch": round(cold_cpu / branches * 1000, 1),
        "peak_rss_mb_cold": cold_rss,
        "peak_rss_mb_warm": warm_rss,
        "peak_rss_mb_floor": floor_rss,
        "search_index_mb": round(index_bytes / 1e6, 1),
        "search_index_files": index_files,
        "largest_page_kb": round(pages[0][0] / 1024, 1),
        "largest_page": pages[0][1],
        "site_mb": round(site_bytes / 1e6, 1),
        "html_kb_per_page": round(sum(b for b, _ in pages) / count / 1024, 1),
    }


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def report(runs: list[dict]) -> None:
    for f in runs:
        print(
            f"\n| {f['branches']} branches ({f['dossiers']} dossiers, {f['pages']} pages), "
            "internal scope | wall s | ms/page | CPU s | CPU ms/page |"
        )
        print("|---|---:|---:|---:|---:|")
        for label, wall, cpu, count in (
            (f"first build: scoring and pages (-j{f['jobs']})", f["site_first_s"],
             f["site_first_cpu_s"], f["pages"]),
            ("site build, cold: scores cached, no page kept", f["site_cold_s"],
             f["site_cold_cpu_s"], f["pages"]),
            ("site build, warm: pages kept", f["site_warm_s"], f["site_warm_cpu_s"], f["pages"]),
            ("floor: Material, minimal pages, same theme and search", f["floor_s"],
             f["floor_cpu_s"], f["floor_pages"]),
        ):  # fmt: skip
            print(
                f"| {label} | {wall:.1f} | {wall / count * 1000:.1f} | {cpu:.1f} "
                f"| {cpu / count * 1000:.1f} |"
            )
        print(
            f"| warm / floor, per page (target <= {TARGET_WARM}: "
            f"{verdict(f['ratio_warm'] <= TARGET_WARM)}) | | {f['ratio_warm']} | "
            f"| {f['ratio_warm_cpu']} |"
        )
        print(
            f"| cold / floor, per page (target <= {TARGET_COLD}: "
            f"{verdict(f['ratio_cold'] <= TARGET_COLD)}) | | {f['ratio_cold']} | "
            f"| {f['ratio_cold_cpu']} |"
        )
        print(
            f"\nper branch: warm {f['warm_ms_per_branch']} ms, cold {f['cold_ms_per_branch']} ms; "
            f"search index {f['search_index_mb']} MB in {f['search_index_files']} files "
            f"(target <= {TARGET_INDEX_MB} MB: "
            f"{verdict(f['search_index_mb'] <= TARGET_INDEX_MB)}); "
            f"largest page {f['largest_page_kb']} KB ({f['largest_page']}; target <= "
            f"{TARGET_PAGE_KB} KB: {verdict(f['largest_page_kb'] <= TARGET_PAGE_KB)}); "
            f"peak memory first {f['peak_rss_mb_first']} MB, cold {f['peak_rss_mb_cold']} MB, "
            f"warm {f['peak_rss_mb_warm']} MB, "
            f"floor {f['peak_rss_mb_floor']} MB; {f['html_kb_per_page']} KB a page on average"
        )
    if len(runs) > 1:
        small, large = runs[0], runs[-1]
        for kind in ("warm", "cold"):
            drift = large[f"{kind}_ms_per_branch"] / small[f"{kind}_ms_per_branch"]
            cpu = large[f"{kind}_cpu_ms_per_branch"] / small[f"{kind}_cpu_ms_per_branch"]
            print(
                f"time per branch, {kind}, {small['branches']} -> {large['branches']}: "
                f"{drift:.2f}x wall, {cpu:.2f}x CPU "
                f"(target <= {TARGET_DRIFT}: {verdict(drift <= TARGET_DRIFT)})"
            )
        rss = max(large[f"peak_rss_mb_{k}"] for k in ("first", "cold", "warm"))
        print(
            f"peak memory at {large['branches']}: {rss} MB "
            f"(target < {TARGET_RSS_MB} MB: {verdict(rss < TARGET_RSS_MB)})"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--branches", type=int, nargs="+", default=[1000])
    parser.add_argument("--seed", default="1")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    runs = []
    for branches in sorted(args.branches):
        runs.append(measure(branches, args.seed, args.jobs))
        print(json.dumps(runs[-1], ensure_ascii=False), flush=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    OUT.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (OUT / f"site-{stamp}.json").write_text(
        json.dumps({"machine": machine, "runs": runs}, indent=2, ensure_ascii=False),
        encoding="utf-8",
    )
    report(runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
