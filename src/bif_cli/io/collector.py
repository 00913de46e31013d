"""The garbage collector paused while bif builds data that holds no cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the garbage collector, then freeze what was made out of its later passes.

    A programme's parsed data and models stay alive for the whole command and hold no
    cycles, so collecting while they are built only costs time (a fifth at 10 000 files).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()
