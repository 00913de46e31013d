"""Hostile values in data files: control characters through escapes, non-ASCII digits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_helpers import run_bif

from conftest import COMPANY_YAML

REL = "data/companies/eksempel-trevare.yaml"


@pytest.mark.parametrize(
    "line",
    [
        'name: "Lom\\e]0;PWNED\\a\\e[2J\\0X"',
        'name: "Lom\\x85Bakeri"',
        'name: "Lom\\u009bBakeri"',
        'name: "Lom\\tBakeri"',
        'ambition: "Vekst\\x1b[31m"',
    ],
)
def test_control_characters_written_as_escapes_are_refused(
    make_programme: Callable[..., Path], line: str
) -> None:
    text = COMPANY_YAML.replace("name: Eksempel Trevare AS", "name: Eksempel Trevare AS", 1)
    key, _sep, _value = line.partition(":")
    lines = [x for x in text.splitlines() if not x.startswith(key + ":")]
    root = make_programme({REL: "\n".join([line, *lines]) + "\n"})
    result = run_bif("check", "--lang", "en", cwd=root)
    assert result.exit_code == 1
    assert f"{REL}:1:" in result.stdout and "BIF010" in result.stdout
    assert "control character" in result.stdout
    for forbidden in ("\x1b", "\x07", "\x00", "\x85", "\x9b"):
        assert forbidden not in result.output


def test_a_control_character_in_a_key_is_refused(make_programme: Callable[..., Path]) -> None:
    root = make_programme({REL: COMPANY_YAML + '"next\\e[2J": 1\n'})
    result = run_bif("check", "--lang", "en", cwd=root)
    assert result.exit_code == 1
    assert "BIF010" in result.stdout and "\x1b" not in result.output


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("employees: 24", "employees: ２４"),
        ('org_number: "921588135"', 'org_number: "９２１５８８１３５"'),
        ('municipality: "0517"', 'municipality: "٠٥١٧"'),
        ('nace: "16.230"', 'nace: "１6.230"'),
        ("granted: 250000", "granted: ٩0000"),
        ("granted: 250000", "granted: １８００００"),
        ("{date: 2014-06-30, amount: 100000}", "{date: ２014-06-30, amount: 100000}"),
    ],
)
def test_only_ascii_digits_are_numbers(
    make_programme: Callable[..., Path], old: str, new: str
) -> None:
    assert old in COMPANY_YAML
    root = make_programme({REL: COMPANY_YAML.replace(old, new)})
    result = run_bif("check", "--lang", "en", cwd=root)
    assert result.exit_code == 1, result.output
    assert REL in result.stdout


def test_a_full_width_copy_of_an_org_number_is_no_way_around_the_duplicate_rule(
    make_programme: Callable[..., Path],
) -> None:
    twin = COMPANY_YAML.replace('org_number: "921588135"', 'org_number: "９２１５８８１３５"')
    root = make_programme({"data/companies/tvilling.yaml": twin})
    result = run_bif("check", "--lang", "en", cwd=root)
    assert result.exit_code == 1
    assert "data/companies/tvilling.yaml" in result.stdout


def test_non_ascii_digits_on_the_command_line_are_refused(
    make_programme: Callable[..., Path],
) -> None:
    root = make_programme()
    for args in (
        ("add-payment", "eksempel-trevare", "fou", "１０００"),
        ("add-payment", "eksempel-trevare", "fou", "1000", "--date", "２014-07-01"),
    ):
        result = run_bif(*args, cwd=root)
        assert result.exit_code == 2, (args, result.output)
