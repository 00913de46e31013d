"""What changed in the company register's snapshots between two programmes, in words."""

from __future__ import annotations

from typing import Any

from bif_cli.domain.compare import Change
from bif_cli.domain.programme import Programme
from bif_cli.domain.registry import Snapshot, Unit, snapshot_path, status_words

_FIELDS = (
    ("name", "name"),
    ("form_code", "organisation form"),
    ("nace_code", "NACE"),
    ("municipality", "municipality"),
    ("employees", "employees"),
)


def _since(day: Any) -> str:
    return f" since {day.strftime('%d.%m.%Y')}" if day else ""


def unit_changes(name: str, old: Unit | None, new: Unit) -> list[tuple[str, str, dict[str, Any]]]:
    """Return (kind, text, details) for each way the register's unit changed from old to new."""
    said: list[tuple[str, str, dict[str, Any]]] = []
    if old is not None:
        for attr, words in _FIELDS:
            before, after = getattr(old, attr), getattr(new, attr)
            if before != after:
                text = f"{name}: {words} in the register {before or 'none'} → {after or 'none'}"
                said.append(
                    ("register_changed", text, {"field": attr, "before": before, "after": after})
                )
    was = dict(status_words(old)) if old is not None else {}
    now = dict(status_words(new))
    for word, day in now.items():
        if word not in was or was[word] != day:
            since = day.isoformat() if day else None
            said.append(
                (
                    "register_status",
                    f"{name}: {word}{_since(day)}",
                    {"status": word, "since": since},
                )
            )
    for word in was:
        if word not in now:
            said.append(
                ("register_status", f"{name}: no longer {word}", {"status": word, "since": None})
            )
    return said


def _names(programme: Programme) -> dict[str, tuple[str, str]]:
    return {c.org_number: (cid, c.name) for cid, c in programme.companies.items()}


def _snapshot_changes(
    name: str, old: Snapshot | None, new: Snapshot | None
) -> list[tuple[str, str, dict[str, Any]]]:
    if new is None:
        return [("snapshot_removed", f"{name}: register snapshot removed", {})]
    fetched = new.fetched.isoformat()
    said: list[tuple[str, str, dict[str, Any]]] = []
    if old is None:
        said.append(
            (
                "snapshot_added",
                f"{name}: register snapshot added, fetched {fetched}",
                {"fetched": fetched},
            )
        )
    elif old.fetched != new.fetched:
        before = old.fetched.isoformat()
        said.append(
            (
                "snapshot_refreshed",
                f"{name}: register snapshot fetched {before} → {fetched}",
                {"before": before, "after": fetched},
            )
        )
    return said + unit_changes(name, old.unit if old else None, new.unit)


def registry_changes(old_p: Programme, new_p: Programme) -> list[Change]:
    """Return the register changes from old_p's snapshots to new_p's, one file at a time."""
    changes: list[Change] = []
    names = {**_names(old_p), **_names(new_p)}
    for org_number in sorted(set(old_p.registry) | set(new_p.registry)):
        old, new = old_p.registry.get(org_number), new_p.registry.get(org_number)
        company_id, company_name = names.get(org_number, ("", ""))
        known = new or old
        assert known is not None
        name = company_name or known.unit.name or org_number
        label = f"register {org_number}" + (f" ({company_id})" if company_id else "")
        for kind, text, details in _snapshot_changes(name, old, new):
            details = {"org_number": org_number, **details}
            changes.append(
                Change("registry", snapshot_path(org_number), label, kind, text, details)
            )
    return changes
