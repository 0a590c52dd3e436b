"""Tables as files a reader downloads from a site: CSV for Excel and WPS, JSON for programs.

CSV is UTF-8 with a byte-order mark (without it Excel and WPS read Chinese as GBK and show
garbage) and CRLF line ends. Content is hostile: a cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return would run as a formula in a spreadsheet (CSV
injection), so it gets a leading apostrophe, which spreadsheets show as text. Numbers are
ours and written as they are. Both formats are deterministic: same rows, same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence

Scalar = str | int | float | bool | None
BOM = "\ufeff"
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Scalar) -> str:
    """One cell as text: numbers as they are, text made safe for a spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Scalar]]) -> bytes:
    """A CSV file: BOM, a header row, then the rows."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in headers])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return (BOM + out.getvalue()).encode("utf-8")


def json_bytes(document: Mapping[str, object]) -> bytes:
    """A JSON file: UTF-8, Chinese as it is, keys in the order given, one newline at the end."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


__all__ = ["BOM", "csv_bytes", "csv_cell", "json_bytes"]
