"""A cache is trusted only if this machine wrote it: a committed or forged cache changes nothing."""

from __future__ import annotations

import hashlib
import io
import pickle
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hostile_helpers import commit_all, git, run_bif

from bif_cli.io import cache
from conftest import COMPANY_YAML, PINNED_TODAY

BROKEN_COMPANY = COMPANY_YAML.replace('org_number: "921588135"', 'org_number: "921588136"')


def _as_attacker(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BIF_CACHE_KEY_DIR", str(tmp_path / "attacker-key"))


def _as_victim(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BIF_CACHE_KEY_DIR", str(tmp_path / "victim-key"))


def _forge_clean_check(root: Path) -> None:
    """Write check.pickle saying `no problems` for the data as it is, signed with our key."""
    key = cache.fingerprint(root, date.fromisoformat(PINNED_TODAY))
    cache._write(root / cache.CACHE_DIR / cache.CHECK_FILE, [(key, 4, [])])


def test_a_committed_check_cache_does_not_make_invalid_data_pass(
    make_programme: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_programme({"data/companies/eksempel-trevare.yaml": BROKEN_COMPANY})
    commit_all(root)
    _as_attacker(monkeypatch, tmp_path)
    _forge_clean_check(root)
    # The forger's own bif believes it: that is what they commit.
    assert run_bif("check", "--lang", "en", cwd=root).exit_code == 0
    git(root, "add", "-f", ".bif-cache")
    git(root, "commit", "-q", "-m", "cache")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(root), str(clone))
    _as_victim(monkeypatch, tmp_path)
    result = run_bif("check", "--lang", "en", cwd=clone)
    assert result.exit_code == 1
    assert "BIF201" in result.output or "org_number" in result.output
    assert "BIF018" in result.output and "git rm -r --cached .bif-cache" in result.output
    # Even the forger's key does not help once git tracks the folder.
    _as_attacker(monkeypatch, tmp_path)
    assert run_bif("check", "--lang", "en", cwd=clone).exit_code == 1


def test_a_forged_model_cache_cannot_put_a_name_in_the_overview(
    make_programme: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Company files are cached validated (models.pickle): a forged one changes nothing."""
    from bif_cli.io import modelcache

    root = make_programme()
    _as_attacker(monkeypatch, tmp_path)
    assert run_bif("recruitment", cwd=root).exit_code == 0  # fills models.pickle
    path = root / cache.CACHE_DIR / modelcache.MODELS_FILE
    stored = cache._read(path)
    assert isinstance(stored, dict)
    for rel, (digest, problems, blob, _facts) in list(stored.items()):
        model = pickle.loads(blob)
        if getattr(model, "name", None) == "Eksempel Trevare AS":
            forged = model.model_copy(update={"name": "Navn Som Ikke Finnes AS"})
            stored[rel] = (digest, problems, pickle.dumps(forged), None)
    cache._write(path, stored)
    (root / cache.CACHE_DIR / cache.CHECK_FILE).unlink(missing_ok=True)
    assert "Navn Som Ikke Finnes" in run_bif("recruitment", cwd=root).stdout  # the forger's view
    _as_victim(monkeypatch, tmp_path)
    result = run_bif("recruitment", cwd=root)
    assert result.exit_code == 0
    assert "Navn Som Ikke Finnes" not in result.stdout
    assert "Eksempel Trevare AS" in result.stdout


class _Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (print, ("the cache ran code",))


def test_bytes_that_fail_the_hmac_are_never_unpickled(
    make_programme: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_programme()
    _as_victim(monkeypatch, tmp_path)
    payload = pickle.dumps(("x", _Boom()))
    header = hashlib.sha256(payload).digest()  # the old, unkeyed header
    folder = root / cache.CACHE_DIR
    folder.mkdir()
    for name in (cache.CHECK_FILE, cache.PARSED_FILE):
        (folder / name).write_bytes(cache._MAGIC + header + payload)
    loads: list[bytes] = []
    real = cache._PlainUnpickler

    class Counting(real):  # type: ignore[misc,valid-type]
        def __init__(self, source: io.BytesIO) -> None:
            loads.append(source.getvalue())
            super().__init__(source)

    monkeypatch.setattr(cache, "_PlainUnpickler", Counting)
    result = run_bif("check", "--lang", "en", cwd=root)
    assert result.exit_code == 0
    assert "the cache ran code" not in result.output
    assert loads == []  # nothing failing the HMAC reached pickle


def test_a_cache_folder_that_is_a_link_is_never_written_through(
    make_programme: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_programme()
    _as_victim(monkeypatch, tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / cache.CACHE_DIR).symlink_to(elsewhere)
    assert run_bif("check", "--lang", "en", cwd=root).exit_code == 0
    assert list(elsewhere.iterdir()) == []


def test_a_dangling_gitignore_link_in_the_cache_is_not_written_through(
    make_programme: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_programme()
    _as_victim(monkeypatch, tmp_path)
    target = tmp_path / "planted.txt"
    (root / cache.CACHE_DIR).mkdir()
    (root / cache.CACHE_DIR / ".gitignore").symlink_to(target)
    assert run_bif("check", "--lang", "en", cwd=root).exit_code == 0
    assert not target.exists()
    assert not (root / cache.CACHE_DIR / cache.CHECK_FILE).exists()


def test_the_key_lives_outside_the_repository(
    make_programme: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_programme()
    _as_victim(monkeypatch, tmp_path)
    assert run_bif("check", "--lang", "en", cwd=root).exit_code == 0
    key = tmp_path / "victim-key" / cache.KEY_FILE
    assert key.is_file() and len(key.read_bytes()) == 32
    assert (key.stat().st_mode & 0o077) == 0
    assert not list(root.rglob(cache.KEY_FILE))
    shutil.rmtree(root / cache.CACHE_DIR)


class _NotAModel:
    """A class the model cache does not allow; unpickling it would run __setstate__."""

    def __setstate__(self, state: object) -> None:
        print("the cache ran code")


@pytest.mark.parametrize("forged", ["another class", "a model of another kind"])
def test_a_signed_model_cache_entry_of_another_class_is_never_unpickled(
    make_programme: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    forged: str,
) -> None:
    from bif_cli.domain import models
    from bif_cli.io import modelcache

    root = make_programme()
    _as_victim(monkeypatch, tmp_path)  # signed with the victim's own key: only the class is wrong
    assert run_bif("recruitment", cwd=root).exit_code == 0  # fills models.pickle
    path = root / cache.CACHE_DIR / modelcache.MODELS_FILE
    stored = cache._read(path)
    assert isinstance(stored, dict)
    rel = "data/companies/eksempel-trevare.yaml"
    digest, problems, _blob, facts = stored[rel]
    if forged == "another class":
        blob = pickle.dumps(_NotAModel())
    else:
        blob = pickle.dumps(models.Payment(date=date(2015, 1, 1), amount=1))
    stored[rel] = (digest, problems, blob, facts)  # the whole model; its facts are plain data
    cache._write(path, stored)
    (root / cache.CACHE_DIR / cache.CHECK_FILE).unlink()
    refused: list[str] = []
    real = modelcache.ModelUnpickler.find_class

    def spying(self: pickle.Unpickler, module: str, name: str) -> object:
        try:
            return real(self, module, name)  # type: ignore[arg-type]
        except pickle.UnpicklingError:
            refused.append(f"{module}.{name}")
            raise

    monkeypatch.setattr(modelcache.ModelUnpickler, "find_class", spying)
    result = run_bif("recruitment", cwd=root)
    assert result.exit_code == 0
    assert "Eksempel Trevare AS" in result.stdout  # validated afresh from the file
    assert "the cache ran code" not in result.output + capsys.readouterr().out
    if forged == "another class":
        # Refused each time it is met (a skeleton made whole, then the afresh load), never run.
        assert refused and set(refused) == {f"{__name__}._NotAModel"}
    assert run_bif("check", cwd=root).exit_code == 0
