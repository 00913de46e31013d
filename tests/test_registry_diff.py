"""`bif diff` says in words what changed in the company register's snapshots."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import MINIMAL_PROGRAMME, run_bif
from registry_server import NORMAL
from test_diff import commit, git

SNAPSHOT = "data/registry/921588135.json"


def _snapshot(record: dict[str, Any], fetched: str) -> str:
    return json.dumps({"fetched": fetched, "record": record}, ensure_ascii=False, indent=2) + "\n"


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    commit(repo, {**MINIMAL_PROGRAMME, SNAPSHOT: _snapshot(NORMAL, "2016-01-10")}, "Programme")
    return repo


def test_a_winding_up_and_a_new_name_show_in_words(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    changed = {
        **NORMAL,
        "navn": "EKSEMPEL TREVARE HOLDING AS",
        "antallAnsatte": 12,
        "underAvvikling": True,
        "underAvviklingDato": "2016-03-12",
    }
    (repo / SNAPSHOT).write_text(_snapshot(changed, "2016-04-01"))
    text = run_bif("diff", cwd=repo)
    assert text.exit_code == 0, text.output
    assert "Company register\n  register 921588135 (eksempel-trevare) — " + SNAPSHOT in text.stdout
    lines = text.stdout.splitlines()
    for expected in (
        "    ~ Eksempel Trevare AS: register snapshot fetched 2016-01-10 → 2016-04-01",
        "    ~ Eksempel Trevare AS: name in the register EKSEMPEL TREVARE AS → "
        "EKSEMPEL TREVARE HOLDING AS",
        "    ~ Eksempel Trevare AS: employees in the register 24 → 12",
        "    ~ Eksempel Trevare AS: under avvikling since 12.03.2016",
    ):
        assert expected in lines
    report = json.loads(run_bif("diff", "--format", "json", cwd=repo).stdout)
    status = [c for c in report["changes"] if c["kind"] == "register_status"]
    assert status == [
        {
            "section": "registry",
            "path": SNAPSHOT,
            "label": "register 921588135 (eksempel-trevare)",
            "kind": "register_status",
            "text": "Eksempel Trevare AS: under avvikling since 12.03.2016",
            "details": {
                "org_number": "921588135",
                "status": "under avvikling",
                "since": "2016-03-12",
            },
        }
    ]
    introduced = [p["code"] for p in report["problems"]["introduced"]]
    assert sorted(introduced) == ["BIF403", "BIF408"]
    md = run_bif("diff", "--format", "md", cwd=repo)
    assert "under avvikling since 12.03.2016" in md.stdout


def test_a_bankruptcy_in_a_new_snapshot_shows(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    commit(repo, MINIMAL_PROGRAMME, "Programme")
    bankrupt = {**NORMAL, "konkurs": True, "konkursdato": "2016-05-02"}
    (repo / "data/registry").mkdir()
    (repo / SNAPSHOT).write_text(_snapshot(bankrupt, "2016-06-01"))
    text = run_bif("diff", cwd=repo)
    assert text.exit_code == 0, text.output
    assert "    + Eksempel Trevare AS: register snapshot added, fetched 2016-06-01" in text.stdout
    assert "    ~ Eksempel Trevare AS: konkurs since 02.05.2016" in text.stdout
    assert "warning[BIF407]" in text.stdout


def test_a_unit_back_in_order_and_a_removed_snapshot(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    wound = {**NORMAL, "underAvvikling": True, "underAvviklingDato": "2016-03-12"}
    commit(repo, {**MINIMAL_PROGRAMME, SNAPSHOT: _snapshot(wound, "2016-04-01")}, "Wound up")
    (repo / SNAPSHOT).write_text(_snapshot(NORMAL, "2016-04-01"))
    assert "Eksempel Trevare AS: no longer under avvikling" in run_bif("diff", cwd=repo).stdout
    (repo / SNAPSHOT).unlink()
    assert (
        "    - Eksempel Trevare AS: register snapshot removed" in run_bif("diff", cwd=repo).stdout
    )
