"""Breakdowns and money: per region, per process leader, per year, burn-up, released."""

from __future__ import annotations

from datetime import date, timedelta

from bif_cli.domain import models
from bif_cli.domain.programme import Programme
from bif_cli.domain.quarter import quarter_of
from bif_cli.domain.timeline import (
    all_measures,
    company_flags,
    in_main_goal,
    money_at,
    released_at,
)
from bif_cli.outputs import overviews as overview
from bif_cli.outputs.report_types import (
    BudgetJson,
    BurnUpPoint,
    CompanyCounts,
    LeaderLine,
    PerLeader,
    PerRegion,
    RegionLine,
    Released,
    ReleasedJson,
    ReleasedMeasure,
    YearMoney,
)


def _money(measures: list[models.Measure], when: date) -> tuple[int, int]:
    return money_at(measures, [when])[0]


def _company_counts(companies: list[models.Company], when: date) -> CompanyCounts:
    totals = [0, 0, 0, 0, 0]
    for company in companies:
        for index, flag in enumerate(company_flags(company, when)):
            totals[index] += flag
    recruited, active, completed, exited, main_goal = totals
    return {
        "recruited_ever": recruited,
        "active": active,
        "completed": completed,
        "exited": exited,
        "main_goal_companies": main_goal,
    }


def per_region(programme: Programme, when: date) -> PerRegion:
    """Return companies by state, the main goal and the money per region.

    A region's money is its companies' and its one-region clusters'; clusters that span
    regions and programme-level costs are lines of their own, so the lines add up.
    """
    rows: list[RegionLine] = []
    regions = programme.program.regions if programme.program else []
    by_region: dict[str, list[models.Company]] = {}
    for company in programme.companies.values():
        by_region.setdefault(company.region, []).append(company)
    for region in regions:
        companies = by_region.get(region.id, [])
        clusters = [c for c in programme.clusters.values() if c.regions == [region.id]]
        owners: list[models.Company | models.Cluster] = [*companies, *clusters]
        measures = [m for o in owners for m in o.measures]
        committed, paid = _money(measures, when)
        including = [c for c in programme.clusters.values() if region.id in c.regions]
        rows.append(
            {
                "id": region.id,
                "name": region.name,
                **_company_counts(companies, when),
                "main_goal_clusters": sum(1 for c in including if in_main_goal(c, when)),
                "committed": committed,
                "paid": paid,
            }
        )
    shared = [c for c in programme.clusters.values() if len(c.regions) > 1]
    shared_money = _money([m for c in shared for m in c.measures], when)
    costs_money = _money(list(programme.budget.costs) if programme.budget else [], when)
    lines = [(r["committed"], r["paid"]) for r in rows] + [shared_money, costs_money]
    return {
        "regions": rows,
        "shared_clusters": {"committed": shared_money[0], "paid": shared_money[1]},
        "costs": {"committed": costs_money[0], "paid": costs_money[1]},
        "total": {"committed": sum(c for c, _ in lines), "paid": sum(p for _, p in lines)},
    }


def per_process_leader(programme: Programme, when: date) -> PerLeader:
    """Return per process leader the companies they follow by state, the main goal and money.

    A company counts for its process leader, a cluster for its facilitator; those with
    neither share one line, and programme-level costs are a line of their own.
    """
    people = programme.program.people if programme.program else []
    leaders = [p for p in people if p.role == "process_leader"]
    known = {p.id for p in leaders}
    followed: dict[str | None, list[models.Company | models.Cluster]] = {}
    for company in programme.companies.values():
        key = company.process_leader if company.process_leader in known else None
        followed.setdefault(key, []).append(company)
    for cluster in programme.clusters.values():
        key = cluster.facilitator if cluster.facilitator in known else None
        followed.setdefault(key, []).append(cluster)

    def row(person_id: str | None, name: str | None) -> LeaderLine:
        owners = followed.get(person_id, [])
        companies = [o for o in owners if isinstance(o, models.Company)]
        clusters = [o for o in owners if isinstance(o, models.Cluster)]
        committed, paid = _money([m for o in owners for m in o.measures], when)
        return {
            "id": person_id,
            "name": name,
            "companies": sum(1 for c in companies if c.history[0].date <= when),
            **_company_counts(companies, when),
            "clusters": sum(1 for c in clusters if c.history[0].date <= when),
            "main_goal_clusters": sum(1 for c in clusters if in_main_goal(c, when)),
            "committed": committed,
            "paid": paid,
        }

    rows = [row(p.id, p.name) for p in leaders]
    if followed.get(None):
        rows.append(row(None, None))
    costs = _money(list(programme.budget.costs) if programme.budget else [], when)
    return {
        "leaders": rows,
        "costs": {"committed": costs[0], "paid": costs[1]},
        "total": {
            "committed": sum(r["committed"] for r in rows) + costs[0],
            "paid": sum(r["paid"] for r in rows) + costs[1],
        },
    }


def money_by_year(programme: Programme, when: date) -> list[YearMoney]:
    """Return committed and paid per year of the programme up to when: in the year and to date."""
    if programme.program is None:
        return []
    first = programme.program.period.start.year
    last = min(max(programme.program.period.end.year, first), when.year)
    measures = list(all_measures(programme))
    years = list(range(first, last + 1))
    ends = [date(first - 1, 12, 31), *(min(date(y, 12, 31), when) for y in years)]
    money = money_at(measures, ends)
    # released_at is 0 for a measure never cancelled, so only the cancelled ones are summed.
    cancelled = [m for m in measures if m.cancelled_on is not None]
    released_by = [sum(released_at(m, end) for m in cancelled) for end in ends]
    rows: list[YearMoney] = []
    for index, year in enumerate(years, start=1):
        (committed, paid), (committed_before, paid_before) = money[index], money[index - 1]
        rows.append(
            {
                "year": year,
                "committed": committed - committed_before,
                "paid": paid - paid_before,
                "committed_to_date": committed,
                "paid_to_date": paid,
                "released": released_by[index] - released_by[index - 1],
            }
        )
    return rows


def burn_up(programme: Programme, when: date) -> list[BurnUpPoint]:
    """Return committed and paid to date at the end of every quarter from the start to when."""
    if programme.program is None:
        return []
    quarters, quarter = [], quarter_of(programme.program.period.start)
    while quarter <= quarter_of(when):
        quarters.append(quarter)
        quarter = quarter.next()
    ends = [min(q.last_day, when) for q in quarters]
    money = money_at(list(all_measures(programme)), ends)
    return [
        {"quarter": str(q), "end": end, "committed": committed, "paid": paid}
        for q, end, (committed, paid) in zip(quarters, ends, money, strict=True)
    ]


def released(programme: Programme, first: date, end: date) -> Released:
    """Return what cancellations released from first to end and in all by end, and the measures.

    The amount for the period is under the key "quarter" (the quarterly report's period).
    """
    before = first - timedelta(days=1)
    names = {**{i: c.name for i, c in programme.companies.items()}}
    names.update({i: c.name for i, c in programme.clusters.items()})
    rows: list[ReleasedMeasure] = []
    for _path, owner_id, measures in programme.owners():
        for m in measures:
            amount = released_at(m, end)
            if amount and m.cancelled_on is not None:
                rows.append(
                    {
                        "owner": names.get(owner_id, ""),
                        "title": m.title,
                        "cancelled_on": m.cancelled_on,
                        "granted": m.granted,
                        "released": amount,
                        "in_quarter": amount - released_at(m, before),
                    }
                )
    rows.sort(key=lambda r: (r["cancelled_on"], overview.sort_name(r["owner"]), r["title"]))
    return {
        "quarter": sum(r["in_quarter"] for r in rows),
        "to_date": sum(r["released"] for r in rows),
        "measures": rows,
    }


def released_json(programme: Programme, when: date) -> ReleasedJson:
    """Return money released by cancellations by when, in the JSON shape (ISO dates)."""
    data = released(programme, date(when.year, 1, 1), when)
    return {
        "to_date": data["to_date"],
        "measures": [
            {
                "owner": m["owner"],
                "title": m["title"],
                "cancelled_on": m["cancelled_on"].isoformat(),
                "granted": m["granted"],
                "released": m["released"],
            }
            for m in data["measures"]
        ],
    }


def budget_json(programme: Programme, when: date) -> BudgetJson:
    """Return what `bif budget check --format json` adds for the owner's reports."""
    return {
        "by_year": money_by_year(programme, when),
        "released": released_json(programme, when),
        "per_region": per_region(programme, when),
        "per_process_leader": per_process_leader(programme, when),
    }
