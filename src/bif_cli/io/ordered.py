"""Insert a dated entry (payment, history, log, allocation) into its list in date order."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from bif_cli.io.roundtrip import Document


def insert_dated(
    doc: Document,
    loc: Sequence[str | int],
    item: Any,
    when: date,
    order: Sequence[str],
    date_key: str = "date",
) -> None:
    """Put item into the list at loc after every entry dated on or before when.

    An entry of the same date goes after the ones already there, so typing order breaks ties.
    """
    parent, mirror = doc.node(loc[:-1])
    entries = mirror.get(loc[-1]) if isinstance(mirror, dict) else None
    dates = [str(e.get(date_key, "")) for e in entries or [] if isinstance(e, dict)]
    typed = when.isoformat()
    # ISO dates sort as text; a file that loads cleanly has nothing else there.
    index = next((i for i, d in enumerate(dates) if d > typed), len(dates))
    if not entries or index == len(entries):
        doc.append(loc, item, order)
    else:
        doc.insert(loc, index, item)
