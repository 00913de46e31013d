"""The rules of `bif check`: small functions from a loaded programme to a list of problems."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any

from bif_cli.domain import models
from bif_cli.domain.programme import BUDGET_FILE, MILESTONES_FILE, PROGRAM_FILE, Programme
from bif_cli.domain.registry_rules import REGISTRY_RULES
from bif_cli.domain.rules_exited import exited_without_open_measures
from bif_cli.domain.rules_index import (
    committed_changes,
    over_grant,
    programme_facts,
    programme_overruns,
)
from bif_cli.domain.submitted_rules import submitted_figures_hold
from bif_cli.domain.timeline import (
    AreaMoney,
    area_money,
    milestone_state,
)
from bif_cli.errors import Problem

Rule = Callable[[Programme, date], Iterator[Problem]]


def _duplicates(
    p: Programme,
    path: str,
    items: Sequence[Any],
    loc: tuple[str | int, ...],
    what: str,
    attr: str = "id",
) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        value = getattr(item, attr)
        if value in first:
            line = p.sources[path].locate((*loc, first[value], attr))[0]
            yield p.problem(
                path,
                (*loc, index, attr),
                "error",
                "BIF201",
                "BIF201.duplicate",
                what=what,
                value=value,
                first_line=line,
            )
        else:
            first[value] = index


def duplicate_ids(p: Programme, today: date) -> Iterator[Problem]:
    """BIF201: ids must be unique within their list."""
    if p.program:
        yield from _duplicates(p, PROGRAM_FILE, p.program.regions, ("regions",), "region")
        yield from _duplicates(p, PROGRAM_FILE, p.program.people, ("people",), "person")
        seen: dict[str, str] = {}
        for index, region in enumerate(p.program.regions):
            for code in region.municipalities:
                if code in seen and seen[code] != region.id:
                    yield p.problem(
                        PROGRAM_FILE,
                        ("regions", index, "municipalities", code),
                        "error",
                        "BIF201",
                        "BIF201.municipality",
                        key=True,
                        municipality=code,
                        first=seen[code],
                        region=region.id,
                    )
                seen.setdefault(code, region.id)
    if p.budget:
        yield from _duplicates(p, BUDGET_FILE, p.budget.areas, ("areas",), "area")
    if p.milestones:
        yield from _duplicates(
            p, MILESTONES_FILE, p.milestones.milestones, ("milestones",), "milestone"
        )
    for path, owner, measures in p.owners():
        yield from _duplicates(p, path, measures, p.measures_loc(owner), "measure")


def unique_org_numbers(p: Programme, today: date) -> Iterator[Problem]:
    """BIF202: one organisation number, one company file."""
    first: dict[str, str] = {}
    for company_id, number, _changes in programme_facts(p):
        if number in first:
            yield p.problem(
                p.company_path(company_id),
                ("org_number",),
                "error",
                "BIF202",
                "BIF202.org_number",
                number=number,
                other=first[number],
                other_file=p.company_path(first[number]),
            )
        else:
            first[number] = company_id


def municipality_in_region(p: Programme, today: date) -> Iterator[Problem]:
    """BIF203: a company's municipality lies in its region."""
    if p.program is None:
        return
    regions = {r.id: r for r in p.program.regions}
    for company_id, company in p.companies.items():
        region = regions.get(company.region)
        if region is None or company.municipality in region.municipalities:
            continue
        listed = ", ".join(f"{code} {name}" for code, name in region.municipalities.items())
        yield p.problem(
            p.company_path(company_id),
            ("municipality",),
            "error",
            "BIF203",
            "BIF203.municipality",
            municipality=company.municipality,
            region=region.name,
            listed=listed,
        )


def known_references(p: Programme, today: date) -> Iterator[Problem]:
    """BIF204: regions, people, areas and companies that are referred to exist."""
    if p.program is not None:
        region_ids = [r.id for r in p.program.regions]
        person_ids = [person.id for person in p.program.people]

        for company_id, company in p.companies.items():
            path = p.company_path(company_id)
            if company.region not in region_ids:
                yield p.problem(
                    path,
                    ("region",),
                    "error",
                    "BIF204",
                    "BIF204.unknown",
                    what="region",
                    value=company.region,
                    choices=tuple(region_ids),
                )
            if company.process_leader and company.process_leader not in person_ids:
                yield p.problem(
                    path,
                    ("process_leader",),
                    "error",
                    "BIF204",
                    "BIF204.unknown",
                    what="person",
                    value=company.process_leader,
                    choices=tuple(person_ids),
                )
        for cluster_id, cluster in p.clusters.items():
            path = p.cluster_path(cluster_id)
            for index, region_id in enumerate(cluster.regions):
                if region_id not in region_ids:
                    loc: tuple[str | int, ...] = (
                        ("region",) if isinstance(cluster.region, str) else ("region", index)
                    )
                    yield p.problem(
                        path,
                        loc,
                        "error",
                        "BIF204",
                        "BIF204.unknown",
                        what="region",
                        value=region_id,
                        choices=tuple(region_ids),
                    )
            if cluster.facilitator and cluster.facilitator not in person_ids:
                yield p.problem(
                    path,
                    ("facilitator",),
                    "error",
                    "BIF204",
                    "BIF204.unknown",
                    what="person",
                    value=cluster.facilitator,
                    choices=tuple(person_ids),
                )
    for cluster_id, cluster in p.clusters.items():
        for index, member in enumerate(cluster.members):
            if member not in p.companies and member not in p.broken_companies:
                yield p.problem(
                    p.cluster_path(cluster_id),
                    ("members", index),
                    "error",
                    "BIF204",
                    "BIF204.company",
                    member=member,
                    file=p.company_path(member),
                )
    if p.budget is not None:
        area_ids = [a.id for a in p.budget.areas]
        for path, owner, measures in p.owners():
            for index, m in enumerate(measures):
                if m.area not in area_ids:
                    yield p.problem(
                        path,
                        (*p.measures_loc(owner), index, "area"),
                        "error",
                        "BIF204",
                        "BIF204.unknown",
                        what="budget_area",
                        value=m.area,
                        choices=tuple(area_ids),
                    )


def known_log_authors(p: Programme, today: date) -> Iterator[Problem]:
    """BIF204: the person who logged a contact (`by`) is a person in program.yaml."""
    if p.program is None:
        return
    person_ids = [person.id for person in p.program.people]
    owners: list[tuple[str, Any]] = [
        *((p.company_path(i), c) for i, c in p.companies.items()),
        *((p.cluster_path(i), c) for i, c in p.clusters.items()),
    ]
    for path, owner in owners:
        for index, entry in enumerate(owner.log):
            if entry.by is not None and entry.by not in person_ids:
                yield p.problem(
                    path,
                    ("log", index, "by"),
                    "error",
                    "BIF204",
                    "BIF204.unknown",
                    what="person",
                    value=entry.by,
                    choices=tuple(person_ids),
                )


def _histories(p: Programme) -> Iterator[tuple[str, Sequence[Any], str | None]]:
    for company_id, company in p.companies.items():
        yield p.company_path(company_id), company.history, company.continuation_plan
    for cluster_id, cluster in p.clusters.items():
        yield p.cluster_path(cluster_id), cluster.history, cluster.continuation_plan


def history_in_order(p: Programme, today: date) -> Iterator[Problem]:
    """BIF205: history entries are written oldest first."""
    for path, history, _plan in _histories(p):
        for index in range(1, len(history)):
            if history[index].date < history[index - 1].date:
                yield p.problem(
                    path,
                    ("history", index, "date"),
                    "error",
                    "BIF205",
                    "BIF205.order",
                    later=history[index].date.isoformat(),
                    earlier=history[index - 1].date.isoformat(),
                )


def completion_rules(p: Programme, today: date) -> Iterator[Problem]:
    """BIF206/BIF207: completed needs an earlier agreement and a continuation plan."""
    for path, history, plan in _histories(p):
        is_company = path.startswith("data/companies/")
        needed = "agreement" if is_company else "established"
        for index, entry in enumerate(history):
            if entry.status != "completed":
                continue
            if not any(e.status == needed for e in history[:index]):
                yield p.problem(
                    path,
                    ("history", index, "status"),
                    "error",
                    "BIF206",
                    "BIF206.needs_earlier",
                    needed=needed,
                )
            if not plan:
                yield p.problem(
                    path,
                    ("history", index, "status"),
                    "error",
                    "BIF207",
                    "BIF207.needs_plan",
                )
            break


def payments_after_grant(p: Programme, today: date) -> Iterator[Problem]:
    """BIF208: payments come after the grant."""
    for path, owner, measures in p.owners():
        base = p.measures_loc(owner)
        for index, m in enumerate(measures):
            for pay_index, payment in enumerate(m.payments):
                if payment.date < m.granted_on:
                    yield p.problem(
                        path,
                        (*base, index, "payments", pay_index, "date"),
                        "error",
                        "BIF208",
                        "BIF208.before_grant",
                        paid_on=payment.date.isoformat(),
                        granted_on=m.granted_on.isoformat(),
                        measure=m.id,
                    )


def payments_within_grant(
    p: Programme, today: date, *, as_of: date | None = None
) -> Iterator[Problem]:
    """BIF209: payments to a measure add up to no more than its grant (by as_of; None: ever)."""
    # From plain overruns (a company's kept in its facts): `bif budget check` needs no models.
    for path, owner, found in programme_overruns(p):
        base = p.measures_loc(owner)
        for index, measure_id, total, granted in over_grant(found, as_of):
            when = {} if as_of is None else {"when": as_of.isoformat()}
            yield p.problem(
                path,
                (*base, index, "payments"),
                "error",
                "BIF209",
                "BIF209.over_grant" if as_of is None else "BIF209.over_grant_by",
                key=True,
                measure=measure_id,
                paid=total,
                granted=granted,
                **when,
            )


def measure_dates(p: Programme, today: date) -> Iterator[Problem]:
    """BIF212: a measure does not end before it starts or get cancelled before it is granted."""
    for path, owner, measures in p.owners():
        base = p.measures_loc(owner)
        for index, m in enumerate(measures):
            if m.start and m.end and m.end < m.start:
                yield p.problem(
                    path,
                    (*base, index, "end"),
                    "error",
                    "BIF212",
                    "BIF212.ends_before",
                    measure=m.id,
                    end=m.end.isoformat(),
                    start=m.start.isoformat(),
                )
            if m.cancelled_on and m.cancelled_on < m.granted_on:
                yield p.problem(
                    path,
                    (*base, index, "cancelled_on"),
                    "error",
                    "BIF212",
                    "BIF212.cancelled_before",
                    measure=m.id,
                    cancelled_on=m.cancelled_on.isoformat(),
                    granted_on=m.granted_on.isoformat(),
                )


def allocations_within_frame(p: Programme, today: date) -> Iterator[Problem]:
    """BIF210 (error) and BIF307 (warning): the areas' allocations against the frame."""
    if p.budget is None:
        return
    areas = p.budget.areas
    frame = p.budget.frame
    # Dated allocations: the sum must fit the frame at every date one of them changes.
    dates = sorted({d for a in areas for d in a.allocation_dates()}) or [date.max]
    worst = max(dates, key=lambda d: sum(a.allocation_at(d) for a in areas))
    allocated = sum(a.allocation_at(worst) for a in areas)
    final = sum(a.allocation_at(date.max) for a in areas)
    if allocated > frame and worst == date.max:
        yield p.problem(
            BUDGET_FILE, ("frame",), "error", "BIF210", "BIF210.over_frame",
            allocated=allocated, frame=frame,
        )  # fmt: skip
    elif allocated > frame:
        yield p.problem(
            BUDGET_FILE, ("frame",), "error", "BIF210", "BIF210.over_frame_from",
            allocated=allocated, frame=frame, since=worst.isoformat(),
        )  # fmt: skip
    elif final < frame:
        yield p.problem(
            BUDGET_FILE,
            ("frame",),
            "warning",
            "BIF307",
            "BIF307.unallocated",
            unallocated=frame - final,
        )


def _running(changes: dict[date, int]) -> list[tuple[date, int]]:
    """Return (date, total committed from that date) at every date the total changes."""
    steps, running = [], 0
    for when in sorted(changes):
        running += changes[when]
        steps.append((when, running))
    return steps


def committed_within_allocation(
    p: Programme,
    today: date,
    *,
    as_of: date | None = None,
    money_at_as_of: list[AreaMoney] | None = None,
) -> Iterator[Problem]:
    """BIF211: money committed in an area never exceeds its allocation in force.

    At as_of only, or (None) at every date the committed money or the allocation changes.
    money_at_as_of: area_money(p, as_of) when the caller has it.
    """
    if p.budget is None:
        return
    if as_of is not None:
        found = area_money(p, as_of) if money_at_as_of is None else money_at_as_of
        for index, money in enumerate(found):
            if money.committed > money.allocation:
                yield p.problem(
                    BUDGET_FILE,
                    ("areas", index, "allocation"),
                    "error",
                    "BIF211",
                    "BIF211.over_allocation_on",
                    area=money.id,
                    name=money.name,
                    committed=money.committed,
                    when=as_of.isoformat(),
                    allocation=money.allocation,
                    over=money.committed - money.allocation,
                )
        return
    by_area = committed_changes(p)
    for index, area in enumerate(p.budget.areas):
        steps = _running(by_area.get(area.id, {}))
        step_dates = [d for d, _ in steps]  # sorted
        dates = sorted(set(step_dates) | set(area.allocation_dates()))
        committed, worst = 0, None
        for when in dates:
            after = bisect_right(step_dates, when)  # the steps on or before when
            committed = steps[after - 1][1] if after else 0
            excess = committed - area.allocation_at(when)
            if excess > 0 and (worst is None or excess > worst[0]):
                worst = (excess, when, committed)
        if worst is not None:
            excess, when, committed = worst
            yield p.problem(
                BUDGET_FILE,
                ("areas", index, "allocation"),
                "error",
                "BIF211",
                "BIF211.over_allocation",
                area=area.id,
                name=area.name,
                committed=committed,
                when=str(when),
                allocation=area.allocation_at(when),
                over=excess,
            )


def funding_covers_frame(p: Programme, today: date) -> Iterator[Problem]:
    """BIF308: the listed funding covers the frame."""
    if p.budget is None or not p.budget.funding:
        return
    funded = sum(f.amount for f in p.budget.funding)
    if funded < p.budget.frame:
        yield p.problem(
            BUDGET_FILE,
            ("funding",),
            "warning",
            "BIF308",
            "BIF308.short",
            key=True,
            funded=funded,
            short=p.budget.frame - funded,
            frame=p.budget.frame,
        )


def exit_has_note(p: Programme, today: date) -> Iterator[Problem]:
    """BIF301: an exit from the pipeline says why."""
    exits = (*models.EXIT_STATUSES, "discontinued")
    for path, history, _plan in _histories(p):
        for index, entry in enumerate(history):
            if entry.status in exits and not entry.note:
                yield p.problem(
                    path,
                    ("history", index, "status"),
                    "warning",
                    "BIF301",
                    "BIF301.no_note",
                    status=entry.status,
                )


def nace_in_scope(p: Programme, today: date) -> Iterator[Problem]:
    """BIF302: the company's industry is not excluded from the programme."""
    if p.program is None or not p.program.excluded_nace:
        return
    for company_id, company in p.companies.items():
        prefix = next((x for x in p.program.excluded_nace if company.nace.startswith(x)), None)
        if prefix:
            yield p.problem(
                p.company_path(company_id),
                ("nace",),
                "warning",
                "BIF302",
                "BIF302.excluded",
                nace=company.nace,
                prefix=prefix,
            )


def market_in_target(p: Programme, today: date) -> Iterator[Problem]:
    """BIF303: the target group has a national or international market."""
    for company_id, company in p.companies.items():
        if company.market in ("local", "regional"):
            yield p.problem(
                p.company_path(company_id),
                ("market",),
                "warning",
                "BIF303",
                "BIF303.market",
                market=company.market,
            )


def granted_after_agreement(p: Programme, today: date) -> Iterator[Problem]:
    """BIF304: money is granted to a company only once it has an agreement."""
    for company_id, company in p.companies.items():
        agreed = next((e.date for e in company.history if e.status == "agreement"), None)
        for index, m in enumerate(company.measures):
            if m.granted > 0 and (agreed is None or m.granted_on < agreed):
                yield p.problem(
                    p.company_path(company_id),
                    ("measures", index, "granted_on"),
                    "warning",
                    "BIF304",
                    "BIF304.before_agreement" if agreed else "BIF304.no_agreement",
                    measure=m.id,
                    granted_on=m.granted_on.isoformat(),
                    agreed=agreed.isoformat() if agreed else "",
                )


def measures_in_period(p: Programme, today: date) -> Iterator[Problem]:
    """BIF305: measures lie within the programme period."""
    if p.program is None:
        return
    period = p.program.period
    for path, owner, measures in p.owners():
        for index, m in enumerate(measures):
            for field in ("start", "end"):
                value = getattr(m, field)
                if value is not None and not period.start <= value <= period.end:
                    yield p.problem(
                        path,
                        (*p.measures_loc(owner), index, field),
                        "warning",
                        "BIF305",
                        f"BIF305.{field}",
                        measure=m.id,
                        value=value.isoformat(),
                        start=period.start.isoformat(),
                        end=period.end.isoformat(),
                    )


def cluster_size(p: Programme, today: date) -> Iterator[Problem]:
    """BIF306: a cluster has at least three members."""
    for cluster_id, cluster in p.clusters.items():
        if len(cluster.members) < 3:
            yield p.problem(
                p.cluster_path(cluster_id),
                ("members",),
                "warning",
                "BIF306",
                "BIF306.small",
                key=True,
                count=len(cluster.members),
            )


def milestones_on_time(p: Programme, today: date) -> Iterator[Problem]:
    """BIF309: no milestone is overdue today."""
    if p.milestones is None:
        return
    for index, ms in enumerate(p.milestones.milestones):
        if milestone_state(ms, today) == "overdue":
            yield p.problem(
                MILESTONES_FILE,
                ("milestones", index, "due"),
                "warning",
                "BIF309",
                "BIF309.overdue",
                milestone=ms.id,
                due=ms.due.isoformat(),
            )


PLACEHOLDER = "(fyll inn)"


def no_placeholders(p: Programme, today: date) -> Iterator[Problem]:
    """BIF312 (warning): a "(fyll inn)" placeholder from `bif init` is still in a file."""
    files: list[tuple[str, Any]] = [
        (PROGRAM_FILE, p.program),
        (BUDGET_FILE, p.budget),
        (MILESTONES_FILE, p.milestones),
    ]

    def walk(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[str | int, ...]]:
        if isinstance(value, str) and PLACEHOLDER in value:
            yield loc
        elif isinstance(value, models.Model):
            for name in type(value).model_fields:
                key = "from" if name == "from_" else name
                yield from walk(getattr(value, name), (*loc, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, (*loc, index))

    for path, model in files:
        for loc in walk(model, ()):
            yield p.problem(
                path,
                loc,
                "warning",
                "BIF312",
                "BIF312.placeholder",
                field=str(loc[-1]),
            )


def frame_is_set(p: Programme, today: date) -> Iterator[Problem]:
    """BIF313 (warning): the frame is 0, as `bif init` leaves it."""
    if p.budget is not None and p.budget.frame == 0:
        yield p.problem(
            BUDGET_FILE,
            ("frame",),
            "warning",
            "BIF313",
            "BIF313.zero_frame",
        )


RULES: list[Rule] = [
    duplicate_ids,
    unique_org_numbers,
    municipality_in_region,
    known_references,
    known_log_authors,
    history_in_order,
    completion_rules,
    payments_after_grant,
    payments_within_grant,
    measure_dates,
    allocations_within_frame,
    committed_within_allocation,
    funding_covers_frame,
    exit_has_note,
    nace_in_scope,
    market_in_target,
    granted_after_agreement,
    measures_in_period,
    cluster_size,
    milestones_on_time,
    exited_without_open_measures,
    submitted_figures_hold,
    *REGISTRY_RULES,
    no_placeholders,
    frame_is_set,
]


from bif_cli.domain.rules_sanity import SANITY_RULES  # noqa: E402 - they use no rule here

RULES.extend(SANITY_RULES)

# The rules whose problems for a company or cluster depend on other companies or clusters (or
# on the register's snapshots and the submitted reports). Every other rule is entity-scoped:
# what it says about a company or cluster depends only on that file, program.yaml, budget.yaml,
# milestones.yaml, today and (for a cluster's members) which company ids exist, so its
# problems can be kept per file (see io/rulecache.py).
PROGRAMME_RULES: list[Rule] = [
    unique_org_numbers,
    committed_within_allocation,
    submitted_figures_hold,
    *REGISTRY_RULES,
]
ENTITY_RULES: list[Rule] = [rule for rule in RULES if rule not in PROGRAMME_RULES]
# The entity-scoped rules that speak only about program.yaml, budget.yaml or milestones.yaml.
CONTEXT_RULES: list[Rule] = [
    allocations_within_frame,
    funding_covers_frame,
    milestones_on_time,
    no_placeholders,
    frame_is_set,
]
# What the other entity-scoped rules read of those three files. A name maps to None (read
# whole) or to what is read of it (of each item, for a list). io/rulecache.py keys the kept
# results of a company or cluster on exactly this and today, and runs the rules for companies
# and clusters over a context that holds nothing else: a rule reading more fails loudly.
ENTITY_READS: dict[str, dict[str, Any]] = {
    "program": {
        "regions": {"id": None, "name": None, "municipalities": None},
        "people": {"id": None},
        "excluded_nace": None,
        "period": None,
    },
    # payments_within_grant walks the programme's costs with the companies (rules_index).
    "budget": {"areas": {"id": None}, "costs": None},
    "milestones": {"milestones": {"id": None}},  # duplicate_ids reads them beside measures
}
# When the programme has no submitted reports and no register snapshots, the
# programme-scoped rules read of a company only its facts (see domain/rules_index.py).
