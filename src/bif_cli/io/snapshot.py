"""Read and write data/registry/<orgnr>.json under the same reading rules as the data files."""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

from bif_cli.domain.programme import Loc, Programme
from bif_cli.domain.registry import (
    REGISTRY_DIR,
    SNAPSHOT_KEYS,
    RecordError,
    Snapshot,
    parse_unit,
    snapshot_path,
)
from bif_cli.errors import DataError, Problem, Severity
from bif_cli.io.atomic import overwrite
from bif_cli.io.yamlio import MAX_BYTES, decode
from bif_cli.texts import Arg

MAX_DEPTH = 20
SNAPSHOT_NAME = re.compile(r"^(\d{9})\.json$")
_TEMP_FILE = re.compile(r"^\..+\.tmp$")
# Raw in the file: JSON's own whitespace is fine except tabs (bif writes none, as in YAML).
_BAD_RAW = re.compile(r"[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# Inside a value, escaped as \u0007 and the like: no control characters at all.
_BAD_VALUE = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffe\uffff]")
_CONFLICT = re.compile(r"^(?:<<<<<<<|=======|>>>>>>>)(?: |\r?$)", re.MULTILINE)


class JsonSource:
    """Locate a key of a snapshot file by its first line (bif writes one key a line)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        names = [part for part in loc if isinstance(part, str)]
        if not names:
            return 1, 1
        needle = json.dumps(names[-1]) + ":"
        for number, line in enumerate(self.lines, start=1):
            column = line.find(needle)
            if column >= 0:
                return number, column + 1
        return 1, 1


class _Duplicate(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Duplicate(key)
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def _bad_value(value: Any) -> str | None:
    """Return the first text (key or value) that holds a control character, if any."""
    if isinstance(value, str):
        return value if _BAD_VALUE.search(value) else None
    items: list[Any] = []
    if isinstance(value, dict):
        items = [*value.keys(), *value.values()]
    elif isinstance(value, list):
        items = value
    return next((bad for bad in map(_bad_value, items) if bad is not None), None)


def parse_json(raw: bytes, rel: str) -> tuple[Any, JsonSource | None, list[Problem]]:
    """Parse a JSON file's bytes under bif's reading rules; return (data, source, problems)."""

    def problem(where: tuple[int, int], code: str, text: str, **values: Arg) -> list[Problem]:
        return [Problem(rel, where[0], where[1], "error", code, text, tuple(values.items()))]

    if len(raw) > MAX_BYTES:
        return None, None, problem((1, 1), "BIF003", "BIF003.too_big", limit=MAX_BYTES)
    text, bad_bytes = decode(raw)
    if text is None:
        assert bad_bytes is not None
        where = (bad_bytes.line, bad_bytes.column)
        return None, None, [Problem(rel, *where, "error", "BIF002", bad_bytes.text, bad_bytes.args)]
    source = JsonSource(text)
    conflict = _CONFLICT.search(text)
    if conflict:
        return None, source, problem(_line_col(text, conflict.start()), "BIF011", "BIF011.conflict")
    bad = _BAD_RAW.search(text)
    if bad:
        where = _line_col(text, bad.start())
        if bad.group() == "\t":
            return None, source, problem(where, "BIF010", "BIF010.tab")
        codepoint = f"{ord(bad.group()):04X}"
        return None, source, problem(where, "BIF010", "BIF010.control", codepoint=codepoint)
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_constant=_no_constant)
    except _Duplicate as exc:
        needle = json.dumps(exc.key) + ":"
        first = text.find(needle)
        second = text.find(needle, first + 1) if first >= 0 else -1
        where = _line_col(text, second) if second >= 0 else (1, 1)
        first_line = _line_col(text, first)[0] if first >= 0 else 1
        return (
            None,
            source,
            problem(where, "BIF005", "BIF005.duplicate_key", key=exc.key, first_line=first_line),
        )
    except json.JSONDecodeError as exc:
        where = (exc.lineno, exc.colno)
        return None, source, problem(where, "BIF401", "BIF401.json", reason=exc.msg)
    except RecursionError:
        return None, source, problem((1, 1), "BIF009", "BIF009.too_deep", limit=MAX_DEPTH)
    except ValueError as exc:
        return None, source, problem((1, 1), "BIF401", "BIF401.json", reason=str(exc))
    if _depth(data) > MAX_DEPTH:
        return None, source, problem((1, 1), "BIF009", "BIF009.too_deep", limit=MAX_DEPTH)
    found = _bad_value(data)
    if found is not None:
        char = _BAD_VALUE.search(found)
        assert char is not None
        codepoint = f"{ord(char.group()):04X}"
        return None, source, problem((1, 1), "BIF010", "BIF010.control_value", codepoint=codepoint)
    return data, source, []


def read_snapshot(
    raw: bytes, rel: str, org_number: str
) -> tuple[Snapshot | None, Any, list[Problem]]:
    """Read one snapshot file's bytes: (snapshot or None, its source, problems)."""
    data, source, problems = parse_json(raw, rel)
    if problems:
        return None, source, problems

    def wrong(loc: Loc, text: str, **values: Arg) -> tuple[None, Any, list[Problem]]:
        line, column = source.locate(loc) if source else (1, 1)
        found = Problem(rel, line, column, "error", "BIF401", text, tuple(values.items()))
        return None, source, [found]

    if not isinstance(data, dict):
        return wrong((), "BIF401.shape")
    unknown = sorted(set(data) - SNAPSHOT_KEYS)
    if unknown:
        return wrong((unknown[0],), "BIF401.unknown_key", key=unknown[0])
    for key in ("fetched", "record"):
        if key not in data:
            return wrong((), "BIF401.missing_key", key=key)
    fetched = data["fetched"]
    try:
        if not isinstance(fetched, str) or len(fetched) != 10:
            raise ValueError
        day = date.fromisoformat(fetched)
    except ValueError:
        return wrong(("fetched",), "BIF401.fetched")
    flags: dict[str, bool] = {}
    for key in ("fictional", "deleted"):
        value = data.get(key, False)
        if not isinstance(value, bool):
            return wrong((key,), "BIF401.flag", key=key)
        flags[key] = value
    try:
        unit = parse_unit(data["record"], gone=flags["deleted"])
    except RecordError as exc:
        return wrong(("record",), "BIF401.record", reason=str(exc))
    if unit.org_number != org_number:
        return wrong(
            ("organisasjonsnummer",),
            "BIF401.other_number",
            found=unit.org_number,
            expected=org_number,
        )
    snapshot = Snapshot(rel, day, unit, data["record"], fictional=flags["fictional"])
    return snapshot, source, []


def load_snapshots(
    root: Path,
    programme: Programme,
    problems: list[Problem],
    overlay: dict[str, bytes] | None = None,
) -> None:
    """Read every snapshot in data/registry/ into programme.registry; add problems found."""
    overlay = overlay or {}
    directory = root / REGISTRY_DIR
    names: dict[str, Path | None] = {}
    if directory.is_symlink():
        problems.append(
            Problem(
                REGISTRY_DIR,
                1,
                1,
                "error",
                "BIF014",
                "BIF014.linked_folder",
                (("folder", REGISTRY_DIR),),
            )
        )
    elif directory.is_dir():
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda e: e.name)
        for entry in entries:
            rel = f"{REGISTRY_DIR}/{entry.name}"
            severity: Severity = "error"
            values: tuple[tuple[str, Arg], ...] = ()
            if _TEMP_FILE.match(entry.name):
                severity, code, text = "warning", "BIF015", "BIF015.leftover"
            elif entry.name.startswith("."):
                continue
            elif entry.is_symlink():
                code, text = "BIF014", "BIF014.symlink"
            elif not SNAPSHOT_NAME.match(entry.name) or not entry.is_file():
                code, text = "BIF014", "BIF014.not_snapshot"
                values = (("folder", REGISTRY_DIR), ("name", entry.name))
            else:
                names[entry.name] = Path(entry.path)
                continue
            problems.append(Problem(rel, 1, 1, severity, code, text, values))
    for rel in overlay:
        if rel.startswith(REGISTRY_DIR + "/") and SNAPSHOT_NAME.match(rel.rsplit("/", 1)[1]):
            names.setdefault(rel.rsplit("/", 1)[1], None)
    for name in sorted(names):
        rel = f"{REGISTRY_DIR}/{name}"
        if rel in overlay:
            raw = overlay[rel]
        else:
            path = names[name]
            assert path is not None
            try:
                with path.open("rb") as handle:
                    raw = handle.read(MAX_BYTES + 1)
            except OSError as exc:
                reason = exc.strerror or exc.__class__.__name__
                problems.append(
                    Problem(
                        rel, 1, 1, "error", "BIF001", "BIF001.unreadable", (("reason", reason),)
                    )
                )
                continue
        org_number = name[: -len(".json")]
        snapshot, source, found = read_snapshot(raw, rel, org_number)
        problems.extend(found)
        if source is not None:
            programme.sources[rel] = source
        if snapshot is not None:
            programme.registry[org_number] = snapshot


def snapshot_bytes(
    record: dict[str, Any], fetched: date, *, deleted: bool = False, fictional: bool = False
) -> bytes:
    """Write a snapshot as bif keeps it: fetched first, then the record, indented, UTF-8."""
    data: dict[str, Any] = {"fetched": fetched.isoformat()}
    if fictional:
        data["fictional"] = True
    if deleted:
        data["deleted"] = True
    data["record"] = record
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def check_snapshot_bytes(raw: bytes, org_number: str) -> list[Problem]:
    """Return the problems bif check would find in these snapshot bytes (none: safe to write)."""
    return read_snapshot(raw, snapshot_path(org_number), org_number)[2]


def write_snapshot(root: Path, org_number: str, raw: bytes) -> None:
    """Write a snapshot atomically; refuse one that bif check would not read back."""
    rel = snapshot_path(org_number)
    problems = check_snapshot_bytes(raw, org_number)
    if problems:
        reason = problems[0].render("en")
        raise DataError.said("registry.cannot_keep", org_number=org_number, reason=reason)
    directory = root / REGISTRY_DIR
    if directory.is_symlink() or (root / "data").is_symlink():
        raise DataError.said("BIF014.linked_folder", folder=REGISTRY_DIR)
    from bif_cli.io.lock import programme_lock

    directory.mkdir(parents=True, exist_ok=True)
    try:
        with programme_lock(root):
            overwrite(root / rel, raw)
    except OSError as exc:
        reason = exc.strerror or str(exc) or exc.__class__.__name__
        raise DataError.said("registry.write_failed", file=rel, reason=reason) from exc


def read_existing(root: Path, org_number: str) -> Snapshot | None:
    """Return the snapshot now on disk for an org number, if it reads cleanly."""
    path = root / snapshot_path(org_number)
    if path.is_symlink() or not path.is_file():
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    return read_snapshot(raw, snapshot_path(org_number), org_number)[0]


def strict_problems(root: Path, today: date) -> list[Problem]:
    """Return what only `bif check --strict` reports: snapshots older than 90 days."""
    from bif_cli.domain.registry_rules import STRICT_RULES

    programme = Programme(root=root)
    load_snapshots(root, programme, [])
    return [problem for rule in STRICT_RULES for problem in rule(programme, today)]
