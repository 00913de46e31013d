"""The rules of `bif check`: small functions from a loaded programme to a list of problems."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any

from bif_cli.domain import models
from bif_cli.domain.programme import BUDGET_FILE, MILESTONES_FILE, PROGRAM_FILE, Programme
from bif_cli.domain.timeline import committed_steps, milestone_state, paid_at
from bif_cli.errors import Problem
from bif_cli.fmt import kroner

Rule = Callable[[Programme, date], Iterator[Problem]]


def _choices(values: Sequence[str]) -> str:
    shown = ", ".join(values[:12]) + (", …" if len(values) > 12 else "")
    return shown or "none defined"


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
                f"duplicate {what} id '{value}' (first at line {line}); ids must be unique",
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
                        f"municipality {code} is in both '{seen[code]}' and "
                        f"'{region.id}'; it belongs to one region",
                        key=True,
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
    for company_id, company in p.companies.items():
        number = company.org_number
        if number in first:
            yield p.problem(
                p.company_path(company_id),
                ("org_number",),
                "error",
                "BIF202",
                f"organisation number {number} is also used by "
                f"{p.company_path(first[number])}; one company, one file",
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
            f"municipality {company.municipality} is not in {region.name}; use one of {listed}",
        )


def known_references(p: Programme, today: date) -> Iterator[Problem]:
    """BIF204: regions, people, areas and companies that are referred to exist."""
    if p.program is not None:
        region_ids = [r.id for r in p.program.regions]
        person_ids = [person.id for person in p.program.people]

        def unknown(kind: str, value: str, valid: list[str]) -> str:
            return f"unknown {kind} '{value}'; use one of {_choices(valid)}"

        for company_id, company in p.companies.items():
            path = p.company_path(company_id)
            if company.region not in region_ids:
                yield p.problem(
                    path,
                    ("region",),
                    "error",
                    "BIF204",
                    unknown("region", company.region, region_ids),
                )
            if company.process_leader and company.process_leader not in person_ids:
                yield p.problem(
                    path,
                    ("process_leader",),
                    "error",
                    "BIF204",
                    unknown("person", company.process_leader, person_ids),
                )
        for cluster_id, cluster in p.clusters.items():
            path = p.cluster_path(cluster_id)
            for index, region_id in enumerate(cluster.regions):
                if region_id not in region_ids:
                    loc: tuple[str | int, ...] = (
                        ("region",) if isinstance(cluster.region, str) else ("region", index)
                    )
                    yield p.problem(
                        path, loc, "error", "BIF204", unknown("region", region_id, region_ids)
                    )
            if cluster.facilitator and cluster.facilitator not in person_ids:
                yield p.problem(
                    path,
                    ("facilitator",),
                    "error",
                    "BIF204",
                    unknown("person", cluster.facilitator, person_ids),
                )
    for cluster_id, cluster in p.clusters.items():
        for index, member in enumerate(cluster.members):
            if member not in p.companies and member not in p.broken_companies:
                yield p.problem(
                    p.cluster_path(cluster_id),
                    ("members", index),
                    "error",
                    "BIF204",
                    f"unknown company '{member}': there is no {p.company_path(member)}",
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
                        f"unknown budget area '{m.area}'; use one of {_choices(area_ids)}",
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
                    f"unknown person '{entry.by}'; use one of {_choices(person_ids)}",
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
                    f"history is out of order: {history[index].date} comes after "
                    f"{history[index - 1].date}; list entries oldest first",
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
                    f"'completed' needs an earlier '{needed}' entry in the history",
                )
            if not plan:
                yield p.problem(
                    path,
                    ("history", index, "status"),
                    "error",
                    "BIF207",
                    "'completed' needs a continuation_plan (plan for videreføring); "
                    "add `continuation_plan: …` to the file",
                )
            break


def payments_within_grant(p: Programme, today: date) -> Iterator[Problem]:
    """BIF208/BIF209: payments come after the grant and add up to no more than it."""
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
                        f"payment dated {payment.date} is before the grant "
                        f"({m.granted_on}) of measure '{m.id}'",
                    )
            total = paid_at(m, date.max)
            if total > m.granted:
                yield p.problem(
                    path,
                    (*base, index, "payments"),
                    "error",
                    "BIF209",
                    f"payments to measure '{m.id}' add up to {kroner(total)}, more "
                    f"than the {kroner(m.granted)} granted",
                    key=True,
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
                    f"measure '{m.id}' ends ({m.end}) before it starts ({m.start})",
                )
            if m.cancelled_on and m.cancelled_on < m.granted_on:
                yield p.problem(
                    path,
                    (*base, index, "cancelled_on"),
                    "error",
                    "BIF212",
                    f"measure '{m.id}' is cancelled ({m.cancelled_on}) before it "
                    f"was granted ({m.granted_on})",
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
    if allocated > frame:
        since = "" if worst == date.max else f" from {worst}"
        yield p.problem(
            BUDGET_FILE,
            ("frame",),
            "error",
            "BIF210",
            f"the areas' allocations add up to {kroner(allocated)}{since}, more than the "
            f"frame of {kroner(frame)}",
        )
    elif final < frame:
        yield p.problem(
            BUDGET_FILE,
            ("frame",),
            "warning",
            "BIF307",
            f"{kroner(frame - final)} of the frame is not yet allocated to an area",
        )


def committed_within_allocation(p: Programme, today: date) -> Iterator[Problem]:
    """BIF211: money committed in an area never exceeds its allocation in force, at any date."""
    if p.budget is None:
        return
    by_area: dict[str, list[models.Measure]] = {}
    for _path, _owner, measures in p.owners():
        for m in measures:
            by_area.setdefault(m.area, []).append(m)
    for index, area in enumerate(p.budget.areas):
        steps = committed_steps(by_area.get(area.id, []))
        dates = sorted({d for d, _ in steps} | set(area.allocation_dates()))
        committed, worst = 0, None
        for when in dates:
            committed = next((c for d, c in reversed(steps) if d <= when), 0)
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
                f"area {area.id} ({area.name}): {kroner(committed)} committed by {when} "
                f"is above its allocation of {kroner(area.allocation_at(when))} by "
                f"{kroner(excess)}",
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
            f"funding adds up to {kroner(funded)}, {kroner(p.budget.frame - funded)} "
            f"short of the frame of {kroner(p.budget.frame)}",
            key=True,
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
                    f"'{entry.status}' without a note; add `note: …` saying why",
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
                f"NACE {company.nace} falls under excluded code {prefix} "
                "(outside the programme's target group)",
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
                f"market '{company.market}': the target group sells nationally or internationally",
            )


def granted_after_agreement(p: Programme, today: date) -> Iterator[Problem]:
    """BIF304: money is granted to a company only once it has an agreement."""
    for company_id, company in p.companies.items():
        agreed = next((e.date for e in company.history if e.status == "agreement"), None)
        for index, m in enumerate(company.measures):
            if m.granted > 0 and (agreed is None or m.granted_on < agreed):
                when = f"before its agreement ({agreed})" if agreed else "without an agreement"
                yield p.problem(
                    p.company_path(company_id),
                    ("measures", index, "granted_on"),
                    "warning",
                    "BIF304",
                    f"measure '{m.id}' is granted {m.granted_on}, {when}",
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
                        f"measure '{m.id}' {field}s {value}, outside the "
                        f"programme period {period.start} to {period.end}",
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
                f"the cluster has {len(cluster.members)} member(s); a cluster needs at least 3",
                key=True,
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
                f"milestone '{ms.id}' was due {ms.due} and is not done; add "
                "`done: YYYY-MM-DD` or move `due`",
            )


PLACEHOLDER = "(fyll inn)"


def no_placeholders(p: Programme, today: date) -> Iterator[Problem]:
    """BIF310 (warning): a "(fyll inn)" placeholder from `bif init` is still in a file."""
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
                "BIF310",
                f"{loc[-1]}: the placeholder {PLACEHOLDER} from `bif init` is still here; "
                "write the real value",
            )


def frame_is_set(p: Programme, today: date) -> Iterator[Problem]:
    """BIF311 (warning): the frame is 0, as `bif init` leaves it."""
    if p.budget is not None and p.budget.frame == 0:
        yield p.problem(
            BUDGET_FILE,
            ("frame",),
            "warning",
            "BIF311",
            "the frame is 0 kr; write the owner's frame (rammen) in whole kroner",
        )


RULES: list[Rule] = [
    duplicate_ids,
    unique_org_numbers,
    municipality_in_region,
    known_references,
    known_log_authors,
    history_in_order,
    completion_rules,
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
    no_placeholders,
    frame_is_set,
]


def run_rules(programme: Programme, today: date) -> list[Problem]:
    """Run every rule and return their problems."""
    return [problem for rule in RULES for problem in rule(programme, today)]
