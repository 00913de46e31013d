"""The programme at a date: statuses, measure states, money and milestones, as pure functions."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal, Protocol, TypeVar

from bif_cli.domain import models
from bif_cli.domain.company_record import measure_record
from bif_cli.domain.programme import (
    AreaMoneyFacts,
    CancelledMoney,
    CompanyRecord,
    MeasureRecord,
    MoneyFacts,
    Programme,
)

MeasureState = Literal["planned", "started", "completed", "cancelled"]
MilestoneState = Literal["done", "overdue", "upcoming"]
CLUSTER_EXITS = ("discontinued",)
CLUSTER_ESTABLISHED = ("established", "completed")


class _Dated(Protocol):
    @property
    def date(self) -> date: ...
    @property
    def status(self) -> str: ...


# The definitions below that a company's plain record (domain/company_record.py) shares take
# their dates as dates or as ordinals alike: one definition for the models and the records.
_When = TypeVar("_When", date, int)  # a date, or a date's ordinal


def status_at(history: Sequence[_Dated], when: date) -> tuple[str, date] | None:
    """Return (status, since) from the last history entry dated on or before when."""
    return status_in([(entry.date, entry.status) for entry in history], when)


def status_in(history: Iterable[tuple[_When, str]], when: _When) -> tuple[str, _When] | None:
    """Return status_at of a history given as (date, status) pairs."""
    current = None
    for entry in history:
        if entry[0] <= when:
            current = entry
        else:
            break
    if current is None:
        return None
    return current[1], current[0]


def measure_state(measure: models.Measure, when: date) -> MeasureState | None:
    """Return the measure's state at when, or None while it is not yet granted."""
    return state_of(measure.granted_on, measure.start, measure.end, measure.cancelled_on, when)


def state_of(
    granted_on: _When,
    start: _When | None,
    end: _When | None,
    cancelled_on: _When | None,
    when: _When,
) -> MeasureState | None:
    """Return measure_state of a measure given by its dates."""
    if cancelled_on is not None and cancelled_on <= when:
        return "cancelled"
    if granted_on > when:
        return None
    if end is not None and end <= when:
        return "completed"
    if start is not None and start <= when:
        return "started"
    return "planned"


def is_started(measure: models.Measure, when: date) -> bool:
    """Tell whether the measure has started by when and is not cancelled (completed counts)."""
    return started_by(measure.start, measure.cancelled_on, when)


def started_by(start: _When | None, cancelled_on: _When | None, when: _When) -> bool:
    """Return is_started of a measure given by its start and cancellation."""
    if cancelled_on is not None and cancelled_on <= when:
        return False
    return start is not None and start <= when


def paid_at(measure: models.Measure, when: date) -> int:
    """Return the sum of payments dated on or before when."""
    return sum(p.amount for p in measure.payments if p.date <= when)


def committed_at(measure: models.Measure, when: date) -> int:
    """Return what the programme has committed to the measure at when.

    A cancellation releases what was granted but not paid; payments made after it still count.
    """
    return _committed(measure, when, paid_at(measure, when))


def _committed(measure: models.Measure, when: date, paid: int) -> int:
    return _committed_money(measure.granted_on, measure.granted, measure.cancelled_on, when, paid)


def _committed_money(
    granted_on: _When, granted: int, cancelled_on: _When | None, when: _When, paid: int
) -> int:
    """Return what a measure commits at when, paid having been paid by then (one definition)."""
    if granted_on > when:
        return 0
    if cancelled_on is not None and cancelled_on <= when:
        return min(granted, paid)
    return granted


def money_facts(measures: Iterable[models.Measure]) -> MoneyFacts:
    """Return the money of the measures as plain data (see MoneyFacts): what money_of reads."""
    grants: dict[int, int] = {}
    paid: dict[int, int] = {}
    cancelled: list[CancelledMoney] = []
    for m in measures:
        payments = [(p.date.toordinal(), p.amount) for p in m.payments]
        for when, amount in payments:
            paid[when] = paid.get(when, 0) + amount
        if m.cancelled_on is not None:
            cancelled.append(
                (m.granted_on.toordinal(), m.granted, m.cancelled_on.toordinal(), tuple(payments))
            )
            continue
        granted_on = m.granted_on.toordinal()
        grants[granted_on] = grants.get(granted_on, 0) + m.granted
    return tuple(grants.items()), tuple(paid.items()), tuple(cancelled)


def money_at(measures: Iterable[models.Measure], dates: Sequence[date]) -> list[tuple[int, int]]:
    """Return (committed, paid) summed over the measures at each of the dates.

    The same as committed_at and paid_at date by date (see money_of).
    """
    return money_of([money_facts(measures)], dates)


def money_of(facts: Iterable[MoneyFacts], dates: Sequence[date]) -> list[tuple[int, int]]:
    """Return (committed, paid) summed over the measures of facts at each of the dates.

    A measure never cancelled commits its grant from the day it is granted, so each grant and
    payment is put once in the bucket of the first date that counts it, and the buckets are
    summed; only cancelled measures are walked one by one. Dates out of order are answered
    from the same dates sorted.
    """
    if any(a > b for a, b in itertools.pairwise(dates)):
        ascending = sorted(set(dates))
        at = dict(zip(ascending, money_of(facts, ascending), strict=True))
        return [at[when] for when in dates]
    ordinals = [when.toordinal() for when in dates]
    if len(ordinals) == 1:
        return [_money_on(facts, ordinals[0])]
    totals = [[0, 0] for _ in dates]
    granted = [0] * (len(dates) + 1)  # the last bucket: after every date
    paid = [0] * (len(dates) + 1)
    first_counting = bisect.bisect_left
    for grants, payments, cancelled in facts:
        for when, amount in grants:
            granted[first_counting(ordinals, when)] += amount
        for when, amount in payments:
            paid[first_counting(ordinals, when)] += amount
        for measure in cancelled:
            _add_walked(measure, ordinals, totals)
    running = zip(itertools.accumulate(granted), itertools.accumulate(paid), strict=True)
    return [
        (committed + total[0], paid_sum)
        for total, (committed, paid_sum) in zip(totals, running, strict=False)
    ]


def _money_on(facts: Iterable[MoneyFacts], day: int) -> tuple[int, int]:
    """Return money_of at the one date ordinal day: each grant and payment by then, summed."""
    committed = paid = 0
    walked = [[0, 0]]
    for grants, payments, cancelled in facts:
        for when, amount in grants:
            if when <= day:
                committed += amount
        for when, amount in payments:
            if when <= day:
                paid += amount
        for measure in cancelled:
            _add_walked(measure, (day,), walked)
    return committed + walked[0][0], paid


def _add_walked(measure: CancelledMoney, dates: Sequence[int], totals: list[list[int]]) -> None:
    """Add a cancelled measure's committed money at each date to totals (its paid is counted
    with every payment), its payments walked once."""
    granted_on, granted, cancelled_on, payments = measure
    ordered = sorted(payments)
    paid, index = 0, 0
    for position, when in enumerate(dates):
        while index < len(ordered) and ordered[index][0] <= when:
            paid += ordered[index][1]
            index += 1
        totals[position][0] += _committed_money(granted_on, granted, cancelled_on, when, paid)


# Measures are frozen, so a measure's money at a date never changes: the reading commands ask
# for the same figures several times (areas, rules, regions, leaders), and this computes each
# once. The entry keeps the measure alive so its id is not reused while the entry stands.
_MONEY_MEMO: dict[tuple[int, date], tuple[models.Measure, int, int]] = {}
_MONEY_MEMO_LIMIT = 400_000


def measure_money(measure: models.Measure, when: date) -> tuple[int, int]:
    """Return (committed_at, paid_at) of the measure at when, remembered per measure and date."""
    key = (id(measure), when)
    entry = _MONEY_MEMO.get(key)
    if entry is not None and entry[0] is measure:
        return entry[1], entry[2]
    paid = paid_at(measure, when)
    committed = _committed(measure, when, paid)
    if len(_MONEY_MEMO) >= _MONEY_MEMO_LIMIT:
        _MONEY_MEMO.clear()
    _MONEY_MEMO[key] = (measure, committed, paid)
    return committed, paid


def money_on(measures: Iterable[models.Measure], when: date) -> tuple[int, int]:
    """Return (committed, paid) summed over the measures at when (see measure_money)."""
    committed = paid = 0
    for m in measures:
        c, p = measure_money(m, when)
        committed += c
        paid += p
    return committed, paid


def released_at(measure: models.Measure, when: date) -> int:
    """Return what a cancellation has released by when: granted less what stays committed."""
    return record_released(measure_record(measure), when.toordinal())


def record_released(measure: MeasureRecord, when: int) -> int:
    """Return released_at of a measure given as a MeasureRecord, at the date ordinal when."""
    granted_on, granted, cancelled_on = measure[1], measure[9], measure[4]
    if cancelled_on is None or cancelled_on > when or granted_on > when:
        return 0
    return granted - record_committed(measure, when)


def record_paid(measure: MeasureRecord, when: int) -> int:
    """Return paid_at of a measure given as a MeasureRecord, at the date ordinal when."""
    return sum(amount for day, amount in measure[10] if day <= when)


def record_committed(measure: MeasureRecord, when: int, paid: int | None = None) -> int:
    """Return committed_at of a measure given as a MeasureRecord, at the date ordinal when
    (paid: record_paid at when, if the caller has it)."""
    if paid is None:
        paid = record_paid(measure, when)
    return _committed_money(measure[1], measure[9], measure[4], when, paid)


def record_state(measure: MeasureRecord, when: int) -> MeasureState | None:
    """Return measure_state of a measure given as a MeasureRecord, at the date ordinal when."""
    return state_of(measure[1], measure[2], measure[3], measure[4], when)


def peak_committed(measures: Iterable[models.Measure]) -> tuple[int, date | None]:
    """Return the highest total committed at any date, and the first date it was reached."""
    peak, peak_date = 0, None
    for when, running in committed_steps(measures):
        if running > peak:
            peak, peak_date = running, when
    return peak, peak_date


def _payment_date(payment: models.Payment) -> date:
    return payment.date


def committed_steps(measures: Iterable[models.Measure]) -> list[tuple[date, int]]:
    """Return (date, total committed from that date) at every date the total changes."""
    changes: dict[date, int] = {}
    for m in measures:
        changes[m.granted_on] = changes.get(m.granted_on, 0) + m.granted
        if m.cancelled_on is not None:
            released = m.granted - min(m.granted, paid_at(m, m.cancelled_on))
            when = max(m.cancelled_on, m.granted_on)
            changes[when] = changes.get(when, 0) - released
            for p in sorted(m.payments, key=_payment_date):  # files need not keep date order
                if p.date > m.cancelled_on and released > 0:
                    back = min(p.amount, released)
                    released -= back
                    changes[p.date] = changes.get(p.date, 0) + back
    steps, running = [], 0
    for when in sorted(changes):
        running += changes[when]
        steps.append((when, running))
    return steps


def milestone_state(milestone: models.Milestone, when: date) -> MilestoneState:
    """Return done (done on or before when), overdue (due before when) or upcoming."""
    if milestone.done is not None and milestone.done <= when:
        return "done"
    if milestone.due < when:
        return "overdue"
    return "upcoming"


def company_status_at(company: models.Company, when: date) -> tuple[str, date] | None:
    """Return the company's (status, since) at when, or None before its first entry."""
    return status_at(company.history, when)


def cluster_status_at(cluster: models.Cluster, when: date) -> tuple[str, date] | None:
    """Return the cluster's (status, since) at when, or None before its first entry."""
    return status_at(cluster.history, when)


def is_recruited(company: models.Company, when: date) -> bool:
    """Tell whether the company is active ("aktiv"): at agreement or completed at when.

    This is what DESIGN.md and the `recruitment` JSON call `recruited`.
    """
    return _active(status_at(company.history, when))


is_active = is_recruited


def _active(status: tuple[str, object] | None) -> bool:
    return status is not None and status[0] in models.RECRUITED_STATUSES


def recruited_ever(company: models.Company, when: date) -> bool:
    """Tell whether the company reached agreement by when, whatever happened since."""
    return recruited_in([(e.date, e.status) for e in company.history], when)


def recruited_in(history: Iterable[tuple[_When, str]], when: _When) -> bool:
    """Return recruited_ever of a history given as (date, status) pairs."""
    return any(d <= when and status in models.RECRUITED_STATUSES for d, status in history)


CompanyFlags = tuple[bool, bool, bool, bool, bool]
# Companies are frozen too: per region and per process leader ask for the same flags.
_FLAGS_MEMO: dict[tuple[int, date], tuple[models.Company, CompanyFlags]] = {}


def company_flags(company: models.Company, when: date) -> CompanyFlags:
    """Return (recruited_ever, active, completed, exited, in_main_goal) at when: one status."""
    key = (id(company), when)
    entry = _FLAGS_MEMO.get(key)
    if entry is not None and entry[0] is company:
        return entry[1]
    flags = flags_of(
        [(e.date, e.status) for e in company.history],
        [(m.kind, m.start, m.cancelled_on) for m in company.measures],
        when,
    )
    if len(_FLAGS_MEMO) >= _MONEY_MEMO_LIMIT:
        _FLAGS_MEMO.clear()
    _FLAGS_MEMO[key] = (company, flags)
    return flags


def flags_of(
    history: Sequence[tuple[_When, str]],
    goal_measures: Iterable[tuple[str, _When | None, _When | None]],
    when: _When,
) -> CompanyFlags:
    """Return company_flags of a company given by its history as (date, status) and its
    measures as (kind, start, cancelled_on)."""
    status = status_in(history, when)
    exited = status is not None and status[0] in models.EXIT_STATUSES
    return (
        recruited_in(history, when),
        _active(status),
        _completed(status),
        exited,
        not exited and _goal_in(goal_measures, when),
    )


def _goal_in(goal_measures: Iterable[tuple[str, _When | None, _When | None]], when: _When) -> bool:
    """Tell whether a started, not cancelled measure is of a main-goal kind (see in_main_goal)."""
    return any(
        kind in models.MAIN_GOAL_KINDS and started_by(start, cancelled_on, when)
        for kind, start, cancelled_on in goal_measures
    )


def record_status(record: CompanyRecord, when: int) -> tuple[str, int] | None:
    """Return the company's (status, since) at the date ordinal when (see status_at)."""
    return status_in(record[6], when)


# Records are plain tuples, never changed: the rows, the regions, the terms and the
# continuation section read the same flags, and this computes them once.
_RECORD_FLAGS_MEMO: dict[tuple[int, int], tuple[CompanyRecord, CompanyFlags]] = {}


def record_flags(record: CompanyRecord, when: int) -> CompanyFlags:
    """Return the company's flags at the date ordinal when (see timeline.company_flags)."""
    key = (id(record), when)
    entry = _RECORD_FLAGS_MEMO.get(key)
    if entry is not None and entry[0] is record:
        return entry[1]
    flags = flags_of(record[6], [(m[0], m[2], m[4]) for m in record[7]], when)
    if len(_RECORD_FLAGS_MEMO) >= _MONEY_MEMO_LIMIT:
        _RECORD_FLAGS_MEMO.clear()
    _RECORD_FLAGS_MEMO[key] = (record, flags)
    return flags


def record_furthest(record: CompanyRecord, when: int) -> str | None:
    """Return the furthest pipeline status reached by when (see furthest_status_at)."""
    return furthest_in(record[6], when)


def record_running(record: CompanyRecord, when: int) -> int:
    """Count the company's measures in progress at when (see timeline.is_running)."""
    return sum(1 for m in record[7] if record_state(m, when) == "started")


def has_exited(owner: models.Company | models.Cluster, when: date) -> bool:
    """Tell whether a company or cluster has left the programme (an exit status) at when."""
    return _exited(owner, status_at(owner.history, when))


def _exited(owner: models.Company | models.Cluster, status: tuple[str, object] | None) -> bool:
    exits = models.EXIT_STATUSES if isinstance(owner, models.Company) else CLUSTER_EXITS
    return status is not None and status[0] in exits


def is_running(measure: models.Measure, when: date) -> bool:
    """Tell whether the measure is in progress ("pågår"): started, not ended, not cancelled."""
    return measure_state(measure, when) == "started"


def in_main_goal(owner: models.Company | models.Cluster, when: date) -> bool:
    """Tell whether a company or cluster counts toward the main goal at when.

    It has a started, not cancelled measure of kind rnd, competence or leadership (one that
    has ended counts too), and has not left the programme.
    """
    return _in_main_goal(owner, when, status_at(owner.history, when))


def _in_main_goal(
    owner: models.Company | models.Cluster, when: date, status: tuple[str, date] | None
) -> bool:
    if _exited(owner, status):
        return False
    return _goal_in(((m.kind, m.start, m.cancelled_on) for m in owner.measures), when)


def main_goal_count(programme: Programme, when: date) -> int:
    """Count the companies in the main goal at when (clusters are counted apart)."""
    return sum(1 for c in programme.companies.values() if in_main_goal(c, when))


def main_goal_clusters(programme: Programme, when: date) -> int:
    """Count the clusters in the main goal at when."""
    return sum(1 for c in programme.clusters.values() if in_main_goal(c, when))


def is_established(cluster: models.Cluster, when: date) -> bool:
    """Tell whether the cluster is established or completed at when."""
    return _established(cluster_status_at(cluster, when))


def _established(status: tuple[str, object] | None) -> bool:
    return status is not None and status[0] in CLUSTER_ESTABLISHED


def _completed(status: tuple[str, object] | None) -> bool:
    return status is not None and status[0] == "completed"


def is_completed(owner: models.Company | models.Cluster, when: date) -> bool:
    """Tell whether a company or cluster has completed its run in the programme at when."""
    return _completed(status_at(owner.history, when))


# Which term (a field of Terms) each target metric in program.yaml is measured by.
METRIC_TERMS = {
    "recruited_companies": "recruited_ever",
    "active_companies": "active",
    "main_goal_companies": "main_goal_companies",
    "main_goal_clusters": "main_goal_clusters",
    "clusters_established": "clusters_established",
    "continuation_plans": "continuation_plans",
}


@dataclass(frozen=True)
class Terms:
    """The report's words, each with its one number at a date (see the glossary)."""

    in_pipeline: int
    recruited_ever: int
    active: int
    exited: int
    main_goal_companies: int
    main_goal_clusters: int
    clusters_established: int
    measures_running: int
    completed: int
    continuation_plans: int


def terms_at(programme: Programme, when: date) -> Terms:
    """Count every term of the report at when, each by its one definition.

    Each company's and cluster's status is found once and the definitions read it. A company
    whose facts the programme keeps is read from its record (see domain/company_record.py),
    so a company loaded as a skeleton is never made whole for it.
    """
    from bif_cli.domain.rules_index import kept_record  # which builds on this module

    in_pipeline = ever = active = exited = main_goal = completed = plans = running = 0
    ordinal = when.toordinal()
    for company_id in programme.loaded_companies():
        record = kept_record(programme, company_id)
        if record is None:
            company = programme.whole_company(company_id)
            # The flags are remembered: per region and per process leader read the same ones.
            flags = company_flags(company, when)
            reached = furthest_status_at(company, when)
            plan = company.continuation_plan
            running += sum(1 for m in company.measures if is_running(m, when))
        else:
            flags = record_flags(record, ordinal)
            reached = record_furthest(record, ordinal)
            plan = record[5]
            running += record_running(record, ordinal)
        was_recruited, is_active, has_completed, left, in_goal = flags
        in_pipeline += reached is not None
        ever += was_recruited
        active += is_active
        exited += left
        main_goal += in_goal
        if has_completed:
            completed += 1
            plans += bool(plan)
    goal_clusters = established = 0
    for cluster in programme.clusters.values():
        status = status_at(cluster.history, when)
        goal_clusters += _in_main_goal(cluster, when, status)
        established += _established(status)
        if _completed(status):
            completed += 1
            plans += bool(cluster.continuation_plan)
    return Terms(
        in_pipeline=in_pipeline,
        recruited_ever=ever,
        active=active,
        exited=exited,
        main_goal_companies=main_goal,
        main_goal_clusters=goal_clusters,
        clusters_established=established,
        measures_running=running
        + sum(1 for m in _others_measures(programme) if is_running(m, when)),
        completed=completed,
        continuation_plans=plans,
    )


@dataclass(frozen=True)
class AreaMoney:
    """One budget area's money at a date."""

    id: str
    name: str
    allocation: int
    committed: int
    paid: int

    @property
    def remaining(self) -> int:
        return self.allocation - self.committed


def _others_measures(programme: Programme) -> Iterator[models.Measure]:
    """Yield the measures of the clusters and the programme costs (all_measures' rest)."""
    for cluster in programme.clusters.values():
        yield from cluster.measures
    if programme.budget is not None:
        yield from programme.budget.costs


def all_measures(programme: Programme) -> Iterable[models.Measure]:
    """Yield every measure: in companies, clusters and programme-level costs (owners' order)."""
    # Read straight from the owners, not through Programme.owners, which builds each file path.
    for company in programme.companies.values():
        yield from company.measures
    for cluster in programme.clusters.values():
        yield from cluster.measures
    if programme.budget is not None:
        yield from programme.budget.costs


def area_money(programme: Programme, when: date) -> list[AreaMoney]:
    """Return allocation, committed and paid per budget area at when, in budget order."""
    return area_money_at(programme, [when])[0]


def area_money_at(programme: Programme, dates: Sequence[date]) -> list[list[AreaMoney]]:
    """Return area_money at each of the dates, every measure walked once (see money_of).

    A company's money comes from its facts where the programme keeps them (see
    Programme.facts), so companies loaded as skeletons are never made whole for it.
    """
    if programme.budget is None:
        return [[] for _ in dates]
    by_area: dict[str, list[MoneyFacts]] = {}
    for area, facts in owners_money(programme):
        by_area.setdefault(area, []).append(facts)
    ascending = sorted(set(dates))  # money_of counts date by date only along ascending dates
    position = {when: index for index, when in enumerate(ascending)}
    nothing = [(0, 0)] * len(ascending)
    money = {area: money_of(owned, ascending) for area, owned in by_area.items()}
    return [
        [
            AreaMoney(
                a.id, a.name, a.allocation_at(when), *money.get(a.id, nothing)[position[when]]
            )
            for a in programme.budget.areas
        ]
        for when in dates
    ]


def area_money_facts(measures: Iterable[models.Measure]) -> AreaMoneyFacts:
    """Return, per area in the order first met, the money of the measures (see MoneyFacts)."""
    by_area: dict[str, list[models.Measure]] = {}
    for m in measures:
        by_area.setdefault(m.area, []).append(m)
    return tuple((area, money_facts(grouped)) for area, grouped in by_area.items())


def owners_money(programme: Programme) -> Iterator[tuple[str, MoneyFacts]]:
    """Yield (area, money) of every company, cluster and the programme costs, owners' order."""
    from bif_cli.domain.rules_index import companies_budget_facts  # which builds on this module

    for _company_id, (money, _overruns) in companies_budget_facts(programme):
        yield from money
    for cluster in programme.clusters.values():
        yield from area_money_facts(cluster.measures)
    if programme.budget is not None:
        yield from area_money_facts(programme.budget.costs)


def status_counts(programme: Programme, when: date, region: str | None = None) -> dict[str, int]:
    """Count companies per status at when (every status, zeros included), optionally in a region."""
    counts = dict.fromkeys(models.COMPANY_STATUSES, 0)
    for company in programme.companies.values():
        if region is not None and company.region != region:
            continue
        status = company_status_at(company, when)
        if status is not None:
            counts[status[0]] += 1
    return counts


def recruited_count(programme: Programme, when: date) -> int:
    """Count companies recruited (agreement or completed) at when.

    A company's kept record is read where the programme has one (see Programme.facts), so a
    company loaded as a skeleton is not made whole for it.
    """
    return sum(company_recruited(programme, i, when) for i in programme.loaded_companies())


def company_recruited(programme: Programme, company_id: str, when: date) -> bool:
    """Tell whether one company is recruited at when, as recruited_count counts it."""
    from bif_cli.domain.rules_index import kept_record  # which builds on this module

    record = kept_record(programme, company_id)
    if record is not None:
        return record_flags(record, when.toordinal())[1]
    return is_recruited(programme.whole_company(company_id), when)


_PIPELINE = models.COMPANY_STATUSES[:5]
_PIPELINE_RANK = {status: rank for rank, status in enumerate(_PIPELINE)}


def furthest_status_at(company: models.Company, when: date) -> str | None:
    """Return the furthest pipeline status (identified … completed) reached by when, exits aside."""
    return furthest_in([(e.date, e.status) for e in company.history], when)


def furthest_in(history: Iterable[tuple[_When, str]], when: _When) -> str | None:
    """Return furthest_status_at of a history given as (date, status) pairs."""
    furthest = -1
    for d, status in history:
        if d <= when:
            furthest = max(furthest, _PIPELINE_RANK.get(status, -1))
    return _PIPELINE[furthest] if furthest >= 0 else None
