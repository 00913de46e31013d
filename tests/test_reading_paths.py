"""The reading commands' shortcuts say what the whole programme would: byte for byte."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import COMPANY_YAML, MILESTONES_YAML, run_bif

FORMATS = ["table", "json", "csv"]

BLOCK_MILESTONES = """\
milestones:
  - id: start
    title: Oppstart # med styret
    due: 2014-01-01
    done: 2014-01-01
    responsible: Åse Ødegård
  - id: midt
    title: "Midtveis – «evaluering» \\u00e6"
    due: 2015-06-30
  - id: slutt
    title: Sluttrapport
    due: 2016-12-31
"""


def _milestones(root: Path, *, cached: bool) -> list[tuple[int, str, str]]:
    """Run `bif milestones` in every format and language; uncached runs load everything."""
    env = None if cached else {"BIF_NO_CACHE": "1"}
    runs = []
    for output_format in FORMATS:
        for lang in ("nb", "en"):
            for as_of in ("2015-03-01", "2016-12-31"):
                run = run_bif(
                    "milestones",
                    *("--format", output_format, "--lang", lang, "--as-of", as_of),
                    *("--root", str(root)),
                    env=env,
                )
                runs.append((run.exit_code, run.stdout, run.stderr))
    return runs


def assert_plan_only_equals_whole(root: Path) -> None:
    """Warm runs (only the programme's own files loaded) equal runs that load every company."""
    whole = _milestones(root, cached=False)
    assert run_bif("check", "--root", str(root)).exit_code in (0, 1)
    warm = _milestones(root, cached=True)
    assert warm == whole


def test_milestones_of_the_example_programme(example_programme: Path) -> None:
    assert_plan_only_equals_whole(example_programme)


@pytest.mark.parametrize(
    "files",
    [
        {},
        # a comment cut into a free-text field: a warning in milestones.yaml
        {"data/milestones.yaml": BLOCK_MILESTONES},
        # a milestones file that does not parse
        {"data/milestones.yaml": MILESTONES_YAML.replace("title: ", "title: # cut\n    ", 1)},
        # an error in a company: milestones refuses, the same way on both paths
        {"data/companies/eksempel-trevare.yaml": COMPANY_YAML.replace("employees:", "employes:")},
        # a warning in a company only
        {"data/companies/ny.yaml": COMPANY_YAML.replace("Eksempel Trevare AS", "Ny AS")},
        {"data/milestones.yaml": None},
    ],
    ids=["plain", "cut-comment", "broken-yaml", "company-error", "warning", "no-milestones"],
)
def test_milestones_of_tricky_programmes(
    make_programme: Callable[..., Path], files: dict[str, str | None]
) -> None:
    assert_plan_only_equals_whole(make_programme(files))


def test_the_python_api_loads_only_the_plan_and_says_the_same(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """bif_cli.milestones, once the cache is warm, loads no company, and answers as before."""
    from datetime import date

    import bif_cli
    from bif_cli.io import store

    when = date(2015, 6, 30)
    monkeypatch.setenv("BIF_NO_CACHE", "1")
    whole = bif_cli.milestones(example_programme, when)
    monkeypatch.delenv("BIF_NO_CACHE")
    assert run_bif("check", "--root", str(example_programme)).exit_code in (0, 1)

    def no_programme(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the whole programme was loaded")

    monkeypatch.setattr(store, "load_programme", no_programme)
    assert bif_cli.milestones(example_programme, when) == whole
