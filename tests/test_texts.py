"""The catalogue: every message in bokmål and English, and the language a user gets."""

from __future__ import annotations

import json
import re
import string
from collections.abc import Callable
from pathlib import Path

from bif_cli import texts
from conftest import COMPANY_YAML, PROGRAM_YAML, run_bif

SRC = Path(__file__).resolve().parents[1] / "src" / "bif_cli"
BROKEN = COMPANY_YAML.replace('org_number: "921588135"', 'org_number: "921588136"')
COMPANY = "data/companies/eksempel-trevare.yaml"


def _fields(template: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(template) if name}


# Bokmål names the company, not its file: (only in nb, only in en).
NO_PATHS_IN_BOKMAL = {
    "BIF202.org_number": ({"other"}, {"other_file"}),
    "BIF204.company": (set(), {"file"}),
}


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    for text_id, entry in texts.MESSAGES.items():
        assert set(entry) == set(texts.LANGUAGES), text_id
        only_nb, only_en = NO_PATHS_IN_BOKMAL.get(text_id, (set(), set()))
        assert _fields(entry["nb"]) - only_nb == _fields(entry["en"]) - only_en, text_id


def test_every_message_id_named_in_the_code_is_in_the_catalogue() -> None:
    named = set()
    for path in SRC.rglob("*.py"):
        if path.name != "texts.py":
            named |= set(re.findall(r'"(BIF\d{3}\.[a-z_]+)"', path.read_text(encoding="utf-8")))
    named |= {"BIF305.start", "BIF305.end"}  # made from the field name
    assert named, "no message ids found in the code"
    assert named <= set(texts.MESSAGES), named - set(texts.MESSAGES)


def test_terms_exist_in_both_languages() -> None:
    assert set(texts.TERMS["nb"]) == set(texts.TERMS["en"])


def test_a_message_renders_in_each_language() -> None:
    args = (("measure", "fou"), ("paid", 350000), ("granted", 250000))
    assert texts.message("BIF209.over_grant", args, "en") == (
        "payments to measure 'fou' add up to 350 000 kr, more than the 250 000 kr granted"
    )
    assert texts.message("BIF209.over_grant", args, "nb") == (
        "utbetalingene til tiltaket 'fou' er til sammen 350 000 kr, "
        "mer enn de 250 000 kr som er bevilget"
    )


def test_an_id_not_in_the_catalogue_is_shown_as_written() -> None:
    assert texts.message("a message not yet in the catalogue", (), "nb") == (
        "a message not yet in the catalogue"
    )


def _message(root: Path, *options: str) -> str:
    result = run_bif("check", "--format", "json", *options, "--root", str(root))
    assert result.exit_code == 1
    issues = json.loads(result.stdout)["issues"]
    assert [(i["code"], i["line"]) for i in issues] == [("BIF106", 2)]
    return str(issues[0]["message"])


def test_bokmal_is_the_default(make_programme: Callable[..., Path]) -> None:
    root = make_programme({COMPANY: BROKEN})
    assert _message(root) == (
        "org_number: organisasjonsnummer 921588136 har feil kontrollsiffer; "
        "sjekk det i Brønnøysundregistrene"
    )
    assert _message(root, "--lang", "en").startswith("org_number: organisation number")


def test_the_programme_can_choose_english_and_lang_overrides_it(
    make_programme: Callable[..., Path],
) -> None:
    root = make_programme(
        {COMPANY: BROKEN, "data/program.yaml": PROGRAM_YAML + "language: en  # of messages\n"}
    )
    assert _message(root).startswith("org_number: organisation number")
    assert _message(root, "--lang", "nb").startswith("org_number: organisasjonsnummer")
    summary = run_bif("check", "--root", str(root)).stdout.splitlines()[-1]
    assert summary == "1 error, 0 warnings in 4 files."


def test_an_unknown_language_in_program_yaml_is_a_problem(
    make_programme: Callable[..., Path],
) -> None:
    root = make_programme({"data/program.yaml": PROGRAM_YAML + "language: de\n"})
    result = run_bif("check", "--format", "json", "--root", str(root))
    issues = json.loads(result.stdout)["issues"]
    assert [(i["code"], i["path"]) for i in issues] == [("BIF103", "data/program.yaml")]


def test_an_unknown_lang_option_is_a_usage_error(make_programme: Callable[..., Path]) -> None:
    assert run_bif("check", "--lang", "de", "--root", str(make_programme())).exit_code == 2


def test_the_cache_keeps_no_language(make_programme: Callable[..., Path]) -> None:
    root = make_programme({COMPANY: BROKEN})
    first = _message(root, "--lang", "en")
    assert _message(root).startswith("org_number: organisasjonsnummer")  # from the cache
    assert _message(root, "--lang", "en") == first
