"""What the site's overview pages read of a scored dossier, kept small for a city's worth.

The home page, rankings, directory, downloads, badges, weakness analysis, assessment and
codes pages read a result's headline and, of each item, its score and the codes of the
findings that cost it points; only a branch's own page (and the exemplars' gallery) reads
the rest. A brief holds just that, in a few objects per item with the values that repeat
(item ids, sources, codes, scores) shared, so that 20,000 dossiers fit in tens of MB, and
the full result is read again from the cache when a page about the branch is made.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from decimal import Decimal

from checker.dossier.results import BranchFacts, DossierResult, _dec

_SHARED: dict[object, object] = {}


def _shared(value):  # type: ignore[no-untyped-def]
    """One object for equal values (Decimals, tuples of codes) across all briefs; by repr,
    so that Decimal("2.0") and Decimal("2") stay apart."""
    return _SHARED.setdefault(repr(value), value)


@dataclass(frozen=True, slots=True)
class ItemBrief:
    id: str
    score: Decimal
    max: Decimal
    source: str  # auto | self | review
    codes: tuple[str, ...]  # of the item's findings, distinct, in order
    na: bool


@dataclass(slots=True)
class ResultBrief:
    branch: str
    year: int
    file: str
    name: str
    placement: dict[str, str]
    scored: bool
    total: Decimal
    max: Decimal
    grade: str
    compliant: bool
    vetoed: bool
    items: tuple[ItemBrief, ...]
    facts: BranchFacts | None  # the counts the assessment reads


def brief(result: DossierResult) -> ResultBrief:
    try:  # decoded already (a result just scored)
        decoded = object.__getattribute__(result, "items")
    except AttributeError:  # read from the cache: from what it keeps for briefs, else the dict
        if result.brief_source is not None:
            items = tuple(map(_from_row, result.brief_source["items"]))
        else:
            items = tuple(_from_dict(item) for item in result.source["items"])
    else:
        items = tuple(
            _item(item.id, item.score, item.max, item.source, [f.code for f in item.findings],
                  item.na)
            for item in decoded
        )  # fmt: skip
    return ResultBrief(
        branch=result.branch,
        year=int(result.year or 0),
        file=result.file,
        name=result.name,
        placement=dict(result.placement),
        scored=result.scored,
        total=result.total,
        max=result.max,
        grade=sys.intern(result.grade),
        compliant=result.compliant,
        vetoed=result.vetoed,
        items=items,
        facts=result.facts,
    )


def _item(
    item_id: str, score: Decimal, top: Decimal, source: str, codes: list[str], na: bool
) -> ItemBrief:
    return ItemBrief(
        sys.intern(item_id),
        _shared(score),
        _shared(top),
        sys.intern(source),
        _shared(tuple(dict.fromkeys(sys.intern(c) for c in codes))),
        na,
    )


_ROWS: dict[tuple, ItemBrief] = {}


def _from_row(row: list) -> ItemBrief:
    """An item as ``DossierResult.to_cache_entry`` keeps it for briefs: [id, score, max,
    source, codes, na]. A city's items take few distinct rows: each is made once."""
    item_id, score, top, source, codes, na = row
    key = (item_id, repr(score), repr(top), source, tuple(codes), na)  # 2 and 2.0 apart
    found = _ROWS.get(key)
    if found is None:
        found = _ROWS[key] = _item(item_id, _decimal(score), _decimal(top), source, codes, na)
    return found


def _from_dict(item: dict) -> ItemBrief:
    """As ``results.item_from_dict`` reads an item, for the fields a brief keeps."""
    return _item(
        item["id"],
        _decimal(item["score"]),
        _decimal(item["max"]),
        item["source"],
        [f["code"] for f in item["findings"]],
        item["na"],
    )


# As results reads a number, once per distinct value: scores repeat across a city's items.
_decimal = functools.lru_cache(maxsize=4096)(_dec)
