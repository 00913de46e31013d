"""Concurrent writers: each write is in the file, or its command failed; none is lost."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_helpers import commit_all, run_bif, untouched

from conftest import PINNED_TODAY

BIF = shutil.which("bif")
pytestmark = pytest.mark.skipif(BIF is None, reason="the installed bif command is needed")

SECOND_COMPANY = """\
name: Andre Bedrift AS
org_number: "974760673"
region: nord
municipality: "0511"
nace: "16.230"
market: national
history:
  - {date: 2014-01-20, status: identified}
  - {date: 2014-03-05, status: agreement}
"""


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(BIF_TODAY=PINNED_TODAY, NO_COLOR="1", **extra)
    env.pop("BIF_ROOT", None)
    return env


def _start(root: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    assert BIF is not None
    return subprocess.Popen(
        [BIF, *args],
        cwd=root,
        env=_env(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_twenty_pairs_of_concurrent_payments_lose_nothing(
    make_programme: Callable[..., Path],
) -> None:
    root = make_programme()
    rel = root / "data/companies/eksempel-trevare.yaml"
    for pair in range(20):
        amounts = [f"{pair * 2 + 1}", f"{pair * 2 + 2}"]
        runs = [
            _start(
                root,
                "add-payment",
                "eksempel-trevare",
                "fou",
                amount,
                "--date",
                "2014-07-01",
                "--lang",
                "en",
            )  # fmt: skip
            for amount in amounts
        ]
        said = [run.communicate(timeout=120) for run in runs]
        text = rel.read_text(encoding="utf-8")
        for amount, run, (_out, err) in zip(amounts, runs, said, strict=True):
            line = f"{{date: 2014-07-01, amount: {amount}}}"
            if run.returncode == 0:
                assert line in text, (pair, amount)
            else:  # the only acceptable refusal: the other writer held the lock too long
                assert run.returncode == 1 and "another bif command is writing" in err, err
    assert run_bif("check", "--lang", "en", cwd=root).exit_code == 0


def test_two_measures_on_different_companies_cannot_both_break_an_allocation(
    make_programme: Callable[..., Path],
) -> None:
    # Area A has 400 000 kr and 300 000 kr committed: each 80 000 kr measure fits alone,
    # both together do not (BIF211). One of the two writers must be refused.
    root = make_programme({"data/companies/andre-bedrift.yaml": SECOND_COMPANY})
    for attempt in range(5):
        runs = [
            _start(
                root,
                "add-measure",
                owner,
                "--title",
                f"Kurs {attempt}",
                "--kind",
                "competence",
                "--area",
                "A",
                "--granted",
                "80000",
                "--granted-on",
                "2014-04-01",
            )  # fmt: skip
            for owner in ("eksempel-trevare", "andre-bedrift")
        ]
        codes = sorted(run.wait(timeout=120) for run in runs)
        assert codes[0] in (0, 1) and codes[1] == 1, codes
        assert run_bif("check", "--lang", "en", cwd=root).exit_code == 0
        if codes[0] == 0:
            break


def test_a_writer_that_waits_too_long_stops_with_a_clear_message(
    make_programme: Callable[..., Path],
) -> None:
    from bif_cli.io.lock import programme_lock

    root = commit_all(make_programme())
    said = {}
    with programme_lock(root):
        for lang in ("en", "nb"):
            run = _start(
                root, "add-payment", "eksempel-trevare", "fou", "5", "--date", "2014-07-01",
                "--lang", lang, BIF_LOCK_TIMEOUT="0.5",
            )  # fmt: skip
            _out, err = run.communicate(timeout=60)
            assert run.returncode == 1, err
            said[lang] = err
    assert "another bif command is writing" in said["en"] and "nothing was written" in said["en"]
    assert "en annen bif-kommando skriver" in said["nb"] and "ingenting ble skrevet" in said["nb"]
    assert untouched(root)


def test_a_lock_file_that_is_a_link_is_refused(make_programme: Callable[..., Path]) -> None:
    root = make_programme()
    outside = root.parent / "elsewhere.lock"
    (root / ".bif-cache").mkdir()
    (root / ".bif-cache/write.lock").symlink_to(outside)
    args = ("add-payment", "eksempel-trevare", "fou", "5", "--date", "2014-07-01")
    result = run_bif(*args, cwd=root)
    assert result.exit_code == 1
    assert "write.lock" in result.stderr and not outside.exists()
