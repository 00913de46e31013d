"""Compiled report templates are kept in .bif-cache/templates.pickle: never trusted unsigned,
never used for other template text, and the report is the same with or without them."""

from __future__ import annotations

import io
import marshal
import pickle
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
from hostile_helpers import run_bif
from jinja2.bccache import bc_magic

from bif_cli.io import cache
from bif_cli.io.templatecache import TEMPLATES_FILE, TemplateCache

QUARTER = "Q2-2015"


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Record the name of every template Jinja2 compiles from its source."""
    names: list[str] = []
    compile_source = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, name: str | None = None, *a, **k):  # type: ignore[no-untyped-def]
        names.append(str(name))
        return compile_source(self, source, name, *a, **k)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    yield names


def _report(root: Path, fmt: str, *, cached: bool = True) -> str:
    out = root / f"report.{fmt}"
    env = None if cached else {"BIF_NO_CACHE": "1"}
    args = ("report", "quarterly", QUARTER, "--format", fmt, "-o", str(out))
    result = run_bif(*args, cwd=root, env=env)
    assert result.exit_code in (0, 2), result.output  # 2: a draft (no narrative) is written too
    return out.read_text(encoding="utf-8")


def _kept(root: Path) -> dict[str, bytes]:
    stored = cache._read(root / cache.CACHE_DIR / TEMPLATES_FILE)
    assert isinstance(stored, dict)
    return stored


def _use_key(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    monkeypatch.setenv("BIF_CACHE_KEY_DIR", str(folder))


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_second_report_compiles_no_template_and_is_the_same(
    example_programme: Path, compiled: list[str], fmt: str
) -> None:
    first = _report(example_programme, fmt)
    assert compiled, "the first report compiles its templates"
    compiled.clear()
    assert _report(example_programme, fmt) == first
    assert compiled == []
    without = _report(example_programme, fmt, cached=False)
    assert without == first


def test_an_edited_template_is_compiled_again(example_programme: Path, compiled: list[str]) -> None:
    _report(example_programme, "md")
    own = example_programme / "templates" / "quarterly.md.j2"
    own.parent.mkdir()
    own.write_text("Egen mal for {{ quarter.label }}\n", encoding="utf-8")
    assert _report(example_programme, "md") == f"Egen mal for {QUARTER}\n"
    own.write_text("Endret mal for {{ quarter.label }}\n", encoding="utf-8")
    compiled.clear()
    assert _report(example_programme, "md") == f"Endret mal for {QUARTER}\n"
    assert compiled == ["quarterly.md.j2"]


def test_no_cache_keeps_no_compiled_template(example_programme: Path) -> None:
    _report(example_programme, "md", cached=False)
    assert not (example_programme / cache.CACHE_DIR / TEMPLATES_FILE).exists()


def _forge(root: Path) -> None:
    """Put code that writes FORGED where every kept template's code is, signed by this key."""
    kept = _kept(root)
    assert kept
    env = jinja2.Environment()
    forged = env.compile("FORGED\n", "forged")
    for key, blob in kept.items():
        stream = io.BytesIO(blob)
        assert stream.read(len(bc_magic)) == bc_magic
        checksum = pickle.load(stream)  # of the template's source: the forgery keeps it
        kept[key] = bc_magic + pickle.dumps(checksum, 2) + marshal.dumps(forged)
    cache._write(root / cache.CACHE_DIR / TEMPLATES_FILE, kept)


def test_compiled_templates_signed_by_another_key_are_never_run(
    example_programme: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    honest = _report(example_programme, "md", cached=False)
    _use_key(monkeypatch, tmp_path / "attacker-key")
    _report(example_programme, "md")
    _forge(example_programme)
    assert _report(example_programme, "md") == "FORGED"  # the forger's own view
    _use_key(monkeypatch, tmp_path / "victim-key")
    assert _report(example_programme, "md") == honest


@pytest.mark.parametrize(
    "stored",
    [
        b"not a pickle at all",
        {"key": "not bytes"},
        {"0" * 64: b"j2 garbage"},
        ["a", "list"],
    ],
)
def test_a_damaged_template_cache_is_ignored(example_programme: Path, stored: object) -> None:
    honest = _report(example_programme, "md", cached=False)
    path = example_programme / cache.CACHE_DIR / TEMPLATES_FILE
    path.parent.mkdir(exist_ok=True)
    if isinstance(stored, bytes):
        path.write_bytes(stored)
    else:
        cache._write(path, stored)
    assert _report(example_programme, "md") == honest


def test_kept_code_under_every_key_is_damaged_and_bif_compiles_again(
    example_programme: Path, compiled: list[str]
) -> None:
    honest = _report(example_programme, "md")
    path = example_programme / cache.CACHE_DIR / TEMPLATES_FILE
    cache._write(path, {key: blob[:-7] for key, blob in _kept(example_programme).items()})
    compiled.clear()
    assert _report(example_programme, "md") == honest
    assert compiled, "damaged code is compiled again, not run"
    assert isinstance(TemplateCache(example_programme).kept, dict)
