"""Write a generated folder (the static site) whole: built aside, then swapped in by renames."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from bif_cli.errors import UsageError
from bif_cli.texts import say


def _refuse_foreign(folder: Path, marker: str, lang: str) -> None:
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise UsageError(say("site.not_folder", lang, folder=str(folder)))
    if folder.is_dir() and any(folder.iterdir()) and not (folder / marker).is_file():
        raise UsageError(say("site.foreign", lang, folder=str(folder)))


def replace_folder(folder: Path, files: dict[str, str], marker: str, lang: str) -> None:
    """Make folder hold exactly files ({relative path: text}) and a marker; never half-written.

    Only a folder that is new, empty, or was written by bif before (it has the marker) is
    replaced, so `-o .` or `-o data` cannot wipe anything else.
    """
    folder = folder.absolute()
    _refuse_foreign(folder, marker, lang)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for rel, text in files.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        (staging / marker).write_text("Written by `bif site`; the folder is replaced whole.\n")
        staging.chmod(0o755)
        old = None
        if folder.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old.", dir=folder.parent))
            old.rmdir()
            folder.rename(old)
        staging.rename(folder)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
