"""The programme lock: one writer at a time for the whole read, check, compare and rename.

The lock file lives in the programme root's .bif-cache/, whose own .gitignore keeps it out
of git: a write then shows in `git status` as the one file it changed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from bif_cli.errors import DataError
from bif_cli.io.cache import CACHE_DIR, prepare_cache_dir

LOCK_FILE = f"{CACHE_DIR}/write.lock"
DEFAULT_TIMEOUT = 10.0

_held: dict[Path, FileLock] = {}


class LockBusy(DataError):
    """Another bif held the programme's lock for longer than this one would wait (exit 1)."""


def timeout_seconds() -> float:
    """Return how long a writer waits for another (BIF_LOCK_TIMEOUT, default 10 seconds)."""
    value = os.environ.get("BIF_LOCK_TIMEOUT", "").strip()
    try:
        seconds = float(value) if value else DEFAULT_TIMEOUT
    except ValueError:
        return DEFAULT_TIMEOUT
    return seconds if seconds >= 0 else DEFAULT_TIMEOUT


@contextmanager
def programme_lock(root: Path) -> Iterator[None]:
    """Hold the programme's lock inside this block; nested blocks in one process share it.

    A second bif that wants to write waits for the first, up to BIF_LOCK_TIMEOUT seconds,
    then stops with a DataError (exit 1) and writes nothing.
    """
    key = root.resolve()
    if key in _held:
        yield
        return
    path = key / LOCK_FILE
    folder_ready = prepare_cache_dir(key)
    if not folder_ready or path.is_symlink() or (path.exists() and not path.is_file()):
        raise DataError.said("lock.unusable", lock=LOCK_FILE, folder=CACHE_DIR)
    seconds = timeout_seconds()
    lock = FileLock(str(path), timeout=seconds)
    try:
        lock.acquire()
    except Timeout:
        raise LockBusy.said("lock.busy", lock=LOCK_FILE, seconds=f"{seconds:g}") from None
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise DataError.said("lock.failed", lock=LOCK_FILE, reason=reason) from None
    _held[key] = lock
    try:
        yield
    finally:
        del _held[key]
        lock.release()
