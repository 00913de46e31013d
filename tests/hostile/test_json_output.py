"""Every `--format json` prints the same bytes through orjson as through the standard library."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum, StrEnum
from pathlib import Path

import pytest
from hostile_helpers import commit_all, git

from conftest import COMPANY_YAML, Run, run_bif

BENCH = Path(__file__).resolve().parents[2] / "bench"


class Colour(StrEnum):
    red = "rød"


class Plain(Enum):
    one = 1


@dataclass
class Point:
    x: int


TRICKY_VALUES: list[object] = [
    {},
    [],
    {"a": {}, "b": [], "c": [[]], "d": [{}]},
    {"nested": [1, [2, [3, {"x": None, "y": True, "z": False}]]]},
    'æøå ÆØÅ 🦆 \x00\x01\x1f\x7f\x85\x9f\u2028\u2029 \t\n\r " \\ /',
    "\ud800 a lone surrogate",
    {"key \udfff": 1},
    [0.0, -0.0, 0.1, 12.3, 100.0, 1e15, 1e16, 1.5e-05, 1e-4, 123456789.123456789],
    [1.616037601127474e-07, 4.823040373928001e-06, 5e-324, 1.7976931348623157e308],
    [math.nan],
    [math.inf, -math.inf],
    [2**63 - 1, -(2**63), 2**64, -(2**64) - 1, 10**30],
    {1: "int key"},
    {None: "none key", True: "bool key"},
    (1, (2, 3)),
    Colour.red,
    {"colour": Colour.red},
    Plain.one,
    date(2016, 12, 31),
    Point(1),
    [[] for _ in range(3)],
]


def _nested(depth: int) -> object:
    value: object = []
    for _ in range(depth):
        value = [value]
    return value


def _standard(value: object) -> str | type[BaseException]:
    try:
        return json.dumps(value, ensure_ascii=False, indent=2)
    except (TypeError, ValueError) as exc:
        return type(exc)


def _ours(value: object) -> str | type[BaseException]:
    from bif_cli.cli.common import json_text

    try:
        return json_text(value)
    except (TypeError, ValueError) as exc:
        return type(exc)


@pytest.mark.parametrize("value", [*TRICKY_VALUES, _nested(300)], ids=repr)
def test_json_text_is_the_standard_librarys_text(value: object) -> None:
    assert _ours(value) == _standard(value)


# What print_json writes \\u-escaped besides what json.dumps escapes: DEL, the C1 controls
# and the line and paragraph separators, which a terminal or a JavaScript reader would act on.
PRINTED_ESCAPED = [0x7F, *range(0x80, 0xA0), 0x2028, 0x2029]


@pytest.mark.parametrize("wide", ["", "\u2013"], ids=["latin-1 text", "wider text"])
@pytest.mark.parametrize("code", PRINTED_ESCAPED, ids=lambda c: f"U+{c:04X}")
def test_print_json_escapes_each_raw_character(
    code: int, wide: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from bif_cli.cli.common import print_json

    print_json({"name": f"Lom{chr(code)}Bakeri{wide}", "rows": ["æøå"] * 3})
    out = capsys.readouterr().out
    assert chr(code) not in out
    assert f"Lom\\u{code:04x}Bakeri{wide}" in out
    assert json.loads(out)["name"] == f"Lom{chr(code)}Bakeri{wide}"


@pytest.mark.parametrize("text", ["æøå ÆØÅ – § ° \u00a0 \U0001f986", "plain ascii"])
def test_print_json_leaves_other_text_as_it_is(
    text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from bif_cli.cli.common import print_json

    print_json({"name": text})
    expected = json.dumps({"name": text}, ensure_ascii=False, indent=2)
    assert capsys.readouterr().out == expected + "\n"


def test_json_text_agrees_on_many_floats() -> None:
    import random

    rng = random.Random(16)
    values = [rng.uniform(-1, 1) * 10 ** rng.randint(-12, 20) for _ in range(5000)]
    values += [round(rng.randint(0, 10**12) * 100 / rng.randint(1, 10**9), 1) for _ in range(5000)]
    assert _ours({"values": values}) == _standard({"values": values})


JSON_COMMANDS: list[list[str]] = [
    ["check", "--format", "json"],
    ["recruitment", "--format", "json"],
    ["recruitment", "--format", "json", "--as-of", "2015-06-30"],
    ["budget", "check", "--format", "json"],
    ["budget", "check", "--format", "json", "--as-of", "2014-12-31"],
    ["budget", "check", "--format", "json", "--region", "@REGION"],
    ["milestones", "--format", "json"],
    ["measures", "--format", "json"],
    ["clusters", "--format", "json"],
    ["diff", "--format", "json"],
]


def _said(root: Path, region: str) -> list[tuple[list[str], Run]]:
    runs = []
    for words in JSON_COMMANDS:
        args = [region if word == "@REGION" else word for word in words]
        for lang in ("nb", "en"):
            runs.append((args, run_bif(*args, "--lang", lang, "--root", str(root))))
    return runs


def assert_same_without_orjson(root: Path, region: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every JSON command with orjson and with it missing: same code, stdout and stderr."""
    fast = _said(root, region)
    with monkeypatch.context() as patched:
        patched.setitem(sys.modules, "orjson", None)  # `import orjson` now fails
        slow = _said(root, region)
    for (words, a), (_words, b) in zip(fast, slow, strict=True):
        assert (a.exit_code, a.stdout, a.stderr) == (b.exit_code, b.stdout, b.stderr), words
    assert any(run.stdout.startswith("{") for _words, run in fast)


def _committed(root: Path) -> Path:
    commit_all(root)
    git(root, "branch", "-M", "main")
    return root


def test_json_outputs_of_the_example_programme(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _committed(example_programme)
    company = next((root / "data/companies").glob("*.yaml"))
    company.write_text(company.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert_same_without_orjson(root, "valdres", monkeypatch)


def test_json_outputs_of_a_generated_programme(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "generated"
    subprocess.run([sys.executable, str(BENCH / "generate.py"), "60", str(root)], check=True)
    assert_same_without_orjson(root, "valdres", monkeypatch)


# Text that json and orjson could write differently if either escaped it on its own terms.
TRICKY_TEXT = [
    "Ærlig Øl & Ål AS",
    r"Tab\there",
    r"Line\u2028separator\u2029",
    r"C1 \x85 and \x9f and DEL \x7f",
    r"NUL \0 and BEL \a and ESC \e",
    r"Quote \" and backslash \\ and slash /",
    r"Emoji \U0001F986 and combining e\u0301",
    r"Surrogate escape \uD83E\uDD86",
]


@pytest.mark.parametrize("text", TRICKY_TEXT)
def test_json_outputs_with_tricky_text(
    make_programme: Callable[..., Path], text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    company = COMPANY_YAML.replace("name: Eksempel Trevare AS", f'name: "{text}"') + (
        f'next_action: {{what: "{text}", due: 2017-01-15}}\n'
    )
    root = _committed(make_programme({"data/companies/eksempel-trevare.yaml": company}))
    changed = company.replace("employees:", "# edited\nemployees:")
    (root / "data/companies/eksempel-trevare.yaml").write_text(changed, encoding="utf-8")
    (root / "data/companies/ny-bedrift.yaml").write_text(company, encoding="utf-8")
    assert_same_without_orjson(root, "nord", monkeypatch)


@pytest.mark.parametrize("value", ["1.5e-05", ".nan", ".inf", "99999999999999999999999", "0.1"])
def test_json_outputs_with_odd_numbers_in_a_file(
    make_programme: Callable[..., Path], value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _committed(make_programme())
    path = root / "data/companies/eksempel-trevare.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("employees: 24", f"employees: {value}", 1), encoding="utf-8")
    assert_same_without_orjson(root, "nord", monkeypatch)
