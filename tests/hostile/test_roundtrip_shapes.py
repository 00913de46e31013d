"""Shapes the round-trip editor cannot keep byte for byte are refused; plain markers are kept."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_helpers import commit_all, run_bif, untouched

from conftest import COMPANY_YAML

REL = "data/companies/eksempel-trevare.yaml"
BLOCK_HISTORY = """\
history:
  - {date: 2014-01-20, status: identified}
  - {date: 2014-02-10, status: contacted}
  - {date: 2014-03-05, status: agreement}
"""
FLOW_HISTORY = """\
history: [
  {date: 2014-01-20, status: identified},  # first
  # between
  {date: 2014-02-10, status: contacted},
  {date: 2014-03-05, status: agreement}  # last
]
"""
REFUSED = {
    "comment before ---": "# Bedriften\n---\n" + COMPANY_YAML,
    "comment on ---": "--- # Bedriften\n" + COMPANY_YAML,
    "comment after ...": COMPANY_YAML + "...\n# slutt\n",
    "multi-line flow history with comments": COMPANY_YAML.replace(BLOCK_HISTORY, FLOW_HISTORY),
}
KEPT = {
    "plain ---": "---\n" + COMPANY_YAML,
    "comment after ---": "---\n# Bedriften\n" + COMPANY_YAML,
    "plain --- and ...": "---\n" + COMPANY_YAML + "...\n",
    "no final newline": COMPANY_YAML.rstrip("\n"),
}
WRITES = [
    ("set-status", "eksempel-trevare", "completed", "--date", "2015-01-01",
     "--continuation-plan", "Videre på egen hånd"),
    ("add-payment", "eksempel-trevare", "fou", "1000", "--date", "2014-07-01"),
    ("add-measure", "eksempel-trevare", "--title", "Kurs", "--kind", "competence", "--area", "B",
     "--granted", "1000", "--granted-on", "2014-04-01"),
]  # fmt: skip


@pytest.mark.parametrize("command", WRITES, ids=lambda c: c[0])
@pytest.mark.parametrize("shape", REFUSED)
def test_an_edit_that_would_lose_lines_is_refused(
    make_programme: Callable[..., Path], shape: str, command: tuple[str, ...]
) -> None:
    root = commit_all(make_programme({REL: REFUSED[shape]}))
    assert run_bif("check", "--lang", "en", cwd=root).exit_code == 0
    result = run_bif(*command, cwd=root)
    assert result.exit_code == 1, result.output
    assert f"bif cannot edit {REL} and keep every other line" in result.stderr
    assert "nothing was written" in result.stderr
    assert untouched(root)


@pytest.mark.parametrize("command", WRITES, ids=lambda c: c[0])
@pytest.mark.parametrize("shape", KEPT)
def test_plain_markers_are_kept(
    make_programme: Callable[..., Path], shape: str, command: tuple[str, ...]
) -> None:
    root = commit_all(make_programme({REL: KEPT[shape]}))
    old = KEPT[shape]
    result = run_bif(*command, cwd=root)
    assert result.exit_code == 0, result.output
    new = (root / REL).read_text(encoding="utf-8")
    kept = [line for line in old.splitlines() if line in new.splitlines()]
    assert kept == old.splitlines()  # every line that was there is still there, in order
    assert run_bif("check", "--lang", "en", cwd=root).exit_code == 0
