"""The round-trip YAML editor: change one place in a file and keep every other byte as it was."""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from bif_cli.errors import BifError
from bif_cli.io.yamlio import load_bytes

# bif's own layout first (mapping 2, "  - " items), then other common hand-written layouts.
_LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 4, 0), (3, 3, 0))
_BOM = "\ufeff"


class EditError(BifError):
    """The editor could not make the change without touching other values (a bug: exit 3)."""


class UnfaithfulEdit(BifError):
    """The file has a shape the editor cannot keep byte for byte (exit 1: edit it by hand)."""

    exit_code = 1


class _NoAliasRepresenter(RoundTripRepresenter):
    """Write equal values (two dates of the same day) out in full, never as anchor and alias.

    bif's own loader rightly refuses anchors, so an alias would make every such edit fail.
    """

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _yaml(layout: tuple[int, int, int]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.allow_unicode = True
    yaml.width = 1_000_000  # never re-wrap a long line
    mapping, sequence, offset = layout
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.Representer = _NoAliasRepresenter
    return yaml


def quoted(text: str) -> DoubleQuotedScalarString:
    """Mark text to be written in double quotes (org numbers, municipality and NACE codes)."""
    result: DoubleQuotedScalarString = DoubleQuotedScalarString(text)
    return result


def safe_text(value: Any) -> Any:
    """Return value, in double quotes when bif's loader would read it back otherwise.

    ruamel decides how to write a string for YAML in general; a few, like `?0` in a flow
    mapping, read back differently under bif's rules. Those are written in double quotes.
    """
    if type(value) is not str:
        return value
    for flow in (True, False):
        probe = CommentedMap([("k", value)])
        if flow:
            probe.fa.set_flow_style()
        loaded = load_bytes(_dump(_yaml(_LAYOUTS[0]), probe).encode("utf-8"))
        if not loaded.ok or loaded.data != {"k": value}:
            return quoted(value)
    return value


def flow_map(*pairs: tuple[str, Any]) -> CommentedMap:
    """Build a mapping written on one line: `{date: 2014-01-20, status: identified}`."""
    node = CommentedMap((k, safe_text(v)) for k, v in pairs if v is not None)
    node.fa.set_flow_style()
    return node


def flow_seq(items: Sequence[Any]) -> CommentedSeq:
    """Build a list written on one line: `[a, b, c]`."""
    node = CommentedSeq(items)
    node.fa.set_flow_style()
    return node


def block_map(*pairs: tuple[str, Any]) -> CommentedMap:
    """Build a mapping written one key a line; None values are left out."""
    return CommentedMap((k, safe_text(v)) for k, v in pairs if v is not None)


def block_seq(items: Sequence[Any]) -> CommentedSeq:
    """Build a list written one item a line."""
    node = CommentedSeq(items)
    node.fa.set_block_style()
    return node


def plain(value: Any) -> Any:
    """Return value as bif's safe loader reads it: text, None, dicts and lists."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return None
    return str(value)


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def new_document(data: CommentedMap, header: str) -> bytes:
    """Write a new file in bif's layout, starting with the header comment line(s)."""
    text = header + _dump(_yaml(_LAYOUTS[0]), data)
    raw = text.encode("utf-8")
    loaded = load_bytes(raw)
    if not loaded.ok or loaded.data != plain(data):
        raise EditError("bif could not write the new file faithfully; nothing was written")
    return raw


class Document:
    """One file opened for a round-trip edit; `plain` mirrors every change, as a check."""

    def __init__(self, raw: bytes, rel: str) -> None:
        self.rel = rel
        self.old_bytes = raw
        text = raw.decode("utf-8")
        self.bom = text.startswith(_BOM)
        text = text.removeprefix(_BOM)
        self.crlf = "\r\n" in text
        text = text.replace("\r\n", "\n")
        self.old_text = text
        self.plain: Any = copy.deepcopy(load_bytes(raw).data)
        self.yaml = _yaml(_LAYOUTS[0])
        self.data: Any = None
        self.keeps_layout = False
        self.first_unkept = 0
        self.removals = 0  # keys removed on purpose: each may delete one run of lines
        for layout in _LAYOUTS:
            yaml = _yaml(layout)
            # Plain document markers are kept; with comments around them they are refused.
            yaml.explicit_start = text.startswith("---")
            yaml.explicit_end = text.endswith("\n...\n")
            data = yaml.load(text)
            dumped = _dump(yaml, data)
            # A missing final newline is the one difference worth adding rather than refusing.
            if dumped == text or (not text.endswith("\n") and dumped == text + "\n"):
                self.yaml, self.data, self.keeps_layout = yaml, data, True
                break
        if self.data is None:
            self.data = self.yaml.load(text)
            self.first_unkept = _first_difference(text, _dump(self.yaml, self.data))

    def node(self, loc: Sequence[str | int]) -> tuple[Any, Any]:
        """Return the ruamel node and the plain node at loc."""
        node, mirror = self.data, self.plain
        for part in loc:
            node, mirror = node[part], mirror[part]
        return node, mirror

    def append(self, loc: Sequence[str | int], item: Any, order: Sequence[str]) -> None:
        """Append item to the list at loc; create the list (at its place in order) if missing."""
        parent, mirror = self.node(loc[:-1])
        key = loc[-1]
        if parent.get(key) is None:
            self.set_key(loc[:-1], str(key), block_seq([item]), order)
            return
        seq, seq_mirror = parent[key], mirror[key]
        if not seq and seq.fa.flow_style() and not _is_flow(item):
            seq.fa.set_block_style()
        seq.append(item)  # before moving comments: ruamel renumbers them on insert
        if len(seq) > 1:
            _move_trailing_comments(seq, len(seq) - 2, len(seq) - 1)
        seq_mirror.append(plain(item))

    def insert(self, loc: Sequence[str | int], index: int, item: Any) -> None:
        """Insert item before the entry at index of the existing list at loc."""
        seq, mirror = self.node(loc)
        seq.insert(index, item)
        mirror.insert(index, plain(item))

    def remove_key(self, loc: Sequence[str | int], key: str) -> None:
        """Remove key (and its value) from the mapping at loc, keeping the comment after it."""
        node, mirror = self.node(loc)
        keys = list(node.keys())
        position = keys.index(key)
        if position > 0 and not node.fa.flow_style():
            _move_trailing_comments(node, key, keys[position - 1])
        del node[key]
        del mirror[key]
        self.removals += 1

    def set_key(self, loc: Sequence[str | int], key: str, value: Any, order: Sequence[str]) -> None:
        """Set key in the mapping at loc; a new key goes to its place in order."""
        node, mirror = self.node(loc)
        value = safe_text(value)
        if key in node:
            node[key] = value
        else:
            rank = {name: i for i, name in enumerate(order)}
            mine = rank.get(key, len(order))
            keys = list(node.keys())
            position = 0
            for index, existing in enumerate(keys):
                if rank.get(existing, len(order)) < mine:
                    position = index + 1
            node.insert(position, key, value)
            if position > 0 and not node.fa.flow_style():
                _move_trailing_comments(node, keys[position - 1], key)
        mirror[key] = plain(value)

    def _refuse(self, line: int, text: str) -> UnfaithfulEdit:
        return UnfaithfulEdit.said(text, file=self.rel, line=line)

    def dump(self) -> bytes:
        """Return the edited file's bytes, after checking that only the intended values changed.

        Refused (UnfaithfulEdit) when the file's bytes would change outside the edited spot:
        the editor cannot reproduce the file as it is, or the edit would remove or rewrite
        more than one line that was there.
        """
        if not self.keeps_layout:
            raise self._refuse(self.first_unkept, "edit.unfaithful_layout")
        text = _dump(self.yaml, self.data)
        damaged = _damaged_line(self.old_text, text, self.removals)
        if damaged is not None:
            raise self._refuse(damaged, "edit.unfaithful_lines")
        if self.crlf:
            text = text.replace("\n", "\r\n")
        raw = ((_BOM if self.bom else "") + text).encode("utf-8")
        loaded = load_bytes(raw)
        if not loaded.ok or loaded.data != self.plain:
            raise EditError(
                f"bif could not edit {self.rel} without changing other values in it; nothing "
                "was written. Please make the change by hand, and report this."
            )
        return raw


def _first_difference(old: str, new: str) -> int:
    """Return the first line (1-based) where new differs from old."""
    for number, (a, b) in enumerate(zip(old.split("\n"), new.split("\n"), strict=False), 1):
        if a != b:
            return number
    return min(old.count("\n"), new.count("\n")) + 1


def _damaged_line(old: str, new: str, removals: int = 0) -> int | None:
    """Return the first old line an edit removed or rewrote beyond one line, else None.

    An edit adds lines, and may rewrite the one line it extends (a one-line list or mapping
    that gains an entry); any other change to the lines that were there is damage, except
    the runs of lines of the keys removed on purpose (removals: how many).
    """
    import difflib

    before, after = old.split("\n"), new.split("\n")
    rewritten = 0
    for tag, i1, i2, _j1, _j2 in difflib.SequenceMatcher(None, before, after).get_opcodes():
        if tag == "delete" and removals > 0:
            removals -= 1
            continue
        if tag == "delete" or (tag == "replace" and i2 - i1 > 1):
            return i1 + 1
        if tag == "replace":
            rewritten += 1
            if rewritten > 1:
                return i1 + 1
    return None


def _is_flow(node: Any) -> bool:
    fa = getattr(node, "fa", None)
    return not isinstance(node, CommentedMap | CommentedSeq) or bool(fa and fa.flow_style())


def _last_slot(parent: Any, key: Any) -> tuple[Any, Any, int, list[Any]]:
    """Find where the comment after parent[key] is kept: (comment items, key, index, ends)."""
    ends: list[Any] = []
    node = parent[key]
    while isinstance(node, CommentedMap | CommentedSeq) and node and not _is_flow(node):
        ends.append(node)
        parent, key = node, (len(node) - 1 if isinstance(node, CommentedSeq) else list(node)[-1])
        node = parent[key]
    index = 0 if isinstance(parent, CommentedSeq) else 2
    return parent.ca.items, key, index, ends


def _move_trailing_comments(parent: Any, key: Any, new_key: Any) -> None:
    """Move the full-line comments after parent[key] to after parent[new_key], its new sibling.

    ruamel attaches the comment lines that follow an item to that item, so a plain append
    would put a new entry below a comment that introduces the next section.
    """
    items, slot_key, index, ends = _last_slot(parent, key)
    moved = ""
    slot = items.get(slot_key)
    token = slot[index] if slot and len(slot) > index else None
    if token is not None:
        head, _, rest = token.value.partition("\n")
        if rest:
            moved += rest
            if head.strip():
                token.value = head + "\n"
            else:
                slot[index] = None
    for node in reversed(ends):
        for end in node.ca.end or []:
            text = end.value
            moved += (" " * end.column + text) if text.strip() else text
        node.ca.end = []
    if moved:
        items, slot_key, index, _ends = _last_slot(parent, new_key)
        slot = items.setdefault(slot_key, [None, None, None, None])
        slot.extend([None] * (index + 1 - len(slot)))
        slot[index] = CommentToken("\n" + moved, CommentMark(0), None)
