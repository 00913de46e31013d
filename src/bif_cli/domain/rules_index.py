"""The plain-data facts about each company that the programme-scoped rules and budget read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from bif_cli.domain import models
from bif_cli.domain.programme import (
    BUDGET_FILE,
    AreaChanges,
    CompanyFacts,
    Overrun,
    Programme,
)
from bif_cli.domain.timeline import area_money_facts, committed_steps


def area_changes(measures: Iterable[models.Measure]) -> AreaChanges:
    """Return, per area, (date ordinal, change of the money committed) wherever it changes."""
    by_area: dict[str, list[models.Measure]] = {}
    for m in measures:
        by_area.setdefault(m.area, []).append(m)
    result = []
    for area, grouped in by_area.items():
        changes, previous = [], 0
        for when, running in committed_steps(grouped):
            changes.append((when.toordinal(), running - previous))
            previous = running
        result.append((area, tuple(changes)))
    return tuple(result)


def company_facts(company: models.Company) -> CompanyFacts:
    """Return the facts of a company (see CompanyFacts): every producer of facts calls this."""
    return (
        company.org_number,
        area_changes(company.measures),
        area_money_facts(company.measures),
        overruns(company.measures),
    )


def overruns(measures: Iterable[models.Measure]) -> tuple[Overrun, ...]:
    """Return (index, id, granted, payments) of each measure paid more than its grant, ever."""
    found = []
    for index, m in enumerate(measures):
        if sum(p.amount for p in m.payments) > m.granted:
            payments = tuple((p.date.toordinal(), p.amount) for p in m.payments)
            found.append((index, m.id, m.granted, payments))
    return tuple(found)


def over_grant(found: Iterable[Overrun], as_of: date | None) -> Iterator[tuple[int, str, int, int]]:
    """Yield (index, id, paid, granted) of each measure paid more than its grant by as_of
    (None: ever), from overruns(measures): what BIF209 says."""
    last = (as_of or date.max).toordinal()
    for index, measure_id, granted, payments in found:
        paid = sum(amount for when, amount in payments if when <= last)
        if paid > granted:
            yield index, measure_id, paid, granted


def programme_overruns(p: Programme) -> Iterator[tuple[str, str, tuple[Overrun, ...]]]:
    """Yield (path, owner id, overruns) for every company, cluster and the programme costs,
    in the order of Programme.owners; a company's from its facts where they are kept."""
    for company_id, company in p.loaded_companies().items():
        kept = p.facts.get(company_id)
        found = overruns(company.measures) if kept is None else kept[3]
        yield p.company_path(company_id), company_id, found
    for cluster_id, cluster in p.clusters.items():
        yield p.cluster_path(cluster_id), cluster_id, overruns(cluster.measures)
    if p.budget is not None:
        yield BUDGET_FILE, "costs", overruns(p.budget.costs)


def programme_facts(p: Programme) -> Iterator[tuple[str, CompanyFacts]]:
    """Yield (company id, facts) in the programme's order, kept facts first (see p.facts)."""
    for company_id, company in p.loaded_companies().items():
        kept = p.facts.get(company_id)
        yield company_id, company_facts(company) if kept is None else kept


def committed_changes(p: Programme) -> dict[str, dict[date, int]]:
    """Return, per area, the change of the money committed at each date it changes."""
    totals: dict[str, dict[int, int]] = {}

    def add(changes: AreaChanges) -> None:
        for area, steps in changes:
            total = totals.setdefault(area, {})
            for ordinal, change in steps:
                total[ordinal] = total.get(ordinal, 0) + change

    for _company_id, facts in programme_facts(p):
        add(facts[1])
    for cluster in p.clusters.values():
        add(area_changes(cluster.measures))
    if p.budget is not None:
        add(area_changes(p.budget.costs))
    return {
        area: {date.fromordinal(o): c for o, c in total.items()} for area, total in totals.items()
    }


def valid_facts(value: Any) -> bool:
    """Tell whether value has the shape of CompanyFacts (a cache entry is checked before use)."""
    # Plain loops: this runs for every company a command reads as facts (10 000 at a time).
    if not (type(value) is tuple and len(value) == 4 and type(value[0]) is str):
        return False
    changes, money, found = value[1], value[2], value[3]
    if not (type(changes) is tuple and type(money) is tuple and type(found) is tuple):
        return False
    for area in changes:
        if not (type(area) is tuple and len(area) == 2 and type(area[0]) is str):
            return False
        if not _valid_dated(area[1], signed=True):
            return False
    for area in money:
        if not (type(area) is tuple and len(area) == 2 and type(area[0]) is str):
            return False
        if not _valid_money(area[1]):
            return False
    for overrun in found:
        if not (
            type(overrun) is tuple
            and len(overrun) == 4
            and type(overrun[0]) is int
            and overrun[0] >= 0
            and type(overrun[1]) is str
            and type(overrun[2]) is int
            and overrun[2] >= 0
            and _valid_dated(overrun[3])
        ):
            return False
    return True


def _valid_money(money: Any) -> bool:
    if not (type(money) is tuple and len(money) == 3):
        return False
    grants, payments, cancelled = money
    if not (_valid_dated(grants) and _valid_dated(payments) and type(cancelled) is tuple):
        return False
    for measure in cancelled:
        if not (
            type(measure) is tuple
            and len(measure) == 4
            and _valid_ordinal(measure[0])
            and type(measure[1]) is int
            and measure[1] >= 0
            and _valid_ordinal(measure[2])
            and _valid_dated(measure[3])
        ):
            return False
    return True


def _valid_dated(steps: Any, *, signed: bool = False) -> bool:
    """Tell whether steps is a tuple of (date ordinal, amount); amounts >= 0 unless signed."""
    if type(steps) is not tuple:
        return False
    for step in steps:
        if not (
            type(step) is tuple
            and len(step) == 2
            and _valid_ordinal(step[0])
            and type(step[1]) is int
            and (signed or step[1] >= 0)
        ):
            return False
    return True


def _valid_ordinal(value: Any) -> bool:
    return type(value) is int and 0 < value <= _MAX_ORDINAL


_MAX_ORDINAL = date.max.toordinal()
