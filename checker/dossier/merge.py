"""`checker merge`: the JSON outputs of `checker score --shard I/N` put back together.

The merged document is the one an unsharded `checker score --format json` writes, byte for
byte: the results in the order of the whole run (each shard says where its results stand,
see :mod:`checker.dossier.shard`), each encoded as score encodes it. The output holds no
figure summed over shards: what a reader totals is recomputed from the merged results.
Shards that do not make up one run are refused with the reason: a shard given twice or
missing, shards of different runs (dossiers, filters, day of judging), standards or
checker versions, or a file that is not a shard's output.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from checker.core.jsonout import dumps_bytes, loads
from checker.dossier.shard import SHARD_KEY

RESULTS_KEY = "results"


class MergeError(ValueError):
    """Shards that cannot be merged; the message (Chinese) says why and names the files."""


@dataclass(frozen=True, slots=True)
class _Shard:
    name: str
    index: int
    count: int
    checker: str
    standard: tuple[str, str]
    run: str
    dossiers: int
    encoded: list[tuple[int, bytes, bool]]  # (position, the result as score encodes it, scored)


@dataclass(frozen=True, slots=True)
class Merged:
    results: list[bytes]  # each result encoded, in the order of the unsharded run
    unscored: int  # results that could not be scored (score exits 1 when there are any)


def merge(documents: Sequence[tuple[str, bytes]]) -> Merged:
    """The shards ``(name, bytes of a shard's JSON output)`` as one run's results."""
    if not documents:
        raise MergeError("没有给出要合并的分片")
    shards = [_read(name, raw) for name, raw in documents]
    first = shards[0]
    for shard in shards[1:]:
        _same(first, shard, "count", "分片总数不同", lambda s: f"共 {s.count} 片")
        _same(first, shard, "checker", "分片由不同版本的 checker 生成", lambda s: s.checker)
        _same(first, shard, "standard", "分片所用的标准不同", lambda s: " ".join(s.standard))
        _same(
            first,
            shard,
            "run",
            "分片不是同一次评分的（所查的台账、筛选条件或判定日不同）",
            lambda s: f"{s.dossiers} 份台账",
        )
    by_index: dict[int, _Shard] = {}
    for shard in shards:
        if shard.index in by_index:
            twice = by_index[shard.index]
            raise MergeError(
                f"分片 {shard.index}/{shard.count} 给了两次：{twice.name} 和 {shard.name}"
            )
        by_index[shard.index] = shard
    missing = [i for i in range(1, first.count + 1) if i not in by_index]
    if missing:
        given = "、".join(f"{i}/{first.count}" for i in sorted(by_index))
        absent = "、".join(f"{i}/{first.count}" for i in missing)
        raise MergeError(f"缺少分片 {absent}（共 {first.count} 片，给出的是 {given}）")
    placed: dict[int, tuple[bytes, bool, str]] = {}
    for shard in shards:
        for position, encoded, scored in shard.encoded:
            if position in placed:
                raise MergeError(
                    f"{placed[position][2]} 和 {shard.name} 含有同一份台账（第 {position + 1} 份）"
                )
            placed[position] = (encoded, scored, shard.name)
    ordered = [placed[p] for p in sorted(placed)]
    return Merged([e for e, _, _ in ordered], sum(not scored for _, scored, _ in ordered))


def _same(
    first: _Shard, other: _Shard, field: str, what: str, show: Callable[[_Shard], str]
) -> None:
    if getattr(first, field) != getattr(other, field):
        raise MergeError(f"{what}：{first.name} 是 {show(first)}，{other.name} 是 {show(other)}")


def _read(name: str, raw: bytes) -> _Shard:
    not_shard = f"{name} 不是 checker score --shard 序号/总数 --format json 的输出"
    try:
        document = loads(raw)
    except ValueError:
        raise MergeError(f"{not_shard}（不是 JSON）") from None
    if not isinstance(document, dict) or not isinstance(document.get(RESULTS_KEY), list):
        raise MergeError(f"{not_shard}（没有 results）")
    header = document.get(SHARD_KEY)
    if not isinstance(header, dict):
        raise MergeError(f"{not_shard}（没有分片信息 shard：是不分片的输出吗？）")
    results = document[RESULTS_KEY]
    try:
        index, count, dossiers = (_integer(header[k]) for k in ("index", "count", "dossiers"))
        standard = header["standard"]
        identity = (str(standard["id"]), str(standard["version"]))
        checker, run = str(header["checker"]), str(header["run"])
        positions = [_integer(p) for p in header["positions"]]
    except (KeyError, TypeError, ValueError):
        raise MergeError(f"{name} 的分片信息 shard 不完整或已损坏") from None
    ordered = all(a < b for a, b in pairwise(positions))
    if (
        not 1 <= index <= count
        or len(positions) != len(results)
        or not ordered
        or any(not 0 <= p < dossiers for p in positions)
        or not all(isinstance(r, dict) for r in results)
    ):
        raise MergeError(f"{name} 的分片信息 shard 与其中的结果不符（文件被改动过？）")
    encoded = [
        (p, dumps_bytes(r), r.get("scored") is not False)
        for p, r in zip(positions, results, strict=True)
    ]
    return _Shard(name, index, count, checker, identity, run, dossiers, encoded)


def _integer(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("not an integer")
    return value
