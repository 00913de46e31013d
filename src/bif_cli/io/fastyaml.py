"""rapidyaml as a fast path for yamlio.load_packed: trusted only where it cannot differ."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# The careful loader's limits and nulls, repeated here so this module stays below yamlio.
MAX_DEPTH = 20
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BAD_CHARS = re.compile(r"[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")

# Bytes whose file the fast path leaves to the careful loader, because rapidyaml reads them
# differently from libyaml or hides what the careful loader reports: anchors, aliases and
# tags (& * !); directives (%); complex keys (?); block scalars (| >: rapidyaml takes text
# after the header, and keeps a last line break that libyaml drops at the end of a file);
# indicators libyaml refuses at the start of a plain value and rapidyaml takes (` @ %); a
# carriage return; the line breaks only libyaml knows (U+2028, U+2029); a BOM inside.
_RARE = b"&*!%?|>`\r"  # any of them: raw.translate(None, _NOT_RARE) keeps only those
_NOT_RARE = bytes(sorted(set(range(256)) - set(_RARE)))
_RARE_BREAKS = ("\u2028", "\u2029")
_BOM = b"\xef\xbb\xbf"
_CUT = re.compile(rb" #[^ #\n]")  # where a plain value may have been cut short by ` #`
# `:` glued to the next character: in a flow collection libyaml refuses `{a:b}` and `[:x]`.
_GLUED_COLON = re.compile(rb":[^\s]")
# `]` or `}` after a space or at a line's start, where it would start a plain value: libyaml
# refuses it, rapidyaml takes it as text. After a flow collection's end, a space: libyaml
# refuses `{a: 1} -` and rapidyaml drops the ` -` (what follows the bracket at once, both
# refuse or take alike).
_CLOSING = (b"]", b"}")
# A quoted key: libyaml refuses one that spans lines (rapidyaml takes it), or is too long.
_QUOTED_KEY = re.compile(rb"['\"] *:")
# Its quote is followed at once by `:` or by a space: finding these is cheaper than the search.
_QUOTE_THEN = (b'":', b"':", b'" ', b"' ")
# libyaml refuses a key longer than 1024 characters: every line longer than 1000 bytes
# holds a stretch of _HALF_LINE bytes that starts at a multiple of it and has no line break.
_HALF_LINE = 500
# A flow collection that goes on over a line break: libyaml refuses a key that spans lines.
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}\n")))
# Text that rapidyaml's JSON emitter hides: escapes (an escaped control character is a
# problem), and the nulls it writes as quoted text (plain `~` and `'~'` look the same).
_NOT_FOR_JSON = (b"\\", b"~", b"Null", b"NULL")

_KEY = 1
_VAL = 2
_MAP = 4
_SEQ = 8
_KEY_PLAIN = 1 << 29
_KEY_DQUO = 1 << 27
_VAL_DQUO = 1 << 28
_VAL_STYLED = (1 << 22) | (1 << 24) | (1 << 26) | (1 << 28)  # | > ' " (anything not plain)
_NONE = (1 << 64) - 1


def enabled() -> bool:
    """Tell whether the fast path may be used (BIF_FAST_YAML=0 switches it off)."""
    return os.environ.get("BIF_FAST_YAML") != "0"


def unsure(raw: bytes, text: str) -> bool:
    """Tell whether raw (decoded: text) holds anything rapidyaml and libyaml may read apart."""
    if not raw.endswith(b"\n") or _BOM in raw[1:]:
        return True
    if raw.translate(None, _NOT_RARE) or _RARE_BREAKS[0] in text or _RARE_BREAKS[1] in text:
        return True
    if raw.startswith((b"---", b"...")) or b"\n---" in raw or b"\n..." in raw:
        return True  # a document marker
    if (b" #" in raw and _CUT.search(raw)) or _GLUED_COLON.search(raw):
        return True
    if _loose_close(raw) or raw.startswith(_CLOSING) or _spans_lines(raw):
        return True
    if any(pair in raw for pair in _QUOTE_THEN) and _QUOTED_KEY.search(raw):
        return True
    for start in range(0, len(raw) - _HALF_LINE, _HALF_LINE):
        if raw.find(b"\n", start, start + _HALF_LINE) == -1:
            return True
    at = raw.find(b"@")
    while at != -1:  # `@` may stand inside a value (an e-mail address), not start one
        if at == 0 or raw[at - 1] in b" \n[{,":
            return True
        at = raw.find(b"@", at + 1)
    return False


def _loose_close(raw: bytes) -> bool:
    """Tell whether a `]` or `}` in raw has a space after it, or a space or line break before."""
    for bracket in _CLOSING:
        at = raw.find(bracket)
        while at != -1:
            if raw[at + 1 : at + 2] == b" " or (at > 0 and raw[at - 1] in b" \n"):
                return True
            at = raw.find(bracket, at + 1)
    return False


def _spans_lines(raw: bytes) -> bool:
    """Tell whether a flow collection in raw spans lines (or nests deeper than three)."""
    brackets = raw.translate(None, _NOT_BRACKETS)
    if len(brackets) == brackets.count(b"\n"):
        return False
    for _level in range(3):
        brackets = brackets.replace(b"{}", b"").replace(b"[]", b"")
    return b"{" in brackets or b"[" in brackets


class _Unsure(Exception):
    """The tree holds something the careful loader might read differently."""


class FastParser:
    """One rapidyaml tree, cleared and reused for every file (so each file's tree is freed)."""

    def __init__(self) -> None:
        from ryml import _ryml  # type: ignore[import-untyped]

        self._r = _ryml
        self._tree = _ryml.new_Tree()

    def load(self, raw: bytes, text: str) -> dict[str, Any] | None:
        """Return raw's data exactly as the careful loader gives it, or None if unsure.

        text is raw decoded, with no tab, control character or conflict marker (the caller's
        scan); a file this returns data for has no value cut by ` #`.
        """
        if raw.startswith(_BOM):
            raw = raw[3:]
        if unsure(raw, text):
            return None
        r = self._r
        tree = self._tree  # empty: each load clears it when done
        try:
            r.parse_csubstr(raw, tree)
            if r.Tree_type(tree, 0) & (_MAP | _KEY | _VAL) != _MAP:
                return None
            data = None
            if not any(mark in raw for mark in _NOT_FOR_JSON):
                data = _from_json(r.emit_json_malloc(tree, 0), r.Tree_size(tree))
            if data is None:
                data = _build(r, tree, 0, True, 0)
        except Exception:  # rapidyaml says it is not YAML, or _Unsure: the careful loader decides
            return None
        finally:
            r.Tree_clear(tree)
            r.Tree_clear_arena(tree)
        return data


def _refuse(_literal: str) -> Any:
    raise _Unsure  # rapidyaml's JSON writes `.5` as `0.5`: a float's text may have changed


_REWRITTEN = ('.inf"', '.nan"')
_DECODER = json.JSONDecoder(parse_int=str, parse_float=_refuse, parse_constant=_refuse)


def _from_json(text: str, nodes: int) -> dict[str, Any] | None:
    """Load rapidyaml's JSON of the whole tree, or return None where it may hide something.

    Numbers come back as their text and `true`/`false` as the words, as the careful loader
    keeps every scalar as text. A duplicate key collapses in JSON, so the mappings and lists
    must hold as many nodes as the tree. The JSON writer spells `inf`, `.NaN` and the like
    its own way (`.inf`, `.nan`), so a file with any of those is walked instead.
    """
    if _REWRITTEN[0] in text or _REWRITTEN[1] in text:
        return None
    try:
        data = _DECODER.decode(text)
        if type(data) is not dict or _settle(data, 0) + 1 != nodes:
            return None
    except (_Unsure, ValueError):
        return None
    return data


def _settle(container: Any, depth: int) -> int:
    """Turn JSON's booleans back into words, check the depth and keys; return the node count."""
    if depth >= MAX_DEPTH:
        raise _Unsure
    count = len(container)
    if type(container) is dict:
        if "" in container or "null" in container:
            raise _Unsure  # perhaps a plain null key, which the careful loader refuses
        for key, value in container.items():
            kind = type(value)
            if kind is dict or kind is list:
                count += _settle(value, depth + 1)
            elif kind is bool:
                container[key] = "true" if value else "false"
    else:
        for index, value in enumerate(container):
            kind = type(value)
            if kind is dict or kind is list:
                count += _settle(value, depth + 1)
            elif kind is bool:
                container[index] = "true" if value else "false"
    return count


def _build(r: Any, tree: Any, node: int, is_map: bool, depth: int) -> Any:
    """Build the mapping or list at node by walking the tree; raise _Unsure where unsure."""
    if depth >= MAX_DEPTH:
        raise _Unsure
    node_type, key_of, val_of, next_of = r.Tree_type, r.Tree_key, r.Tree_val, r.Tree_next_sibling
    nulls, bad_chars = _NULLS, _BAD_CHARS
    mapping: dict[str, Any] = {}
    items: list[Any] = []
    child = r.Tree_first_child(tree, node)
    while child != _NONE:
        kind = node_type(tree, child)
        value: Any
        if kind & (_MAP | _SEQ):
            value = _build(r, tree, child, bool(kind & _MAP), depth + 1)
        elif kind & _VAL:
            view = val_of(tree, child)
            value = "" if view is None else str(view, "utf-8")
            if not kind & _VAL_STYLED:
                if value in nulls:
                    value = None
            elif kind & _VAL_DQUO and bad_chars.search(value):
                raise _Unsure  # an escape made a control character: the careful loader says where
        else:
            raise _Unsure
        if is_map:
            if not kind & _KEY:
                raise _Unsure
            view = key_of(tree, child)
            if view is None:
                raise _Unsure  # a key left out (`: x`): the careful loader refuses it
            key = str(view, "utf-8")
            if (
                key in mapping
                or (kind & _KEY_PLAIN and key in nulls)
                or (kind & _KEY_DQUO and bad_chars.search(key))
            ):
                raise _Unsure
            mapping[key] = value
        elif kind & _KEY:
            raise _Unsure
        else:
            items.append(value)
        child = next_of(tree, child)
    return mapping if is_map else items


@contextmanager
def quiet_stderr() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null: rapidyaml prints each parse error it meets there."""
    try:
        saved = os.dup(2)
    except OSError:  # no standard error at all (`2>&-`): nothing to keep quiet
        yield
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)
