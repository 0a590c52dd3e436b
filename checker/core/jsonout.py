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


def dumps_compact(data: Any) -> bytes:
    """One line, no indentation (a string's newlines are escaped): for the cache."""
    return orjson.dumps(data)


def nested(encoded: bytes) -> bytes:
    """``dumps_bytes`` output indented as an item of a list in an object (four spaces),
    as `{"results": [...]}` holds it."""
    return encoded.replace(b"\n", b"\n    ")


def dumps(data: Any) -> str:
    return dumps_bytes(data).decode("utf-8")


def loads(raw: bytes | str) -> Any:
    return orjson.loads(raw)
