"""The first run's worker, forked as soon as `bif check` knows it starts without a model cache.

Forked before bif hashes the files for the check cache's key, it loads the context files
itself and takes chunks of company files from a pipe of chunk numbers, as bif does once it
gets there (io/coldload.py): whoever is free takes the next chunk, so the two processes share
the work evenly however long bif's own start takes. This module stays light: a warm
`bif check` imports it, finds the model cache, and forks nothing.
"""

from __future__ import annotations

import gc
import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bif_cli.domain.programme import COMPANIES_DIR
from bif_cli.io.cache import CACHE_DIR, usable

# The model cache's file (modelcache.MODELS_FILE; a test holds the two equal): this module
# must not import the models to find out whether it is there.
MODELS_FILE = "models.pickle"
# Company files a chunk holds (io/coldload.py validates and checks a chunk at a time): small
# enough that neither process waits long for the other's last chunk.
CHUNK = 250
_TOKEN = 2  # bytes per chunk number: a pipe read this short is never split between readers


@dataclass
class Worker:
    """A forked worker: its pid, its results pipe, the chunk pipe, the files it was given."""

    pid: int
    results: int
    tokens: int
    rels: list[str]

    def chunks(self) -> Iterator[list[str]]:
        """Take the chunks no one has taken yet, one at a time (shared with the worker)."""
        while True:
            token = os.read(self.tokens, _TOKEN)
            if len(token) < _TOKEN:
                return
            start = int.from_bytes(token, "big") * CHUNK
            yield self.rels[start : start + CHUNK]

    def collect(self) -> bytes | None:
        """Wait for the worker; return what it sent, or None when it did not finish well."""
        with os.fdopen(self.results, "rb") as incoming:
            try:
                payload = incoming.read()
            finally:
                _pid, status = os.waitpid(self.pid, 0)
        os.close(self.tokens)
        return payload if os.waitstatus_to_exitcode(status) == 0 else None

    def stop(self) -> None:
        """End a worker whose work is not wanted (the check was answered from the cache)."""
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.results)
        os.close(self.tokens)


_workers: dict[Path, Worker] = {}


def start(root: Path, today: date) -> None:
    """Fork the worker when root has no model cache and enough company files to share.

    Does nothing when the model cache is there (a warm run), the cache is not in use, there
    are fewer files than BIF_PARALLEL_MIN_FILES (or 1 000), or one core.
    """
    if root in _workers or (root / CACHE_DIR / MODELS_FILE).exists() or not usable(root):
        return
    from bif_cli.io.yamlio import worth_forking

    try:
        with os.scandir(root / COMPANIES_DIR) as scan:
            names = sorted(e.name for e in scan if e.name.endswith(".yaml"))
    except OSError:
        return
    if not worth_forking(len(names)):
        return
    rels = [f"{COMPANIES_DIR}/{name}" for name in names]
    chunks = (len(rels) + CHUNK - 1) // CHUNK
    if chunks >= 1 << (8 * _TOKEN) or chunks * _TOKEN > 65536:  # more than the pipe holds
        return
    _import_what_both_need()
    token_read, token_write = os.pipe()
    os.write(token_write, b"".join(i.to_bytes(_TOKEN, "big") for i in range(chunks)))
    os.close(token_write)
    results_read, results_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the worker; coverage does not follow it
        code = 1
        try:
            gc.disable()  # as in bif itself while it loads: the data holds no cycles
            os.close(results_read)
            from bif_cli.io.coldload import work_early

            payload = work_early(root, today, Worker(0, -1, token_read, rels))
            with os.fdopen(results_write, "wb") as out:
                out.write(payload)
            code = 0
        finally:
            os._exit(code)
    os.close(results_write)
    _workers[root] = Worker(pid, results_read, token_read, rels)


def _import_what_both_need() -> None:
    """Import what the worker and bif both run next, once before the fork, not once in each."""
    from bif_cli.domain import rules  # noqa: F401
    from bif_cli.io import coldload, fastyaml, store  # noqa: F401

    if fastyaml.enabled():
        try:
            import ryml  # type: ignore[import-untyped]  # noqa: F401
        except ImportError:  # pragma: no cover - a platform without a rapidyaml wheel
            pass


def claim(root: Path) -> Worker | None:
    """Return root's worker for the caller to share the work with and collect (once)."""
    return _workers.pop(root, None)


def dismiss(root: Path) -> None:
    """Stop root's worker if no one claimed it."""
    worker = _workers.pop(root, None)
    if worker is not None:
        worker.stop()
