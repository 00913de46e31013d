"""The reading commands' shared figures equal what the one-definition functions give one by one.

Money per measure, company flags, per-region counts and the report's funnel are now computed
once per command and shared; here each is compared with the plain per-item definitions in
timeline, on the repository's data and on a generated programme, at many dates, twice over
(the second time from what is remembered).
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from bif_cli.domain import models, timeline
from bif_cli.domain.programme import Programme
from bif_cli.domain.quarter import Quarter, quarter_of
from bif_cli.io.store import load_programme
from bif_cli.outputs import breakdowns, overviews, report

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench" / "generate.py"
DATES = [date(2013, 6, 30), date(2014, 12, 31), date(2015, 6, 30), date(2016, 3, 15)]
DATES += [date(2016, 12, 31), date(2030, 1, 1)]


@pytest.fixture(scope="module", params=["repository", "generated"])
def programme(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Programme:
    if request.param == "repository":
        root = REPO
    else:
        root = tmp_path_factory.mktemp("generated")
        command = [sys.executable, str(BENCH), "300", str(root), "--seed", "16"]
        subprocess.run(command, check=True, capture_output=True)
    loaded, _problems = load_programme(root)
    return loaded


def _dates(programme: Programme) -> list[date]:
    days = set(DATES)
    for _path, _owner, measures in programme.owners():
        for m in measures:
            days.add(m.granted_on)
            days.update(d for d in (m.start, m.end, m.cancelled_on) if d is not None)
            days.update(p.date for p in m.payments)
    return sorted(days)[:: max(1, len(days) // 40)] + DATES


def _area_money_one_by_one(programme: Programme, when: date) -> list[timeline.AreaMoney]:
    assert programme.budget is not None
    committed: dict[str, int] = {}
    paid: dict[str, int] = {}
    for m in timeline.all_measures(programme):
        committed[m.area] = committed.get(m.area, 0) + timeline.committed_at(m, when)
        paid[m.area] = paid.get(m.area, 0) + timeline.paid_at(m, when)
    return [
        timeline.AreaMoney(
            a.id, a.name, a.allocation_at(when), committed.get(a.id, 0), paid.get(a.id, 0)
        )
        for a in programme.budget.areas
    ]


def _counts_one_by_one(companies: list[models.Company], when: date) -> dict[str, int]:
    return {
        "recruited_ever": sum(1 for c in companies if timeline.recruited_ever(c, when)),
        "active": sum(1 for c in companies if timeline.is_recruited(c, when)),
        "completed": sum(1 for c in companies if timeline.is_completed(c, when)),
        "exited": sum(1 for c in companies if timeline.has_exited(c, when)),
        "main_goal_companies": sum(1 for c in companies if timeline.in_main_goal(c, when)),
    }


def test_measure_money_is_committed_at_and_paid_at(programme: Programme) -> None:
    measures = list(timeline.all_measures(programme))
    for when in _dates(programme):
        for _round in range(2):
            for m in measures:
                expected = (timeline.committed_at(m, when), timeline.paid_at(m, when))
                assert timeline.measure_money(m, when) == expected
            assert timeline.money_on(measures, when) == timeline.money_at(measures, [when])[0]


def test_area_money_is_the_sum_measure_by_measure(programme: Programme) -> None:
    for when in _dates(programme):
        expected = _area_money_one_by_one(programme, when)
        assert timeline.area_money(programme, when) == expected
        assert timeline.area_money(programme, when) == expected


def test_area_money_at_many_dates_is_area_money_date_by_date(programme: Programme) -> None:
    days = _dates(programme)
    series = [
        days,
        DATES,
        [date(2016, 12, 31), date(2014, 1, 1), date(2015, 6, 30)],  # out of order
        [date(2014, 12, 31), date(2014, 12, 31)],
        [date(2000, 1, 1), date(2100, 1, 1)],
        [],
    ]
    for dates in series:
        expected = [_area_money_one_by_one(programme, when) for when in dates]
        assert timeline.area_money_at(programme, dates) == expected


def test_all_measures_are_the_owners_measures_in_their_order(programme: Programme) -> None:
    listed = [m for _path, _owner, measures in programme.owners() for m in measures]
    found = list(timeline.all_measures(programme))
    assert len(found) == len(listed)
    assert all(a is b for a, b in zip(found, listed, strict=True))


def _money_one_by_one(measures: list[models.Measure], when: date) -> tuple[int, int]:
    """breakdowns' money as it was: money_on, measure by measure (the reference)."""
    return (
        sum(timeline.committed_at(m, when) for m in measures),
        sum(timeline.paid_at(m, when) for m in measures),
    )


def test_breakdowns_money_is_the_sum_measure_by_measure(programme: Programme) -> None:
    assert programme.program is not None
    for when in DATES:
        regions = breakdowns.per_region(programme, when)
        for row, region in zip(regions["regions"], programme.program.regions, strict=True):
            owners: list[models.Company | models.Cluster] = [
                c for c in programme.companies.values() if c.region == region.id
            ]
            owners += [c for c in programme.clusters.values() if c.regions == [region.id]]
            measures = [m for o in owners for m in o.measures]
            assert (row["committed"], row["paid"]) == _money_one_by_one(measures, when)
        shared = [m for c in programme.clusters.values() if len(c.regions) > 1 for m in c.measures]
        assert tuple(regions["shared_clusters"].values()) == _money_one_by_one(shared, when)
        everything = list(timeline.all_measures(programme))
        assert tuple(regions["total"].values()) == _money_one_by_one(everything, when)
        leaders = breakdowns.per_process_leader(programme, when)
        for line in leaders["leaders"]:
            owners = [
                *(c for c in programme.companies.values() if c.process_leader == line["id"]),
                *(c for c in programme.clusters.values() if c.facilitator == line["id"]),
            ]
            measures = [m for o in owners for m in o.measures]
            if line["id"] is not None:
                assert (line["committed"], line["paid"]) == _money_one_by_one(measures, when)
        assert tuple(leaders["total"].values()) == _money_one_by_one(everything, when)


def test_report_budget_is_area_money_before_and_at_the_end(programme: Programme) -> None:
    for when in DATES:
        quarter = quarter_of(when)
        before = quarter.first_day - timedelta(days=1)
        budget = report._budget(programme, quarter)
        then = {a.id: a for a in _area_money_one_by_one(programme, before)}
        lines = overviews.area_lines(programme, quarter.last_day)
        end = _area_money_one_by_one(programme, quarter.last_day)
        assert [(a["committed"], a["paid"]) for a in budget["areas"]] == [
            (a.committed, a.paid) for a in end
        ]
        assert [
            {k: v for k, v in a.items() if k != "paid_quarter"} for a in budget["areas"]
        ] == lines
        assert [a["paid_quarter"] for a in budget["areas"]] == [
            a.paid - then[a.id].paid for a in end
        ]
        assert budget["committed_before"] == sum(a.committed for a in then.values())


def test_company_flags_are_the_one_definitions(programme: Programme) -> None:
    for when in _dates(programme):
        for company in programme.companies.values():
            expected = (
                timeline.recruited_ever(company, when),
                timeline.is_recruited(company, when),
                timeline.is_completed(company, when),
                timeline.has_exited(company, when),
                timeline.in_main_goal(company, when),
            )
            assert timeline.company_flags(company, when) == expected
            assert timeline.company_flags(company, when) == expected


def test_breakdowns_count_companies_one_by_one(programme: Programme) -> None:
    assert programme.program is not None
    for when in DATES:
        rows = breakdowns.per_region(programme, when)["regions"]
        for row, region in zip(rows, programme.program.regions, strict=True):
            companies = [c for c in programme.companies.values() if c.region == region.id]
            counted = {key: row[key] for key in _counts_one_by_one(companies, when)}
            assert counted == _counts_one_by_one(companies, when)


def test_recruitment_regions_equal_status_counts(programme: Programme) -> None:
    for when in DATES:
        data = overviews.recruitment(programme, when, owner_sections=False)
        for line in data["regions"]:
            assert line["counts"] == timeline.status_counts(programme, when, line["id"])
            assert line["recruited_ever"] == sum(
                1
                for c in programme.companies.values()
                if c.region == line["id"] and timeline.recruited_ever(c, when)
            )


def test_recruitment_counts_and_rows_are_the_one_definitions(programme: Programme) -> None:
    assert programme.program is not None
    regions = [None, *(r.id for r in programme.program.regions), "no-such-region"]
    for when in DATES:
        for region in regions:
            for status in (None, "agreement", "identified"):
                data = overviews.recruitment(
                    programme, when, region=region, status=status, owner_sections=False
                )
                assert data["counts"] == timeline.status_counts(programme, when, region)
                expected = [
                    row
                    for company_id, company in programme.companies.items()
                    if region is None or company.region == region
                    if (row := overviews.recruitment_row(programme, company_id, company, when))
                    if status is None or row["status"] == status
                ]
                key = {row["id"]: index for index, row in enumerate(data["companies"])}
                assert sorted(expected, key=lambda row: key[row["id"]]) == data["companies"]


def test_report_funnel_counts_each_stage_one_by_one(programme: Programme) -> None:
    for when in DATES:
        quarter = quarter_of(when)
        counted = timeline.terms_at(programme, quarter.last_day)
        funnel = report._recruitment(programme, quarter, counted)["funnel"]
        for stage, line in zip(report.FUNNEL[:-1], funnel, strict=False):
            expected = sum(
                1
                for c in programme.companies.values()
                if (reached := timeline.furthest_status_at(c, quarter.last_day)) is not None
                and models.COMPANY_STATUSES.index(reached) >= models.COMPANY_STATUSES.index(stage)
            )
            assert line["count"] == expected


def test_report_tallies_count_each_value_one_by_one(programme: Programme) -> None:
    for when in DATES:
        quarter = quarter_of(when)
        data = report._measures(programme, quarter)
        running = [
            m
            for m in timeline.all_measures(programme)
            if timeline.measure_state(m, quarter.last_day) == "started"
        ]
        for key, by in (("kind", data["by_kind"]), ("area", data["by_area"])):
            for line in by:
                value = line["id"]
                assert line["started"] == sum(1 for r in data["started"] if r[key] == value)
                assert line["completed"] == sum(1 for r in data["completed"] if r[key] == value)
                assert line["running"] == sum(1 for m in running if getattr(m, key) == value)
            counted = {line["id"] for line in by}
            values = {r[key] for what in ("started", "completed") for r in data[what]}
            assert values | {getattr(m, key) for m in running} <= counted | _unnamed(programme, key)


def _unnamed(programme: Programme, key: str) -> set[str]:
    """Return the areas measures name that the budget does not list (the tally leaves them out)."""
    if key != "area" or programme.budget is None:
        return set()
    listed = {a.id for a in programme.budget.areas}
    return {m.area for m in timeline.all_measures(programme)} - listed


def _money_at_walked(measures: list[models.Measure], dates: list[date]) -> list[tuple[int, int]]:
    """money_at as it was: every measure's payments walked along the dates (the reference)."""
    totals = [[0, 0] for _ in dates]
    for m in measures:
        payments = sorted((p.date, p.amount) for p in m.payments)
        paid, index = 0, 0
        for position, when in enumerate(dates):
            while index < len(payments) and payments[index][0] <= when:
                paid += payments[index][1]
                index += 1
            totals[position][0] += timeline._committed(m, when, paid)
            totals[position][1] += paid
    return [(committed, paid) for committed, paid in totals]


def _cancelled_variants(measures: list[models.Measure]) -> list[models.Measure]:
    """The measures again, some cancelled before, between and after their payments."""
    variants = []
    for index, m in enumerate(measures[:400]):
        days = sorted(p.date for p in m.payments) or [m.granted_on]
        when = [m.granted_on, days[0], days[len(days) // 2], days[-1], date(2013, 1, 1)][index % 5]
        variants.append(m.model_copy(update={"cancelled_on": when}))
    return variants


def test_money_at_is_the_walk_date_by_date(programme: Programme) -> None:
    measures = list(timeline.all_measures(programme))
    measures += _cancelled_variants(measures)
    days = _dates(programme)
    series = [
        sorted(set(days)),
        sorted(days),  # repeated dates
        DATES,
        [date(2016, 12, 31), date(2014, 1, 1), date(2015, 6, 30)],  # out of order
        [date(2014, 12, 31), date(2014, 12, 31), date(2013, 12, 31)],
        [date(2000, 1, 1)],
        [date(2100, 1, 1)],
        [],
    ]
    for dates in series:
        by_definition = [
            (
                sum(timeline.committed_at(m, when) for m in measures),
                sum(timeline.paid_at(m, when) for m in measures),
            )
            for when in dates
        ]
        assert timeline.money_at(measures, dates) == by_definition
        if dates == sorted(dates):  # the walk as it was added payments up along the dates
            assert timeline.money_at(measures, dates) == _money_at_walked(measures, dates)
    for when in DATES:
        expected = (
            sum(timeline.committed_at(m, when) for m in measures),
            sum(timeline.paid_at(m, when) for m in measures),
        )
        assert timeline.money_at(measures, [when]) == [expected]
    assert timeline.money_at([], DATES) == [(0, 0)] * len(DATES)


def _furthest_as_it_was(company: models.Company, when: date) -> str | None:
    """furthest_status_at as it was written first (the reference)."""
    pipeline = models.COMPANY_STATUSES[:5]
    reached = [
        pipeline.index(e.status) for e in company.history if e.date <= when and e.status in pipeline
    ]
    return pipeline[max(reached)] if reached else None


def test_furthest_status_and_terms_are_counted_one_by_one(programme: Programme) -> None:
    companies = list(programme.companies.values())
    # Histories out of order, exits between pipeline steps, and every status at one date.
    for company in companies[:50]:
        history = list(company.history)
        companies.append(company.model_copy(update={"history": history[::-1]}))
        companies.append(company.model_copy(update={"history": history[1:] + history[:1]}))
    for when in _dates(programme):
        for company in companies:
            assert timeline.furthest_status_at(company, when) == _furthest_as_it_was(company, when)
        terms = timeline.terms_at(programme, when)
        whole = list(programme.companies.values())
        assert terms.in_pipeline == sum(
            1 for c in whole if timeline.furthest_status_at(c, when) is not None
        )
        assert terms.recruited_ever == sum(1 for c in whole if timeline.recruited_ever(c, when))
        assert terms.active == sum(1 for c in whole if timeline.is_active(c, when))
        assert terms.exited == sum(1 for c in whole if timeline.has_exited(c, when))
        assert terms.main_goal_companies == timeline.main_goal_count(programme, when)
        assert terms.main_goal_clusters == timeline.main_goal_clusters(programme, when)


def _measure_lists_as_they_were(
    programme: Programme, quarter: Quarter
) -> dict[str, list[tuple[str, str]]]:
    """The report's measure lists as first written: a row for every measure (the reference)."""
    end = quarter.last_day
    owners = [(c.name, c.measures) for c in programme.companies.values()]
    owners += [(c.name, c.measures) for c in programme.clusters.values()]
    owners += [("", programme.budget.costs)] if programme.budget else []
    lists: dict[str, list[tuple[str, str]]] = {
        "started": [],
        "completed": [],
        "cancelled": [],
        "granted": [],
    }
    for owner, measures in owners:
        for m in measures:
            state = timeline.measure_state(m, end)
            key = (owner, m.id)
            if timeline.is_started(m, end) and quarter.contains(m.start):
                lists["started"].append(key)
            if state == "completed" and quarter.contains(m.end):
                lists["completed"].append(key)
            if state == "cancelled" and quarter.contains(m.cancelled_on):
                lists["cancelled"].append(key)
            if quarter.contains(m.granted_on):
                lists["granted"].append(key)
    return lists


def test_report_measure_lists_are_the_ones_every_row_gave(programme: Programme) -> None:
    for quarter in sorted({quarter_of(day) for day in _dates(programme)}):
        data = report._measures(programme, quarter)
        found = {
            "started": data["started"],
            "completed": data["completed"],
            "cancelled": data["cancelled"],
            "granted": data["granted"],
        }
        for what, keys in _measure_lists_as_they_were(programme, quarter).items():
            assert sorted((row["owner"], row["id"]) for row in found[what]) == sorted(keys)
