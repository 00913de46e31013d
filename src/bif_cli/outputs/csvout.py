"""CSV that Excel with Norwegian settings opens as it is: UTF-8 with BOM, `;`, CRLF."""

from __future__ import annotations

import csv
import io
from typing import Any

# A cell starting like a formula would run in Excel; a leading apostrophe keeps it text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def csv_bytes(header: list[str], rows: list[list[Any]]) -> bytes:
    """Return the rows as CSV bytes, text that looks like a formula kept as text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
