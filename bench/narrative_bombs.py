"""Renderer bombs: how long a narrative takes to render, family by family, at two sizes.

    python bench/narrative_bombs.py [--sizes 8,64] [--repeat 3] [--unbounded]

Each family is a small text that Python-Markdown handles badly when it is unbounded (deep
recursion, or a scan from every opener to the end of the paragraph). Two versions of each
are timed: the *bomb* (what ``checker validate`` refuses with F008: one paragraph of it) and
the *worst under the limits* (as many openers or levels as the limits allow in a paragraph,
paragraphs repeated up to the size). For the second, time per KB must stay flat from one
size to the next: that is what makes rendering linear. ``--unbounded`` also times the bombs
themselves through the renderer (slow: minutes at 64 KB; the site never does this, it refuses
them with F008 first).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checker.core import narrative_limits
from checker.core.narrative_limits import DEFAULTS

Family = Callable[[int], str]  # openers or levels in one paragraph -> that paragraph


def _nested_list(levels: int) -> str:
    return "".join(" " * (4 * i) + "- 一项\n" for i in range(levels))


def _quotes(levels: int) -> str:
    return ">" * levels + " 引用\n"


def _backticks(runs: int) -> str:  # runs of different lengths, none closed
    return " ".join("`" * (i % 40 + 1) + "码" for i in range(runs)) + "\n"


FAMILIES: dict[str, tuple[str, Family]] = {
    "definition list": ("definitions", lambda n: "术语\n: 解释\n" * n),
    "nested list": ("depth", _nested_list),
    "nested quote": ("depth", _quotes),
    "[ run": ("brackets", lambda n: "[" * n + "\n"),
    "![ run": ("brackets", lambda n: "![" * n + "\n"),
    "[a run": ("brackets", lambda n: "[甲" * n + "\n"),
    "<b> run": ("angles", lambda n: "<b>" * n + "\n"),
    "<a run": ("unclosed_tags", lambda n: "<a " * n + "\n"),
    "<http run": ("unclosed_tags", lambda n: "<http://a " * n + "\n"),
    "a<b run": ("unclosed_tags", lambda n: "甲<b " * n + "\n"),
    "&#106; run": ("entities", lambda n: "&#106;" * n + "\n"),
    "backtick runs": ("backtick_runs", _backticks),
}

FILLER = "党支部认真落实标准化建设各项要求，全年组织集中学习十二次。"


def bomb(family: str, size: int) -> str:
    """One paragraph of ``family``, ``size`` bytes or a little more: over the limits."""
    _limit, make = FAMILIES[family]
    count = 1
    while len(make(count).encode()) < size:
        count *= 2
    low, high = count // 2, count
    while low < high:  # the smallest count that reaches size
        mid = (low + high) // 2
        if len(make(mid).encode()) < size:
            low = mid + 1
        else:
            high = mid
    return make(high)


def under_limits(family: str, size: int, limits: dict[str, int] = DEFAULTS) -> str:
    """Paragraphs with as many openers (or levels) as the limits allow, up to ``size`` bytes:
    the worst that ``checker validate`` lets through."""
    limit, make = FAMILIES[family]
    allowed = limits[limit]
    if limit == "depth":
        allowed -= 1  # the marker on the deepest line counts as a level too
    paragraph = make(allowed)
    if limit == "unclosed_tags":  # a limit on the whole narrative: all of them at its start,
        # then paragraphs as full of closed tags as a paragraph may be
        rest = FAMILIES["<b> run"][1](limits["angles"]).rstrip("\n") + FILLER * 8 + "\n\n"
        count = max(1, (size - len(paragraph.encode())) // len(rest.encode()))
        return paragraph + "\n" + rest * count
    if limit in ("brackets", "angles", "backtick_runs", "entities"):
        paragraph = paragraph.rstrip("\n") + FILLER * 8 + "\n"  # a long paragraph costs most
    block = paragraph + "\n"
    return block * max(1, size // len(block.encode()))


def timed(text: str, repeat: int = 1) -> float:
    """The best of ``repeat`` renderings (the machine is shared: the best is the cost)."""
    from checker.core.site.sanitize import render_narrative

    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        render_narrative(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="8,64", help="sizes in KB (default 8,64)")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs (default 3)")
    parser.add_argument("--unbounded", action="store_true", help="also time the bombs themselves")
    args = parser.parse_args()
    sizes = [int(s) * 1024 for s in args.sizes.split(",")]
    timed("热身")  # the converter is built once
    print(f"{'family':16} {'size':>6} {'F008':>5} {'under limits':>13} {'ms/KB':>7}", end="")
    print(f" {'bomb':>9} {'ms/KB':>8}" if args.unbounded else "")
    worst = 0.0
    for family in FAMILIES:
        for size in sizes:
            refused = bool(narrative_limits.scan(bomb(family, size), DEFAULTS))
            text = under_limits(family, size)
            assert not narrative_limits.scan(text, DEFAULTS), family
            seconds = timed(text, args.repeat)
            per_kb = seconds * 1000 / (len(text.encode()) / 1024)
            worst = max(worst, per_kb)
            line = f"{family:16} {size // 1024:>4}KB {'yes' if refused else 'NO':>5}"
            line += f" {seconds:>11.3f}s {per_kb:>7.2f}"
            if args.unbounded:
                raw = bomb(family, size)
                try:
                    from checker.core.site.sanitize import _converter

                    start = time.perf_counter()
                    _converter().convert(raw)
                    spent = time.perf_counter() - start
                    line += f" {spent:>8.2f}s {spent * 1000 / (len(raw.encode()) / 1024):>8.1f}"
                except RecursionError:
                    line += f" {'RecursionError':>18}"
                finally:
                    _converter().reset()
            print(line, flush=True)
    print(f"worst case under the limits: {worst:.2f} ms per KB")


if __name__ == "__main__":
    main()
