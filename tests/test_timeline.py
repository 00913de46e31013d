"""State at a date, on the day before and the day of every change written in the files."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from bif_cli.domain import timeline
from bif_cli.domain.programme import Programme
from bif_cli.io.check import check_programme

COMPANY = """\
name: Grense Mekaniske AS
org_number: "921588135"
region: nord
municipality: "0511"
nace: "25.620"
market: national
process_leader: pl-nord
history:
  - {date: 2014-01-20, status: identified}
  - {date: 2014-02-10, status: contacted}
  - {date: 2014-03-05, status: agreement}
measures:
  - id: fou
    title: FoU-prosjekt
    kind: rnd
    area: B
    granted: 250000
    granted_on: 2014-03-20
    start: 2014-04-01
    end: 2014-12-31
    payments:
      - {date: 2014-06-30, amount: 100000}
  - id: nettbutikk
    title: Nettbutikk
    kind: digital
    area: B
    granted: 200000
    granted_on: 2014-05-01
    start: 2014-06-01
    cancelled_on: 2015-01-15
    payments:
      - {date: 2014-12-01, amount: 50000}
"""

CLUSTER = """\
name: Metallklyngen
region: nord
members: [grense]
history:
  - {date: 2014-05-01, status: identified}
  - {date: 2014-09-01, status: established}
"""

MILESTONES = """\
milestones:
  - {id: rapport, title: Rapport, due: 2015-06-30, done: 2015-07-10}
"""

DAY = timedelta(days=1)


@pytest.fixture
def programme(make_programme: Callable[..., Path]) -> Programme:
    root = make_programme(
        {
            "data/companies/eksempel-trevare.yaml": None,
            "data/companies/grense.yaml": COMPANY,
            "data/clusters/metall.yaml": CLUSTER,
            "data/milestones.yaml": MILESTONES,
        }
    )
    loaded, problems = check_programme(root, date(2016, 12, 31))
    assert [p for p in problems if p.is_error] == []
    return loaded


def _measure(programme: Programme, measure_id: str) -> object:
    return next(m for m in programme.companies["grense"].measures if m.id == measure_id)


def test_company_status_changes_on_the_day_of_the_entry(programme: Programme) -> None:
    company = programme.companies["grense"]
    change = date(2014, 2, 10)
    assert timeline.company_status_at(company, change - DAY) == ("identified", date(2014, 1, 20))
    assert timeline.company_status_at(company, change) == ("contacted", change)


def test_company_is_not_in_the_pipeline_before_its_first_entry(programme: Programme) -> None:
    company = programme.companies["grense"]
    first = date(2014, 1, 20)
    assert timeline.company_status_at(company, first - DAY) is None
    assert timeline.company_status_at(company, first) == ("identified", first)
    assert timeline.status_counts(programme, first - DAY)["identified"] == 0
    assert timeline.status_counts(programme, first)["identified"] == 1


def test_recruited_from_the_day_of_the_agreement(programme: Programme) -> None:
    company = programme.companies["grense"]
    agreement = date(2014, 3, 5)
    assert not timeline.is_recruited(company, agreement - DAY)
    assert timeline.is_recruited(company, agreement)
    assert timeline.recruited_count(programme, agreement - DAY) == 0
    assert timeline.recruited_count(programme, agreement) == 1


def test_cluster_status_changes_on_the_day_of_the_entry(programme: Programme) -> None:
    cluster = programme.clusters["metall"]
    change = date(2014, 9, 1)
    assert timeline.cluster_status_at(cluster, change - DAY) == ("identified", date(2014, 5, 1))
    assert timeline.cluster_status_at(cluster, change) == ("established", change)


def test_grant_commits_money_on_its_day(programme: Programme) -> None:
    fou = _measure(programme, "fou")
    granted = date(2014, 3, 20)
    assert timeline.measure_state(fou, granted - DAY) is None
    assert timeline.committed_at(fou, granted - DAY) == 0
    assert timeline.measure_state(fou, granted) == "planned"
    assert timeline.committed_at(fou, granted) == 250000


def test_start_and_end_change_the_measure_state(programme: Programme) -> None:
    fou = _measure(programme, "fou")
    start, end = date(2014, 4, 1), date(2014, 12, 31)
    assert timeline.measure_state(fou, start - DAY) == "planned"
    assert not timeline.is_started(fou, start - DAY)
    assert timeline.measure_state(fou, start) == "started"
    assert timeline.is_started(fou, start)
    assert timeline.measure_state(fou, end - DAY) == "started"
    assert timeline.measure_state(fou, end) == "completed"
    assert timeline.is_started(fou, end)  # a completed measure has started


def test_main_goal_counts_from_the_start_of_a_fou_measure(programme: Programme) -> None:
    start = date(2014, 4, 1)
    assert timeline.main_goal_count(programme, start - DAY) == 0
    assert timeline.main_goal_count(programme, start) == 1


def test_payment_counts_from_its_day(programme: Programme) -> None:
    fou = _measure(programme, "fou")
    paid = date(2014, 6, 30)
    assert timeline.paid_at(fou, paid - DAY) == 0
    assert timeline.paid_at(fou, paid) == 100000


def test_cancellation_releases_the_unpaid_rest_on_its_day(programme: Programme) -> None:
    shop = _measure(programme, "nettbutikk")
    cancelled = date(2015, 1, 15)
    assert timeline.measure_state(shop, cancelled - DAY) == "started"
    assert timeline.is_started(shop, cancelled - DAY)
    assert timeline.committed_at(shop, cancelled - DAY) == 200000
    assert timeline.measure_state(shop, cancelled) == "cancelled"
    assert not timeline.is_started(shop, cancelled)
    assert timeline.committed_at(shop, cancelled) == 50000  # what was paid stays committed
    assert timeline.paid_at(shop, cancelled) == 50000


def test_area_money_follows_grants_payments_and_cancellations(programme: Programme) -> None:
    def area_b(when: date) -> tuple[int, int]:
        money = {m.id: m for m in timeline.area_money(programme, when)}["B"]
        return money.committed, money.paid

    assert area_b(date(2014, 3, 19)) == (0, 0)
    assert area_b(date(2014, 3, 20)) == (250000, 0)
    assert area_b(date(2014, 5, 1)) == (450000, 0)
    assert area_b(date(2014, 6, 30)) == (450000, 100000)
    assert area_b(date(2015, 1, 14)) == (450000, 150000)
    assert area_b(date(2015, 1, 15)) == (300000, 150000)


def test_milestone_due_and_done_boundaries(programme: Programme) -> None:
    assert programme.milestones is not None
    ms = programme.milestones.milestones[0]
    due, done = date(2015, 6, 30), date(2015, 7, 10)
    assert timeline.milestone_state(ms, due) == "upcoming"  # due today is not yet overdue
    assert timeline.milestone_state(ms, due + DAY) == "overdue"
    assert timeline.milestone_state(ms, done - DAY) == "overdue"
    assert timeline.milestone_state(ms, done) == "done"


def test_committed_steps_take_payments_after_a_cancellation_in_date_order() -> None:
    """The money committed step by step (BIF211 over every date) is committed_at at every date,
    also when the payments after a cancellation are written out of date order."""
    from bif_cli.domain import models

    measure = models.Measure.model_validate(
        {
            "id": "avbrutt",
            "title": "Avbrutt tiltak",
            "kind": "rnd",
            "area": "B",
            "granted": 100000,
            "granted_on": "2015-01-01",
            "cancelled_on": "2015-01-10",
            "payments": [
                {"date": "2015-01-20", "amount": 80000},
                {"date": "2015-01-15", "amount": 50000},
                {"date": "2015-01-05", "amount": 10000},
            ],
        }
    )
    steps = timeline.committed_steps([measure])
    for offset in range(40):
        when = date(2014, 12, 25) + timedelta(days=offset)
        stepped = next((total for day, total in reversed(steps) if day <= when), 0)
        assert stepped == timeline.committed_at(measure, when), when


def test_money_at_one_date_is_that_date_asked_with_others() -> None:
    """money_of answers a single date by its own short path: the same sums as the general one,
    on every day around each grant, payment and cancellation (cancelled measures included)."""
    from bif_cli.domain import models

    def measure(**fields: object) -> models.Measure:
        base = {"title": "Tiltak", "kind": "rnd", "area": "B", "granted": 100000}
        return models.Measure.model_validate({**base, **fields})

    measures = [
        measure(
            id="a", granted_on="2015-01-01", payments=[{"date": "2015-02-01", "amount": 40000}]
        ),
        measure(
            id="b",
            granted_on="2015-01-05",
            cancelled_on="2015-01-10",
            payments=[
                {"date": "2015-01-20", "amount": 80000},
                {"date": "2015-01-07", "amount": 10000},
            ],
        ),
        measure(id="c", granted_on="2015-03-01"),
    ]
    facts = [timeline.money_facts(measures)]
    days = [date(2014, 12, 30) + timedelta(days=offset) for offset in range(70)]
    together = timeline.money_of(facts, days)
    for day, both in zip(days, together, strict=True):
        assert timeline.money_of(facts, [day]) == [both], day
        assert both == (
            sum(timeline.committed_at(m, day) for m in measures),
            sum(timeline.paid_at(m, day) for m in measures),
        ), day
