"""The write guard: a write that dates an entry inside a reported period needs --correction."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bif_cli.errors import DataError

if TYPE_CHECKING:
    from bif_cli.io.edit import Change

# The fields that date an entry, and the lists whose entries are dated (DESIGN.md: a payment,
# a measure, a history entry, a milestone, an allocation entry).
DATE_FIELDS = ("date", "granted_on", "start", "end", "cancelled_on", "done", "from")
ENTRY_LISTS = frozenset(
    {"history", "measures", "costs", "payments", "milestones", "allocation", "allocations"}
)
_ORDER = ("date", "status", "amount", "note", "ref", "correction")


@dataclass(frozen=True)
class DatedEntry:
    """An entry the write adds or changes, where it is in the file, and the dates it sets."""

    loc: tuple[str | int, ...]
    dates: tuple[date, ...]


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _counterpart(item: Any, old_list: list[Any], index: int) -> Any:
    if isinstance(item, dict) and "id" in item:
        return next(
            (o for o in old_list if isinstance(o, dict) and o.get("id") == item["id"]), None
        )
    if item in old_list:
        return item
    return None


def changed_entries(old: Any, new: Any, loc: tuple[str | int, ...] = ()) -> list[DatedEntry]:
    """Return the dated entries new adds or changes against old, deepest entries first."""
    found: list[DatedEntry] = []
    if isinstance(new, dict):
        old_map = old if isinstance(old, dict) else {}
        for key, value in new.items():
            if key in ENTRY_LISTS and isinstance(value, list):
                old_list = old_map.get(key) if isinstance(old_map.get(key), list) else []
                for index, item in enumerate(value):
                    before = _counterpart(item, old_list or [], index)
                    if before == item:
                        continue
                    found += changed_entries(before, item, (*loc, key, index))
                    if isinstance(item, dict):
                        dates = tuple(
                            day
                            for name in DATE_FIELDS
                            if (day := _as_date(item.get(name))) is not None
                            and (not isinstance(before, dict) or before.get(name) != item.get(name))
                        )
                        if dates:
                            found.append(DatedEntry((*loc, key, index), dates))
    return found


def guard_submitted(root: Path, change: Change, today: date, correction: str | None) -> Change:
    """Refuse a write that dates an entry inside a reported period, unless it says why.

    With a reason, the reason is stored on each such entry as `correction: {reason, recorded}`.
    Every writing command passes its change through here before it is checked and written.
    """
    from bif_cli.domain.submitted import SUBMITTED_DIR, closed_until, record_covering
    from bif_cli.io.roundtrip import Document, flow_map
    from bif_cli.io.store import load_programme
    from bif_cli.io.yamlio import load_bytes

    if not (root / SUBMITTED_DIR).is_dir() or change.rel.startswith(SUBMITTED_DIR):
        return change
    programme, _problems = load_programme(root)
    until = closed_until(programme)
    if until is None:
        return change
    old = load_bytes(change.old).data if change.old is not None else {}
    new = load_bytes(change.new).data
    inside = [
        e
        for e in changed_entries(old, new)
        if any(d <= until for d in e.dates) and not _has_correction(new, e.loc)
    ]
    if not inside:
        return change
    if correction is None or not correction.strip():
        day = min(d for e in inside for d in e.dates if d <= until)
        record = record_covering(programme, day)
        assert record is not None
        rel = next(r for r, rec in programme.submitted.items() if rec is record)
        raise DataError.said("submit.guard", date=day.isoformat(), period=record.period, record=rel)
    reason = " ".join(correction.split())
    doc = Document(change.new, change.rel)
    for entry in inside:
        doc.set_key(
            entry.loc,
            "correction",
            flow_map(("reason", reason), ("recorded", today)),
            _order_for(entry.loc),
        )
    return replace(change, new=doc.dump(), old=change.old)


def _has_correction(data: Any, loc: tuple[str | int, ...]) -> bool:
    """Tell whether the entry at loc already says why (a hand edit, or a guarded write)."""
    for part in loc:
        data = data[part]
    return isinstance(data, dict) and data.get("correction") is not None


def _order_for(loc: tuple[str | int, ...]) -> tuple[str, ...]:
    from bif_cli.domain import models

    kind = next((part for part in reversed(loc) if isinstance(part, str)), "")
    model: Any = {
        "history": models.HistoryEntry,
        "payments": models.Payment,
        "measures": models.Measure,
        "costs": models.Measure,
        "milestones": models.Milestone,
    }.get(kind)
    return tuple(model.model_fields) if model is not None else _ORDER
