"""Find a programme's root folder (kept light: no models are imported to do it)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from bif_cli.domain.programme import PROGRAM_FILE
from bif_cli.errors import BifError, UsageError
from bif_cli.texts import DEFAULT_LANGUAGE


class NoProgrammeError(BifError):
    """No programme root could be found."""

    exit_code = 2


def find_root(start: Path | None = None, override: str | os.PathLike[str] | None = None) -> Path:
    """Return the root: override, BIF_ROOT, or the nearest folder with data/program.yaml."""
    chosen = override if override is not None else os.environ.get("BIF_ROOT") or None
    if chosen is not None:
        root = Path(chosen).expanduser().resolve()
        if not (root / PROGRAM_FILE).is_file():
            raise NoProgrammeError(f"{root} is not a programme: it has no {PROGRAM_FILE}")
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / PROGRAM_FILE).is_file():
            return folder
    raise NoProgrammeError(
        f"no programme found: neither {here} nor a folder above it has {PROGRAM_FILE} "
        "(use --root PATH, or start one with `bif init DIR`)"
    )


_LANGUAGE = re.compile(
    rb"""^language:[ \t]*(["']?)(nb|en)\1[ \t]*(?:#[^\r\n]*)?\r?$""", re.MULTILINE
)


_MOST_READ = 1_000_001  # as the loader: a larger program.yaml is refused by `bif check`


def configured_language(root: Path | None) -> str:
    """Return `language:` of the programme's program.yaml (nb or en), or nb.

    Read with a pattern, not the models, so a cached `bif check` stays light; a value other
    than nb or en is reported by `bif check` (BIF103) and counts as nb here.
    """
    if root is None:
        return DEFAULT_LANGUAGE
    try:
        with (root / PROGRAM_FILE).open("rb") as handle:
            raw = handle.read(_MOST_READ)
    except OSError:
        return DEFAULT_LANGUAGE
    found = _LANGUAGE.search(raw)
    return found.group(2).decode() if found else DEFAULT_LANGUAGE


def open_programme(root_override: str | None = None) -> Path:
    """Find the programme root for a command, or raise a usage error that says how to fix it."""
    try:
        return find_root(override=root_override)
    except NoProgrammeError as exc:
        raise UsageError(str(exc)) from None
