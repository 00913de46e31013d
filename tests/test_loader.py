"""The safe loader: the schema decides types, and every refusal has a line and a clear message."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest
import yaml

from bif_cli.io.yamlio import MAX_BYTES, MAX_DEPTH, load_bytes


def only_problem(raw: bytes) -> tuple[int, int, str, Message]:
    """Return the one problem's place, code, and its message as data (id and arguments)."""
    result = load_bytes(raw)
    assert len(result.problems) == 1, result.problems
    p = result.problems[0]
    return p.line, p.column, p.code, Message(p.text, dict(p.args))


@dataclass
class Message:
    text: str
    args: dict[str, object]


@pytest.mark.parametrize("word", ["NO", "no", "yes", "on", "off", "Yes", "OFF", "n", "y"])
def test_norway_problem_words_stay_strings(word: str) -> None:
    assert load_bytes(f"country: {word}\n".encode()).data == {"country": word}


def test_dovre_stays_0511_where_pyyaml_reads_octal() -> None:
    assert yaml.safe_load("municipality: 0511\n") == {"municipality": 329}
    assert load_bytes(b"municipality: 0511\n").data == {"municipality": "0511"}


def test_sexagesimal_and_numbers_stay_text() -> None:
    data = load_bytes(b"time: 12:30\nmoney: 250 000\nfloat: 1e3\nint: 42\n").data
    assert data == {"time": "12:30", "money": "250 000", "float": "1e3", "int": "42"}


def test_null_forms_are_the_only_resolved_values() -> None:
    data = load_bytes(b'a: ~\nb: null\nc:\nd: "null"\ne: true\n').data
    assert data == {"a": None, "b": None, "c": None, "d": "null", "e": "true"}


def test_impossible_date_reaches_the_model_as_text() -> None:
    # The loader keeps `2014-13-01` as text; the model's date field reports it with a line.
    assert load_bytes(b"date: 2014-13-01\n").data == {"date": "2014-13-01"}


def test_duplicate_key_names_both_lines() -> None:
    line, column, code, message = only_problem(b"name: A\nstatus: x\nname: B\n")
    assert (line, column, code) == (3, 1, "BIF005")
    assert message == Message("BIF005.duplicate_key", {"key": "name", "first_line": 1})


def test_anchor_is_refused() -> None:
    line, _col, code, message = only_problem(b"a: &base {x: 1}\nb: 2\n")
    assert (line, code) == (1, "BIF006")
    assert message == Message("BIF006.anchor", {"anchor": "base"})


def test_alias_is_refused() -> None:
    # An alias without its anchor is a YAML error; with the anchor, the anchor is refused first.
    result = load_bytes(b"a: 1\nb: *x\n")
    assert result.problems and result.problems[0].line == 2


@pytest.mark.parametrize(
    "text", ["a: !!python/object/apply:os.system ['true']\n", "a: !!str 1\n", "a: !custom x\n"]
)
def test_tags_are_refused(text: str) -> None:
    line, _col, code, message = only_problem(text.encode())
    assert (line, code) == (1, "BIF007")
    assert message.text == "BIF007.tag"


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for index in range(1, 10):
        prev, name = chr(ord("a") + index - 1), chr(ord("a") + index)
        lines.append(f"{name}: &{name} [{','.join('*' + prev for _ in range(9))}]")
    started = time.perf_counter()
    result = load_bytes(("\n".join(lines) + "\n").encode())
    assert time.perf_counter() - started < 0.5
    assert result.problems[0].code == "BIF006"


def test_file_over_one_megabyte_is_refused() -> None:
    line, _col, code, message = only_problem(b"a: " + b"x" * MAX_BYTES + b"\n")
    assert (line, code) == (1, "BIF003")
    assert message == Message("BIF003.too_big", {"limit": MAX_BYTES})


def test_latin1_file_is_reported_at_the_bad_byte() -> None:
    line, column, code, message = only_problem("name: Ok\nplace: Vågå\n".encode("latin-1"))
    assert (line, column, code) == (2, 9, "BIF002")
    assert message == Message("BIF002.encoding", {"byte": "e5"})


def test_tab_is_refused_with_its_place() -> None:
    line, column, code, message = only_problem(b"a:\n  b: 1\n\tc: 2\n")
    assert (line, column, code) == (3, 1, "BIF010")
    assert message.text == "BIF010.tab"


def test_control_character_is_refused() -> None:
    line, _col, code, _msg = only_problem(b"a: ok\nb: bad\x07bell\n")
    assert (line, code) == (2, "BIF010")


def test_merge_conflict_markers() -> None:
    text = b"name: A\n<<<<<<< HEAD\nstatus: x\n=======\nstatus: y\n>>>>>>> branch\n"
    line, _col, code, message = only_problem(text)
    assert (line, code) == (2, "BIF011")
    assert message.text == "BIF011.conflict"


@pytest.mark.parametrize("raw", [b"", b"\n\n", b"# only a comment\n"])
def test_empty_file(raw: bytes) -> None:
    line, _col, code, message = only_problem(raw)
    assert (line, code) == (1, "BIF012")
    assert message.text == "BIF012.empty"


@pytest.mark.parametrize(("raw", "found"), [(b"- a\n- b\n", "list"), (b"hello\n", "single_value")])
def test_list_or_scalar_where_a_mapping_belongs(raw: bytes, found: str) -> None:
    _line, _col, code, message = only_problem(raw)
    assert code == "BIF012"
    assert message == Message("BIF012.not_mapping", {"found": found})


def test_deep_nesting_is_refused() -> None:
    raw = ("a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n").encode()
    _line, _col, code, message = only_problem(raw)
    assert code == "BIF009"
    assert message == Message("BIF009.too_deep", {"limit": MAX_DEPTH})


def test_non_text_key_is_refused() -> None:
    _line, _col, code, _msg = only_problem(b"? [a, b]\n: 1\n")
    assert code == "BIF008"


def test_syntax_error_has_line_and_column() -> None:
    line, _col, code, message = only_problem(b"a: 1\nb: [unclosed\nc: 3\n")
    assert code == "BIF004"
    assert line >= 2
    assert message.text == "BIF004.syntax"


def test_bom_and_crlf_are_fine() -> None:
    result = load_bytes(b"\xef\xbb\xbfname: A\r\nlist: [x, y]\r\nnested:\r\n  k: v\r\n")
    assert result.problems == []
    assert result.data == {"name": "A", "list": ["x", "y"], "nested": {"k": "v"}}
    assert result.marks[("nested", "k")] == (4, 6)


def test_every_node_has_a_mark() -> None:
    result = load_bytes(b"a: 1\nlist:\n  - {x: 1, y: two}\n  - z\n")
    assert result.marks[("a",)] == (1, 4)
    assert result.key_marks[("list",)] == (2, 1)
    assert result.marks[("list", 0, "y")] == (3, 15)
    assert result.marks[("list", 1)] == (4, 5)
    assert result.locate(("list", 0, "missing")) == (3, 5)


def test_text_cut_short_by_hash_is_noticed() -> None:
    result = load_bytes(b"name: Fjordfisk #1 AS\nowner: Fylket  # a real comment\n")
    assert result.data == {"name": "Fjordfisk", "owner": "Fylket"}
    assert result.cut_by_comment == {("name",)}
