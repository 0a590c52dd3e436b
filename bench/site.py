"""Benchmark the site build against a plain MkDocs build of the same pages, in one run.

    python bench/site.py [--branches 1000] [--seed 1] [--jobs 2]

It generates (or reuses) bench/out/site-b<N>-s<seed>/ with bench/generate.py (N branches,
2024 and 2025, so 2N dossiers), then measures on the same machine, one after the other:

- site, cold: `mkdocs build` through the dossier plugin, internal scope (a page for every
  branch), with an empty result cache: every dossier is checked, scored and read;
- site, warm: the same build again, the cache filled (the usual rebuild after an edit);
- plain: `checker site export` writes the very same pages to disk as a plain MkDocs project
  (Material, search with jieba, no plugin); `mkdocs build` of that tree is the baseline,
  "as many static pages of similar size";

and prints the ratios site/plain (target: at most 1.5), page counts and sizes. Raw figures
go to bench/out/site-<timestamp>.json. Run from anywhere; builds run in the repository root.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
TARGET_RATIO = 1.5
YEARS = ("2024", "2025")

CONFIG = """\
site_name: 基准站点
docs_dir: {docs}
site_dir: {site}
theme:
  name: material
  language: zh
  font: false
  custom_dir: {overrides}
  palette: {{scheme: default, primary: custom, accent: custom}}
  features: [navigation.tabs, navigation.top, navigation.indexes, search.highlight]
plugins:
  - search:
      lang: zh
  - dossier:
      content: {content}
      scope: internal
      pii: redact
      cache_dir: {cache}
      jobs: {jobs}
markdown_extensions: [admonition, attr_list, tables, toc]
extra:
  generator: false
extra_css: [assets/dossier/dossier.css, assets/dossier/print.css]
extra_javascript: [assets/dossier/tables.js]
"""


def tree(branches: int, seed: str) -> Path:
    target = OUT / f"site-b{branches}-s{seed}"
    if not (target / "organization.yaml").is_file():
        subprocess.run(
            [sys.executable, str(BENCH / "generate.py"), str(target), "--count",
             str(branches * len(YEARS)), "--seed", seed, "--years", *YEARS],
            check=True,
        )  # fmt: skip
    return target


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and its worker processes).

    On a shared machine the wall time moves with other people's load; CPU time much less.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr[-4000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def size(folder: Path) -> tuple[int, int, int]:
    """(files, bytes, html pages) under folder."""
    files = total = pages = 0
    for path in folder.rglob("*"):
        if path.is_file():
            files += 1
            total += path.stat().st_size
            pages += path.suffix == ".html"
    return files, total, pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--branches", type=int, default=1000)
    parser.add_argument("--seed", default="1")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    checker = str(Path(sys.executable).with_name("checker"))
    content = tree(args.branches, args.seed)
    work = Path(tempfile.mkdtemp(prefix="site-bench-"))
    try:
        cache = work / "cache"
        config = work / "mkdocs.yml"
        config.write_text(
            CONFIG.format(
                docs=REPO / "site_overrides" / "docs",
                site=work / "site",
                overrides=REPO / "site_overrides",
                content=content,
                cache=cache,
                jobs=args.jobs,
            ),
            encoding="utf-8",
        )
        build = [mkdocs, "build", "-q", "-f", str(config)]
        (cold, cold_cpu) = timed(build, REPO)
        (warm, warm_cpu) = timed(build, REPO)
        site_files, site_bytes, site_pages = size(work / "site")
        export = work / "export"
        timed([checker, "--cache-dir", str(cache), "site", "export", str(export),
               "--config", str(config)], REPO)  # fmt: skip
        md_files, md_bytes, _ = size(export / "docs")
        (plain, plain_cpu) = timed([mkdocs, "build", "-q", "-f", str(export / "mkdocs.yml")], REPO)
        _plain_files, plain_bytes, plain_pages = size(export / "site")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    figures = {
        "branches": args.branches,
        "dossiers": args.branches * len(YEARS),
        "jobs": args.jobs,
        "site_cold_s": round(cold, 2),
        "site_warm_s": round(warm, 2),
        "plain_s": round(plain, 2),
        "ratio_cold": round(cold / plain, 2),
        "ratio_warm": round(warm / plain, 2),
        "site_cold_cpu_s": round(cold_cpu, 2),
        "site_warm_cpu_s": round(warm_cpu, 2),
        "plain_cpu_s": round(plain_cpu, 2),
        "ratio_cold_cpu": round(cold_cpu / plain_cpu, 2),
        "ratio_warm_cpu": round(warm_cpu / plain_cpu, 2),
        "pages": site_pages,
        "plain_pages": plain_pages,
        "markdown_bytes": md_bytes,
        "markdown_files": md_files,
        "site_bytes": site_bytes,
        "site_files": site_files,
        "plain_bytes": plain_bytes,
        "html_kb_per_page": round(site_bytes / max(1, site_pages) / 1024, 1),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
    }
    OUT.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (OUT / f"site-{stamp}.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    verdict = "met" if figures["ratio_warm"] <= TARGET_RATIO else "NOT met"
    print(f"| {args.branches} branches ({figures['dossiers']} dossiers), internal scope "
          "| wall s | CPU s |")  # fmt: skip
    print("|---|---:|---:|")
    rows = [
        (f"site build, cold cache (score every dossier, -j{args.jobs})", cold, cold_cpu),
        ("site build, warm cache", warm, warm_cpu),
        ("plain `mkdocs build` of the exported pages (no plugin)", plain, plain_cpu),
        (f"ratio warm / plain (target <= {TARGET_RATIO}: {verdict})", warm / plain,
         warm_cpu / plain_cpu),
        ("ratio cold / plain", cold / plain, cold_cpu / plain_cpu),
    ]  # fmt: skip
    for label, wall, cpu in rows:
        print(f"| {label} | {wall:.2f} | {cpu:.2f} |")
    print(
        f"\n{site_pages} HTML pages, {site_bytes / 1e6:.0f} MB "
        f"({figures['html_kb_per_page']} KB a page on average)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
