"""What `bif diff` works out about a git revision, kept by its commit for the next diff.

A commit names its tree, so what bif reads of a revision's data/ is the same every time it is
asked for: which files the loader takes, their blob ids, and the sha256 of those it has read
(the plan), and, for each date it was checked as of, what the rules say about it. A
reviewer's branch is compared with the same base many times over; the next diff then neither
lists the base's files with git nor runs its rules again. The files are still loaded, from
the caches by their digests, for the comparison.

Kept in .bif-cache/revision-<key>.pickle, one file per commit (the last few), signed like
every cache file (see io/cache.py); a file that is not sound is not used.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, TypeGuard

from bif_cli.errors import PlainProblem, Problem, plain_problems
from bif_cli.io.cache import CACHE_DIR, _read, _valid_problem, _write, keep_latest, usable

REVISION_FILE = "revision-{}.pickle"
REVISION_GLOB = "revision-*.pickle"
REVISIONS = 8  # commits kept: main, and a few branches' merge-bases
DATES = 4  # dates kept per commit: today, and the few a report was checked as of

# One file the loader reads at a revision: its path, its blob id, and the sha256 of its bytes
# (None: not read yet, or a file the loader does not look up by digest).
Planned = tuple[str, str, str | None]


class KeptRevision:
    """The plan and the rules' problems kept for one commit of one programme."""

    def __init__(self, root: Path, commit: str, prefix: str) -> None:
        self.commit, self.prefix = commit, prefix
        name = hashlib.sha256(f"{prefix}\0{commit}".encode()).hexdigest()[:32]
        self.path = root / CACHE_DIR / REVISION_FILE.format(name)
        self.active = usable(root)
        stored = _read(self.path) if self.active else None
        self.plan: list[Planned] | None = None
        self.rules_by_date: dict[str, list[PlainProblem]] = {}
        if _sound(stored) and stored[0] == commit and stored[1] == prefix:
            self.plan, self.rules_by_date = stored[2], stored[3]

    def rules(self, today: str) -> list[Problem] | None:
        """Return what the rules said about this commit as of today (ISO), if kept."""
        kept = self.rules_by_date.get(today)
        return None if kept is None else [Problem(*p) for p in kept]

    def keep(self, plan: list[Planned], today: str, rules: list[Problem]) -> None:
        """Keep plan and the rules' problems as of today, if they are new."""
        if not self.active or (plan == self.plan and today in self.rules_by_date):
            return
        dates = {today: plain_problems(rules)}
        for day, kept in self.rules_by_date.items():
            if len(dates) < DATES and day != today:
                dates[day] = kept
        _write(self.path, (self.commit, self.prefix, plan, dates))
        keep_latest(self.path, REVISION_GLOB, REVISIONS)


def _sound(stored: Any) -> TypeGuard[tuple[str, str, list[Planned], dict[str, list[Any]]]]:
    if not (
        type(stored) is tuple
        and len(stored) == 4
        and type(stored[0]) is str
        and type(stored[1]) is str
        and type(stored[2]) is list
        and type(stored[3]) is dict
    ):
        return False
    for planned in stored[2]:  # 10 000 files: no generator per entry
        if not (
            type(planned) is tuple
            and len(planned) == 3
            and type(planned[0]) is str
            and type(planned[1]) is str
            and (planned[2] is None or (type(planned[2]) is str and len(planned[2]) == 64))
        ):
            return False
    return all(
        type(day) is str and type(kept) is list and all(_valid_problem(p) for p in kept)
        for day, kept in stored[3].items()
    )
