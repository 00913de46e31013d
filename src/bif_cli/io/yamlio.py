"""The safe YAML loader: plain data where the schema decides types, and a mark for every node."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from bif_cli.domain.programme import Loc
from bif_cli.errors import args
from bif_cli.io.collector import paused_gc
from bif_cli.texts import Arg, Args

if TYPE_CHECKING:
    from bif_cli.io.fastyaml import FastParser

try:
    from yaml import CSafeLoader as _EventLoader
    from yaml._yaml import CParser as _CParser

    _HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

    _CParser = object  # type: ignore[misc,assignment]
    _HAVE_LIBYAML = False

MAX_BYTES = 1_000_000
MAX_DEPTH = 20


Mark = tuple[int, int]

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BAD_CHARS = re.compile(r"[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_CONFLICT = re.compile(r"^(?:<<<<<<<|=======|>>>>>>>|\|\|\|\|\|\|\|)(?: |\r?$)", re.MULTILINE)
_KIND_NAMES = {dict: "mapping", list: "list", str: "single_value", type(None): "nothing"}


@dataclass
class LoaderProblem:
    """A problem the loader found, before it is tied to a file path."""

    line: int
    column: int
    code: str
    text: str  # a message id in texts.MESSAGES
    severity: str = "error"
    args: Args = ()


class LoadedYaml:
    """A parsed file: plain data (dicts, lists, str, None) and where each node stands.

    The marks of a file that came from the cache or a worker process are computed on first
    use, by parsing its bytes again: they are needed only to locate a problem, and leaving
    them out makes the cache and the parallel parser several times cheaper.
    """

    __slots__ = ("data", "_marks", "_key_marks", "cut_by_comment", "problems", "_raw", "source")

    def __init__(
        self,
        data: Any = None,
        marks: dict[Loc, Mark] | None = None,
        key_marks: dict[Loc, Mark] | None = None,
        cut_by_comment: set[Loc] | None = None,
        problems: list[LoaderProblem] | None = None,
    ) -> None:
        self.data = data
        self._marks = {} if marks is None else marks
        self._key_marks = {} if key_marks is None else key_marks
        self.cut_by_comment = set() if cut_by_comment is None else cut_by_comment
        self.problems = [] if problems is None else problems
        self._raw: bytes | None = None
        self.source: bytes | None = None  # the file's bytes as read, to show problem lines

    @classmethod
    def with_lazy_marks(
        cls, raw: bytes, data: Any, cut_by_comment: set[Loc], problems: list[LoaderProblem]
    ) -> LoadedYaml:
        """Return a result whose marks are computed from raw (the file's bytes) when first used."""
        result = cls(data, None, None, cut_by_comment, problems)
        result._marks = result._key_marks = None  # type: ignore[assignment]
        result._raw = raw
        return result

    def _fill_marks(self) -> None:
        full = load_bytes(self._raw) if self._raw is not None else LoadedYaml()
        self._marks, self._key_marks, self._raw = full.marks, full.key_marks, None

    @property
    def marks(self) -> dict[Loc, Mark]:
        if self._marks is None:
            self._fill_marks()
        return self._marks

    @marks.setter
    def marks(self, value: dict[Loc, Mark]) -> None:
        self._marks = value

    @property
    def key_marks(self) -> dict[Loc, Mark]:
        if self._key_marks is None:
            self._fill_marks()
        return self._key_marks

    @key_marks.setter
    def key_marks(self, value: dict[Loc, Mark]) -> None:
        self._key_marks = value

    def _values(self) -> tuple[Any, ...]:
        return (self.data, self.marks, self.key_marks, self.cut_by_comment, self.problems)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LoadedYaml):
            return NotImplemented
        return self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"LoadedYaml(data={self.data!r}, marks={self.marks!r}, key_marks={self.key_marks!r}, "
            f"cut_by_comment={self.cut_by_comment!r}, problems={self.problems!r})"
        )

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
        byte = args(byte=f"{raw[exc.start]:02x}")
        return None, LoaderProblem(line, column, "BIF002", "BIF002.encoding", args=byte)


_CONFLICT_MARKS = ("<<<<<<<", "=======", ">>>>>>>", "|||||||")
_CONFLICT_BYTES = tuple(mark.encode() for mark in _CONFLICT_MARKS)
# The bytes that can stand for a character _BAD_CHARS finds: the ASCII ones themselves, and
# the first byte of U+0080-U+00BF (the C1 controls among them) and of U+F000-U+FFFF (U+FFFE
# and U+FFFF). Bytes with none of them, and no conflict marker, need no look at the text.
_SUSPECT = {*range(0x00, 0x0A), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xC2, 0xEF}
_NOT_SUSPECT = bytes(sorted(set(range(256)) - _SUSPECT))


def _scan_text(raw: bytes, text: str) -> list[LoaderProblem]:
    """Return the conflict marker and the tab or control character in text (raw, decoded)."""
    if not raw.translate(None, _NOT_SUSPECT) and not any(m in raw for m in _CONFLICT_BYTES):
        return []  # the bytes hold nothing that could be either (one scan in C)
    problems = []
    conflict = _CONFLICT.search(text) if any(m in text for m in _CONFLICT_MARKS) else None
    if conflict:
        line, col = _line_col_of(text, conflict.start())
        problems.append(
            LoaderProblem(
                line,
                col,
                "BIF011",
                "BIF011.conflict",
            )
        )
    bad = _BAD_CHARS.search(text)
    if bad:
        line, col = _line_col_of(text, bad.start())
        if bad.group() == "\t":
            problems.append(LoaderProblem(line, col, "BIF010", "BIF010.tab"))
        else:
            codepoint = args(codepoint=f"{ord(bad.group()):04X}")
            problems.append(LoaderProblem(line, col, "BIF010", "BIF010.control", args=codepoint))
    return problems


def load_bytes(raw: bytes, *, expect_mapping: bool = True) -> LoadedYaml:
    """Parse one file's bytes into plain data with marks; problems are returned, never raised."""
    result = LoadedYaml()
    if len(raw) > MAX_BYTES:
        result.problems.append(
            LoaderProblem(
                1,
                1,
                "BIF003",
                "BIF003.too_big",
                args=args(limit=MAX_BYTES),
            )
        )
        return result
    text, problem = decode(raw)
    if text is None:
        assert problem is not None
        result.problems.append(problem)
        return result
    result.problems.extend(_scan_text(raw, text))
    if result.problems:
        return result
    if not _fast_build(text, result):
        result = LoadedYaml()
        _Builder(text, result).run()
    if result.ok and expect_mapping and not isinstance(result.data, dict):
        if result.data is None:
            result.problems.append(LoaderProblem(1, 1, "BIF012", "BIF012.empty"))
        else:
            found = args(found=_KIND_NAMES.get(type(result.data), "something_else"))
            result.problems.append(LoaderProblem(1, 1, "BIF012", "BIF012.not_mapping", args=found))
    return result


def read_raw(
    path: Path, root: Path | None = None, folders: dict[str, Path] | None = None
) -> bytes | LoadedYaml:
    """Read a file's bytes (at most one more than MAX_BYTES), or return the problem result.

    Only a regular file that resolves inside root (its folder, when root is not given) is
    read: a fifo, a device or a link out of the programme is a problem, never opened.
    """
    from bif_cli.io.safefile import Refused, read_regular

    result = LoadedYaml()
    try:
        return read_regular(root or path.parent, path, MAX_BYTES + 1, folders)
    except Refused as refused:
        result.problems.append(LoaderProblem(1, 1, refused.code, refused.text, args=refused.args_))
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        result.problems.append(
            LoaderProblem(1, 1, "BIF001", "BIF001.unreadable", args=args(reason=reason))
        )
    return result


def load_file(path: Path, *, expect_mapping: bool = True, root: Path | None = None) -> LoadedYaml:
    """Read and parse one YAML file; an unreadable file becomes a problem."""
    raw = read_raw(path, root)
    if isinstance(raw, LoadedYaml):
        return raw
    return load_bytes(raw, expect_mapping=expect_mapping)


# Below this many files a second process costs more (fork, and sending the results back)
# than it saves; bench/run.py measures both sides (BIF_PARALLEL_MIN_FILES overrides it).
PARALLEL_MIN_FILES = 1000

Packed = tuple[Any, list[Loc], list[tuple[int, int, str, str, str, Args]]]


def load_packed(raw: bytes, fast: FastParser | None = None) -> Packed:
    """Parse one file's bytes into packed form (no marks): the bulk path of load_many.

    Only a file a fast path reads without any problem is done here (rapidyaml's when fast
    is given, else libyaml's node tree); anything else goes through load_bytes, so the
    problems are exactly what load_bytes reports.
    """
    if len(raw) <= MAX_BYTES:
        text, _problem = decode(raw)
        if text is not None and not _scan_text(raw, text):
            if fast is not None:
                data = fast.load(raw, text)
                if data is not None:
                    return data, [], []
            result = LoadedYaml()
            if _fast_build(text, result, with_marks=False) and isinstance(result.data, dict):
                return result.data, list(result.cut_by_comment), []
    return pack(load_bytes(raw))


def pack(result: LoadedYaml) -> Packed:
    """Return a result as plain data without its marks (for the cache and worker processes)."""
    problems = [(p.line, p.column, p.code, p.text, p.severity, p.args) for p in result.problems]
    return result.data, list(result.cut_by_comment), problems


def unpack(raw: bytes, packed: Packed) -> LoadedYaml:
    """Rebuild a packed result; its marks are computed from raw if they are ever needed."""
    data, cut, problems = packed
    return LoadedYaml.with_lazy_marks(raw, data, set(cut), [LoaderProblem(*p) for p in problems])


def worth_forking(files: int) -> bool:
    """Tell whether work over this many files pays for a forked worker (and can have one)."""
    threshold = int(os.environ.get("BIF_PARALLEL_MIN_FILES") or PARALLEL_MIN_FILES)
    return files >= threshold and _processes() >= 2


def _processes() -> int:
    if not hasattr(os, "fork") or sys.platform == "darwin":  # fork is unsafe on macOS
        return 1
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def load_many(raws: list[bytes]) -> list[LoadedYaml]:
    """Parse many files' bytes, in two processes when there are enough of them to pay."""
    with paused_gc(), _fast_parser(len(raws)) as fast:
        if worth_forking(len(raws)):
            packed = _load_forked(raws, fast)
        else:
            packed = [load_packed(raw, fast) for raw in raws]
        return [unpack(raw, p) for raw, p in zip(raws, packed, strict=True)]


# Below this many files, importing rapidyaml (about 50 ms) costs more than it saves.
FAST_MIN_FILES = 50


@contextmanager
def _fast_parser(files: int) -> Iterator[FastParser | None]:
    """Yield rapidyaml's parser when it pays and is switched on, with its error prints muted."""
    from bif_cli.io import fastyaml

    if files < FAST_MIN_FILES or not fastyaml.enabled():
        yield None
        return
    try:
        parser = fastyaml.FastParser()
    except ImportError:  # pragma: no cover - a platform without a rapidyaml wheel
        yield None
        return
    with fastyaml.quiet_stderr():
        yield parser


def _load_forked(raws: list[bytes], fast: FastParser | None = None) -> list[Packed]:
    """Parse the second half in a forked worker (see io/forked.py), the first half here."""
    from bif_cli.io.forked import in_two_processes

    def parse(part: Sequence[bytes]) -> list[Packed]:
        return [load_packed(raw, fast) for raw in part]

    def sound(sent: Any, part: Sequence[bytes]) -> bool:
        return isinstance(sent, list) and len(sent) == len(part)

    return in_two_processes(raws, parse, sound)


def _hash_lines(text: str) -> set[int]:
    """Return the (0-based) lines on which ` #` occurs: the only places a value can be cut."""
    lines = set()
    start = text.find(" #")
    while start != -1:
        lines.add(text.count("\n", 0, start))
        start = text.find(" #", start + 2)
    return lines


def _cut_by_comment(text: str, hash_lines: set[int], end: Any) -> bool:
    """Tell whether a plain value that ends at the mark end was cut short by ` #`."""
    if end.line not in hash_lines:
        return False
    line_end = text.find("\n", end.index)
    rest = text[end.index : line_end if line_end != -1 else len(text)]
    # `Fjordfisk #1 AS` lost its tail; `value  # a comment` is a deliberate comment.
    stripped = rest.lstrip(" ")
    return (
        rest.startswith(" ")
        and stripped.startswith("#")
        and len(stripped) > 1
        and stripped[1] not in " #"
    )


class _NodeParser(_CParser):
    """libyaml's own composer, with type resolution switched off (bif keeps the typed text)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return "?"

    def descend_resolver(self, parent: Any, index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


class _Fallback(Exception):
    """The fast path met something unusual; the careful builder reads the file instead."""


# Beyond this many brackets a file could nest deep enough to strain libyaml's recursive composer.
_FAST_MAX_BRACKETS = 1000


def _fast_build(text: str, result: LoadedYaml, *, with_marks: bool = True) -> bool:
    """Build data and marks from libyaml's node tree; return False to leave it to _Builder.

    The node tree is built in C and is several times cheaper than handling every event in
    Python. It hides anchors, tags and duplicate keys, so any file that has `&`, `*` or `!`
    anywhere, or anything else the careful builder would report, goes the careful way: the
    fast path never reports a problem itself, so the problems are always the builder's.
    """
    if (
        not _HAVE_LIBYAML
        or "&" in text
        or "*" in text
        or "!" in text
        or text.count("[") + text.count("{") > _FAST_MAX_BRACKETS
    ):
        return False
    parser = _NodeParser(text)
    try:
        root = parser.get_single_node()
    except yaml.YAMLError:
        return False
    finally:
        parser.dispose()
    if root is None:
        return True
    marks = result.marks
    key_marks = result.key_marks
    cut = result.cut_by_comment
    nulls = _NULLS
    scalar_node = yaml.ScalarNode
    mapping_node = yaml.MappingNode
    hash_lines = _hash_lines(text) if " #" in text else None

    def build(node: Any, loc: Loc, depth: int) -> Any:
        if with_marks:
            mark = node.start_mark
            marks[loc] = (mark.line + 1, mark.column + 1)
        kind = type(node)
        if kind is scalar_node:
            value = node.value
            if node.style == '"' and _BAD_CHARS.search(value):
                raise _Fallback  # an escape made a control character: the builder says where
            if not node.style:
                if value in nulls:
                    return None
                if hash_lines is not None and _cut_by_comment(text, hash_lines, node.end_mark):
                    cut.add(loc)
            return value
        if depth >= MAX_DEPTH:
            raise _Fallback
        if kind is mapping_node:
            mapping: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if type(key_node) is not scalar_node:
                    raise _Fallback
                key = key_node.value
                if (
                    (not key_node.style and key in nulls)
                    or key in mapping
                    or (key_node.style == '"' and _BAD_CHARS.search(key))
                ):
                    raise _Fallback
                child = (*loc, key)
                if with_marks:
                    key_mark = key_node.start_mark
                    key_marks[child] = (key_mark.line + 1, key_mark.column + 1)
                mapping[key] = build(value_node, child, depth + 1)
            return mapping
        return [build(item, (*loc, index), depth + 1) for index, item in enumerate(node.value)]

    try:
        result.data = build(root, (), 0)
    except _Fallback:
        return False
    return True


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

    def problem(self, mark: Any, code: str, text: str, **values: Arg) -> None:
        self.result.problems.append(
            LoaderProblem(mark.line + 1, mark.column + 1, code, text, args=tuple(values.items()))
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
                        "BIF006.alias",
                        anchor=event.anchor,
                    )
                    raise _Abort
                elif kind is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        self.problem(
                            event.start_mark,
                            "BIF004",
                            "BIF004.documents",
                        )
                        raise _Abort
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            reason = exc.problem or "invalid YAML"
            if mark is None:
                self.result.problems.append(
                    LoaderProblem(1, 1, "BIF004", "BIF004.error", args=args(reason=reason))
                )
            else:
                self.problem(mark, "BIF004", "BIF004.syntax", reason=reason)
        except yaml.YAMLError as exc:
            self.result.problems.append(
                LoaderProblem(1, 1, "BIF004", "BIF004.error", args=args(reason=str(exc)))
            )
        except _Abort:
            pass
        finally:
            loader.dispose()

    def refuse_decorations(self, event: Any) -> None:
        if event.anchor is not None:
            self.problem(
                event.start_mark,
                "BIF006",
                "BIF006.anchor",
                anchor=event.anchor,
            )
            raise _Abort
        if event.tag is not None:
            self.problem(
                event.start_mark,
                "BIF007",
                "BIF007.tag",
                tag=event.tag,
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
                    "BIF008.not_plain",
                )
                raise _Abort
            seen = frame[3]
            if value in seen:
                self.problem(
                    event.start_mark,
                    "BIF005",
                    "BIF005.duplicate_key",
                    key=value,
                    first_line=seen[value],
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
        if event.style == '"':
            bad = _BAD_CHARS.search(value)
            if bad:
                self.problem(
                    event.start_mark,
                    "BIF010",
                    "BIF010.escaped",
                    codepoint=f"{ord(bad.group()):04X}",
                )
                raise _Abort
        if plain and value in _NULLS:
            is_key_slot = (
                self.stack and isinstance(self.stack[-1][0], dict) and self.stack[-1][2] is None
            )
            if is_key_slot:
                self.problem(event.start_mark, "BIF008", "BIF008.empty")
                raise _Abort
            value = None
        loc, is_key = self.place(value, event)
        if plain and not is_key and value is not None and self.followed_by_comment(event):
            self.result.cut_by_comment.add(loc)

    def followed_by_comment(self, event: Any) -> bool:
        if self.hash_lines is None:
            self.hash_lines = _hash_lines(self.text)
        return _cut_by_comment(self.text, self.hash_lines, event.end_mark)

    def start(self, event: Any, container: Any) -> None:
        self.refuse_decorations(event)
        if len(self.stack) >= MAX_DEPTH:
            self.problem(
                event.start_mark,
                "BIF009",
                "BIF009.too_deep",
                limit=MAX_DEPTH,
            )
            raise _Abort
        loc, is_key = self.place(container, event)
        if is_key:
            self.problem(
                event.start_mark,
                "BIF008",
                "BIF008.not_plain",
            )
            raise _Abort
        self.stack.append([container, loc, None, {}])

    def end(self) -> None:
        self.stack.pop()
