"""The content-hash cache in .bif-cache/: parsed files, and whole `bif check` results.

Everything is keyed by the sha256 of file contents (never by modification times, so the
cache stays right after `git checkout`), bif's version and code, and Python's version. A
cache file that is corrupt, truncated, foreign or odd in any way is ignored and rebuilt.
Files are written atomically; a cache that cannot be written (read-only folder) is skipped.

A cache is trusted only if this machine wrote it: each file carries an HMAC-SHA256 made with a
key kept outside the repository, in the user's cache folder (`bif/cache.key`). Bytes that fail
the HMAC are never unpickled, and a cache that git tracks (committed by mistake, or planted)
is not read at all.
"""

from __future__ import annotations

import fnmatch
import hashlib
import hmac
import io
import operator
import os
import pickle
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from bif_cli import __version__
from bif_cli.errors import Problem, plain_problems

if TYPE_CHECKING:  # at run time the cache needs no YAML: a warm `bif check` never parses
    from bif_cli.io.yamlio import Packed

CACHE_DIR = ".bif-cache"
PARSED_FILE = "parsed.pickle"
CHECK_FILE = "check.pickle"
STAT_FILE = "stat.pickle"
FORMAT = 4  # 2: models pickled via rebuild_model; 3: facts hold money; 4: records hold measures
_MAGIC = b"BIFCACHE2"
KEY_FILE = "cache.key"
_KEY_BYTES = 32
_keys: dict[Path, bytes] = {}
_tracked: dict[tuple[Path, int, int], bool] = {}
_bypass = False
_code_digest: str | None = None
# The digest memos of this process's fingerprints, by root.
_memos: dict[Path, DigestMemo] = {}


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


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def key_path() -> Path:
    """Return where this user's cache key is kept: outside every repository."""
    override = os.environ.get("BIF_CACHE_KEY_DIR")
    if override:
        return Path(override) / KEY_FILE
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("bif", appauthor=False)) / KEY_FILE


def signing_key(*, create: bool) -> bytes | None:
    """Return this user's cache key (made on first use if create), or None if there is none."""
    path = key_path()
    if path in _keys:
        return _keys[path]
    try:
        key = _read_key(path)
        if key is None and create:
            import secrets  # once per user: every command imports this module, few make a key

            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            try:
                _write_new(path, secrets.token_bytes(_KEY_BYTES), 0o600)
            except FileExistsError:
                pass  # another bif made it first
            key = _read_key(path)
    except OSError:
        return None
    if key is not None:
        _keys[path] = key
    return key


def _write_new(path: Path, data: bytes, mode: int) -> None:
    """Create path exclusively (never through a link) and write data to it."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, mode)
    try:
        os.write(handle, data)
    finally:
        os.close(handle)


def _read_key(path: Path) -> bytes | None:
    try:
        handle = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except FileNotFoundError:
        return None
    try:
        key = os.read(handle, _KEY_BYTES + 1)
    finally:
        os.close(handle)
    return key if len(key) == _KEY_BYTES else None


def _sign(key: bytes, payload: memoryview | bytes) -> bytes:
    return hmac.new(key, payload, hashlib.sha256).digest()


def prepare_cache_dir(root: Path) -> bool:
    """Make root/.bif-cache/ (a real folder, never a link) with its own .gitignore.

    Return False when it is a link, is not a folder, or cannot be made: nothing is then
    written through it.
    """
    folder = root / CACHE_DIR
    try:
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            return False
        folder.mkdir(exist_ok=True)
        ignore = folder / ".gitignore"
        if ignore.is_symlink() or (ignore.exists() and not ignore.is_file()):
            return False
        if not ignore.exists():
            try:
                _write_new(ignore, b"# Written by bif: a cache that is safe to delete.\n*\n", 0o644)
            except FileExistsError:
                pass  # another bif made it first: check what it is below
        if ignore.is_symlink() or not ignore.is_file():
            return False
    except OSError:
        return False
    return True


def tracked_by_git(root: Path) -> bool:
    """Tell whether git tracks anything in root/.bif-cache/ (a committed or planted cache).

    Reading the index costs no subprocess; any mention of the folder counts, erring on the
    side of not trusting the cache.
    """
    index = _git_index(root)
    if index is None:
        return False
    try:
        stat = index.stat()
        memo = (root, stat.st_mtime_ns, stat.st_size)
        if memo not in _tracked:
            _tracked[memo] = f"{CACHE_DIR}/".encode() in index.read_bytes()
    except OSError:
        return False
    return _tracked[memo]


def _git_index(root: Path) -> Path | None:
    for folder in (root, *root.parents):
        dot_git = folder / ".git"
        if dot_git.is_dir():
            return dot_git / "index"
        if dot_git.is_file():  # a worktree or submodule: `gitdir: <path>`
            try:
                text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
            except OSError:
                return None
            if text.startswith("gitdir:"):
                return (folder / text[len("gitdir:") :].strip()) / "index"
            return None
    return None


def usable(root: Path) -> bool:
    """Tell whether root's cache may be read and written in this run."""
    return enabled() and not tracked_by_git(root) and not (root / CACHE_DIR).is_symlink()


class _PlainUnpickler(pickle.Unpickler):
    """Unpickle plain data only: no class is ever looked up, so nothing can run."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} is not plain data")


class _DatedUnpickler(pickle.Unpickler):
    """Unpickle plain data and dates: datetime.date is the one class looked up."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("datetime", "date"):
            return date
        raise pickle.UnpicklingError(f"{module}.{name} is not plain data or a date")


def _read(path: Path, *, dates: bool = False) -> Any:
    """Return what a cache file holds, or None when it is missing, corrupt or foreign.

    dates: the file may hold datetime.date values besides plain data (a report's context).
    """
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    key = signing_key(create=False)
    head = len(_MAGIC) + 32
    if key is None or len(blob) < head or not blob.startswith(_MAGIC):
        return None
    payload = memoryview(blob)[head:]
    if not hmac.compare_digest(_sign(key, payload), blob[len(_MAGIC) : head]):
        return None  # not written by this machine's bif: never unpickled
    try:
        unpickler = _DatedUnpickler if dates else _PlainUnpickler
        stored = unpickler(io.BytesIO(payload)).load()
    except Exception:
        return None
    if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == code_digest()):
        return None
    return stored[1]


class _SigningWriter:
    """A file that signs what passes through it, so a large cache is never held twice."""

    def __init__(self, out: Any, mac: Any) -> None:
        self.out = out
        self.mac = mac

    def write(self, data: Any) -> int:
        self.mac.update(data)
        written: int = self.out.write(data)
        return written


def _write(path: Path, content: Any) -> None:
    """Write a cache file atomically; give up quietly when the folder cannot be written.

    The pickle streams into the temporary file through the HMAC, and the signature is
    written into its place in the header last.
    """
    key = signing_key(create=True)
    if key is None or not prepare_cache_dir(path.parents[1]):
        return
    try:
        temp = path.parent / f".{path.name}.{os.getpid()}.tmp"
        handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(_MAGIC + bytes(32))
                mac = hmac.new(key, digestmod=hashlib.sha256)
                pickler = pickle.Pickler(_SigningWriter(out, mac), protocol=5)
                pickler.fast = True  # no memo: plain trees share nothing, and this is 3-4x faster
                pickler.dump((code_digest(), content))
                out.seek(len(_MAGIC))
                out.write(mac.digest())
            os.replace(temp, path)
        except BaseException:
            os.unlink(temp)
            raise
    except OSError:
        pass


def keep_latest(path: Path, pattern: str, count: int) -> None:
    """Delete the files in path's folder whose names match pattern, but the count written
    last (path, just written, is one of them)."""
    try:
        files = [
            (entry.stat(follow_symlinks=False).st_mtime_ns, entry.name)
            for entry in os.scandir(path.parent)
            if entry.name != path.name and fnmatch.fnmatchcase(entry.name, pattern)
        ]
        for _mtime, name in sorted(files, reverse=True)[count - 1 :]:
            os.unlink(path.parent / name)  # unlink never follows a link
    except OSError:
        pass  # the next run tries again


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
        self.active = usable(root)
        stored = _read(self.path) if self.active else None
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
        if self.active and self.used.keys() != self.entries.keys():
            _write(self.path, self.used)


# --- whole check results ------------------------------------------------------------------


# A digest remembered by a file's stat is trusted only if the file was last changed this long
# before the digests were taken (git's racy-timestamp guard): on a file system with coarse
# timestamps an edit made in the same tick as the reading would otherwise go unseen.
_RACY_NS = 2_000_000_000
StatKey = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


class DigestMemo:
    """The sha256 of each file under data/ and templates/, remembered by its stat.

    Content stays the key: a remembered digest only spares reading a file whose size,
    modification and change times and inode are all as they were when it was hashed, and
    which had not been changed shortly before (see _RACY_NS).
    """

    def __init__(self, root: Path) -> None:
        self.path = root / CACHE_DIR / STAT_FILE
        self.started = time.time_ns()
        stored = _read(self.path) if usable(root) else None
        self.stamp, self.old = _valid_memo(stored)
        self.new: dict[str, tuple[int, int, int, int, bytes]] = {}
        self.hashed = 0
        self.walked: list[Walked] = []  # what the fingerprint's walk saw (see unchanged())
        self.key: str | None = None  # the fingerprint that walk gave
        self.recent: list[str] = []  # files changed too recently for their stat to be trusted
        # While the check computes its result (see cached_check): the loader takes this
        # fingerprint's digests as they are, and notes here a file it read that differs.
        self.checking = False
        self.differs = False
        # While a reading command loads the programme its check result was served for (see
        # io/check.py, CheckResult.programme): the digests are taken as they are too.
        self.snapshot = False

    def digest(self, rel: str, path: str, key: StatKey) -> bytes:
        """Return the sha256 of the file at path (rel names it in the memo; key: its stat)."""
        old = self.old.get(rel)
        if old is not None and old[:4] == key and max(key[1], key[2]) < self.stamp - _RACY_NS:
            self.new[rel] = old
            return old[4]
        digest = _hash_file(path)
        self.new[rel] = (*key, digest)
        self.hashed += 1
        return digest

    def unchanged(self, root: Path) -> bool:
        """Tell whether a last look at the tree finds it as this memo's fingerprint did.

        The same walk again: every name, kind and link target as it was, and every file with
        the stat it had then, unless it was changed so recently that a stat can hide an edit
        (see _RACY_NS); such a file, and one whose stat moved, must hash as it did then.
        """
        now: list[Walked] = []
        try:
            for rel in TREES:
                _walk(root, rel, now)
            if now == self.walked:  # the common case: one comparison, in C
                return all(
                    _hash_file(f"{root}/{name}") == self.new[name][4] for name in self.recent
                )
            if len(now) != len(self.walked):
                return False
            for (kind, name, extra), before in zip(now, self.walked, strict=True):
                if (kind, name) != before[:2] or (kind == "link" and extra != before[2]):
                    return False
                if kind == "file" and extra != before[2]:
                    if _hash_file(f"{root}/{name}") != self.new[name][4]:
                        return False
            return all(_hash_file(f"{root}/{name}") == self.new[name][4] for name in self.recent)
        except (OSError, KeyError):
            return False

    def remember(self, root: Path) -> None:
        """Let the loader use these digests (see known_digest)."""
        _memos[root] = self

    def trusted(self, rel: str, path: str | Path) -> bytes | None:
        """Return the digest of rel taken here if the file is still as it was then, else None.

        While the check computes its result the digest is returned as taken: that result is
        the one for the fingerprint's contents, and stored only if a last look finds every
        file as the fingerprint saw it (cached_check). So no file is looked at twice.
        """
        entry = self.new.get(rel)
        if entry is None:
            return None
        if self.checking or self.snapshot:
            return entry[4]
        try:
            stat = os.stat(path)
        except OSError:
            return None
        key: StatKey = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
        if entry[:4] != key or max(stat.st_mtime_ns, stat.st_ctime_ns) >= self.started - _RACY_NS:
            return None
        return entry[4]

    def listing(self, folder: str) -> list[Listed] | None:
        """Return what the fingerprint's walk saw in folder, while its digests are taken as
        they are (see trusted()), so the loader need not list the folder again; else None.
        """
        if not (self.checking or self.snapshot):
            return None
        prefix = folder + "/"
        start = len(prefix)
        links: set[str] = set()
        listed: list[Listed] = []
        for kind, name, _extra in self.walked:
            if not name.startswith(prefix) or "/" in name[start:]:
                continue
            if kind == "link":  # the kind of what it leads to comes next, under the same name
                links.add(name)
            elif kind in ("dir", "file", "other"):  # not the cycle a folder's walk may end in
                listed.append((name[start:], name in links, kind == "file"))
        return listed

    def read(self, rel: str, digest: str) -> None:
        """Note that the loader read rel's bytes itself (digest: their sha256, in hex).

        Bytes other than those the fingerprint hashed (a file changed, or changed and changed
        back, while bif ran) mean the result is not the fingerprint's: it is not stored.
        """
        if self.checking:
            entry = self.new.get(rel)
            if entry is None or entry[4].hex() != digest:
                self.differs = True

    def save(self) -> None:
        """Write the memo when a file was hashed in this run (so its stamp moves on)."""
        if self.hashed or self.new.keys() != self.old.keys():
            _write(self.path, (self.started, self.new))


def known_digests(root: Path) -> DigestMemo | None:
    """Return the memo of this process's last fingerprint of root, if the cache is in use.

    A command checks first (the fingerprint) and loads after: the loader then reads only the
    files it needs. Its digests are trusted with the same guard as the memo's (trusted()).
    """
    memo = _memos.get(root)
    return memo if memo is not None and usable(root) else None


@contextmanager
def as_fingerprinted(root: Path) -> Iterator[None]:
    """Load root as this process's last fingerprint of it saw it, inside this block.

    For the programme behind a check result served from the cache: the loader takes the
    fingerprint's digests and folder listings as they are, so the programme is the one the
    result was kept for, and no file is looked at again.
    """
    memo = known_digests(root)
    if memo is None:
        yield
        return
    memo.snapshot = True
    try:
        yield
    finally:
        memo.snapshot = False


def _valid_memo(stored: Any) -> tuple[int, dict[str, tuple[int, int, int, int, bytes]]]:
    if not (isinstance(stored, tuple) and len(stored) == 2 and type(stored[0]) is int):
        return 0, {}
    entries = stored[1]
    if not isinstance(entries, dict):
        return 0, {}
    for rel, entry in entries.items():  # 10 000 files: no generator per entry
        if not (
            type(rel) is str
            and type(entry) is tuple
            and len(entry) == 5
            and type(entry[0]) is int
            and type(entry[1]) is int
            and type(entry[2]) is int
            and type(entry[3]) is int
            and type(entry[4]) is bytes
        ):
            return 0, {}
    return stored[0], entries


# A name in a folder as a walk saw it: (name, whether it is a symlink, whether it is a file,
# following a link).
Listed = tuple[str, bool, bool]
TREES = ("data", "templates")  # what `bif check` could depend on, besides the date and bif
# One thing a walk saw: (kind, path relative to the root, and a link's target or a file's
# stat). Kinds: absent (a folder), cycle, link, dir, file, other.
Walked = tuple[str, str, StatKey | str | None]


_NAME = operator.attrgetter("name")


def _hash_file(path: str) -> bytes:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).digest()


def _walk(root: Path, rel: str, out: list[Walked], seen: frozenset[str] = frozenset()) -> None:
    """Append to out every name, kind, link target and file stat under root/rel, in order.

    A symlink is followed (after its target's text), so an edit behind a link (a
    data/companies that links elsewhere) is never served a stale result. seen holds the real
    paths of the folders being walked, so a link back up the tree ends the walk.
    """
    folder = root / rel
    if not folder.is_dir():
        out.append(("absent", rel, None))
        return
    real = os.path.realpath(folder)
    if real in seen:
        out.append(("cycle", rel, None))
        return
    seen = seen | {real}
    with os.scandir(folder) as scan:
        entries = sorted(scan, key=_NAME)
    for entry in entries:
        name = f"{rel}/{entry.name}"
        if entry.is_symlink():
            out.append(("link", name, os.readlink(entry.path)))
        if entry.is_dir():  # follows a link
            out.append(("dir", name, None))
            _walk(root, name, out, seen)
        elif entry.is_file():
            stat = os.stat(entry.path)
            out.append(
                ("file", name, (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino))
            )
        else:
            out.append(("other", name, None))


def fingerprint(root: Path, today: date, memo: DigestMemo | None = None) -> str | None:
    """Return a key for everything `bif check` could depend on, or None if it cannot be read.

    That is the whole data/ and templates/ trees (names, kinds and contents), the date
    (overdue milestones depend on it) and bif's code. memo spares hashing unchanged files,
    and keeps what the walk saw for a last look (DigestMemo.unchanged).
    """
    digest = hashlib.sha256(f"{code_digest()} {today.isoformat()}\n".encode())
    walked: list[Walked] = []
    parts: list[bytes] = []
    try:
        for rel in TREES:
            _walk(root, rel, walked)
        for kind, name, extra in walked:
            if kind == "file":
                assert isinstance(extra, tuple)
                path = f"{root}/{name}"
                content = _hash_file(path) if memo is None else memo.digest(name, path, extra)
                parts.append(f"file {name} ".encode() + content)
            elif kind == "link":
                parts.append(f"link {name} -> {extra}\n".encode())
            else:
                parts.append(f"{kind} {name}\n".encode())
    except OSError:
        return None
    digest.update(b"".join(parts))
    key = digest.hexdigest()
    if memo is not None:
        memo.walked = walked
        memo.key = key
        racy = memo.started - _RACY_NS
        memo.recent = [
            name
            for kind, name, extra in walked
            if kind == "file" and isinstance(extra, tuple) and max(extra[1], extra[2]) >= racy
        ]
    return key


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


CHECK_ENTRIES = 4


def _valid_entry(entry: Any) -> bool:
    return (
        isinstance(entry, tuple)
        and len(entry) == 3
        and type(entry[0]) is str
        and type(entry[1]) is int
        and isinstance(entry[2], list)
        and all(_valid_problem(p) for p in entry[2])
    )


class Checked(NamedTuple):
    """A check's result: its problems, the files it checked, and the fingerprint it is kept
    under (None when it is not kept: the cache is off, or the files moved while it ran)."""

    problems: list[Problem]
    files: int
    key: str | None


def cached_check(
    root: Path,
    today: date,
    compute: Callable[[], tuple[list[Problem], int]],
) -> Checked:
    """Return the check's result: from the cache when nothing changed, else compute()'s.

    The last few results are kept (CHECK_ENTRIES), each under its own key, so a report checked
    as of its quarter's last day and a `bif check` as of today do not push each other out.
    """
    if not usable(root):
        return Checked(*compute(), None)
    memo = DigestMemo(root)
    key = fingerprint(root, today, memo)
    memo.save()
    if key is not None:
        memo.remember(root)
    path = root / CACHE_DIR / CHECK_FILE
    stored = _read(path)
    entries = [e for e in stored if _valid_entry(e)] if isinstance(stored, list) else []
    if key is not None:
        for stored_key, files, plain in entries:
            if stored_key == key:
                return Checked([Problem(*p) for p in plain], files, key)
    memo.checking = key is not None
    try:
        problems, files = compute()
    finally:
        memo.checking = False
    # Store the result only if it is the fingerprint's: every file the loader read itself had
    # the bytes the fingerprint hashed, and a last look finds no file changed since.
    if key is not None and not memo.differs and memo.unchanged(root):
        _write(path, [(key, files, plain_problems(problems)), *entries[: CHECK_ENTRIES - 1]])
        return Checked(problems, files, key)
    return Checked(problems, files, None)
