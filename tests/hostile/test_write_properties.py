"""Property: any valid name, note and amount goes through every writing command and back."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from hostile_helpers import run_bif
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bif_cli.io.yamlio import load_file
from conftest import MINIMAL_PROGRAMME, build_tree

BIG_BUDGET = """\
currency: NOK
frame: 100000000
areas:
  - {id: A, name: Mobilisering, allocation: 50000000}
  - {id: B, name: FoU, allocation: 50000000}
"""
MILESTONES = """\
milestones:
  - {id: start, title: Oppstart, due: 2014-01-01}
"""

# Printable text: no control characters, line or paragraph separators, surrogates, private
# use or unassigned code points (bif refuses those, with a message, before writing).
_CHARACTERS = st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"))
texts = st.text(_CHARACTERS, min_size=1, max_size=60).map(str.strip).filter(bool)
amounts = st.integers(min_value=0, max_value=9_999_999)


def _money(amount: int, grouped: bool) -> str:
    return f"{amount:,}".replace(",", " ") if grouped else str(amount)


def _read(root: Path, rel: str) -> dict:
    loaded = load_file(root / rel)
    assert loaded.ok, loaded.problems
    assert isinstance(loaded.data, dict)
    return loaded.data


@settings(
    max_examples=int(os.environ.get("BIF_PROPERTY_EXAMPLES", "12")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=texts,
    cluster_name=texts,
    title=texts,
    partner=texts,
    note=texts,
    plan=texts,
    granted=amounts,
    share=st.floats(min_value=0, max_value=1),
    grouped=st.booleans(),
)
def test_valid_values_go_through_every_writing_command_unchanged(
    tmp_path: Path,
    name: str,
    cluster_name: str,
    title: str,
    partner: str,
    note: str,
    plan: str,
    granted: int,
    share: float,
    grouped: bool,
) -> None:
    root = tmp_path / "prog"
    if root.exists():
        shutil.rmtree(root)
    build_tree(
        root,
        {**MINIMAL_PROGRAMME, "data/budget.yaml": BIG_BUDGET, "data/milestones.yaml": MILESTONES},
    )
    paid = int(granted * share)
    steps = [
        # `--` ends the options, so a name may start with `-` (as in any command line).
        ("add-company", "--id", "ny", "--org-number", "974760673", "--region", "nord",
         "--municipality", "0511", "--nace", "16.230", "--market", "national",
         "--date", "2015-01-01", "--note", note, "--", name),
        ("add-cluster", "--id", "klynge", "--region", "nord",
         "--members", "eksempel-trevare,ny", "--date", "2015-01-02", "--note", note,
         "--", cluster_name),
        ("set-status", "ny", "agreement", "--date", "2015-02-01", "--note", note),
        ("add-measure", "ny", "--id", "tiltak", "--title", title, "--partner", partner,
         "--kind", "rnd", "--area", "B", "--granted", _money(granted, grouped),
         "--granted-on", "2015-02-02", "--start", "2015-02-02"),
        ("add-payment", "ny", "tiltak", _money(paid, grouped), "--date", "2015-03-01"),
        ("set-status", "ny", "completed", "--date", "2015-06-30", "--note", note,
         "--continuation-plan", plan),
        ("milestone-done", "start", "--date", "2014-01-01"),
    ]  # fmt: skip
    for step in steps:
        result = run_bif(*step, cwd=root)
        assert result.exit_code == 0, (step, result.output)
    check = run_bif("check", "--lang", "en", cwd=root)
    assert check.exit_code == 0, check.output
    company = _read(root, "data/companies/ny.yaml")
    assert company["name"] == name
    assert [entry.get("note") for entry in company["history"]] == [note, note, note]
    assert company["continuation_plan"] == plan
    measure = company["measures"][0]
    assert (measure["title"], measure["partner"]) == (title, partner)
    assert int(measure["granted"].replace(" ", "")) == granted
    assert int(measure["payments"][0]["amount"].replace(" ", "")) == paid
    cluster = _read(root, "data/clusters/klynge.yaml")
    assert cluster["name"] == cluster_name
    assert cluster["history"][0]["note"] == note
    assert _read(root, "data/milestones.yaml")["milestones"][0]["done"] == "2014-01-01"
