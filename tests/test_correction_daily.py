"""The daily-work writes take --correction for reported periods, on the repository's own data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE_DATA, run_bif
from test_diff import git
from test_forms import body

REASON = "Vedtaket ble ført sent"
STORED = f"correction: {{reason: {REASON}, recorded: 2016-12-31}}"


def _example_repo(tmp_path: Path) -> Path:
    """The repository's own data (Q1-2014..Q3-2016 submitted), committed in a fresh git repo."""
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE_DATA, repo / "data")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "example data")
    assert (repo / "data/submitted/2016-Q3.yaml").is_file()
    return repo


@pytest.mark.parametrize(
    "args",
    [
        ["cancel-measure", "begna-trevare", "markedsstrategi", "--date", "2015-05-10"],
        ["add-milestone", "messe", "--title", "Messe i Lillehammer", "--due", "2015-05-10"],
        ["set-allocation", "B", "5500000", "--decided", "2015-05-10", "--ref", "styrevedtak 1/15"],
    ],
)
def test_a_dated_daily_write_in_a_reported_quarter_needs_a_correction(
    tmp_path: Path, args: list[str]
) -> None:
    repo = _example_repo(tmp_path)
    refused = run_bif(*args, cwd=repo)
    assert refused.exit_code == 1, refused.output
    assert "Q2-2015" in refused.stderr and "--correction" in refused.stderr
    assert git(repo, "status", "--porcelain") == ""

    done = run_bif(*args, "--correction", REASON, cwd=repo)
    assert done.exit_code == 0, done.output
    assert STORED in git(repo, "diff")
    checked = run_bif("check", cwd=repo)
    assert checked.exit_code == 0, checked.output
    assert "BIF501" not in checked.output
    assert "error[" not in checked.output


def test_a_corrected_allocation_entry_is_valid_data_with_its_reason(tmp_path: Path) -> None:
    repo = _example_repo(tmp_path)
    args = ["set-allocation", "B", "5500000", "--decided", "2015-05-10"]
    assert run_bif(*args, "--correction", REASON, cwd=repo).exit_code == 0
    budget = yaml.safe_load((repo / "data/budget.yaml").read_text(encoding="utf-8"))
    area = next(a for a in budget["areas"] if a["id"] == "B")
    decided = next(e for e in area["allocation"] if str(e["from"]) == "2015-05-10")
    assert decided["amount"] == 5500000
    assert decided["correction"]["reason"] == REASON
    # A hand edit that drops the reason's text is a data problem, named by file and line.
    text = (repo / "data/budget.yaml").read_text(encoding="utf-8")
    (repo / "data/budget.yaml").write_text(
        text.replace(f"reason: {REASON}, ", "", 1), encoding="utf-8"
    )
    broken = run_bif("check", cwd=repo)
    assert broken.exit_code == 1
    assert "data/budget.yaml:" in broken.output


def test_after_the_last_reported_day_no_correction_is_needed(tmp_path: Path) -> None:
    repo = _example_repo(tmp_path)
    done = run_bif(
        "cancel-measure", "begna-trevare", "markedsstrategi", "--date", "2016-11-01", cwd=repo
    )
    assert done.exit_code == 0, done.output
    assert "correction" not in git(repo, "diff")


def test_a_dry_run_with_a_correction_shows_it_and_writes_nothing(tmp_path: Path) -> None:
    repo = _example_repo(tmp_path)
    args = ["set-allocation", "B", "5500000", "--decided", "2015-05-10", "--dry-run"]
    shown = run_bif(*args, "--correction", REASON, cwd=repo)
    assert shown.exit_code == 0, shown.output
    assert STORED in shown.output
    assert git(repo, "status", "--porcelain") == ""


def test_the_cancel_measure_form_still_applies_on_the_example_data(tmp_path: Path) -> None:
    repo = _example_repo(tmp_path)
    issue = tmp_path / "issue.md"
    issue.write_text(
        body(("Tiltak", "begna-trevare/markedsstrategi"), ("Dato", "2016-11-01")),
        encoding="utf-8",
    )
    done = run_bif("form", "apply", "cancel-measure", str(issue), "--root", str(repo))
    assert done.exit_code == 0, done.output
    assert "cancelled_on: 2016-11-01" in git(repo, "diff")
    # Inside a reported quarter the form (which has no reason field) is refused, nothing written.
    git(repo, "checkout", "-q", ".")
    issue.write_text(
        body(("Tiltak", "begna-trevare/markedsstrategi"), ("Dato", "2015-05-10")),
        encoding="utf-8",
    )
    refused = run_bif("form", "apply", "cancel-measure", str(issue), "--root", str(repo))
    assert refused.exit_code == 1, refused.output
    assert git(repo, "status", "--porcelain") == ""
