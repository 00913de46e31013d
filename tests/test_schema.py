"""`bif schema`: the committed schemas are current and accept what bif's loader accepts."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from bif_cli.io.schema import FILES, render
from conftest import EXAMPLE_DATA, PROGRAM_YAML, REPO_ROOT, run_bif
from yaml12 import read_as_an_editor

SCHEMAS = REPO_ROOT / "schemas"
KINDS = sorted(FILES)


def test_the_committed_schemas_are_current() -> None:
    stale = [k for k in KINDS if (SCHEMAS / f"{k}.schema.json").read_text("utf-8") != render(k)]
    assert stale == [], "schemas/ is stale: run `bif schema` and commit it"
    assert sorted(p.name for p in SCHEMAS.iterdir()) == [f"{k}.schema.json" for k in KINDS]
    result = run_bif("schema", "--check", "--root", str(REPO_ROOT))
    assert result.exit_code == 0, result.output


def test_writes_every_schema_into_a_folder_and_check_finds_stale_ones(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_bif("schema", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [f"{k}.schema.json" for k in KINDS]
    assert run_bif("schema", "--check", "-o", str(out)).exit_code == 0
    (out / "company.schema.json").write_text("{}\n")
    (out / "budget.schema.json").unlink()
    stale = run_bif("schema", "--check", "-o", str(out))
    assert stale.exit_code == 1
    assert "budget.schema.json, company.schema.json" in stale.stderr
    assert (out / "company.schema.json").read_text() == "{}\n"  # --check writes nothing


def test_defaults_to_schemas_in_the_programme_root(make_programme) -> None:  # type: ignore[no-untyped-def]
    root = make_programme()
    result = run_bif("schema", cwd=root / "data")
    assert result.exit_code == 0, result.output
    assert (root / "schemas" / "program.schema.json").read_text("utf-8") == render("program")


def test_an_output_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "file.json"
    target.write_text("x")
    result = run_bif("schema", "-o", str(target))
    assert result.exit_code == 2
    assert "er en fil; oppgi en mappe" in result.output  # bokmål unless told otherwise
    english = run_bif("schema", "-o", str(target), "--lang", "en")
    assert english.exit_code == 2
    assert "is a file; name a folder" in english.output


def test_hover_texts_are_in_the_programmes_language(make_programme) -> None:  # type: ignore[no-untyped-def]
    root = make_programme({"data/program.yaml": PROGRAM_YAML + "language: en\n"})
    result = run_bif("schema", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert "Wrote 5 schemas" in result.stdout
    written = (root / "schemas" / "company.schema.json").read_text("utf-8")
    assert written == render("company", "en") != render("company", "nb")
    assert run_bif("schema", "--check", "--root", str(root)).exit_code == 0
    assert run_bif("schema", "--check", "--root", str(root), "--lang", "nb").exit_code == 1


def _errors(kind: str, text: str) -> list[str]:
    schema = json.loads(render(kind))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    return [e.message for e in validator.iter_errors(read_as_an_editor(text))]


def _example_files() -> list[tuple[str, Path]]:
    files = [(k, EXAMPLE_DATA / f"{k}.yaml") for k in ("program", "budget", "milestones")]
    files += [("company", p) for p in sorted((EXAMPLE_DATA / "companies").glob("*.yaml"))]
    files += [("cluster", p) for p in sorted((EXAMPLE_DATA / "clusters").glob("*.yaml"))]
    return files


@pytest.mark.parametrize(("kind", "path"), _example_files(), ids=lambda v: getattr(v, "name", v))
def test_the_example_programme_is_valid_for_its_schema(kind: str, path: Path) -> None:
    text = path.read_text("utf-8")
    assert _errors(kind, text) == []
    depth = len(path.relative_to(EXAMPLE_DATA.parent).parts) - 1
    assert (
        text.splitlines()[0]
        == f"# yaml-language-server: $schema={'../' * depth}schemas/{kind}.schema.json"
    )


def test_schemas_accept_what_the_loader_accepts_and_refuse_unknown_fields() -> None:
    # Unquoted municipality numbers and NACE codes lose digits in an editor's YAML 1.2 reading,
    # so the schema asks for quotes there (test_schema_parity lists those cases).
    company = """\
name: 1881
org_number: 921588135
region: nord
municipality: "0511"
nace: "16.230"
market: national
history: [{date: 2014-01-20, status: identified}]
measures:
  - {id: a, title: A, kind: rnd, area: B, granted: 250 000, granted_on: 2014-03-20}
  - {id: b, title: B, kind: rnd, area: B, granted: "250000", granted_on: 2014-03-20}
  - {id: c, title: C, kind: rnd, area: B, granted: 250000, granted_on: 2014-03-20}
"""
    assert _errors("company", company) == []
    typo = company.replace("market: national", "market: national\nstauts: mapped")
    assert _errors("company", typo) == [
        "Additional properties are not allowed ('stauts' was unexpected)"
    ]
    for bad in ("250 000 kr", "-5", "1.5", "true", "25 00"):
        bad_money = company.replace("granted: 250 000", f"granted: {bad}")
        assert len(_errors("company", bad_money)) == 1, bad
    bad_status = company.replace("status: identified", "status: recruited")
    assert len(_errors("company", bad_status)) == 1
