"""The overviews at a date (recruitment, budget, milestones) as typed, JSON-ready dicts."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NotRequired, TypedDict

from bif_cli.domain import models
from bif_cli.domain.company_record import company_record
from bif_cli.domain.programme import CompanyRecord, Programme
from bif_cli.domain.rules_index import company_records
from bif_cli.domain.timeline import (
    AreaMoney,
    area_money,
    milestone_state,
    record_flags,
    record_status,
)
from bif_cli.errors import Problem, ProblemJson, sort_problems
from bif_cli.texts import DEFAULT_LANGUAGE

if TYPE_CHECKING:  # report_types builds on this module's rows
    from bif_cli.outputs.report_types import (
        Continuation,
        PerLeader,
        PerRegion,
        ReleasedJson,
        TargetJson,
        YearMoney,
    )

MILESTONE_STATES = ("overdue", "upcoming", "done")


class NextAction(TypedDict):
    what: str
    due: str | None
    overdue: bool


class RecruitmentRow(TypedDict):
    """One company in `bif recruitment`: where it stands at the date."""

    id: str
    name: str
    region: str
    region_name: str
    municipality: str
    municipality_name: str
    status: str
    since: str
    days_in_status: int
    process_leader: str | None
    process_leader_name: str | None
    next_action: NextAction | None


class RegionCounts(TypedDict):
    id: str
    name: str
    counts: dict[str, int]
    recruited: int
    recruited_ever: int


class Recruitment(TypedDict):
    """`bif recruitment --format json`: counts per status, per region, and a row per company."""

    as_of: str
    region: str | None
    status: str | None
    counts: dict[str, int]
    recruited: int
    # For the owner's reports (see outputs/sections.py); left out of the quarterly report's own.
    recruited_ever: NotRequired[int]
    targets: NotRequired[list[TargetJson]]
    continuation: NotRequired[Continuation]
    regions: list[RegionCounts]
    companies: list[RecruitmentRow]


class AreaLine(TypedDict):
    """One budget area's money at a date."""

    id: str
    name: str
    allocation: int
    committed: int
    paid: int
    remaining: int
    committed_percent: float | None
    paid_percent: float | None


class FundingSource(TypedDict):
    source: str
    amount: int


class Funding(TypedDict):
    sources: list[FundingSource]
    total: int
    uncovered: int


class BudgetSummary(TypedDict):
    """What the table and CSV of `bif budget check` show: the frame, each area and the funding."""

    as_of: str
    frame: int
    allocated: int
    unallocated: int
    committed: int
    paid: int
    remaining: int
    committed_percent: float | None
    paid_percent: float | None
    funding: Funding | None
    areas: list[AreaLine]


class BudgetOverview(BudgetSummary):
    """`bif budget check --format json`: the summary, the breakdowns and the budget issues."""

    # For the owner's reports (see outputs/breakdowns.py).
    by_year: list[YearMoney]
    released: ReleasedJson
    per_region: PerRegion
    per_process_leader: PerLeader
    issues: list[ProblemJson]


class MilestoneLine(TypedDict):
    id: str
    title: str
    responsible: str | None
    due: str
    done: str | None
    state: str
    days_overdue: int | None


class MilestoneOverview(TypedDict):
    """`bif milestones --format json`: each milestone's state at the date, overdue first."""

    as_of: str
    counts: dict[str, int]
    milestones: list[MilestoneLine]


_NORWEGIAN_ORDER = str.maketrans({"æ": "z\x01", "ø": "z\x02", "å": "z\x03"})


def sort_name(name: str) -> str:
    """Return a sort key that puts æ, ø and å after z, as Norwegian readers expect."""
    return name.casefold().translate(_NORWEGIAN_ORDER)


def percent(part: int, whole: int) -> float | None:
    """Return part as a percentage of whole with one decimal, or None when whole is 0."""
    if whole == 0:
        return None
    return round(part * 100 / whole, 1)


Names = tuple[dict[str, str], dict[str, str], dict[str, str]]


def _names(programme: Programme) -> Names:
    """Return the names of regions, municipalities and people by id or code."""
    program = programme.program
    if program is None:
        return {}, {}, {}
    regions = {r.id: r.name for r in program.regions}
    municipalities = {
        code: name for r in program.regions for code, name in r.municipalities.items()
    }
    people = {p.id: p.name for p in program.people}
    return regions, municipalities, people


def recruitment_row(
    programme: Programme,
    company_id: str,
    company: models.Company,
    when: date,
    names: Names | None = None,
) -> RecruitmentRow | None:
    """Return one company's pipeline row at when, or None before its first history entry.

    names, when given, are _names(programme) already found by the caller.
    """
    record = company_record(company)
    status = record_status(record, when.toordinal())
    if status is None:
        return None
    return _row(company_id, record, when, status, names or _names(programme))


def _row(
    company_id: str, record: CompanyRecord, when: date, status: tuple[str, int], names: Names
) -> RecruitmentRow:
    regions, municipalities, people = names
    name, region, municipality, leader, action = record[:5]
    next_action: NextAction | None = None
    if action is not None:
        what, due = action
        next_action = {
            "what": what,
            "due": None if due is None else date.fromordinal(due).isoformat(),
            "overdue": due is not None and due < when.toordinal(),
        }
    return {
        "id": company_id,
        "name": name,
        "region": region,
        "region_name": regions.get(region, region),
        "municipality": municipality,
        "municipality_name": municipalities.get(municipality, municipality),
        "status": status[0],
        "since": date.fromordinal(status[1]).isoformat(),
        "days_in_status": when.toordinal() - status[1],
        "process_leader": leader,
        "process_leader_name": people.get(leader, leader) if leader else None,
        "next_action": next_action,
    }


# id, the company's record, its status at a date (see company_record.py)
Placed = tuple[str, CompanyRecord, tuple[str, int] | None]


def _status_counts(placed: list[Placed]) -> dict[str, int]:
    """Count these companies per status, as status_counts does."""
    counts = dict.fromkeys(models.COMPANY_STATUSES, 0)
    for _id, _record, status in placed:
        if status is not None:
            counts[status[0]] += 1
    return counts


def recruitment(
    programme: Programme,
    when: date,
    *,
    region: str | None = None,
    status: str | None = None,
    owner_sections: bool = True,
) -> Recruitment:
    """Build `bif recruitment`: counts per status (overall and per region) and the company rows.

    region narrows counts and rows; status narrows only the rows, so the funnel stays whole.
    Companies are read as records (see domain/company_record.py), from their kept facts where
    the programme has them, so none is made whole for it.
    """
    region_order = [r.id for r in programme.program.regions] if programme.program else []
    names = _names(programme)
    regions = names[0]
    ordinal = when.toordinal()
    # Each company's status is found once; the rows and every count read it.
    placed: list[Placed] = [
        (company_id, record, record_status(record, ordinal))
        for company_id, record in company_records(programme)
    ]
    by_region: dict[str, list[Placed]] = {}
    for entry in placed:
        by_region.setdefault(entry[1][1], []).append(entry)
    rows = [
        _row(company_id, record, when, found, names)
        for company_id, record, found in placed
        if found is not None and (region is None or record[1] == region)
    ]
    per_region: list[RegionCounts] = []
    for region_id in region_order:
        if region is not None and region_id != region:
            continue
        in_this = by_region.get(region_id, [])
        counts = _status_counts(in_this)
        per_region.append(
            {
                "id": region_id,
                "name": regions[region_id],
                "counts": counts,
                "recruited": _recruited(counts),
                # record_flags: remembered, and terms_at reads the same flags below.
                "recruited_ever": sum(1 for _i, r, _s in in_this if record_flags(r, ordinal)[0]),
            }
        )
    # What status_counts(programme, when, region) counts: the statuses found above.
    counts = _status_counts(placed if region is None else by_region.get(region, []))
    status_rank = {s: i for i, s in enumerate(models.COMPANY_STATUSES)}
    region_rank = {r: i for i, r in enumerate(region_order)}
    rows.sort(
        key=lambda r: (
            region_rank.get(r["region"], len(region_rank)),
            status_rank[r["status"]],
            sort_name(r["name"]),
            r["id"],
        )
    )
    result: Recruitment = {
        "as_of": when.isoformat(),
        "region": region,
        "status": status,
        "counts": counts,
        "recruited": _recruited(counts),
        "regions": per_region,
        "companies": [r for r in rows if status is None or r["status"] == status],
    }
    if owner_sections:  # the quarterly report counts these itself
        from bif_cli.outputs.sections import recruitment_json

        extra = recruitment_json(programme, when, region)
        result["recruited_ever"] = extra["recruited_ever"]
        result["targets"] = extra["targets"]
        result["continuation"] = extra["continuation"]
    return result


def _recruited(counts: dict[str, int]) -> int:
    return sum(counts[s] for s in models.RECRUITED_STATUSES)


def budget_issues(
    programme: Programme, when: date, money: list[AreaMoney] | None = None
) -> list[Problem]:
    """Return the budget rules' problems at when: frame, allocations, funding and grants.

    money, when given, is area_money(programme, when) already found by the caller.
    """
    # The rules (and what they import) are for the budget only, not the other overviews.
    from bif_cli.domain.rules import (
        allocations_within_frame,
        committed_within_allocation,
        funding_covers_frame,
        payments_within_grant,
    )

    if programme.budget is None:
        return []
    problems = [
        *allocations_within_frame(programme, when),
        *funding_covers_frame(programme, when),
        *committed_within_allocation(programme, when, as_of=when, money_at_as_of=money),
        *payments_within_grant(programme, when, as_of=when),
    ]
    return sort_problems(problems)


def area_lines(programme: Programme, when: date) -> list[AreaLine]:
    """Return each budget area's allocation, committed, paid, remaining and percentages at when."""
    return area_lines_of(area_money(programme, when))


def area_lines_of(money_by_area: list[AreaMoney]) -> list[AreaLine]:
    """Return the area lines of area money already computed (see area_lines)."""
    return [
        {
            "id": money.id,
            "name": money.name,
            "allocation": money.allocation,
            "committed": money.committed,
            "paid": money.paid,
            "remaining": money.remaining,
            "committed_percent": percent(money.committed, money.allocation),
            "paid_percent": percent(money.paid, money.allocation),
        }
        for money in money_by_area
    ]


def budget(
    programme: Programme,
    when: date,
    lang: str = DEFAULT_LANGUAGE,
    issues: list[Problem] | None = None,
    money: list[AreaMoney] | None = None,
) -> BudgetOverview:
    """Build `bif budget check`: per area and in total, allocation, committed, paid, remaining.

    issues, when given, are budget_issues(programme, when) already found by the caller, and
    money area_money(programme, when).
    """
    from bif_cli.outputs import breakdowns  # it builds on this module's helpers

    return {
        **budget_summary(programme, when, money),
        "by_year": breakdowns.money_by_year(programme, when),
        "released": breakdowns.released_json(programme, when),
        "per_region": breakdowns.per_region(programme, when),
        "per_process_leader": breakdowns.per_process_leader(programme, when),
        "issues": [
            p.as_dict(lang) for p in (budget_issues(programme, when) if issues is None else issues)
        ],
    }


def budget_summary(
    programme: Programme, when: date, money: list[AreaMoney] | None = None
) -> BudgetSummary:
    """Build what the table of `bif budget check` shows: the frame, each area, the funding.

    money, when given, is area_money(programme, when) already found by the caller.
    """
    areas = area_lines(programme, when) if money is None else area_lines_of(money)
    allocated = sum(a["allocation"] for a in areas)
    committed = sum(a["committed"] for a in areas)
    paid = sum(a["paid"] for a in areas)
    frame = programme.budget.frame if programme.budget else 0
    funding: Funding | None = None
    if programme.budget is not None and programme.budget.funding:
        funded = sum(f.amount for f in programme.budget.funding)
        funding = {
            "sources": [{"source": f.source, "amount": f.amount} for f in programme.budget.funding],
            "total": funded,
            "uncovered": max(frame - funded, 0),
        }
    return {
        "as_of": when.isoformat(),
        "frame": frame,
        "allocated": allocated,
        "unallocated": frame - allocated,
        "committed": committed,
        "paid": paid,
        "remaining": frame - committed,
        "committed_percent": percent(committed, frame),
        "paid_percent": percent(paid, frame),
        "funding": funding,
        "areas": areas,
    }


def milestones(programme: Programme, when: date) -> MilestoneOverview:
    """Build `bif milestones`: each milestone's state at when, overdue ones first."""
    plan = programme.milestones.milestones if programme.milestones else []
    items: list[MilestoneLine] = []
    for ms in plan:
        state = milestone_state(ms, when)
        items.append(
            {
                "id": ms.id,
                "title": ms.title,
                "responsible": ms.responsible,
                "due": ms.due.isoformat(),
                "done": ms.done.isoformat() if state == "done" and ms.done else None,
                "state": state,
                "days_overdue": (when - ms.due).days if state == "overdue" else None,
            }
        )
    items.sort(key=lambda item: item["state"] != "overdue")
    counts = {state: sum(1 for i in items if i["state"] == state) for state in MILESTONE_STATES}
    return {"as_of": when.isoformat(), "counts": counts, "milestones": items}
