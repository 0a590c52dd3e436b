"""JSON for output and the cache: orjson, indented, UTF-8, the same bytes for the same data.

The standard library encodes indented JSON in pure Python, which cost more than scoring
itself on large runs; orjson writes the same text far faster.
"""

from __future__ import annotations

from typing import Any

import orjson

_OPTIONS = orjson.OPT_INDENT_2


def dumps_bytes(data: Any) -> bytes:
    return orjson.dumps(data, option=_OPTIONS)


def dumps(data: Any) -> str:
    return dumps_bytes(data).decode("utf-8")


def loads(raw: bytes | str) -> Any:
    return orjson.loads(raw)
