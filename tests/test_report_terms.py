"""One meaning per word: every term has one definition (timeline) and one number per page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bif_cli.domain import timeline
from bif_cli.domain.quarter import Quarter
from bif_cli.io.check import check_programme
from bif_cli.outputs.report import build_report
from conftest import run_bif

WITHDRAWN = """\
name: Trukket AS
org_number: "910000004"
region: sor
municipality: "0541"
nace: "10.130"
market: national
history:
  - {date: 2014-02-01, status: identified}
  - {date: 2014-03-01, status: agreement}
  - {date: 2014-09-01, status: withdrawn, note: Nye eiere}
measures:
  - id: kurs
    title: Kurs
    kind: competence
    area: B
    granted: 100000
    granted_on: 2014-03-10
    start: 2014-04-01
    end: 2015-06-30
"""

CLUSTER = """\
name: Tre og mat
region: [nord, sor]
members: [eksempel-trevare, trukket]
history:
  - {date: 2014-04-01, status: identified}
  - {date: 2014-07-01, status: established}
measures:
  - id: fou
    title: Felles FoU
    kind: rnd
    area: B
    granted: 50000
    granted_on: 2014-07-01
    start: 2014-08-01
    end: 2014-10-31
"""


@pytest.fixture
def programme(make_programme: Callable[..., Path]) -> Path:
    return make_programme(
        {"data/companies/trukket.yaml": WITHDRAWN, "data/clusters/tre-og-mat.yaml": CLUSTER}
    )


def context(root: Path, quarter: Quarter, region: str | None = None) -> dict:  # type: ignore[type-arg]
    programme, problems = check_programme(root, quarter.last_day)
    assert not [p for p in problems if p.is_error], problems
    return build_report(programme, quarter, problems, None, region=region)


def counts(ctx: dict) -> dict[str, int]:  # type: ignore[type-arg]
    return {row["key"]: row["value"] for row in ctx["summary"]["counts"]}


def test_recruited_in_total_active_and_the_main_goal_after_a_withdrawal(programme: Path) -> None:
    q2, q3 = context(programme, Quarter(2014, 2)), context(programme, Quarter(2014, 3))
    assert (counts(q2)["recruited_ever"], counts(q2)["active"]) == (2, 2)
    # Withdrawn on 1 September: still recruited in total, no longer active nor in the main goal.
    assert (counts(q3)["recruited_ever"], counts(q3)["active"]) == (2, 1)
    assert counts(q2)["main_goal_companies"] == 2 and counts(q3)["main_goal_companies"] == 1
    # The cluster counts apart, from the start of its R&D measure (1 August).
    assert counts(q2)["main_goal_clusters"] == 0 and counts(q3)["main_goal_clusters"] == 1
    # In progress on 30.09.2014: Eksempel Trevare's R&D (to 31.12), the withdrawn company's
    # course (never cancelled: bif check warns, BIF310) and the cluster's R&D (to 31.10); the
    # programme's staff cost has no start.
    assert counts(q3)["measures_running"] == 3


def test_an_exited_company_with_an_open_measure_warns_bif310(programme: Path) -> None:
    result = run_bif("check", "--root", str(programme), env={"BIF_TODAY": "2014-12-31"})
    assert result.exit_code == 0
    assert "data/companies/trukket.yaml:12:9: warning[BIF310]" in result.stdout
    assert "warning[BIF310]" in result.stdout and "bif cancel-measure trukket kurs" in result.stdout
    # Once the course has ended, nothing is left open.
    later = run_bif("check", "--root", str(programme), env={"BIF_TODAY": "2015-07-01"})
    assert "BIF310" not in later.stdout


def test_the_card_and_the_funnel_take_the_same_value_on_every_page(example_programme: Path) -> None:
    for quarter in (Quarter(2014, 2), Quarter(2015, 2), Quarter(2015, 4), Quarter(2016, 4)):
        ctx = context(example_programme, quarter)
        terms = counts(ctx)
        assert ctx["recruitment"]["funnel"][-1]["count"] == terms["recruited_ever"]
        assert ctx["recruitment"]["recruited"] == terms["active"]
        by_kind = sum(k["running"] for k in ctx["measures"]["by_kind"])
        by_area = sum(a["running"] for a in ctx["measures"]["by_area"])
        assert by_kind == by_area == terms["measures_running"]
        regions = ctx["per_region"]
        assert sum(r["recruited_ever"] for r in regions["regions"]) == terms["recruited_ever"]
        assert sum(r["active"] for r in regions["regions"]) == terms["active"]
        assert (
            sum(r["main_goal_companies"] for r in regions["regions"])
            == (terms["main_goal_companies"])
        )
        assert regions["total"]["committed"] == ctx["budget"]["committed"]
        assert (
            sum(r["committed"] for r in regions["regions"])
            + regions["shared_clusters"]["committed"]
            + regions["costs"]["committed"]
            == ctx["budget"]["committed"]
        )
        leaders = ctx["per_leader"]
        assert (
            sum(r["committed"] for r in leaders["leaders"]) + leaders["costs"]["committed"]
            == (ctx["budget"]["committed"])
        )
        assert sum(r["active"] for r in leaders["leaders"]) == terms["active"]
        assert ctx["by_year"][-1]["committed_to_date"] == ctx["budget"]["committed"]
        assert ctx["burn_up"][-1]["paid"] == ctx["budget"]["paid"]


@pytest.mark.parametrize("quarter", ["Q2-2014", "Q2-2015", "Q3-2015", "Q4-2016"])
def test_each_term_shows_one_number_on_the_printed_page(
    example_programme: Path, quarter: str
) -> None:
    md = run_bif("report", "quarterly", quarter, "--root", str(example_programme)).stdout
    card = re.search(r"^\| Bedrifter rekruttert totalt \| (\d+) \|", md, re.MULTILINE)
    funnel = re.search(r"^- Rekruttert totalt: (\d+)$", md, re.MULTILINE)
    assert card and funnel and card[1] == funnel[1]
    running = re.search(r"^\| Tiltak som pågår \| (\d+) \|", md, re.MULTILINE)
    per_kind = md.split("### Tiltak per type")[1].split("###")[0]
    rows = re.findall(r"^\| [^|]+ \| \d+ \| \d+ \| (\d+) \|$", per_kind, re.MULTILINE)
    assert running and int(running[1]) == sum(int(r) for r in rows)


def test_timeline_terms_match_the_single_definitions(example_programme: Path) -> None:
    programme, _ = check_programme(example_programme, date(2016, 12, 31))
    when = date(2015, 12, 31)
    terms = timeline.terms_at(programme, when)
    companies = programme.companies.values()
    assert terms.recruited_ever == sum(
        1 for c in companies if any(e.status == "agreement" and e.date <= when for e in c.history)
    )
    withdrawn = programme.companies["fron-sveiseteknikk"]
    assert timeline.recruited_ever(withdrawn, when) and not timeline.is_active(withdrawn, when)
    assert not timeline.in_main_goal(withdrawn, when)
