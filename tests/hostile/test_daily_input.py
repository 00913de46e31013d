"""Hostile input to the day-to-day commands and exports: refused cleanly, or kept as plain text."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import run_bif


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".bif-cache" not in p.parts
    }


@pytest.mark.parametrize(
    "args",
    [
        ("log", "eksempel-trevare", "linje en\nlinje to"),
        ("log", "eksempel-trevare", "x", "--date", "31.02.2016"),
        ("log", "eksempel-trevare", "x", "--date", "1.1.99999"),
        ("set-next-action", "eksempel-trevare", "x", "--due", "2016-1-1"),
        ("add-region", "../../etc", "--name", "X", "--municipalities", "0999=X"),
        ("add-region", "ny", "--name", "X", "--municipalities", "999=X"),
        ("add-region", "ny", "--name", "X", "--municipalities", "0999"),
        ("add-person", "a b", "--name", "X", "--role", "other"),
        ("add-person", "ny", "--name", "X", "--role", "sjef"),
        ("add-area", "E", "--name", "X", "--allocation", "-5"),
        ("add-area", "E", "--name", "X", "--allocation", "1,5"),
        ("set-allocation", "A", "1e9", "--decided", "2015-01-01"),
        ("set-allocation", "Z", "1", "--decided", "2015-01-01"),
        ("cancel-measure", "eksempel-trevare", "../fou"),
        ("set-process-leader", "eksempel-trevare", "pl\nx"),
    ],
)
def test_bad_input_is_a_usage_error_and_writes_nothing(
    make_programme: Callable[..., Path], args: tuple[str, ...]
) -> None:
    root = make_programme()
    before = _snapshot(root)
    result = run_bif(*args, "--root", str(root))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert _snapshot(root) == before


def test_formula_like_text_stays_text_in_csv(make_programme: Callable[..., Path]) -> None:
    from conftest import COMPANY_YAML

    text = COMPANY_YAML.replace("name: Eksempel Trevare AS", "name: '=1+1'")
    root = make_programme({"data/companies/eksempel-trevare.yaml": text})
    result = run_bif("recruitment", "--format", "csv", "--root", str(root))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout[1:], newline=""), delimiter=";"))
    assert rows[0]["navn"] == "'=1+1"


def test_a_log_entry_cannot_smuggle_yaml(make_programme: Callable[..., Path]) -> None:
    root = make_programme()
    text = "x}, {date: 2014-01-01, text: injected"
    result = run_bif("log", "eksempel-trevare", text, "--date", "2016-01-01", "--root", str(root))
    assert result.exit_code == 0, result.output
    from bif_cli.io.check import check_programme

    programme, _problems = check_programme(root, __import__("datetime").date(2016, 12, 31))
    [entry] = programme.companies["eksempel-trevare"].log
    assert entry.text == text


@pytest.mark.parametrize(
    ("allocation", "code"),
    [
        ("[{from: 2014-01-01}]", "BIF102"),
        ("[{from: 01.01.2014, amount: 1}]", "BIF104"),
        ("[{from: 2014-01-01, amount: -1}]", "BIF105"),
        ("[{from: 2014-01-01, amount: 1, when: x}]", "BIF101"),
        ("{from: 2014-01-01, amount: 1}", "BIF105"),
        ("[7]", "BIF103"),
        ("'400\u00a0000,50'", "BIF105"),
    ],
)
def test_a_malformed_dated_allocation_is_a_located_error(
    make_programme: Callable[..., Path], allocation: str, code: str
) -> None:
    from conftest import BUDGET_YAML

    budget = BUDGET_YAML.replace("allocation: 400000}", f"allocation: {allocation}}}")
    root = make_programme({"data/budget.yaml": budget})
    result = run_bif("check", "--root", str(root))
    assert result.exit_code == 1, result.output
    assert "data/budget.yaml:6:" in result.stdout and f"error[{code}]" in result.stdout
    assert "Traceback" not in result.output


def test_an_empty_or_unsorted_dated_allocation_is_read_as_written(
    make_programme: Callable[..., Path],
) -> None:
    from conftest import BUDGET_YAML

    unsorted = "[{from: 2015-01-01, amount: 300000}, {from: 2014-01-01, amount: 400000}]"
    budget = BUDGET_YAML.replace("allocation: 400000}", f"allocation: {unsorted}}}")
    root = make_programme({"data/budget.yaml": budget})
    result = run_bif("budget", "check", "--as-of", "2014-06-30", "--format", "json",
                     "--root", str(root))  # fmt: skip
    assert result.exit_code == 0, result.output
    import json

    area_a = json.loads(result.stdout)["areas"][0]
    assert area_a["allocation"] == 400000
