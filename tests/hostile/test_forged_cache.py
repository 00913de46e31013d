"""A cache is trusted only if this machine wrote it: a committed or forged cache changes nothing."""

from __future__ import annotations

import hashlib
import io
import pickle
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

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
    assert run_bif("recruitment", cwd=root).exit_code == 0  # fills the model cache
    rel = "data/companies/eksempel-trevare.yaml"
    path = root / cache.CACHE_DIR / modelcache.SHARD_FILE.format(modelcache.shard_of(rel))
    stored = cache._read(path)
    assert isinstance(stored, dict)
    digest, blob = stored[rel]
    model = pickle.loads(blob)
    assert model.name == "Eksempel Trevare AS"
    forged = model.model_copy(update={"name": "Navn Som Ikke Finnes AS"})
    stored[rel] = (digest, modelcache.dump_model(forged))
    cache._write(path, stored)
    (root / cache.CACHE_DIR / cache.CHECK_FILE).unlink(missing_ok=True)
    # bif measures reads the companies whole (bif recruitment reads their facts' records).
    assert "Navn Som Ikke Finnes" in run_bif("measures", cwd=root).stdout  # the forger's view
    _as_victim(monkeypatch, tmp_path)
    result = run_bif("measures", cwd=root)
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


def _filled_shard(
    make_programme: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, str, Path, dict[str, Any]]:
    """Return (root, a company's path, its model shard, the shard's entries) of a programme
    whose model cache a reading command filled, signed with the victim's own key."""
    from bif_cli.io import modelcache

    root = make_programme()
    _as_victim(monkeypatch, tmp_path)
    assert run_bif("recruitment", cwd=root).exit_code == 0  # fills the model cache
    rel = "data/companies/eksempel-trevare.yaml"
    path = root / cache.CACHE_DIR / modelcache.SHARD_FILE.format(modelcache.shard_of(rel))
    stored = cache._read(path)
    assert isinstance(stored, dict)
    return root, rel, path, stored


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

    # Signed with the victim's own key: only the class is wrong.
    root, rel, path, stored = _filled_shard(make_programme, tmp_path, monkeypatch)
    digest, _blob = stored[rel]
    if forged == "another class":
        blob = pickle.dumps(_NotAModel())
    else:
        blob = pickle.dumps(models.Payment(date=date(2015, 1, 1), amount=1))
    stored[rel] = (digest, blob)  # the whole model, in its shard; the index is left as it was
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
    result = run_bif("measures", cwd=root)  # which reads the companies whole
    assert result.exit_code == 0
    assert "Eksempel Trevare AS" in result.stdout  # validated afresh from the file
    assert "the cache ran code" not in result.output + capsys.readouterr().out
    if forged == "another class":
        # Refused each time it is met (a skeleton made whole, then the afresh load), never run.
        assert refused and set(refused) == {f"{__name__}._NotAModel"}
    assert run_bif("check", cwd=root).exit_code == 0


class _RebuiltAsDate:
    """Pickles as a call of the allowed rebuild_model with a class that is not a model."""

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        from bif_cli.io import modelcache

        return (modelcache.rebuild_model, (date, {"year": 2015}, set()))


class _RebuiltWithOddFields:
    """Pickles as rebuild_model of an allowed model, with fields that are not a dict."""

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        from bif_cli.domain import models
        from bif_cli.io import modelcache

        return (modelcache.rebuild_model, (models.Company, [("name", "X")], set()))


@pytest.mark.parametrize(
    "forged", ["rebuilt as a date", "rebuilt with odd fields", "kept under another digest"]
)
def test_a_signed_shard_entry_that_is_not_this_files_model_is_never_used(
    make_programme: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    forged: str,
) -> None:
    """rebuild_model, allowed by name, makes only bif's models, from a dict of fields."""
    from bif_cli.io import modelcache

    root, rel, path, stored = _filled_shard(make_programme, tmp_path, monkeypatch)
    digest, blob = stored[rel]
    if forged == "rebuilt as a date":
        with pytest.raises(pickle.UnpicklingError):
            modelcache.rebuild_model(date, {}, set())  # type: ignore[arg-type]
        stored[rel] = (digest, pickle.dumps(_RebuiltAsDate(), protocol=5))
    elif forged == "rebuilt with odd fields":
        stored[rel] = (digest, pickle.dumps(_RebuiltWithOddFields(), protocol=5))
    else:
        model = pickle.loads(blob)
        renamed = model.model_copy(update={"name": "Navn Som Ikke Finnes AS"})
        stored[rel] = ("0" * 64, modelcache.dump_model(renamed))
    cache._write(path, stored)
    (root / cache.CACHE_DIR / cache.CHECK_FILE).unlink()
    result = run_bif("measures", cwd=root)  # which reads the companies whole
    assert result.exit_code == 0
    assert "Eksempel Trevare AS" in result.stdout  # validated afresh from the file
    assert "Navn Som Ikke Finnes" not in result.stdout
    assert run_bif("check", cwd=root).exit_code == 0
    mended = cache._read(path)
    assert isinstance(mended, dict) and mended[rel][0] == digest, "the entry is kept anew"


@pytest.mark.parametrize(
    "facts",
    [
        ("921588135", (("A", ((0, 100),)),)),  # a date before the calendar's first day
        ("921588135", (("A", ((735000, 1.5),)),)),  # money that is not whole kroner
        ("921588135", [("A", ())]),  # a list where a tuple is kept
        (921588135, ()),  # an org number that is not text
    ],
)
def test_signed_facts_of_the_wrong_shape_are_never_read(
    example_programme: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    facts: object,
) -> None:
    """A company read as facts after an edit elsewhere: facts of the wrong shape mean afresh."""
    from bif_cli.io import modelcache

    root = example_programme
    shutil.rmtree(root / "data" / "submitted")  # whose rules would load every company whole
    shutil.rmtree(root / "data" / "registry")
    _as_victim(monkeypatch, tmp_path)
    assert run_bif("check", "--lang", "en", cwd=root).exit_code == 0
    path = root / cache.CACHE_DIR / modelcache.MODELS_FILE
    stored = cache._read(path)
    assert isinstance(stored, dict)
    rel = "data/companies/begna-trevare.yaml"
    digest, problems, _facts, has_model = stored[rel]
    stored[rel] = (digest, problems, facts, has_model)
    cache._write(path, stored)
    other = root / "data" / "companies" / "bagn-mikrobryggeri.yaml"
    other.write_text(other.read_text(encoding="utf-8") + "# endret\n", encoding="utf-8")
    warm = run_bif("check", "--format", "json", cwd=root)
    fresh = run_bif("check", "--format", "json", cwd=root, env={"BIF_NO_CACHE": "1"})
    assert (warm.exit_code, warm.stdout) == (fresh.exit_code, fresh.stdout)
    mended = cache._read(path)
    assert isinstance(mended, dict) and mended[rel][2] != facts, "kept anew from the file"


def test_forged_diff_sums_do_not_change_what_bif_diff_says(
    make_programme: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The base's sums `bif diff` keeps (diff-sums.pickle) are taken only if this machine
    signed them: planted ones claiming other figures change nothing."""
    from bif_cli.io import diffsums

    root = make_programme()
    commit_all(root)
    company = root / "data" / "companies" / "eksempel-trevare.yaml"
    company.write_text(company.read_text(encoding="utf-8") + "# endret\n", encoding="utf-8")
    _as_victim(monkeypatch, tmp_path)
    truth = run_bif("diff", "HEAD", "--format", "json", cwd=root)
    assert truth.exit_code == 0
    path = root / cache.CACHE_DIR / diffsums.SUMS_FILE
    ((key, (recruited, money)),) = diffsums._kept(path)
    claimed = (recruited + 7, {area: (10**9, 10**9) for area in money} or {"A": (10**9, 10**9)})
    _as_attacker(monkeypatch, tmp_path)
    cache._write(path, [(key, claimed)])
    # The forger's own bif believes it.
    assert run_bif("diff", "HEAD", "--format", "json", cwd=root).stdout != truth.stdout
    _as_victim(monkeypatch, tmp_path)
    assert run_bif("diff", "HEAD", "--format", "json", cwd=root).stdout == truth.stdout


def test_a_forged_kept_revision_does_not_hide_a_bases_problem(
    make_programme: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What `bif diff` keeps about a base commit (revision-*.pickle: what to read, and the
    rules' problems) is taken only if this machine signed it: a planted one saying the base
    had no problem changes nothing."""
    from bif_cli.io import keptrevision

    undone = "  - {id: slutt, title: Sluttrapport, due: 2016-12-31}\n"
    milestones = (
        "milestones:\n  - {id: start, title: Oppstart, due: 2014-01-01, done: 2014-01-01}\n"
    )
    root = make_programme({"data/milestones.yaml": milestones + undone})
    commit_all(root)
    done = "  - {id: slutt, title: Sluttrapport, due: 2016-12-31, done: 2016-12-20}\n"
    (root / "data" / "milestones.yaml").write_text(milestones + done, encoding="utf-8")
    monkeypatch.setenv("BIF_TODAY", "2017-01-15")  # the milestone overdue at the base
    _as_victim(monkeypatch, tmp_path)
    truth = run_bif("diff", "HEAD", "--format", "json", cwd=root)
    assert truth.exit_code == 0 and "BIF309" in truth.stdout
    (path,) = (root / cache.CACHE_DIR).glob(keptrevision.REVISION_GLOB)
    stored = cache._read(path)
    assert isinstance(stored, tuple)
    commit, prefix, plan, _dates = stored
    _as_attacker(monkeypatch, tmp_path)
    cache._write(path, (commit, prefix, plan, {"2017-01-15": []}))
    # The forger's own bif believes it.
    assert "BIF309" not in run_bif("diff", "HEAD", "--format", "json", cwd=root).stdout
    _as_victim(monkeypatch, tmp_path)
    assert run_bif("diff", "HEAD", "--format", "json", cwd=root).stdout == truth.stdout


def test_a_forged_kept_report_does_not_change_the_report(
    make_programme: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A report's kept context (kept-*.pickle) is rendered only if this machine signed it:
    one planted with other figures, or holding any class but a date, changes nothing."""
    from bif_cli.io import resultcache

    root = make_programme()
    _as_victim(monkeypatch, tmp_path)
    truth = run_bif("report", "quarterly", "Q2-2015", "--lang", "en", cwd=root)
    assert truth.exit_code == 0
    (path,) = (root / cache.CACHE_DIR).glob(resultcache.KEPT_GLOB)
    key, context = cache._read(path, dates=True)
    claimed = dict(context, programme=dict(context["programme"], name="Forfalsket program"))
    _as_attacker(monkeypatch, tmp_path)
    cache._write(path, (key, claimed))
    # The forger's own bif believes it.
    assert (
        "Forfalsket program"
        in run_bif("report", "quarterly", "Q2-2015", "--lang", "en", cwd=root).stdout
    )
    _as_victim(monkeypatch, tmp_path)
    assert (
        run_bif("report", "quarterly", "Q2-2015", "--lang", "en", cwd=root).stdout == truth.stdout
    )
    # Signed with the victim's own key, a context holding another class is never unpickled.
    cache._write(path, (key, dict(context, kind=Path("quarterly"))))
    assert cache._read(path, dates=True) is None
    assert (
        run_bif("report", "quarterly", "Q2-2015", "--lang", "en", cwd=root).stdout == truth.stdout
    )
