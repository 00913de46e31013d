"""`bif init`: the files of a new programme repository, which passes `bif check` at once."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bif_cli.domain import models
from bif_cli.errors import UsageError
from bif_cli.escape import shown
from bif_cli.io.schema import SCHEMA_DIR, modeline, write_schemas
from bif_cli.outputs.workflows import (
    FORMS_WORKFLOW_FILE,
    PAGES_WORKFLOW_FILE,
    forms_workflow,
    pages_workflow,
)
from bif_cli.resources import PACKAGE_TEMPLATES, REPOSITORY_TEMPLATES

WORKFLOW_FILE = ".github/workflows/bif.yml"
PRE_COMMIT_HOOKS_FILE = ".pre-commit-hooks.yaml"
INSTALL_RELEASED = "pip install bif-cli"


def _quoted(text: str) -> str:
    """Write text as a double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def workflow(install: str) -> str:
    """Return the GitHub Actions workflow: check on every pull request, and summarise the change."""
    return f"""\
# bif on every pull request: problems as annotations on the changed lines, and what the
# change means for the programme (statuses, measures, money, milestones) in the job summary.
name: bif
on:
  pull_request:
permissions:
  contents: read
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # bif diff reads the base branch's history
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install bif
        run: {install}
      - name: bif check
        run: bif check --format github
      - name: bif diff
        if: ${{{{ !cancelled() }}}}
        env:
          BASE: origin/${{{{ github.base_ref }}}}
        # from where the branch left its base, so changes made on the base since then do not show
        run: bif diff "$(git merge-base "$BASE" HEAD)" --format md >> "$GITHUB_STEP_SUMMARY"
"""


PRE_COMMIT_CONFIG = """\
# Run `bif check` before every commit that touches data/ (https://pre-commit.com):
#   pip install pre-commit && pre-commit install
# This uses the bif you have installed. To let pre-commit install bif itself, use bif's own
# hook instead: `- repo: <bif's git URL>`, `rev: <a release tag>`, `hooks: [{id: bif-check}]`.
repos:
  - repo: local
    hooks:
      - id: bif-check
        name: bif check
        entry: bif check
        language: system
        pass_filenames: false
        files: ^data/
"""


def _program_yaml(name: str, today: date) -> str:
    end = date(today.year + 2, 12, 31)
    return f"""\
{modeline("program", 1)}
# The programme: who owns and runs it, when, where, and the people in it.
# Fill in the placeholders; `bif check` says what is missing or wrong.
name: {_quoted(name)}                  # the short name, used in reports
full_name: {_quoted(name)}             # the full name (optional)
owner: Programeier (fyll inn)          # programeier, e.g. a county council
responsible: Programansvarlig (fyll inn)   # programansvarlig: who runs the programme
board: null                            # programstyre (optional)
period: {{start: {today}, end: {end}}}    # the programme's period, YYYY-MM-DD
final_report_due: {date(end.year + 1, 5, 1)}         # when the final report is due (optional)
report_to: []                          # who gets the quarterly report, e.g. [Fylkesutvalget]
# Regions with their municipalities: "kommunenummer" (4 digits, in quotes): name.
# A company names its region by id and its municipality by number, for example
#   municipalities: {{"0511": Dovre, "0512": Lesja}}
regions:
  - id: region
    name: Regionen (fyll inn)
    municipalities: {{}}
# People: id, name and role ({", ".join(models.ROLES)}).
# Companies name their process leader (prosessleder) by id.
people:
  - {{id: pl, name: Prosjektleder, role: project_leader}}
# NACE code prefixes (SN2007) outside the target group, e.g. ["01.1", "01.2"].
excluded_nace: []
"""


def _budget_yaml(today: date) -> str:
    kinds = ", ".join(models.MEASURE_KINDS)
    return f"""\
{modeline("budget", 1)}
# The budget. Money is whole kroner: 250000 or 250 000 (no decimals, units or signs).
currency: NOK
frame: 0               # the owner's frame (rammen), e.g. 15000000 for "inntil 15 mill. kr"
# Where the frame's money comes from (optional), e.g.
#   - {{source: "Fylkeskommunen, regionale utviklingsmidler", amount: 10000000}}
funding: []
# Budget areas (innsatsområder). Measures name their area by id; the allocations should
# add up to the frame.
areas:
  - {{id: A, name: Innsatsområde A (fyll inn), allocation: 0}}
# Programme-level measures that belong to no company or cluster (staff, evaluation), e.g.
#   - id: prosjektleder-{today.year}
#     title: Prosjektleder {today.year}
#     kind: staff           # {kinds}
#     area: A
#     granted: 900000
#     granted_on: {today}
#     payments: [{{date: {today}, amount: 225000}}]
costs: []
"""


def _milestones_yaml(today: date) -> str:
    due = date(today.year + 3, 5, 1)
    return f"""\
{modeline("milestones", 1)}
# The milestone plan. `due` is the deadline; add `done: YYYY-MM-DD` when it is reached.
# A milestone past its due date and not done is a warning in `bif check`.
milestones:
  - {{id: oppstart, title: Programmet startet, due: {today}, done: {today}}}
  - {{id: sluttrapport, title: Sluttrapport levert, due: {due}}}
"""


def _readme(name: str) -> str:
    return f"""\
# {name}

This repository holds the programme as plain files, kept with
[bif](https://pypi.org/project/bif-cli/):

- `data/program.yaml`, `data/budget.yaml`, `data/milestones.yaml`: the programme, its
  budget and its milestone plan
- `data/companies/<id>.yaml`, `data/clusters/<id>.yaml`: one file per company and cluster
- `data/reports/<YYYY>-Q<n>.md`: the narrative of a quarter's report
- `templates/`: the report templates
- `schemas/`: JSON Schemas; editors with the YAML language server check the files as you
  type (`bif schema` refreshes them)

```sh
bif check                         # every rule, with file:line:col
bif add-company NAME --org-number N --region R --municipality M --nace C --market K
bif recruitment                   # the pipeline at a glance
bif report quarterly Q1-2026      # the quarterly report
bif diff                          # what this branch changes, in words
```

Every change goes through a pull request: CI (`.github/workflows/bif.yml`) runs
`bif check` and writes `bif diff` into the job summary.
"""


GITATTRIBUTES = "*.yaml text eol=lf\n*.yml text eol=lf\n*.md text eol=lf\n*.j2 text eol=lf\n"
GITIGNORE = ".bif-cache/\n"


def default_templates() -> list[Path]:
    """Return the default *.j2 templates the installed bif ships."""
    for folder in (PACKAGE_TEMPLATES, REPOSITORY_TEMPLATES):
        if folder.is_dir():
            return sorted(folder.glob("*.j2"))
    return []


@dataclass
class Created:
    """What `bif init` made."""

    name: str
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _check_target(directory: Path) -> None:
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} is a file; name a new or empty folder")
    if directory.is_dir() and any(directory.iterdir()):
        raise UsageError(
            f"{directory} is not empty; bif init only creates a programme in a new or empty folder"
        )


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or any(not ch.isprintable() for ch in name):
        raise UsageError("--name must be one line of printable text, like 'Vekst i Valdres'")
    return name


def _git_init(directory: Path) -> str | None:
    """Run git init (branch main); return a note when that was not possible."""
    try:
        inside = subprocess.run(
            ["git", "-C", str(directory.parent), "rev-parse", "--is-inside-work-tree"],
            capture_output=True,
            check=False,
        )
        if inside.returncode == 0 and inside.stdout.strip() == b"true":
            return "the folder is inside a git repository already; did not run git init"
        for args in (["init", "-q", "-b", "main"], ["init", "-q"]):
            done = subprocess.run(
                ["git", "-C", str(directory), *args], capture_output=True, check=False
            )
            if done.returncode == 0:
                return None
        return "git init failed; run it yourself"
    except FileNotFoundError:
        return "git is not installed; run `git init` in the folder once it is"


def _write_forms(directory: Path) -> list[str]:
    """Write the issue forms of the new programme (its lists are empty until data is added)."""
    from bif_cli.io.root import configured_language
    from bif_cli.io.store import load_programme
    from bif_cli.outputs.forms import FORM_DIR, all_forms

    programme, _problems = load_programme(directory)
    folder = directory / FORM_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in all_forms(programme, configured_language(directory)).items():
        (folder / name).write_text(text, encoding="utf-8", newline="\n")
        written.append(f"{FORM_DIR}/{name}")
    return written


def create_programme(directory: Path, name: str | None, today: date) -> Created:
    """Create a programme repository in directory (new or empty) and return what was made."""
    try:
        _check_target(directory)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise UsageError.said(
            "init.cannot_create", folder=shown(str(directory)), reason=reason
        ) from None
    name = _check_name(name if name is not None else directory.resolve().name)
    files: dict[str, str] = {
        "data/program.yaml": _program_yaml(name, today),
        "data/budget.yaml": _budget_yaml(today),
        "data/milestones.yaml": _milestones_yaml(today),
        "data/companies/.gitkeep": "",
        "data/clusters/.gitkeep": "",
        "data/reports/.gitkeep": "",
        "README.md": _readme(name),
        WORKFLOW_FILE: workflow(INSTALL_RELEASED),
        FORMS_WORKFLOW_FILE: forms_workflow(INSTALL_RELEASED),
        PAGES_WORKFLOW_FILE: pages_workflow(INSTALL_RELEASED),
        ".pre-commit-config.yaml": PRE_COMMIT_CONFIG,
        ".gitattributes": GITATTRIBUTES,
        ".gitignore": GITIGNORE,
    }
    existed = directory.is_dir()
    try:
        return _create(directory, name, files)
    except OSError as exc:
        # A folder half made is worse than none: take back what this run created.
        if existed:
            for child in list(directory.iterdir()) if directory.is_dir() else []:
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)
        else:
            shutil.rmtree(directory, ignore_errors=True)
        reason = exc.strerror or exc.__class__.__name__
        raise UsageError.said(
            "init.cannot_create", folder=shown(str(directory)), reason=reason
        ) from None


def _create(directory: Path, name: str, files: dict[str, str]) -> Created:
    directory.mkdir(parents=True, exist_ok=True)
    created = Created(name)
    for rel, text in files.items():
        path = directory / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        created.files.append(rel)
    for template in default_templates():
        target = directory / "templates" / template.name
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(template, target)
        created.files.append(f"templates/{template.name}")
    for path in write_schemas(directory / SCHEMA_DIR):
        created.files.append(f"{SCHEMA_DIR}/{path.name}")
    created.files += _write_forms(directory)
    note = _git_init(directory)
    if note:
        created.notes.append(note)
    return created
