"""Check many items, in one process or spread over several, yielding the results in the
order of the items, so every output is the same bytes for the same input.

Results stream: each is yielded as soon as it and those before it are done, and none is
kept once yielded, so memory does not grow with the number of items. A worker process
builds what it needs once (``Workers.initializer``), then checks the items it is sent and
sends back a payload that pickles cheaply; the main process decodes it.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")
K = TypeVar("K")


@dataclass(frozen=True, slots=True)
class Workers(Generic[T, R]):
    """What a worker process runs; the functions are module-level, so they pickle."""

    initializer: Callable[..., None]  # called once in each worker with ``initargs``
    initargs: tuple[Any, ...]
    check: Callable[[T], Any]  # in a worker: one item to its payload
    decode: Callable[[Any], R]  # in the main process: the payload to the result


# In a worker process: the engine it built once, and how it checks an item.
_worker_engine: Any = None


def _build_engine(factory: Callable[..., Any], args: tuple[Any, ...]) -> None:
    global _worker_engine
    _worker_engine = factory(*args)


def _check_to_payload(item: Any) -> Any:
    return _worker_engine.check(item).to_payload()


def engine_workers(
    factory: Callable[..., Any], args: tuple[Any, ...], decode: Callable[[Any], R]
) -> Workers[Any, R]:
    """Workers that build ``factory(*args)`` (an engine class, which pickles by name) once
    and send back ``engine.check(item).to_payload()`` for each item."""
    return Workers(_build_engine, (factory, args), _check_to_payload, decode)


def run_in_order(
    items: Sequence[T],
    check: Callable[[T], R],
    workers: Workers[T, R],
    jobs: int = 1,
    chunk_max: int = 64,
) -> Iterator[R]:
    """``check(item)`` for every item, in order; with ``jobs`` > 1 in that many worker
    processes. Too few items to share are checked here: starting workers would cost more.
    A worker sends back up to ``chunk_max`` results at once, and the main process holds
    them until the ones before are done: items with large results want a small one."""
    if jobs <= 1 or len(items) < 2 * jobs:
        for item in items:
            yield check(item)
        return
    # fork: the workers start from the loaded modules instead of importing them again.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with context.Pool(jobs, initializer=workers.initializer, initargs=workers.initargs) as pool:
        # Chunks amortise the pickling; small enough that the ordered stream keeps moving.
        chunk = max(1, min(chunk_max, len(items) // (jobs * 8)))
        for payload in pool.imap(workers.check, items, chunksize=chunk):
            yield workers.decode(payload)


def run_known_first(
    items: Sequence[T],
    known: Callable[[T], K | None],
    load: Callable[[T, K], R],
    check: Callable[[T], R],
    workers: Workers[T, R],
    jobs: int = 1,
) -> Iterator[R]:
    """``run_in_order``, where the items whose result ``known(item)`` already finds (a key,
    cheaply: no result is held meanwhile) are ``load``-ed here and only the others are sent
    to the workers. In order, as ever."""
    keys = [known(item) for item in items]
    fresh = run_in_order(
        [item for item, key in zip(items, keys, strict=True) if key is None], check, workers, jobs
    )
    for item, key in zip(items, keys, strict=True):
        yield next(fresh) if key is None else load(item, key)
