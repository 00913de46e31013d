"""Atomic writes: a temporary file in the same folder, fsync, then link (new) or replace (edit)."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path

from bif_cli.errors import BifError


class WriteConflict(BifError):
    """The file appeared or changed while the command was running (exit 2: run it again)."""

    exit_code = 2


def temp_path(final: Path) -> Path:
    """Return a fresh temporary name next to final: `.<name>.<random>.tmp`."""
    return final.with_name(f".{final.name}.{secrets.token_hex(4)}.tmp")


def _write_temp(final: Path, data: bytes, mode: int) -> Path:
    tmp = temp_path(final)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def _fsync_dir(folder: Path) -> None:
    # Make the rename itself durable; not every platform lets a folder be opened.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def create_new(final: Path, data: bytes, label: str | None = None) -> None:
    """Create final with data, atomically and exclusively; WriteConflict if it already exists.

    The bytes go to a temporary file first; os.link then gives it the final name, which
    fails if that name exists, so a reader never sees half a file and nothing is overwritten.
    """
    tmp = _write_temp(final, data, 0o666)
    try:
        try:
            os.link(tmp, final)
        except FileExistsError:
            raise WriteConflict(
                f"{label or final.name} already exists; nothing was written"
            ) from None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
                raise
            _create_without_links(tmp, final, label or final.name)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    _fsync_dir(final.parent)


def _create_without_links(tmp: Path, final: Path, label: str) -> None:
    """Fallback for file systems without hard links: reserve the name, then replace it."""
    try:
        fd = os.open(final, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise WriteConflict(f"{label} already exists; nothing was written") from None
    os.close(fd)
    try:
        os.replace(tmp, final)
    except BaseException:
        with contextlib.suppress(OSError):
            final.unlink()
        raise


def replace_file(final: Path, data: bytes, expected_old: bytes, label: str | None = None) -> None:
    """Replace final's contents atomically, if it still holds expected_old (else WriteConflict)."""
    try:
        mode = final.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666
    tmp = _write_temp(final, data, mode)
    try:
        # Someone (another bif, an editor) may have saved the file since it was read.
        if final.read_bytes() != expected_old:
            raise WriteConflict(
                f"{label or final.name} changed while bif was editing it; "
                "nothing was written, run the command again"
            )
        os.chmod(tmp, mode)
        os.replace(tmp, final)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    _fsync_dir(final.parent)


def overwrite(final: Path, data: bytes) -> None:
    """Write final atomically, whatever it held before (for output bif generates)."""
    tmp = _write_temp(final, data, 0o666)
    try:
        os.replace(tmp, final)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    _fsync_dir(final.parent)
