"""Pausing the cyclic garbage collector over work that makes many small objects and no
garbage cycles worth chasing.

Parsing a file, or checking a whole points ledger (tens of thousands of nodes, records and
decimals alive at once), would otherwise set off collections that walk every one of them
again and again: a third of a ledger's time. Reference counting frees all of it as usual;
a cycle made meanwhile is collected after the pause. Pauses nest.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    if not gc.isenabled():  # an outer pause holds
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
