"""Links out of the programme and special files are refused, never read, never written through."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_helpers import commit_all, run_bif, untouched

from conftest import BUDGET_YAML

NEW_COMPANY = (
    "add-company", "Ny Bedrift AS", "--org-number", "974760673", "--region", "nord",
    "--municipality", "0511", "--nace", "16.230", "--market", "national",
)  # fmt: skip


def test_a_narrative_linked_to_the_environment_is_not_embedded(
    make_programme: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BIF_SECRET_PROBE", "do-not-leak-this")
    root = make_programme()
    (root / "data/reports").mkdir(parents=True)
    (root / "data/reports/2015-Q2.md").symlink_to("/proc/self/environ")
    result = run_bif("report", "quarterly", "Q2-2015", cwd=root)
    assert result.exit_code == 1
    assert "do-not-leak-this" not in result.output
    assert "data/reports/2015-Q2.md" in result.output and "BIF019" in result.output


@pytest.mark.parametrize("target", ["data/companies", "data/budget.yaml", "data/clusters"])
def test_a_data_file_or_folder_linked_outside_is_an_error_and_nothing_is_written(
    make_programme: Callable[..., Path], tmp_path: Path, target: str
) -> None:
    root = make_programme({"data/clusters/.keep": ""})
    outside = tmp_path / "outside"
    os.rename(root / target, outside)
    (root / target).symlink_to(outside)
    commit_all(root)
    listing = sorted(p.name for p in outside.iterdir()) if outside.is_dir() else None
    check = run_bif("check", "--lang", "en", cwd=root)
    assert check.exit_code == 1
    assert f"{target}:1:1: error[BIF019]" in check.stdout
    assert "leads outside the programme folder" in check.stdout
    write = run_bif(*NEW_COMPANY, cwd=root)
    assert write.exit_code == 1
    assert "nothing was written" in write.stderr
    assert untouched(root)
    if listing is not None:
        assert sorted(p.name for p in outside.iterdir()) == listing


def test_a_link_inside_the_programme_is_fine(make_programme: Callable[..., Path]) -> None:
    root = make_programme({"shared/budget.yaml": BUDGET_YAML, "data/budget.yaml": None})
    (root / "data/budget.yaml").symlink_to("../shared/budget.yaml")
    assert run_bif("check", "--lang", "en", cwd=root).exit_code == 0


@pytest.mark.parametrize(
    "rel", ["data/budget.yaml", "data/companies/eksempel-trevare.yaml", "data/reports/2015-Q2.md"]
)
def test_a_fifo_in_place_of_a_file_is_refused_without_hanging(
    make_programme: Callable[..., Path], rel: str
) -> None:
    root = make_programme()
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    command = ("report", "quarterly", "Q2-2015") if rel.endswith(".md") else ("check",)
    result = run_bif(*command, cwd=root)
    assert result.exit_code == 1
    assert rel in result.output
    assert "BIF020" in result.output or "BIF014" in result.output


def test_a_fifo_template_is_refused_without_hanging(make_programme: Callable[..., Path]) -> None:
    root = make_programme()
    (root / "templates").mkdir()
    os.mkfifo(root / "templates/quarterly.md.j2")
    result = run_bif("report", "quarterly", "Q2-2015", cwd=root)
    assert result.exit_code == 1
    assert "templates/quarterly.md.j2" in result.stderr and "not a regular file" in result.stderr
