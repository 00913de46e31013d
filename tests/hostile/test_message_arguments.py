"""Hostile values inside messages: braces and format specs in the data are shown as written."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bif_cli.texts import message
from conftest import COMPANY_YAML, run_bif

COMPANY = "data/companies/eksempel-trevare.yaml"


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("value", ["{0}", "{name}", "{__class__.__mro__}", "{x:term}", "}{", "%s"])
def test_braces_in_a_value_are_not_formatted(
    make_programme: Callable[..., Path], lang: str, value: str
) -> None:
    root = make_programme({COMPANY: COMPANY_YAML.replace("international", json.dumps(value))})
    result = run_bif("check", "--format", "json", "--lang", lang, "--root", str(root))
    assert result.exit_code == 1, result.output
    issues = json.loads(result.stdout)["issues"]
    assert [(i["code"], i["line"]) for i in issues] == [("BIF103", 6)]
    assert f"'{value}'" in issues[0]["message"]


def test_a_message_id_from_outside_the_catalogue_is_never_formatted() -> None:
    hostile = "{0.__class__} {name!r:>{width}}"
    assert message(hostile, (("name", "x"), ("width", 3)), "nb") == hostile


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        ("language: en\n", "OK: 4 files checked"),
        ("language: 'en'  # English\r\n", "OK: 4 files checked"),
        ("  language: en\n", None),  # indented: not the top-level key (a YAML error)
        ("language: enx\n", None),
    ],
)
def test_the_language_line_is_read_where_yaml_reads_it(
    make_programme: Callable[..., Path], tail: str, expected: str | None
) -> None:
    from conftest import PROGRAM_YAML

    padding = "# " + "x" * 70000 + "\n"  # a long comment first
    root = make_programme({"data/program.yaml": padding + PROGRAM_YAML + tail})
    result = run_bif("check", "--root", str(root))
    if expected is None:
        assert result.exit_code == 1  # bif check reports the bad line, in bokmål
        assert "filer." in result.stdout.splitlines()[-1]
    else:
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith(expected)
