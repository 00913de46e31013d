"""The day-to-day writing commands, on throwaway programmes that are git repositories."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import MILESTONES_YAML, run_bif
from test_write import added_lines, make_repo, numstat, said, snapshot


@pytest.fixture
def repo(make_programme: Callable[..., Path]) -> Path:
    milestones = MILESTONES_YAML + "  - {id: rapport, title: Rapport, due: 2017-02-01}\n"
    return make_repo(make_programme({"data/milestones.yaml": milestones}))


def bif_in(root: Path, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return run_bif(*args, "--root", str(root), input=input)


def test_cancel_measure_prints_what_it_releases_and_adds_one_line(repo: Path) -> None:
    result = bif_in(repo, "cancel-measure", "eksempel-trevare", "fou", "--date", "30.06.2014")
    assert result.exit_code == 0, result.output
    assert "frigjør 150 000 kr" in result.stdout
    assert added_lines(repo, "data/companies/eksempel-trevare.yaml") == [
        "    cancelled_on: 2014-06-30"
    ]
    budget = json.loads(
        bif_in(repo, "budget", "check", "--as-of", "2014-07-01", "--format", "json").stdout
    )
    area_b = next(a for a in budget["areas"] if a["id"] == "B")
    assert area_b["committed"] == 100000
    english = bif_in(repo, "set-next-action", "eksempel-trevare", "Ring", "--lang", "en")
    assert "Updated data/companies/eksempel-trevare.yaml: next action 'Ring'." in english.stdout
    again = bif_in(repo, "cancel-measure", "eksempel-trevare", "fou")
    assert again.exit_code == 2
    assert "allerede avbrutt (2014-06-30)" in said(again.stderr)


def test_cancel_measure_dry_run_writes_nothing(repo: Path) -> None:
    before = snapshot(repo)
    result = bif_in(repo, "cancel-measure", "eksempel-trevare", "fou", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "+    cancelled_on: 2016-12-31" in result.stdout
    assert "frigjør 150 000 kr" in result.stderr
    assert snapshot(repo) == before


def test_set_next_action_and_clear(repo: Path) -> None:
    result = bif_in(
        repo, "set-next-action", "eksempel-trevare", "Møte om FoU-søknad", "--due", "15.1.2017"
    )
    assert result.exit_code == 0, result.output
    assert added_lines(repo, "data/companies/eksempel-trevare.yaml") == [
        "next_action: {what: Møte om FoU-søknad, due: 2017-01-15}"
    ]
    shown = json.loads(bif_in(repo, "recruitment", "--format", "json").stdout)
    assert shown["companies"][0]["next_action"]["due"] == "2017-01-15"
    cleared = bif_in(repo, "set-next-action", "eksempel-trevare", "--clear")
    assert cleared.exit_code == 0, cleared.output
    assert numstat(repo) == {}
    nothing = bif_in(repo, "set-next-action", "eksempel-trevare", "--clear")
    assert nothing.exit_code == 2
    assert "har ingen neste aktivitet" in said(nothing.stderr)


def test_log_entries_go_in_date_order_with_a_known_person(repo: Path) -> None:
    first = bif_in(repo, "log", "eksempel-trevare", "Møte", "--date", "2016-12-01", "--by", "pl")
    assert first.exit_code == 0, first.output
    second = bif_in(repo, "log", "eksempel-trevare", "Telefon", "--date", "1.11.2016")
    assert second.exit_code == 0, second.output
    text = (repo / "data/companies/eksempel-trevare.yaml").read_text(encoding="utf-8")
    assert text.endswith(
        "log:\n  - {date: 2016-11-01, text: Telefon}\n  - {date: 2016-12-01, text: Møte, by: pl}\n"
    )
    unknown = bif_in(repo, "log", "eksempel-trevare", "x", "--by", "pl-nrd")
    assert unknown.exit_code == 2
    assert "mente du 'pl-nord'?" in said(unknown.stderr)
    ahead = bif_in(repo, "log", "eksempel-trevare", "x", "--date", "2017-01-02")
    assert ahead.exit_code == 2
    assert "etter i dag" in said(ahead.stderr)


def test_a_log_by_an_unknown_person_in_a_file_is_an_error(
    make_programme: Callable[..., Path],
) -> None:
    from conftest import COMPANY_YAML

    text = COMPANY_YAML + "log:\n  - {date: 2014-02-01, text: Møte, by: ukjent}\n"
    root = make_programme({"data/companies/eksempel-trevare.yaml": text})
    result = bif_in(root, "check")
    assert result.exit_code == 1
    assert "error[BIF204]: ukjent person 'ukjent'" in result.stdout


def test_set_process_leader(repo: Path) -> None:
    result = bif_in(repo, "set-process-leader", "eksempel-trevare", "pl")
    assert result.exit_code == 0, result.output
    assert numstat(repo) == {"data/companies/eksempel-trevare.yaml": (1, 1)}
    same = bif_in(repo, "set-process-leader", "eksempel-trevare", "pl")
    assert same.exit_code == 2
    unknown = bif_in(repo, "set-process-leader", "eksempel-trevare", "nobody")
    assert unknown.exit_code == 2
    assert "ukjent person 'nobody'; bruk en av: pl, pl-nord" in said(unknown.stderr)
    english = bif_in(repo, "set-process-leader", "eksempel-trevare", "nobody", "--lang", "en")
    assert "pl (Prosjektleder), pl-nord (Prosessleder Nord)" in said(english.stderr)


def test_add_person_region_milestone_and_area(repo: Path) -> None:
    assert bif_in(repo, "add-person", "pl-sor", "--name", "Kari Sør", "--role", "prosessleder")
    assert added_lines(repo, "data/program.yaml") == [
        "  - {id: pl-sor, name: Kari Sør, role: process_leader}"
    ]
    result = bif_in(repo, "add-region", "vest", "--name", "Vest", "--municipalities", "0545=Vang")
    assert result.exit_code == 0, result.output
    assert added_lines(repo, "data/program.yaml")[:3] == [
        "  - id: vest",
        "    name: Vest",
        '    municipalities: {"0545": Vang}',
    ]
    taken = bif_in(repo, "add-region", "ost", "--name", "Øst", "--municipalities", "0511=Dovre")
    assert taken.exit_code == 2
    assert "kommune 0511 ligger allerede i Nord" in said(taken.stderr)
    result = bif_in(repo, "add-milestone", "midtveis", "--title", "Midtveis", "--due", "1.7.2015")
    assert result.exit_code == 0, result.output
    assert added_lines(repo, "data/milestones.yaml") == [
        "  - {id: midtveis, title: Midtveis, due: 2015-07-01}"
    ]
    # Area ids are case-insensitive on the command line: `a` is taken by `A`.
    clash = bif_in(repo, "add-area", "a", "--name", "X", "--allocation", "0")
    assert clash.exit_code == 2
    assert "finnes allerede innsatsområde 'A'" in said(clash.stderr)
    result = bif_in(repo, "add-area", "C", "--name", "Klynger", "--allocation", "0")
    assert result.exit_code == 0, result.output
    assert added_lines(repo, "data/budget.yaml") == ["  - {id: C, name: Klynger, allocation: 0}"]
    assert bif_in(repo, "check").exit_code == 0


def test_an_id_is_checked_as_soon_as_it_is_typed_at_a_prompt(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bif_cli.cli import write

    monkeypatch.setattr(write, "stdin_is_terminal", lambda: True)
    answers = "pl-nord\npl-ny\nNy Person\nprosjektleder\n"
    result = bif_in(repo, "add-person", input=answers)
    assert result.exit_code == 0, result.output
    assert "finnes allerede person 'pl-nord'" in said(result.stderr)
    assert added_lines(repo, "data/program.yaml") == [
        "  - {id: pl-ny, name: Ny Person, role: project_leader}"
    ]


def test_set_allocation_keeps_history_and_every_figure_uses_the_allocation_then(
    repo: Path,
) -> None:
    down = bif_in(repo, "set-allocation", "b", "500\u00a0000", "--decided", "1.3.2015")
    assert down.exit_code == 0, down.output
    assert "600 000 kr → 500 000 kr fra 01.03.2015" in down.stdout
    up = bif_in(
        repo, "set-allocation", "A", "500 000", "--decided", "2015-03-01", "--ref", "sak 12/15"
    )
    assert up.exit_code == 0, up.output
    assert added_lines(repo, "data/budget.yaml") == [
        "  - {id: A, name: Mobilisering, allocation: [{from: 2014-01-01, amount: 400000}, "
        "{from: 2015-03-01, amount: 500000, ref: sak 12/15}]}",
        "  - {id: B, name: FoU, allocation: [{from: 2014-01-01, amount: 600000}, "
        "{from: 2015-03-01, amount: 500000}]}",
    ]

    def allocation(area: str, when: str) -> int:
        shown = bif_in(repo, "budget", "check", "--as-of", when, "--format", "json")
        return int(
            next(a for a in json.loads(shown.stdout)["areas"] if a["id"] == area)["allocation"]
        )

    assert allocation("B", "2015-02-28") == 600000
    assert allocation("B", "2015-03-01") == 500000
    assert allocation("A", "2016-12-31") == 500000
    assert bif_in(repo, "check").exit_code == 0


def test_set_allocation_below_what_is_committed_is_refused(repo: Path) -> None:
    before = snapshot(repo)
    result = bif_in(repo, "set-allocation", "B", "200000", "--decided", "2015-01-01")
    assert result.exit_code == 1, result.output
    assert "error[BIF211]" in result.stdout
    assert snapshot(repo) == before


def test_raising_an_allocation_above_the_frame_is_refused(repo: Path) -> None:
    before = snapshot(repo)
    result = bif_in(repo, "set-allocation", "A", "500000", "--decided", "2015-01-01")
    assert result.exit_code == 1, result.output
    assert "error[BIF210]" in result.stdout
    assert "fra 2015-01-01" in result.stdout
    assert snapshot(repo) == before


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (("add-payment", "eksempel-trevare", "fou", "1000", "--date", "2207-06-30"), "etter i dag"),
        (("set-status", "eksempel-trevare", "completed", "--date", "2017-01-01"), "etter i dag"),
        (("add-measure", "eksempel-trevare", "--title", "T", "--kind", "rnd", "--area", "B",
          "--granted", "1", "--granted-on", "2017-01-01"), "etter i dag"),
        (("cancel-measure", "eksempel-trevare", "fou", "--date", "2017-01-01"), "etter i dag"),
        (("milestone-done", "rapport", "--date", "2017-01-01"), "etter i dag"),
    ],
)  # fmt: skip
def test_dates_after_today_are_refused(repo: Path, command: tuple[str, ...], expected: str) -> None:
    before = snapshot(repo)
    result = bif_in(repo, *command)
    assert result.exit_code == 2, result.output
    assert expected in said(result.stderr)
    assert snapshot(repo) == before


def test_a_date_outside_the_period_warns_but_writes(repo: Path) -> None:
    result = bif_in(repo, "log", "eksempel-trevare", "Forprosjekt", "--date", "2013-11-01")
    assert result.exit_code == 0, result.output
    assert "advarsel: kontakt 01.11.2013 ligger utenfor programperioden" in said(result.stderr)
    assert numstat(repo) == {"data/companies/eksempel-trevare.yaml": (2, 0)}


def test_payments_are_inserted_in_date_order(repo: Path) -> None:
    result = bif_in(repo, "add-payment", "eksempel-trevare", "fou", "50 000", "--date", "1.4.2014")
    assert result.exit_code == 0, result.output
    text = (repo / "data/companies/eksempel-trevare.yaml").read_text(encoding="utf-8")
    assert (
        "      - {date: 2014-04-01, amount: 50000}\n      - {date: 2014-06-30, amount: 100000}\n"
    ) in text


def test_norwegian_words_and_spaces_on_the_command_line(repo: Path) -> None:
    status = bif_in(repo, "set-status", "eksempel-trevare", "avsluttet", "--date", "20.12.2016",
                    "--continuation-plan", "Fortsetter selv")  # fmt: skip
    assert status.exit_code == 0, status.output
    assert "status: completed" in added_lines(repo, "data/companies/eksempel-trevare.yaml")[0]
    measure = bif_in(repo, "add-measure", "costs", "--title", "Kurs", "--kind", "kompetanse",
                     "--area", "a", "--granted", "10\u202f000",
                     "--granted-on", "1.6.2016")  # fmt: skip
    assert measure.exit_code == 0, measure.output
    lines = added_lines(repo, "data/budget.yaml")
    assert "    kind: competence" in lines
    assert "    area: A" in lines
    assert "    granted: 10000" in lines
    typo = bif_in(repo, "set-status", "eksempel-trevare", "kontaktt")
    assert typo.exit_code == 2
    assert "mente du 'contacted'?" in said(typo.stderr)
    english = bif_in(repo, "set-status", "eksempel-trevare", "kontaktt", "--lang", "en")
    assert "Did you mean 'contacted'?" in said(english.stderr)


def test_no_break_spaces_in_money_in_a_data_file(make_programme: Callable[..., Path]) -> None:
    from conftest import COMPANY_YAML

    text = COMPANY_YAML.replace("granted: 250000", "granted: 250\u00a0000")
    root = make_programme({"data/companies/eksempel-trevare.yaml": text})
    assert bif_in(root, "check").exit_code == 0


def test_a_norwegian_date_in_a_file_gets_its_iso_spelling(
    make_programme: Callable[..., Path],
) -> None:
    from conftest import COMPANY_YAML

    text = COMPANY_YAML.replace("granted_on: 2014-03-20", "granted_on: 20.3.2014")
    root = make_programme({"data/companies/eksempel-trevare.yaml": text})
    result = bif_in(root, "check")
    assert result.exit_code == 1
    assert "error[BIF104]" in result.stdout
    assert "i filene skriver du 2014-03-20" in said(result.stdout)
    english = bif_in(root, "check", "--lang", "en")
    assert "in the files write 2014-03-20" in said(english.stdout)


def test_bif_diff_says_from_when_a_board_decision_moves_money(repo: Path) -> None:
    result = bif_in(repo, "set-allocation", "B", "500000", "--decided", "1.3.2015",
                    "--ref", "sak 12/15")  # fmt: skip
    assert result.exit_code == 0, result.output
    shown = run_bif("diff", "HEAD", cwd=repo).stdout
    assert "innsatsområde B ramme: 600 000 kr → 500 000 kr (-100 000 kr) fra 01.03.2015" in shown
    assert "(sak 12/15)" in shown


def test_a_taken_measure_id_is_said_before_the_next_prompt(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bif_cli.cli import write

    monkeypatch.setattr(write, "stdin_is_terminal", lambda: True)
    result = bif_in(repo, "add-measure", "eksempel-trevare", input="FoU\n")
    assert result.exit_code == 2, result.output
    assert "already has a measure 'fou'" in said(result.stderr)
    assert "Kind" not in result.stdout  # never asked for the kind
