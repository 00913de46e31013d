"""Both sides of `bif diff`: a company the same at both revisions is made whole only once."""

from __future__ import annotations

from collections.abc import Callable

from bif_cli.domain import models
from bif_cli.domain.programme import Programme
from bif_cli.io.skeleton import LazyProgramme, SkeletonProgramme

SameFile = Callable[[str], bool]


def as_loaded(programme: Programme) -> dict[str, models.Company]:
    """Return the companies as loaded, a skeleton standing where one is (nothing made whole)."""
    if isinstance(programme, SkeletonProgramme):
        return programme._as_loaded()
    return programme.companies


def share_whole(base: Programme, head: Programme, same: SameFile) -> None:
    """Make every company of both sides whole, a file the same at both sharing head's model.

    A model is a function of its file's bytes alone, so where the bytes are the same the
    model validated at head is the one base would have: base holds that very object instead
    of loading its own (and compare() then sees `old is new`).
    """
    whole = head.companies  # a LazyProgramme makes its skeletons whole here
    if isinstance(base, SkeletonProgramme) and base.skeletons:
        table = as_loaded(base)
        for company_id in list(base.skeletons):
            shared = whole.get(company_id)
            if shared is not None and same(Programme.company_path(company_id)):
                table[company_id] = shared
                base.skeletons.discard(company_id)
        if isinstance(base, LazyProgramme):
            base.companies  # noqa: B018 - the rest are made whole on this first read
        else:
            base.flesh_out()
