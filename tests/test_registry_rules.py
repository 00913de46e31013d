"""`bif check` holds the company files against the register's snapshots in data/registry/."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import run_bif
from registry_server import NORMAL, enhet


def _snapshot(record: dict[str, Any], fetched: str = "2016-12-01", **flags: bool) -> str:
    return json.dumps({"fetched": fetched, **flags, "record": record}, ensure_ascii=False, indent=2)


SNAPSHOT = "data/registry/921588135.json"
COMPANY = "data/companies/eksempel-trevare.yaml"


def _issues(root: Path, *args: str) -> tuple[int, list[dict[str, Any]]]:
    result = run_bif("check", "--lang", "en", "--root", str(root), "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)["issues"]


def _codes(root: Path, *args: str) -> list[tuple[str, str, str]]:
    return [(i["code"], i["severity"], i["path"]) for i in _issues(root, *args)[1]]


def test_a_snapshot_that_agrees_gives_no_problem(make_programme: Callable[..., Path]) -> None:
    root = make_programme({SNAPSHOT: _snapshot(NORMAL)})
    result = run_bif("check", "--lang", "en", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert "OK: 5 files checked, no problems." in result.stdout


@pytest.mark.parametrize(
    "register_name",
    ["Eksempel Trevare A/S", "EKSEMPEL  TREVARE AS", "eksempel trevare", "Eksempel Trevare A.S."],
)
def test_names_compare_without_case_spaces_or_as_spelling(
    make_programme: Callable[..., Path], register_name: str
) -> None:
    root = make_programme({SNAPSHOT: _snapshot({**NORMAL, "navn": register_name})})
    assert _codes(root) == []


def test_another_name_in_the_register_is_a_warning_at_the_name(
    make_programme: Callable[..., Path],
) -> None:
    root = make_programme({SNAPSHOT: _snapshot({**NORMAL, "navn": "LOM KORNBAKERI AS"})})
    code, issues = _issues(root)
    assert code == 0
    assert [(i["code"], i["line"], i["column"]) for i in issues] == [("BIF403", 1, 7)]
    assert issues[0]["message"] == (
        "the register calls 921588135 'LOM KORNBAKERI AS' (data/registry/921588135.json, "
        "fetched 2016-12-01); check the organisation number, or correct the name"
    )


def test_nace_differs_and_the_registers_code_is_excluded(
    make_programme: Callable[..., Path],
) -> None:
    root = make_programme({SNAPSHOT: _snapshot({**NORMAL, "naeringskode1": {"kode": "01.110"}})})
    assert _codes(root) == [("BIF404", "warning", COMPANY), ("BIF405", "warning", COMPANY)]
    coarser = make_programme(
        {COMPANY: _company_text(nace='"16.23"'), SNAPSHOT: _snapshot(NORMAL)}, name="coarser"
    )
    assert _codes(coarser) == []


def _company_text(**changes: str) -> str:
    from conftest import COMPANY_YAML

    text = COMPANY_YAML
    for key, value in changes.items():
        lines = [
            f"{key}: {value}" if line.startswith(f"{key}:") else line for line in text.split("\n")
        ]
        text = "\n".join(lines)
    return text


def test_municipality_compares_by_name_across_the_2020_renumbering(
    make_programme: Callable[..., Path],
) -> None:
    # The company file says 0517 (Sel, before 2020); the register says 3437 SEL: the same place.
    same = make_programme({SNAPSHOT: _snapshot(NORMAL)}, name="same")
    assert _codes(same) == []
    moved = make_programme(
        {
            SNAPSHOT: _snapshot(
                enhet("921588135", "EKSEMPEL TREVARE AS", municipality=("3431", "DOVRE"))
            )
        },
        name="moved",
    )
    code, issues = _issues(moved)
    assert [i["code"] for i in issues] == ["BIF406"]
    assert "the register places 921588135 in DOVRE (3431), not in Sel" in issues[0]["message"]


@pytest.mark.parametrize(
    ("flags", "code", "words"),
    [
        (
            {"konkurs": True, "konkursdato": "2016-06-01"},
            "BIF407",
            "konkurs (bankrupt) since 01.06.2016",
        ),
        (
            {"underAvvikling": True, "underAvviklingDato": "2016-03-12"},
            "BIF408",
            "under avvikling (being wound up) since 12.03.2016",
        ),
        (
            {"underTvangsavviklingEllerTvangsopplosning": True},
            "BIF408",
            "under tvangsavvikling eller tvangsoppløsning (forced winding-up) since ?",
        ),
        ({"slettedato": "2016-11-01"}, "BIF409", "slettet (deleted from the register) 01.11.2016"),
    ],
)
def test_bankrupt_wound_up_and_deleted_units_are_warnings(
    make_programme: Callable[..., Path], flags: dict[str, Any], code: str, words: str
) -> None:
    root = make_programme({SNAPSHOT: _snapshot({**NORMAL, **flags})})
    exit_code, issues = _issues(root)
    assert exit_code == 0
    assert [(i["code"], i["path"], i["line"]) for i in issues] == [(code, COMPANY, 2)]
    assert f"is {words}" in issues[0]["message"]


@pytest.mark.parametrize("key", ["konkursdato", "slettedato"])
def test_a_payment_after_bankruptcy_or_deletion_is_an_error(
    make_programme: Callable[..., Path], key: str
) -> None:
    record = {**NORMAL, key: "2014-06-29"}
    if key == "konkursdato":
        record["konkurs"] = True
    root = make_programme({SNAPSHOT: _snapshot(record)})
    exit_code, issues = _issues(root)
    assert exit_code == 1
    errors = [i for i in issues if i["severity"] == "error"]
    assert [(i["code"], i["line"]) for i in errors] == [("BIF410", 24)]
    on_the_day = make_programme({SNAPSHOT: _snapshot({**record, key: "2014-06-30"})}, name="same")
    assert all(i["severity"] == "warning" for i in _issues(on_the_day)[1])


def test_an_old_snapshot_is_a_warning_under_strict_only(
    make_programme: Callable[..., Path],
) -> None:
    root = make_programme({SNAPSHOT: _snapshot(NORMAL, fetched="2016-10-01")})
    assert _codes(root) == []
    assert run_bif("check", "--lang", "en", "--root", str(root)).exit_code == 0
    strict = run_bif("check", "--lang", "en", "--strict", "--root", str(root))
    assert strict.exit_code == 1
    assert (
        "data/registry/921588135.json:2:3: warning[BIF411]: the register's record of 921588135 "
        "was fetched 2016-10-01, 91 days ago; run `bif registry refresh`"
    ) in strict.stdout
    fresh = make_programme({SNAPSHOT: _snapshot(NORMAL, fetched="2016-10-02")}, name="fresh")
    assert run_bif("check", "--lang", "en", "--strict", "--root", str(fresh)).exit_code == 0
    fictional = make_programme(
        {SNAPSHOT: _snapshot(NORMAL, fetched="2014-01-01", fictional=True)}, name="fictional"
    )
    assert run_bif("check", "--lang", "en", "--strict", "--root", str(fictional)).exit_code == 0


def test_a_snapshot_without_a_company_is_a_warning(make_programme: Callable[..., Path]) -> None:
    other = enhet("974760673", "ANNEN AS")
    root = make_programme({"data/registry/974760673.json": _snapshot(other)})
    assert _codes(root) == [("BIF402", "warning", "data/registry/974760673.json")]


def test_a_bankruptcy_shows_in_the_reports_data_quality_output(
    make_programme: Callable[..., Path],
) -> None:
    root = make_programme(
        {SNAPSHOT: _snapshot({**NORMAL, "konkurs": True, "konkursdato": "2016-06-01"})}
    )
    result = run_bif("report", "quarterly", "Q4-2016", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert "registeret sier at Eksempel Trevare AS (921588135) er konkurs siden 01.06.2016" in (
        result.output
    )
    english = run_bif("report", "quarterly", "Q4-2016", "--lang", "en", "--root", str(root))
    assert "konkurs (bankrupt) since 01.06.2016" in english.output


def test_register_problems_are_in_bokmal_by_default(make_programme: Callable[..., Path]) -> None:
    root = make_programme(
        {SNAPSHOT: _snapshot({**NORMAL, "navn": "LOM KORNBAKERI AS"}, fetched="2016-01-01")}
    )
    result = run_bif("check", "--strict", "--root", str(root))
    assert result.exit_code == 1
    assert (
        "warning[BIF403]: registeret kaller 921588135 «LOM KORNBAKERI AS» "
        "(data/registry/921588135.json, hentet 2016-01-01); sjekk organisasjonsnummeret, "
        "eller rett navnet"
    ) in result.stdout
    assert "registerets opplysninger om 921588135 ble hentet 2016-01-01, for 365 dager" in (
        result.stdout
    )


def test_the_repositorys_fictional_companies_have_snapshots_that_agree(
    example_programme: Path,
) -> None:
    from conftest import EXAMPLE_DATA

    companies = sorted((EXAMPLE_DATA / "companies").glob("*.yaml"))
    snapshots = sorted((EXAMPLE_DATA / "registry").glob("*.json"))
    assert len(snapshots) == len(companies) > 0
    for path in snapshots:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["fictional"] is True, path
    exit_code, issues = _issues(example_programme, "--strict")
    assert [i for i in issues if str(i["code"]).startswith("BIF4")] == []
    assert exit_code == 1  # the one known warning, BIF308, under --strict


def test_refresh_keeps_fictional_snapshots_and_asks_nothing(example_programme: Path) -> None:
    before = {p.name: p.read_bytes() for p in (example_programme / "data/registry").iterdir()}
    result = run_bif(
        "registry", "refresh", "--lang", "en", "lom-kornbakeri", "--root", str(example_programme)
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "lom-kornbakeri (965124071): fictional snapshot, kept as it is\n"
    after = {p.name: p.read_bytes() for p in (example_programme / "data/registry").iterdir()}
    assert after == before
