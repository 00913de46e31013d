"""The editor schemas and `bif check` accept and refuse the same files, case by case."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from ruamel.yaml.error import YAMLError

from bif_cli.io.schema import render
from conftest import (
    BUDGET_YAML,
    COMPANY_YAML,
    MILESTONES_YAML,
    PROGRAM_YAML,
    build_tree,
    run_bif,
)
from yaml12 import read_as_an_editor

CLUSTER_YAML = """\
name: Trebruk i Nord
region: nord
members: [eksempel-trevare]
facilitator: pl-nord
history:
  - {date: 2014-05-01, status: identified}
  - {date: 2014-09-01, status: established}
"""

BASE = {
    "program": PROGRAM_YAML,
    "budget": BUDGET_YAML,
    "milestones": MILESTONES_YAML,
    "company": COMPANY_YAML,
    "cluster": CLUSTER_YAML,
}
PATHS = {
    "program": "data/program.yaml",
    "budget": "data/budget.yaml",
    "milestones": "data/milestones.yaml",
    "company": "data/companies/eksempel-trevare.yaml",
    "cluster": "data/clusters/trebruk-i-nord.yaml",
}


@dataclass(frozen=True)
class Case:
    id: str
    kind: str
    text: str


def edit(case_id: str, kind: str, old: str, new: str) -> Case:
    """A case: the valid file of this kind with one piece of text replaced."""
    assert BASE[kind].count(old) == 1, f"{case_id}: {old!r} must occur once"
    return Case(case_id, kind, BASE[kind].replace(old, new))


COMPLETED = "  - {date: 2014-03-05, status: agreement}\n"

CORPUS = [
    *(Case(f"{kind}-as-written", kind, text) for kind, text in BASE.items()),
    # Money: digits, optionally grouped in threes; nothing else.
    edit("money-grouped", "company", "granted: 250000", "granted: 250 000"),
    edit("money-quoted", "company", "granted: 250000", 'granted: "250000"'),
    edit("money-decimals", "company", "granted: 250000", "granted: 180000.0"),
    edit("money-exponent", "company", "granted: 250000", "granted: 1.8e+5"),
    edit("money-hex", "company", "granted: 250000", "granted: 0x2BF20"),
    edit("money-underscore", "company", "granted: 250000", "granted: 180_000"),
    edit("money-unit", "company", "granted: 250000", "granted: 250 000 kr"),
    edit("money-negative", "company", "granted: 250000", "granted: -5"),
    edit("money-bad-grouping", "company", "granted: 250000", "granted: 25 00"),
    edit("money-decimal-comma", "company", "granted: 250000", 'granted: "250000,50"'),
    edit("money-no-break-space", "company", "granted: 250000", "granted: 250\u00a0000"),
    edit("money-narrow-no-break-space", "company", "granted: 250000", "granted: 250\u202f000"),
    edit("money-payment-true", "company", "amount: 100000", "amount: true"),
    edit("frame-grouped", "budget", "frame: 1000000", "frame: 1 000 000"),
    edit("frame-exponent", "budget", "frame: 1000000", "frame: 1e6"),
    edit("allocation-with-unit", "budget", "allocation: 400000", 'allocation: "400 000 kr"'),
    # Counts.
    edit("employees-decimals", "company", "employees: 24", "employees: 22.0"),
    edit("employees-quoted", "company", "employees: 24", 'employees: "22"'),
    edit("employees-negative", "company", "employees: 24", "employees: -3"),
    edit("employees-words", "company", "employees: 24", "employees: mange"),
    # Organisation numbers: 9 digits, spaces allowed, a mod-11 check digit.
    edit("org-unquoted", "company", 'org_number: "921588135"', "org_number: 921588135"),
    edit("org-unquoted-8-digits", "company", 'org_number: "921588135"', "org_number: 92158813"),
    edit("org-quoted-8-digits", "company", 'org_number: "921588135"', 'org_number: "92158813"'),
    edit("org-grouped", "company", 'org_number: "921588135"', 'org_number: "96 512 4071"'),
    edit("org-trailing-space", "company", '"921588135"', '"921588135 "'),
    edit("org-letter", "company", 'org_number: "921588135"', 'org_number: "92158813X"'),
    edit("org-check-digit", "company", 'org_number: "921588135"', 'org_number: "921588136"'),
    # Municipality numbers and NACE codes: digits as typed.
    edit("municipality-unquoted", "company", 'municipality: "0517"', "municipality: 0517"),
    edit("municipality-unquoted-3", "company", 'municipality: "0517"', "municipality: 514"),
    edit("municipality-quoted-3", "company", 'municipality: "0517"', 'municipality: "517"'),
    edit("municipality-other-region", "company", '"0517"', '"0540"'),
    edit("municipality-block", "company", 'municipality: "0517"', "municipality: |\n  0517"),
    edit("nace-unquoted", "company", 'nace: "16.230"', "nace: 16.230"),
    edit("nace-dash", "company", 'nace: "16.230"', 'nace: "16-230"'),
    edit("program-municipality-3-digits", "program", '"0511": Dovre', '"514": Dovre'),
    edit("program-municipality-name", "program", '"0511": Dovre', "Dovre: Dovre"),
    edit("program-municipality-unquoted", "program", '"0511": Dovre', "0511: Dovre"),
    edit("program-municipality-unquoted-3", "program", '"0511": Dovre', "514: Dovre"),
    edit("program-municipality-twice", "program", '"0541": Etnedal', '"0511": Etnedal'),
    # Text: any value is text to bif, single-line fields have no line break.
    edit("name-digits", "company", "name: Eksempel Trevare AS", "name: 1881"),
    edit("name-true", "company", "name: Eksempel Trevare AS", "name: true"),
    edit("name-folded", "company", "name: Eksempel Trevare AS", "name: Eksempel\n  Trevare AS"),
    edit("name-block", "company", "name: Eksempel Trevare AS", "name: |\n  Eksempel\n  Trevare"),
    edit("name-escaped-newline", "company", "name: Eksempel Trevare AS", 'name: "Eks\\nTre"'),
    edit("name-empty", "company", "name: Eksempel Trevare AS", 'name: ""'),
    edit("name-null", "company", "name: Eksempel Trevare AS", "name:"),
    edit(
        "ambition-block", "company", "ambition: Doble eksportomsetningen", "ambition: |\n  a\n  b"
    ),
    edit("region-name-block", "program", "name: Nord\n", "name: >\n      Nord\n"),
    edit("measure-title-block", "budget", "title: Prosessleder", "title: |\n      Prosess"),
    # Ids.
    edit("measure-id-digits", "company", "id: fou", "id: 2014"),
    edit("measure-id-dot", "company", "id: fou", "id: fou.1"),
    edit("measure-id-block", "company", "id: fou", "id: |\n      fou"),
    edit("measure-id-negative", "company", "id: fou", "id: -5"),
    edit("member-capitals", "cluster", "[eksempel-trevare]", "[Eksempel_Trevare]"),
    edit("cluster-regions", "cluster", "region: nord", "region: [nord, sor]"),
    edit("region-unknown", "company", "region: nord", "region: vest"),
    # Choices and fields.
    edit("unknown-field", "company", "market: international", "market: international\nstauts: x"),
    edit("missing-field", "company", 'nace: "16.230"\n', ""),
    edit("market-unknown", "company", "market: international", "market: global"),
    edit("market-local", "company", "market: international", "market: local"),
    edit("status-unknown", "company", "status: contacted", "status: recruited"),
    edit("currency-euro", "budget", "currency: NOK", "currency: EUR"),
    edit(
        "exit-without-note",
        "company",
        COMPLETED,
        COMPLETED + "  - {date: 2014-04-05, status: withdrawn}\n",
    ),
    # Dates.
    edit("date-month-13", "company", "date: 2014-01-20", "date: 2014-13-20"),
    edit("date-february-30", "company", "date: 2014-01-20", "date: 2014-02-30"),
    edit("date-norwegian", "company", "date: 2014-01-20", "date: 20.01.2014"),
    edit("date-short", "company", "date: 2014-01-20", "date: 2014-1-20"),
    edit("date-february-29", "milestones", "due: 2016-12-31", "due: 2015-02-29"),
    edit("date-leap-day", "milestones", "due: 2016-12-31", "due: 2016-02-29"),
    edit("date-year-0000", "milestones", "due: 2016-12-31", "due: 0000-12-31"),
    edit("milestone-done-true", "milestones", "done: 2014-01-01", "done: true"),
    edit("milestone-due-missing", "milestones", "due: 2014-01-01, ", ""),
    # The history: completed needs an agreement before it and a continuation plan.
    edit(
        "completed-without-plan",
        "company",
        COMPLETED,
        COMPLETED + "  - {date: 2015-01-05, status: completed}\n",
    ),
    edit(
        "completed-with-plan",
        "company",
        COMPLETED,
        COMPLETED + "  - {date: 2015-01-05, status: completed}\ncontinuation_plan: Videre drift\n",
    ),
    edit(
        "completed-without-agreement",
        "company",
        "status: agreement}\n",
        "status: completed}\ncontinuation_plan: Plan\n",
    ),
    edit(
        "completed-before-agreement",
        "company",
        "status: contacted}\n" + COMPLETED,
        "status: completed}\n" + COMPLETED + "continuation_plan: Plan\n",
    ),
    edit(
        "cluster-completed-without-plan",
        "cluster",
        "status: established}\n",
        "status: established}\n  - {date: 2015-09-01, status: completed}\n",
    ),
    edit("history-out-of-order", "company", "date: 2014-02-10", "date: 2014-01-10"),
    # Within one file, but rules no schema can state.
    edit(
        "measure-id-twice",
        "budget",
        "costs:\n",
        "costs:\n  - {id: prosessleder, title: T, "
        "kind: staff, area: A, granted: 1, granted_on: 2014-01-01}\n",
    ),
    edit("payment-before-grant", "company", "date: 2014-06-30", "date: 2014-03-01"),
    edit("payments-above-grant", "company", "amount: 100000", "amount: 300000"),
    edit("measure-ends-before-start", "company", "end: 2014-12-31", "end: 2014-03-31"),
    edit("allocations-above-frame", "budget", "allocation: 600000", "allocation: 700000"),
    edit("milestone-id-twice", "milestones", "id: slutt", "id: start"),
    # How the file is written.
    edit(
        "duplicate-key", "company", "market: international", "market: international\nmarket: local"
    ),
    Case(
        "anchor-alias",
        "company",
        COMPANY_YAML.replace("on: 2014-03-20", "on: &d 2014-03-20").replace("2014-04-01", "*d"),
    ),
    edit(
        "conflict-markers",
        "company",
        "market: international\n",
        "<<<<<<< HEAD\nmarket: international\n=======\nmarket: national\n>>>>>>> other\n",
    ),
    edit("key-not-plain", "company", "market: international\n", "? [a, b]\n: x\nmarket: local\n"),
    edit("nesting-deeper-than-20", "company", "employees: 24", "employees: " + "[" * 25 + "]" * 25),
    edit("control-character", "company", "name: Eksempel Trevare AS", "name: Eksempel\x07AS"),
    edit("cut-short-by-hash", "company", "name: Eksempel Trevare AS", "name: Fjordfisk #1 AS"),
    Case("file-is-a-list", "company", "- name: Eksempel Trevare AS\n- org_number: x\n"),
    Case("file-is-a-word", "milestones", "milepæler\n"),
    edit("explicit-tag", "company", 'municipality: "0517"', "municipality: !!str 0517"),
    edit("tab-in-comment", "company", "employees: 24", "employees: 24 #\tansatte"),
]

# Files where the schema cannot say what bif says, and why. The test checks that each still
# disagrees, so the list stays true; every reason is also in the schema's descriptions.
UNDECIDABLE = {
    "money-decimals": "an editor reads 180000.0 as the number 180000, the same value as 180000",
    "money-exponent": "an editor reads 1.8e+5 as the number 180000",
    "money-hex": "an editor reads 0x2BF20 as the number 180000",
    "frame-exponent": "an editor reads 1e6 as the number 1000000",
    "employees-decimals": "an editor reads 22.0 as the number 22",
    "org-check-digit": "the mod-11 check digit is arithmetic no JSON Schema pattern states",
    "municipality-unquoted": "an editor reads 0517 as the number 517; the schema asks for quotes",
    "nace-unquoted": "an editor reads 16.230 as the number 16.23; the schema asks for quotes",
    "program-municipality-unquoted-3": "an editor reads the key 514 as a number and checks "
    "only keys it reads as text",
    "control-character": "editors read control characters; bif refuses them (BIF010)",
    "program-municipality-twice": "a municipality in two regions compares list items",
    "municipality-other-region": "which region holds a municipality is in data/program.yaml",
    "region-unknown": "the regions are in data/program.yaml",
    "completed-before-agreement": "a schema cannot say which history entry comes first",
    "history-out-of-order": "a schema cannot compare dates",
    "measure-id-twice": "a schema cannot say that one field is unique across list items",
    "milestone-id-twice": "a schema cannot say that one field is unique across list items",
    "payment-before-grant": "a schema cannot compare dates",
    "payments-above-grant": "a schema cannot add amounts up",
    "measure-ends-before-start": "a schema cannot compare dates",
    "allocations-above-frame": "a schema cannot add amounts up",
    "anchor-alias": "an editor resolves aliases before it validates; bif refuses them",
    "explicit-tag": "an editor applies the tag before it validates; bif refuses tags",
    "tab-in-comment": "bif refuses tabs anywhere in the file; a schema sees no comments",
}


def bif_refuses(root: Path) -> bool:
    """Whether `bif check` reports an error (a warning is no refusal)."""
    result = run_bif("check", "--format", "json", "--no-cache", "--root", str(root))
    assert result.exit_code in (0, 1), result.output
    return int(json.loads(result.stdout)["errors"]) > 0


def schema_errors(kind: str, text: str) -> list[str]:
    """What an editor with the schema shows: its YAML errors, or the schema's."""
    try:
        document: Any = read_as_an_editor(text)
    except YAMLError as exc:
        return [f"YAML: {exc}".splitlines()[0]]
    validator = jsonschema.Draft7Validator(
        json.loads(render(kind)), format_checker=jsonschema.FormatChecker()
    )
    return [error.message for error in validator.iter_errors(document)]


def test_the_corpus_is_large_and_every_listed_case_is_in_it() -> None:
    ids = [case.id for case in CORPUS]
    assert len(ids) == len(set(ids)) >= 40
    assert set(UNDECIDABLE) <= set(ids)


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: case.id)
def test_the_schema_and_bif_check_agree(case: Case, tmp_path: Path) -> None:
    files: dict[str, str | bytes | None] = {PATHS[k]: BASE[k] for k in BASE}
    files[PATHS[case.kind]] = case.text
    root = build_tree(tmp_path / "prog", files)
    refused_by_bif = bif_refuses(root)
    errors = schema_errors(case.kind, case.text)
    if case.id in UNDECIDABLE:
        assert refused_by_bif != bool(errors), f"now decidable; drop it from UNDECIDABLE: {errors}"
    else:
        assert refused_by_bif == bool(errors), errors or "the schema accepts what bif refuses"


def test_the_base_files_pass_bif_check_without_errors(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "prog", {PATHS[k]: BASE[k] for k in BASE})
    assert not bif_refuses(root)


# YAML 1.1 (PyYAML, many older tools) and YAML 1.2 (editors) read these plain values
# differently. bif reads neither way: it gets the text as typed.
YAML_1_1_AND_1_2_DIFFER = [
    ("0511", 329, 511),  # 1.1: octal
    ("NO", False, "NO"),
    ("yes", True, "yes"),
    ("180_000", 180000, "180_000"),
    ("1e5", "1e5", 100000.0),
    ("0o17", "0o17", 15),
    ("12:30", 750, "12:30"),  # 1.1: base 60
    ("2014-01-20", "date", "2014-01-20"),  # 1.1: a timestamp
]


@pytest.mark.parametrize(("typed", "yaml_1_1", "yaml_1_2"), YAML_1_1_AND_1_2_DIFFER)
def test_yaml_1_1_and_1_2_read_these_values_differently(
    typed: str, yaml_1_1: object, yaml_1_2: object
) -> None:
    read_1_1 = yaml.safe_load(f"v: {typed}")["v"]
    assert (type(read_1_1).__name__ if yaml_1_1 == "date" else read_1_1) == yaml_1_1
    assert read_as_an_editor(f"v: {typed}")["v"] == yaml_1_2


ONLY_BIF_CHECK_SEES = {
    "en": (
        "check digits",
        "unique",
        "dates in order",
        "references to other files",
        "anchors",
        "tags",
        "tabs",
        "180000.0",
        "0x2BF20",
    ),
    "nb": (
        "kontrollsifre",
        "unike",
        "datoer i rekkefølge",
        "henvisninger til andre filer",
        "ankere",
        "tagger",
        "tabulatorer",
        "180000.0",
        "0x2BF20",
    ),
}


@pytest.mark.parametrize("lang", sorted(ONLY_BIF_CHECK_SEES))
@pytest.mark.parametrize("kind", sorted(BASE))
def test_each_schema_says_on_hover_what_only_bif_check_sees(kind: str, lang: str) -> None:
    described = json.loads(render(kind, lang))["description"]
    for what in ONLY_BIF_CHECK_SEES[lang]:
        assert what in described


def test_fields_that_want_digits_as_typed_say_why_the_editor_wants_quotes() -> None:
    for lang, number in (("en", "the number"), ("nb", "tallet")):
        company = json.loads(render("company", lang))["properties"]
        assert (
            f"0511 {'as' if lang == 'en' else 'som'} {number} 511"
            in (company["municipality"]["description"])
        )
        assert (
            f"16.230 {'as' if lang == 'en' else 'som'} {number} 16.23"
            in (company["nace"]["description"])
        )
    company = json.loads(render("company", "en"))["properties"]
    assert "check digit" in company["org_number"]["description"]
    program = json.loads(render("program", "en"))["$defs"]["Region"]["properties"]
    assert "a key is a number to an editor" in program["municipalities"]["description"]
