"""The quarterly report as plain data: the programme as it stood on the quarter's last day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from bif_cli.domain import models
from bif_cli.domain.programme import Programme, narrative_path
from bif_cli.domain.quarter import Quarter, quarter_of
from bif_cli.domain.timeline import (
    area_money,
    cluster_status_at,
    furthest_status_at,
    is_started,
    main_goal_count,
    measure_state,
    milestone_state,
    recruited_count,
)
from bif_cli.errors import Problem, UsageError
from bif_cli.outputs import overviews as overview
from bif_cli.texts import DEFAULT_LANGUAGE

FUNNEL = ("identified", "contacted", "mapped", "agreement")
ESTABLISHED = ("established", "completed")


def quarter_range(programme: Programme) -> tuple[Quarter, Quarter]:
    """Return the first and last quarter a report can be made for.

    From the quarter of the first milestone (or the period's start, if earlier) to the quarter
    the final report is due (or the period's end, if later).
    """
    assert programme.program is not None
    period = programme.program.period
    plan = programme.milestones.milestones if programme.milestones else []
    first = min([period.start, *(m.due for m in plan)])
    last = max(d for d in (period.end, programme.program.final_report_due) if d is not None)
    return quarter_of(first), quarter_of(last)


def check_quarter(programme: Programme, quarter: Quarter) -> None:
    """Raise a usage error naming the valid range when quarter is outside the programme's life."""
    first, last = quarter_range(programme)
    if not first <= quarter <= last:
        raise UsageError(
            f"{quarter} is outside the programme's life; "
            f"make a report for a quarter from {first} to {last}"
        )


def _pct(part: int, whole: int) -> float | None:
    return overview.percent(part, whole)


def _summary(programme: Programme, quarter: Quarter, budget: dict[str, Any]) -> dict[str, Any]:
    end, before = quarter.last_day, quarter.first_day - timedelta(days=1)

    def clusters_established(when: date) -> int:
        return sum(
            1
            for c in programme.clusters.values()
            if (s := cluster_status_at(c, when)) is not None and s[0] in ESTABLISHED
        )

    def pipeline(when: date) -> int:
        return sum(1 for c in programme.companies.values() if furthest_status_at(c, when))

    rows = [
        ("in_pipeline", pipeline(end), pipeline(before)),
        ("recruited", recruited_count(programme, end), recruited_count(programme, before)),
        ("main_goal", main_goal_count(programme, end), main_goal_count(programme, before)),
        ("clusters_established", clusters_established(end), clusters_established(before)),
    ]
    logged = [e.date for c in programme.companies.values() for e in c.log]
    logged += [e.date for c in programme.clusters.values() for e in c.log]
    if logged:  # the contact log is internal: the report shows only how many contacts
        rows.append(("contacts", sum(d <= end for d in logged), sum(d <= before for d in logged)))
    return {
        "counts": [{"key": k, "value": now, "change": now - then} for k, now, then in rows],
        "frame": budget["frame"],
        "committed": budget["committed"],
        "committed_change": budget["committed"] - budget["committed_before"],
        "committed_percent": _pct(budget["committed"], budget["frame"]),
        "paid": budget["paid"],
        "paid_change": budget["paid_quarter"],
        "paid_percent": _pct(budget["paid"], budget["frame"]),
    }


def _recruitment(programme: Programme, quarter: Quarter) -> dict[str, Any]:
    end = quarter.last_day
    data = overview.recruitment(programme, end)
    funnel = [
        {
            "stage": "recruited" if stage == "agreement" else stage,
            "count": sum(
                1
                for c in programme.companies.values()
                if (reached := furthest_status_at(c, end)) is not None
                and models.COMPANY_STATUSES.index(reached) >= models.COMPANY_STATUSES.index(stage)
            ),
        }
        for stage in FUNNEL
    ]
    exited = sum(data["counts"][s] for s in models.EXIT_STATUSES)
    moves: list[dict[str, Any]] = []
    for company_id, company in programme.companies.items():
        previous = None
        for entry in company.history:
            if quarter.contains(entry.date):
                moves.append(
                    {
                        "date": entry.date,
                        "company": company.name,
                        "id": company_id,
                        "from": previous,
                        "to": entry.status,
                        "note": entry.note,
                    }
                )
            previous = entry.status
    moves.sort(key=lambda m: (m["date"], overview.sort_name(m["company"]), m["id"]))
    return {**data, "funnel": funnel, "exited": exited, "moves": moves}


def _owner_names(programme: Programme) -> Iterable[tuple[str, list[models.Measure]]]:
    for company in programme.companies.values():
        yield company.name, company.measures
    for cluster in programme.clusters.values():
        yield cluster.name, cluster.measures
    if programme.budget is not None:
        yield "", programme.budget.costs


def _measures(programme: Programme, quarter: Quarter) -> dict[str, Any]:
    end = quarter.last_day
    areas = {a.id: a.name for a in programme.budget.areas} if programme.budget else {}
    lists: dict[str, list[dict[str, Any]]] = {
        "started": [],
        "completed": [],
        "cancelled": [],
        "granted": [],
    }
    running: list[models.Measure] = []
    for owner, measures in _owner_names(programme):
        for m in measures:
            state = measure_state(m, end)
            row = {
                "owner": owner,
                "id": m.id,
                "title": m.title,
                "kind": m.kind,
                "area": m.area,
                "area_name": areas.get(m.area, m.area),
                "partner": m.partner,
                "granted": m.granted,
                "granted_on": m.granted_on,
                "start": m.start,
                "end": m.end,
            }
            if is_started(m, end) and quarter.contains(m.start):
                lists["started"].append(row)
            if state == "completed" and quarter.contains(m.end):
                lists["completed"].append(row)
            if state == "cancelled" and quarter.contains(m.cancelled_on):
                lists["cancelled"].append(row)
            if quarter.contains(m.granted_on):
                lists["granted"].append(row)
            if state == "started":
                running.append(m)
    for rows in lists.values():
        rows.sort(key=lambda r: (r["area"], r["kind"], overview.sort_name(r["owner"]), r["id"]))

    def tally(key: str, values: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
        result = []
        for value, name in values:
            counts = {
                what: sum(1 for r in lists[what] if r[key] == value)
                for what in ("started", "completed")
            }
            counts["running"] = sum(1 for m in running if getattr(m, key) == value)
            if any(counts.values()):
                result.append({"id": value, "name": name, **counts})
        return result

    return {
        **lists,
        "by_kind": tally("kind", ((k, k) for k in models.MEASURE_KINDS)),
        "by_area": tally("area", areas.items()),
    }


def _clusters(programme: Programme, quarter: Quarter) -> list[dict[str, Any]]:
    end = quarter.last_day
    regions = {r.id: r.name for r in programme.program.regions} if programme.program else {}
    rows: list[dict[str, Any]] = []
    for cluster_id, cluster in programme.clusters.items():
        status = cluster_status_at(cluster, end)
        if status is None:
            continue
        members = [
            programme.companies[m].name if m in programme.companies else m for m in cluster.members
        ]
        rows.append(
            {
                "id": cluster_id,
                "name": cluster.name,
                "regions": [regions.get(r, r) for r in cluster.regions],
                "status": status[0],
                "since": status[1],
                "members": sorted(members, key=overview.sort_name),
            }
        )
    rows.sort(key=lambda r: (overview.sort_name(r["name"]), r["id"]))
    return rows


def _budget(programme: Programme, quarter: Quarter) -> dict[str, Any]:
    end, before = quarter.last_day, quarter.first_day - timedelta(days=1)
    earlier = {a.id: a for a in area_money(programme, before)}
    areas: list[dict[str, Any]] = [
        {**line, "paid_quarter": line["paid"] - earlier[line["id"]].paid}
        for line in overview.area_lines(programme, end)
    ]
    frame = programme.budget.frame if programme.budget else 0
    totals: dict[str, Any] = {
        key: sum(a[key] for a in areas)
        for key in ("allocation", "committed", "paid", "paid_quarter", "remaining")
    }
    totals["committed_percent"] = _pct(totals["committed"], totals["allocation"])
    totals["paid_percent"] = _pct(totals["paid"], totals["allocation"])
    return {
        "frame": frame,
        "areas": areas,
        "totals": totals,
        "allocated": totals["allocation"],
        "unallocated": frame - totals["allocation"],
        "committed": totals["committed"],
        "committed_before": sum(a.committed for a in earlier.values()),
        "paid": totals["paid"],
        "paid_quarter": totals["paid_quarter"],
        "frame_remaining": frame - totals["committed"],
        "chart_max": max([1, *(max(a["allocation"], a["committed"]) for a in areas)]),
    }


def _milestones(programme: Programme, quarter: Quarter) -> dict[str, list[dict[str, Any]]]:
    end, following = quarter.last_day, quarter.next()
    plan = programme.milestones.milestones if programme.milestones else []
    result: dict[str, list[dict[str, Any]]] = {"done": [], "overdue": [], "next": []}
    for ms in sorted(plan, key=lambda m: (m.due, m.id)):
        state = milestone_state(ms, end)
        row = {
            "id": ms.id,
            "title": ms.title,
            "due": ms.due,
            "done": ms.done if state == "done" else None,
            "responsible": ms.responsible,
        }
        if state == "done" and quarter.contains(ms.done):
            result["done"].append(row)
        if state == "overdue":
            result["overdue"].append(row)
        if state != "done" and following.contains(ms.due):
            result["next"].append(row)
    return result


def build_report(
    programme: Programme,
    quarter: Quarter,
    warnings: list[Problem],
    narrative: str | None,
    lang: str = DEFAULT_LANGUAGE,
) -> dict[str, Any]:
    """Return the whole quarterly report as plain data, every figure as of the quarter's end."""
    program = programme.program
    assert program is not None
    budget = _budget(programme, quarter)
    return {
        "quarter": {
            "label": str(quarter),
            "number": quarter.number,
            "year": quarter.year,
            "start": quarter.first_day,
            "end": quarter.last_day,
            "next": str(quarter.next()),
        },
        "programme": {
            "name": program.name,
            "full_name": program.full_name or program.name,
            "owner": program.owner,
            "responsible": program.responsible,
            "board": program.board,
            "report_to": list(program.report_to),
            "period_start": program.period.start,
            "period_end": program.period.end,
        },
        "summary": _summary(programme, quarter, budget),
        "recruitment": _recruitment(programme, quarter),
        "measures": _measures(programme, quarter),
        "clusters": _clusters(programme, quarter),
        "budget": budget,
        "milestones": _milestones(programme, quarter),
        "narrative": {"path": narrative_path(quarter), "text": narrative},
        "warnings": [p.as_dict(lang) for p in warnings if not p.is_error],
    }
