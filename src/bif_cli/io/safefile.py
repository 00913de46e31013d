"""Open only what belongs to the programme: regular files that resolve inside its root."""

from __future__ import annotations

import errno
import functools
import os
import stat
from pathlib import Path

from bif_cli.escape import shown
from bif_cli.texts import Args, message

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)

OUTSIDE = "BIF019"
NOT_REGULAR = "BIF020"


class Refused(Exception):
    """A path bif will not open: a code, a message id with its arguments, and the message.

    The caller ties it to a file: as a Problem (code, text, args) or in an error's message.
    """

    def __init__(self, code: str, text: str, args: Args = ()) -> None:
        self.code = code
        self.text = text
        self.args_ = args
        self.message = message(text, args, "en")
        super().__init__(self.message)


def outside_root(root: Path, path: Path, folders: dict[str, Path] | None = None) -> str | None:
    """Return where path really leads if that is outside root (through links), else None.

    folders, when given, remembers the real path of each folder already resolved, so reading
    10 000 files of one folder resolves that folder once and then only asks whether each file
    is itself a link (one lstat instead of one per part of the path).
    """
    try:
        if folders is None:
            real_root, real = root.resolve(), path.resolve()
        else:
            real_root = _resolved(root, folders)
            if path.name in ("", ".", "..") or path.is_symlink():
                real = path.resolve()
            else:
                real = _resolved(path.parent, folders) / path.name
    except (OSError, RuntimeError):  # a link loop
        return str(path)
    if real == real_root or real.is_relative_to(real_root):
        return None
    return str(real)


def _resolved(folder: str | Path, folders: dict[str, Path]) -> Path:
    key = os.fspath(folder)  # keyed by text: hashing a new Path per file costs more than this
    real = folders.get(key)
    if real is None:
        real = folders[key] = Path(key).resolve()
    return real


def check_inside(root: Path, path: Path, folders: dict[str, Path] | None = None) -> None:
    """Raise Refused when path (or a folder on its way) is a link that leads outside root."""
    target = outside_root(root, path, folders)
    if target is not None:
        raise Refused(OUTSIDE, "BIF019.outside", (("target", shown(target)),))


def read_regular(
    root: Path, path: Path, limit: int, folders: dict[str, Path] | None = None
) -> bytes:
    """Read at most limit bytes of path: a regular file inside root, or Refused (or OSError).

    O_NONBLOCK keeps a fifo from hanging the open; fstat then refuses anything that is not
    a regular file (a fifo, a device, a folder, a socket). folders: see outside_root.
    """
    handle = _open_unlinked(root, path, folders) if folders is not None and _NOFOLLOW else None
    if handle is None:
        check_inside(root, path, folders)
        handle = os.open(path, _FLAGS)
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            raise Refused(NOT_REGULAR, "BIF020.not_regular")
        chunks = []
        left = limit
        # The first read asks for one byte more than the file holds: a short read then ends
        # it. Asking for a megabyte each time would allocate (and free) one per small file.
        want = min(left, status.st_size + 1)
        while left > 0:
            chunk = os.read(handle, want)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
            if len(chunk) < want and limit - left >= status.st_size:
                break  # a short read of all the file had: the end (spares one read a file)
            want = min(left, 1 << 20)
        return b"".join(chunks)
    finally:
        os.close(handle)


def _open_unlinked(root: Path, path: Path, folders: dict[str, Path]) -> int | None:
    """Open path if it is no link and its folder resolves inside root; else None (ask check_inside).

    The bulk read's shortcut: one open with O_NOFOLLOW instead of an lstat, then an open. A
    link fails that open (ELOOP) and goes the careful way, so it is never followed unchecked.
    """
    if path.name in ("", ".", ".."):
        return None
    try:
        real_root = _resolved(root, folders)
        real = _resolved(os.path.dirname(path), folders)
    except (OSError, RuntimeError):  # a link loop: check_inside says so
        return None
    if not _lies_within(real, real_root):
        return None
    try:
        return os.open(path, _FLAGS | _NOFOLLOW)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # path is a link: check_inside says where it leads
            return None
        raise


@functools.lru_cache(maxsize=256)
def _lies_within(real: Path, real_root: Path) -> bool:
    return real == real_root or real.is_relative_to(real_root)
