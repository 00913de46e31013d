"""The content-hash cache in .bif-cache/: parsed files, and whole `bif check` results.

Everything is keyed by the sha256 of file contents (never by modification times, so the
cache stays right after `git checkout`), bif's version and code, and Python's version. A
cache file that is corrupt, truncated, foreign or odd in any way is ignored and rebuilt.
Files are written atomically; a cache that cannot be written (read-only folder) is skipped.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bif_cli import __version__
from bif_cli.errors import Problem

if TYPE_CHECKING:  # at run time the cache needs no YAML: a warm `bif check` never parses
    from bif_cli.io.yamlio import Packed

CACHE_DIR = ".bif-cache"
PARSED_FILE = "parsed.pickle"
CHECK_FILE = "check.pickle"
FORMAT = 1
_MAGIC = b"BIFCACHE"
_bypass = False
_code_digest: str | None = None


def enabled() -> bool:
    """Tell whether the cache is in use (not bypassed by --no-cache or BIF_NO_CACHE=1)."""
    return not _bypass and os.environ.get("BIF_NO_CACHE", "") in ("", "0")


@contextmanager
def bypassed() -> Iterator[None]:
    """Read every file afresh, and write no cache, inside this block (what --no-cache does)."""
    global _bypass
    previous, _bypass = _bypass, True
    try:
        yield
    finally:
        _bypass = previous


def code_digest() -> str:
    """Return a digest of bif's own code, so a changed bif never trusts an old cache."""
    global _code_digest
    if _code_digest is None:
        digest = hashlib.sha256(f"{FORMAT} {__version__} {sys.version}".encode())
        package = Path(__file__).parents[1]
        for path in sorted(package.rglob("*.py")):
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
        _code_digest = digest.hexdigest()
    return _code_digest


def content_digest(raw: bytes) -> str:
    """Return the key of one file's contents."""
    return hashlib.sha256(raw).hexdigest()


class _PlainUnpickler(pickle.Unpickler):
    """Unpickle plain data only: no class is ever looked up, so nothing can run."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} is not plain data")


def _read(path: Path) -> Any:
    """Return what a cache file holds, or None when it is missing, corrupt or foreign."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC) + 32
    if len(blob) < head or not blob.startswith(_MAGIC):
        return None
    payload = memoryview(blob)[head:]
    if hashlib.sha256(payload).digest() != blob[len(_MAGIC) : head]:
        return None
    try:
        stored = _PlainUnpickler(io.BytesIO(payload)).load()
    except Exception:
        return None
    if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == code_digest()):
        return None
    return stored[1]


def _write(path: Path, content: Any) -> None:
    """Write a cache file atomically; give up quietly when the folder cannot be written."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True  # no memo: plain trees share nothing, and this is 3-4x faster
    pickler.dump((code_digest(), content))
    payload = buffer.getbuffer()
    try:
        path.parent.mkdir(exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Written by bif: a cache that is safe to delete.\n*\n")
        temp = path.parent / f".{path.name}.{os.getpid()}.tmp"
        handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(_MAGIC + hashlib.sha256(payload).digest())
                out.write(payload)
            os.replace(temp, path)
        except BaseException:
            os.unlink(temp)
            raise
    except OSError:
        pass


# --- parsed files -------------------------------------------------------------------------


def _is_plain(value: Any) -> bool:
    """Tell whether value is what the loader produces: dicts of str, lists, str and None."""
    stack = [value]
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is str or node is None:
            continue
        if kind is dict:
            if not all(type(k) is str for k in node):
                return False
            stack.extend(node.values())
        elif kind is list:
            stack.extend(node)
        else:
            return False
    return True


def _valid_packed(entry: Any) -> bool:
    if not (isinstance(entry, tuple) and len(entry) == 3):
        return False
    data, cut, problems = entry
    return (
        isinstance(cut, list)
        and all(type(loc) is tuple and all(type(p) in (str, int) for p in loc) for loc in cut)
        and isinstance(problems, list)
        and all(
            type(p) is tuple
            and len(p) == 6
            and [type(x) for x in p] == [int, int, str, str, str, tuple]
            and p[4] in ("error", "warning")
            and all(_valid_arg(a) for a in p[5])
            for p in problems
        )
        and _is_plain(data)
    )


class ParseCache:
    """Parsed files of one programme, keyed by the sha256 of their bytes."""

    def __init__(self, root: Path) -> None:
        self.path = root / CACHE_DIR / PARSED_FILE
        stored = _read(self.path) if enabled() else None
        self.entries: dict[str, Packed] = stored if isinstance(stored, dict) else {}
        self.used: dict[str, Packed] = {}

    def get(self, digest: str) -> Packed | None:
        """Return the packed result for these contents, if cached and well-formed."""
        entry = self.entries.get(digest)
        if entry is None or not _valid_packed(entry):
            return None
        self.used[digest] = entry
        return entry

    def put(self, digest: str, entry: Packed) -> None:
        self.used[digest] = entry

    def save(self) -> None:
        """Keep exactly the entries used in this run, and write them if anything changed."""
        if enabled() and self.used.keys() != self.entries.keys():
            _write(self.path, self.used)


# --- whole check results ------------------------------------------------------------------


def _tree_digest(digest: Any, root: Path, rel: str) -> None:
    """Add every name, kind and content under root/rel to digest (symlinks are not followed)."""
    folder = root / rel
    if not folder.is_dir():
        digest.update(f"absent {rel}\n".encode())
        return
    with os.scandir(folder) as scan:
        entries = sorted(scan, key=lambda e: e.name)
    for entry in entries:
        name = f"{rel}/{entry.name}"
        if entry.is_symlink():
            digest.update(f"link {name} -> {os.readlink(entry.path)}\n".encode())
        elif entry.is_dir():
            digest.update(f"dir {name}\n".encode())
            _tree_digest(digest, root, name)
        elif entry.is_file():
            with open(entry.path, "rb") as handle:
                digest.update(f"file {name} ".encode() + hashlib.sha256(handle.read()).digest())
        else:
            digest.update(f"other {name}\n".encode())


def fingerprint(root: Path, today: date) -> str | None:
    """Return a key for everything `bif check` could depend on, or None if it cannot be read.

    That is the whole data/ and templates/ trees (names, kinds and contents), the date
    (overdue milestones depend on it) and bif's code.
    """
    digest = hashlib.sha256(f"{code_digest()} {today.isoformat()}\n".encode())
    try:
        for rel in ("data", "templates"):
            _tree_digest(digest, root, rel)
    except OSError:
        return None
    return digest.hexdigest()


def _valid_problem(p: Any) -> bool:
    return (
        type(p) is tuple
        and len(p) == 7
        and [type(x) for x in p] == [str, int, int, str, str, str, tuple]
        and p[3] in ("error", "warning")
        and all(_valid_arg(a) for a in p[6])
    )


def _valid_arg(arg: Any) -> bool:
    if type(arg) is not tuple or len(arg) != 2 or type(arg[0]) is not str:
        return False
    value = arg[1]
    if type(value) is tuple:
        return all(type(v) is str for v in value)
    return type(value) in (str, int)


def cached_check(
    root: Path,
    today: date,
    compute: Callable[[], tuple[list[Problem], int]],
) -> tuple[list[Problem], int]:
    """Return (problems, files checked): from the cache when nothing changed, else compute()."""
    if not enabled():
        return compute()
    key = fingerprint(root, today)
    path = root / CACHE_DIR / CHECK_FILE
    if key is not None:
        stored = _read(path)
        if (
            isinstance(stored, tuple)
            and len(stored) == 3
            and stored[0] == key
            and type(stored[1]) is int
            and isinstance(stored[2], list)
            and all(_valid_problem(p) for p in stored[2])
        ):
            return [Problem(*p) for p in stored[2]], stored[1]
    problems, files = compute()
    # Store the result only if no file changed while it was computed.
    if key is not None and fingerprint(root, today) == key:
        plain = [(p.path, p.line, p.column, p.severity, p.code, p.text, p.args) for p in problems]
        _write(path, (key, files, plain))
    return problems, files
