"""The sums `bif diff` counts over every company, worked out once for a base and a date.

A diff's summary says how many companies are recruited on each side, and its areas how much
money is committed and paid. Both are sums over the companies (rules_index.company_sums), and
the two sides differ only in the company files that changed: the head's sums are the base's,
less what the changed companies count at the base, plus what they count at the head.

The base's sums are kept in .bif-cache/ under the sha256 of its companies' ids and file
digests and the date, so a diff against the same base again (a pull request's branch, edited
and compared with main many times) reads none of the base's companies. A base whose company
files the loader does not know by their digests is summed afresh each time.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any

from bif_cli.domain.programme import Programme
from bif_cli.domain.rules_index import CompanySums, company_sums
from bif_cli.io.cache import CACHE_DIR, _read, _write, usable

SUMS_FILE = "diff-sums.pickle"
KEPT = 4  # bases kept: main and a few branches' merge-bases


def side_sums(
    cache_root: Path | None,
    base: Programme,
    head: Programme,
    changed: set[str],
    today: date,
) -> tuple[CompanySums, CompanySums]:
    """Return the company sums of base and head at today (changed: the ids of the companies
    only one side has, or whose file differs; see diffload.changed_companies).

    cache_root: the programme whose .bif-cache/ keeps the base's sums (None: none kept).
    """
    base_ids, head_ids = base.loaded_companies(), head.loaded_companies()
    key = _key(base, today)
    path = None
    if cache_root is not None and key is not None and usable(cache_root):
        path = cache_root / CACHE_DIR / SUMS_FILE
    kept = [] if path is None else _kept(path)
    base_sums = next((sums for stored, sums in kept if stored == key), None)
    if base_sums is None:
        base_sums = company_sums(base, base_ids, today)
        if path is not None:
            _write(path, [(key, base_sums), *kept[: KEPT - 1]])
    gone = company_sums(base, [i for i in base_ids if i in changed], today)
    new = company_sums(head, [i for i in head_ids if i in changed], today)
    return base_sums, _added(_added(base_sums, gone, -1), new)


def _added(sums: CompanySums, more: CompanySums, sign: int = 1) -> CompanySums:
    money = dict(sums[1])
    for area, (committed, paid) in more[1].items():
        before = money.get(area, (0, 0))
        money[area] = (before[0] + sign * committed, before[1] + sign * paid)
    return sums[0] + sign * more[0], money


def _key(base: Programme, today: date) -> str | None:
    """Return what the base's sums depend on, hashed: its companies' files and the date.

    None when a company's file is not known by its digest (its sums are then not kept).
    """
    parts = [today.isoformat()]
    for company_id in base.loaded_companies():
        digest = getattr(base.sources.get(Programme.company_path(company_id)), "digest", None)
        if type(digest) is not str:
            return None
        parts.append(f"{company_id} {digest}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _kept(path: Path) -> list[tuple[str, CompanySums]]:
    stored = _read(path)
    if type(stored) is not list:
        return []
    return [entry for entry in stored if _sound(entry)][:KEPT]


def _sound(entry: Any) -> bool:
    """Tell whether entry has the shape of (key, CompanySums)."""
    if not (type(entry) is tuple and len(entry) == 2 and type(entry[0]) is str):
        return False
    sums = entry[1]
    if not (type(sums) is tuple and len(sums) == 2 and type(sums[0]) is int):
        return False
    if type(sums[1]) is not dict:
        return False
    return all(
        type(area) is str
        and type(money) is tuple
        and len(money) == 2
        and type(money[0]) is int
        and type(money[1]) is int
        for area, money in sums[1].items()
    )
