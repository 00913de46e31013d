"""The README's set-up commands work as pasted, and say what this repository's data prints."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from conftest import REPO_ROOT, run_bif

README = REPO_ROOT / "README.md"


def _extractor() -> ModuleType:
    """The script CI uses to read a command from the README, so both read it the same way."""
    spec = importlib.util.spec_from_file_location(
        "readme_command", REPO_ROOT / ".ci/readme_command.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def readme_block(marker: str) -> str:
    text: str = _extractor().marked_block(README.read_text("utf-8"), f"<!-- README {marker} -->")
    return text


def test_the_readme_has_its_two_headline_commands_and_ci_runs_the_second() -> None:
    install = readme_block("command: install")
    assert install.startswith("python3 -m venv .venv && . .venv/bin/activate && pip install . ")
    assert "bif check" in install and "-o out/" in install
    test = readme_block("command: test")
    assert test.startswith("python3 -m venv .venv && . .venv/bin/activate && ")
    assert test.rstrip().endswith("python -m pytest")
    ci = (REPO_ROOT / ".ci/run").read_text("utf-8")
    assert 'test_command="$(python3 .ci/readme_command.py test)"' in ci
    assert 'bash -c "$test_command"' in ci
    printed = subprocess.run(
        [sys.executable, str(REPO_ROOT / ".ci/readme_command.py"), "test"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert printed.stdout == test
    assert "out/" in (REPO_ROOT / ".gitignore").read_text("utf-8").splitlines()


def test_the_readme_shows_what_bif_check_prints_on_this_repository() -> None:
    result = run_bif("check", "--root", str(REPO_ROOT), "--no-cache")
    assert result.exit_code == 0, result.output
    assert result.output == readme_block("output: bif check")


def _copy_of_the_checkout(target: Path) -> Path:
    """Copy the files git would commit (changes not yet committed included) into a new repo."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    for name in filter(None, listed.split("\0")):
        source = REPO_ROOT / name
        if source.is_file():  # a file deleted but not yet committed is not there to copy
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git = ["git", "-c", "user.name=bif", "-c", "user.email=bif@example.invalid"]
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=target, check=True)
    subprocess.run([*git, "add", "-A"], cwd=target, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "checkout"], cwd=target, check=True)
    return target


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git (.ci/run installs it)")
def test_the_readme_install_command_works_as_pasted_and_leaves_the_checkout_clean(
    tmp_path: Path,
) -> None:
    checkout = _copy_of_the_checkout(tmp_path / "bif")
    # A newcomer's shell: no virtual environment active, Python and git on the PATH.
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    active = os.environ.get("VIRTUAL_ENV")
    if active:
        paths = env.get("PATH", "").split(os.pathsep)
        env["PATH"] = os.pathsep.join(p for p in paths if p != str(Path(active) / "bin"))
    result = subprocess.run(
        ["bash", "-c", readme_block("command: install")],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert readme_block("output: bif check") in result.stdout + result.stderr
    report = (checkout / "out/q2-2015.html").read_text("utf-8")
    assert "Bedriftene i fokus" in report
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=checkout,
        capture_output=True,
        text=True,
        check=True,
    )
    assert status.stdout == ""
