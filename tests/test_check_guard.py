"""A file that changes while `bif check` runs never leaves a stored result for other contents."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import run_bif

COMPANY = "data/companies/bagn-mikrobryggeri.yaml"


def _while_loading(
    monkeypatch: pytest.MonkeyPatch, before: Callable[[], None], after: Callable[[], None]
) -> None:
    """Run before() just before the check loads the programme, and after() once it has."""
    from bif_cli.io import store

    real = store.load_programme

    def load(*args: Any, **kwargs: Any) -> Any:
        before()
        try:
            return real(*args, **kwargs)
        finally:
            after()

    monkeypatch.setattr(store, "load_programme", load)


def _edit(company: Path) -> None:
    company.write_bytes(company.read_bytes().replace(b"employees: 4", b"employees: 5"))


def _verdict(root: Path, *extra: str) -> tuple[int, str]:
    run = run_bif("check", "--root", str(root), "--format", "json", *extra)
    return run.exit_code, run.stdout


def test_a_file_changed_and_changed_back_while_loading_is_not_stored(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loader read other bytes than the fingerprint hashed: that result is not kept."""
    root = example_programme
    company = root / COMPANY
    assert _verdict(root)[0] == 0
    edited = company.read_bytes().replace(b"employees: 4", b"employees: 5")
    company.write_bytes(edited)
    with monkeypatch.context() as patch:
        _while_loading(
            patch,
            lambda: company.write_bytes(b"name: [\n"),
            lambda: company.write_bytes(edited),
        )
        assert _verdict(root)[0] == 1, "the run read the broken bytes"
    assert _verdict(root) == _verdict(root, "--no-cache"), "a stale result was stored"
    assert _verdict(root)[0] == 0


def test_a_file_that_comes_and_goes_while_loading_is_not_checked(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A company file the fingerprint never saw is not checked: the loader lists the folders
    as the fingerprint's walk saw them, so the result is the fingerprint's, and kept."""
    root = example_programme
    stray = root / "data" / "companies" / "ingen-slik.yaml"
    assert _verdict(root)[0] == 0
    _edit(root / COMPANY)  # so the check is computed, not served
    with monkeypatch.context() as patch:
        _while_loading(patch, lambda: stray.write_text("name: [\n"), lambda: stray.unlink())
        assert _verdict(root)[0] == 0, "the run checked a file the fingerprint never saw"
    assert _verdict(root) == _verdict(root, "--no-cache")
    assert _verdict(root)[0] == 0


def test_a_file_added_for_good_while_loading_is_seen_next_time(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A company file added while bif loads, and left, makes the last look fail: not kept."""
    root = example_programme
    stray = root / "data" / "companies" / "ingen-slik.yaml"
    assert _verdict(root)[0] == 0
    _edit(root / COMPANY)  # so the check is computed, not served
    with monkeypatch.context() as patch:
        _while_loading(patch, lambda: stray.write_text("name: [\n"), lambda: None)
        assert _verdict(root)[0] == 0, "the run checked a file the fingerprint never saw"
    assert _verdict(root) == _verdict(root, "--no-cache")
    assert _verdict(root)[0] == 1


def test_a_file_edited_for_good_while_loading_is_seen_next_time(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit made while bif loads, and left, is checked by the next run."""
    root = example_programme
    company = root / COMPANY
    assert _verdict(root)[0] == 0
    _edit(company)  # so the check is computed, not served
    broken = company.read_bytes().replace(b"employees: 5", b"employees: fire")
    with monkeypatch.context() as patch:
        _while_loading(patch, lambda: company.write_bytes(broken), lambda: None)
        _verdict(root)
    assert _verdict(root) == _verdict(root, "--no-cache")
    assert _verdict(root)[0] == 1


def test_the_last_look_sees_every_kind_of_change(example_programme: Path) -> None:
    """DigestMemo.unchanged: the fingerprint's walk again, content deciding where stat cannot."""
    import os
    import time
    from datetime import date

    from bif_cli.io import cache

    root = example_programme
    company = root / COMPANY
    old = time.time() - 60
    for path in (root / "data").rglob("*"):
        os.utime(path, (old, old), follow_symlinks=False)  # out of the racy window

    def looked(change: Callable[[], None]) -> bool:
        memo = cache.DigestMemo(root)
        assert cache.fingerprint(root, date(2016, 12, 31), memo) is not None
        change()
        return memo.unchanged(root)

    assert looked(lambda: None)
    assert looked(lambda: os.utime(company)), "touched, the same bytes: unchanged"
    assert not looked(lambda: company.write_bytes(company.read_bytes() + b"# x\n"))
    assert not looked(lambda: (root / "data" / "companies" / "ny.yaml").write_text("x: 1\n"))
    assert not looked(lambda: (root / "data" / "companies" / "ny.yaml").unlink())
    assert not looked(lambda: (root / "templates").mkdir())
    os.symlink("program.yaml", root / "data" / "link.yaml")
    assert not looked(
        lambda: (
            (root / "data" / "link.yaml").unlink(),
            os.symlink("budget.yaml", root / "data" / "link.yaml"),
        )
    )
    # Changed within the racy window, then again with the same size and times: content decides.
    raw = company.read_bytes()
    company.write_bytes(raw.replace(b"employees: 4", b"employees: 7"))
    stat = company.stat()

    def same_stat_other_bytes() -> None:
        company.write_bytes(raw.replace(b"employees: 4", b"employees: 8"))
        os.utime(company, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    assert not looked(same_stat_other_bytes)


def test_a_reading_command_shows_the_programme_its_check_result_was_kept_for(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file edited between a cached check and the load is read as the fingerprint saw it;
    the next run sees the edit."""
    root = example_programme
    company = root / COMPANY
    assert _verdict(root)[0] == 0
    old_name = b"Bagn Mikrobryggeri AS"
    assert old_name in company.read_bytes()
    edited = company.read_bytes().replace(old_name, b"Bagn Bryggeri AS")

    def recruitment() -> str:
        run = run_bif("recruitment", "--root", str(root), "--format", "json")
        assert run.exit_code == 0, run.output
        return run.stdout

    with monkeypatch.context() as patch:
        _while_loading(patch, lambda: company.write_bytes(edited), lambda: None)
        shown = recruitment()
    assert "Bagn Mikrobryggeri AS" in shown and "Bagn Bryggeri AS" not in shown
    shown = recruitment()
    assert "Bagn Bryggeri AS" in shown and "Bagn Mikrobryggeri AS" not in shown
    assert _verdict(root) == _verdict(root, "--no-cache")
