"""The plain-data facts about each company that the programme-scoped rules and budget read."""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any, TypeVar, cast

from bif_cli.domain import models
from bif_cli.domain.company_record import company_record, measure_record
from bif_cli.domain.fact_shapes import valid_budget, valid_record
from bif_cli.domain.fact_shapes import valid_facts as valid_facts  # for the model cache
from bif_cli.domain.programme import (
    BUDGET_FILE,
    AreaChanges,
    AreaMoneyFacts,
    BudgetFacts,
    CompanyFacts,
    CompanyRecord,
    MeasureRecord,
    MoneyFacts,
    Overrun,
    Programme,
)
from bif_cli.domain.timeline import (
    area_money_facts,
    committed_steps,
    company_recruited,
    money_of,
)

_T = TypeVar("_T")


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
        marshal.dumps(budget_facts(company)),
        marshal.dumps(company_record(company)),
    )


def budget_facts(company: models.Company) -> BudgetFacts:
    """Return what `bif budget check` reads of a company: its money per area, its overruns."""
    return area_money_facts(company.measures), overruns(company.measures)


def overruns(measures: Iterable[models.Measure]) -> tuple[Overrun, ...]:
    """Return (index, id, granted, payments) of each measure paid more than its grant, ever."""
    found = []
    for index, m in enumerate(measures):
        if m.payments and sum([p.amount for p in m.payments]) > m.granted:
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
    for company_id, (_money, found) in companies_budget_facts(p):
        yield p.company_path(company_id), company_id, found
    for cluster_id, cluster in p.clusters.items():
        yield p.cluster_path(cluster_id), cluster_id, overruns(cluster.measures)
    if p.budget is not None:
        yield BUDGET_FILE, "costs", overruns(p.budget.costs)


def companies_budget_facts(p: Programme) -> Iterator[tuple[str, BudgetFacts]]:
    """Yield (company id, budget_facts) in the programme's order, from kept facts where the
    programme has them (so a skeleton is never made whole), else from the model."""
    return iter(_every_company(p, _budget_facts_of))


def company_records(p: Programme) -> Iterator[tuple[str, CompanyRecord]]:
    """Yield (company id, company_record) in the programme's order, from kept facts where the
    programme has them (so a skeleton is never made whole), else from the model."""
    return iter(_every_company(p, _record_of))


# What `bif diff` sums over companies: how many are recruited at a date, and per area the
# money committed and paid at every date, as (committed, paid).
CompanySums = tuple[int, dict[str, tuple[int, int]]]


def company_sums(p: Programme, company_ids: Iterable[str], when: date) -> CompanySums:
    """Return how many of these companies are recruited at when, and their money per area at
    every date: what recruited_count and area_money count of them, from kept facts where the
    programme has them (none is made whole).

    Both are sums over the companies, so the sums of two sets of companies add up.
    """
    recruited = 0
    by_area: dict[str, list[MoneyFacts]] = {}
    for company_id in company_ids:
        recruited += company_recruited(p, company_id, when)
        money, _overruns = _budget_facts_of(p, company_id)
        for area, facts in money:
            by_area.setdefault(area, []).append(facts)
    return recruited, {area: money_of(facts, [date.max])[0] for area, facts in by_area.items()}


def _budget_facts_of(p: Programme, company_id: str) -> BudgetFacts:
    kept = p.facts.get(company_id)
    found = None if kept is None else _decoded(kept[2], valid_budget)
    return _made(p, company_id, budget_facts) if found is None else cast(BudgetFacts, found)


def _record_of(p: Programme, company_id: str) -> CompanyRecord:
    found = kept_record(p, company_id)
    return _made(p, company_id, company_record) if found is None else found


def _every_company(p: Programme, part: Callable[[Programme, str], _T]) -> list[tuple[str, _T]]:
    """Return (company id, part(p, company id)) for every company, in the programme's order.

    A report reads every company's record and money in each of its sections: the list is
    kept in the programme (Programme.made) for as long as its table of companies and of kept
    facts are the very ones it was made from, at the same length. A company made whole in
    between has the record and money its kept facts had (both come from the same bytes).
    """
    companies, facts = p.loaded_companies(), p.facts
    made_from = (companies, facts, len(companies), len(facts))
    key = ("", part)
    entry = p.made.get(key)
    if entry is not None and _same_tables(entry[0], made_from):
        return cast(list[tuple[str, _T]], entry[1])
    made = [(company_id, part(p, company_id)) for company_id in companies]
    p.made[key] = (made_from, made)
    return made


def _same_tables(held: object, now: tuple[object, object, int, int]) -> bool:
    return type(held) is tuple and held[0] is now[0] and held[1] is now[1] and held[2:] == now[2:]


def company_parts(p: Programme) -> Iterator[tuple[str, CompanyRecord, AreaMoneyFacts]]:
    """Yield (company id, company_record, its money per area: budget_facts' first part) in the
    programme's order, from kept facts where the programme has them (see company_records)."""
    for (company_id, record), (_id, (money, _overruns)) in zip(
        company_records(p), companies_budget_facts(p), strict=True
    ):
        yield company_id, record, money


def measure_records(p: Programme) -> Iterator[tuple[str, str, MeasureRecord]]:
    """Yield (owner id, owner's name, measure) of every measure as a MeasureRecord, in the order
    of Programme.owners (the costs' owner is "costs", named ""): a company's from its record,
    so none is made whole for it."""
    for company_id, record in company_records(p):
        for m in record[7]:
            yield company_id, record[0], m
    for cluster_id, cluster in p.clusters.items():
        for measure in cluster.measures:
            yield cluster_id, cluster.name, measure_record(measure)
    if p.budget is not None:
        for measure in p.budget.costs:
            yield "costs", "", measure_record(measure)


def kept_record(p: Programme, company_id: str) -> CompanyRecord | None:
    """Return the company's record from its kept facts, or None when it has none (sound)."""
    kept = p.facts.get(company_id)
    found: CompanyRecord | None = None if kept is None else _decoded(kept[3], valid_record)
    return found


def _made(p: Programme, company_id: str, make: Callable[[models.Company], _T]) -> _T:
    """Return make(the whole company), remembered in the programme (see Programme.made): a
    report reads every company's record and money in each of its sections."""
    company = p.whole_company(company_id)
    key = (company_id, make)
    entry = p.made.get(key)
    if entry is not None and entry[0] is company:
        return cast(_T, entry[1])
    made = make(company)
    p.made[key] = (company, made)
    return made


# Kept facts are decoded once per process: a command reads each several times (the budget's
# areas and rules; the recruitment's rows and terms at several dates). The entry keeps the
# bytes alive, so their id is not reused while it stands.
_DECODED: dict[int, tuple[bytes, Any]] = {}
_DECODED_LIMIT = 400_000


def _decoded(blob: bytes, valid: Callable[[Any], bool]) -> Any:
    """Return the plain data marshalled in blob, or None when it is not what valid wants."""
    entry = _DECODED.get(id(blob))
    if entry is not None and entry[0] is blob:
        return entry[1]
    try:
        # Only bytes of a signed cache file (or this run's own workers) get here; marshal
        # makes plain values only, and valid() checks their shape before anything reads them.
        value = marshal.loads(blob)
    except Exception:
        value = None
    if not valid(value):
        value = None
    if len(_DECODED) >= _DECODED_LIMIT:
        _DECODED.clear()
    _DECODED[id(blob)] = (blob, value)
    return value


def programme_facts(p: Programme) -> Iterator[tuple[str, str, AreaChanges]]:
    """Yield (company id, org number, area changes) in the programme's order, kept facts first
    (see p.facts): what the programme-scoped rules read."""
    for company_id, company in p.loaded_companies().items():
        kept = p.facts.get(company_id)
        if kept is None:
            yield company_id, company.org_number, area_changes(company.measures)
        else:
            yield company_id, kept[0], kept[1]


def committed_changes(p: Programme) -> dict[str, dict[date, int]]:
    """Return, per area, the change of the money committed at each date it changes."""
    totals: dict[str, dict[int, int]] = {}

    def add(changes: AreaChanges) -> None:
        for area, steps in changes:
            total = totals.setdefault(area, {})
            for ordinal, change in steps:
                total[ordinal] = total.get(ordinal, 0) + change

    for _company_id, _number, changes in programme_facts(p):
        add(changes)
    for cluster in p.clusters.values():
        add(area_changes(cluster.measures))
    if p.budget is not None:
        add(area_changes(p.budget.costs))
    return {
        area: {date.fromordinal(o): c for o, c in total.items()} for area, total in totals.items()
    }
