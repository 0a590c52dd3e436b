"""Where `checker score` spends its time, stage by stage, without a profiler's overhead.

    python bench/stages.py TREE [--limit N] [--memory]

Runs the engine in-process over the dossiers of TREE (as `checker --no-cache score
--format json > /dev/null` does) with light wrappers (two CPU-clock reads per call) around
the stages of the pipeline, and prints each stage's exclusive time as a share of the whole.
Then times a few alternatives on the same files (no-op YAML resolver, C JSON encoder,
orjson, cache key) to size the suggested speed-ups. With --memory, reports RSS growth and
the top tracemalloc growth between the first 10% and the end of the run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
os.chdir(REPO)
sys.path.insert(0, str(REPO))

import checker.cli.check as cli_check  # noqa: E402
import checker.core.schema as schema_mod  # noqa: E402
import checker.core.yamlload as yamlload  # noqa: E402
import checker.dossier.bundle as bundle_mod  # noqa: E402
import checker.dossier.engine as engine_mod  # noqa: E402
from checker.dossier.layout import discover  # noqa: E402

# CPU time of this process: stage shares stay right when other processes compete for the CPU.
CLOCK = time.process_time
TOTALS: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)
_stack: list[list[float]] = []  # per active wrapper: [child time]


def timed(label: str, func):
    def wrapper(*args, **kwargs):
        _stack.append([0.0])
        start = CLOCK()
        try:
            return func(*args, **kwargs)
        finally:
            took = CLOCK() - start
            children = _stack.pop()[0]
            TOTALS[label] += took - children
            CALLS[label] += 1
            if _stack:
                _stack[-1][0] += took

    wrapper.__wrapped__ = func
    return wrapper


def patch(owner, name: str, label: str) -> None:
    if hasattr(owner, name):  # the checker moves on; skip stages it no longer has
        setattr(owner, name, timed(label, getattr(owner, name)))


def install() -> None:
    patch(yamlload, "read_text", "read + decode YAML files")
    patch(
        yamlload._Composer,
        "get_single_node",
        "libyaml compose (C parser + Python resolve/Node objects)",
    )
    patch(yamlload, "parse_yaml", "build Python values from nodes (_Builder)")
    patch(bundle_mod, "read_text", "read narratives (summary.md)")
    patch(schema_mod.SchemaSet, "validate", "schema validation (jsonschema-rs is_valid)")
    patch(engine_mod, "load_bundle", "load_bundle rest (stat branch/review, sort findings)")
    patch(bundle_mod, "_check_dossier", "_check_dossier (refs, dates, members)")
    patch(bundle_mod, "_check_evidence", "_check_evidence (check_path, locate)")
    patch(bundle_mod, "check_path", "evidence_files.check_path")
    patch(engine_mod, "score_bundle", "score_bundle (facts, rules)")
    patch(engine_mod.Engine, "_check", "Engine._check rest (result object)")
    patch(engine_mod.DossierResult, "to_dict", "DossierResult.to_dict")
    patch(cli_check, "dumps_bytes", "JSON encoding of each result (jsonout.dumps_bytes)")
    if hasattr(cli_check, "json"):  # older checker: the standard library's encoder
        patch(cli_check.json, "dumps", "json.dumps(indent=2) of each result")


def run(tree: Path, limit: int | None, memory: bool) -> tuple[float, int]:
    refs, _ = discover([tree])
    if limit:
        refs = refs[:limit]
    engine = engine_mod.Engine(Path("schemas"))
    snapshots = []
    if memory:
        import tracemalloc

        tracemalloc.start(12)
    rss = []

    def results():
        for i, ref in enumerate(refs):
            yield engine.check(ref)
            if memory and i in (len(refs) // 10, len(refs) - 1):
                import tracemalloc

                snapshots.append(tracemalloc.take_snapshot())
            if i in (len(refs) // 10, len(refs) - 1):
                rss.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)

    real_stdout = sys.stdout
    with open(os.devnull, "w", encoding="utf-8") as devnull:
        sys.stdout = devnull
        start = CLOCK()
        try:
            cli_check.write_json(results())
        finally:
            sys.stdout.flush()
            sys.stdout = real_stdout
        wall = CLOCK() - start
    if memory:
        import tracemalloc

        tracemalloc.stop()
        print(f"peak RSS after 10%: {rss[0]:.0f} MB, at the end: {rss[-1]:.0f} MB")
        if len(snapshots) == 2:
            stats = snapshots[1].compare_to(snapshots[0], "traceback")
            print("top tracemalloc growth between 10% and 100% of the run:")
            for stat in stats[:5]:
                print(f"  {stat.size_diff / 1024:+.0f} KiB in {stat.count_diff:+d} blocks")
                for line in stat.traceback.format()[-6:]:
                    print("     ", line)
    return wall, len(refs)


def alternatives(tree: Path, n: int) -> list[tuple[str, float]]:
    """Time suggested replacements on the same files, per dossier (ms)."""
    import yaml
    import yaml.cyaml
    from yaml.resolver import BaseResolver

    from checker.dossier.cache import cache_key
    from checker.dossier.layout import discover as disc
    from checker.dossier.results import result_from_dict

    refs, _ = disc([tree])
    refs = refs[:n]
    texts = [r.dossier.read_text(encoding="utf-8") for r in refs]
    out: list[tuple[str, float]] = []

    def per(label, func):
        start = CLOCK()
        for t in texts:
            func(t)
        out.append((label, (CLOCK() - start) / len(texts) * 1000))

    class FastResolver(BaseResolver):
        DEFAULT_SCALAR_TAG = yamlload.PLAIN_TAG

        def descend_resolver(self, current_node, current_index):
            pass

        def ascend_resolver(self):
            pass

        def resolve(self, kind, value, implicit):
            if kind is yaml.ScalarNode:
                return yamlload.PLAIN_TAG
            return "tag:yaml.org,2002:seq" if kind is yaml.SequenceNode else "tag:yaml.org,2002:map"

    class FastComposer(yamlload._Parser, FastResolver):
        def __init__(self, stream):
            yamlload._Parser.__init__(self, stream)
            FastResolver.__init__(self)

    def compose(cls):
        def go(text):
            c = cls(text)
            try:
                return c.get_single_node()
            finally:
                c.dispose()

        return go

    per("floor: yaml.load(CSafeLoader)", lambda t: yaml.load(t, Loader=yaml.CSafeLoader))
    per("compose, current _Composer", compose(yamlload._Composer.__mro__[0]))
    per("compose, no-op resolve/descend/ascend", compose(FastComposer))
    per("compose+build, current parse_yaml", lambda t: yamlload.parse_yaml.__wrapped__(t, "x"))

    def events_only(text):
        parser = yaml.cyaml.CParser(text)
        try:
            while parser.check_event():
                parser.get_event()
        finally:
            parser.dispose()

    per("libyaml events only (CParser.get_event loop)", events_only)

    engine = engine_mod.Engine(Path("schemas"))
    dicts = [engine.check(r).to_dict() for r in refs]
    raw_dumps = getattr(json.dumps, "__wrapped__", json.dumps)
    for label, kwargs in (
        ("json.dumps(indent=2) (stdlib: pure-Python encoder when indenting)", {"indent": 2}),
        ("json.dumps compact (C encoder)", {"separators": (",", ":")}),
    ):
        start = CLOCK()
        for d in dicts:
            raw_dumps(d, ensure_ascii=False, **kwargs)
        out.append((label, (CLOCK() - start) / len(dicts) * 1000))
    try:
        import orjson

        start = CLOCK()
        for d in dicts:
            orjson.dumps(d, option=orjson.OPT_INDENT_2)
        out.append(("orjson.dumps(OPT_INDENT_2)", (CLOCK() - start) / len(dicts) * 1000))
    except ImportError:
        pass
    start = CLOCK()
    for d in dicts:
        result_from_dict(d).to_dict()
    out.append(
        (
            "result_from_dict + to_dict (cache hit / -j round trip)",
            (CLOCK() - start) / len(dicts) * 1000,
        )
    )
    start = CLOCK()
    for r in refs:
        try:
            cache_key(r, engine.standard.digest, engine.today)
        except TypeError:  # older signature (ref, standard digest, version, today)
            cache_key(r, engine.standard.digest, "0", engine.today)
    out.append(
        (
            "cache_key (hash dossier, branch, organization; walk year dir)",
            (CLOCK() - start) / len(refs) * 1000,
        )
    )
    blobs = [json.dumps(d, ensure_ascii=False) for d in dicts]
    start = CLOCK()
    for b in blobs:
        json.loads(b)
    out.append(("json.loads of a cached result", (CLOCK() - start) / len(blobs) * 1000))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--memory", action="store_true")
    parser.add_argument("--no-alternatives", action="store_true")
    args = parser.parse_args()
    install()
    wall, n = run(args.tree.resolve(), args.limit, args.memory)
    accounted = sum(TOTALS.values())
    print(f"\n{n} dossiers, {wall:.2f} s CPU in-process ({wall / n * 1000:.2f} ms/dossier)\n")
    print("| stage (exclusive time) | calls | ms/dossier | share |")
    print("|---|---|---|---|")
    for label, total in sorted(TOTALS.items(), key=lambda kv: -kv[1]):
        print(f"| {label} | {CALLS[label]} | {total / n * 1000:.2f} | {total / wall * 100:.1f}% |")
    rest = wall - accounted
    print(
        f"| other (engine.check, cache lookup, loop, output writes) | | {rest / n * 1000:.2f} | "
        f"{rest / wall * 100:.1f}% |"
    )
    if not args.no_alternatives:
        print("\n| alternative, same files | ms/dossier |")
        print("|---|---|")
        for label, ms in alternatives(args.tree.resolve(), min(n, 300)):
            print(f"| {label} | {ms:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
