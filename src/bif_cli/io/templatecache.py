"""Compiled report templates in .bif-cache/, so a report does not compile its templates each run.

Jinja2 compiles a template to Python code; here that code is kept, marshalled, in one signed
cache file like every other (see io/cache.py), under the template's name and file, Jinja2's
version and the environment's class. Jinja2 itself rejects code kept for other source text
(a checksum of the source) or another Python. A cache that is not usable is not read.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from bif_cli.io.cache import CACHE_DIR, _read, _write, usable

TEMPLATES_FILE = "templates.pickle"


class TemplateCache(BytecodeCache):
    """Jinja2's bytecode cache, kept in .bif-cache/templates.pickle."""

    def __init__(self, root: Path) -> None:
        self.path = root / CACHE_DIR / TEMPLATES_FILE
        stored = _read(self.path)
        self.kept: dict[str, bytes] = stored if _valid(stored) else {}

    def get_bucket(
        self, environment: jinja2.Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        where = f"{type(environment).__qualname__}\0{jinja2.__version__}\0{name}\0{filename}"
        key = hashlib.sha256(where.encode("utf-8", "surrogatepass")).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        blob = self.kept.get(bucket.key)
        if blob is None:
            return
        try:
            bucket.bytecode_from_string(blob)
        except Exception:  # kept by an older Jinja2 in a shape it no longer reads: compile
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.kept[bucket.key] = bucket.bytecode_to_string()
        _write(self.path, self.kept)

    def clear(self) -> None:
        self.kept = {}
        _write(self.path, self.kept)


def _valid(stored: Any) -> bool:
    return type(stored) is dict and all(
        type(key) is str and type(blob) is bytes for key, blob in stored.items()
    )


def template_cache(root: Path | None) -> TemplateCache | None:
    """Return the template cache of root's programme, or None when its cache is not usable."""
    # Read afresh each time, never kept in memory: the file is small, and what is trusted
    # depends on the signing key at the moment of reading.
    return None if root is None or not usable(root) else TemplateCache(root)
