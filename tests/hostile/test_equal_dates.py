"""Equal dates in one write are written out in full: the writer never emits anchors."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_helpers import run_bif

DAY = "2016-01-01"
UNDONE_MILESTONES = """\
milestones:
  - {id: start, title: Oppstart, due: 2014-01-01, done: 2014-01-01}
  - {id: midtveis, title: Midtveis, due: 2015-06-30}
"""
OTHER = {"--granted-on": "2015-12-01", "--start": "2016-02-01", "--end": "2016-12-31"}


def _read(root: Path, rel: str) -> str:
    return (root / rel).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "same",
    [
        pair
        for size in (2, 3)
        for pair in itertools.combinations(("--granted-on", "--start", "--end"), size)
    ],
)
@pytest.mark.parametrize("owner", ["costs", "eksempel-trevare"])
def test_add_measure_with_equal_dates(
    make_programme: Callable[..., Path], same: tuple[str, ...], owner: str
) -> None:
    root = make_programme()
    dates = {option: (DAY if option in same else value) for option, value in OTHER.items()}
    if "--end" in same and "--start" not in same:
        dates["--start"] = "2015-12-15"
    args = [item for pair in dates.items() for item in pair]
    result = run_bif(
        "add-measure", owner, "--title", "Prosessledere", "--kind", "staff", "--area", "A",
        "--granted", "1000", *args, cwd=root,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rel = "data/budget.yaml" if owner == "costs" else "data/companies/eksempel-trevare.yaml"
    text = _read(root, rel)
    assert "&id" not in text and "*id" not in text
    assert run_bif("check", "--lang", "en", cwd=root).exit_code == 0


def test_every_other_write_on_a_date_already_in_the_file(
    make_programme: Callable[..., Path],
) -> None:
    root = make_programme({"data/milestones.yaml": UNDONE_MILESTONES})
    steps = [
        ("add-payment", "eksempel-trevare", "fou", "1000", "--date", "2014-06-30"),
        ("add-payment", "costs", "prosessleder", "1000", "--date", "2014-01-01"),
        ("set-status", "eksempel-trevare", "completed", "--date", "2014-12-31",
         "--continuation-plan", "Videre på egen hånd"),
        ("add-company", "Ny Bedrift AS", "--org-number", "974760673", "--region", "nord",
         "--municipality", "0511", "--nace", "16.230", "--market", "national",
         "--date", "2014-01-01"),
        ("add-cluster", "Trebruk", "--region", "nord", "--members", "eksempel-trevare,ny-bedrift",
         "--date", "2014-01-01"),
        ("milestone-done", "midtveis", "--date", "2015-06-30"),
    ]  # fmt: skip
    for step in steps:
        result = run_bif(*step, cwd=root)
        assert result.exit_code == 0, (step, result.output)
    for path in (root / "data").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "&id" not in text and "*id" not in text, path
    assert run_bif("check", "--lang", "en", cwd=root).exit_code == 0
