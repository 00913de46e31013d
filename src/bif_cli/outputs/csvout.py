"""CSV that Excel with Norwegian settings opens as it is: UTF-8 with BOM, `;`, CRLF."""

from __future__ import annotations

import csv
import io
from typing import Any

from bif_cli.escape import csv_cell


def _cell(value: Any) -> Any:
    # A cell starting like a formula would run in Excel; csv_cell keeps it text.
    return "" if value is None else csv_cell(value)


def csv_bytes(header: list[str], rows: list[list[Any]]) -> bytes:
    """Return the rows as CSV bytes, text that looks like a formula kept as text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
