"""The installed `bif` ends without Python's shutdown: its output, errors and exit codes are
still exactly those of the same command run in-process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_bif


def _installed(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed command; its output as written (no newline translation)."""
    bif = shutil.which("bif")
    command = [bif] if bif else [sys.executable, "-m", "bif_cli"]
    done = subprocess.run(
        [*command, *args], cwd=cwd, capture_output=True, timeout=120, env=os.environ
    )
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    )


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["check", "--format", "json"],
        ["recruitment", "--format", "json"],
        ["budget", "check", "--format", "csv"],
        ["report", "quarterly", "Q2-2015", "--format", "md"],
        ["report", "quarterly", "Q9-2015"],  # a bad quarter: exit 2
        ["add-company", "--org-number", "123"],  # a usage error: exit 2
    ],
)
def test_the_installed_command_says_what_the_in_process_one_says(
    example_programme: Path, args: list[str]
) -> None:
    in_process = run_bif(*args, "--root", str(example_programme))
    installed = _installed(*args, "--root", str(example_programme), cwd=example_programme)
    assert (installed.returncode, installed.stdout, installed.stderr) == (
        in_process.exit_code,
        in_process.stdout,
        in_process.stderr,
    )


def test_a_failing_check_exits_1_with_every_problem_printed(example_programme: Path) -> None:
    company = sorted((example_programme / "data" / "companies").glob("*.yaml"))[0]
    company.write_text(company.read_text(encoding="utf-8") + "ukjent_felt: 1\n", "utf-8")
    installed = _installed("check", "--root", str(example_programme), cwd=example_programme)
    in_process = run_bif("check", "--root", str(example_programme))
    assert installed.returncode == in_process.exit_code == 1
    assert installed.stdout == in_process.stdout
    assert "ukjent_felt" in installed.stdout


def test_output_written_to_a_file_is_whole(example_programme: Path, tmp_path: Path) -> None:
    out = tmp_path / "recruitment.json"
    with out.open("w", encoding="utf-8") as handle:
        done = subprocess.run(
            [shutil.which("bif") or "bif", "recruitment", "--format", "json"],
            cwd=example_programme,
            stdout=handle,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            env=os.environ,
        )
    assert done.returncode == 0, done.stderr
    in_process = run_bif("recruitment", "--format", "json", "--root", str(example_programme))
    assert out.read_text(encoding="utf-8") == in_process.stdout
