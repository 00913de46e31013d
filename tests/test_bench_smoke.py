"""The benchmark's generator and runner work at N = 20 (the real benchmark is run by hand)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPO_ROOT, run_bif

BENCH = REPO_ROOT / "bench"


def test_generated_programme_passes_check(tmp_path: Path) -> None:
    out = tmp_path / "n20"
    done = subprocess.run(
        [sys.executable, str(BENCH / "generate.py"), "20", str(out)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert len(list((out / "data" / "companies").glob("*.yaml"))) == 20
    assert any((out / "data" / "clusters").glob("*.yaml"))
    result = run_bif("check", "--lang", "en", "--root", str(out))
    assert result.exit_code == 0, result.output
    assert "no problems" in result.stdout


def test_benchmark_runs_and_writes_results(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH / "run.py"),
            "--sizes",
            "20",
            "--runs",
            "1",
            "--out",
            str(results),
            "--workdir",
            str(tmp_path / "work"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    text = results.read_text(encoding="utf-8")
    assert "| 20 | bif check, warm (nothing changed) |" in text
    assert "| - | bif --help |" in text
    assert "## Targets" in text
