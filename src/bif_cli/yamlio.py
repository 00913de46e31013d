"""The safe YAML loader: plain data where the schema decides types, and a mark for every node."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

MAX_BYTES = 1_000_000
MAX_DEPTH = 20

Loc = tuple[str | int, ...]
Mark = tuple[int, int]

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BAD_CHARS = re.compile(r"[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_CONFLICT = re.compile(r"^(?:<<<<<<<|=======|>>>>>>>|\|\|\|\|\|\|\|)(?: |\r?$)", re.MULTILINE)
_KIND_NAMES = {dict: "a mapping", list: "a list", str: "a single value", type(None): "nothing"}


@dataclass
class LoaderProblem:
    """A problem the loader found, before it is tied to a file path."""

    line: int
    column: int
    code: str
    message: str
    severity: str = "error"


@dataclass
class LoadedYaml:
    """A parsed file: plain data (dicts, lists, str, None) and where each node stands."""

    data: Any = None
    marks: dict[Loc, Mark] = field(default_factory=dict)
    key_marks: dict[Loc, Mark] = field(default_factory=dict)
    cut_by_comment: set[Loc] = field(default_factory=set)
    problems: list[LoaderProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def locate(self, loc: Loc, *, key: bool = False) -> Mark:
        """Return the line and column of loc, or of the nearest enclosing node that has one."""
        if key and loc in self.key_marks:
            return self.key_marks[loc]
        while loc:
            if loc in self.marks:
                return self.marks[loc]
            if loc in self.key_marks:
                return self.key_marks[loc]
            loc = loc[:-1]
        return self.marks.get((), (1, 1))


def _line_col_of(text: str, index: int) -> Mark:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def decode(raw: bytes) -> tuple[str | None, LoaderProblem | None]:
    """Decode UTF-8 (a BOM is fine), or say at which line the first bad byte stands."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = (
            f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); "
            "re-save it as UTF-8 (it may be Latin-1 or Windows-1252)"
        )
        return None, LoaderProblem(line, column, "BIF002", message)


def _scan_text(text: str) -> list[LoaderProblem]:
    problems = []
    conflict = _CONFLICT.search(text)
    if conflict:
        line, col = _line_col_of(text, conflict.start())
        problems.append(
            LoaderProblem(
                line,
                col,
                "BIF011",
                "unresolved merge conflict: keep the right version and remove the "
                "<<<<<<<, ======= and >>>>>>> lines",
            )
        )
    bad = _BAD_CHARS.search(text)
    if bad:
        line, col = _line_col_of(text, bad.start())
        if bad.group() == "\t":
            message = "tab character: indent with spaces, and write no tabs in values"
        else:
            message = f"control character U+{ord(bad.group()):04X} is not allowed; remove it"
        problems.append(LoaderProblem(line, col, "BIF010", message))
    return problems


def load_bytes(raw: bytes, *, expect_mapping: bool = True) -> LoadedYaml:
    """Parse one file's bytes into plain data with marks; problems are returned, never raised."""
    result = LoadedYaml()
    if len(raw) > MAX_BYTES:
        result.problems.append(
            LoaderProblem(
                1, 1, "BIF003", f"the file is {len(raw):,} bytes; at most {MAX_BYTES:,} are read"
            )
        )
        return result
    text, problem = decode(raw)
    if text is None:
        assert problem is not None
        result.problems.append(problem)
        return result
    result.problems.extend(_scan_text(text))
    if result.problems:
        return result
    _Builder(text, result).run()
    if result.ok and expect_mapping and not isinstance(result.data, dict):
        if result.data is None:
            message = "the file is empty; it should hold a mapping of fields (key: value)"
        else:
            found = _KIND_NAMES.get(type(result.data), "something else")
            message = f"expected a mapping of fields (key: value) at the top, found {found}"
        result.problems.append(LoaderProblem(1, 1, "BIF012", message))
    return result


def load_file(path: Path, *, expect_mapping: bool = True) -> LoadedYaml:
    """Read and parse one YAML file; an unreadable file becomes a problem."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        result = LoadedYaml()
        reason = exc.strerror or exc.__class__.__name__
        result.problems.append(LoaderProblem(1, 1, "BIF001", f"cannot read the file: {reason}"))
        return result
    return load_bytes(raw, expect_mapping=expect_mapping)


class _Abort(Exception):
    """Stop building: the rest of the file cannot be trusted."""


class _Builder:
    """Turn parser events into plain data, refusing what bif's files never need."""

    def __init__(self, text: str, result: LoadedYaml) -> None:
        self.text = text
        self.result = result
        self.hash_lines: set[int] | None = None
        # Each frame: [container, loc, pending key or None, seen keys {key: line}]
        self.stack: list[list[Any]] = []

    def problem(self, mark: Any, code: str, message: str, severity: str = "error") -> None:
        self.result.problems.append(
            LoaderProblem(mark.line + 1, mark.column + 1, code, message, severity)
        )

    def run(self) -> None:
        loader = _EventLoader(self.text)
        documents = 0
        try:
            while loader.check_event():
                event: Any = loader.get_event()
                kind = type(event)
                if kind is yaml.ScalarEvent:
                    self.scalar(event)
                elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                    self.start(event, {} if kind is yaml.MappingStartEvent else [])
                elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                    self.end()
                elif kind is yaml.AliasEvent:
                    self.problem(
                        event.start_mark,
                        "BIF006",
                        f"alias *{event.anchor} is not allowed; write the value out in full",
                    )
                    raise _Abort
                elif kind is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        self.problem(
                            event.start_mark,
                            "BIF004",
                            "a second YAML document (---) in one file; keep one per file",
                        )
                        raise _Abort
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            reason = exc.problem or "invalid YAML"
            if mark is None:
                self.result.problems.append(LoaderProblem(1, 1, "BIF004", f"YAML error: {reason}"))
            else:
                self.problem(mark, "BIF004", f"YAML syntax error: {reason}")
        except yaml.YAMLError as exc:
            self.result.problems.append(LoaderProblem(1, 1, "BIF004", f"YAML error: {exc}"))
        except _Abort:
            pass
        finally:
            loader.dispose()

    def refuse_decorations(self, event: Any) -> None:
        if event.anchor is not None:
            self.problem(
                event.start_mark,
                "BIF006",
                f"anchor &{event.anchor} is not allowed; write each value out in full",
            )
            raise _Abort
        if event.tag is not None:
            self.problem(
                event.start_mark,
                "BIF007",
                f"explicit tag {event.tag!r} is not allowed; remove it (bif decides the types)",
            )
            raise _Abort

    def place(self, value: Any, event: Any) -> tuple[Loc, bool]:
        """Put a finished node into its parent; return its loc and whether it was a key."""
        mark = (event.start_mark.line + 1, event.start_mark.column + 1)
        if not self.stack:
            self.result.data = value
            self.result.marks[()] = mark
            return (), False
        frame = self.stack[-1]
        container, loc = frame[0], frame[1]
        if isinstance(container, list):
            child: Loc = (*loc, len(container))
            container.append(value)
            self.result.marks[child] = mark
            return child, False
        if frame[2] is None:
            if not isinstance(value, str):
                self.problem(
                    event.start_mark,
                    "BIF008",
                    "a key must be a plain name (for example `status:`), not a list or mapping",
                )
                raise _Abort
            seen = frame[3]
            if value in seen:
                self.problem(
                    event.start_mark,
                    "BIF005",
                    f"duplicate key '{value}' (first at line {seen[value]}); keep only one",
                )
            else:
                seen[value] = mark[0]
            frame[2] = value
            self.result.key_marks[(*loc, value)] = mark
            return (*loc, value), True
        key = frame[2]
        frame[2] = None
        child = (*loc, key)
        if key not in container:
            container[key] = value
        self.result.marks[child] = mark
        return child, False

    def scalar(self, event: Any) -> None:
        self.refuse_decorations(event)
        plain = not event.style
        value = event.value
        if plain and value in _NULLS:
            is_key_slot = (
                self.stack and isinstance(self.stack[-1][0], dict) and self.stack[-1][2] is None
            )
            if is_key_slot:
                self.problem(event.start_mark, "BIF008", "a key is empty; write a field name")
                raise _Abort
            value = None
        loc, is_key = self.place(value, event)
        if plain and not is_key and value is not None and self.followed_by_comment(event):
            self.result.cut_by_comment.add(loc)

    def followed_by_comment(self, event: Any) -> bool:
        if self.hash_lines is None:
            self.hash_lines = set()
            start = self.text.find(" #")
            while start != -1:
                self.hash_lines.add(self.text.count("\n", 0, start))
                start = self.text.find(" #", start + 2)
        end = event.end_mark
        if end.line not in self.hash_lines:
            return False
        line_end = self.text.find("\n", end.index)
        rest = self.text[end.index : line_end if line_end != -1 else len(self.text)]
        # `Fjordfisk #1 AS` lost its tail; `value  # a comment` is a deliberate comment.
        stripped = rest.lstrip(" ")
        return (
            rest.startswith(" ")
            and stripped.startswith("#")
            and len(stripped) > 1
            and stripped[1] not in " #"
        )

    def start(self, event: Any, container: Any) -> None:
        self.refuse_decorations(event)
        if len(self.stack) >= MAX_DEPTH:
            self.problem(
                event.start_mark,
                "BIF009",
                f"nesting deeper than {MAX_DEPTH} levels; bif's files are never this deep",
            )
            raise _Abort
        loc, is_key = self.place(container, event)
        if is_key:
            self.problem(
                event.start_mark,
                "BIF008",
                "a key must be a plain name (for example `status:`), not a list or mapping",
            )
            raise _Abort
        self.stack.append([container, loc, None, {}])

    def end(self) -> None:
        self.stack.pop()
