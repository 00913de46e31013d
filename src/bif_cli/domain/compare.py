"""Compare two loaded programmes and describe each change in words, as data."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypedDict

from bif_cli.domain import models
from bif_cli.domain.programme import BUDGET_FILE, MILESTONES_FILE, PROGRAM_FILE, Programme
from bif_cli.domain.timeline import AreaMoney, area_money, committed_at, paid_at, status_at
from bif_cli.errors import ProblemJson
from bif_cli.fmt import group_thousands, kroner

SECTIONS = ("program", "budget", "milestones", "companies", "clusters", "registry")
MONEY_FIELDS = frozenset({"granted", "allocation", "frame", "amount"})
_MEASURE_FIELDS = ("title", "kind", "area", "partner", "granted", "granted_on", "start", "end")
_ALL_DATES = date.max  # money "in the files": every grant and payment, whatever its date

Json = str | int | float | bool | None | list["Json"] | dict[str, "Json"]


class ChangeJson(TypedDict):
    """One change of `bif diff --format json`."""

    section: str
    path: str
    label: str
    kind: str
    text: str
    details: dict[str, Json]


class DeltaJson(TypedDict):
    base: int
    head: int


class AreaDelta(TypedDict):
    """A budget area whose money changed: each figure before and after (all dates)."""

    id: str
    name: str
    allocation: DeltaJson
    committed: DeltaJson
    paid: DeltaJson


class SideJson(TypedDict):
    revision: str
    commit: str | None


class ProblemChanges(TypedDict):
    introduced: list[ProblemJson]
    fixed: list[ProblemJson]


class Culprit(TypedDict):
    entry: str
    path: str
    line: int | None
    reason: str | None


class MovedFigure(TypedDict):
    """One figure already reported to the owner that has moved since."""

    record: str
    period: str
    figure: str
    figure_msg: tuple[str, ...]
    money: bool
    reported: int | str
    now: int | str
    reported_text: str
    now_text: str
    corrected: Any
    reasons: list[str]
    why: str
    culprits: list[Culprit]
    text: str


class ReportedJson(TypedDict):
    """Figures already reported to the owner that the change moves (see domain/submitted.py)."""

    title: str
    figures: list[MovedFigure]


class TemplateChange(TypedDict):
    """One report template that differs: its path and added, removed or modified."""

    path: str
    change: str


class DiffReport(TypedDict):
    """`bif diff --format json`: what changed from base to head, the data behind every format."""

    reported: ReportedJson
    base: SideJson
    head: SideJson
    as_of: str
    summary: dict[str, DeltaJson]
    changes: list[ChangeJson]
    areas: list[AreaDelta]
    templates: list[TemplateChange]
    problems: ProblemChanges


@dataclass(frozen=True)
class Change:
    """One change, said in words (text) and as data (details), grouped by the file it is in."""

    section: str
    path: str
    label: str
    kind: str
    text: str
    details: dict[str, Json] = field(default_factory=dict)

    def as_dict(self) -> ChangeJson:
        return {
            "section": self.section,
            "path": self.path,
            "label": self.label,
            "kind": self.kind,
            "text": self.text,
            "details": self.details,
        }


def show(name: str, value: Any) -> str:
    """Write a field's value for a reader: money in kroner, none for nothing, text cut at 80."""
    if value is None or value == [] or value == {}:
        return "none"
    if name in MONEY_FIELDS and isinstance(value, int):
        return kroner(value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {show(k, v)}" for k, v in value.items() if v is not None)
    if isinstance(value, list):
        return ", ".join(show(name, v) for v in value)
    text = " ".join(str(value).split())  # notes may run over several lines
    return text if len(text) <= 80 else text[:79] + "…"


def _delta(before: int, after: int) -> str:
    change = after - before
    return f" ({'+' if change > 0 else ''}{group_thousands(change)} kr)" if change else ""


def _json(value: Any) -> Json:
    if isinstance(value, models.Model):
        dumped: dict[str, Json] = value.model_dump(mode="json", exclude_none=True)
        return dumped
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


Emit = Callable[..., None]


class _Collector:
    """Collect changes for one file."""

    def __init__(self, changes: list[Change], section: str, path: str, label: str) -> None:
        self.changes, self.section, self.path, self.label = changes, section, path, label

    def __call__(self, kind: str, text: str, /, **details: Any) -> None:
        self.changes.append(
            Change(
                self.section,
                self.path,
                self.label,
                kind,
                text,
                {k: _json(v) for k, v in details.items()},
            )
        )


def _ids(before: Sequence[Any], after: Sequence[Any]) -> list[str]:
    """Ids in the new order, then the removed ones in the old order."""
    seen = [item.id for item in after]
    return list(dict.fromkeys(seen + [item.id for item in before if item.id not in seen]))


def _fields(emit: Emit, kind: str, old: Any, new: Any, names: Sequence[str], **who: Any) -> None:
    prefix = " ".join(f"{k} '{v}'" for k, v in who.items())
    for name in names:
        before, after = _json(getattr(old, name)), _json(getattr(new, name))
        if before == after:
            continue
        if isinstance(before, dict) and isinstance(after, dict):
            said = _mapping_change(before, after)
        else:
            said = f"{show(name, before)} → {show(name, after)}"
            if name in MONEY_FIELDS and isinstance(before, int) and isinstance(after, int):
                said += _delta(before, after)
        text = f"{prefix + ' ' if prefix else ''}{name}: {said}"
        emit(kind, text, **who, field=name, before=before, after=after)


def _mapping_change(before: dict[str, Any], after: dict[str, Any]) -> str:
    """Say which keys of a mapping (municipalities, contact) were added, removed or changed."""
    parts = [f"added {k}: {show(k, v)}" for k, v in after.items() if k not in before]
    parts += [f"removed {k}: {show(k, v)}" for k, v in before.items() if k not in after]
    parts += [
        f"{k} {show(k, before[k])} → {show(k, v)}"
        for k, v in after.items()
        if k in before and before[k] != v
    ]
    return "; ".join(parts)


def _measures(
    emit: Emit, before: Sequence[models.Measure], after: Sequence[models.Measure]
) -> None:
    old_by_id, new_by_id = {m.id: m for m in before}, {m.id: m for m in after}
    for mid in _ids(before, after):
        old, new = old_by_id.get(mid), new_by_id.get(mid)
        if old is None and new is not None:
            paid = paid_at(new, _ALL_DATES)
            text = (
                f"measure '{mid}' added: {new.title} ({new.kind}), {kroner(new.granted)} "
                f"granted in area {new.area} on {new.granted_on}"
            )
            text += f", {kroner(paid)} paid" if paid else ""
            text += f", cancelled on {new.cancelled_on}" if new.cancelled_on else ""
            emit(
                "measure_added",
                text,
                measure=mid,
                title=new.title,
                kind=new.kind,
                area=new.area,
                granted=new.granted,
                granted_on=new.granted_on,
                paid=paid,
                cancelled_on=new.cancelled_on,
            )
            continue
        if new is None and old is not None:
            paid = paid_at(old, _ALL_DATES)
            emit(
                "measure_removed",
                f"measure '{mid}' removed: {old.title} ({kroner(old.granted)} granted, "
                f"{kroner(paid)} paid)",
                measure=mid,
                title=old.title,
                granted=old.granted,
                paid=paid,
            )
            continue
        assert old is not None and new is not None
        _fields(emit, "measure_changed", old, new, (*_MEASURE_FIELDS, "note"), measure=mid)
        if old.cancelled_on != new.cancelled_on:
            if new.cancelled_on is not None and old.cancelled_on is None:
                released = new.granted - committed_at(new, _ALL_DATES)
                emit(
                    "measure_cancelled",
                    f"measure '{mid}' cancelled on {new.cancelled_on}, releasing "
                    f"{kroner(released)} not paid",
                    measure=mid,
                    date=new.cancelled_on,
                    released=released,
                )
            else:
                _fields(emit, "measure_changed", old, new, ("cancelled_on",), measure=mid)
        _payments(emit, mid, old, new)


def _payments(emit: Emit, mid: str, old: models.Measure, new: models.Measure) -> None:
    old_pays = Counter((p.date, p.amount) for p in old.payments)
    new_pays = Counter((p.date, p.amount) for p in new.payments)
    for (when, amount), count in sorted((new_pays - old_pays).items()):
        for _ in range(count):
            emit(
                "payment_added",
                f"measure '{mid}': {kroner(amount)} paid on {when}",
                measure=mid,
                date=when,
                amount=amount,
            )
    for (when, amount), count in sorted((old_pays - new_pays).items()):
        for _ in range(count):
            emit(
                "payment_removed",
                f"measure '{mid}': payment of {kroner(amount)} on {when} removed",
                measure=mid,
                date=when,
                amount=amount,
            )


def _listed(emit: Emit, what: str, before: Sequence[Any], after: Sequence[Any], names: Any) -> None:
    """Compare lists of things with ids (regions, people, areas): added, removed, changed."""
    old_by_id, new_by_id = {x.id: x for x in before}, {x.id: x for x in after}
    for item_id in _ids(before, after):
        old, new = old_by_id.get(item_id), new_by_id.get(item_id)
        if old is None or new is None:
            item = new if new is not None else old
            assert item is not None
            verb = "added" if old is None else "removed"
            text = f"{what} '{item_id}' {verb}: {item.name}"
            emit(f"{what}_{verb}", text, **{what: item_id}, name=item.name)
        else:
            _fields(emit, f"{what}_changed", old, new, names, **{what: item_id})


def _history(emit: Emit, before: Sequence[Any], after: Sequence[Any]) -> None:
    old_keys = Counter((e.date, e.status) for e in before)
    old_notes = {(e.date, e.status): e.note for e in before}
    for index, entry in enumerate(after):
        key = (entry.date, entry.status)
        if old_keys[key] > 0:
            old_keys[key] -= 1
            if old_notes.get(key) != entry.note:
                emit(
                    "history_note",
                    f"note on '{entry.status}' of {entry.date}: {show('note', entry.note)}",
                    date=entry.date,
                    status=entry.status,
                    note=entry.note,
                )
            continue
        previous = after[index - 1].status if index > 0 else None
        moved = f"{previous} → {entry.status}" if previous else entry.status
        note = f" ({show('note', entry.note)})" if entry.note else ""
        emit(
            "status",
            f"status: {moved} on {entry.date}{note}",
            date=entry.date,
            status=entry.status,
            previous=previous,
            note=entry.note,
        )
    for (when, status), count in sorted(old_keys.items()):
        for _ in range(count):
            emit(
                "history_removed",
                f"history entry removed: {status} on {when}",
                date=when,
                status=status,
            )


_COMPANY_FIELDS = tuple(
    name for name in models.Company.model_fields if name not in ("history", "measures")
)
_CLUSTER_FIELDS = ("name", "region", "facilitator", "continuation_plan", "next_action", "log")


SameFile = Callable[[str], bool]


def _entities(
    changes: list[Change],
    section: str,
    old_p: Programme,
    new_p: Programme,
    today: date,
    same: SameFile | None = None,
) -> None:
    company = section == "companies"
    what = "company" if company else "cluster"
    olds: dict[str, Any] = old_p.companies if company else old_p.clusters
    news: dict[str, Any] = new_p.companies if company else new_p.clusters
    old_broken = old_p.broken_companies if company else old_p.broken_clusters
    new_broken = new_p.broken_companies if company else new_p.broken_clusters
    path_of = Programme.company_path if company else Programme.cluster_path
    for entity_id in sorted(set(olds) | set(news) | old_broken | new_broken):
        old, new = olds.get(entity_id), news.get(entity_id)
        known = new if new is not None else old
        label = f"{what} {entity_id}" + (f" ({known.name})" if known is not None else "")
        emit = _Collector(changes, section, path_of(entity_id), label)
        if entity_id in old_broken or entity_id in new_broken:
            side = "HEAD" if entity_id in new_broken else "BASE"
            emit("unreadable", f"not compared: the file has errors at {side}", side=side.lower())
            continue
        if old is None or new is None:
            item = new if new is not None else old
            assert item is not None
            verb = "added" if old is None else "removed"
            current = status_at(item.history, date.max)
            state = f"{current[0]} since {current[1]}" if current else "no status"
            emit(
                f"{what}_{verb}",
                f"{what} {verb}: {item.name}, {state}",
                id=entity_id,
                name=item.name,
                status=current[0] if current else None,
                since=current[1] if current else None,
            )
            if old is None:
                _measures(emit, [], item.measures)
            continue
        if old is new or (same is not None and same(emit.path)) or old == new:
            continue  # most files are the same at both revisions: nothing to say, field by field
        _fields(emit, f"{what}_changed", old, new, _COMPANY_FIELDS if company else _CLUSTER_FIELDS)
        _history(emit, old.history, new.history)
        if not company:
            for member in [m for m in new.members if m not in old.members]:
                emit("member_added", f"member added: {member}", member=member)
            for member in [m for m in old.members if m not in new.members]:
                emit("member_removed", f"member removed: {member}", member=member)
        _measures(emit, old.measures, new.measures)


def _single(emit: Emit, path: str, old: Any, new: Any, old_p: Programme, new_p: Programme) -> bool:
    """Say whether both sides of a single file can be compared; otherwise say why not."""
    if old is not None and new is not None:
        return True
    in_old, in_new = path in old_p.sources, path in new_p.sources
    if in_old and old is None or in_new and new is None:
        side = "HEAD" if in_new and new is None else "BASE"
        emit("unreadable", f"not compared: the file has errors at {side}", side=side.lower())
    elif in_new and not in_old:
        emit("file_added", f"{path} added", file=path)
    elif in_old and not in_new:
        emit("file_removed", f"{path} removed", file=path)
    return False


def _program(changes: list[Change], old_p: Programme, new_p: Programme) -> None:
    emit = _Collector(changes, "program", PROGRAM_FILE, "programme")
    old, new = old_p.program, new_p.program
    if not _single(emit, PROGRAM_FILE, old, new, old_p, new_p):
        return
    assert old is not None and new is not None
    scalars = [n for n in models.Program.model_fields if n not in ("regions", "people")]
    _fields(emit, "program_changed", old, new, scalars)
    _listed(emit, "region", old.regions, new.regions, ("name", "municipalities"))
    _listed(emit, "person", old.people, new.people, ("name", "role", "email"))


def _newest_entry(old: Any, new: Any) -> models.AllocationEntry | None:
    """Return the latest dated allocation entry that new has and old has not (a decision)."""
    before = old if isinstance(old, list) else []
    added = [e for e in (new if isinstance(new, list) else []) if e not in before]
    return max(added, key=lambda e: e.from_) if added else None


def _budget(changes: list[Change], old_p: Programme, new_p: Programme) -> None:
    emit = _Collector(changes, "budget", BUDGET_FILE, "budget")
    old, new = old_p.budget, new_p.budget
    if not _single(emit, BUDGET_FILE, old, new, old_p, new_p):
        return
    assert old is not None and new is not None
    if old.frame != new.frame:
        emit(
            "frame",
            f"frame: {kroner(old.frame)} → {kroner(new.frame)}{_delta(old.frame, new.frame)}",
            before=old.frame,
            after=new.frame,
        )
    for item in old.areas:
        match = next((a for a in new.areas if a.id == item.id), None)
        if match is not None and match.allocation != item.allocation:
            was, now = item.allocation_at(_ALL_DATES), match.allocation_at(_ALL_DATES)
            decision = _newest_entry(item.allocation, match.allocation)
            since = ""
            if decision is not None:
                since = f" from {decision.from_}" + (f" ({decision.ref})" if decision.ref else "")
            emit(
                "allocation",
                f"area {item.id} ({match.name}) allocation: {kroner(was)} → "
                f"{kroner(now)}{_delta(was, now)}{since}",
                area=item.id,
                before=was,
                after=now,
                **({} if decision is None else {"since": decision.from_, "ref": decision.ref}),
            )
    _listed(emit, "area", old.areas, new.areas, ("name", "responsible"))
    old_funds = Counter((f.source, f.amount) for f in old.funding)
    new_funds = Counter((f.source, f.amount) for f in new.funding)
    for verb, diff in (("added", new_funds - old_funds), ("removed", old_funds - new_funds)):
        for (source, amount), _count in sorted(diff.items()):
            emit(
                f"funding_{verb}",
                f"funding {verb}: {source}, {kroner(amount)}",
                source=source,
                amount=amount,
            )
    _measures(emit, old.costs, new.costs)


def _milestones(changes: list[Change], old_p: Programme, new_p: Programme) -> None:
    emit = _Collector(changes, "milestones", MILESTONES_FILE, "milestones")
    old_plan, new_plan = old_p.milestones, new_p.milestones
    if not _single(emit, MILESTONES_FILE, old_plan, new_plan, old_p, new_p):
        return
    assert old_plan is not None and new_plan is not None
    old_by_id = {m.id: m for m in old_plan.milestones}
    new_by_id = {m.id: m for m in new_plan.milestones}
    for mid in _ids(old_plan.milestones, new_plan.milestones):
        old, new = old_by_id.get(mid), new_by_id.get(mid)
        if old is None or new is None:
            item = new if new is not None else old
            assert item is not None
            verb = "added" if old is None else "removed"
            emit(
                f"milestone_{verb}",
                f"milestone '{mid}' {verb}: {item.title}, due {item.due}",
                milestone=mid,
                title=item.title,
                due=item.due,
            )
            continue
        if old.due != new.due:
            days = (new.due - old.due).days
            emit(
                "milestone_moved",
                f"milestone '{mid}' moved {abs(days)} days {'later' if days > 0 else 'earlier'}:"
                f" due {old.due} → {new.due}",
                milestone=mid,
                before=old.due,
                after=new.due,
                days=days,
            )
        if new.done is not None and old.done is None:
            emit(
                "milestone_done",
                f"milestone '{mid}' done on {new.done}",
                milestone=mid,
                date=new.done,
            )
        elif new.done is None and old.done is not None:
            emit(
                "milestone_reopened",
                f"milestone '{mid}' no longer done (was done on {old.done})",
                milestone=mid,
                was=old.done,
            )
        names = ("title", "responsible", "note") + (("done",) if old.done and new.done else ())
        _fields(emit, "milestone_changed", old, new, names, milestone=mid)


def compare(
    old: Programme, new: Programme, today: date, same: SameFile | None = None
) -> list[Change]:
    """Return every change from old to new, by file: programme, budget, milestones, entities.

    same, when given, tells whether a file's bytes are the same at both sides: such a file
    cannot have changed, so it is not compared field by field.
    """
    changes: list[Change] = []
    _program(changes, old, new)
    _budget(changes, old, new)
    _milestones(changes, old, new)
    _entities(changes, "companies", old, new, today, same)
    _entities(changes, "clusters", old, new, today, same)
    from bif_cli.domain.registry_compare import registry_changes  # it builds on Change

    changes.extend(registry_changes(old, new))
    return changes


@dataclass(frozen=True)
class Delta:
    """A number before and after."""

    base: int
    head: int

    def as_dict(self) -> DeltaJson:
        return {"base": self.base, "head": self.head}


def money_by_area(
    old: Programme,
    new: Programme,
    money: tuple[list[AreaMoney], list[AreaMoney]] | None = None,
) -> list[AreaDelta]:
    """Return allocation, committed and paid per area (all dates) where any of them changed.

    money: area_money(old, date.max) and area_money(new, date.max), when the caller has them.
    """
    if money is None:
        money = area_money(old, _ALL_DATES), area_money(new, _ALL_DATES)
    before = {a.id: a for a in money[0]}
    after = {a.id: a for a in money[1]}
    rows: list[AreaDelta] = []
    for area_id in list(dict.fromkeys([*after, *before])):
        b, a = before.get(area_id), after.get(area_id)
        known = a if a is not None else b
        deltas = {
            key: Delta(getattr(b, key) if b else 0, getattr(a, key) if a else 0)
            for key in ("allocation", "committed", "paid")
        }
        if any(d.base != d.head for d in deltas.values()):
            name = known.name if known is not None else area_id
            rows.append(
                {
                    "id": area_id,
                    "name": name,
                    "allocation": deltas["allocation"].as_dict(),
                    "committed": deltas["committed"].as_dict(),
                    "paid": deltas["paid"].as_dict(),
                }
            )
    return rows
