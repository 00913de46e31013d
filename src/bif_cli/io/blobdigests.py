"""The sha256 of git blobs read before, so `bif diff` need not read a revision's files again.

A git blob id names its contents, as the sha256 the caches are keyed by does: a company file
the same at a revision as in the working tree is found in the working tree's model cache by
its blob id alone, and read from git only when a problem's line must be shown. Kept in
.bif-cache/blobs.pickle, signed like every cache file (see io/cache.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeGuard

from bif_cli.io.cache import CACHE_DIR, _read, _write, content_digest, usable
from bif_cli.io.yamlio import MAX_BYTES

BLOBS_FILE = "blobs.pickle"


def _valid(stored: Any) -> TypeGuard[dict[str, str]]:
    if type(stored) is not dict:
        return False
    for blob, digest in stored.items():  # 10 000 files: no generator per entry
        if not (type(blob) is str and type(digest) is str and len(digest) == 64):
            return False
    return True


class BlobDigests:
    """Blob id -> sha256 of the blob's bytes, for one programme's repository."""

    def __init__(self, root: Path) -> None:
        self.path = root / CACHE_DIR / BLOBS_FILE
        self.active = usable(root)
        stored = _read(self.path) if self.active else None
        self.entries: dict[str, str] = stored if _valid(stored) else {}
        self.used: dict[str, str] = {}

    def digest(self, blob: str) -> str | None:
        """Return the sha256 of blob's bytes, if an earlier run read it."""
        digest = self.entries.get(blob)
        if digest is not None:
            self.used[blob] = digest
        return digest

    def learn(self, blob: str, content: bytes) -> str:
        """Remember what blob holds, and return its sha256 (too big to load: not remembered)."""
        digest = content_digest(content)
        if self.active and len(content) <= MAX_BYTES:
            self.used[blob] = digest
        return digest

    def save(self) -> None:
        """Keep exactly the blobs used in this run, and write them if anything changed."""
        if self.active and self.used != self.entries:
            _write(self.path, self.used)
