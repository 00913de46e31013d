"""Submitted reports: the record of what a report told the owner, and what has moved since."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from pydantic import Field

from bif_cli.domain import models
from bif_cli.domain.programme import BUDGET_FILE, MILESTONES_FILE, Loc, Programme
from bif_cli.domain.quarter import Quarter, parse_quarter
from bif_cli.domain.rules_index import company_records, measure_records
from bif_cli.domain.timeline import (
    METRIC_TERMS,
    cluster_status_at,
    milestone_state,
    record_committed,
    record_paid,
    record_status,
    terms_at,
)

SUBMITTED_DIR = "data/submitted"
ReportKind = Literal["quarterly", "annual", "final"]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
_YEAR = re.compile(r"\d{4}")


class AreaFigures(models.Model):
    id: models.Ident
    committed: models.Money
    paid: models.Money
    paid_in_period: models.Money


class MeasureFigures(models.Model):
    owner: models.Text
    id: models.Ident
    area: models.Ident
    committed: models.Money
    paid: models.Money
    paid_in_period: models.Money


class MainGoal(models.Model):
    companies: models.Count
    clusters: models.Count


class Figures(models.Model):
    """The figures a report showed, as of its last day."""

    areas: list[AreaFigures] = []
    measures: list[MeasureFigures] = []
    statuses: dict[str, models.Count] = {}
    main_goal: MainGoal
    companies: dict[str, models.Text] = {}
    clusters: dict[str, models.Text] = {}
    milestones: dict[str, models.Text] = {}
    targets: dict[str, models.Count] = {}


class SubmittedRecord(models.Model):
    """data/submitted/<YYYY>-Q<n>.yaml (<YYYY>.yaml, final.yaml): a report as it was sent."""

    report: ReportKind
    period: models.Text
    start: models.IsoDate
    end: models.IsoDate
    sent: models.IsoDate
    lang: models.Language
    bif_version: models.Text
    sha256: Sha256
    figures: Figures


@dataclass(frozen=True)
class Period:
    """What a report covers: its kind, its label (Q2-2015, 2015, final) and its dates."""

    kind: ReportKind
    label: str
    start: date
    end: date

    @property
    def stem(self) -> str:
        """The record's file stem: 2015-Q2, 2015 or final."""
        if self.kind == "quarterly":
            return parse_quarter(self.label).stem
        return self.label

    @property
    def path(self) -> str:
        return f"{SUBMITTED_DIR}/{self.stem}.yaml"


def quarter_period(quarter: Quarter) -> Period:
    return Period("quarterly", str(quarter), quarter.first_day, quarter.last_day)


def year_period(year: int) -> Period:
    return Period("annual", str(year), date(year, 1, 1), date(year, 12, 31))


def final_period(programme: Programme) -> Period:
    assert programme.program is not None
    span = programme.program.period
    return Period("final", "final", span.start, span.end)


def record_path(stem: str) -> str:
    return f"{SUBMITTED_DIR}/{stem}.yaml"


def owned_measures(programme: Programme) -> Iterator[tuple[str, str, int, models.Measure]]:
    """Yield (path, owner id, index, measure) for every measure of the programme."""
    for path, owner, measures in programme.owners():
        for index, measure in enumerate(measures):
            yield path, owner, index, measure


def figures_at(programme: Programme, start: date, end: date) -> Figures:
    """Return the figures a report for start..end shows, from the dated facts.

    Companies are read as records (see domain/company_record.py), from their kept facts where
    the programme has them, so none is made whole for it.
    """
    last, before = end.toordinal(), (start - timedelta(days=1)).toordinal()
    measures: list[MeasureFigures] = []
    by_area: dict[str, list[tuple[int, int, int]]] = {}
    for owner, _name, m in measure_records(programme):
        paid = record_paid(m, last)
        money = (record_committed(m, last, paid), paid, paid - record_paid(m, before))
        by_area.setdefault(m[7], []).append(money)
        if m[1] <= last:
            committed, paid, paid_in_period = money
            measures.append(
                MeasureFigures(
                    owner=owner,
                    id=m[5],
                    area=m[7],
                    committed=committed,
                    paid=paid,
                    paid_in_period=paid_in_period,
                )
            )
    areas = []
    if programme.budget is not None:
        for area in programme.budget.areas:
            inside = by_area.get(area.id, [])
            areas.append(
                AreaFigures(
                    id=area.id,
                    committed=sum(money[0] for money in inside),
                    paid=sum(money[1] for money in inside),
                    paid_in_period=sum(money[2] for money in inside),
                )
            )
    statuses = dict.fromkeys(models.COMPANY_STATUSES, 0)  # as status_counts counts them
    companies = {}
    for company_id, record in sorted(company_records(programme), key=lambda kept: kept[0]):
        status = record_status(record, last)
        if status is not None:
            companies[company_id] = status[0]
            statuses[status[0]] += 1
    clusters = {}
    for cluster_id, cluster in sorted(programme.clusters.items()):
        cluster_status = cluster_status_at(cluster, end)
        if cluster_status is not None:
            clusters[cluster_id] = cluster_status[0]
    milestones: dict[str, str] = {}
    if programme.milestones is not None:
        milestones = {m.id: str(milestone_state(m, end)) for m in programme.milestones.milestones}
    counted = terms_at(programme, end)
    targets = {}
    if programme.program is not None and programme.program.targets:
        targets = {
            t.id: getattr(counted, METRIC_TERMS[t.metric]) for t in programme.program.targets
        }
    return Figures(
        areas=areas,
        measures=measures,
        statuses=statuses,
        main_goal=MainGoal(
            companies=counted.main_goal_companies, clusters=counted.main_goal_clusters
        ),
        companies=companies,
        clusters=clusters,
        milestones=milestones,
        targets=targets,
    )


@dataclass(frozen=True)
class Culprit:
    """An entry of the data that moved a reported figure: where it is and its correction."""

    path: str
    loc: Loc
    label: str
    reason: str | None


@dataclass(frozen=True)
class Moved:
    """One reported figure that the data now gives differently."""

    record: str
    period: str
    figure: str
    args: tuple[tuple[str, str | int], ...]
    reported: int | str
    now: int | str
    money: bool
    culprits: tuple[Culprit, ...]

    @property
    def corrected(self) -> bool:
        """Every entry that moved it carries a correction (and at least one was found)."""
        return bool(self.culprits) and all(c.reason is not None for c in self.culprits)

    @property
    def reasons(self) -> list[str]:
        return sorted({c.reason for c in self.culprits if c.reason is not None})


def _measure_culprit(
    programme: Programme, path: str, owner: str, index: int, m: models.Measure, end: date
) -> Culprit:
    """The measure that moved a figure; a corrected payment in it, if any, is where it points."""
    base: Loc = (*programme.measures_loc(owner), index)
    if m.correction is not None:
        return Culprit(path, (*base, "id"), f"{owner}/{m.id}", m.correction.reason)
    for p_index, payment in reversed(list(enumerate(m.payments))):
        if payment.date <= end and payment.correction is not None:
            loc: Loc = (*base, "payments", p_index)
            return Culprit(path, loc, f"{owner}/{m.id}", payment.correction.reason)
    return Culprit(path, (*base, "id"), f"{owner}/{m.id}", None)


def _history_culprit(
    programme: Programme, path: str, label: str, history: list[Any], end: date
) -> Culprit:
    reason = None
    loc: Loc = ("history", 0)
    for index, entry in enumerate(history):
        if entry.date > end:
            continue
        loc = ("history", index)
        if entry.correction is not None:
            reason = entry.correction.reason
    return Culprit(path, loc, label, reason)


def moved_figures(programme: Programme, record_rel: str, record: SubmittedRecord) -> list[Moved]:
    """Compare a submitted record with what the data gives now for the same period."""
    now = figures_at(programme, record.start, record.end)
    was = record.figures
    end = record.end
    moved: list[Moved] = []

    def add(
        figure: str,
        reported: int | str,
        current: int | str,
        culprits: list[Culprit],
        *,
        money: bool = False,
        **values: str | int,
    ) -> None:
        moved.append(
            Moved(
                record_rel,
                record.period,
                figure,
                tuple(values.items()),
                reported,
                current,
                money,
                tuple(culprits),
            )
        )

    located: dict[tuple[str, str], tuple[str, int, models.Measure]] = {}

    def index_of(owner: str, measure_id: str) -> tuple[str, int, models.Measure] | None:
        """Where the owner's measure stands, as owned_measures last yields it: worked out only
        when a figure moved, so an unmoved report makes no company whole."""
        if not located:
            for p, o, i, m in owned_measures(programme):
                located[(o, m.id)] = (p, i, m)
        return located.get((owner, measure_id))

    was_measures = {(m.owner, m.id): m for m in was.measures}
    now_measures = {(m.owner, m.id): m for m in now.measures}
    # (area, figure) -> the measures whose own figure moved
    moved_measures: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for key in sorted(set(was_measures) | set(now_measures)):
        a, b = was_measures.get(key), now_measures.get(key)
        for name in ("committed", "paid", "paid_in_period"):
            if (getattr(a, name) if a else 0) != (getattr(b, name) if b else 0):
                for area in {m.area for m in (a, b) if m is not None}:
                    moved_measures.setdefault((area, name), []).append(key)

    def measure_culprits(area: str | None, name: str | None = None) -> list[Culprit]:
        found = []
        keys = (
            moved_measures.get((area, name or ""), [])
            if area is not None
            else sorted({k for ks in moved_measures.values() for k in ks})
        )
        for owner, measure_id in keys:
            where = index_of(owner, measure_id)
            if where is not None:
                path, index, m = where
                found.append(_measure_culprit(programme, path, owner, index, m, end))
            else:
                gone = Programme.company_path(owner) if owner != "costs" else BUDGET_FILE
                found.append(Culprit(gone, (), f"{owner}/{measure_id}", None))
        return found

    was_areas = {a.id: a for a in was.areas}
    for now_area in now.areas:
        before = was_areas.get(now_area.id)
        for name in ("committed", "paid", "paid_in_period"):
            reported = getattr(before, name) if before else 0
            current = getattr(now_area, name)
            if reported != current:
                add(
                    f"area_{name}",
                    reported,
                    current,
                    measure_culprits(now_area.id, name),
                    money=True,
                    area=now_area.id,
                )

    status_culprits = []
    for company_id in sorted(set(was.companies) | set(now.companies)):
        if was.companies.get(company_id) != now.companies.get(company_id):
            company = (
                programme.whole_company(company_id)
                if company_id in programme.loaded_companies()
                else None
            )
            path = Programme.company_path(company_id)
            if company is None:
                status_culprits.append(Culprit(path, (), company_id, None))
            else:
                status_culprits.append(
                    _history_culprit(programme, path, company_id, list(company.history), end)
                )
    for status in models.COMPANY_STATUSES:
        reported, current = was.statuses.get(status, 0), now.statuses.get(status, 0)
        if reported != current:
            add("status_count", reported, current, status_culprits, status=status)

    cluster_culprits = []
    for cluster_id in sorted(set(was.clusters) | set(now.clusters)):
        reported_status = was.clusters.get(cluster_id, "-")
        current_status = now.clusters.get(cluster_id, "-")
        if reported_status != current_status:
            cluster = programme.clusters.get(cluster_id)
            path = Programme.cluster_path(cluster_id)
            culprit = (
                _history_culprit(programme, path, cluster_id, list(cluster.history), end)
                if cluster is not None
                else Culprit(path, (), cluster_id, None)
            )
            cluster_culprits.append(culprit)
            add("cluster_status", reported_status, current_status, [culprit], cluster=cluster_id)

    every = status_culprits + cluster_culprits + measure_culprits(None)
    for name in ("companies", "clusters"):
        reported, current = getattr(was.main_goal, name), getattr(now.main_goal, name)
        if reported != current:
            add(f"main_goal_{name}", reported, current, every)

    milestone_index = {}
    if programme.milestones is not None:
        milestone_index = {m.id: (i, m) for i, m in enumerate(programme.milestones.milestones)}
    for milestone_id in sorted(set(was.milestones) | set(now.milestones)):
        reported_state = was.milestones.get(milestone_id, "-")
        current_state = now.milestones.get(milestone_id, "-")
        if reported_state != current_state:
            if milestone_id in milestone_index:
                i, milestone = milestone_index[milestone_id]
                reason = milestone.correction.reason if milestone.correction else None
                culprit = Culprit(MILESTONES_FILE, ("milestones", i), milestone_id, reason)
            else:
                culprit = Culprit(MILESTONES_FILE, (), milestone_id, None)
            add(
                "milestone_state",
                reported_state,
                current_state,
                [culprit],
                milestone=milestone_id,
            )

    for target_id in sorted(set(was.targets) | set(now.targets)):
        reported_value, current_value = was.targets.get(target_id, 0), now.targets.get(target_id, 0)
        if reported_value != current_value:
            add("target", reported_value, current_value, every, target=target_id)
    return moved


def all_moved(programme: Programme) -> list[Moved]:
    """Return every moved figure of every submitted record, oldest record first."""
    found: list[Moved] = []
    for rel, record in sorted(programme.submitted.items(), key=lambda kv: kv[1].end):
        found.extend(moved_figures(programme, rel, record))
    return found


def closed_until(programme: Programme) -> date | None:
    """Return the last day reported in any submitted record (None: nothing submitted)."""
    ends = [r.end for r in programme.submitted.values()]
    return max(ends) if ends else None


def record_covering(programme: Programme, day: date) -> SubmittedRecord | None:
    """Return the submitted record whose period holds day, else the first one ending after it."""
    records = sorted(programme.submitted.values(), key=lambda r: (r.end, r.start))
    inside = [r for r in records if r.start <= day <= r.end and r.report == "quarterly"]
    if inside:
        return inside[0]
    later = [r for r in records if r.end >= day]
    return later[0] if later else None


def is_year_label(text: str) -> bool:
    return bool(_YEAR.fullmatch(text))
