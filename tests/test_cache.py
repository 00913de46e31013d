"""The cache, the fast loader and the parallel parser never change what bif says."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path

import pytest

from bif_cli.io import cache, yamlio
from bif_cli.io.yamlio import LoadedYaml, _Builder, _fast_build, decode, load_bytes, load_many
from conftest import EXAMPLE_DATA, run_bif

BROKEN = {
    "data/companies/lom-bakeri.yaml": (
        "name: Lom Bakeri #1 AS\n"
        'org_number: "921588136"\n'
        "region: nord\n"
        'municipality: "0540"\n'
        'nace: "10.710"\n'
        "market: local\n"
        "stauts: typo\n"
        "history:\n"
        "  - {date: 2014-01-20, status: identified}\n"
    ),
}


def outputs(root: Path) -> list[tuple[int, str]]:
    """Run check in text and json format; return (exit code, stdout) of each."""
    return [
        (r.exit_code, r.stdout)
        for r in (
            run_bif("check", "--root", str(root)),
            run_bif("check", "--format", "json", "--root", str(root)),
        )
    ]


def test_output_is_the_same_cold_warm_uncached_and_parallel(
    make_programme, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_programme(BROKEN)
    uncached = [
        (r.exit_code, r.stdout)
        for r in (
            run_bif("check", "--no-cache", "--root", str(root)),
            run_bif("check", "--no-cache", "--format", "json", "--root", str(root)),
        )
    ]
    assert not (root / ".bif-cache").exists(), "--no-cache must not write a cache"
    assert uncached[0][0] == 1 and "BIF101" in uncached[0][1] and "BIF106" in uncached[0][1]
    cold = outputs(root)
    assert (root / ".bif-cache" / cache.PARSED_FILE).is_file()
    warm = outputs(root)
    (root / ".bif-cache" / cache.CHECK_FILE).unlink()  # parse cache only: marks come lazily
    parse_cached = outputs(root)
    monkeypatch.setenv("BIF_PARALLEL_MIN_FILES", "1")
    monkeypatch.setenv("BIF_NO_CACHE", "1")
    parallel = outputs(root)
    assert cold == warm == parse_cached == parallel == uncached


def test_an_edited_file_is_always_read_again(make_programme) -> None:
    root = make_programme()
    assert run_bif("check", "--root", str(root)).exit_code == 0
    path = root / "data/companies/eksempel-trevare.yaml"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    # Same size and same modification time: only the contents tell that it changed.
    path.write_text(text.replace("market: international", "market: internasjonal"), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    result = run_bif("check", "--root", str(root))
    assert result.exit_code == 1
    assert "eksempel-trevare.yaml:6:9: error[BIF103]" in result.stdout


def test_a_new_file_and_a_new_day_are_noticed(make_programme, monkeypatch) -> None:
    root = make_programme(
        {"data/milestones.yaml": "milestones:\n  - {id: m, title: M, due: 2017-01-10}\n"}
    )
    assert run_bif("check", "--root", str(root)).exit_code == 0
    monkeypatch.setenv("BIF_TODAY", "2017-02-01")
    assert "BIF309" in run_bif("check", "--root", str(root)).stdout
    (root / "data/companies/Bad.yaml").write_text("name: x\n", encoding="utf-8")
    assert "BIF014" in run_bif("check", "--root", str(root)).stdout


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not a cache at all",
        b"BIFCACHE" + b"\0" * 32 + b"garbage",
        "valid header, foreign payload",
        "valid header, a class inside",
    ],
)
def test_a_corrupt_or_foreign_cache_is_ignored_and_rebuilt(make_programme, damage) -> None:
    root = make_programme(BROKEN)
    expected = outputs(root)
    for name in (cache.PARSED_FILE, cache.CHECK_FILE):
        path = root / ".bif-cache" / name
        if damage == "valid header, foreign payload":
            payload = pickle.dumps(("another bif", {}), protocol=5)
            blob = cache._MAGIC + hashlib.sha256(payload).digest() + payload
        elif damage == "valid header, a class inside":
            # A pickle that would call a function when loaded: it must never be loaded.
            payload = pickle.dumps((cache.code_digest(), Path("/etc/passwd")), protocol=5)
            blob = cache._MAGIC + hashlib.sha256(payload).digest() + payload
        else:
            blob = damage
        path.write_bytes(blob)
    assert outputs(root) == expected
    # ... and the cache was written afresh, in the right shape.
    assert cache._read(root / ".bif-cache" / cache.CHECK_FILE) is not None


def test_cache_folder_ignores_itself_in_git(make_programme) -> None:
    root = make_programme()
    run_bif("check", "--root", str(root))
    assert (root / ".bif-cache" / ".gitignore").read_text().splitlines()[-1] == "*"


TRICKY = [
    "a: 1\nlist:\n  - {x: 1, y: two}\n  - z\n",
    "name: Fjordfisk #1 AS\nowner: Fylket  # a real comment\n",
    "x: #c\nk: v ##1\nj: w #\n",
    "'': 1\na: ''\nb: \"\"\nc: ~\nd: null\ne:\n",
    "a: |\n  text #1\n  more\nb: >\n  folded\n",
    "--- \na: 1\n...\n",
    "a: {b: {c: {d: e}}}\n",
    "a:\n  - \n  - x\n",
    "- a\n- b\n",
    "hello\n",
    "",
    "# only a comment\n",
    "a: 1\na: 2\n",
    "null: 1\n",
    "? [a]\n: 1\n",
    "a: 1\n---\nb: 2\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "a: [" * 25 + "]" * 25 + "\n",
    "navn: Fjord & Fisk AS\n",
]


# The inputs the fast path hands to the careful builder (it returns False for them).
DECLINED = {
    "a: 1\na: 2\n",
    "null: 1\n",
    "? [a]\n: 1\n",
    "a: 1\n---\nb: 2\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "a: [" * 25 + "]" * 25 + "\n",
    "navn: Fjord & Fisk AS\n",
}


def _careful_only(raw: bytes, monkeypatch: pytest.MonkeyPatch) -> LoadedYaml:
    """Load raw as load_bytes does, but with the fast path switched off."""
    with monkeypatch.context() as patch:
        patch.setattr(yamlio, "_fast_build", lambda *_args, **_kw: False)
        return load_bytes(raw)


def _same(text: str, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Assert the fast and careful paths give the same result; return whether fast took it."""
    fast, careful = LoadedYaml(), LoadedYaml()
    took = _fast_build(text, fast)
    _Builder(text, careful).run()
    if took:
        assert careful.problems == []
        assert fast == careful
        assert list(fast.marks) == list(careful.marks)  # same order, too
    # Whichever path a file takes, what bif reports about it is the careful builder's result.
    either, only_careful = load_bytes(text.encode()), _careful_only(text.encode(), monkeypatch)
    assert either == only_careful
    assert list(either.marks) == list(only_careful.marks)
    assert [(p.code, p.text, p.args) for p in either.problems] == [
        (p.code, p.text, p.args) for p in only_careful.problems
    ]
    return took


@pytest.mark.parametrize("text", TRICKY)
def test_fast_loader_agrees_with_the_careful_builder(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _same(text, monkeypatch) is (text not in DECLINED)


def test_fast_loader_agrees_on_every_example_file(monkeypatch: pytest.MonkeyPatch) -> None:
    for path in sorted(EXAMPLE_DATA.rglob("*.yaml")):
        text, _problem = decode(path.read_bytes())
        assert text is not None
        assert _same(text, monkeypatch), f"{path.name} should take the fast path"


def test_parallel_and_lazy_results_equal_serial_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    raws = [p.read_bytes() for p in sorted(EXAMPLE_DATA.rglob("*.yaml"))]
    raws += [t.encode() for t in TRICKY] + [b"\xff\xfe", b"a:\tb\n"]
    serial = [load_bytes(raw) for raw in raws]
    monkeypatch.setenv("BIF_PARALLEL_MIN_FILES", "1")
    parallel = load_many(raws)
    assert parallel == serial
    monkeypatch.setenv("BIF_PARALLEL_MIN_FILES", str(10**9))
    assert load_many(raws) == serial
    assert yamlio.PARALLEL_MIN_FILES > 1


def test_a_file_with_loader_problems_is_kept_in_the_parse_cache(make_programme) -> None:
    tabbed = "name: X\n\tbad: 1\n"
    root = make_programme({"data/companies/tabbed.yaml": tabbed})
    first = run_bif("check", "--format", "json", "--root", str(root))
    assert [i["code"] for i in json.loads(first.stdout)["issues"]] == ["BIF010"]
    # Company files are kept with their problems in the model cache (no parse cache entry).
    from bif_cli.domain import models
    from bif_cli.io.modelcache import ModelCache

    digest = cache.content_digest(tabbed.encode())
    stored = ModelCache(root).get("data/companies/tabbed.yaml", digest, models.Company)
    assert stored is not None and [p.code for p in stored[0]] == ["BIF010"]
    assert stored[1] is None  # it did not validate
    again = run_bif("check", "--format", "json", "--root", str(root))
    assert again.stdout == first.stdout
