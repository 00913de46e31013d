"""Warm and --no-cache runs say the same thing, in text, JSON and exit code, edit after edit."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import count_model_loads, run_bif

READING_COMMANDS: list[list[str]] = [
    ["check"],
    ["check", "--format", "json"],
    ["budget", "check"],
    ["recruitment", "--format", "json"],
    ["milestones"],
    # The programme a reading command loads keeps its companies' models until it reads them
    # (io/skeleton.py LazyProgramme): a report and a list of measures read them all.
    ["report", "quarterly", "Q2-2015", "--format", "md"],
    ["measures", "--format", "json"],
]


def said(root: Path, *, cached: bool) -> list[tuple[list[str], int, str, str]]:
    """Run every reading command at root; return (command, exit code, stdout, stderr) of each.

    Uncached runs set BIF_NO_CACHE=1, which every command obeys (only check has --no-cache).
    """
    env = None if cached else {"BIF_NO_CACHE": "1"}
    runs = []
    for words in READING_COMMANDS:
        run = run_bif(*words, "--root", str(root), env=env)
        runs.append((words, run.exit_code, run.stdout, run.stderr))
    return runs


def assert_warm_equals_uncached(root: Path, step: str) -> None:
    """Run each command twice with the cache (filling it, then served by it) and once without."""
    uncached = said(root, cached=False)
    filling = said(root, cached=True)
    warm = said(root, cached=True)
    for fresh, first, second in zip(uncached, filling, warm, strict=True):
        assert first == fresh, f"after {step}: {' '.join(fresh[0])} differs with the cache"
        assert second == fresh, f"after {step}: {' '.join(fresh[0])} differs when warm"
    assert (root / ".bif-cache").is_dir(), "the cached runs must have written a cache"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_warm_and_uncached_agree_over_a_series_of_edits(example_programme: Path) -> None:
    root = example_programme
    data = root / "data"
    company = data / "companies" / "bagn-mikrobryggeri.yaml"
    original = company.read_bytes()
    steps: list[tuple[str, Callable[[], None]]] = [
        ("nothing", lambda: None),
        ("a wrong type", lambda: _replace(company, "employees: 4", "employees: fire")),
        ("an unknown field", lambda: _replace(company, "market:", "markat: x\nmarket:")),
        ("the file restored", lambda: company.write_bytes(original)),
        ("a company removed", lambda: (data / "companies" / "lesja-laft.yaml").unlink()),
        (
            "a company added",
            lambda: shutil.copy(company, data / "companies" / "bagn-mikrobryggeri-2.yaml"),
        ),
        (
            "a region renamed in program.yaml",
            lambda: _replace(data / "program.yaml", "valdres", "valdris"),
        ),
        ("a milestone moved", lambda: _replace(data / "milestones.yaml", "due: 2014", "due: 2013")),
        ("a broken YAML file", lambda: company.write_text("name: [\n", encoding="utf-8")),
    ]
    verdicts = set()
    for step, edit in steps:
        edit()
        assert_warm_equals_uncached(root, step)
        verdicts.add(run_bif("check", "--root", str(root)).exit_code)
    assert verdicts == {0, 1}, "the series must pass through both clean and broken states"


def test_an_edit_behind_a_symlinked_companies_folder_is_seen(example_programme: Path) -> None:
    root = example_programme
    shared = root / "shared" / "companies"
    shared.parent.mkdir()
    shutil.move(root / "data" / "companies", shared)
    os.symlink(Path("..") / "shared" / "companies", root / "data" / "companies")
    assert_warm_equals_uncached(root, "data/companies made a link")
    assert run_bif("check", "--root", str(root)).exit_code == 0
    _replace(shared / "bagn-mikrobryggeri.yaml", "employees: 4", "employees: fire")
    assert_warm_equals_uncached(root, "a company edited behind the link")
    broken = run_bif("check", "--root", str(root))
    assert broken.exit_code == 1, "an edit behind the link must not give a stale OK"
    assert "bagn-mikrobryggeri.yaml" in broken.stdout


def test_a_report_and_a_check_keep_their_own_cached_results(example_programme: Path) -> None:
    from bif_cli.io import cache

    root = example_programme
    report = ["report", "quarterly", "Q2-2015", "--format", "md", "--root", str(root)]
    first = run_bif(*report)
    assert first.exit_code == 0, first.output
    assert run_bif("check", "--root", str(root)).exit_code == 0
    stored = cache._read(root / cache.CACHE_DIR / cache.CHECK_FILE)
    assert isinstance(stored, list) and len(stored) == 2, "one result per date, both kept"
    again = run_bif(*report)
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)


def _damage_cache_files(root: Path) -> None:
    """Truncate one cache file, fill another with foreign bytes, and leave the rest."""
    folder = root / ".bif-cache"
    (folder / "models.pickle").write_bytes((folder / "models.pickle").read_bytes()[:100])
    (folder / "stat.pickle").write_bytes(b"BIFCACHE2 not ours")
    shards = sorted(folder.glob("models-*.pickle"))
    assert len(shards) >= 2, "the example's companies spread over several shards"
    shards[0].write_bytes(shards[0].read_bytes()[:100])
    shards[1].write_bytes(b"BIFCACHE2 not ours")


def _damage_one_shard(root: Path) -> None:
    """Truncate the shard of one company's model, leaving the index that names it."""
    from bif_cli.io import modelcache

    rel = "data/companies/bagn-mikrobryggeri.yaml"
    shard = root / ".bif-cache" / modelcache.SHARD_FILE.format(modelcache.shard_of(rel))
    shard.write_bytes(shard.read_bytes()[:100])


def test_warm_and_uncached_agree_over_edits_that_move_rules_across_files(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entity and programme-wide rules, read from the per-file cache, say what a fresh run says."""
    root = example_programme
    data = root / "data"
    company = data / "companies" / "bagn-mikrobryggeri.yaml"
    cluster = data / "clusters" / "mat-fra-gudbrandsdalen.yaml"
    members = "members: [skjak-spekemat,"
    steps: list[tuple[str, Callable[[], None]]] = [
        ("a company's figure edited", lambda: _replace(company, "employees: 4", "employees: 5")),
        (
            "an excluded industry added in program.yaml",
            lambda: _replace(
                data / "program.yaml", 'excluded_nace: ["01.1"', 'excluded_nace: ["11", "01.1"'
            ),
        ),
        (
            "an area's allocation cut in budget.yaml",
            lambda: _replace(data / "budget.yaml", "allocation: 2000000", "allocation: 20000"),
        ),
        ("a cluster member added", lambda: _replace(cluster, members, f"{members} vang-fjellmat,")),
        ("an unknown cluster member", lambda: _replace(cluster, members, f"{members} ingen-slik,")),
        (
            "the member's company added",
            lambda: shutil.copy(company, company.with_name("ingen-slik.yaml")),
        ),
        ("the cache damaged", lambda: _damage_cache_files(root)),
        ("one model's shard damaged", lambda: _damage_one_shard(root)),
        ("another day", lambda: monkeypatch.setenv("BIF_TODAY", "2015-06-30")),
        ("the cache deleted", lambda: shutil.rmtree(root / ".bif-cache")),
    ]
    for step, edit in steps:
        edit()
        assert_warm_equals_uncached(root, step)


def test_files_known_by_their_stat_are_served_and_an_edit_of_the_same_size_is_seen(
    example_programme: Path,
) -> None:
    """Once files are older than the racy window, their digests come from the stat memo."""
    import time

    root = example_programme
    company = root / "data" / "companies" / "bagn-mikrobryggeri.yaml"
    assert_warm_equals_uncached(root, "nothing")
    time.sleep(2.2)  # out of the racy-timestamp window: the memo is trusted from now on
    assert_warm_equals_uncached(root, "nothing, files older")
    _replace(company, "employees: 4", "employees: 9")  # the same size
    assert_warm_equals_uncached(root, "an edit of the same size")
    _replace(company, "employees: 9", "employees: x")
    assert_warm_equals_uncached(root, "a wrong type of the same size")
    assert run_bif("check", "--root", str(root)).exit_code == 1


def _without_reports_and_register(root: Path) -> None:
    """Remove the submitted reports and register snapshots, whose rules read whole companies."""
    shutil.rmtree(root / "data" / "submitted")
    shutil.rmtree(root / "data" / "registry")


@pytest.mark.parametrize("facts_only", [True, False])
def test_warm_and_uncached_agree_as_the_programme_wide_rules_read_company_facts(
    example_programme: Path, facts_only: bool
) -> None:
    """BIF202 and BIF211 read unchanged companies as plain facts: they say what a fresh run says."""
    root = example_programme
    if facts_only:
        _without_reports_and_register(root)
    companies = root / "data" / "companies"
    grown = companies / "begna-trevare.yaml"
    cancelled = companies / "fron-sveiseteknikk.yaml"
    twin = companies / "aa-begna-kopi.yaml"
    paid = "      - {date: 2015-03-31, amount: 50000}\n"
    steps: list[tuple[str, Callable[[], None]]] = [
        ("nothing", lambda: None),
        (
            "a grant raised over the area",
            lambda: _replace(grown, "granted: 350000", "granted: 9350000"),
        ),
        ("another company edited", lambda: _replace(cancelled, "employees:", "employees: 7\n#")),
        (
            "a payment after a cancellation",
            lambda: _replace(
                cancelled, paid, f"{paid}      - {{date: 2015-10-30, amount: 40000}}\n"
            ),
        ),
        (
            "a cancellation moved",
            lambda: _replace(cancelled, "cancelled_on: 2015-08-25", "cancelled_on: 2014-06-01"),
        ),
        (
            "a grant's date moved",
            lambda: _replace(grown, "granted_on: 2014-04-25", "granted_on: 2013-01-02"),
        ),
        ("a company with the same org number", lambda: shutil.copy(grown, twin)),
        ("the first of the two edited", lambda: _replace(twin, "employees:", "employees: 3\n#")),
        ("the grant lowered again", lambda: _replace(grown, "granted: 9350000", "granted: 350000")),
        ("the twin removed", lambda: twin.unlink()),
    ]
    codes = set()
    for step, edit in steps:
        edit()
        assert_warm_equals_uncached(root, step)
        codes |= {
            c for c in ("BIF202", "BIF211") if c in run_bif("check", "--root", str(root)).stdout
        }
    assert codes == {"BIF202", "BIF211"}, "the series must make both programme-wide rules speak"


def test_one_company_edited_loads_no_other_model(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After one edit, `bif check` reads the other companies' facts, never their models."""

    root = example_programme
    _without_reports_and_register(root)
    assert run_bif("check", "--root", str(root)).exit_code == 0
    _replace(
        root / "data" / "companies" / "bagn-mikrobryggeri.yaml", "employees: 4", "employees: 5"
    )
    loaded = count_model_loads(monkeypatch)
    assert run_bif("check", "--root", str(root)).exit_code == 0
    from bif_cli.domain import models

    assert models.Company not in loaded


def test_one_company_edited_rewrites_the_index_and_one_shard(example_programme: Path) -> None:
    """The models live in shards: an edit rewrites its own shard, the others are left alone."""
    from bif_cli.io import modelcache

    root = example_programme
    assert run_bif("budget", "check", "--root", str(root)).exit_code == 0
    folder = root / ".bif-cache"

    def shards() -> dict[str, int]:
        return {p.name: p.stat().st_ino for p in folder.glob("models-*.pickle")}

    before = shards()
    assert len(before) >= 2
    rel = "data/companies/bagn-mikrobryggeri.yaml"
    _replace(root / rel, "employees: 4", "employees: 5")
    assert_warm_equals_uncached(root, "a company edited")
    after = shards()
    own = modelcache.SHARD_FILE.format(modelcache.shard_of(rel))
    assert after[own] != before[own], "the edited company's shard is written anew"
    assert {n: i for n, i in after.items() if n != own} == {
        n: i for n, i in before.items() if n != own
    }, "no other shard is rewritten"


def test_milestones_from_a_warm_cache_loads_no_company_model(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reading commands' companies are made whole when first read: milestones never does."""
    from bif_cli.domain import models

    root = example_programme
    first = run_bif("milestones", "--root", str(root))
    assert first.exit_code == 0
    loaded = count_model_loads(monkeypatch)
    again = run_bif("milestones", "--root", str(root))
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)
    assert models.Company not in loaded
    budget = run_bif("budget", "check", "--root", str(root))
    assert budget.exit_code == 0
    assert models.Company not in loaded, "the budget's table reads the companies' facts"
    recruitment = run_bif("recruitment", "--format", "json", "--root", str(root))
    assert recruitment.exit_code == 0
    assert models.Company not in loaded, "the recruitment reads the companies' records"
    measures = run_bif("measures", "--root", str(root))
    assert measures.exit_code == 0
    assert models.Company in loaded, "a command that reads the companies loads them whole"
