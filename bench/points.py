"""Benchmark `checker points` against the floor (reading and parsing its files), in one run.

    python bench/points.py [--sizes 250 1000] [--jobs 2] [--seed 1]

For each size N it generates (or reuses) bench/out/points-n<N>-s<seed>/: N branch-years with
bench/generate.py, then a busy ledger for each with bench/ledgers.py (about 30 members, 12
months, about 7.5 declarations a member-month), and measures, one after the other:

- floor: read + parse, with the project's loader (`checker.core.yamlload.load_yaml`), of
  every file `checker points` must read, in this process: each ledger's 17 files under
  points/ and the roster in its dossier.yaml (the points files alone are shown too);
- `checker --no-cache points TREE --format json > /dev/null` with -j1, and its ratio to the
  floor; the same with -j JOBS, and the speed-up over -j1 (beside it the floor split over
  JOBS processes: what this machine gives for perfectly parallel parsing);
- cache: fill a fresh cache dir (-j1), change one note in one month of one ledger, run again
  (-j1): the re-run's time as a share of the cold -j1 run (the file is restored afterwards);
- the peak RSS of each checker run at each size (GNU time's %M), to show memory is flat in N.

The waiting for a quiet machine, the measuring of other processes' CPU use and the checker
runs are bench/run.py's. Prints Markdown tables and writes the raw figures to
bench/out/points-results-<timestamp>.json (`--table-from FILE` prints the tables again).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(REPO))

import generate  # noqa: E402
import ledgers  # noqa: E402
from run import busy_seconds, checker_exe, machine, run_checker, wait_quiet  # noqa: E402

from checker.core.yamlload import load_yaml  # noqa: E402

STEPS = ("floor", "j1", "jN", "cache_fill", "cache_rerun")
FLOOR_RATIO_MAX = 2.0
SPEEDUP_MIN = 1.6
CACHE_SHARE_MAX = 0.10
MAX_BYTES = 4 << 20


def _generator_digest() -> str:
    digest = hashlib.sha256()
    for path in (BENCH / "generate.py", BENCH / "ledgers.py", REPO / "schemas" / "points.yaml"):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_tree(n: int, seed: str, regen: bool) -> tuple[Path, float | None]:
    """The tree of N branch-years with ledgers; the ledgers' seeds are spelled relative to
    the repository, so the same N and seed give the same bytes."""
    tree = OUT / f"points-n{n}-s{seed}"
    marker = tree / ".complete"
    stamp = json.dumps({"count": n, "seed": seed, "generator": _generator_digest()})
    if not regen and marker.is_file() and marker.read_text() == stamp:
        return tree, None
    if tree.exists():
        shutil.rmtree(tree)
    start = time.perf_counter()
    generate.generate(tree, n, seed)
    ledgers.write_tree(Path(os.path.relpath(tree, REPO)), seed)
    took = time.perf_counter() - start
    marker.write_text(stamp)
    return tree, took


def ledger_dirs(tree: Path) -> list[Path]:
    return sorted(p.parent for p in tree.glob("branches/*/*/points"))


def files_of(year_dir: Path) -> list[Path]:
    return [year_dir / "dossier.yaml", *sorted((year_dir / "points").glob("*.yaml"))]


def volume(dirs: list[Path]) -> dict:
    """How much the ledgers hold: members, declarations (lines), bytes; untimed."""
    members = declarations = points_bytes = 0
    for year_dir in dirs:
        roster = load_yaml(year_dir / "dossier.yaml", "d", MAX_BYTES).data["members"]
        members += len(roster)
        for path in sorted((year_dir / "points").glob("*.yaml")):
            text = path.read_text("utf-8")
            points_bytes += len(text.encode("utf-8"))
            declarations += text.count("\n  - {member:") if "-Q" not in path.name else 0
    return {
        "ledgers": len(dirs),
        "members": members,
        "declarations": declarations,
        "per_member_month": declarations / members / 12,
        "mean_points_kb": points_bytes / len(dirs) / 1024,
    }


def floor(dirs: list[Path], roster: bool = True) -> dict:
    """Read and parse every file `checker points` reads (with ``roster``: dossier.yaml too)."""
    files = [f for d in dirs for f in files_of(d) if roster or f.name != "dossier.yaml"]
    busy0, cpu0 = busy_seconds(), time.process_time()
    start = time.perf_counter()
    for path in files:
        load_yaml(path, path.name, MAX_BYTES)
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu0
    others = max(0.0, busy_seconds() - busy0 - cpu)
    return {"wall": wall, "cpu": cpu, "others_cores": others / wall, "files": len(files)}


def _floor_cpu(chunk: list[Path]) -> float:
    return floor(chunk)["cpu"]


def floor_parallel(dirs: list[Path], jobs: int) -> dict:
    import multiprocessing

    context = multiprocessing.get_context("fork")
    with context.Pool(jobs) as pool:
        pool.map(abs, range(jobs))  # start the workers before the clock
        start = time.perf_counter()
        cpus = pool.map(_floor_cpu, [dirs[i::jobs] for i in range(jobs)])
        wall = time.perf_counter() - start
    return {"wall": wall, "cpu": sum(cpus)}


def touch_one(dirs: list[Path]) -> tuple[Path, bytes]:
    """Change one declaration's note in June of the middle ledger; (path, original bytes)."""
    year_dir = dirs[len(dirs) // 2]
    target = year_dir / "points" / f"{year_dir.name}-06.yaml"
    original = target.read_bytes()
    text = original.decode("utf-8")
    at = text.index('note: "') + len('note: "')
    target.write_bytes((text[:at] + "（修订）" + text[at:]).encode("utf-8"))
    return target, original


def grades(tree: str, cache_dir: Path) -> dict:
    """Grades by points and as decided, read from the full cache: untimed."""
    proc = subprocess.run(
        [checker_exe(), "--cache-dir", str(cache_dir), "points", tree, "--format", "json"],
        cwd=REPO,
        capture_output=True,
        check=False,
    )
    data = json.loads(proc.stdout)
    members = [m for ledger in data["ledgers"] for m in ledger["members"]]
    findings = Counter(f["code"] for ledger in data["ledgers"] for f in ledger["findings"])
    return {
        "by_points": dict(Counter(m["grade"] for m in members)),
        "decided": dict(Counter(m["decided"] or "—" for m in members)),
        "findings": dict(findings),
    }


def bench_size(n: int, seed: str, jobs: int, regen: bool, quiet, log) -> dict:
    tree, gen_time = ensure_tree(n, seed, regen)
    rel = os.path.relpath(tree, REPO)
    dirs = ledger_dirs(tree)
    assert len(dirs) == n, (len(dirs), n)
    res: dict = {"n": n, "tree": rel, "generate_s": gen_time, "volume": volume(dirs)}
    v = res["volume"]
    log(
        f"[{n}] tree {rel} ({f'generated in {gen_time:.0f} s' if gen_time else 'reused'}): "
        f"{v['members']} members, {v['declarations']} declarations "
        f"({v['per_member_month']:.1f} a member-month), {v['mean_points_kb']:.0f} KB a ledger"
    )

    def show(key: str, label: str) -> None:
        r = res[key]
        rss = f", rss {r['maxrss_mb']:.0f} MB, rc {r['rc']}" if "rc" in r else ""
        log(
            f"[{n}] {label}: {r['wall']:.2f} s wall, {r['cpu']:.2f} s CPU{rss}, "
            f"others busy {r['others_cores']:.2f} CPUs"
        )

    floor(dirs)  # warm the page cache and the loader
    quiet()
    res["floor"] = floor(dirs)
    show("floor", "floor (points/ + dossier.yaml)")
    res["floor_points"] = floor(dirs, roster=False)
    show("floor_points", "floor (points/ only)")
    quiet()
    res["floor_par"] = floor_parallel(dirs, jobs)
    log(f"[{n}] floor in {jobs} processes: {res['floor_par']['wall']:.2f} s wall")

    base = ["--no-cache", "points", rel, "--format", "json"]
    quiet()
    res["j1"] = run_checker([*base, "-j", "1"])
    show("j1", "points -j1")
    quiet()
    res["jN"] = run_checker([*base, "-j", str(jobs)])
    show("jN", f"points -j{jobs}")

    cache_dir = Path(tempfile.mkdtemp(prefix=f"checker-bench-points-{n}-"))
    cached = ["--cache-dir", str(cache_dir), "points", rel, "--format", "json"]
    try:
        quiet()
        res["cache_fill"] = run_checker(cached)
        show("cache_fill", "cache fill")
        target, original = touch_one(dirs)
        try:
            quiet()
            res["cache_rerun"] = run_checker(cached)
        finally:
            target.write_bytes(original)
        res["cache_changed"] = os.path.relpath(target, REPO)
        show("cache_rerun", "cached re-run, one ledger file changed")
        res["grades"] = grades(rel, cache_dir)
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)
    for key in ("j1", "jN", "cache_fill", "cache_rerun"):
        if res[key]["rc"] not in (0, 1):  # 1: the ledgers have findings, as intended
            log(f"[{n}] WARNING {key} exited {res[key]['rc']}: {res[key]['stderr']}")
    return res


def _ms(seconds: float, n: int) -> str:
    return f"{seconds:.2f} s ({seconds / n * 1000:.1f} ms/ledger)"


def table(results: list[dict], jobs: int, m: dict) -> str:
    rows: list[tuple[str, list[str]]] = []
    for r in results:
        n, floor_s, v = r["n"], r["floor"]["wall"], r["volume"]
        j1, jn = r["j1"]["wall"], r["jN"]["wall"]
        fill, again = r["cache_fill"]["wall"], r["cache_rerun"]["wall"]
        rss = " / ".join(
            f"{r[k]['maxrss_mb']:.0f}" for k in ("j1", "jN", "cache_fill", "cache_rerun")
        )
        cells = [
            f"{v['members']:,} members, {v['declarations']:,} declarations "
            f"({v['per_member_month']:.1f} a member-month), {v['mean_points_kb']:.0f} KB a ledger",
            _ms(floor_s, n) + f" (points/ alone: {_ms(r['floor_points']['wall'], n)})",
            f"{_ms(j1, n)}, **{j1 / floor_s:.2f}× floor** "
            f"(CPU time {r['j1']['cpu'] / r['floor']['cpu']:.2f}×)",
            f"{_ms(jn, n)}, **{j1 / jn:.2f}× faster** than -j1 "
            f"(the floor itself: {floor_s / r['floor_par']['wall']:.2f}× in {jobs} processes)",
            f"{fill:.2f} s ({fill / j1:.1%} of -j1)",
            f"{again:.2f} s, **{again / j1:.1%} of -j1**",
            f"{rss} MB",
            " / ".join(f"{k} {c}" for k, c in sorted(r["grades"]["by_points"].items())),
            " / ".join(f"{r[k]['others_cores']:.2f}" for k in STEPS),
        ]
        rows.append((f"N = {n:,}", cells))
    labels = [
        "volume",
        "floor: `load_yaml` of points/*.yaml + dossier.yaml",
        "`checker --no-cache points -j1`",
        f"`checker --no-cache points -j{jobs}`",
        "cache fill (empty cache, -j1)",
        "cached re-run, 1 ledger file changed (-j1)",
        f"peak RSS: -j1 / -j{jobs} / cache fill / cached re-run",
        "grades by points",
        f"other processes' CPU use during floor / -j1 / -j{jobs} / fill / re-run (CPUs)",
    ]
    lines = [
        f"Machine: {m['nproc']} CPUs ({m['cpu'] or 'unknown CPU'}), Python {m['python']}, "
        f"PyYAML {m['pyyaml']} (libyaml: {m['libyaml']}), {m['platform']}; checker at {m['git']}",
        "",
        "| | " + " | ".join(head for head, _ in rows) + " |",
        "|---|" + "---|" * len(rows),
    ]
    for i, label in enumerate(labels):
        lines.append(f"| {label} | " + " | ".join(cells[i] for _, cells in rows) + " |")
    return "\n".join([*lines, "", *targets(results, jobs)])


def targets(results: list[dict], jobs: int) -> list[str]:
    big = max(results, key=lambda r: r["n"])
    ratio = big["j1"]["wall"] / big["floor"]["wall"]
    speed = big["j1"]["wall"] / big["jN"]["wall"]
    share = big["cache_rerun"]["wall"] / big["j1"]["wall"]
    rss_j1 = [r["j1"]["maxrss_mb"] for r in results]
    rss_jn = [r["jN"]["maxrss_mb"] for r in results]
    flat = max(rss_j1) <= 1.25 * min(rss_j1) and max(rss_jn) <= 1.25 * min(rss_jn)
    noisy = max(r[k]["others_cores"] for r in results for k in STEPS)

    def ok(flag: bool) -> str:
        return "met" if flag else "**not met**"

    def arrow(values: list[float]) -> str:
        return " → ".join(f"{v:.0f}" for v in values)

    lines = [
        f"| target (at N = {big['n']:,}) | measured | |",
        "|---|---|---|",
        f"| `points` -j1 within {FLOOR_RATIO_MAX:g}× of the floor | {ratio:.2f}× "
        f"| {ok(ratio <= FLOOR_RATIO_MAX)} |",
        f"| -j{jobs} ≥ {SPEEDUP_MIN}× faster than -j1 | {speed:.2f}× "
        f"| {ok(speed >= SPEEDUP_MIN)} |",
        f"| cached re-run after one change < {CACHE_SHARE_MAX:.0%} of the cold run "
        f"| {share:.1%} | {ok(share < CACHE_SHARE_MAX)} |",
        f"| peak memory flat across N (within 25%) | -j1 {arrow(rss_j1)} MB; "
        f"-j{jobs} {arrow(rss_jn)} MB | {ok(flat)} |",
    ]
    if noisy > 0.3:
        lines += [
            "",
            f"Warning: other processes kept up to {noisy:.2f} CPUs busy during a measurement; "
            "the figures above are disturbed (see the last row).",
        ]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 1000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", default="1")
    parser.add_argument("--regen", action="store_true", help="regenerate trees even if present")
    parser.add_argument("--quiet-cores", type=float, default=0.3, metavar="C")
    parser.add_argument("--quiet-wait", type=float, default=600, metavar="S")
    parser.add_argument("--table-from", type=Path, metavar="RESULTS.json")
    args = parser.parse_args(argv)
    if args.table_from:
        saved = json.loads(args.table_from.read_text(encoding="utf-8"))
        print(table(saved["results"], saved["jobs"], saved["machine"]))
        return 0
    os.chdir(REPO)  # the ledgers' seeds and checker's paths are relative to the repository
    OUT.mkdir(parents=True, exist_ok=True)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    def quiet() -> None:
        wait_quiet(args.quiet_cores, args.quiet_wait, log)

    m = machine()
    log(f"machine: {m}")
    results = [bench_size(n, args.seed, args.jobs, args.regen, quiet, log) for n in args.sizes]
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (OUT / f"points-results-{stamp}.json").write_text(
        json.dumps(
            {"machine": m, "jobs": args.jobs, "seed": args.seed, "results": results},
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    print(table(results, args.jobs, m))
    return 0


if __name__ == "__main__":
    sys.exit(main())
