"""`bif recruitment`, `bif budget check` and `bif milestones` as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bif_cli.domain.models import COMPANY_STATUSES
from bif_cli.io.check import check_programme
from bif_cli.outputs import overviews as overview
from conftest import run_bif

# A second company: contacted in sør, with an overdue next action, and one not yet identified.
SOR_COMPANY = """\
name: Etnedal Sag & Høvleri AS
org_number: "954422372"
region: sor
municipality: "0541"
nace: "16.100"
market: national
process_leader: pl-nord
history:
  - {date: 2014-02-01, status: identified}
  - {date: 2014-03-01, status: contacted}
next_action: {what: "Ring daglig leder; avtal møte", due: 2014-03-15}
"""

LATE_COMPANY = """\
name: Sent Ute AS
org_number: "967096520"
region: sor
municipality: "0540"
nace: "16.100"
market: national
history:
  - {date: 2015-01-10, status: identified}
"""

COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-8]|9[0-7])[0-9;]*m")


@pytest.fixture
def programme(make_programme: Callable[..., Path]) -> Path:
    return make_programme(
        {
            "data/companies/etnedal-sag.yaml": SOR_COMPANY,
            "data/companies/sent-ute.yaml": LATE_COMPANY,
        }
    )


def _json(*args: str) -> dict:  # type: ignore[type-arg]
    result = run_bif(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _library(root: Path) -> object:
    loaded, _problems = check_programme(root, date(2016, 12, 31))
    return loaded


# --- recruitment ------------------------------------------------------------------------------


def test_recruitment_json_equals_the_library_result(programme: Path) -> None:
    shown = _json("recruitment", "--as-of", "2014-06-30", "--root", str(programme))
    assert shown == overview.recruitment(_library(programme), date(2014, 6, 30))  # type: ignore[arg-type]


def test_recruitment_counts_every_status_and_each_region(programme: Path) -> None:
    shown = _json("recruitment", "--as-of", "2014-06-30", "--root", str(programme))
    assert list(shown["counts"]) == list(COMPANY_STATUSES)
    expected = dict.fromkeys(COMPANY_STATUSES, 0) | {"agreement": 1, "contacted": 1}
    assert shown["counts"] == expected
    assert shown["recruited"] == 1
    by_region = {r["id"]: r for r in shown["regions"]}
    assert by_region["nord"]["counts"]["agreement"] == 1
    assert by_region["nord"]["recruited"] == 1
    assert by_region["sor"]["counts"]["contacted"] == 1
    assert by_region["sor"]["recruited"] == 0
    assert sum(by_region["sor"]["counts"].values()) == 1  # Sent Ute is not in the pipeline yet


def test_recruitment_rows_say_where_each_company_stands(programme: Path) -> None:
    shown = _json("recruitment", "--as-of", "2014-06-30", "--root", str(programme))
    rows = {r["id"]: r for r in shown["companies"]}
    assert set(rows) == {"eksempel-trevare", "etnedal-sag"}
    sag = rows["etnedal-sag"]
    assert sag["name"] == "Etnedal Sag & Høvleri AS"
    assert (sag["region"], sag["region_name"]) == ("sor", "Sør")
    assert (sag["municipality"], sag["municipality_name"]) == ("0541", "Etnedal")
    assert (sag["status"], sag["since"]) == ("contacted", "2014-03-01")
    assert sag["days_in_status"] == (date(2014, 6, 30) - date(2014, 3, 1)).days
    assert sag["process_leader"] == "pl-nord"
    assert sag["process_leader_name"] == "Prosessleder Nord"
    assert sag["next_action"] == {
        "what": "Ring daglig leder; avtal møte",
        "due": "2014-03-15",
        "overdue": True,
    }
    assert rows["eksempel-trevare"]["next_action"] is None


def test_next_action_is_overdue_only_after_its_due_date(programme: Path) -> None:
    def overdue(day: str) -> bool:
        shown = _json("recruitment", "--as-of", day, "--root", str(programme))
        row = next(r for r in shown["companies"] if r["id"] == "etnedal-sag")
        return bool(row["next_action"]["overdue"])

    assert not overdue("2014-03-15")
    assert overdue("2014-03-16")


def test_recruitment_table_marks_overdue_actions(programme: Path) -> None:
    result = run_bif("recruitment", "--as-of", "2014-06-30", "--root", str(programme))
    assert result.exit_code == 0, result.output
    assert "Etnedal Sag & Høvleri AS" in result.stdout
    assert "FORSINKET" in result.stdout  # bokmål by default (issue #13)
    english = run_bif(
        "recruitment", "--as-of", "2014-06-30", "--lang", "en", "--root", str(programme)
    )
    assert "OVERDUE" in english.stdout
    assert "15.03.2014" in result.stdout
    assert "Sent Ute" not in result.stdout


def test_region_narrows_counts_and_rows(programme: Path) -> None:
    shown = _json(
        "recruitment", "--as-of", "2015-06-30", "--region", "sor", "--root", str(programme)
    )
    assert {r["id"] for r in shown["companies"]} == {"etnedal-sag", "sent-ute"}
    assert [r["id"] for r in shown["regions"]] == ["sor"]
    assert shown["counts"]["identified"] == 1 and shown["counts"]["contacted"] == 1
    assert shown["recruited"] == 0


def test_status_narrows_rows_but_keeps_the_funnel(programme: Path) -> None:
    shown = _json(
        "recruitment", "--as-of", "2015-06-30", "--status", "contacted", "--root", str(programme)
    )
    assert [r["id"] for r in shown["companies"]] == ["etnedal-sag"]
    assert shown["counts"]["agreement"] == 1
    assert shown["status"] == "contacted"


@pytest.mark.parametrize(
    ("option", "value", "valid"),
    [
        ("--region", "vest", "nord, sor"),
        ("--status", "signed", "identified, contacted, mapped, agreement"),
        ("--as-of", "2015-02-30", "YYYY-MM-DD"),
        ("--as-of", "31.06.2015", "YYYY-MM-DD"),
        ("--as-of", "2015/06/30", "YYYY-MM-DD"),
    ],
)
def test_bad_options_are_usage_errors_that_say_what_is_valid(
    programme: Path, option: str, value: str, valid: str
) -> None:
    result = run_bif("recruitment", option, value, "--root", str(programme))
    assert result.exit_code == 2
    assert valid in " ".join(result.output.replace("│", " ").split())
    assert "Traceback" not in result.output


def test_recruitment_csv_opens_in_excel_with_norwegian_settings(programme: Path) -> None:
    def csv_rows(*extra: str) -> list[dict[str, str]]:
        result = subprocess.run(
            [sys.executable, "-m", "bif_cli", "recruitment", "--format", "csv", *extra]
            + ["--as-of", "2014-06-30", "--root", str(programme)],
            capture_output=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        data = result.stdout
        assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads æøå right
        text = data[3:].decode("utf-8")
        assert text.endswith("\r\n")
        return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))

    # In English the headers and statuses are the English ids, as in the JSON.
    rows = csv_rows("--lang", "en")
    assert [r["id"] for r in rows] == ["eksempel-trevare", "etnedal-sag"]
    sag = rows[1]
    assert sag["name"] == "Etnedal Sag & Høvleri AS"
    assert sag["next_action"] == "Ring daglig leder; avtal møte"  # the ; inside is quoted
    assert (sag["municipality"], sag["municipality_name"]) == ("0541", "Etnedal")
    assert (sag["next_action_due"], sag["next_action_overdue"]) == ("2014-03-15", "yes")
    assert sag["days_in_status"] == str((date(2014, 6, 30) - date(2014, 3, 1)).days)
    assert sag["status"] == "contacted"
    # By default (bokmål) a Norwegian reader sees Norwegian headers and statuses.
    sag = csv_rows()[1]
    assert (sag["navn"], sag["status"], sag["kommune"]) == (
        "Etnedal Sag & Høvleri AS",
        "Kontaktet",
        "Etnedal",
    )
    assert sag["neste_aktivitet_forsinket"] == "ja"


# --- budget -------------------------------------------------------------------------------------


def _independent_money(root: Path, when: date) -> dict[str, tuple[int, int]]:
    """Sum committed and paid per area straight from the YAML, without bif's code."""
    import yaml

    def measures() -> list[dict]:  # type: ignore[type-arg]
        found = list(yaml.safe_load((root / "data/budget.yaml").read_text()).get("costs") or [])
        for folder in ("companies", "clusters"):
            for path in sorted((root / "data" / folder).glob("*.yaml")):
                found += yaml.safe_load(path.read_text()).get("measures") or []
        return found

    money: dict[str, tuple[int, int]] = {}
    for m in measures():
        paid = sum(int(p["amount"]) for p in m.get("payments") or [] if p["date"] <= when)
        committed = int(m["granted"]) if m["granted_on"] <= when else 0
        if m.get("cancelled_on") and m["cancelled_on"] <= when:
            committed = min(committed, paid)
        old = money.get(m["area"], (0, 0))
        money[m["area"]] = (old[0] + committed, old[1] + paid)
    return money


def test_budget_json_equals_the_library_result(programme: Path) -> None:
    shown = _json("budget", "check", "--as-of", "2014-06-30", "--root", str(programme))
    assert shown == overview.budget(_library(programme), date(2014, 6, 30))  # type: ignore[arg-type]


@pytest.mark.parametrize("day", ["2014-03-19", "2014-03-20", "2014-06-30", "2016-12-31"])
def test_budget_money_matches_a_sum_made_by_hand(programme: Path, day: str) -> None:
    when = date.fromisoformat(day)
    shown = _json("budget", "check", "--as-of", day, "--root", str(programme))
    expected = _independent_money(programme, when)
    for area in shown["areas"]:
        committed, paid = expected.get(area["id"], (0, 0))
        assert (area["committed"], area["paid"]) == (committed, paid)
        assert area["remaining"] == area["allocation"] - committed
    assert shown["committed"] == sum(c for c, _p in expected.values())
    assert shown["paid"] == sum(p for _c, p in expected.values())
    assert shown["frame"] == 1000000
    assert shown["allocated"] == 1000000
    assert shown["remaining"] == 1000000 - shown["committed"]
    assert shown["issues"] == []


def test_budget_table_writes_money_the_norwegian_way(programme: Path) -> None:
    result = run_bif("budget", "check", "--as-of", "2014-06-30", "--root", str(programme))
    assert result.exit_code == 0, result.output
    assert "1 000 000" in result.stdout  # the frame
    assert "300 000" in result.stdout  # area A committed
    assert "75,0 %" in result.stdout  # 300 000 of 400 000


OVER = """\
  - id: ekstra
    title: Ekstra prosessleder
    kind: staff
    area: A
    granted: 150000
    granted_on: 2015-01-01
"""


def test_committed_above_an_area_allocation_is_an_issue_from_that_day(
    make_programme: Callable[..., Path],
) -> None:
    from conftest import BUDGET_YAML

    root = make_programme({"data/budget.yaml": BUDGET_YAML + OVER})
    before = run_bif("budget", "check", "--as-of", "2014-12-31", "--root", str(root))
    assert before.exit_code == 0, before.output
    result = run_bif(
        "budget", "check", "--as-of", "2015-01-01", "--format", "json", "--root", str(root)
    )
    assert result.exit_code == 1
    issues = json.loads(result.stdout)["issues"]
    assert [(i["code"], i["path"], i["severity"]) for i in issues] == [
        ("BIF211", "data/budget.yaml", "error")
    ]
    assert (
        issues[0]["line"]
        == BUDGET_YAML.splitlines().index("  - {id: A, name: Mobilisering, allocation: 400000}") + 1
    )
    assert "450 000 kr" in issues[0]["message"]
    table = run_bif("budget", "check", "--as-of", "2015-01-01", "--root", str(root))
    assert table.exit_code == 1
    assert "data/budget.yaml:" in table.stdout and "BIF211" in table.stdout
    assert "-50 000" in table.stdout  # area A remaining
    # the other overviews need valid data, and an overrun at any date is a check error
    assert run_bif("milestones", "--as-of", "2014-12-31", "--root", str(root)).exit_code == 1


def test_payments_above_a_grant_are_an_issue_once_paid(make_programme: Callable[..., Path]) -> None:
    from conftest import COMPANY_YAML

    company = COMPANY_YAML + "      - {date: 2015-01-10, amount: 200000}\n"
    root = make_programme({"data/companies/eksempel-trevare.yaml": company})
    assert run_bif("budget", "check", "--as-of", "2015-01-09", "--root", str(root)).exit_code == 0
    result = run_bif(
        "budget", "check", "--as-of", "2015-01-10", "--format", "json", "--root", str(root)
    )
    assert result.exit_code == 1
    issue = json.loads(result.stdout)["issues"][0]
    assert (issue["code"], issue["path"]) == ("BIF209", "data/companies/eksempel-trevare.yaml")


def test_allocations_above_the_frame_are_an_issue(make_programme: Callable[..., Path]) -> None:
    from conftest import BUDGET_YAML

    root = make_programme(
        {"data/budget.yaml": BUDGET_YAML.replace("frame: 1000000", "frame: 900000")}
    )
    result = run_bif("budget", "check", "--format", "json", "--root", str(root))
    assert result.exit_code == 1
    shown = json.loads(result.stdout)
    assert [i["code"] for i in shown["issues"]] == ["BIF210"]
    assert shown["unallocated"] == -100000


def test_funding_is_shown_against_the_frame(make_programme: Callable[..., Path]) -> None:
    from conftest import BUDGET_YAML

    budget = BUDGET_YAML.replace("amount: 1000000}", "amount: 600000}")
    root = make_programme({"data/budget.yaml": budget})
    shown = _json("budget", "check", "--root", str(root))
    assert shown["funding"]["total"] == 600000
    assert shown["funding"]["uncovered"] == 400000
    assert [i["code"] for i in shown["issues"]] == ["BIF308"]  # a warning: exit 0
    table = run_bif("budget", "check", "--root", str(root))
    assert re.search(r"Ikke dekket +400 000", table.stdout)


# --- milestones ---------------------------------------------------------------------------------

MILESTONES = """\
milestones:
  - {id: start, title: Oppstart, due: 2014-01-01, done: 2014-01-01}
  - {id: rekruttering, title: Bedrifter rekruttert, due: 2014-03-31, done: 2014-04-04}
  - {id: slutt, title: Sluttrapport, due: 2016-12-31}
"""


def test_milestones_json_equals_the_library_result(make_programme: Callable[..., Path]) -> None:
    root = make_programme({"data/milestones.yaml": MILESTONES})
    shown = _json("milestones", "--as-of", "2014-04-02", "--root", str(root))
    assert shown == overview.milestones(_library(root), date(2014, 4, 2))  # type: ignore[arg-type]


def test_overdue_milestones_come_first_and_done_dates_are_not_known_early(
    make_programme: Callable[..., Path],
) -> None:
    root = make_programme({"data/milestones.yaml": MILESTONES})
    shown = _json("milestones", "--as-of", "2014-04-02", "--root", str(root))
    states = [(m["id"], m["state"], m["done"]) for m in shown["milestones"]]
    assert states == [
        ("rekruttering", "overdue", None),
        ("start", "done", "2014-01-01"),
        ("slutt", "upcoming", None),
    ]
    assert shown["milestones"][0]["days_overdue"] == 2
    assert shown["counts"] == {"overdue": 1, "upcoming": 1, "done": 1}
    table = run_bif("milestones", "--as-of", "2014-04-02", "--root", str(root))
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    first = next(i for i, line in enumerate(lines) if "Bedrifter" in line)
    assert "FORSINKET" in lines[first]
    assert first < next(i for i, line in enumerate(lines) if "Oppstart" in line)


# --- all three ----------------------------------------------------------------------------------

COMMANDS = [["recruitment"], ["budget", "check"], ["milestones"]]


@pytest.mark.parametrize("command", COMMANDS)
def test_errors_in_the_data_are_listed_and_stop_the_overview(
    make_programme: Callable[..., Path], command: list[str]
) -> None:
    from conftest import COMPANY_YAML

    root = make_programme(
        {"data/companies/eksempel-trevare.yaml": COMPANY_YAML.replace("0517", "0540")}
    )
    result = run_bif(*command, "--root", str(root))
    assert result.exit_code == 1
    assert "data/companies/eksempel-trevare.yaml:4:15: error[BIF203]" in result.stdout
    assert "bif check" in result.stderr
    as_json = run_bif(*command, "--format", "json", "--root", str(root))
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)["errors"] == 1


@pytest.mark.parametrize("command", COMMANDS)
def test_tables_fit_80_columns_without_colour(programme: Path, command: list[str]) -> None:
    result = run_bif(
        *command, "--as-of", "2014-06-30", "--root", str(programme), env={"COLUMNS": "80"}
    )
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert "\x1b[" not in result.stdout


def test_colour_on_a_terminal_and_none_with_no_color(programme: Path) -> None:
    args = ("milestones", "--as-of", "2016-12-31", "--root", str(programme))
    coloured = run_bif(*args, env={"FORCE_COLOR": "1", "NO_COLOR": None})  # type: ignore[dict-item]
    assert COLOUR.search(coloured.stdout)
    plain = run_bif(*args, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert not COLOUR.search(plain.stdout)


@pytest.mark.parametrize("command", COMMANDS)
def test_as_of_defaults_to_today(programme: Path, command: list[str]) -> None:
    shown = _json(*command, "--root", str(programme))
    assert shown["as_of"] == "2016-12-31"  # BIF_TODAY in conftest


QUARTER_ENDS = [
    f"{year}-{md}" for year in (2014, 2015, 2016) for md in ("03-31", "06-30", "09-30", "12-31")
]


@pytest.mark.parametrize("day", QUARTER_ENDS)
def test_example_programme_at_every_quarter_end(example_programme: Path, day: str) -> None:
    root = str(example_programme)
    budget = _json("budget", "check", "--as-of", day, "--root", root)
    assert [i for i in budget["issues"] if i["severity"] == "error"] == []
    assert budget["committed"] <= budget["frame"]
    assert budget["paid"] <= budget["committed"]
    assert budget["allocated"] <= budget["frame"]
    for area in budget["areas"]:
        assert 0 <= area["paid"] <= area["committed"] <= area["allocation"]
    expected = _independent_money(example_programme, date.fromisoformat(day))
    assert budget["committed"] == sum(c for c, _p in expected.values())
    assert budget["paid"] == sum(p for _c, p in expected.values())
    pipeline = _json("recruitment", "--as-of", day, "--root", root)
    assert sum(pipeline["counts"].values()) == len(pipeline["companies"])
    assert (
        pipeline["recruited"] == pipeline["counts"]["agreement"] + pipeline["counts"]["completed"]
    )
    plan = _json("milestones", "--as-of", day, "--root", root)
    assert all(m["done"] is None or m["done"] <= day for m in plan["milestones"])


def test_before_the_first_company_the_pipeline_is_empty(programme: Path) -> None:
    shown = _json("recruitment", "--as-of", "2014-01-19", "--root", str(programme))
    assert shown["companies"] == []
    assert set(shown["counts"].values()) == {0}
    table = run_bif("recruitment", "--as-of", "2014-01-19", "--root", str(programme))
    assert table.exit_code == 0, table.output
    assert "Ingen bedrifter i løpet per 19.01.2014." in table.stdout
