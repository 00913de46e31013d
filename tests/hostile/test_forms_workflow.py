"""The forms workflow's own shell steps, run here as GitHub runs them, with a hostile issue."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bif_cli.outputs.workflows import forms_workflow
from conftest import run_bif

pytestmark = pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
BASH = shutil.which("bash") or "/bin/bash"


def steps() -> dict[str, dict[str, object]]:
    flow = yaml.safe_load(forms_workflow("pip install ."))
    return {step["name"]: step for step in flow["jobs"]["apply"]["steps"] if "name" in step}


def run_step(name: str, env: dict[str, str], work: Path) -> subprocess.CompletedProcess[str]:
    """Run a step's script with bash -e, its `env:` set to the values GitHub would put there."""
    script = steps()[name]["run"]
    assert isinstance(script, str) and "${{" not in script
    bindir = str(Path(sys.executable).parent)
    return subprocess.run(
        [BASH, "-e", "-c", script],
        env={
            **os.environ,
            "PATH": f"{bindir}:{os.environ['PATH']}",
            "RUNNER_TEMP": str(work),
            "GITHUB_OUTPUT": str(work / "output"),
            "BIF_TODAY": "2016-12-31",
            **env,
        },
        cwd=env.get("CWD", str(work)),
        capture_output=True,
        text=True,
        timeout=120,
    )


HOSTILE = '$(touch pwned) `touch pwned2` "; touch pwned3; echo "'


def test_a_hostile_issue_body_is_data_not_commands(make_programme, tmp_path: Path) -> None:
    root = make_programme()
    run_bif("form", "templates", "--root", str(root))
    body = (
        "### Bedrift eller klynge\n\neksempel-trevare\n\n### Ny status\n\nmapped\n\n"
        f"### Dato\n\n_No response_\n\n### Merknad\n\n{HOSTILE}\n\n"
        "### Plan for videreføring\n\n_No response_\n"
    )
    labels = '["bif:set-status", "$(touch pwned4)"]'
    read = run_step("Read the form", {"BODY": body, "LABELS": labels, "CWD": str(root)}, tmp_path)
    assert read.returncode == 0, read.stderr
    assert (tmp_path / "output").read_text() == "kind=set-status\n"
    assert (tmp_path / "form.md").read_text(encoding="utf-8") == body
    applied = run_step(
        "bif form apply", {"KIND": "set-status", "RUN_URL": "x", "CWD": str(root)}, tmp_path
    )
    assert applied.returncode == 0, applied.stderr
    company = (root / "data/companies/eksempel-trevare.yaml").read_text(encoding="utf-8")
    assert "touch pwned" in company  # the note went in as text
    for folder in (root, tmp_path):
        assert not list(folder.glob("pwned*"))


def test_a_label_that_is_not_a_form_stops_the_job(tmp_path: Path) -> None:
    for labels in ('["bug"]', '["bif:rm -rf"]', '["bif:../x"]'):
        read = run_step("Read the form", {"BODY": "x", "LABELS": labels}, tmp_path)
        assert read.returncode != 0


def test_a_failed_form_leaves_the_comment_to_post(make_programme, tmp_path: Path) -> None:
    root = make_programme()
    (tmp_path / "form.md").write_text("### Milepæl\n\n<b>nope</b>\n", encoding="utf-8")
    applied = run_step(
        "bif form apply", {"KIND": "milestone-done", "RUN_URL": "x", "CWD": str(root)}, tmp_path
    )
    assert applied.returncode != 0
    comment = (tmp_path / "result.md").read_text(encoding="utf-8")
    assert comment.startswith("### Skjemaet kunne ikke brukes\n\n- **Milepæl**: ")
    assert "<b>" not in comment
    posted = steps()["Comment the errors on the issue"]
    assert "failure()" in str(posted["if"]) and "result.md" in str(posted["run"])
