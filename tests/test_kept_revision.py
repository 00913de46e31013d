"""`bif diff` keeps what it works out about a base commit (io/keptrevision.py) and says the same.

The plan of what to read at a commit and the rules' problems as of each date are kept by the
commit. A scripted series of dates and edits compares every diff with a run that keeps
nothing, and counts how often the base's rules run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bif_cli.io import cache, check, keptrevision
from conftest import run_bif
from test_diff import git

MILESTONES = "data/milestones.yaml"
COMPANY = "data/companies/begna-trevare.yaml"
FINAL = "due: 2016-12-31, responsible: Innovasjon Norge Oppland, done: 2016-12-20"
FINAL_UNDONE = "due: 2016-12-31, responsible: Innovasjon Norge Oppland"


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


@pytest.fixture
def base_with_an_open_milestone(example_programme: Path) -> Path:
    """The example programme committed with its final milestone not done: overdue in 2017."""
    root = example_programme
    git(root, "init", "-q")
    _edit(root, MILESTONES, FINAL, FINAL_UNDONE)
    _commit(root, "the final milestone not done yet")
    return root


def _base_rule_runs(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record each run of the rules over a git revision (the head's check passes no root)."""
    runs: list[Path] = []
    real = check.run_rules

    def counted(programme, today, *, cache_root=None):  # type: ignore[no-untyped-def]
        if cache_root is not None:
            runs.append(cache_root)
        return real(programme, today, cache_root=cache_root)

    monkeypatch.setattr(check, "run_rules", counted)
    return runs


def _diff(root: Path, *words: str) -> tuple[int, dict[str, object]]:
    run = run_bif("diff", "HEAD", "--format", "json", *words, cwd=root)
    return run.exit_code, json.loads(run.stdout)


def _afresh(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, dict[str, object]]:
    with monkeypatch.context() as patch:
        patch.setenv("BIF_NO_CACHE", "1")
        return _diff(root)


def _fixed_codes(shown: dict[str, object]) -> list[str]:
    problems = shown["problems"]
    assert isinstance(problems, dict)
    return [p["code"] for p in problems["fixed"]]


def test_the_bases_rules_run_once_per_date_and_say_what_a_run_afresh_says(
    base_with_an_open_milestone: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = base_with_an_open_milestone
    runs = _base_rule_runs(monkeypatch)
    edits = [
        lambda: _edit(root, COMPANY, "amount: 110000", "amount: 90000"),
        lambda: _edit(root, MILESTONES, FINAL_UNDONE, FINAL),  # the milestone done
        lambda: _edit(root, COMPANY, "amount: 90000", "amount: 80000"),
    ]
    # 2017-01-15: the final milestone is overdue at the base, so marking it done fixes BIF309;
    # 2016-06-30: it is not due yet. Then the first date again: its problems are still kept.
    dates = [("2017-01-15", True, 1), ("2016-06-30", False, 1), ("2017-01-15", True, 0)]
    for today, overdue, first_runs in dates:
        monkeypatch.setenv("BIF_TODAY", today)
        git(root, "checkout", "-q", "--", ".")
        for step, edit in enumerate(edits):
            edit()
            runs.clear()
            shown = _diff(root)
            assert len(runs) == (first_runs if step == 0 else 0), (today, step)
            assert ("BIF309" in _fixed_codes(shown[1])) == (overdue and step > 0), (today, step)
            assert _afresh(root, monkeypatch) == shown, (today, step)
    kept = list((root / cache.CACHE_DIR).glob(keptrevision.REVISION_GLOB))
    assert len(kept) == 1, "one file for the one base commit"
    stored = cache._read(kept[0])
    assert isinstance(stored, tuple)
    assert sorted(stored[3]) == ["2016-06-30", "2017-01-15"], "the rules kept by date"


def test_a_date_seen_before_runs_no_rule_over_the_base(
    base_with_an_open_milestone: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = base_with_an_open_milestone
    runs = _base_rule_runs(monkeypatch)
    _edit(root, MILESTONES, FINAL_UNDONE, FINAL)
    monkeypatch.setenv("BIF_TODAY", "2017-01-15")
    first = _diff(root)
    assert len(runs) == 1, "a base never seen: its rules run"
    monkeypatch.setenv("BIF_TODAY", "2016-06-30")
    _diff(root)
    assert len(runs) == 2, "another date: they run again"
    monkeypatch.setenv("BIF_TODAY", "2017-01-15")
    runs.clear()
    assert _diff(root) == first
    assert runs == [], "the first date's problems were kept"


def test_a_new_base_commit_is_checked_afresh(
    base_with_an_open_milestone: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = base_with_an_open_milestone
    runs = _base_rule_runs(monkeypatch)
    monkeypatch.setenv("BIF_TODAY", "2017-01-15")
    _edit(root, MILESTONES, FINAL_UNDONE, FINAL)
    before = _diff(root)
    assert "BIF309" in _fixed_codes(before[1])
    _commit(root, "the final milestone done")
    _edit(root, COMPANY, "amount: 110000", "amount: 90000")
    runs.clear()
    after = _diff(root)
    assert len(runs) == 1, "the new base's rules run: it is another commit"
    assert _fixed_codes(after[1]) == []
    assert after == _afresh(root, monkeypatch)
    assert len(list((root / cache.CACHE_DIR).glob(keptrevision.REVISION_GLOB))) == 2


def test_a_kept_revision_of_another_shape_or_commit_is_not_used(
    base_with_an_open_milestone: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = base_with_an_open_milestone
    monkeypatch.setenv("BIF_TODAY", "2017-01-15")
    _edit(root, MILESTONES, FINAL_UNDONE, FINAL)
    truth = _diff(root)
    (path,) = (root / cache.CACHE_DIR).glob(keptrevision.REVISION_GLOB)
    stored = cache._read(path)
    assert isinstance(stored, tuple)
    commit, prefix, plan, dates = stored
    forged = [
        (commit, prefix, plan, {"2017-01-15": []}, "extra"),  # not four parts
        ("0" * 40, prefix, plan, {"2017-01-15": []}),  # another commit's
        (commit, "elsewhere/", plan, {"2017-01-15": []}),  # the programme at another prefix
        (commit, prefix, [(p, b, "zz") for p, b, _d in plan], dates),  # not a sha256
        (commit, prefix, plan, {"2017-01-15": [("x", 1.5, 1, "error", "B", "B", ())]}),
        (commit, prefix, plan, {"2017-01-15": "no list"}),
    ]
    runs = _base_rule_runs(monkeypatch)
    for bad in forged:
        cache._write(path, bad)
        runs.clear()
        assert _diff(root) == truth, bad[:2]
        assert len(runs) == 1, "not used: the base's rules ran"
        assert cache._read(path) == stored, "and kept again in its place"
