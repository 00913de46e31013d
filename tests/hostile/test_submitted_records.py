"""Hostile submission records and correction reasons: clear problems, escaped output, no crash."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import COMPANY_YAML, MINIMAL_PROGRAMME, run_bif
from test_diff import commit, git

COMPANY = "data/companies/eksempel-trevare.yaml"
NARRATIVE = "## Status\n\nEksempeltekst.\n"
PAYMENT_LINE = "      - {date: 2014-06-30, amount: 100000}\n"


def _submitted(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    files = {
        **MINIMAL_PROGRAMME,
        "data/reports/2015-Q2.md": NARRATIVE,
        "data/reports/2015-Q3.md": NARRATIVE,
    }
    commit(repo, files, "Programme")
    assert run_bif("submit", "Q2-2015", "--date", "2015-07-10", cwd=repo).exit_code == 0
    commit(repo, {}, "Sent")
    return repo


def test_odd_files_in_the_submitted_folder_are_errors(tmp_path: Path) -> None:
    repo = _submitted(tmp_path)
    (repo / "data/submitted/notes.txt").write_text("hei\n")
    os.symlink("/etc/passwd", repo / "data/submitted/2015-Q3.yaml")
    result = run_bif("check", "--format", "json", cwd=repo)
    assert result.exit_code == 1
    assert "BIF014" in result.stdout and "notes.txt" in result.stdout
    assert "2015-Q3.yaml" in result.stdout


def test_a_record_with_tags_anchors_or_bad_figures_is_a_problem_not_a_crash(
    tmp_path: Path,
) -> None:
    repo = _submitted(tmp_path)
    record = repo / "data/submitted/2015-Q2.yaml"
    text = record.read_text(encoding="utf-8")
    for bad, code in (
        (
            text.replace("report: quarterly", "report: !!python/object:os.system quarterly"),
            "BIF007",
        ),
        (text.replace("period: Q2-2015", "period: &p Q2-2015\nextra: *p"), "BIF006"),
        (text.replace("committed: 250000", "committed: -250000", 1), "BIF105"),
        (text.replace("sha256: ", "sha256: zz"), "BIF103"),
    ):
        record.write_text(bad, encoding="utf-8")
        result = run_bif("check", "--format", "json", cwd=repo)
        assert result.exit_code == 1, (code, result.output)
        assert code in result.stdout, (code, result.stdout)
        assert "Traceback" not in result.output


def test_a_correction_reason_with_markup_stays_text_in_every_output(tmp_path: Path) -> None:
    repo = _submitted(tmp_path)
    reason = "<script>alert(1)</script> | {x:kr} & co\nny linje"
    done = run_bif(
        "add-payment",
        "eksempel-trevare",
        "fou",
        "50000",
        "--date",
        "2015-05-10",
        "--correction",
        reason,
        cwd=repo,
    )
    assert done.exit_code == 0, done.output
    stored = (repo / COMPANY).read_text(encoding="utf-8")
    assert "ny linje" in stored and "\nny linje" not in stored  # kept on one line
    html = run_bif("report", "quarterly", "Q3-2015", "--format", "html", cwd=repo).stdout
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    md = run_bif("report", "quarterly", "Q3-2015", cwd=repo).stdout
    row = next(line for line in md.splitlines() if line.startswith("| Q2-2015 | utbetalt hittil"))
    assert row.count(" | ") == 4  # the reason's own | is escaped, the table keeps 5 cells
    diff = run_bif("diff", "HEAD", "--format", "md", cwd=repo).stdout
    assert "<script>" not in diff


def test_a_hand_edit_that_moves_a_figure_in_another_language_still_names_it(
    tmp_path: Path,
) -> None:
    repo = _submitted(tmp_path)
    (repo / COMPANY).write_text(
        COMPANY_YAML.replace(
            PAYMENT_LINE, PAYMENT_LINE + "      - {date: 2015-01-10, amount: 1}\n"
        ),
        encoding="utf-8",
    )
    result = run_bif("check", "--lang", "en", cwd=repo)
    assert result.exit_code == 0
    assert "paid to date in area B 100 000 kr → 100 001 kr" in result.stdout
