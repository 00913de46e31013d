"""The programme at a date: statuses, measure states, money and milestones, as pure functions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal, Protocol

from bif_cli.domain import models
from bif_cli.domain.programme import Programme

MeasureState = Literal["planned", "started", "completed", "cancelled"]
MilestoneState = Literal["done", "overdue", "upcoming"]


class _Dated(Protocol):
    @property
    def date(self) -> date: ...
    @property
    def status(self) -> str: ...


def status_at(history: Sequence[_Dated], when: date) -> tuple[str, date] | None:
    """Return (status, since) from the last history entry dated on or before when."""
    current = None
    for entry in history:
        if entry.date <= when:
            current = entry
        else:
            break
    if current is None:
        return None
    return current.status, current.date


def measure_state(measure: models.Measure, when: date) -> MeasureState | None:
    """Return the measure's state at when, or None while it is not yet granted."""
    if measure.cancelled_on is not None and measure.cancelled_on <= when:
        return "cancelled"
    if measure.granted_on > when:
        return None
    if measure.end is not None and measure.end <= when:
        return "completed"
    if measure.start is not None and measure.start <= when:
        return "started"
    return "planned"


def is_started(measure: models.Measure, when: date) -> bool:
    """Tell whether the measure has started by when and is not cancelled (completed counts)."""
    if measure.cancelled_on is not None and measure.cancelled_on <= when:
        return False
    return measure.start is not None and measure.start <= when


def paid_at(measure: models.Measure, when: date) -> int:
    """Return the sum of payments dated on or before when."""
    return sum(p.amount for p in measure.payments if p.date <= when)


def committed_at(measure: models.Measure, when: date) -> int:
    """Return what the programme has committed to the measure at when.

    A cancellation releases what was granted but not paid; payments made after it still count.
    """
    if measure.granted_on > when:
        return 0
    if measure.cancelled_on is not None and measure.cancelled_on <= when:
        return min(measure.granted, paid_at(measure, when))
    return measure.granted


def peak_committed(measures: Iterable[models.Measure]) -> tuple[int, date | None]:
    """Return the highest total committed at any date, and the first date it was reached."""
    peak, peak_date = 0, None
    for when, running in committed_steps(measures):
        if running > peak:
            peak, peak_date = running, when
    return peak, peak_date


def committed_steps(measures: Iterable[models.Measure]) -> list[tuple[date, int]]:
    """Return (date, total committed from that date) at every date the total changes."""
    changes: dict[date, int] = {}
    for m in measures:
        changes[m.granted_on] = changes.get(m.granted_on, 0) + m.granted
        if m.cancelled_on is not None:
            released = m.granted - min(m.granted, paid_at(m, m.cancelled_on))
            when = max(m.cancelled_on, m.granted_on)
            changes[when] = changes.get(when, 0) - released
            for p in m.payments:
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
    """Tell whether the company is recruited (agreement or completed) at when."""
    status = company_status_at(company, when)
    return status is not None and status[0] in models.RECRUITED_STATUSES


def in_main_goal(company: models.Company, when: date) -> bool:
    """Tell whether the company is 'i gang med kompetanse-/FoU-tiltak' at when."""
    return any(m.kind in models.MAIN_GOAL_KINDS and is_started(m, when) for m in company.measures)


def main_goal_count(programme: Programme, when: date) -> int:
    """Count companies with a started measure of kind rnd, competence or leadership."""
    return sum(1 for c in programme.companies.values() if in_main_goal(c, when))


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


def all_measures(programme: Programme) -> Iterable[models.Measure]:
    """Yield every measure: in companies, clusters and programme-level costs."""
    for _path, _owner, measures in programme.owners():
        yield from measures


def area_money(programme: Programme, when: date) -> list[AreaMoney]:
    """Return allocation, committed and paid per budget area at when, in budget order."""
    if programme.budget is None:
        return []
    committed: dict[str, int] = {}
    paid: dict[str, int] = {}
    for m in all_measures(programme):
        committed[m.area] = committed.get(m.area, 0) + committed_at(m, when)
        paid[m.area] = paid.get(m.area, 0) + paid_at(m, when)
    return [
        AreaMoney(a.id, a.name, a.allocation_at(when), committed.get(a.id, 0), paid.get(a.id, 0))
        for a in programme.budget.areas
    ]


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
    """Count companies recruited (agreement or completed) at when."""
    return sum(1 for c in programme.companies.values() if is_recruited(c, when))


def furthest_status_at(company: models.Company, when: date) -> str | None:
    """Return the furthest pipeline status (identified … completed) reached by when, exits aside."""
    pipeline = models.COMPANY_STATUSES[:5]
    reached = [
        pipeline.index(e.status) for e in company.history if e.date <= when and e.status in pipeline
    ]
    return pipeline[max(reached)] if reached else None
