"""`bif form templates` and `bif form apply`: forms from the data, filled forms as commands."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from bif_cli.outputs.forms import KINDS, NO_RESPONSE
from bif_cli.outputs.workflows import (
    FORMS_WORKFLOW_FILE,
    PAGES_WORKFLOW_FILE,
    forms_workflow,
    pages_workflow,
)
from conftest import REPO_ROOT, build_tree, run_bif

CHECK_JSONSCHEMA = shutil.which("check-jsonschema")
needs_schemas = pytest.mark.skipif(
    CHECK_JSONSCHEMA is None, reason="check-jsonschema is not installed (pip install -e '.[test]')"
)


def body(*fields: tuple[str, str | None]) -> str:
    """Write an issue body as GitHub does for a filled form."""
    return "\n\n".join(f"### {label}\n\n{value or NO_RESPONSE}" for label, value in fields) + "\n"


def apply(root: Path, kind: str, text: str, *args: str) -> tuple[int, str, str]:
    path = root / "issue.md"
    path.write_text(text, encoding="utf-8")
    result = run_bif("form", "apply", kind, str(path), "--root", str(root), *args)
    return result.exit_code, result.stdout, result.stderr


def forms_of(root: Path) -> dict[str, dict[str, object]]:
    folder = root / ".github" / "ISSUE_TEMPLATE"
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in folder.glob("*.yml")}


def elements(form: dict[str, object]) -> dict[str, dict[str, object]]:
    items = form["body"]
    assert isinstance(items, list)
    return {e["id"]: e for e in items if "id" in e}


def company_body(**overrides: str | None) -> str:
    values: dict[str, str | None] = {
        "Navn": "Lesja Smie AS",
        "Organisasjonsnummer": "974 760 673",
        "Region": "nord – Nord",
        "Kommune": "0511 – Dovre (Nord)",
        "Næringskode": "25.110",
        "Marked": "national – Nasjonalt",
        "Prosessleder": None,
        "Dato": None,
        "Merknad": None,
        "Id": "lesja-smie",
    }
    values.update(overrides)
    return body(*values.items())


# templates


@needs_schemas
def test_templates_write_one_valid_form_per_writing_command(make_programme) -> None:
    root = make_programme()
    result = run_bif("form", "templates", "--root", str(root))
    assert result.exit_code == 0, result.output
    folder = root / ".github" / "ISSUE_TEMPLATE"
    assert sorted(p.stem for p in folder.glob("*.yml")) == sorted(KINDS)
    check = subprocess.run(
        [
            CHECK_JSONSCHEMA,
            "--builtin-schema",
            "vendor.github-issue-forms",
            *map(str, folder.glob("*.yml")),
        ],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    for kind, form in forms_of(root).items():
        assert form["labels"] == [f"bif:{kind}"]
        items = elements(form)
        labels = [e["attributes"]["label"] for e in items.values()]  # type: ignore[index]
        assert len(labels) == len(set(labels)), kind  # GitHub refuses repeated labels
        for element in items.values():
            for option in element["attributes"].get("options", []):  # type: ignore[union-attr]
                assert option.strip().lower() != "none"  # a word GitHub reserves


def test_forms_are_in_bokmal_with_the_programmes_own_choices(make_programme) -> None:
    root = make_programme()
    run_bif("form", "templates", "--root", str(root))
    company = forms_of(root)["add-company"]
    assert company["name"] == "Ny bedrift"
    fields = elements(company)
    assert fields["region"]["type"] == "dropdown"
    assert fields["region"]["attributes"]["options"] == ["nord – Nord", "sor – Sør"]  # type: ignore[index]
    assert "0541 – Etnedal (Sør)" in fields["municipality"]["attributes"]["options"]  # type: ignore[index]
    assert fields["name"]["validations"] == {"required": True}
    assert fields["process_leader"]["validations"] == {"required": False}
    assert fields["org_number"]["attributes"]["label"] == "Organisasjonsnummer"  # type: ignore[index]
    payment = elements(forms_of(root)["add-payment"])
    assert payment["measure"]["attributes"]["options"] == [  # type: ignore[index]
        "eksempel-trevare/fou – FoU-prosjekt (Eksempel Trevare AS)",
        "costs/prosessleder – Prosessleder (Programmets egne kostnader)",
    ]
    done = elements(forms_of(root)["milestone-done"])
    # Every milestone is done: nothing to offer, so a text field rather than an empty dropdown.
    assert done["milestone"]["type"] == "input"


def test_check_fails_when_the_data_has_changed_since(make_programme) -> None:
    root = make_programme()
    assert run_bif("form", "templates", "--root", str(root)).exit_code == 0
    assert run_bif("form", "templates", "--check", "--root", str(root)).exit_code == 0
    build_tree(
        root,
        {
            "data/companies/ny.yaml": (root / "data/companies/eksempel-trevare.yaml")
            .read_text(encoding="utf-8")
            .replace("Eksempel Trevare", "Ny Bedrift")
            .replace("921588135", "974760673")
        },
    )
    stale = run_bif("form", "templates", "--check", "--root", str(root))
    assert stale.exit_code == 1
    assert "set-status.yml" in stale.stderr and "bif form templates" in stale.stderr


def test_over_a_hundred_companies_make_a_text_field_checked_with_did_you_mean(
    make_programme,
) -> None:
    root = make_programme()
    source = (root / "data/companies/eksempel-trevare.yaml").read_text(encoding="utf-8")
    files: dict[str, str | bytes | None] = {}
    for n in range(101):
        org = _org_number(100000 + n)
        files[f"data/companies/bedrift-{n:03}.yaml"] = (
            source.replace("Eksempel Trevare AS", f"Bedrift {n:03} AS")
            .replace("921588135", org)
            .replace("measures:", "measures_old:")
            .split("measures_old:")[0]
        )
    build_tree(root, files)
    assert run_bif("form", "templates", "--root", str(root)).exit_code == 0
    owner = elements(forms_of(root)["set-status"])["owner"]
    assert owner["type"] == "input"
    assert "102" in owner["attributes"]["description"]  # type: ignore[index]
    code, out, err = apply(
        root, "set-status", body(("Bedrift eller klynge", "bedrift-10"), ("Ny status", "contacted"))
    )
    assert code == 2
    assert "Bedrift eller klynge" in err and "mente du" in err and "bedrift-100" in err
    code, out, err = apply(
        root,
        "set-status",
        body(("Bedrift eller klynge", "Bedrift 042 AS"), ("Ny status", "kontaktet")),
    )
    assert code == 0, err
    assert "contacted" in (root / "data/companies/bedrift-042.yaml").read_text(encoding="utf-8")


def _org_number(n: int) -> str:
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    base = 80000000 + n
    while True:
        digits = f"{base:08}"
        r = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
        if r != 1:
            return digits + str(0 if r == 0 else 11 - r)
        base += 1000


# apply, kind by kind


def test_add_company_from_a_form_writes_the_same_file_as_the_command(make_programme) -> None:
    root = make_programme()
    code, out, err = apply(root, "add-company", company_body())
    assert code == 0, err
    assert "data/companies/lesja-smie.yaml" in out
    by_form = (root / "data/companies/lesja-smie.yaml").read_bytes()
    other = make_programme(name="other")
    command = run_bif(
        "add-company",
        "Lesja Smie AS",
        "--org-number",
        "974 760 673",
        "--region",
        "nord",
        "--municipality",
        "0511",
        "--nace",
        "25.110",
        "--market",
        "national",
        "--id",
        "lesja-smie",
        "--root",
        str(other),
    )
    assert command.exit_code == 0, command.output
    assert (other / "data/companies/lesja-smie.yaml").read_bytes() == by_form


def test_a_wrong_choice_names_the_field_and_writes_nothing(make_programme) -> None:
    root = make_programme()
    before = sorted(p.name for p in (root / "data/companies").iterdir())
    code, out, err = apply(
        root, "add-company", company_body(Kommune="0540 – Sør-Aurdal (Sør)"), "--format", "md"
    )
    assert code == 2
    assert out.startswith("### Skjemaet kunne ikke brukes\n\n- **Kommune**: ")
    code, out, err = apply(root, "add-company", company_body(Region="nordd"))
    assert code == 2 and "Region: «nordd» finnes ikke; mente du «nord»?" in err
    assert sorted(p.name for p in (root / "data/companies").iterdir()) == before


def test_required_fields_left_empty_are_named(make_programme) -> None:
    root = make_programme()
    code, out, _err = apply(
        root, "add-company", company_body(Navn=None, Næringskode=None), "--format", "md"
    )
    assert code == 2
    assert "- **Navn**: må fylles ut" in out and "- **Næringskode**: må fylles ut" in out


def test_set_status_then_payment_then_milestone(make_programme) -> None:
    root = make_programme(
        {"data/milestones.yaml": "milestones:\n  - {id: start, title: Oppstart, due: 2014-01-01}\n"}
    )
    company = root / "data/companies/eksempel-trevare.yaml"
    code, out, err = apply(
        root,
        "set-status",
        body(
            ("Bedrift eller klynge", "eksempel-trevare – Eksempel Trevare AS"),
            ("Ny status", "completed – Avsluttet"),
            ("Dato", "2016-06-30"),
            ("Merknad", None),
            ("Plan for videreføring", "Videre i eget FoU-løp"),
        ),
    )
    assert code == 0, err
    text = company.read_text(encoding="utf-8")
    assert "{date: 2016-06-30, status: completed}" in text and "Videre i eget FoU-løp" in text
    code, out, err = apply(
        root,
        "add-payment",
        body(
            ("Tiltak", "eksempel-trevare/fou – FoU-prosjekt (Eksempel Trevare AS)"),
            ("Beløp (kr)", "50 000"),
            ("Dato", "2016-07-01"),
        ),
    )
    assert code == 0, err
    assert "{date: 2016-07-01, amount: 50000}" in company.read_text(encoding="utf-8")
    code, out, err = apply(
        root, "milestone-done", body(("Milepæl", "start – Oppstart"), ("Dato", "2014-01-02"))
    )
    assert code == 0, err
    assert "done: 2014-01-02" in (root / "data/milestones.yaml").read_text(encoding="utf-8")


def test_add_measure_with_empty_optional_fields(make_programme) -> None:
    root = make_programme()
    code, out, err = apply(
        root,
        "add-measure",
        body(
            ("Hvem tiltaket hører til", "costs – Programmets egne kostnader"),
            ("Tittel", "Følgeevaluering"),
            ("Type tiltak", "evaluation – Evaluering"),
            ("Innsatsområde", "A – Mobilisering"),
            ("Bevilget (kr)", "50 000"),
            ("Bevilget dato", "2016-01-01"),
            ("Startdato", None),
            ("Sluttdato", None),
            ("Samarbeidspartner", None),
            ("Id", None),
        ),
        "--format",
        "md",
    )
    assert code == 0, out + err
    assert out.startswith("### Skjemaet er registrert\n")
    assert "id: folgeevaluering" in (root / "data/budget.yaml").read_text(encoding="utf-8")


def test_data_errors_come_back_as_the_commands_messages(make_programme) -> None:
    root = make_programme()
    company = root / "data/companies/eksempel-trevare.yaml"
    before = company.read_bytes()
    code, out, err = apply(
        root,
        "add-payment",
        body(
            ("Tiltak", "eksempel-trevare/fou – FoU-prosjekt (Eksempel Trevare AS)"),
            ("Beløp (kr)", "900 000"),
            ("Dato", "2016-07-01"),
        ),
        "--format",
        "md",
    )
    assert code == 1
    assert "data/companies/eksempel\\-trevare.yaml" in out and "ingenting er skrevet" in out
    assert company.read_bytes() == before


def test_dry_run_writes_nothing_and_shows_the_diff(make_programme) -> None:
    root = make_programme()
    company = root / "data/companies/eksempel-trevare.yaml"
    before = company.read_bytes()
    code, out, err = apply(
        root,
        "set-status",
        body(("Bedrift eller klynge", "eksempel-trevare"), ("Ny status", "mapped")),
        "--dry-run",
        "--format",
        "md",
    )
    assert code == 0, err
    assert "```diff\n" in out and "+  - {date: 2016-12-31, status: mapped}" in out
    assert company.read_bytes() == before


# A filled form of each daily-work kind, and what its command writes into the company's file.
DAILY = {
    "cancel-measure": (
        body(
            ("Tiltak", "eksempel-trevare/fou – FoU-prosjekt (Eksempel Trevare AS)"),
            ("Dato", "2016-06-30"),
        ),
        "cancelled_on: 2016-06-30",
    ),
    "set-next-action": (
        body(
            ("Bedrift eller klynge", "eksempel-trevare – Eksempel Trevare AS"),
            ("Neste steg", "Møte om <søknad> & plan"),
            ("Frist", None),
        ),
        "Møte om <søknad> & plan",
    ),
    "log": (
        body(
            ("Bedrift eller klynge", "eksempel-trevare"),
            ("Hva skjedde", "Telefon om @mention og `kode`"),
            ("Dato", "2016-12-01"),
            ("Hvem", "pl-nord – Prosessleder Nord"),
        ),
        "Telefon om @mention og `kode`",
    ),
}


# Each daily-work form with its optional fields left empty, and the command line it stands for.
DAILY_EMPTY_OPTIONAL = {
    "cancel-measure": (
        body(
            ("Tiltak", "eksempel-trevare/fou – FoU-prosjekt (Eksempel Trevare AS)"), ("Dato", None)
        ),
        ("cancel-measure", "eksempel-trevare", "fou"),
    ),
    "set-next-action": (
        body(
            ("Bedrift eller klynge", "eksempel-trevare – Eksempel Trevare AS"),
            ("Neste steg", "Ringe om søknaden"),
            ("Frist", None),
        ),
        ("set-next-action", "eksempel-trevare", "Ringe om søknaden"),
    ),
    "log": (
        body(
            ("Bedrift eller klynge", "eksempel-trevare – Eksempel Trevare AS"),
            ("Hva skjedde", "Besøk i verkstedet"),
            ("Dato", None),
            ("Hvem", None),
        ),
        ("log", "eksempel-trevare", "Besøk i verkstedet"),
    ),
}
# The field each form offers as a list of choices, and a value that is not among them.
DAILY_WRONG_CHOICE = {
    "cancel-measure": ("Tiltak", "Tiltak", "eksempel-trevare/fuo"),
    "set-next-action": ("Bedrift eller klynge", "Bedrift eller klynge", "eksempel-trevre"),
    "log": ("Hvem", "Hvem", "pl-nordd"),
}


@pytest.mark.parametrize("kind", sorted(DAILY))
def test_daily_work_forms_perform_their_commands_write(make_programme, kind: str) -> None:
    root = make_programme()
    text, written = DAILY[kind]
    code, out, err = apply(root, kind, text)
    assert code == 0, err
    assert written in (root / "data/companies/eksempel-trevare.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", sorted(DAILY_EMPTY_OPTIONAL))
def test_daily_work_forms_with_empty_optional_fields_write_what_the_command_writes(
    make_programme, kind: str
) -> None:
    text, command = DAILY_EMPTY_OPTIONAL[kind]
    by_form = make_programme(name="form")
    code, out, err = apply(by_form, kind, text)
    assert code == 0, err
    by_command = make_programme(name="command")
    result = run_bif(*command, "--root", str(by_command))
    assert result.exit_code == 0, result.output
    company = "data/companies/eksempel-trevare.yaml"
    before = (make_programme(name="untouched") / company).read_bytes()
    assert (by_form / company).read_bytes() == (by_command / company).read_bytes() != before


@pytest.mark.parametrize("kind", sorted(DAILY_WRONG_CHOICE))
def test_daily_work_forms_with_a_wrong_choice_name_the_field_and_write_nothing(
    make_programme, kind: str
) -> None:
    root = make_programme()
    label, named, wrong = DAILY_WRONG_CHOICE[kind]
    text = DAILY_EMPTY_OPTIONAL[kind][0]
    if kind == "log":
        text = text.replace(f"### {label}\n\n{NO_RESPONSE}", f"### {label}\n\n{wrong}")
    else:
        head = f"### {label}\n\n"
        at = text.index(head) + len(head)
        text = text[:at] + wrong + text[text.index("\n", at) :]
    assert wrong in text
    before = {p: p.read_bytes() for p in sorted((root / "data").rglob("*")) if p.is_file()}
    code, out, err = apply(root, kind, text, "--format", "md")
    assert code == 2, out + err
    assert out.startswith("### Skjemaet kunne ikke brukes\n\n")
    assert f"- **{named}**: " in out and wrong.replace("-", "\\-") in out
    after = {p: p.read_bytes() for p in sorted((root / "data").rglob("*")) if p.is_file()}
    assert after == before


def test_unknown_kind_is_a_usage_error(make_programme) -> None:
    root = make_programme()
    code, out, err = apply(root, "delete-everything", body(("Navn", "x")))
    assert code == 2 and "ukjent skjema" in err


# workflows


def test_the_repositorys_workflows_are_the_ones_bif_init_writes() -> None:
    assert (REPO_ROOT / FORMS_WORKFLOW_FILE).read_text(encoding="utf-8") == forms_workflow(
        "pip install ."
    )
    assert (REPO_ROOT / PAGES_WORKFLOW_FILE).read_text(encoding="utf-8") == pages_workflow(
        "pip install ."
    )


@needs_schemas
def test_workflows_validate_and_never_interpolate_into_a_shell(tmp_path: Path) -> None:
    assert run_bif("init", str(tmp_path / "new"), "--name", "Ny").exit_code == 0
    workflows = [tmp_path / "new" / FORMS_WORKFLOW_FILE, tmp_path / "new" / PAGES_WORKFLOW_FILE]
    check = subprocess.run(
        [CHECK_JSONSCHEMA, "--builtin-schema", "vendor.github-workflows", *map(str, workflows)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    forms = tmp_path / "new" / ".github" / "ISSUE_TEMPLATE"
    assert sorted(p.stem for p in forms.glob("*.yml")) == sorted(KINDS)
    for path in workflows:
        flow = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert flow["permissions"] in ({}, {"contents": "read"})  # jobs ask for what they need
        for job in flow["jobs"].values():
            for step in job["steps"]:
                assert "${{" not in step.get("run", ""), step
    flow = yaml.safe_load(workflows[0].read_text(encoding="utf-8"))
    assert "author_association" in flow["jobs"]["apply"]["if"]
    uses = [s.get("uses", "") for j in flow["jobs"].values() for s in j["steps"]]
    assert any(u.startswith("peter-evans/create-pull-request@") for u in uses)
    pages = yaml.safe_load(workflows[1].read_text(encoding="utf-8"))
    pages_uses = [s.get("uses", "") for j in pages["jobs"].values() for s in j["steps"]]
    assert any(u.startswith("actions/deploy-pages@") for u in pages_uses)


def test_a_commands_message_about_an_option_names_the_field(make_programme) -> None:
    root = make_programme()
    assert apply(root, "add-company", company_body())[0] == 0
    code, out, err = apply(root, "add-company", company_body(Id=None))
    assert code == 2
    assert "Id: data/companies/lesja-smie.yaml finnes allerede" in err
    assert "«Id»" in err and "--id" not in err


def test_forms_are_not_made_from_data_with_errors(make_programme) -> None:
    root = make_programme({"data/companies/broken.yaml": "name: [\n"})
    result = run_bif("form", "templates", "--root", str(root))
    assert result.exit_code == 1 and "broken.yaml" in result.stdout
    assert not (root / ".github").exists()


def test_the_installed_bif_applies_a_form_from_stdin(make_programme) -> None:
    """As the workflow does: a real process, the body on standard input, Markdown out."""
    import os
    import sys

    root = make_programme()
    text = body(
        ("Bedrift eller klynge", "eksempel-trevare – Eksempel Trevare AS"), ("Ny status", "mapped")
    )
    done = subprocess.run(
        [sys.executable, "-m", "bif_cli", "form", "apply", "set-status", "-", "--format", "md"],
        input=text.encode("utf-8"),
        capture_output=True,
        cwd=root,
        env={**os.environ, "BIF_TODAY": "2016-12-31"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().startswith("### Skjemaet er registrert\n")
    assert "status: mapped" in (root / "data/companies/eksempel-trevare.yaml").read_text(
        encoding="utf-8"
    )


def test_a_programme_in_english_gets_english_forms(make_programme) -> None:
    from conftest import PROGRAM_YAML

    root = make_programme({"data/program.yaml": PROGRAM_YAML + "language: en\n"})
    assert run_bif("form", "templates", "--root", str(root)).exit_code == 0
    company = forms_of(root)["add-company"]
    assert company["name"] == "New company"
    assert elements(company)["org_number"]["attributes"]["label"] == "Organisation number"  # type: ignore[index]
    code, out, err = apply(root, "add-company", company_body(Region="nowhere"))
    assert code == 2 and "Region: “nowhere” does not exist" in err
