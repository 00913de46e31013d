"""The public API (bif_cli.__all__): what a notebook or a script does, one call per command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

import bif_cli
from bif_cli.errors import AlreadyExistsError, DataError, NothingToChangeError, UnknownIdError
from conftest import COMPANY_YAML, run_bif

SCRIPT = textwrap.dedent(
    """
    import json, sys
    from datetime import date

    import bif_cli

    root = sys.argv[1]
    result = bif_cli.check(root, date(2016, 12, 31))
    written = bif_cli.set_status(
        root, "eksempel-trevare", "completed", when=date(2015, 3, 1),
        note="Ferdig", continuation_plan="Egen drift",
    )
    bif_cli.add_payment(root, "eksempel-trevare", "fou", 50000, when=date(2015, 1, 15))
    pipeline = bif_cli.recruitment(root, date(2015, 6, 30))
    money = bif_cli.budget(root, date(2015, 6, 30), lang="en")
    plan = bif_cli.milestones(root, date(2015, 6, 30))
    report = bif_cli.quarterly_report(root, "Q1-2015", lang="en")
    json.dump(
        {
            "errors": len(result.errors),
            "summary": written.change.summary,
            "statuses": [row["status"] for row in pipeline["companies"]],
            "paid": money["paid"],
            "milestones": plan["counts"],
            "report_title": report.splitlines()[0],
        },
        sys.stdout,
    )
    """
)


def test_a_script_uses_the_api(make_programme: Callable[..., Path], tmp_path: Path) -> None:
    root = make_programme()
    script = tmp_path / "script.py"
    script.write_text(SCRIPT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), str(root)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["errors"] == 0
    assert shown["summary"] == (
        "Updated data/companies/eksempel-trevare.yaml: completed from 2015-03-01."
    )
    assert shown["statuses"] == ["completed"]
    assert shown["paid"] == 100000 + 100000 + 50000  # costs, the grant's payment, the new one
    assert shown["milestones"] == {"overdue": 0, "upcoming": 1, "done": 1}
    assert shown["report_title"].startswith("# ")
    # The files the script wrote are what the command line sees.
    assert run_bif("check", "--format", "json", "--root", str(root)).exit_code == 0
    assert "status: completed" in (root / "data/companies/eksempel-trevare.yaml").read_text()


def test_all_names_the_api() -> None:
    for name in bif_cli.__all__:
        assert hasattr(bif_cli, name), name


def test_the_writes_refuse_with_typed_errors(make_programme: Callable[..., Path]) -> None:
    root = make_programme()
    with pytest.raises(UnknownIdError) as unknown:
        bif_cli.add_payment(root, "eksempel-trevare", "ukjent", 1)
    assert unknown.value.choices == ["fou"]
    with pytest.raises(UnknownIdError):
        bif_cli.add_payment(root, "ukjent", "fou", 1)
    with pytest.raises(UnknownIdError) as no_milestone:
        bif_cli.milestone_done(root, "ukjent")
    assert no_milestone.value.choices == ["start", "slutt"]
    with pytest.raises(NothingToChangeError):
        bif_cli.milestone_done(root, "start")
    with pytest.raises(NothingToChangeError):
        bif_cli.set_status(root, "eksempel-trevare", "agreement")
    with pytest.raises(UnknownIdError):
        bif_cli.set_status(root, "eksempel-trevare", "established")
    with pytest.raises(AlreadyExistsError):
        bif_cli.add_measure(
            root, "eksempel-trevare", measure_id="fou", title="T", kind="rnd", area="B", granted=1
        )
    before = (root / "data/companies/eksempel-trevare.yaml").read_bytes()
    with pytest.raises(DataError) as refused:  # over the grant: the programme would have errors
        bif_cli.add_payment(root, "eksempel-trevare", "fou", 900000, when=date(2014, 7, 1))
    assert [p.code for p in refused.value.problems] == ["BIF209"]
    assert (root / "data/companies/eksempel-trevare.yaml").read_bytes() == before


def test_overviews_refuse_a_programme_with_errors(make_programme: Callable[..., Path]) -> None:
    broken = COMPANY_YAML.replace('"921588135"', '"921588136"')
    root = make_programme({"data/companies/eksempel-trevare.yaml": broken})
    with pytest.raises(DataError) as refused:
        bif_cli.recruitment(root)
    assert [(p.code, p.line) for p in refused.value.problems] == [("BIF106", 2)]


def test_check_a_git_revision(make_programme: Callable[..., Path]) -> None:
    from bif_cli.io.check import GitRevision

    root = make_programme()
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}  # fmt: skip
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "base"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, env=env)
    (root / "data/companies/eksempel-trevare.yaml").write_text(
        COMPANY_YAML.replace("market: international", "market: local"), encoding="utf-8"
    )
    now = bif_cli.check(root)
    then = bif_cli.check(GitRevision(root, "HEAD"))
    assert [p.code for p in now.problems] == ["BIF303"]
    assert then.problems == []
    assert set(then.programme.companies) == {"eksempel-trevare"}
