"""A first `bif check` (io/coldload.py) says exactly what --no-cache and a warm run say.

The first run reads, validates and checks company files in one pipeline, half of them in a
forked worker. Over a generated programme with every hostile text in tests/hostile/ as a
company file, rule-breaking companies and odd files, the cold run, a warm run served by the
check cache, a warm run served by the per-file caches and a --no-cache run must print the
same bytes with the same exit code, in one process and with the worker, in text and JSON.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bif_cli.io import coldstart, modelcache
from bif_cli.io.cache import CACHE_DIR, CHECK_FILE
from bif_cli.io.modelcache import MODELS_FILE
from conftest import run_bif

REPO = Path(__file__).resolve().parents[1]
BIF = Path(sys.executable).with_name("bif")
ONE_PROCESS = "1000000"
FORKED = "2"


def _hostile_texts() -> list[str]:
    """Every string constant of the hostile tests that could be a file's text."""
    found: set[str] = set()
    for path in sorted((REPO / "tests" / "hostile").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value:
                found.add(node.value)
    return sorted(found)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _replace_line(path: Path, start: str, new: str, *, at: int = 0) -> None:
    """Replace the at-th line of path that starts with start."""
    lines = path.read_text(encoding="utf-8").splitlines()
    where = [index for index, line in enumerate(lines) if line.startswith(start)][at]
    lines[where] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_programme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated programme with hostile, broken, rule-breaking and odd company files."""
    root = tmp_path_factory.mktemp("cold") / "prog"
    command = [sys.executable, str(REPO / "bench" / "generate.py"), "40", str(root)]
    subprocess.run([*command, "--seed", "16"], check=True, capture_output=True)
    companies = root / "data" / "companies"
    for index, text in enumerate(_hostile_texts()):
        raw = text.encode("utf-8", "surrogatepass")
        (companies / f"hostile-{index:04d}.yaml").write_bytes(raw)
    first, second, third, fourth, fifth, *_ = sorted(companies.glob("[!h]*.yaml"))
    _replace(first, "region: ", "region: nowhere\nold_region: ")  # BIF101 and BIF204
    _replace(second, "process_leader: ", "process_leader: nobody\n#")  # BIF204
    _replace(third, "municipality: ", 'municipality: "0301"\n#')  # BIF203
    org = next(line for line in second.read_text().splitlines() if line.startswith("org_number"))
    _replace_line(fourth, "org_number", org)  # BIF202 (programme-scoped, read from the facts)
    measure = next(line for line in fifth.read_text().splitlines() if line.startswith("  - id:"))
    _replace_line(fifth, "  - id:", measure, at=1)  # BIF201: two measures, one id
    (companies / "bad-utf8.yaml").write_bytes(b"name: \xff\xfe\n")
    (companies / "a-folder.yaml").mkdir()
    (companies / "a-link.yaml").symlink_to(first)
    (companies / "Upper.yaml").write_text("name: X\n", encoding="utf-8")
    clusters = root / "data" / "clusters"
    cluster = next(clusters.glob("*.yaml"))
    _replace(cluster, "members: [", "members: [no-such-company, bad-utf8, ")
    return root


def _check(root: Path, form: list[str], workers: str, *extra: str) -> tuple[int, str, str]:
    env = {**os.environ, "BIF_TODAY": "2016-12-31", "BIF_PARALLEL_MIN_FILES": workers}
    env.pop("BIF_NO_CACHE", None)
    done = subprocess.run(
        [str(BIF), "check", *form, *extra, "--root", str(root)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("workers", [ONE_PROCESS, FORKED], ids=["one process", "forked"])
@pytest.mark.parametrize("form", [[], ["--format", "json"]], ids=["text", "json"])
def test_cold_warm_and_uncached_runs_say_the_same(
    hostile_programme: Path, form: list[str], workers: str
) -> None:
    root = hostile_programme
    uncached = _check(root, form, workers, "--no-cache")
    _remove_cache(root)
    cold = _check(root, form, workers)
    served = _check(root, form, workers)  # from the check cache
    (root / CACHE_DIR / CHECK_FILE).unlink()
    warm = _check(root, form, workers)  # from the model and rule caches
    assert cold == uncached
    assert served == uncached
    assert warm == uncached
    assert uncached[0] == 1
    if form:
        codes = {p["code"] for p in json.loads(uncached[1])["issues"]}
        assert {"BIF004", "BIF014", "BIF101", "BIF201", "BIF202", "BIF203", "BIF204"} <= codes


def _remove_cache(root: Path) -> None:
    for path in sorted((root / CACHE_DIR).glob("*"), reverse=True):
        path.unlink()


@pytest.fixture
def counted_validations(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Count the company and cluster files validated in this process."""
    from bif_cli.io import store

    validated: list[str] = []
    real = store.validate

    def counting(model: Any, rel: str, *args: Any) -> Any:
        if rel.startswith("data/c"):
            validated.append(rel)
        return real(model, rel, *args)

    monkeypatch.setattr(store, "validate", counting)
    yield validated


def test_a_warm_run_after_a_cold_one_validates_nothing(
    hostile_programme: Path, counted_validations: list[str]
) -> None:
    root = str(hostile_programme)
    env = {"BIF_TODAY": "2016-12-31", "BIF_PARALLEL_MIN_FILES": ONE_PROCESS}
    _remove_cache(hostile_programme)
    cold = run_bif("check", "--root", root, env=env)
    assert len(counted_validations) > 40
    counted_validations.clear()
    (hostile_programme / CACHE_DIR / CHECK_FILE).unlink()
    warm = run_bif("check", "--root", root, env=env)
    assert counted_validations == []
    assert warm == cold


def _marshal_that(dumps: Any) -> types.SimpleNamespace:
    import marshal

    return types.SimpleNamespace(dumps=dumps, loads=marshal.loads)


def _dies(_value: Any) -> bytes:
    raise RuntimeError("the worker dies")


def _renamed(value: Any) -> bytes:
    """Say the worker's entries are about another file (the early worker sends a context key)."""
    import marshal

    def rename(entries: list[Any]) -> list[Any]:
        # Only the first run's entries (six fields) name their file; a parse worker's packed
        # results (three fields) go through as they are.
        return [
            ("data/companies/other.yaml", *entry[1:]) if len(entry) == 6 else entry
            for entry in entries
        ]

    if isinstance(value, tuple):
        return marshal.dumps((value[0], rename(value[1])))
    return marshal.dumps(rename(value))


def _elsewhere(value: Any) -> bytes:
    """Say the early worker read other context files than bif did."""
    import marshal

    if isinstance(value, tuple):
        return marshal.dumps((("absent", "absent", "absent"), value[1]))
    return marshal.dumps(value)


@pytest.mark.parametrize(
    "worker",
    [
        _marshal_that(lambda _value: b"garbage"),
        _marshal_that(lambda _value: __import__("marshal").dumps([])),
        _marshal_that(_renamed),
        _marshal_that(_elsewhere),
        _marshal_that(_dies),
    ],
    ids=["garbage", "too few", "wrong files", "other context", "dies"],
)
@pytest.mark.parametrize("start", ["early", "later"])
def test_a_worker_that_fails_leaves_its_half_to_the_parent(
    hostile_programme: Path,
    monkeypatch: pytest.MonkeyPatch,
    worker: types.SimpleNamespace,
    start: str,
) -> None:
    """Early: no model cache, the worker starts with the check (io/coldstart.py); later: the
    model cache exists and meets many new company files (coldload._forked, io/forked.py)."""
    from bif_cli.io import coldload, forked

    root = str(hostile_programme)
    env = {"BIF_TODAY": "2016-12-31", "BIF_PARALLEL_MIN_FILES": FORKED}
    uncached = run_bif("check", "--format", "json", "--no-cache", "--root", root, env=env)
    _remove_cache(hostile_programme)
    if start == "later":
        _cache_without_companies(hostile_programme, env)
    # Only a worker calls dumps: the early one in coldload, the later one in forked.
    monkeypatch.setattr(coldload, "marshal", worker)
    monkeypatch.setattr(forked, "marshal", worker)
    cold = run_bif("check", "--format", "json", "--root", root, env=env)
    assert cold == uncached
    (hostile_programme / CACHE_DIR / CHECK_FILE).unlink()
    monkeypatch.undo()
    assert run_bif("check", "--format", "json", "--root", root, env=env) == uncached


def _cache_without_companies(root: Path, env: dict[str, str]) -> None:
    """Leave a model cache that knows the clusters and no company file."""
    companies = root / "data" / "companies"
    away = root / "companies-away"
    companies.rename(away)
    companies.mkdir()
    try:
        run_bif("check", "--root", str(root), env=env)
    finally:
        companies.rmdir()
        away.rename(companies)
    assert (root / CACHE_DIR / MODELS_FILE).exists()
    (root / CACHE_DIR / CHECK_FILE).unlink()


@pytest.mark.parametrize("workers", [ONE_PROCESS, FORKED], ids=["one process", "forked"])
def test_many_new_files_in_a_cache_that_exists_say_the_same(
    hostile_programme: Path, workers: str
) -> None:
    root = str(hostile_programme)
    env = {"BIF_TODAY": "2016-12-31", "BIF_PARALLEL_MIN_FILES": workers}
    uncached = run_bif("check", "--format", "json", "--no-cache", "--root", root, env=env)
    _remove_cache(hostile_programme)
    _cache_without_companies(hostile_programme, env)
    assert run_bif("check", "--format", "json", "--root", root, env=env) == uncached
    (hostile_programme / CACHE_DIR / CHECK_FILE).unlink()
    assert run_bif("check", "--format", "json", "--root", root, env=env) == uncached


def test_a_worker_started_for_a_check_the_cache_answers_is_stopped(
    hostile_programme: Path,
) -> None:
    """With no model cache the worker starts at once; a stored check result then ends it."""
    root = str(hostile_programme)
    env = {"BIF_TODAY": "2016-12-31", "BIF_PARALLEL_MIN_FILES": FORKED}
    _remove_cache(hostile_programme)
    cold = run_bif("check", "--root", root, env=env)
    (hostile_programme / CACHE_DIR / MODELS_FILE).unlink()
    assert run_bif("check", "--root", root, env=env) == cold
    assert not (hostile_programme / CACHE_DIR / MODELS_FILE).exists()


def test_the_early_worker_knows_the_model_cache_by_its_name() -> None:
    assert coldstart.MODELS_FILE == modelcache.MODELS_FILE
