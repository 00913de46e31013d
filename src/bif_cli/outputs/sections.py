"""The report sections every report shares: terms, targets, plans, milestones, formalities."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from bif_cli.domain.programme import Programme
from bif_cli.domain.rules_index import company_records
from bif_cli.domain.scope import in_region
from bif_cli.domain.timeline import (
    METRIC_TERMS,
    Terms,
    is_completed,
    milestone_state,
    record_flags,
    terms_at,
)
from bif_cli.outputs import overviews as overview
from bif_cli.outputs.report_types import (
    Continuation,
    ContinuationRow,
    Formalities,
    Move,
    OwnerRecruitment,
    PlannedMilestone,
    Target,
    TargetJson,
)


def terms(programme: Programme, when: date) -> dict[str, int]:
    """Return every term's one number at when, as a plain dict."""
    return asdict(terms_at(programme, when))


def targets(programme: Programme, when: date, counted: Terms | None = None) -> list[Target]:
    """Return each target with its actual value at when, its progress and its state."""
    if programme.program is None:
        return []
    counted = counted or terms_at(programme, when)
    rows: list[Target] = []
    for target in programme.program.targets:
        actual = getattr(counted, METRIC_TERMS[target.metric])
        # Once the deadline has passed, the target is judged by the value on that day.
        at_deadline = (
            getattr(terms_at(programme, target.by), METRIC_TERMS[target.metric])
            if target.by < when
            else actual
        )
        if at_deadline >= target.value:
            state = "reached"
        elif target.by < when:
            state = "missed"
        else:
            state = "open"
        rows.append(
            {
                "id": target.id,
                "title": target.title,
                "metric": target.metric,
                "value": target.value,
                "by": target.by,
                "actual": actual,
                "at_deadline": at_deadline,
                "percent": overview.percent(min(at_deadline, target.value), target.value) or 0.0,
                "state": state,
            }
        )
    return rows


def target_json(rows: list[Target]) -> list[TargetJson]:
    """Return targets in the JSON shape {id, title, metric, value, by, actual, state}."""
    return [
        {
            "id": r["id"],
            "title": r["title"],
            "metric": r["metric"],
            "value": r["value"],
            "by": r["by"].isoformat(),
            "actual": r["actual"],
            "at_deadline": r["at_deadline"],
            "state": r["state"],
        }
        for r in rows
    ]


def continuation(programme: Programme, when: date) -> Continuation:
    """Return how many completed companies and clusters have a continuation plan, and the plans."""
    # Companies as records (see domain/company_record.py): none is made whole for it.
    ordinal = when.toordinal()
    completed: list[tuple[str, str, str, str | None]] = [
        ("company", company_id, record[0], record[5])
        for company_id, record in company_records(programme)
        if record_flags(record, ordinal)[2]
    ]
    completed.extend(
        ("cluster", cluster_id, cluster.name, cluster.continuation_plan)
        for cluster_id, cluster in programme.clusters.items()
        if is_completed(cluster, when)
    )
    plans: list[ContinuationRow] = []
    without: list[ContinuationRow] = []
    for kind, owner_id, name, plan in completed:
        row: ContinuationRow = {"kind": kind, "id": owner_id, "name": name, "plan": plan}
        (plans if plan else without).append(row)
    order = {"company": 0, "cluster": 1}
    for rows in (plans, without):
        rows.sort(key=lambda r: (order[r["kind"]], overview.sort_name(r["name"]), r["id"]))
    return {
        "completed": len(plans) + len(without),
        "with_plan": len(plans),
        "plans": plans,
        "without_plan": without,
    }


def milestone_plan(programme: Programme, when: date) -> list[PlannedMilestone]:
    """Return the whole milestone plan at when: due, done and state, in order of due date."""
    plan = programme.milestones.milestones if programme.milestones else []
    rows: list[PlannedMilestone] = []
    for ms in sorted(plan, key=lambda m: (m.due, m.id)):
        state = milestone_state(ms, when)
        rows.append(
            {
                "id": ms.id,
                "title": ms.title,
                "due": ms.due,
                "done": ms.done if state == "done" else None,
                "state": state,
                "responsible": ms.responsible,
            }
        )
    return rows


def formalities(programme: Programme, report_date: date) -> Formalities:
    """Return the report's date and sender (the project leader in people)."""
    people = programme.program.people if programme.program else []
    sender = next((p for p in people if p.role == "project_leader"), None)
    return {
        "date": report_date,
        "sender": sender.name if sender else None,
        "organisation": programme.program.responsible if programme.program else None,
    }


def moves(programme: Programme, first: date, last: date) -> list[Move]:
    """Return every company's status changes dated from first to last, in date order."""
    # Companies as records (see domain/company_record.py): none is made whole for it.
    start, end = first.toordinal(), last.toordinal()
    rows: list[Move] = []
    for company_id, record in company_records(programme):
        previous = None
        for (day, status), note in zip(record[6], record[8], strict=True):
            if start <= day <= end:
                rows.append(
                    {
                        "date": date.fromordinal(day),
                        "company": record[0],
                        "id": company_id,
                        "from": previous,
                        "to": status,
                        "note": note,
                    }
                )
            previous = status
    rows.sort(key=lambda m: (m["date"], overview.sort_name(m["company"]), m["id"]))
    return rows


def recruitment_json(programme: Programme, when: date, region: str | None) -> OwnerRecruitment:
    """Return what `bif recruitment --format json` adds for the owner's reports."""
    scoped = in_region(programme, region) if region is not None else programme
    scoped_terms = terms_at(scoped, when)
    # Unscoped, the targets' terms at when are these same ones: count them once.
    counted = scoped_terms if region is None else None
    return {
        "recruited_ever": scoped_terms.recruited_ever,
        "targets": target_json(targets(programme, when, counted)),
        "continuation": continuation(scoped, when),
    }
