"""Plain-data work split over two processes: half in a forked worker, half in bif itself."""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def in_two_processes(
    items: Sequence[Item],
    work: Callable[[Sequence[Item]], list[Result]],
    sound: Callable[[Any, Sequence[Item]], bool],
) -> list[Result]:
    """Return work(items), its second half done in a forked worker at the same time.

    The worker sends its results back through a pipe with marshal, the fastest way to hand
    back plain data (dict, list, tuple, str, bytes, int, None). A worker that dies, or sends
    what sound(sent, its items) refuses, leaves its half to be done here.
    """
    half = len(items) // 2
    theirs = items[half:]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the worker; coverage does not follow it
        code = 1
        try:
            os.close(read_end)
            payload = marshal.dumps(work(theirs))
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    incoming = os.fdopen(read_end, "rb")
    try:
        mine = work(items[:half])
        payload = incoming.read()
    finally:
        incoming.close()  # first, so a worker still writing gets a broken pipe, not a hang
        _pid, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) == 0:
        try:
            sent = marshal.loads(payload)
        except Exception:  # cut short or garbled: that half is done here instead
            sent = None
        if sound(sent, theirs):
            return mine + list(sent)
    return mine + work(theirs)
