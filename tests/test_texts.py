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


def test_the_readme_table_lists_exactly_the_codes_bif_can_emit() -> None:
    readme = (SRC.parents[1] / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| (BIF\d{3}) \|", readme, flags=re.MULTILINE))
    emitted = set()
    for path in SRC.rglob("*.py"):  # the rules, the loader, the store and the models' validators
        emitted |= set(re.findall(r'"(BIF\d{3})"', path.read_text(encoding="utf-8")))
    in_catalogue = {text_id.split(".")[0] for text_id in texts.MESSAGES if "." in text_id}
    in_catalogue = {code for code in in_catalogue if code.startswith("BIF")}
    assert emitted, "no codes found in the code"
    assert documented - emitted == set(), "in the README but never emitted"
    assert emitted - documented == set(), "emitted but missing from the README's table"
    assert in_catalogue == emitted, "every code has its messages in the catalogue"


# bif schema and bif init get --lang and their messages in the catalogue on the schema-parity
# (#17) and daily-work (#13) branches.
LANG_LATER = {"schema", "init"}


def test_every_command_takes_lang() -> None:
    import typer.main

    from bif_cli.cli.group import app

    group = typer.main.get_command(app)
    missing = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        for sub_name, sub in (getattr(command, "commands", None) or {name: command}).items():
            if "lang" not in {p.name for p in sub.params} and sub_name not in LANG_LATER:
                missing.append(sub_name)
    assert missing == []


def _pattern(template: str) -> str:
    parts = string.Formatter().parse(template)
    return "".join(
        re.escape(lit) + (".+?" if name is not None else "") for lit, name, _s, _c in parts
    )


def test_the_readme_examples_are_what_bif_says_in_english() -> None:
    readme = (SRC.parents[1] / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (BIF\d{3}) \| \w+ \| .*? \| `(.*)` \|$", readme, flags=re.MULTILINE)
    assert len(rows) > 40
    for code, example in rows:
        example = example.replace("\\`", "`")
        if "…" in example:  # shortened in the table
            continue
        templates = [e["en"] for k, e in texts.MESSAGES.items() if k.startswith(code + ".")]
        assert any(re.fullmatch(_pattern(t), example) for t in templates), (code, example)
