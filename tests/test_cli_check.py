"""`bif check` from the command line: formats, exit codes, finding the programme."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import bif_cli.io.check
from conftest import COMPANY_YAML, run_bif

BROKEN = COMPANY_YAML.replace('org_number: "921588135"', 'org_number: "921588136"')
COMPANY = "data/companies/eksempel-trevare.yaml"


def test_text_format_shows_the_line_and_a_caret(make_programme: Callable[..., Path]) -> None:
    root = make_programme({COMPANY: BROKEN})
    result = run_bif("check", "--lang", "en", "--root", str(root))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "data/companies/eksempel-trevare.yaml:2:13: error[BIF106]: org_number: organisation "
        "number 921588136 has a wrong check digit; check it in Brønnøysundregistrene"
    )
    assert lines[1] == '    2 | org_number: "921588136"'
    assert lines[2] == "      |             ^"
    assert lines[-1] == "1 error, 0 warnings in 4 files."


def test_json_format_has_the_documented_shape(make_programme: Callable[..., Path]) -> None:
    root = make_programme({COMPANY: BROKEN})
    result = run_bif("check", "--format", "json", "--lang", "en", "--root", str(root))
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "errors": 1,
        "warnings": 0,
        "issues": [
            {
                "path": COMPANY,
                "line": 2,
                "column": 13,
                "severity": "error",
                "code": "BIF106",
                "message": "org_number: organisation number 921588136 has a wrong check digit; "
                "check it in Brønnøysundregistrene",
            }
        ],
    }


def test_json_equals_the_library_result(example_programme: Path) -> None:
    from bif_cli.clock import today

    _programme, problems = bif_cli.io.check.check_programme(example_programme, today())
    result = run_bif("check", "--format", "json", "--root", str(example_programme))
    assert json.loads(result.stdout) == bif_cli.io.check.check_report(problems, "nb")


def test_github_format(make_programme: Callable[..., Path]) -> None:
    local = COMPANY_YAML.replace("market: international", "market: local").replace(
        '"921588135"', '"923609016"'
    )
    root = make_programme({COMPANY: BROKEN, "data/companies/lokal.yaml": local})
    result = run_bif("check", "--format", "github", "--lang", "en", "--root", str(root))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=data/companies/eksempel-trevare.yaml,line=2,col=13,title=BIF106::"
        "org_number: organisation number 921588136 has a wrong check digit; check it in "
        "Brønnøysundregistrene",
        "::warning file=data/companies/lokal.yaml,line=6,col=9,title=BIF303::"
        "market 'local': the target group sells nationally or internationally",
    ]


def test_strict_turns_warnings_into_exit_1(make_programme: Callable[..., Path]) -> None:
    root = make_programme({COMPANY: COMPANY_YAML.replace("international", "regional")})
    assert run_bif("check", "--root", str(root)).exit_code == 0
    assert run_bif("check", "--strict", "--root", str(root)).exit_code == 1


def test_root_is_found_by_walking_up(make_programme: Callable[..., Path]) -> None:
    root = make_programme()
    result = run_bif("check", "--lang", "en", cwd=root / "data" / "companies")
    assert result.exit_code == 0, result.output
    assert "no problems" in result.stdout


def test_bif_root_environment_variable(make_programme: Callable[..., Path], tmp_path: Path) -> None:
    root = make_programme()
    result = run_bif("check", cwd=tmp_path, env={"BIF_ROOT": str(root)})
    assert result.exit_code == 0, result.output


def test_no_programme_is_a_usage_error(tmp_path: Path) -> None:
    result = run_bif("check", cwd=tmp_path)
    assert result.exit_code == 2
    assert "no programme found" in result.stderr
    assert "Traceback" not in result.output


def test_root_that_is_not_a_programme(tmp_path: Path) -> None:
    result = run_bif("check", "--root", str(tmp_path))
    assert result.exit_code == 2
    assert "has no data/program.yaml" in result.stderr


@pytest.mark.parametrize("args", [["check", "--bogus"], ["check", "--format", "xml"], ["nope"]])
def test_bad_usage_exits_2(args: list[str], make_programme: Callable[..., Path]) -> None:
    result = run_bif(*args, "--root", str(make_programme()))
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_internal_error_asks_for_a_report(
    make_programme: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(bif_cli.io.check, "check_programme", explode)
    result = run_bif("check", "--root", str(make_programme()))
    assert result.exit_code == 3
    assert "internal error" in result.stderr and "please report" in result.stderr
    assert "Traceback" not in result.output


def test_installed_command_runs_on_the_repository_data(tmp_path: Path) -> None:
    bif = shutil.which("bif")
    command = [bif] if bif else [sys.executable, "-m", "bif_cli"]
    repo = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [*command, "check", "--format", "json"],
        cwd=repo / "data",
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["errors"] == 0
    module = subprocess.run(
        [sys.executable, "-m", "bif_cli", "check", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert module.returncode == 2
    assert "Traceback" not in module.stderr


def test_excerpt_shows_tabs_and_control_characters_as_one_mark(
    make_programme: Callable[..., Path],
) -> None:
    root = make_programme({COMPANY: COMPANY_YAML.replace("market: international", "market:\tx")})
    lines = run_bif("check", "--root", str(root)).stdout.splitlines()
    index = next(i for i, line in enumerate(lines) if "BIF010" in line)
    assert lines[index + 1] == "    6 | market:→x"
    assert lines[index + 2] == "      |        ^"


def test_whole_file_problems_show_no_excerpt(make_programme: Callable[..., Path]) -> None:
    root = make_programme({"data/companies/Bad_Name.yaml": COMPANY_YAML})
    lines = run_bif("check", "--lang", "en", "--root", str(root)).stdout.splitlines()
    assert lines[0].startswith("data/companies/Bad_Name.yaml:1:1: error[BIF014]")
    assert lines[1].startswith("1 error")
