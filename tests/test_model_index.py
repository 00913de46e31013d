"""The model cache's index is read once per process while its file and the signing key stay
the same (`bif diff` makes three ModelCaches of one programme), and again when either moves."""

from __future__ import annotations

from pathlib import Path

import pytest

from bif_cli.io import cache, modelcache
from bif_cli.io.modelcache import MODELS_FILE, ModelCache
from conftest import run_bif


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    real = modelcache._read

    def counted(path: Path) -> object:
        reads.append(path.name)
        return real(path)

    monkeypatch.setattr(modelcache, "_read", counted)
    return reads


def test_one_read_while_nothing_moves_and_a_new_read_after(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = example_programme
    assert run_bif("check", "--root", str(root)).exit_code in (0, 1)
    reads = _reads(monkeypatch)
    first = ModelCache(root)
    assert first.entries
    second = ModelCache(root)
    assert second.entries == first.entries
    assert reads.count(MODELS_FILE) == 1

    # An edit rewrites the index (a new file in its place): the next ModelCache reads it.
    company = next((root / "data" / "companies").glob("*.yaml"))
    company.write_text(company.read_text(encoding="utf-8") + "# endret\n", encoding="utf-8")
    assert run_bif("check", "--root", str(root)).exit_code in (0, 1)
    third = ModelCache(root)
    assert reads.count(MODELS_FILE) == 2
    rel = f"data/companies/{company.name}"
    assert third.entries[rel][0] == cache.content_digest(company.read_bytes())
    assert third.entries[rel][0] != first.entries[rel][0]

    # Another signing key: the index is read again, and a foreign one is not taken.
    monkeypatch.setenv("BIF_CACHE_KEY_DIR", str(tmp_path / "another-key"))
    cache.signing_key(create=True)
    assert ModelCache(root).entries == {}
    assert reads.count(MODELS_FILE) == 3


def test_a_diff_reads_the_index_once(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_diff import git

    root = example_programme
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    company = next((root / "data" / "companies").glob("*.yaml"))
    company.write_text(company.read_text(encoding="utf-8") + "# endret\n", encoding="utf-8")
    assert run_bif("check", "--root", str(root)).exit_code in (0, 1)
    reads = _reads(monkeypatch)
    assert run_bif("diff", "HEAD", "--root", str(root)).exit_code == 0
    assert reads.count(MODELS_FILE) == 1
