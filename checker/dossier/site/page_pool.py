"""Branch pages made in worker processes, for a build that finds few of them kept.

Making a branch page (reading its results again, scanning its text, writing the page) is
most of a build without kept pages, and each page is made from the build's data alone. The
workers are forked once that data is gathered, so they share it without pickling it; each
makes its pages into the page store (page_store) and sends back only whether it did. The
build then goes through the branches in order as ever and finds each page in the store,
with the privacy findings, pictures and card face it was made with: what the site says and
publishes does not depend on which process made a page. A page a worker could not make or
keep is made by the build itself.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

# In a worker: what to make, set by the build process just before it forks.
_job: tuple[Callable[[object], object], Sequence[object]] | None = None


def _make(index: int) -> bool:
    assert _job is not None
    make, items = _job
    try:
        make(items[index])
    except Exception:  # the build makes this page itself, and reports why
        return False
    return True


def make_in_workers(make: Callable[[T], object], items: Sequence[T], jobs: int) -> int:
    """``make(item)`` for every item in ``jobs`` forked processes (in no set order); how
    many were made there. Nothing is made (0) with one job, fewer items than two a job (the
    build's process makes those faster than workers start) or no fork."""
    global _job
    if jobs <= 1 or len(items) < 2 * jobs:
        return 0
    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    _job = (make, items)  # type: ignore[assignment]
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            chunk = max(1, min(16, len(items) // (jobs * 8)))
            return sum(pool.imap_unordered(_make, range(len(items)), chunksize=chunk))
    finally:
        _job = None
