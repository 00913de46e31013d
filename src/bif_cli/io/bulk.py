"""Stream the register's bulk download (`enheter`, gzip JSON) and keep the programme's units."""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from bif_cli.errors import DataError

_GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class BulkResult:
    """What a bulk file held: the wanted records found (by org number) and how many units it had."""

    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    units: int = 0


def _open(path: Path) -> IO[bytes]:
    try:
        handle = path.open("rb")
        magic = handle.read(2)
        handle.seek(0)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise DataError.said("registry.bulk_unreadable", file=str(path), reason=reason) from None
    if magic == _GZIP_MAGIC:
        return gzip.GzipFile(fileobj=handle, mode="rb")  # type: ignore[return-value]
    return handle


def read_bulk(path: Path, wanted: set[str]) -> BulkResult:
    """Stream the units of a bulk file (gzip or plain JSON) and keep those with wanted numbers.

    Nothing is kept unless the whole file reads, so a cut-off download writes no snapshot.
    """
    import ijson  # type: ignore[import-untyped]

    result = BulkResult()
    with _open(path) as stream:
        try:
            for item in ijson.items(stream, "item", use_float=True):
                result.units += 1
                if not isinstance(item, dict):
                    reason = f"item {result.units} is not a unit"
                    raise DataError.said("registry.not_bulk", file=path.name, reason=reason)
                number = item.get("organisasjonsnummer")
                if isinstance(number, str) and number in wanted:
                    result.records[number] = item
        except (ijson.JSONError, ijson.IncompleteJSONError) as exc:
            detail = str(exc).splitlines()[0][:120] if str(exc) else "cut off"
            raise DataError.said("registry.not_bulk", file=path.name, reason=detail) from None
        except (OSError, EOFError, zlib.error) as exc:
            detail = str(exc) or exc.__class__.__name__
            raise DataError.said("registry.not_bulk", file=path.name, reason=detail) from None
    return result
