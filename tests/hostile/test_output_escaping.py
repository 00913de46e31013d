"""Values and file names from the data reach no output raw: CSV, Markdown, terminal."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_helpers import commit_all, git, run_bif

from conftest import COMPANY_YAML

FORMULAS = ['=HYPERLINK("http://evil";"x")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3"]


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_cells_that_look_like_formulas_are_text(
    make_programme: Callable[..., Path], formula: str
) -> None:
    quoted = formula.replace("\\", "\\\\").replace('"', '\\"')
    company = (
        COMPANY_YAML.replace("name: Eksempel Trevare AS", f'name: "{quoted}"')
        + f'next_action: {{what: "{quoted}", due: 2017-01-15}}\n'
    )
    root = make_programme({"data/companies/eksempel-trevare.yaml": company})
    assert run_bif("check", "--lang", "en", cwd=root).exit_code == 0
    result = run_bif("recruitment", "--format", "csv", cwd=root)
    assert result.exit_code == 0, result.output
    header, row = _csv_rows(result.stdout)
    cells = dict(zip(header, row, strict=True))
    assert cells["name"] == "'" + formula
    assert cells["next_action"] == "'" + formula
    assert cells["days_in_status"].isdigit()  # numbers stay numbers


def test_a_file_name_with_a_backtick_cannot_end_its_code_span(tmp_path: Path) -> None:
    from conftest import MINIMAL_PROGRAMME, build_tree

    root = build_tree(tmp_path / "repo", dict(MINIMAL_PROGRAMME))
    commit_all(root)
    git(root, "branch", "-M", "main")
    bad = root / "data/companies/x`<img src=x onerror=alert(1)>.yaml"
    bad.write_text(COMPANY_YAML, encoding="utf-8")
    md = run_bif("diff", "--format", "md", cwd=root).stdout
    for line in md.splitlines():
        if "<img" in line:
            # only ever inside a code span whose fence is longer than any backtick run in it
            assert "`` data/companies/x`<img src=x onerror=alert(1)>.yaml" in line, line


def test_a_file_name_with_escape_codes_is_printed_escaped(tmp_path: Path) -> None:
    from conftest import MINIMAL_PROGRAMME, build_tree

    root = build_tree(tmp_path / "repo", dict(MINIMAL_PROGRAMME))
    (root / "data/companies/lom\x1b]0;PWNED\x07\x1b[2J.yaml").write_text(COMPANY_YAML)
    for command in (("check",), ("check", "--format", "github")):
        result = run_bif(*command, cwd=root)
        assert result.exit_code == 1
        assert "\x1b" not in result.output and "\x07" not in result.output
        assert "\\x1b" in result.output
    commit_all(root)
    git(root, "branch", "-M", "main")
    (root / "data/companies/ny\x1b[2J.yaml").write_text(COMPANY_YAML)
    for output_format in ("text", "md"):
        result = run_bif("diff", "--format", output_format, cwd=root)
        assert "\x1b" not in result.output
