"""Writes are atomic and exclusive: interrupted, raced or refused, no file is half-changed."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bif_cli.io import atomic, edit
from conftest import PINNED_TODAY, run_bif
from test_write import COMPANY_ARGS, said, snapshot


def temp_files(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "data").rglob("*.tmp"))


@pytest.mark.parametrize("where", ["link", "fsync", "write"])
def test_an_interrupted_new_file_leaves_nothing(
    make_programme: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    root = make_programme()
    before = snapshot(root)

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    if where == "write":
        # The temporary file is half written when the disk fills up.
        real_fdopen = os.fdopen

        class HalfWriter:
            def __init__(self, handle: object) -> None:
                self.handle = handle

            def __enter__(self) -> HalfWriter:
                return self

            def __exit__(self, *exc: object) -> None:
                self.handle.close()  # type: ignore[attr-defined]

            def write(self, data: bytes) -> None:
                self.handle.write(data[: len(data) // 2])  # type: ignore[attr-defined]
                fail()

        monkeypatch.setattr(atomic.os, "fdopen", lambda *a: HalfWriter(real_fdopen(*a)))
    else:
        monkeypatch.setattr(atomic.os, where, fail)
    result = run_bif("add-company", "Ny Bedrift AS", *COMPANY_ARGS, "--root", str(root))
    assert result.exit_code == 3, result.output
    assert "could not write data/companies/ny-bedrift.yaml" in said(result.stderr)
    assert "No space left on device" in result.stderr
    assert "please report" not in result.stderr
    assert snapshot(root) == before
    assert temp_files(root) == []


@pytest.mark.parametrize("where", ["replace", "fsync"])
def test_an_interrupted_edit_leaves_the_file_as_it_was(
    make_programme: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    root = make_programme()
    before = snapshot(root)

    def fail(*args: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic.os, where, fail)
    result = run_bif("set-status", "eksempel-trevare", "declined", "--root", str(root))
    assert result.exit_code == 3, result.output
    assert "nothing was changed" in said(result.stderr)
    assert snapshot(root) == before
    assert temp_files(root) == []


def test_a_file_that_appears_between_check_and_write_is_not_overwritten(
    make_programme: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_programme()
    theirs = b"# written by the other process\n"
    real_check = edit.check_change

    def check_then_lose_the_race(*args: object, **kwargs: object) -> object:
        found = real_check(*args, **kwargs)  # type: ignore[arg-type]
        (root / "data/companies/ny-bedrift.yaml").write_bytes(theirs)
        return found

    monkeypatch.setattr(edit, "check_change", check_then_lose_the_race)
    result = run_bif("add-company", "Ny Bedrift AS", *COMPANY_ARGS, "--root", str(root))
    assert result.exit_code == 2, result.output
    assert "data/companies/ny-bedrift.yaml already exists; nothing was written" in said(
        result.stderr
    )
    assert (root / "data/companies/ny-bedrift.yaml").read_bytes() == theirs
    assert temp_files(root) == []


def test_a_file_edited_meanwhile_is_not_overwritten(
    make_programme: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_programme()
    path = root / "data/companies/eksempel-trevare.yaml"
    real_check = edit.check_change

    def check_while_someone_saves(*args: object, **kwargs: object) -> object:
        found = real_check(*args, **kwargs)  # type: ignore[arg-type]
        path.write_bytes(path.read_bytes() + b"# saved in an editor\n")
        return found

    monkeypatch.setattr(edit, "check_change", check_while_someone_saves)
    result = run_bif("set-status", "eksempel-trevare", "declined", "--root", str(root))
    assert result.exit_code == 2, result.output
    assert "changed while bif was editing it" in said(result.stderr)
    assert path.read_bytes().endswith(b"# saved in an editor\n")
    assert b"declined" not in path.read_bytes()
    assert temp_files(root) == []


def test_two_add_company_processes_racing_for_one_id(make_programme: Callable[..., Path]) -> None:
    root = make_programme()
    # The second racer now waits for the first one's lock; on a loaded machine that can take
    # longer than the default 10 seconds, and this test is about the id, not the wait.
    env = {**os.environ, "BIF_TODAY": PINNED_TODAY, "NO_COLOR": "1", "BIF_LOCK_TIMEOUT": "120"}
    command = [sys.executable, "-m", "bif_cli", "add-company", "Ny Bedrift AS", *COMPANY_ARGS]
    for _attempt in range(3):
        target = root / "data/companies/ny-bedrift.yaml"
        target.unlink(missing_ok=True)
        racers = [
            subprocess.Popen(
                [*command, "--root", str(root), "--note", f"racer {n}"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for n in (1, 2)
        ]
        outputs = [p.communicate(timeout=60) for p in racers]
        results = [(p.returncode, out, err) for p, (out, err) in zip(racers, outputs, strict=True)]
        codes = sorted(code for code, _out, _err in results)
        assert codes == [0, 2], results
        loser = next(err for code, _out, err in results if code == 2)
        assert "data/companies/ny-bedrift.yaml" in said(loser), loser  # in either language
        assert "Traceback" not in loser
        winner = next(out for code, out, _err in results if code == 0)
        assert "La til data/companies/ny-bedrift.yaml" in winner  # bokmål by default
        text = target.read_text(encoding="utf-8")
        assert text.count("racer") == 1
        assert temp_files(root) == []
    check = run_bif("check", "--root", str(root))
    assert check.exit_code == 0, check.output


@pytest.mark.parametrize(
    "args",
    [
        ("add-company", "Ny", *COMPANY_ARGS, "--id", "../../escape"),
        ("add-cluster", "K", "--region", "nord", "--members", "ukjent"),
        ("add-measure", "eksempel-trevare", "--title", "T", "--kind", "x"),
        ("set-status", "eksempel-trevare", "completed"),
        ("add-payment", "eksempel-trevare", "fou", "-5"),
        ("add-payment", "eksempel-trevare", "fou", "999999999"),
        ("milestone-done", "start"),
        ("set-status", "eksempel-trevare", "declined", "--date", "i dag"),
    ],
)
def test_every_refusal_leaves_the_tree_byte_identical(
    make_programme: Callable[..., Path], args: tuple[str, ...]
) -> None:
    root = make_programme()
    before = snapshot(root)
    result = run_bif(*args, "--root", str(root))
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output
    assert snapshot(root) == before
    assert temp_files(root) == []


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_prompts_through_a_real_pseudo_terminal(make_programme: Callable[..., Path]) -> None:
    import pty
    import select

    root = make_programme()
    controller, terminal = pty.openpty()
    env = {**os.environ, "BIF_TODAY": PINNED_TODAY, "NO_COLOR": "1", "COLUMNS": "100"}
    process = subprocess.Popen(
        [sys.executable, "-m", "bif_cli", "add-company", "Skjåk Spekemat AS", "--root", str(root)],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=env,
        close_fds=True,
    )
    os.close(terminal)
    answers = ["987654325", "nord", "0511", "10.130", "national", "pl-nord"]
    os.write(controller, ("\n".join(answers) + "\n").encode())
    output = b""
    while True:
        ready, _w, _x = select.select([controller], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closed when the process ended
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(timeout=30) == 0, output.decode(errors="replace")
    os.close(controller)
    shown = output.decode("utf-8", errors="replace")
    assert "Region: nord (Nord), sor (Sør)" in shown
    assert "Municipality: 0511 (Dovre), 0517 (Sel)" in shown
    text = (root / "data/companies/skjak-spekemat.yaml").read_text(encoding="utf-8")
    assert 'municipality: "0511"' in text
    assert "process_leader: pl-nord" in text
