"""The quarterly report as plain data: the programme as it stood on the quarter's last day."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict
from datetime import date, timedelta

from bif_cli.domain import models
from bif_cli.domain.programme import MeasureRecord, Programme, narrative_path
from bif_cli.domain.quarter import Quarter, quarter_of
from bif_cli.domain.rules_index import company_records, measure_records
from bif_cli.domain.scope import in_region
from bif_cli.domain.timeline import (
    Terms,
    area_money_at,
    cluster_status_at,
    milestone_state,
    record_furthest,
    started_by,
    state_of,
    terms_at,
)
from bif_cli.errors import Problem, UsageError
from bif_cli.outputs import breakdowns, sections
from bif_cli.outputs import overviews as overview
from bif_cli.outputs.corrections import report_corrections
from bif_cli.outputs.report_types import (
    BudgetArea,
    BudgetTotals,
    ClusterRow,
    Count,
    FunnelStage,
    MeasureRow,
    MilestoneRow,
    ProgrammeHead,
    QuarterBudget,
    QuarterlyReport,
    QuarterMeasures,
    QuarterMilestones,
    QuarterRecruitment,
    Scope,
    Summary,
    Tally,
)
from bif_cli.texts import DEFAULT_LANGUAGE

FUNNEL = ("identified", "contacted", "mapped", "agreement")


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


SUMMARY_TERMS = (
    "in_pipeline",
    "recruited_ever",
    "active",
    "main_goal_companies",
    "main_goal_clusters",
    "clusters_established",
    "measures_running",
)


def _summary(
    programme: Programme, quarter: Quarter, budget: QuarterBudget, counted: Terms
) -> Summary:
    now = asdict(counted)
    then = sections.terms(programme, quarter.first_day - timedelta(days=1))
    counts: list[Count] = [
        {"key": k, "value": now[k], "change": now[k] - then[k]} for k in SUMMARY_TERMS
    ]
    # Date ordinals; companies' from their records (none is made whole for it).
    logged = [day for _id, record in company_records(programme) for day in record[9]]
    logged += [e.date.toordinal() for c in programme.clusters.values() for e in c.log]
    if logged:  # the contact log is internal: the report shows only how many contacts
        end = quarter.last_day.toordinal()
        before = (quarter.first_day - timedelta(days=1)).toordinal()
        total, earlier = sum(d <= end for d in logged), sum(d <= before for d in logged)
        counts.append({"key": "contacts", "value": total, "change": total - earlier})
    return {
        "counts": counts,
        "terms": now,
        "frame": budget["frame"],
        "committed": budget["committed"],
        "committed_change": budget["committed"] - budget["committed_before"],
        "committed_percent": _pct(budget["committed"], budget["frame"]),
        "paid": budget["paid"],
        "paid_change": budget["paid_quarter"],
        "paid_percent": _pct(budget["paid"], budget["frame"]),
    }


def _recruitment(programme: Programme, quarter: Quarter, counted: Terms) -> QuarterRecruitment:
    end = quarter.last_day
    data = overview.recruitment(programme, end, owner_sections=False)
    # Each company's furthest status is found once; every stage counts from those.
    ordinal = end.toordinal()
    reached_ranks = [
        models.COMPANY_STATUSES.index(reached)
        for _id, record in company_records(programme)
        if (reached := record_furthest(record, ordinal)) is not None
    ]
    funnel: list[FunnelStage] = [
        {
            "stage": "recruited" if stage == "agreement" else stage,
            "count": sum(
                1 for rank in reached_ranks if rank >= models.COMPANY_STATUSES.index(stage)
            ),
        }
        for stage in FUNNEL
    ]
    # The funnel's last stage is "recruited in total" by its one definition in timeline.
    funnel[-1]["count"] = counted.recruited_ever
    exited = sum(data["counts"][s] for s in models.EXIT_STATUSES)
    moves = sections.moves(programme, quarter.first_day, quarter.last_day)
    return {**data, "funnel": funnel, "exited": exited, "moves": moves}


def _measures(programme: Programme, quarter: Quarter) -> QuarterMeasures:
    end, first = quarter.last_day.toordinal(), quarter.first_day.toordinal()
    areas = {a.id: a.name for a in programme.budget.areas} if programme.budget else {}
    lists: dict[str, list[MeasureRow]] = {
        "started": [],
        "completed": [],
        "cancelled": [],
        "granted": [],
    }

    def inside(day: int | None) -> bool:  # Quarter.contains, of a date ordinal
        return day is not None and first <= day <= end

    running: list[MeasureRecord] = []
    # Every measure as a record: a company's from its kept record (none is made whole).
    for _owner_id, owner, m in measure_records(programme):
        _kind, granted_on, start, ended, cancelled_on = m[:5]
        state = state_of(granted_on, start, ended, cancelled_on, end)
        if state == "started":
            running.append(m)
        # Most measures are in none of the quarter's lists: their rows are not built.
        started = inside(start) and started_by(start, cancelled_on, end)
        completed = state == "completed" and inside(ended)
        cancelled = state == "cancelled" and inside(cancelled_on)
        granted = inside(granted_on)
        if not (started or completed or cancelled or granted):
            continue
        area = m[7]
        row: MeasureRow = {
            "owner": owner,
            "id": m[5],
            "title": m[6],
            "kind": m[0],
            "area": area,
            "area_name": areas.get(area, area),
            "partner": m[8],
            "granted": m[9],
            "granted_on": date.fromordinal(granted_on),
            "start": None if start is None else date.fromordinal(start),
            "end": None if ended is None else date.fromordinal(ended),
        }
        for what, applies in (
            ("started", started),
            ("completed", completed),
            ("cancelled", cancelled),
            ("granted", granted),
        ):
            if applies:
                lists[what].append(row)
    for rows in lists.values():
        rows.sort(key=lambda r: (r["area"], r["kind"], overview.sort_name(r["owner"]), r["id"]))

    def tally(key: str, values: Iterable[tuple[str, str]]) -> list[Tally]:
        # Counted once per list, then read per value (not a scan of every list per value).
        started_by, completed_by = (
            Counter(r["kind"] if key == "kind" else r["area"] for r in lists[what])
            for what in ("started", "completed")
        )
        running_by = Counter(m[0] if key == "kind" else m[7] for m in running)
        result: list[Tally] = []
        for value, name in values:
            started, completed = started_by[value], completed_by[value]
            running_now = running_by[value]
            if started or completed or running_now:
                result.append(
                    {
                        "id": value,
                        "name": name,
                        "started": started,
                        "completed": completed,
                        "running": running_now,
                    }
                )
        return result

    return {
        "started": lists["started"],
        "completed": lists["completed"],
        "cancelled": lists["cancelled"],
        "granted": lists["granted"],
        "by_kind": tally("kind", ((k, k) for k in models.MEASURE_KINDS)),
        "by_area": tally("area", areas.items()),
    }


def _clusters(programme: Programme, quarter: Quarter) -> list[ClusterRow]:
    end = quarter.last_day
    regions = {r.id: r.name for r in programme.program.regions} if programme.program else {}
    names = {company_id: record[0] for company_id, record in company_records(programme)}
    rows: list[ClusterRow] = []
    for cluster_id, cluster in programme.clusters.items():
        status = cluster_status_at(cluster, end)
        if status is None:
            continue
        members = [names.get(m, m) for m in cluster.members]
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


def _budget(programme: Programme, quarter: Quarter) -> QuarterBudget:
    end, before = quarter.last_day, quarter.first_day - timedelta(days=1)
    money_before, money_end = area_money_at(programme, [before, end])
    earlier = {a.id: a for a in money_before}
    areas: list[BudgetArea] = [
        {**line, "paid_quarter": line["paid"] - earlier[line["id"]].paid}
        for line in overview.area_lines_of(money_end)
    ]
    frame = programme.budget.frame if programme.budget else 0
    allocation = sum(a["allocation"] for a in areas)
    committed, paid = sum(a["committed"] for a in areas), sum(a["paid"] for a in areas)
    totals: BudgetTotals = {
        "allocation": allocation,
        "committed": committed,
        "paid": paid,
        "paid_quarter": sum(a["paid_quarter"] for a in areas),
        "remaining": sum(a["remaining"] for a in areas),
        "committed_percent": _pct(committed, allocation),
        "paid_percent": _pct(paid, allocation),
    }
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


def _milestones(programme: Programme, quarter: Quarter) -> QuarterMilestones:
    end, following = quarter.last_day, quarter.next()
    plan = programme.milestones.milestones if programme.milestones else []
    result: QuarterMilestones = {"done": [], "overdue": [], "next": []}
    for ms in sorted(plan, key=lambda m: (m.due, m.id)):
        state = milestone_state(ms, end)
        row: MilestoneRow = {
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


def draft_reasons(narrative: str | None) -> list[str]:
    """Return why a report is a draft (text keys); an empty list means it can be final."""
    return [] if narrative is not None and narrative.strip() else ["no_narrative"]


def programme_head(programme: Programme) -> ProgrammeHead:
    """Return the programme's heading facts: names, owner, responsible, period."""
    program = programme.program
    assert program is not None
    return {
        "name": program.name,
        "full_name": program.full_name or program.name,
        "owner": program.owner,
        "responsible": program.responsible,
        "board": program.board,
        "report_to": list(program.report_to),
        "period_start": program.period.start,
        "period_end": program.period.end,
        "final_report_due": program.final_report_due,
    }


def region_scope(programme: Programme, region: str | None) -> Scope | None:
    """Return the region a report is narrowed to, or None for the whole programme."""
    if region is None or programme.program is None:
        return None
    name = next(r.name for r in programme.program.regions if r.id == region)
    return {"id": region, "name": name}


def build_report(
    programme: Programme,
    quarter: Quarter,
    warnings: list[Problem],
    narrative: str | None,
    lang: str = DEFAULT_LANGUAGE,
    *,
    region: str | None = None,
    report_date: date | None = None,
) -> QuarterlyReport:
    """Return the whole quarterly report as plain data, every figure as of the quarter's end."""
    whole = programme
    if region is not None:
        programme = in_region(programme, region)
    end = quarter.last_day
    budget = _budget(programme, quarter)
    reasons = draft_reasons(narrative)
    counted = terms_at(programme, end)
    frame = budget["frame"]
    return {
        **report_corrections(whole, "quarterly", str(quarter), end),
        "kind": "quarterly",
        "quarter": {
            "label": str(quarter),
            "number": quarter.number,
            "year": quarter.year,
            "start": quarter.first_day,
            "end": end,
            "next": str(quarter.next()),
        },
        "programme": programme_head(whole),
        "scope": region_scope(whole, region),
        "draft": bool(reasons),
        "draft_reasons": reasons,
        "summary": _summary(programme, quarter, budget, counted),
        "targets": sections.targets(programme, end, counted),
        "recruitment": _recruitment(programme, quarter, counted),
        "measures": _measures(programme, quarter),
        "clusters": _clusters(programme, quarter),
        "continuation": sections.continuation(programme, end),
        "budget": budget,
        "released": breakdowns.released(programme, quarter.first_day, end),
        "by_year": breakdowns.money_by_year(programme, end),
        "burn_up": breakdowns.burn_up(programme, end),
        # A region has no frame of its own: its chart and tables leave the frame out.
        "burn_up_frame": frame if region is None else None,
        "per_region": breakdowns.per_region(programme, end) if region is None else None,
        "per_leader": breakdowns.per_process_leader(programme, end),
        "milestones": _milestones(programme, quarter),
        "milestone_plan": sections.milestone_plan(programme, end),
        "narrative": {"path": narrative_path(quarter), "text": narrative},
        "formalities": sections.formalities(whole, report_date or end),
        # Kept for programmes' own older templates; the default templates leave warnings to
        # the terminal.
        "warnings": [p.as_dict(lang) for p in warnings if not p.is_error],
    }
