"""The plain-data facts about each company that the programme-scoped rules read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from bif_cli.domain import models
from bif_cli.domain.programme import CompanyFacts, Programme
from bif_cli.domain.timeline import committed_steps

AreaChanges = tuple[tuple[str, tuple[tuple[int, int], ...]], ...]


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
    """Return (org number, area changes) of a company: all the programme-scoped rules read."""
    return (company.org_number, area_changes(company.measures))


def programme_facts(p: Programme) -> Iterator[tuple[str, CompanyFacts]]:
    """Yield (company id, facts) in the programme's order, kept facts first (see p.facts)."""
    for company_id, company in p.companies.items():
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

    for _company_id, (_number, changes) in programme_facts(p):
        add(changes)
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
    if not (type(value) is tuple and len(value) == 2 and type(value[0]) is str):
        return False
    areas = value[1]
    if type(areas) is not tuple:
        return False
    for area in areas:
        if not (type(area) is tuple and len(area) == 2 and type(area[0]) is str):
            return False
        steps = area[1]
        if type(steps) is not tuple:
            return False
        for step in steps:
            if not (
                type(step) is tuple
                and len(step) == 2
                and type(step[0]) is int
                and type(step[1]) is int
                and 0 < step[0] <= _MAX_ORDINAL
            ):
                return False
    return True


_MAX_ORDINAL = date.max.toordinal()
