"""The programme at a git revision, read from git into memory and checked like the working tree."""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from bif_cli.domain.programme import (
    CLUSTERS_DIR,
    COMPANIES_DIR,
    PROGRAMME_FILES,
    Programme,
)
from bif_cli.domain.registry import REGISTRY_DIR
from bif_cli.domain.submitted import SUBMITTED_DIR
from bif_cli.io.blobdigests import BlobDigests
from bif_cli.io.cache import content_digest
from bif_cli.io.yamlio import MAX_BYTES

if TYPE_CHECKING:
    from bif_cli.io.check import CheckResult, GitRevision
    from bif_cli.io.git import BlobReading, Repo
    from bif_cli.io.keptrevision import KeptRevision, Planned
    from bif_cli.io.store import Known

_SINGLES = frozenset(PROGRAMME_FILES)
_ENTITY_FOLDERS = frozenset({COMPANIES_DIR, CLUSTERS_DIR})
_LISTED_FOLDERS = _ENTITY_FOLDERS | {SUBMITTED_DIR, REGISTRY_DIR}
_QUIET_IN_ENTITY_FOLDERS = frozenset({".gitkeep", ".keep", ".gitignore"})
_ODD_PARTS = frozenset({"", ".", ".."})  # an empty, this or parent folder in a path


def _silent_entity_name(name: str) -> bool:
    """Tell whether the loader takes <id>.yaml in companies/ or clusters/ without a word.

    (A name that ends in .yaml is never one of the loader's leftover .tmp files.)
    """
    entity_id, reserved = _entity_id_rules()
    stem = name[: -len(".yaml")]
    return (
        name.endswith(".yaml")
        and entity_id(stem) is not None
        and stem not in reserved
        and len(stem) <= 60
    )


@functools.cache
def _entity_id_rules() -> tuple[Callable[[str], object], frozenset[str]]:
    """The loader's pattern for an entity file's id and the ids it reserves (from io/store.py,
    imported once: plain_paths asks about every one of 10 000 names)."""
    from bif_cli.io.store import ENTITY_FILE_ID, WINDOWS_RESERVED

    return ENTITY_FILE_ID.fullmatch, WINDOWS_RESERVED


def _silent_listed_name(folder: str, name: str) -> bool:
    """Tell whether the loader reads name in data/submitted or data/registry without a word."""
    from bif_cli.io.snapshot import SNAPSHOT_NAME
    from bif_cli.io.store import RECORD_NAME

    pattern = RECORD_NAME if folder == SUBMITTED_DIR else SNAPSHOT_NAME
    return pattern.match(name) is not None


def _under_a_loaded_path(path: str) -> bool:
    """Tell whether path lies below a file the loader reads or a folder it lists."""
    return any(path.startswith(f"{taken}/") for taken in _SINGLES | _LISTED_FOLDERS)


def plain_paths(files: dict[str, tuple[str, str]]) -> list[str] | None:
    """Return the paths of a revision's data/ that the loader reads, or None.

    Loaded over an empty folder, the files at these paths are all the loader sees, and it
    sees them as it would see a checkout only when every file is a regular file that the
    loader takes (or skips) without a word. A link, a submodule's folder, a sub-folder where
    entity files go, an odd or hidden name: None, and the caller checks a checkout as before,
    which reports each of them. files is as from git.tree_files.
    """
    from bif_cli.io.git import BLOB_MODES

    taken: list[str] = []
    for path, (mode, _blob) in files.items():
        parts = path.split("/")
        if mode not in BLOB_MODES or parts[0] != "data" or not _ODD_PARTS.isdisjoint(parts):
            return None
        folder, name = path.rsplit("/", 1)
        if folder in _ENTITY_FOLDERS:
            if name in _QUIET_IN_ENTITY_FOLDERS:
                continue
            if not _silent_entity_name(name):
                return None
        elif folder in (SUBMITTED_DIR, REGISTRY_DIR):
            if name.startswith(".") and not (folder == REGISTRY_DIR and name.endswith(".tmp")):
                continue  # skipped there, but a leftover .tmp in the registry is told
            if not _silent_listed_name(folder, name):
                return None
        elif _under_a_loaded_path(path):
            return None  # program.yaml or companies/x.yaml as a folder: the checkout says so
        elif path not in _SINGLES:
            continue  # a file the loader never reads (a narrative, a note)
        taken.append(path)
    return taken


@dataclass
class _Reading:
    """A revision's data/ as git lists it, and the files being read for the loader."""

    repo: Repo
    files: dict[str, tuple[str, str]]  # git's listing, when taken is None (else empty)
    taken: list[Planned] | None  # None: a tree the loader has something to say about
    known: Known  # company and cluster files the caches know by their blob: not read
    unread: list[tuple[str, str]]  # (path, blob id) of the files being read, in this order
    reading: BlobReading
    kept: KeptRevision
    memo: BlobDigests | None = None


# Revisions whose files git reads while bif loads the working tree (see read_ahead).
_AHEAD: dict[tuple[Path, str], _Reading] = {}


def read_ahead(source: GitRevision, repo: Repo) -> None:
    """Start git reading the revision's files, for check_revision to take up later.

    git unpacks the blobs while bif checks the working tree, on another core; forget_ahead
    stops a reading that nothing took up.
    """
    reading = _start(repo, source)
    if reading is not None:
        _AHEAD[(source.root, source.commit)] = reading


def forget_ahead() -> None:
    """Stop every reading read_ahead started that check_revision did not take up."""
    while _AHEAD:
        _AHEAD.popitem()[1].reading.cancel()


def _start(repo: Repo, source: GitRevision) -> _Reading | None:
    """List the revision's data/ and start reading what the loader needs (None: no data/).

    The listing comes from what an earlier diff kept for the commit (io/keptrevision.py),
    else from git.
    """
    from bif_cli.io.git import BlobReading, tree_files
    from bif_cli.io.keptrevision import KeptRevision
    from bif_cli.io.modelcache import ModelCache

    kept = KeptRevision(source.root, source.commit, repo.prefix)
    memo = None
    taken = kept.plan
    if taken is None:
        files = tree_files(repo, source.commit, "data/")
        if not files:
            return None
        paths = plain_paths(files)
        if paths is None:  # read whole, and checked as a checkout would be
            unread = [(path, blob) for path, (_mode, blob) in files.items()]
            reading = BlobReading(repo, [blob for _path, blob in unread])
            return _Reading(repo, files, None, {}, unread, reading, kept)
        memo = BlobDigests(source.root)
        taken = []
        for path in paths:
            blob = files[path][1]
            taken.append((path, blob, _known_digest(memo, path, blob)))
    # Only files the model cache holds: any other is read with the rest, in one go.
    cached = ModelCache(source.root).entries if any(d for _p, _b, d in taken) else {}
    known: Known = {}
    for path, blob, digest in taken:
        if digest is not None and _kept_digest(cached.get(path)) == digest:
            known[path] = (digest, functools.partial(_blob_bytes, repo, blob))
    unread = [(path, blob) for path, blob, _digest in taken if path not in known]
    reading = BlobReading(repo, [blob for _path, blob in unread])
    return _Reading(repo, {}, taken, known, unread, reading, kept, memo)


def _known_digest(memo: BlobDigests, path: str, blob: str) -> str | None:
    """Return the sha256 an earlier run learnt for a company or cluster file's blob."""
    return memo.digest(blob) if path.rsplit("/", 1)[0] in _ENTITY_FOLDERS else None


def check_revision(source: GitRevision, today: date) -> CheckResult:
    """Check the programme at a git revision, read from git into memory.

    The files are loaded through the working tree's loader and looked up in its caches (keyed
    by content; a revision's files are never written there), so a file the same at the
    revision as in the working tree is not parsed again, and its company stays a skeleton. A
    company or cluster file whose blob an earlier run read (io/blobdigests.py) is not even
    read from git unless the caches lack it. A tree the loader has something to say about is
    written to a temporary folder first, as a checkout would be, and loaded from there. What
    the rules say is kept by commit and date (io/keptrevision.py), with the plan of what to
    read.
    """
    from bif_cli.io.check import CheckResult, check_parts, check_programme
    from bif_cli.io.git import materialised, open_repo

    ahead = _AHEAD.pop((source.root, source.commit), None)
    started = ahead if ahead is not None else _start(open_repo(source.root), source)
    if started is None:  # no data/ at that commit: an empty programme
        return CheckResult(source.root, [], 0, {}, Programme(root=source.root))
    contents = started.reading.contents()
    if started.taken is None:
        with materialised(started.files, contents) as folder:
            programme, problems = check_programme(folder, today, cache_root=source.root)
        return CheckResult(folder, problems, len(programme.sources), {}, programme)
    overlay: dict[str, bytes] = {}
    known = dict(started.known)
    memo = started.memo
    learnt: dict[str, str] = {}
    for (path, blob), content in zip(started.unread, contents, strict=True):
        if path.rsplit("/", 1)[0] in _ENTITY_FOLDERS and len(content) <= MAX_BYTES:
            # Hashed once, here: the loader takes the digest as it is.
            digest = memo.learn(blob, content) if memo else content_digest(content)
            learnt[path] = digest
            known[path] = (digest, functools.partial(_as_read, content))
        else:
            # The loader reads at most one byte past the limit, and says the file is too big.
            overlay[path] = content[: MAX_BYTES + 1]
    if memo is not None:
        memo.save()
    kept = started.kept
    day = today.isoformat()
    with tempfile.TemporaryDirectory(prefix="bif-diff-") as empty:
        folder = Path(empty)
        programme, problems, rules = check_parts(
            folder,
            today,
            overlay,
            skeletons=True,
            cache_root=source.root,
            known=known,
            rules=kept.rules(day),
        )
    plan = [(path, blob, learnt.get(path, digest)) for path, blob, digest in started.taken]
    kept.keep(plan, day, rules)
    lazy = _lazy(programme, source, today)
    return CheckResult(folder, problems, len(programme.sources), {}, lazy)


def _as_read(content: bytes) -> bytes:
    return content


def _kept_digest(kept: object) -> str | None:
    """Return the digest a model cache entry was kept under (None: no sound entry)."""
    return kept[0] if type(kept) is tuple and kept and type(kept[0]) is str else None


def _blob_bytes(repo: Repo, blob: str) -> bytes:
    """Read one blob, as the loader would have read it (at most one byte past the limit)."""
    from bif_cli.io.git import read_blobs

    return read_blobs(repo, [blob])[0][: MAX_BYTES + 1]


def _lazy(programme: Programme, source: GitRevision, today: date) -> Programme:
    """Return programme as a LazyProgramme when companies stand as skeletons in it.

    A company whose file the working tree's model cache knows stays a skeleton (facts only):
    `bif diff` makes whole only the companies it compares (io/diffload.py), and anything that
    reads `companies` gets them all whole, as before. Should a cache entry go bad meanwhile,
    the revision is checked again with every company validated afresh.
    """
    from bif_cli.io.skeleton import LazyProgramme, SkeletonProgramme

    if not isinstance(programme, SkeletonProgramme) or not programme.skeletons:
        return programme
    lazy = LazyProgramme(**{each.name: getattr(programme, each.name) for each in fields(programme)})
    lazy.reload = lambda: _whole_revision(source, today)
    return lazy


def _whole_revision(source: GitRevision, today: date) -> Programme:
    """Load the programme at a revision with no model cache: every company whole."""
    from bif_cli.io.cache import bypassed

    with bypassed():
        return check_revision(source, today).programme
