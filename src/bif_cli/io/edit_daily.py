"""The day-to-day edits: cancel a measure, next actions, contact log, people, regions, areas."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from bif_cli.domain import models
from bif_cli.domain.programme import BUDGET_FILE, MILESTONES_FILE, PROGRAM_FILE, Programme
from bif_cli.domain.timeline import paid_at
from bif_cli.fmt import date_nb
from bif_cli.io.edit import MEASURE_KEYS, Change, Owner
from bif_cli.io.ordered import insert_dated
from bif_cli.io.roundtrip import Document, block_map, flow_map, flow_seq, quoted
from bif_cli.texts import say

PROGRAM_KEYS = tuple(models.Program.model_fields)
BUDGET_KEYS = tuple(models.Budget.model_fields)
AREA_KEYS = tuple(models.Area.model_fields)
MILESTONE_PLAN_KEYS = tuple(models.MilestonePlan.model_fields)


def _open(root: Path, rel: str) -> Document:
    return Document((root / rel).read_bytes(), rel)


def _like_the_others(doc: Document, loc: tuple[str, ...], *pairs: tuple[str, Any]) -> Any:
    """Build a new list entry on one line, or one key a line when the last entry is so."""
    parent, _mirror = doc.node(loc[:-1])
    entries = parent.get(loc[-1])
    if entries and isinstance(entries[-1], CommentedMap) and not entries[-1].fa.flow_style():
        return block_map(*pairs)
    return flow_map(*pairs)


def released_by_cancelling(measure: models.Measure, when: date) -> int:
    """Return what cancelling the measure at when releases: granted but not paid by then."""
    return measure.granted - min(measure.granted, paid_at(measure, when))


def cancel_measure(
    root: Path, owner: Owner, measure_id: str, when: date, lang: str = "en"
) -> Change:
    """Set a measure's cancelled_on; the summary says how much money it releases."""
    index, measure = next((i, m) for i, m in enumerate(owner.measures) if m.id == measure_id)
    doc = _open(root, owner.rel)
    doc.set_key((owner.measures_key, index), "cancelled_on", when, MEASURE_KEYS)
    released = released_by_cancelling(measure, when)
    summary = say(
        "daily.cancelled",
        lang,
        file=owner.rel,
        measure=measure_id,
        day=date_nb(when),
        released=released,
        granted=measure.granted,
        paid=paid_at(measure, when),
    )
    return Change(owner.rel, doc.old_bytes, doc.dump(), summary)


def set_next_action(
    root: Path, owner: Owner, what: str | None, due: date | None, lang: str = "en"
) -> Change:
    """Set (or, with what None, clear) the next action of a company or cluster."""
    doc = _open(root, owner.rel)
    if what is None:
        doc.remove_key((), "next_action")
        summary = say("daily.next_action_cleared", lang, file=owner.rel)
    else:
        action = flow_map(("what", what), ("due", due))
        doc.set_key((), "next_action", action, owner.keys)
        if due is None:
            summary = say("daily.next_action", lang, file=owner.rel, what=what)
        else:
            summary = say(
                "daily.next_action_due", lang, file=owner.rel, what=what, due=date_nb(due)
            )
    return Change(owner.rel, doc.old_bytes, doc.dump(), summary)


def add_log(
    root: Path, owner: Owner, when: date, text: str, by: str | None, lang: str = "en"
) -> Change:
    """Add a dated contact to the log of a company or cluster, in date order."""
    doc = _open(root, owner.rel)
    entry = flow_map(("date", when), ("text", text), ("by", by))
    insert_dated(doc, ("log",), entry, when, owner.keys)
    summary = say("daily.logged", lang, file=owner.rel, day=date_nb(when))
    return Change(owner.rel, doc.old_bytes, doc.dump(), summary)


def set_leader(root: Path, owner: Owner, person: str, lang: str = "en") -> Change:
    """Set a company's process leader, or a cluster's facilitator."""
    key = "process_leader" if owner.kind == "company" else "facilitator"
    doc = _open(root, owner.rel)
    doc.set_key((), key, person, owner.keys)
    summary = say(f"daily.{key}", lang, file=owner.rel, person=person)
    return Change(owner.rel, doc.old_bytes, doc.dump(), summary)


def add_person(
    root: Path, person_id: str, name: str, role: str, email: str | None, lang: str = "en"
) -> Change:
    """Add a person to program.yaml."""
    doc = _open(root, PROGRAM_FILE)
    person = _like_the_others(
        doc, ("people",), ("id", person_id), ("name", name), ("role", role), ("email", email)
    )
    doc.append(("people",), person, PROGRAM_KEYS)
    summary = say("daily.person", lang, file=PROGRAM_FILE, person=person_id, name=name, role=role)
    return Change(PROGRAM_FILE, doc.old_bytes, doc.dump(), summary)


def add_region(
    root: Path, region_id: str, name: str, municipalities: dict[str, str], lang: str = "en"
) -> Change:
    """Add a region with its municipalities (number: name) to program.yaml."""
    doc = _open(root, PROGRAM_FILE)
    towns = flow_map(*((quoted(code), town) for code, town in municipalities.items()))
    region = _like_the_others(
        doc, ("regions",), ("id", region_id), ("name", name), ("municipalities", towns)
    )
    doc.append(("regions",), region, PROGRAM_KEYS)
    summary = say(
        "daily.region",
        lang,
        file=PROGRAM_FILE,
        region=region_id,
        name=name,
        count=len(municipalities),
    )
    return Change(PROGRAM_FILE, doc.old_bytes, doc.dump(), summary)


def add_milestone(
    root: Path,
    milestone_id: str,
    title: str,
    due: date,
    responsible: str | None,
    lang: str = "en",
) -> Change:
    """Add a milestone to milestones.yaml."""
    doc = _open(root, MILESTONES_FILE)
    milestone = _like_the_others(
        doc,
        ("milestones",),
        ("id", milestone_id),
        ("title", title),
        ("due", due),
        ("responsible", responsible),
    )
    doc.append(("milestones",), milestone, MILESTONE_PLAN_KEYS)
    summary = say(
        "daily.milestone", lang, file=MILESTONES_FILE, milestone=milestone_id, due=date_nb(due)
    )
    return Change(MILESTONES_FILE, doc.old_bytes, doc.dump(), summary)


def add_area(
    root: Path,
    area_id: str,
    name: str,
    allocation: int,
    responsible: str | None,
    lang: str = "en",
) -> Change:
    """Add a budget area to budget.yaml."""
    doc = _open(root, BUDGET_FILE)
    area = _like_the_others(
        doc,
        ("areas",),
        ("id", area_id),
        ("name", name),
        ("allocation", allocation),
        ("responsible", responsible),
    )
    doc.append(("areas",), area, BUDGET_KEYS)
    summary = say(
        "daily.area", lang, file=BUDGET_FILE, area=area_id, name=name, allocation=allocation
    )
    return Change(BUDGET_FILE, doc.old_bytes, doc.dump(), summary)


def set_allocation(
    root: Path,
    programme: Programme,
    area_id: str,
    amount: int,
    decided: date,
    ref: str | None,
    lang: str = "en",
) -> Change:
    """Give an area a new allocation from a date, keeping the old one as dated history.

    A plain number becomes a list whose first entry is dated at the programme's start.
    """
    assert programme.budget is not None and programme.program is not None
    index, area = next((i, a) for i, a in enumerate(programme.budget.areas) if a.id == area_id)
    doc = _open(root, BUDGET_FILE)
    entry = flow_map(("from", decided), ("amount", amount), ("ref", ref))
    before = area.allocation_at(decided)
    if isinstance(area.allocation, int):
        start = programme.program.period.start
        first = flow_map(("from", start), ("amount", area.allocation))
        # A decision from the programme's start (or before) replaces the first figure outright.
        entries = [first, entry] if decided > start else [entry]
        doc.set_key(("areas", index), "allocation", flow_seq(entries), AREA_KEYS)
    else:
        insert_dated(doc, ("areas", index, "allocation"), entry, decided, AREA_KEYS, "from")
    summary = say(
        "daily.allocation",
        lang,
        file=BUDGET_FILE,
        area=area_id,
        before=before,
        after=amount,
        day=date_nb(decided),
        ref=f" ({ref})" if ref else "",
    )
    return Change(BUDGET_FILE, doc.old_bytes, doc.dump(), summary)
