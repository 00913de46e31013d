"""`bif recruitment` reads the companies' kept records: it says what a run without cache says."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bif_cli.io.cache import CACHE_DIR
from bif_cli.io.resultcache import KEPT_GLOB
from conftest import run_bif

REPO = Path(__file__).resolve().parents[1]
DATES = [[], ["--as-of", "2014-01-01"], ["--as-of", "2015-06-30"], ["--as-of", "2016-03-15"]]
FORMS = [["--format", "json"], ["--format", "csv"], [], ["--format", "json", "--lang", "en"]]


def _recruitment(root: Path, words: list[str], *, cached: bool) -> tuple[int, str, str]:
    """Run the overview; cached: with every cache warm but the kept overviews, so it is worked
    out (from the records) rather than shown from a result kept by an earlier run."""
    env = {"BIF_TODAY": "2016-12-31", **({} if cached else {"BIF_NO_CACHE": "1"})}
    for kept in (root / CACHE_DIR).glob(KEPT_GLOB):
        kept.unlink()
    run = run_bif("recruitment", *words, "--root", str(root), env=env)
    return run.exit_code, run.stdout, run.stderr


def _cases(root: Path) -> list[list[str]]:
    import yaml

    program = yaml.safe_load((root / "data" / "program.yaml").read_text(encoding="utf-8"))
    region = program["regions"][-1]["id"]
    leader = next(p["id"] for p in program["people"] if p["role"] == "process_leader")
    narrowed = [
        ["--region", region],
        ["--status", "agreement"],
        ["--process-leader", leader],
        ["--region", region, "--status", "completed"],
    ]
    return [
        *([*form, *when] for form in FORMS for when in DATES),
        *(["--format", "json", *words] for words in narrowed),
    ]


def _assert_cached_equals_uncached(root: Path, step: str) -> None:
    cases = _cases(root)
    uncached = [_recruitment(root, words, cached=False) for words in cases]
    shutil.rmtree(root / ".bif-cache", ignore_errors=True)
    cold = [_recruitment(root, words, cached=True) for words in cases[:1]]
    warm = [_recruitment(root, words, cached=True) for words in cases]
    assert cold == uncached[:1], f"after {step}: the first run differs"
    for words, fresh, served in zip(cases, uncached, warm, strict=True):
        assert served == fresh, f"after {step}: recruitment {' '.join(words)} differs warm"
    assert all(code == 0 for code, _out, _err in uncached), f"after {step}: refused"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_example_programme_from_records(example_programme: Path) -> None:
    root = example_programme
    _assert_cached_equals_uncached(root, "nothing")
    fron = root / "data" / "companies" / "fron-sveiseteknikk.yaml"
    _replace(fron, "cancelled_on: 2015-08-25", "cancelled_on: 2014-07-01")
    _assert_cached_equals_uncached(root, "a main-goal measure cancelled before it started")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated programme of several regions and process leaders."""
    root = tmp_path_factory.mktemp("records") / "prog"
    command = [sys.executable, str(REPO / "bench" / "generate.py"), "60", str(root)]
    subprocess.run([*command, "--seed", "23"], check=True, capture_output=True)
    return root


def test_a_generated_programme_from_records(generated: Path) -> None:
    _assert_cached_equals_uncached(generated, "nothing")
    companies = sorted((generated / "data" / "companies").glob("*.yaml"))
    edited = [c for c in companies if "status: agreement" in c.read_text(encoding="utf-8")]
    for company in edited[:3]:
        # A measure cancelled the day it was granted: no longer running, out of the main goal.
        lines = company.read_text(encoding="utf-8").splitlines(keepends=True)
        at = next(i for i, line in enumerate(lines) if line.startswith("    granted_on: "))
        lines.insert(at + 1, lines[at].replace("granted_on", "cancelled_on"))
        company.write_text("".join(lines), encoding="utf-8")
    _assert_cached_equals_uncached(generated, "measures cancelled")


def test_the_terms_read_the_same_from_records_as_from_models(example_programme: Path) -> None:
    """One definition: terms_at over kept records equals terms_at over the whole models."""
    from datetime import date

    from bif_cli.domain import timeline
    from bif_cli.io.check import check

    root = example_programme
    today = date(2016, 12, 31)
    check(root, today)
    lazy = check(root, today).programme
    assert lazy.facts
    dates = [date(2014, 1, 1), date(2014, 9, 30), date(2015, 6, 30), date(2016, 12, 31)]
    from_records = [timeline.terms_at(lazy, when) for when in dates]
    lazy.companies  # noqa: B018  (made whole)
    lazy.facts = {}
    assert [timeline.terms_at(lazy, when) for when in dates] == from_records
