"""rapidyaml's fast path gives exactly what the careful loader gives, or leaves the file to it.

Every input here goes through yamlio.load_packed with the fast parser and through the careful
loader (load_bytes), and the two packed results (data, values cut by ` #`, problems) must be
equal: over every text in the tests, the repository's data, generated programmes, hand-written
tricky YAML and a seeded mutation fuzz of real company files. The end-to-end tests run the
installed `bif` with the fast path on and off and compare every byte it prints.
"""

from __future__ import annotations

import ast
import json
import os
import random
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

from bif_cli.io import fastyaml
from bif_cli.io.yamlio import _scan_text, decode, load_bytes, load_packed, pack

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench" / "generate.py"
BIF = Path(sys.executable).with_name("bif")


def _generated(tmp: Path, companies: int, *, small: bool = False) -> Path:
    command = [sys.executable, str(BENCH), str(companies), str(tmp), "--seed", "16"]
    subprocess.run([*command, *(["--small"] if small else [])], check=True, capture_output=True)
    return tmp


def _yaml_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.yaml") if ".git" not in p.parts)


def _fast_answer(parser: fastyaml.FastParser, raw: bytes) -> object:
    """Return what the fast path itself says about raw (None: it leaves raw to the others)."""
    text, _problem = decode(raw)
    if text is None or _scan_text(raw, text):
        return None
    return parser.load(raw, text)


def _assert_same(raws: Iterable[bytes]) -> tuple[int, int]:
    """Assert fast == careful for each input; return (inputs, how many the fast path answered)."""
    parser = fastyaml.FastParser()
    seen = answered = 0
    with fastyaml.quiet_stderr():
        for raw in raws:
            careful = pack(load_bytes(raw))
            assert load_packed(raw, parser) == careful, f"the fast path differs on {raw!r}"
            seen += 1
            answered += _fast_answer(parser, raw) is not None
    return seen, answered


def _texts_in_tests() -> list[bytes]:
    """Every string and bytes constant in the test files: the hostile inputs and fixtures."""
    found: set[bytes] = set()
    for path in sorted((REPO / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str | bytes):
                value = node.value
                raw = value.encode("utf-8", "surrogatepass") if isinstance(value, str) else value
                if raw:
                    found.add(raw)
    return sorted(found)


def test_every_text_in_the_tests_reads_the_same() -> None:
    seen, answered = _assert_same(_texts_in_tests())
    assert seen > 1000 and answered > 100


def test_the_repository_data_reads_the_same() -> None:
    files = _yaml_files(REPO / "data") + _yaml_files(REPO / "tests")
    seen, answered = _assert_same(p.read_bytes() for p in files)
    assert answered >= seen // 2


@pytest.mark.parametrize("small", [False, True], ids=["large", "small"])
def test_a_generated_programme_reads_the_same_and_all_of_it_fast(
    tmp_path: Path, small: bool
) -> None:
    root = _generated(tmp_path / "prog", 40, small=small)
    companies = _yaml_files(root / "data" / "companies")
    seen, answered = _assert_same(p.read_bytes() for p in companies)
    assert answered == seen == len(companies)
    _assert_same(p.read_bytes() for p in _yaml_files(root / "data"))


# Hand-written inputs, one group per difference between rapidyaml and libyaml the fast path
# must handle; each is read whole, as a file (a few also end without a line break).
TRICKY: dict[str, list[str]] = {
    "duplicate keys": [
        "a: 1\na: 2\n",
        "a: {b: 1, b: 2}\n",
        "- {x: 1, x: 1}\n",
        "a:\n  b: 1\n  c: 2\n  b: 3\n",
        "'a': 1\na: 2\n",
        "\"a\": 1\n'a': 2\n",
    ],
    "anchors, aliases, tags": [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: !custom x\n",
        "a: &anchor\n  b: 1\n",
        "a: [*x]\n",
        "? !!str a\n: b\n",
    ],
    "merge keys": [
        "base: {a: 1}\nother:\n  <<: {a: 2}\n  b: 3\n",
        "<<: {a: 1}\n",
        "a:\n  <<: x\n  <<: y\n",
    ],
    "documents and directives": [
        "---\na: 1\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\n...\n",
        "a: 1\n...\nb: 2\n",
        "%YAML 1.2\n---\na: 1\n",
        "%TAG ! tag:x,2000:\n---\na: 1\n",
        "--- a: 1\n",
        "a: ---\n",
        "a: ...\n",
    ],
    "double-quoted escapes": [
        'a: "\\x41\\u00e9\\U0001F600"\n',
        'a: "\\N\\_\\L\\P"\n',
        'a: "tab\\there"\n',
        'a: "\\0"\n',
        'a: "\\e"\n',
        'a: "\\x85"\n',
        'a: "\\"quoted\\" \\\\ back"\n',
        'a: "line\\\n  joined"\n',
        'a: "\\q"\n',
        '"k\\ty": v\n',
        'a: ["\\x07"]\n',
    ],
    "single quotes": [
        "a: 'it''s'\n",
        "a: ''\n",
        "a: ''''\n",
        "a: 'two\n  lines'\n",
        "a: 'two\n\n  paragraphs'\n",
        "a: 'unclosed\n",
    ],
    "block scalars": [
        "a: |\n  one\n  two\n",
        "a: |-\n  one\n",
        "a: |+\n  one\n\n",
        "a: >\n  folded\n  text\n\n  para\n",
        "a: >-\n  x\n",
        "a: |2\n   indented\n",
        "a: |\n  no final break",
        "a: >\n",
        "a: |\n\nb: 1\n",
        "a: >+2text\n",
        "- |\n  x\n- >\n  y\n",
    ],
    "multi-line plain scalars": [
        "a: one\n  two\n   three\n",
        "a: one\n\n  two\n",
        "- one\n  two\n",
        "a: x\n  # not a comment\n",
        "a: trailing   \n",
        "a: one  \n  two  \n",
    ],
    "scalars of YAML 1.1 and 1.2": [
        "a: yes\nb: no\nc: on\nd: off\ne: y\nf: n\n",
        "a: true\nb: false\nc: True\nd: FALSE\n",
        "a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: nULL\n",
        "a: '~'\nb: 'null'\nc: \"Null\"\nd: ''\n",
        "a: 0o17\nb: 0x1F\nc: 017\nd: 1_000\ne: +1\nf: -0\ng: 0\n",
        "a: 1.5\nb: .5\nc: 5.\nd: 1e3\ne: 1E3\nf: -.5\ng: +.5\nh: 1.e3\n",
        "a: .inf\nb: -.inf\nc: .NaN\nd: .nan\n",
        "a: 2016-01-01\nb: 2016-01-01T10:00:00Z\nc: 12:30:00\n",
        "a: [1, true, ~, null, '', x]\n",
        "- ~\n- \n- null\n",
        "a: 12345678901234567890123\n",
    ],
    "keys": [
        ": x\n",
        "'': x\n",
        '"": x\n',
        "~: x\n",
        "null: x\n",
        "Null: x\n",
        "NULL: x\n",
        "1: x\n2.5: y\ntrue: z\n",
        "[a, b]: x\n",
        "{a: 1}: x\n",
        "? a\n: b\n",
        "? [a]\n: b\n",
        "? a\n? a\n",
        "a:\n  ? b\n  : c\n  ? b\n  : d\n",
        "'a\n  b': c\n",
        '"a\n  b": c\n',
        "x': 'y\n  z': v'\n",
        "a: 'y\n  z': v'\n",
        "k" * 1100 + ": v\n",
        "'" + "k" * 1100 + "': v\n",
        "a: {" + "k" * 1100 + ": v}\n",
    ],
    "depth": [
        "a: " + "[" * 19 + "]" * 19 + "\n",
        "a: " + "[" * 20 + "]" * 20 + "\n",
        "a: " + "[" * 25 + "x" + "]" * 25 + "\n",
        "".join("  " * i + f"k{i}:\n" for i in range(19)) + "  " * 19 + "v: 1\n",
        "".join("  " * i + f"k{i}:\n" for i in range(21)) + "  " * 21 + "v: 1\n",
        "a:\n" + "".join("  " * i + "- \n" for i in range(1, 25)),
        "a: " + "- " * 25 + "x\n",
        "a: " + "{b: " * 30 + "1" + "}" * 30 + "\n",
    ],
    "values cut by a comment": [
        "name: Fjordfisk #1 AS\n",
        "name: Fjordfisk  #1 AS\n",
        "name: Fjordfisk # a comment\n",
        "name: Fjordfisk ## two\n",
        "name: 'Fjordfisk #1 AS'\n",
        "- a #b\n- c\n",
        "a: {b: c #d\n}\n",
        "a: x #\n",
        "a: x #\r\n",
        "a: [x #y\n]\n",
    ],
    "byte order marks, line ends, spaces": [
        "\ufeffa: 1\n",
        "\ufeff\ufeffa: 1\n",
        "a: 1\n\ufeffb: 2\n",
        "a: \ufeff1\n",
        "a: 1\r\nb: 2\r\n",
        "a: 1\rb: 2\r",
        "a: 1\r\n  b\r\n",
        "a: 1   \nb: 2 \t\n",
        "a: 1",
        "\n\n\na: 1\n\n\n",
        "a: 1\u2028b: 2\n",
        "a: x\u2029y\n",
        "a: x\u0085y\n",
        "a: x\u00a0y\n",
    ],
    "where rapidyaml is more lenient than libyaml": [
        "a:\n  b: 1\n c: 2\n",
        "a:\n  - x\n  b: 1\n",
        "- a\nb: 1\n",
        "a:\n- x\nb:\n  - y\n - z\n",
        "a: b: c\n",
        "a: [1, 2\n",
        "a: {b: 1\n",
        "a: 'unclosed\n",
        'a: "unclosed\n',
        "a: 1\n- b\n",
        "a:b\n",
        "a: {b:c}\n",
        "a: [b:c]\n",
        "a: {b: 1} -\n",
        "- {date: 2016-01-01, status: contacted} -\n",
        "a: [1] x\n",
        "a: {b: 1}x\n",
        "}kind: x\n",
        "a: }\n",
        "a: ]x\n",
        "a:\n  - ]\n",
        "a: `code`\n",
        "`a`: x\n",
        "a: @x\n",
        "a: post@example.no\n",
        "a: {b: @x}\n",
        "a: %x\n",
        "a: {%x: 1}\n",
        "a: :x\n",
        "a: {b: :x}\n",
        "a: {date:?  1, b: 2}\n",
        "a: {b\n\n  c: d}\n",
        "a: {'b\n  c': d}\n",
        "a:\n\tb: 1\n",
        "a: -\n",
        "a:\n  -\n  - x\n",
        "- - x\n  - y\n",
        "a: b\n  c: d\n",
        "? a\n? a\n: b\n",
        "a: 'x' y\n",
        'a: "x" y\n',
        "a: [x, y]]\n",
        "a: {x: y}}\n",
        "a: [,]\n",
        "a: {,}\n",
        "a: [x,,y]\n",
        "a: [ ]\n",
        "a: { }\n",
        "a: [x, ]\n",
        "<<<<<<< HEAD\na: 1\n=======\na: 2\n>>>>>>> other\n",
    ],
}


def _tricky() -> list[tuple[str, str]]:
    return [
        (f"{group}/{index}", text)
        for group, texts in TRICKY.items()
        for index, text in enumerate(texts)
    ]


@pytest.mark.parametrize(("name", "text"), _tricky(), ids=[name for name, _text in _tricky()])
def test_tricky_yaml_reads_the_same(name: str, text: str) -> None:
    raw = text.encode("utf-8")
    _assert_same([raw])


def test_the_fast_path_answers_the_plain_cases_itself() -> None:
    """The guards leave ordinary files to rapidyaml, so the fast path is really used."""
    parser = fastyaml.FastParser()
    plain = [
        "a: 1\nb: [x, 'y', \"z\"]\nc: {d: 2016-01-01, e: ~}\n",
        "name: Ål Aas AS\ncontact:\n  email: post@aas.example.no\n",
        "history:\n  - {date: 2015-06-27, status: identified}\n",
        "a:\nb: ''\nc: 'it''s'\nd: yes\ne: true\nf: -0\n",
    ]
    for text in plain:
        raw = text.encode("utf-8")
        assert _fast_answer(parser, raw) == pack(load_bytes(raw))[0]


MUTANT_INSERTS = [
    ": ", "#", " #x", " # x", "'", '"', "&a ", "*a", "!x ", "\t", "- ", "? ", "[", "]", "{", "}",
    ",", "|", ">", "|-", ">+2", "---", "...", "%YAML 1.2", "%", "@", "`", "~", "null", "<<: ",
    "\\", '"\\x41"', '"\\t"', "\r", "  ", ": x: y", "-", "'' ", ":", ":x", "x:", "\ufeff",
    "\u00e9", "\u0085", "\u2028", "[]", "{}", "\n", "\n  ", "\n- ", " - ", "\x0b", ".5", "0o7",
]  # fmt: skip


def _mutants(seeds: list[bytes], count: int, rng: random.Random) -> Iterable[bytes]:
    """Yield count mutants: lines deleted, doubled, indented, dedented, cut, or text inserted."""
    for _ in range(count):
        lines = rng.choice(seeds).decode("utf-8").split("\n")
        for _edit in range(rng.randint(1, 3)):
            at = rng.randrange(len(lines))
            line = lines[at]
            edit = rng.randrange(7)
            if edit == 0:
                del lines[at]
            elif edit == 1:
                lines.insert(at, line)
            elif edit == 2:
                lines[at] = "  " + line
            elif edit == 3:
                lines[at] = line[1:] if line.startswith(" ") else line[2:]
            elif edit == 4:
                cut = rng.randint(0, len(line))
                lines[at] = line[:cut] + rng.choice(MUTANT_INSERTS) + line[cut:]
            elif edit == 5:
                lines[at] = line.rstrip() + rng.choice(["  ", " #c", " # c", ":", " -", " }"])
            else:
                lines[at] = line[: rng.randint(0, len(line))]
            if not lines:
                lines = [""]
        yield "\n".join(lines).encode("utf-8")


def test_a_seeded_mutation_fuzz_of_real_files_reads_the_same(tmp_path: Path) -> None:
    root = _generated(tmp_path / "prog", 30)
    seeds = [p.read_bytes() for p in _yaml_files(root / "data")]
    seeds += [p.read_bytes() for p in _yaml_files(REPO / "data")]
    seen, answered = _assert_same(_mutants(seeds, 4000, random.Random(16)))
    assert seen == 4000 and answered > 400


# End to end: the installed bif, fast path on and off, on a programme big enough to use it.

BROKEN: dict[str, str] = {
    "lenient-indent": "name: X\n  region: y\n region: z\n",
    "lenient-tail": "history:\n  - {date: 2016-01-01, status: contacted} -\n",
    "lenient-close": "name: X\nregion: }y\n",
    "lenient-at": "name: @X\n",
    "lenient-flow-key": "contact: {name\n\n  x: y}\n",
    "lenient-quoted-key": "name: 'y\n  z': v'\n",
    "ryml-error": "name: [1, 2\n",
    "duplicate": "name: X\nname: Y\n",
    "escape": 'name: "\\x07"\n',
    "cut": "name: Fjordfisk #1 AS\n",
    "deep": "name: " + "[" * 25 + "]" * 25 + "\n",
    "not-a-mapping": "- a\n",
    "empty": "# nothing\n",
}


def _run(root: Path, *args: str, fast: bool, parallel: bool = False) -> tuple[int, str, str]:
    env = {**os.environ, "BIF_TODAY": "2016-12-31", "BIF_FAST_YAML": "1" if fast else "0"}
    env["BIF_PARALLEL_MIN_FILES"] = "2" if parallel else "1000000"
    done = subprocess.run(
        [str(BIF), *args, "--no-cache", "--root", str(root)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


@pytest.fixture(scope="module")
def broken_programme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _generated(tmp_path_factory.mktemp("e2e") / "prog", 60)
    companies = sorted((root / "data" / "companies").glob("*.yaml"))
    for (name, text), path in zip(BROKEN.items(), companies, strict=False):
        path.with_name(f"{name}.yaml").write_text(text, encoding="utf-8")
        path.unlink()
    return root


@pytest.mark.parametrize("parallel", [False, True], ids=["one process", "forked"])
@pytest.mark.parametrize("form", [[], ["--format", "json"]], ids=["text", "json"])
def test_bif_check_says_the_same_with_the_fast_path_on_and_off(
    broken_programme: Path, form: list[str], parallel: bool
) -> None:
    careful = _run(broken_programme, "check", *form, fast=False, parallel=parallel)
    fast = _run(broken_programme, "check", *form, fast=True, parallel=parallel)
    assert fast == careful
    assert careful[0] == 1 and careful[2].count("ERROR: [parse]") == 0
    if form:
        codes = {p["code"] for p in json.loads(careful[1])["issues"]}
        assert {"BIF004", "BIF005", "BIF009", "BIF010", "BIF012"} <= codes


def test_a_clean_generated_programme_checks_the_same_fast(tmp_path: Path) -> None:
    root = _generated(tmp_path / "prog", 60, small=True)
    assert _run(root, "check", fast=True) == _run(root, "check", fast=False)
    assert _run(root, "check", fast=True)[0] == 0


def test_bif_check_runs_with_standard_error_closed(broken_programme: Path) -> None:
    """The fast path mutes rapidyaml's prints on standard error, and copes when there is none."""
    env = {**os.environ, "BIF_TODAY": "2016-12-31", "BIF_PARALLEL_MIN_FILES": "1000000"}
    command = f"'{BIF}' check --no-cache --root '{broken_programme}' 2>&-"
    closed = subprocess.run(["sh", "-c", command], capture_output=True, text=True, env=env)
    assert (closed.returncode, closed.stdout) == _run(broken_programme, "check", fast=True)[:2]
