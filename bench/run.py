"""Benchmark `checker score` against the floor (read + libyaml parse), in one run.

    python bench/run.py [--sizes 1000 10000] [--jobs 2] [--seed 1]

For each size N it generates (or reuses) bench/out/n<N>-s<seed>/ with bench/generate.py,
then measures, one after the other on the same machine:

- floor: read + yaml.load(text, Loader=yaml.CSafeLoader) of every dossier.yaml, in-process;
- `checker --no-cache score TREE --format json > /dev/null` with -j1, and its ratio to the floor;
- the same with -j JOBS, and the speed-up over -j1; for comparison, the floor split over
  JOBS processes (what this machine gives for perfectly parallel parsing);
- cache: fill a fresh cache dir, change one topic in one dossier, run again (-j1): the
  re-run's time as a share of the full -j1 run (the file is restored afterwards);
- the peak RSS of each checker run (GNU time's %M: with -j the largest of the main
  process and its workers, not their sum);
- for context: python-jsonschema (Draft202012Validator with format checker, built once) on
  every dossier, jsonschema-rs on the same data, and checker's own safe loader
  (compose + build), each as total time over all N.

Before each timed step it waits (up to --quiet-wait seconds) until other processes use
fewer than --quiet-cores CPUs, and it records how many CPUs other processes kept busy during
each step (from /proc/stat), so a disturbed figure is flagged rather than silently wrong.
CPU times are shown beside wall times for the same reason.

Prints Markdown tables (per-size figures, then the targets) and writes the raw figures to
bench/out/results-<timestamp>.json (`--table-from FILE` prints the tables again). Run from
anywhere; checker runs in the repository root, so it uses ./schemas.
`--jsonschema-limit K` validates only K files with python-jsonschema (30-45 ms each) and
extrapolates. `--cache-only` measures only what the cached re-run is judged against, in one
run: the cold `score -j1`, then the cache fill and the re-run after one change.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

STEPS = ("floor", "j1", "jN", "cache_fill", "cache_rerun")

# Targets from the issue.
FLOOR_RATIO_MAX = 2.0
SPEEDUP_MIN = 1.6
CACHE_SHARE_MAX = 0.02  # issue 16: a re-run after one change within 2% of the cold run


def checker_exe() -> str:
    exe = Path(sys.executable).parent / "checker"
    return str(exe) if exe.exists() else (shutil.which("checker") or "checker")


def ensure_tree(n: int, seed: str, regen: bool) -> tuple[Path, float | None]:
    tree = OUT / f"n{n}-s{seed}"
    marker = tree / ".complete"
    stamp = json.dumps({"count": n, "seed": seed, "generator": _generator_digest()})
    if not regen and marker.is_file() and marker.read_text() == stamp:
        return tree, None
    if tree.exists():
        shutil.rmtree(tree)
    start = time.perf_counter()
    generate.generate(tree, n, seed)
    took = time.perf_counter() - start
    marker.write_text(stamp)
    return tree, took


def _generator_digest() -> str:
    import hashlib

    return hashlib.sha256((BENCH / "generate.py").read_bytes()).hexdigest()[:16]


def dossier_files(tree: Path) -> list[Path]:
    files = []
    for branch in sorted((tree / "branches").iterdir()):
        for year in sorted(p for p in branch.iterdir() if p.is_dir()):
            f = year / "dossier.yaml"
            if f.is_file():
                files.append(f)
    return files


def warm(files: list[Path]) -> None:
    for f in files:
        with open(f, "rb") as stream:
            stream.read()


def _floor_cpu(chunk: list[Path]) -> float:
    return floor(chunk)["cpu"]


def floor_parallel(files: list[Path], jobs: int) -> dict:
    """The floor split over ``jobs`` processes: how well this machine runs parsing in parallel."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    chunks = [files[i::jobs] for i in range(jobs)]
    with context.Pool(jobs) as pool:
        pool.map(abs, range(jobs))  # start the workers before the clock
        start = time.perf_counter()
        cpus = pool.map(_floor_cpu, chunks)
        wall = time.perf_counter() - start
    return {"wall": wall, "cpu": sum(cpus)}


def busy_seconds() -> float:
    """CPU seconds spent busy on all CPUs since boot (from /proc/stat; 0 where missing)."""
    try:
        with open("/proc/stat") as stream:
            values = [int(v) for v in stream.readline().split()[1:9]]
    except (OSError, ValueError):
        return 0.0
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


def wait_quiet(max_cores: float, max_wait: float, log) -> float:
    """Wait until other processes use less than ``max_cores`` CPUs; return seconds waited."""
    start = time.perf_counter()
    while True:
        before = busy_seconds()
        time.sleep(2.0)
        cores = (busy_seconds() - before) / 2.0
        waited = time.perf_counter() - start
        if cores < max_cores or waited >= max_wait:
            if waited > 5:
                log(f"    waited {waited:.0f} s for a quiet machine (others use {cores:.2f} CPUs)")
            return waited
        time.sleep(3.0)


def floor(files: list[Path]) -> dict:
    loader = yaml.CSafeLoader
    busy0, cpu0 = busy_seconds(), time.process_time()
    start = time.perf_counter()
    for f in files:
        with open(f, encoding="utf-8") as stream:
            text = stream.read()
        yaml.load(text, Loader=loader)
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu0
    others = max(0.0, busy_seconds() - busy0 - cpu)
    return {"wall": wall, "cpu": cpu, "others_cores": others / wall}


GNU_TIME = Path("/usr/bin/time")


def run_checker(args: list[str], stdout=subprocess.DEVNULL) -> dict:
    """Run checker in the repo root: wall time, CPU time, exit code and peak RSS.

    The peak RSS comes from GNU time's %M (the checker process, or with -j the largest of
    it and its workers). `os.wait4` on our own child would not do: the child is spawned
    from this process (vfork + exec) and Linux carries the spawning process's high-water
    RSS over the exec, so the figure would be this benchmark's own memory, not checker's.
    """
    cmd = [checker_exe(), *args]
    with tempfile.TemporaryFile() as errfile, tempfile.NamedTemporaryFile("r") as timefile:
        full = [str(GNU_TIME), "-f", "%M", "-o", timefile.name, *cmd] if GNU_TIME.exists() else cmd
        busy0 = busy_seconds()
        start = time.perf_counter()
        proc = subprocess.Popen(full, cwd=REPO, stdout=stdout, stderr=errfile)
        _, status, usage = os.wait4(proc.pid, 0)  # rusage of this child and its descendants
        wall = time.perf_counter() - start
        busy = busy_seconds() - busy0
        proc.returncode = os.waitstatus_to_exitcode(status)
        errfile.seek(0)
        err = errfile.read().decode("utf-8", "replace")
        lines = [line for line in timefile.read().splitlines() if line.strip()]
    if GNU_TIME.exists() and lines and lines[-1].strip().isdigit():
        maxrss_kib = int(lines[-1])
    else:  # no GNU time: the wait4 figure, an upper bound (see above)
        maxrss_kib = usage.ru_maxrss
    cpu = usage.ru_utime + usage.ru_stime
    # others_cores: CPUs kept busy by other processes meanwhile.
    return {
        "cmd": " ".join(cmd[1:]),
        "wall": wall,
        "cpu": cpu,
        "others_cores": max(0.0, busy - cpu) / wall,
        "rc": proc.returncode,
        "maxrss_mb": maxrss_kib / 1024,
        "stderr": err[-2000:],
    }


def context_validation(files: list[Path], limit: int | None) -> dict:
    """python-jsonschema and jsonschema-rs per file, plus checker's own loader; total seconds."""
    import jsonschema
    import jsonschema_rs

    from checker.core.yamlload import load_yaml

    schema = json.loads((REPO / "schemas" / "dossier.schema.json").read_text(encoding="utf-8"))
    full = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    fast = jsonschema_rs.validator_for(schema, validate_formats=True)
    chosen = files if not limit or limit >= len(files) else files[:limit]
    t_load = t_py = t_rs = 0.0
    invalid = 0
    for f in chosen:
        t0 = time.perf_counter()
        loaded = load_yaml(f, str(f), 2 << 20)
        t1 = time.perf_counter()
        ok = full.is_valid(loaded.data)
        t2 = time.perf_counter()
        fast.is_valid(loaded.data)
        t3 = time.perf_counter()
        t_load += t1 - t0
        t_py += t2 - t1
        t_rs += t3 - t2
        invalid += not ok
    scale = len(files) / len(chosen)  # extrapolated when --jsonschema-limit is smaller than N
    return {
        "files": len(chosen),
        "scale": scale,
        "checker_loader": t_load * scale,
        "jsonschema": t_py * scale,
        "jsonschema_rs": t_rs * scale,
        "invalid": invalid,
    }


def touch_one(files: list[Path]) -> tuple[Path, bytes]:
    """Change one topic string in the middle dossier; return (path, original bytes)."""
    target = files[len(files) // 2]
    original = target.read_bytes()
    text = original.decode("utf-8")
    marker = "    topic: "
    at = text.index(marker) + len(marker)
    end = text.index("\n", at)
    changed = text[:at] + text[at:end].rstrip() + "（修订）" + text[end:]
    target.write_bytes(changed.encode("utf-8"))
    return target, original


def grades(tree: str, cache_dir: Path) -> Counter:
    """Grade distribution, read from the (full) cache: untimed, only to show grades vary.

    ``tree`` must be spelled as in the timed runs (relative to the repo): the cache key
    includes the paths as given, so an absolute spelling would miss the cache.
    """
    proc = subprocess.run(
        [checker_exe(), "--cache-dir", str(cache_dir), "score", tree, "--format", "json"],
        cwd=REPO,
        capture_output=True,
        check=False,
    )
    data = json.loads(proc.stdout)
    return Counter(r["grade"] for r in data["results"])


def bench_size(
    n: int,
    seed: str,
    jobs: int,
    regen: bool,
    js_limit: int | None,
    quiet_cores: float,
    quiet_wait: float,
    log,
) -> dict:
    tree, gen_time = ensure_tree(n, seed, regen)
    rel = os.path.relpath(tree, REPO)
    files = dossier_files(tree)
    assert len(files) == n, (len(files), n)
    size_bytes = sum(f.stat().st_size for f in files)
    res: dict = {"n": n, "tree": rel, "generate_s": gen_time, "mean_kb": size_bytes / n / 1024}
    log(
        f"[{n}] tree {rel} ({f'generated in {gen_time:.1f} s' if gen_time else 'reused'}), "
        f"mean dossier {res['mean_kb']:.1f} KB"
    )

    def quiet() -> None:
        wait_quiet(quiet_cores, quiet_wait, log)

    def show(key: str, label: str) -> None:
        r = res[key]
        rss = f", rss {r['maxrss_mb']:.0f} MB, rc {r['rc']}" if "rc" in r else ""
        log(
            f"[{n}] {label}: {r['wall']:.2f} s wall, {r['cpu']:.2f} s CPU{rss}, "
            f"others busy {r['others_cores']:.2f} CPUs"
        )

    warm(files)
    quiet()
    res["floor"] = floor(files)
    show("floor", "floor")
    quiet()
    res["floor_par"] = floor_parallel(files, jobs)
    log(f"[{n}] floor in {jobs} processes: {res['floor_par']['wall']:.2f} s wall")

    quiet()
    res["j1"] = run_checker(["--no-cache", "score", rel, "--format", "json", "-j", "1"])
    show("j1", "score -j1")
    quiet()
    res["jN"] = run_checker(["--no-cache", "score", rel, "--format", "json", "-j", str(jobs)])
    show("jN", f"score -j{jobs}")

    cache_dir = Path(tempfile.mkdtemp(prefix=f"checker-bench-cache-{n}-"))
    try:
        quiet()
        res["cache_fill"] = run_checker(
            ["--cache-dir", str(cache_dir), "score", rel, "--format", "json"]
        )
        show("cache_fill", "cache fill")
        target, original = touch_one(files)
        try:
            quiet()
            res["cache_rerun"] = run_checker(
                ["--cache-dir", str(cache_dir), "score", rel, "--format", "json"]
            )
        finally:
            target.write_bytes(original)
        res["cache_changed"] = os.path.relpath(target, REPO)
        show("cache_rerun", "cached re-run")
        res["grades"] = dict(grades(rel, cache_dir))
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)

    res["context"] = context_validation(files, js_limit)
    c = res["context"]
    log(
        f"[{n}] jsonschema {c['jsonschema']:.1f} s, jsonschema-rs {c['jsonschema_rs']:.2f} s, "
        f"checker loader {c['checker_loader']:.1f} s (invalid: {c['invalid']})"
    )
    for key in ("j1", "jN", "cache_fill", "cache_rerun"):
        if res[key]["rc"] != 0:
            log(f"[{n}] WARNING {key} exited {res[key]['rc']}: {res[key]['stderr']}")
    return res


def bench_cache_only(
    n: int, seed: str, regen: bool, quiet_cores: float, quiet_wait: float, log
) -> dict:
    """The cold -j1 run, the cache fill and the re-run after one change, one after the other."""
    tree, _ = ensure_tree(n, seed, regen)
    rel = os.path.relpath(tree, REPO)
    files = dossier_files(tree)
    warm(files)
    res: dict = {"n": n, "tree": rel}
    wait_quiet(quiet_cores, quiet_wait, log)
    res["j1"] = run_checker(["--no-cache", "score", rel, "--format", "json", "-j", "1"])
    cache_dir = Path(tempfile.mkdtemp(prefix=f"checker-bench-cache-{n}-"))
    try:
        wait_quiet(quiet_cores, quiet_wait, log)
        res["cache_fill"] = run_checker(
            ["--cache-dir", str(cache_dir), "score", rel, "--format", "json"]
        )
        target, original = touch_one(files)
        try:
            wait_quiet(quiet_cores, quiet_wait, log)
            res["cache_rerun"] = run_checker(
                ["--cache-dir", str(cache_dir), "score", rel, "--format", "json"]
            )
        finally:
            target.write_bytes(original)
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)
    for key in ("j1", "cache_fill", "cache_rerun"):
        r = res[key]
        log(
            f"[{n}] {key}: {r['wall']:.2f} s wall, {r['cpu']:.2f} s CPU, rc {r['rc']}, "
            f"others busy {r['others_cores']:.2f} CPUs"
        )
    return res


def cache_table(results: list[dict], m: dict) -> str:
    lines = [
        f"Machine: {m['nproc']} CPUs ({m['cpu'] or 'unknown CPU'}), Python {m['python']}; "
        f"checker at {m['git']}",
        "",
        "| N | cold `score -j1` | cache fill | re-run, 1 dossier changed | re-run / cold (wall)"
        " | re-run / cold (CPU) | others' CPU use (cold / fill / re-run) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        j1, fill, again = r["j1"], r["cache_fill"], r["cache_rerun"]
        steps = ("j1", "cache_fill", "cache_rerun")
        busy = " / ".join(f"{r[k]['others_cores']:.2f}" for k in steps)
        lines.append(
            f"| {r['n']:,} | {j1['wall']:.2f} s ({j1['cpu']:.2f} s CPU) "
            f"| {fill['wall']:.2f} s ({fill['cpu']:.2f} s CPU) "
            f"| {again['wall']:.2f} s ({again['cpu']:.2f} s CPU) "
            f"| **{_pct(again['wall'], j1['wall'])}** | {_pct(again['cpu'], j1['cpu'])} | {busy} |"
        )
    big = max(results, key=lambda r: r["n"])
    share = big["cache_rerun"]["wall"] / big["j1"]["wall"]
    met = "met" if share <= CACHE_SHARE_MAX else "**not met**"
    lines += [
        "",
        f"Target at N = {big['n']:,}: re-run ≤ {CACHE_SHARE_MAX:.0%} of the cold run: "
        f"{share:.1%}, {met}.",
    ]
    return "\n".join(lines)


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", *args], cwd=REPO, capture_output=True, text=True, check=False
            ).stdout.strip()
        except OSError:
            return ""

    dirty = [line for line in git("status", "--porcelain", "--", "checker", "schemas").splitlines()]
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "git": git("rev-parse", "--short", "HEAD")
        + (f" (+{len(dirty)} uncommitted files in checker/ or schemas/)" if dirty else ""),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "pyyaml": yaml.__version__,
        "libyaml": getattr(yaml, "__with_libyaml__", False),
        "jsonschema": _dist_version("jsonschema"),
        "jsonschema_rs": _dist_version("jsonschema_rs"),
    }


def _dist_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def _ms(seconds: float, n: int) -> str:
    return f"{seconds:.2f} s ({seconds / n * 1000:.1f} ms/dossier)"


def _pct(part: float, whole: float) -> str:
    return f"{part / whole * 100:.1f}%"


def table(results: list[dict], jobs: int, m: dict) -> str:
    """Markdown: one column per size, then the targets judged at the largest size."""
    grade_names = ("示范", "达标", "基本达标", "不达标")
    rows: list[tuple[str, list[str]]] = []
    for r in results:
        n, floor_s = r["n"], r["floor"]["wall"]
        j1, jn = r["j1"]["wall"], r["jN"]["wall"]
        fill, again = r["cache_fill"]["wall"], r["cache_rerun"]["wall"]
        ctx = r["context"]
        note = f" (extrapolated from {ctx['files']})" if ctx["scale"] != 1 else ""
        rss = " / ".join(
            f"{r[k]['maxrss_mb']:.0f}" for k in ("j1", "jN", "cache_fill", "cache_rerun")
        )
        cells = [
            f"{r['mean_kb']:.1f} KB",
            _ms(floor_s, n),
            f"{_ms(j1, n)}, **{j1 / floor_s:.2f}× floor** "
            f"(CPU time {r['j1']['cpu'] / r['floor']['cpu']:.2f}×)",
            f"{_ms(jn, n)}, **{j1 / jn:.2f}× faster** than -j1"
            + (
                f" (the floor itself: {floor_s / r['floor_par']['wall']:.2f}× in {jobs} processes)"
                if "floor_par" in r
                else ""
            ),
            f"{fill:.2f} s ({_pct(fill, j1)} of -j1)",
            f"{again:.2f} s, **{_pct(again, j1)} of -j1**",
            f"{rss} MB",
            _ms(ctx["jsonschema"], n) + note,
            _ms(ctx["jsonschema_rs"], n),
            _ms(ctx["checker_loader"], n),
            "/".join(str(r["grades"].get(g, 0)) for g in grade_names),
            " / ".join(f"{r[k]['others_cores']:.2f}" for k in STEPS),
        ]
        rows.append((f"N = {n:,}", cells))
    labels = [
        "mean dossier.yaml",
        "floor: read + `yaml.load(CSafeLoader)`",
        "`checker --no-cache score -j1`",
        f"`checker --no-cache score -j{jobs}`",
        "cache fill (`score`, empty cache, -j1)",
        "cached re-run, 1 dossier changed (-j1)",
        f"peak RSS: -j1 / -j{jobs} / cache fill / cached re-run",
        "context: python-jsonschema, compiled once",
        "context: jsonschema-rs `is_valid`",
        "context: checker's safe loader (libyaml compose + build)",
        "grades " + "/".join(grade_names),
        f"other processes' CPU use during floor / -j1 / -j{jobs} / fill / re-run (CPUs)",
    ]
    lines = [
        f"Machine: {m['nproc']} CPUs ({m['cpu'] or 'unknown CPU'}), Python {m['python']}, "
        f"PyYAML {m['pyyaml']} (libyaml: {m['libyaml']}), jsonschema {m['jsonschema']}, "
        f"jsonschema-rs {m['jsonschema_rs']}, {m['platform']}; checker at {m['git']}",
        "",
        "| | " + " | ".join(head for head, _ in rows) + " |",
        "|---|" + "---|" * len(rows),
    ]
    for i, label in enumerate(labels):
        lines.append(f"| {label} | " + " | ".join(cells[i] for _, cells in rows) + " |")

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

    lines += [
        "",
        f"| target (at N = {big['n']:,}) | measured | |",
        "|---|---|---|",
        f"| `score` -j1 within {FLOOR_RATIO_MAX:g}× of the floor | {ratio:.2f}× "
        f"| {ok(ratio <= FLOOR_RATIO_MAX)} |",
        f"| -j{jobs} ≥ {SPEEDUP_MIN}× faster than -j1 | {speed:.2f}× "
        f"| {ok(speed >= SPEEDUP_MIN)} |",
        f"| cached re-run after one change ≤ {CACHE_SHARE_MAX:.0%} of the full run "
        f"| {share:.1%} | {ok(share <= CACHE_SHARE_MAX)} |",
        f"| peak memory flat across N (within 25%) | -j1 {arrow(rss_j1)} MB; "
        f"-j{jobs} {arrow(rss_jn)} MB | {ok(flat)} |",
    ]
    if noisy > 0.3:
        lines += [
            "",
            f"Warning: other processes kept up to {noisy:.2f} CPUs busy during a measurement; "
            "the figures above are disturbed (see the last row).",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", default="1")
    parser.add_argument("--regen", action="store_true", help="regenerate trees even if present")
    parser.add_argument(
        "--jsonschema-limit",
        type=int,
        default=None,
        metavar="K",
        help="validate only the first K files with python-jsonschema and extrapolate",
    )
    parser.add_argument(
        "--quiet-cores",
        type=float,
        default=0.3,
        metavar="C",
        help="before each timed step, wait until other processes use fewer than C CPUs",
    )
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=600,
        metavar="S",
        help="wait at most S seconds for a quiet machine (then measure anyway, flagged)",
    )
    parser.add_argument(
        "--table-from",
        type=Path,
        metavar="RESULTS.json",
        help="only print the tables again from a saved bench/out/results-*.json",
    )
    parser.add_argument(
        "--cache-only",
        action="store_true",
        help="measure only the cold -j1 run, the cache fill and the re-run after one change",
    )
    args = parser.parse_args(argv)
    if args.table_from:
        saved = json.loads(args.table_from.read_text(encoding="utf-8"))
        print(table(saved["results"], saved["jobs"], saved["machine"]))
        return 0

    OUT.mkdir(parents=True, exist_ok=True)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    m = machine()
    log(f"machine: {m}")
    if args.cache_only:
        found = [
            bench_cache_only(n, args.seed, args.regen, args.quiet_cores, args.quiet_wait, log)
            for n in args.sizes
        ]
        stamp = time.strftime("%Y%m%d-%H%M%S")
        (OUT / f"results-cache-{stamp}.json").write_text(
            json.dumps({"machine": m, "results": found}, ensure_ascii=False, indent=2),
            encoding="utf-8",
        )
        print(cache_table(found, m))
        return 0
    results = [
        bench_size(
            n,
            args.seed,
            args.jobs,
            args.regen,
            args.jsonschema_limit,
            args.quiet_cores,
            args.quiet_wait,
            log,
        )
        for n in args.sizes
    ]
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (OUT / f"results-{stamp}.json").write_text(
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
