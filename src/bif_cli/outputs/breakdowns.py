"""Breakdowns and money: per region, per process leader, per year, burn-up, released."""

from __future__ import annotations

from datetime import date, timedelta

from bif_cli.domain import models
from bif_cli.domain.programme import (
    AreaMoneyFacts,
    CompanyRecord,
    MoneyFacts,
    Programme,
)
from bif_cli.domain.quarter import quarter_of
from bif_cli.domain.rules_index import company_parts, measure_records
from bif_cli.domain.timeline import (
    in_main_goal,
    money_facts,
    money_of,
    owners_money,
    record_flags,
    record_released,
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


def _money(facts: list[MoneyFacts], when: date) -> tuple[int, int]:
    return money_of(facts, [when])[0]


def _company_counts(records: list[CompanyRecord], when: int) -> CompanyCounts:
    totals = [0, 0, 0, 0, 0]
    for record in records:
        for index, flag in enumerate(record_flags(record, when)):
            totals[index] += flag
    recruited, active, completed, exited, main_goal = totals
    return {
        "recruited_ever": recruited,
        "active": active,
        "completed": completed,
        "exited": exited,
        "main_goal_companies": main_goal,
    }


# A company as the breakdowns read it: its record and its money per area (see company_parts).
_Company = tuple[CompanyRecord, AreaMoneyFacts]


def _companies_money(companies: list[_Company]) -> list[MoneyFacts]:
    return [money for _record, areas in companies for _area, money in areas]


def per_region(programme: Programme, when: date) -> PerRegion:
    """Return companies by state, the main goal and the money per region.

    A region's money is its companies' and its one-region clusters'; clusters that span
    regions and programme-level costs are lines of their own, so the lines add up.
    Companies are read as records and money facts (see rules_index.company_parts).
    """
    rows: list[RegionLine] = []
    regions = programme.program.regions if programme.program else []
    ordinal = when.toordinal()
    by_region: dict[str, list[_Company]] = {}
    for _company_id, record, money in company_parts(programme):
        by_region.setdefault(record[1], []).append((record, money))
    for region in regions:
        companies = by_region.get(region.id, [])
        clusters = [c for c in programme.clusters.values() if c.regions == [region.id]]
        facts = _companies_money(companies) + [money_facts(c.measures) for c in clusters]
        committed, paid = _money(facts, when)
        including = [c for c in programme.clusters.values() if region.id in c.regions]
        rows.append(
            {
                "id": region.id,
                "name": region.name,
                **_company_counts([record for record, _money in companies], ordinal),
                "main_goal_clusters": sum(1 for c in including if in_main_goal(c, when)),
                "committed": committed,
                "paid": paid,
            }
        )
    shared = [c for c in programme.clusters.values() if len(c.regions) > 1]
    shared_money = _money([money_facts(c.measures) for c in shared], when)
    costs_money = _money([money_facts(programme.budget.costs if programme.budget else [])], when)
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
    ordinal = when.toordinal()
    companies_of: dict[str | None, list[_Company]] = {}
    clusters_of: dict[str | None, list[models.Cluster]] = {}
    for _company_id, record, money in company_parts(programme):
        leader = record[3]
        companies_of.setdefault(leader if leader in known else None, []).append((record, money))
    for cluster in programme.clusters.values():
        key = cluster.facilitator if cluster.facilitator in known else None
        clusters_of.setdefault(key, []).append(cluster)

    def row(person_id: str | None, name: str | None) -> LeaderLine:
        companies = companies_of.get(person_id, [])
        clusters = clusters_of.get(person_id, [])
        facts = _companies_money(companies) + [money_facts(c.measures) for c in clusters]
        committed, paid = _money(facts, when)
        records = [record for record, _money in companies]
        return {
            "id": person_id,
            "name": name,
            "companies": sum(1 for r in records if r[6][0][0] <= ordinal),
            **_company_counts(records, ordinal),
            "clusters": sum(1 for c in clusters if c.history[0].date <= when),
            "main_goal_clusters": sum(1 for c in clusters if in_main_goal(c, when)),
            "committed": committed,
            "paid": paid,
        }

    rows = [row(p.id, p.name) for p in leaders]
    if companies_of.get(None) or clusters_of.get(None):
        rows.append(row(None, None))
    costs = _money([money_facts(programme.budget.costs if programme.budget else [])], when)
    return {
        "leaders": rows,
        "costs": {"committed": costs[0], "paid": costs[1]},
        "total": {
            "committed": sum(r["committed"] for r in rows) + costs[0],
            "paid": sum(r["paid"] for r in rows) + costs[1],
        },
    }


def _all_money(programme: Programme) -> list[MoneyFacts]:
    return [money for _area, money in owners_money(programme)]


def money_by_year(programme: Programme, when: date) -> list[YearMoney]:
    """Return committed and paid per year of the programme up to when: in the year and to date."""
    if programme.program is None:
        return []
    first = programme.program.period.start.year
    last = min(max(programme.program.period.end.year, first), when.year)
    years = list(range(first, last + 1))
    ends = [date(first - 1, 12, 31), *(min(date(y, 12, 31), when) for y in years)]
    money = money_of(_all_money(programme), ends)
    # released is 0 for a measure never cancelled, so only the cancelled ones are summed.
    cancelled = [m for _id, _owner, m in measure_records(programme) if m[4] is not None]
    released_by = [sum(record_released(m, end.toordinal()) for m in cancelled) for end in ends]
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
    money = money_of(_all_money(programme), ends)
    return [
        {"quarter": str(q), "end": end, "committed": committed, "paid": paid}
        for q, end, (committed, paid) in zip(quarters, ends, money, strict=True)
    ]


def released(programme: Programme, first: date, end: date) -> Released:
    """Return what cancellations released from first to end and in all by end, and the measures.

    The amount for the period is under the key "quarter" (the quarterly report's period).
    """
    before, last = (first - timedelta(days=1)).toordinal(), end.toordinal()
    rows: list[ReleasedMeasure] = []
    for _id, owner, m in measure_records(programme):
        amount = record_released(m, last)
        if amount and m[4] is not None:
            rows.append(
                {
                    "owner": owner,
                    "title": m[6],
                    "cancelled_on": date.fromordinal(m[4]),
                    "granted": m[9],
                    "released": amount,
                    "in_quarter": amount - record_released(m, before),
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
