"""Shared test helpers: build programmes from {path: text} and run bif as a user would."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bif_cli.cli import main

REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_DATA = REPO_ROOT / "data"
PINNED_TODAY = "2016-12-31"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite golden files from the current output instead of comparing.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


GOLDEN = Path(__file__).parent / "golden"


def assert_golden(rel: str, actual: str, update: bool) -> None:
    """Compare output with tests/golden/<rel> byte for byte; with --update-golden, rewrite it."""
    path = GOLDEN / rel
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
    assert path.read_bytes().decode("utf-8") == actual, (
        f"{rel} differs; run `pytest --update-golden` if the change is meant"
    )


@pytest.fixture(autouse=True)
def _stable_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin today, the terminal width and colour so output is the same everywhere."""
    monkeypatch.setenv("BIF_TODAY", PINNED_TODAY)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("BIF_ROOT", raising=False)
    monkeypatch.delenv("BIF_DEBUG", raising=False)
    # No test may reach the real company register: by default it is a port where nothing listens.
    monkeypatch.setenv("BIF_REGISTRY_URL", "http://127.0.0.1:9/enhetsregisteret/api")


def build_tree(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write {relative path: text} under root; None deletes the file."""
    for rel, content in files.items():
        path = root / rel
        if content is None:
            if path.exists():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return root


PROGRAM_YAML = """\
name: Testprogrammet
full_name: Testprogrammet – næringsprogram for testing
owner: Test fylkeskommune
responsible: Innovasjon Norge Test
board: Styret
period: {start: 2014-01-01, end: 2016-12-31}
final_report_due: 2017-05-01
report_to: [Fylkesutvalget, Regionrådene]
regions:
  - id: nord
    name: Nord
    municipalities: {"0511": Dovre, "0517": Sel}
  - id: sor
    name: Sør
    municipalities: {"0540": Sør-Aurdal, "0541": Etnedal}
people:
  - {id: pl, name: Prosjektleder, role: project_leader}
  - {id: pl-nord, name: Prosessleder Nord, role: process_leader}
excluded_nace: ["01.1"]
"""

BUDGET_YAML = """\
currency: NOK
frame: 1000000
funding:
  - {source: Fylkeskommunen, amount: 1000000}
areas:
  - {id: A, name: Mobilisering, allocation: 400000}
  - {id: B, name: FoU, allocation: 600000}
costs:
  - id: prosessleder
    title: Prosessleder
    kind: staff
    area: A
    granted: 300000
    granted_on: 2014-01-01
    payments: [{date: 2014-03-31, amount: 100000}]
"""

MILESTONES_YAML = """\
milestones:
  - {id: start, title: Oppstart, due: 2014-01-01, done: 2014-01-01}
  - {id: slutt, title: Sluttrapport, due: 2016-12-31, done: 2016-12-20}
"""

COMPANY_YAML = """\
name: Eksempel Trevare AS
org_number: "921588135"
region: nord
municipality: "0517"
nace: "16.230"
market: international
employees: 24
process_leader: pl-nord
ambition: Doble eksportomsetningen
history:
  - {date: 2014-01-20, status: identified}
  - {date: 2014-02-10, status: contacted}
  - {date: 2014-03-05, status: agreement}
measures:
  - id: fou
    title: FoU-prosjekt
    kind: rnd
    area: B
    granted: 250000
    granted_on: 2014-03-20
    start: 2014-04-01
    end: 2014-12-31
    payments:
      - {date: 2014-06-30, amount: 100000}
"""

MINIMAL_PROGRAMME: dict[str, str | bytes | None] = {
    "data/program.yaml": PROGRAM_YAML,
    "data/budget.yaml": BUDGET_YAML,
    "data/milestones.yaml": MILESTONES_YAML,
    "data/companies/eksempel-trevare.yaml": COMPANY_YAML,
}


@pytest.fixture
def make_programme(tmp_path: Path) -> Callable[..., Path]:
    """Return a function that writes the minimal programme plus overrides, and returns its root."""

    def make(files: dict[str, str | bytes | None] | None = None, *, name: str = "prog") -> Path:
        root = tmp_path / name
        build_tree(root, {**MINIMAL_PROGRAMME, **(files or {})})
        return root

    return make


@pytest.fixture
def example_programme(tmp_path: Path) -> Path:
    """A copy of the repository's own data/ (Bedriftene i fokus) in a temporary folder."""
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE_DATA, root / "data")
    return root


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_bif(
    *args: str, cwd: Path | None = None, input: str | None = None, env: dict[str, str] | None = None
) -> Run:
    """Run bif's real entry point in-process, as `bif ARGS...` would from a shell."""
    runner = CliRunner()
    old_cwd = Path.cwd()
    code = 0
    with runner.isolation(input=input, env=env) as (out, err, _merged):
        if cwd is not None:
            os.chdir(cwd)
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            os.chdir(old_cwd)
            sys.stdout.flush()
            sys.stderr.flush()
        stdout = out.getvalue().decode("utf-8", errors="replace")
        stderr = err.getvalue().decode("utf-8", errors="replace")
    return Run(code, stdout, stderr)


@pytest.fixture
def bif() -> Iterator[Callable[..., Run]]:
    yield run_bif


def count_model_loads(monkeypatch: pytest.MonkeyPatch) -> list[type]:
    """Return a list that gets the kind of every model the model cache loads from now on."""
    from bif_cli.io import modelcache

    loaded: list[type] = []
    real = modelcache.load_model

    def counted(blob: bytes, kind: type) -> object:
        loaded.append(kind)
        return real(blob, kind)

    monkeypatch.setattr(modelcache, "load_model", counted)
    return loaded
