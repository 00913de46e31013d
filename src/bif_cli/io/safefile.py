"""Open only what belongs to the programme: regular files that resolve inside its root."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from bif_cli.escape import shown
from bif_cli.texts import Args, message

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)

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


def outside_root(root: Path, path: Path) -> str | None:
    """Return where path really leads if that is outside root (through links), else None."""
    try:
        real_root = root.resolve()
        real = path.resolve()
    except (OSError, RuntimeError):  # a link loop
        return str(path)
    if real == real_root or real.is_relative_to(real_root):
        return None
    return str(real)


def check_inside(root: Path, path: Path) -> None:
    """Raise Refused when path (or a folder on its way) is a link that leads outside root."""
    target = outside_root(root, path)
    if target is not None:
        raise Refused(OUTSIDE, "BIF019.outside", (("target", shown(target)),))


def read_regular(root: Path, path: Path, limit: int) -> bytes:
    """Read at most limit bytes of path: a regular file inside root, or Refused (or OSError).

    O_NONBLOCK keeps a fifo from hanging the open; fstat then refuses anything that is not
    a regular file (a fifo, a device, a folder, a socket).
    """
    check_inside(root, path)
    handle = os.open(path, _FLAGS)
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise Refused(NOT_REGULAR, "BIF020.not_regular")
        chunks = []
        left = limit
        while left > 0:
            chunk = os.read(handle, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(handle)
