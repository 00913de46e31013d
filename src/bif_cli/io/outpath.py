"""Where generated files (reports, schemas) may go: never into the data, never onto a device."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from bif_cli.errors import UsageError
from bif_cli.escape import shown

PROTECTED = ("data", "templates")


def _protected(root: Path | None, path: Path) -> str | None:
    """Return the protected folder (data/ or templates/) that path resolves into, if any."""
    if root is None:
        return None
    try:
        real = path.resolve()
        real_root = root.resolve()
    except (OSError, RuntimeError):
        return None
    for folder in PROTECTED:
        guarded = real_root / folder
        if real == guarded or real.is_relative_to(guarded):
            return folder
    return None


def check_output_file(path: Path, given: str, root: Path | None) -> None:
    """Refuse -o PATH when it names no file, lies in data/ or templates/, or is not a file."""
    if not given.strip():
        raise UsageError.said("output.no_file")
    folder = _protected(root, path)
    if folder is not None:
        raise UsageError.said("output.protected", path=shown(given), folder=folder)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise UsageError.said("output.cannot_write", path=shown(given), reason=reason) from None
    if not stat.S_ISREG(mode):
        raise UsageError.said("output.not_regular", path=shown(given))


def check_output_folder(path: Path, given: str, root: Path | None) -> None:
    """Refuse -o DIR for schemas when it lies in data/ or templates/ or is not a folder."""
    if not given.strip():
        raise UsageError("-o needs a folder name, like -o schemas")
    folder = _protected(root, path)
    if folder is not None:
        raise UsageError(
            f"-o {shown(given)} is inside the programme's {folder}/ folder; write the schemas "
            "elsewhere (the default is schemas/)"
        )
    if path.exists() and not path.is_dir():
        raise UsageError(f"-o {shown(given)} is a file; name a folder for the schemas")
