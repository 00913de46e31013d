"""Thousands of problems in one file: each source file is read once, text as cheap as JSON."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_helpers import run_bif

from bif_cli.io import safefile
from conftest import COMPANY_YAML

REL = "data/companies/eksempel-trevare.yaml"


@pytest.mark.parametrize("output_format", ["text", "json", "github"])
def test_each_source_file_is_read_once_however_many_problems(
    make_programme: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, output_format: str
) -> None:
    fields = "".join(f"ukjent_{i}: x\n" for i in range(2000))
    root = make_programme({REL: COMPANY_YAML + fields})
    reads: Counter[str] = Counter()
    real = safefile.read_regular

    def counting(
        base: Path, path: Path, limit: int, folders: dict[Path, Path] | None = None
    ) -> bytes:
        reads[path.relative_to(root).as_posix()] += 1
        return real(base, path, limit, folders)

    monkeypatch.setattr(safefile, "read_regular", counting)
    result = run_bif("check", "--lang", "en", "--no-cache", "--format", output_format, cwd=root)
    assert result.exit_code == 1
    assert result.output.count("BIF101") >= 2000
    assert reads[REL] == 1
    assert set(reads.values()) == {1}
    if output_format == "text":
        assert "    1 | ukjent_0: x" not in result.stdout  # excerpts come from the right line
        assert f"{REL}:25:1: error[BIF101]: unknown field 'ukjent_0'" in result.stdout
