"""The company register: lookups against a real local HTTP server, prefill, refresh, import."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bif_cli.cli import write
from bif_cli.domain.registry import parse_unit
from conftest import run_bif
from registry_server import (
    BANKRUPT,
    DELETED,
    FLAKY,
    MALFORMED,
    NORMAL,
    SLOW,
    UNKNOWN,
    WINDING_UP,
    FakeRegister,
    enhet,
    refused_url,
    registry_server_fixture,  # noqa: F401 (the fixture registry_server)
)


def _one_clear_line(stderr: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    assert lines[0].startswith("bif: ")


def test_lookup_shows_a_normal_unit_as_a_table(registry_server: FakeRegister) -> None:
    result = run_bif("registry", "lookup", "--lang", "en", "921588135")
    assert result.exit_code == 0, result.output
    assert "EKSEMPEL TREVARE AS" in result.stdout
    assert "16.230 (Produksjon av monteringsferdige hus" in result.stdout
    assert "3437 (SEL)" in result.stdout
    assert "AS (Aksjeselskap)" in result.stdout
    assert registry_server.requests == ["/enhetsregisteret/api/enheter/921588135"]


def test_lookup_json_is_the_parsed_record(registry_server: FakeRegister) -> None:
    result = run_bif("registry", "lookup", "--lang", "en", "921 588 135", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == {
        "org_number": "921588135",
        "status": "found",
        "unit": parse_unit(NORMAL).as_dict(),
    }
    assert data["unit"]["employees"] == 24
    assert data["unit"]["municipality"] == {"number": "3437", "name": "SEL"}


def test_lookup_shows_a_bankruptcy_and_a_winding_up(registry_server: FakeRegister) -> None:
    bankrupt = run_bif(
        "registry", "lookup", "--lang", "en", BANKRUPT["organisasjonsnummer"], "--format", "json"
    )
    assert bankrupt.exit_code == 0, bankrupt.output
    unit = json.loads(bankrupt.stdout)["unit"]
    assert (unit["bankrupt"], unit["bankrupt_date"]) == (True, "2016-03-12")
    winding = run_bif("registry", "lookup", "--lang", "en", WINDING_UP["organisasjonsnummer"])
    assert winding.exit_code == 0, winding.output
    assert "yes, since 12.03.2016" in winding.stdout


def test_an_unknown_unit_says_so_and_exits_1(registry_server: FakeRegister) -> None:
    result = run_bif("registry", "lookup", "--lang", "en", UNKNOWN)
    assert result.exit_code == 1
    assert result.stdout == ""
    _one_clear_line(result.stderr)
    assert f"{UNKNOWN} is not in the company register" in result.stderr
    as_json = run_bif("registry", "lookup", "--lang", "en", UNKNOWN, "--format", "json")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout) == {"org_number": UNKNOWN, "status": "unknown", "unit": None}


def test_a_deleted_unit_410_says_when_and_exits_1(registry_server: FakeRegister) -> None:
    result = run_bif("registry", "lookup", "--lang", "en", DELETED)
    assert result.exit_code == 1
    _one_clear_line(result.stderr)
    assert f"{DELETED} has been deleted from the company register on 01.10.2015" in result.stderr
    data = json.loads(
        run_bif("registry", "lookup", "--lang", "en", DELETED, "--format", "json").stdout
    )
    assert data["status"] == "deleted"
    assert data["unit"]["deleted_date"] == "2015-10-01"


def test_a_slow_answer_times_out_after_one_retry(
    registry_server: FakeRegister, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BIF_REGISTRY_TIMEOUT", "0.2")
    result = run_bif("registry", "lookup", "--lang", "en", SLOW)
    assert result.exit_code == 1
    _one_clear_line(result.stderr)
    assert "did not answer within 0.2 s (tried 2 times)" in result.stderr
    assert registry_server.requests.count(f"/enhetsregisteret/api/enheter/{SLOW}") == 2


def test_a_malformed_body_is_one_clear_line(registry_server: FakeRegister) -> None:
    result = run_bif("registry", "lookup", "--lang", "en", MALFORMED)
    assert result.exit_code == 1
    _one_clear_line(result.stderr)
    assert f"answer for {MALFORMED}" in result.stderr
    assert "cannot be read: not valid JSON" in result.stderr


def test_a_record_of_the_wrong_shape_is_one_clear_line(registry_server: FakeRegister) -> None:
    registry_server.serve({**NORMAL, "antallAnsatte": "mange"})
    result = run_bif("registry", "lookup", "--lang", "en", "921588135")
    assert result.exit_code == 1
    _one_clear_line(result.stderr)
    assert "'antallAnsatte' should be a whole number" in result.stderr


def test_a_server_error_is_retried_once(registry_server: FakeRegister) -> None:
    result = run_bif("registry", "lookup", "--lang", "en", FLAKY, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["unit"]["name"] == "USTABIL AS"
    assert registry_server.requests.count(f"/enhetsregisteret/api/enheter/{FLAKY}") == 2


def test_a_refused_connection_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BIF_REGISTRY_URL", refused_url())
    result = run_bif("registry", "lookup", "--lang", "en", "921588135")
    assert result.exit_code == 1
    _one_clear_line(result.stderr)
    assert "cannot reach the company register" in result.stderr
    assert "connection refused" in result.stderr


@pytest.mark.parametrize(
    ("env", "value", "expected"),
    [
        ("BIF_REGISTRY_TIMEOUT", "fem", "BIF_REGISTRY_TIMEOUT must be a number of seconds"),
        ("BIF_REGISTRY_TIMEOUT", "0", "BIF_REGISTRY_TIMEOUT must be a number of seconds"),
        ("BIF_REGISTRY_URL", "ftp://example.invalid", "BIF_REGISTRY_URL must start with http"),
    ],
)
def test_bad_settings_are_usage_errors(
    monkeypatch: pytest.MonkeyPatch, env: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(env, value)
    result = run_bif("registry", "lookup", "--lang", "en", "921588135")
    assert result.exit_code == 2
    assert expected in result.stderr


def test_a_mistyped_org_number_is_a_usage_error() -> None:
    result = run_bif("registry", "lookup", "--lang", "en", "921588136")
    assert result.exit_code == 2
    assert "wrong check digit" in result.output


# add-company ------------------------------------------------------------------------------


@pytest.fixture
def empty_programme(make_programme: Callable[..., Path]) -> Path:
    return make_programme({"data/companies/eksempel-trevare.yaml": None})


def test_add_company_asks_only_for_what_the_register_does_not_know(
    registry_server: FakeRegister, empty_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write, "stdin_is_terminal", lambda: True)
    result = run_bif(
        "add-company",
        "--lang",
        "en",
        "--org-number",
        "921588135",
        "--root",
        str(empty_programme),
        input="international\npl-nord\n",
    )
    assert result.exit_code == 0, result.output
    prompts = [line for line in result.stdout.splitlines() if ":" in line]
    assert not any(p.startswith(("Name", "Region", "Municipality", "NACE")) for p in prompts)
    assert "Market: local, regional, national, international" in result.stdout
    assert (
        "From the company register: name Eksempel Trevare AS, NACE 16.230, 24 employees, "
        "municipality SEL." in result.stderr
    )
    text = (empty_programme / "data/companies/eksempel-trevare.yaml").read_text()
    assert "name: Eksempel Trevare AS\n" in text
    assert 'org_number: "921588135"\n' in text
    assert "region: nord\n" in text
    assert 'municipality: "0517"\n' in text  # Sel, by name: the register has the new number 3437
    assert 'nace: "16.230"\n' in text
    assert "employees: 24\n" in text
    assert "process_leader: pl-nord\n" in text
    snapshot = json.loads((empty_programme / "data/registry/921588135.json").read_text())
    assert snapshot == {"fetched": "2016-12-31", "record": NORMAL}
    check = run_bif("check", "--lang", "en", "--root", str(empty_programme))
    assert check.exit_code == 0, check.output
    assert "BIF4" not in check.output


def test_add_company_without_a_terminal_needs_only_the_rest_as_options(
    registry_server: FakeRegister, empty_programme: Path
) -> None:
    result = run_bif(
        "add-company",
        "--lang",
        "en",
        "--org-number",
        "921588135",
        "--market",
        "national",
        "--root",
        str(empty_programme),
    )
    assert result.exit_code == 0, result.output
    assert (empty_programme / "data/companies/eksempel-trevare.yaml").is_file()


def test_add_company_goes_on_offline_with_a_note(
    empty_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BIF_REGISTRY_URL", refused_url())
    result = run_bif(
        "add-company",
        "--lang",
        "en",
        "Lom Bakeri AS",
        "--org-number",
        "921588135",
        "--region",
        "nord",
        "--municipality",
        "0511",
        "--nace",
        "10.710",
        "--market",
        "national",
        "--root",
        str(empty_programme),
    )
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if "company register" in line]
    assert len(notes) == 1 and notes[0].startswith("bif: note: going on without the company")
    assert (empty_programme / "data/companies/lom-bakeri.yaml").is_file()
    assert not (empty_programme / "data/registry").exists()


def test_add_company_offline_does_not_ask_the_register(
    registry_server: FakeRegister, empty_programme: Path
) -> None:
    result = run_bif(
        "add-company",
        "--lang",
        "en",
        "Lom Bakeri AS",
        "--org-number",
        "921588135",
        "--region",
        "nord",
        "--municipality",
        "0511",
        "--nace",
        "10.710",
        "--market",
        "national",
        "--offline",
        "--root",
        str(empty_programme),
    )
    assert result.exit_code == 0, result.output
    assert registry_server.requests == []


@pytest.mark.parametrize(
    ("number", "fact"), [(UNKNOWN, "is not in"), (DELETED, "has been deleted from")]
)
def test_add_company_refuses_a_number_the_register_does_not_have(
    registry_server: FakeRegister, empty_programme: Path, number: str, fact: str
) -> None:
    result = run_bif(
        "add-company",
        "--lang",
        "en",
        "Lom Bakeri AS",
        "--org-number",
        number,
        "--market",
        "national",
        "--root",
        str(empty_programme),
    )
    assert result.exit_code == 1
    assert f"{number} {fact} the company register" in result.stderr
    assert "--offline" in result.stderr
    assert not (empty_programme / "data/companies").exists()


# refresh and check -----------------------------------------------------------------------


def test_refresh_writes_snapshots_and_a_bankruptcy_shows_in_check(
    registry_server: FakeRegister, make_programme: Callable[..., Path]
) -> None:
    root = make_programme()
    first = run_bif("registry", "refresh", "--lang", "en", "--root", str(root))
    assert first.exit_code == 0, first.output
    assert "eksempel-trevare (921588135): snapshot written" in first.stdout
    assert run_bif("check", "--lang", "en", "--root", str(root)).exit_code == 0

    registry_server.serve({**NORMAL, "konkurs": True, "konkursdato": "2016-03-12"})
    again = run_bif("registry", "refresh", "--lang", "en", "eksempel-trevare", "--root", str(root))
    assert again.exit_code == 0, again.output
    assert "Eksempel Trevare AS: konkurs since 12.03.2016" in again.stdout
    check = run_bif("check", "--lang", "en", "--root", str(root), "--format", "json")
    codes = [(i["code"], i["severity"], i["path"]) for i in json.loads(check.stdout)["issues"]]
    assert ("BIF407", "warning", "data/companies/eksempel-trevare.yaml") in codes
    assert check.exit_code == 0

    registry_server.serve({**NORMAL, "konkurs": True, "konkursdato": "2014-05-01"})
    assert run_bif("registry", "refresh", "--lang", "en", "--root", str(root)).exit_code == 0
    after = run_bif("check", "--lang", "en", "--root", str(root))
    assert after.exit_code == 1
    assert (
        "data/companies/eksempel-trevare.yaml:24:16: error[BIF410]: payment dated 2014-06-30 on "
        "measure 'fou' is after the company was konkurs 01.05.2014 in the register"
    ) in after.stdout


def test_refresh_of_an_unknown_unit_exits_1_and_keeps_going(
    registry_server: FakeRegister, make_programme: Callable[..., Path]
) -> None:
    root = make_programme({"data/companies/ukjent.yaml": _company("Ukjent AS", UNKNOWN)})
    result = run_bif("registry", "refresh", "--lang", "en", "--root", str(root))
    assert result.exit_code == 1
    assert f"ukjent ({UNKNOWN}): not in the company register" in result.stderr
    assert (root / "data/registry/921588135.json").is_file()
    assert not (root / f"data/registry/{UNKNOWN}.json").exists()


def test_refresh_of_a_deleted_unit_keeps_the_fact(
    registry_server: FakeRegister, make_programme: Callable[..., Path]
) -> None:
    root = make_programme({"data/companies/borte.yaml": _company("Borte AS", DELETED)})
    result = run_bif("registry", "refresh", "--lang", "en", "borte", "--root", str(root))
    assert result.exit_code == 0, result.output
    snapshot = json.loads((root / f"data/registry/{DELETED}.json").read_text())
    assert snapshot["deleted"] is True
    check = run_bif("check", "--lang", "en", "--root", str(root))
    assert "warning[BIF409]" in check.stdout
    assert "slettet (deleted from the register) 01.10.2015" in check.stdout


def test_refresh_names_an_unknown_company_id(make_programme: Callable[..., Path]) -> None:
    result = run_bif(
        "registry", "refresh", "--lang", "en", "finnes-ikke", "--root", str(make_programme())
    )
    assert result.exit_code == 2
    assert "unknown company 'finnes-ikke'" in result.output


def test_refresh_without_network_is_one_clear_line(
    make_programme: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BIF_REGISTRY_URL", refused_url())
    result = run_bif("registry", "refresh", "--lang", "en", "--root", str(make_programme()))
    assert result.exit_code == 1
    _one_clear_line(result.stderr)


def _company(name: str, org_number: str) -> str:
    return (
        f'name: {name}\norg_number: "{org_number}"\nregion: nord\nmunicipality: "0517"\n'
        'nace: "16.230"\nmarket: national\nhistory:\n  - {date: 2014-01-20, status: identified}\n'
    )


# bulk import -----------------------------------------------------------------------------


def _bulk(path: Path, units: list[dict[str, object]], *, cut: int | None = None) -> Path:
    raw = json.dumps(units, ensure_ascii=False, indent=1).encode()
    packed = gzip.compress(raw)
    path.write_bytes(packed[:cut] if cut else packed)
    return path


def test_import_keeps_only_the_programmes_units(
    make_programme: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_programme()
    bulk = _bulk(
        tmp_path / "enheter_alle.json.gz",
        [
            BANKRUPT,
            {**NORMAL, "underAvvikling": True, "underAvviklingDato": "2016-03-12"},
            WINDING_UP,
        ],
    )
    result = run_bif(
        "registry", "import", "--lang", "en", str(bulk), "--date", "2016-12-30", "--root", str(root)
    )
    assert result.exit_code == 0, result.output
    assert "Read 3 units from enheter_alle.json.gz: 1 snapshot(s) written." in result.stdout
    assert "Eksempel Trevare AS: under avvikling since 12.03.2016" in result.stdout
    assert sorted(p.name for p in (root / "data/registry").iterdir()) == ["921588135.json"]
    snapshot = json.loads((root / "data/registry/921588135.json").read_text())
    assert snapshot["fetched"] == "2016-12-30"
    assert snapshot["record"]["underAvvikling"] is True
    check = run_bif("check", "--lang", "en", "--root", str(root))
    assert "warning[BIF408]" in check.stdout


def test_import_reports_the_programmes_units_missing_from_the_file(
    make_programme: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_programme()
    bulk = _bulk(tmp_path / "enheter.json.gz", [BANKRUPT])
    result = run_bif("registry", "import", "--lang", "en", str(bulk), "--root", str(root))
    assert result.exit_code == 0, result.output
    assert "Not in the file (deleted, or not a main unit): eksempel-trevare" in result.stderr


@pytest.mark.parametrize("kind", ["cut", "not-json", "not-a-list-of-units"])
def test_import_of_a_broken_file_writes_nothing(
    make_programme: Callable[..., Path], tmp_path: Path, kind: str
) -> None:
    root = make_programme()
    path = tmp_path / "enheter.json.gz"
    if kind == "cut":
        big = [enhet(f"9{i:07d}0", f"FYLL {i} AS") for i in range(300)] + [NORMAL]
        _bulk(path, big, cut=3000)
    elif kind == "not-json":
        path.write_bytes(gzip.compress(b"<html>Service Unavailable</html>"))
    else:
        path.write_bytes(gzip.compress(b"[1, 2, 3]"))
    result = run_bif("registry", "import", "--lang", "en", str(path), "--root", str(root))
    assert result.exit_code == 1
    _one_clear_line(result.stderr)
    assert "is not the register's bulk download" in result.stderr
    assert not (root / "data/registry").exists()


def test_import_of_a_missing_file_is_one_clear_line(make_programme: Callable[..., Path]) -> None:
    result = run_bif(
        "registry", "import", "--lang", "en", "finnes-ikke.json.gz", "--root", str(make_programme())
    )
    assert result.exit_code == 1
    _one_clear_line(result.stderr)


def test_the_installed_bif_adds_a_company_from_the_register(
    registry_server: FakeRegister, empty_programme: Path
) -> None:
    import shutil
    import subprocess

    bif = shutil.which("bif")
    assert bif is not None
    done = subprocess.run(
        [
            bif,
            "add-company",
            "--lang",
            "en",
            "--org-number",
            "921588135",
            "--market",
            "international",
        ],
        cwd=empty_programme,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Added data/companies/eksempel-trevare.yaml: Eksempel Trevare AS" in done.stdout
    assert "Kept the register's record in data/registry/921588135.json." in done.stdout
    check = subprocess.run([bif, "check"], cwd=empty_programme, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


def test_add_company_warns_when_the_given_name_is_not_the_registers(
    registry_server: FakeRegister, empty_programme: Path
) -> None:
    result = run_bif(
        "add-company",
        "--lang",
        "en",
        "Lom Bakeri AS",
        "--org-number",
        "921588135",
        "--market",
        "national",
        "--root",
        str(empty_programme),
    )
    assert result.exit_code == 0, result.output
    assert (
        "bif: warning: the register calls 921588135 'EKSEMPEL TREVARE AS', not 'Lom Bakeri AS'"
        in result.stderr
    )
    text = (empty_programme / "data/companies/lom-bakeri.yaml").read_text()
    assert "name: Lom Bakeri AS\n" in text and 'nace: "16.230"' in text


def test_the_register_speaks_bokmal_by_default(
    registry_server: FakeRegister, empty_programme: Path
) -> None:
    lookup = run_bif("registry", "lookup", WINDING_UP["organisasjonsnummer"])
    assert lookup.exit_code == 0, lookup.output
    assert "Organisasjonsnummer    923609016\n" in lookup.stdout
    assert "Under avvikling        ja, siden 12.03.2016\n" in lookup.stdout
    assert "Konkurs                nei\n" in lookup.stdout
    gone = run_bif("registry", "lookup", DELETED)
    assert gone.stderr == f"bif: {DELETED} ble slettet fra Enhetsregisteret 01.10.2015\n"
    added = run_bif(
        "add-company",
        "--org-number",
        "921588135",
        "--market",
        "national",
        "--root",
        str(empty_programme),
    )
    assert added.exit_code == 0, added.output
    assert (
        "Fra Enhetsregisteret: navn Eksempel Trevare AS, næringskode 16.230, 24 ansatte, "
        "kommune SEL." in added.stderr
    )
    assert "Registerets opplysninger er lagret i data/registry/921588135.json." in added.stdout
    refreshed = run_bif("registry", "refresh", "--root", str(empty_programme))
    assert refreshed.stdout == (
        "eksempel-trevare (921588135): øyeblikksbildet er oppdatert, ingen endring\n"
    )


def test_the_api_looks_up_and_refreshes(
    registry_server: FakeRegister, make_programme: Callable[..., Path]
) -> None:
    import bif_cli
    from bif_cli.errors import UnknownIdError

    found = bif_cli.registry_lookup("921 588 135")
    assert (found.status, found.unit and found.unit.name) == ("found", "EKSEMPEL TREVARE AS")
    assert bif_cli.registry_lookup(UNKNOWN).status == "unknown"
    root = make_programme()
    done = bif_cli.registry_refresh(root)
    assert [(d.company_id, d.outcome) for d in done] == [("eksempel-trevare", "written")]
    assert bif_cli.load(root).registry["921588135"].fetched.isoformat() == "2016-12-31"
    with pytest.raises(UnknownIdError):
        bif_cli.registry_refresh(root, ["finnes-ikke"])


def test_a_network_failure_speaks_bokmal_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BIF_REGISTRY_URL", refused_url())
    result = run_bif("registry", "lookup", "921588135")
    assert result.exit_code == 1
    _one_clear_line(result.stderr)
    assert "får ikke kontakt med Enhetsregisteret" in result.stderr
    assert "(connection refused); sjekk nettverkstilkoblingen" in result.stderr
