"""`checker score --shard I/N`: one part of the dossiers, for one job of a CI matrix.

A branch belongs to shard ``hash(code) mod N + 1`` (SHA-256 of the branch code, the name of
its folder), whatever other branches there are: adding or removing a branch moves no other,
and both years of a branch are always in the same shard. A shard's JSON output is that of
`checker score --format json` for its dossiers, followed by a ``shard`` object that lets
`checker merge` put the shards back together (see :mod:`checker.dossier.merge`): which shard
of how many, where each result stands among all the dossiers of the run, the standard and
tool version, and a digest of the run (the dossiers, the filters, the day of judging).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from checker.core.paths import display
from checker.dossier.layout import DossierRef

SHARD_KEY = "shard"
_FORM = re.compile(r"^\s*([0-9]+)\s*/\s*([0-9]+)\s*$")
MAX_SHARDS = 1000


class ShardError(ValueError):
    """A --shard value that is not I/N with 1 ≤ I ≤ N; the message is in Chinese."""


@dataclass(frozen=True, slots=True)
class Shard:
    index: int  # 1-based
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def admits(self, ref: DossierRef) -> bool:
        return shard_of(ref.branch_dir.name, self.count) == self.index


def parse_shard(text: str) -> Shard:
    """``I/N`` as a Shard; ShardError (Chinese) for anything else."""
    match = _FORM.match(text)
    if match is None:
        raise ShardError(f"“{text}”不是“序号/总数”形式的分片，例如 2/4（第 2 片，共 4 片）")
    index, count = int(match.group(1)), int(match.group(2))
    if not 1 <= count <= MAX_SHARDS:
        raise ShardError(f"分片总数应在 1 到 {MAX_SHARDS} 之间，“{text}”的总数是 {count}")
    if not 1 <= index <= count:
        raise ShardError(f"分片序号应在 1 到 {count} 之间，“{text}”的序号是 {index}")
    return Shard(index, count)


def shard_of(code: str, count: int) -> int:
    """The shard (1-based, of ``count``) that the branch ``code`` belongs to."""
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def pick(refs: Sequence[DossierRef], shard: Shard) -> list[tuple[int, DossierRef]]:
    """The dossiers of ``shard``, each with its position among all of ``refs``."""
    return [(at, ref) for at, ref in enumerate(refs) if shard.admits(ref)]


def run_digest(refs: Iterable[DossierRef], *parts: str) -> str:
    """What makes shards parts of one run: every dossier of it (as shown) and ``parts``
    (tool version, standard, day of judging, filters)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") + b"\0")
    for ref in refs:
        digest.update(display(ref.dossier).encode("utf-8") + b"\n")
    return digest.hexdigest()


def trailer(
    shard: Shard,
    *,
    dossiers: int,
    positions: list[int],
    standard: dict[str, str],
    version: str,
    run: str,
) -> dict:
    """The ``shard`` object that follows a shard's results in its JSON output."""
    return {
        "index": shard.index,
        "count": shard.count,
        "checker": version,
        "standard": dict(standard),
        "run": run,
        "dossiers": dossiers,
        "positions": positions,
    }
