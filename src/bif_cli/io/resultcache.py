"""What a reading command works out from the programme, kept by what it was worked out from.

A report's context (outputs/report.py and its kin: every figure, row and text of the report as
plain data) and the recruitment overview depend on the programme's files, the date they are
checked as of, bif's code and the command's own arguments, nothing else. The check cache's
fingerprint (io/cache.py) covers the first three: the whole data/ and templates/ trees, the date
and the code. So a result is kept under the sha256 of that fingerprint and the arguments, and
the same report or overview asked for again (in another format, after a template tweak, or a
second time) is rendered from the kept result without loading a company.

A result is kept only when a last look at the files after it was worked out finds them as the
fingerprint saw them, as a check result is (cache.cached_check). The files are signed like
every cache file, and unpickled with no class but datetime.date.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from bif_cli.io.cache import CACHE_DIR, _read, _write, keep_latest, known_digests, usable

if TYPE_CHECKING:
    from datetime import date

    from bif_cli.domain.programme import Programme
    from bif_cli.domain.quarter import Quarter
    from bif_cli.io.check import CheckResult

KEPT_FILE = "kept-{}.pickle"  # by the first 32 hex digits of the result's key
KEPT_GLOB = "kept-*.pickle"
KEPT_RESULTS = 16  # a three-year programme's quarters, annual reports and final report: `bif site`

Result = TypeVar("Result")
Argument = str | int | None


def kept_result(
    result: CheckResult,
    arguments: tuple[Argument, ...],
    build: Callable[[Programme], Result],
) -> Result:
    """Return what build makes from result's programme: kept, or made and then kept.

    result: the programme's check as of the date the command checks it as of. arguments:
    everything else what build makes depends on (the command, a report's period, a region,
    the language, dates), each a str, int or None.
    """
    path = key = None
    if result.fingerprint is not None and usable(result.root):
        key = result_key(result.fingerprint, arguments)
        path = result.root / CACHE_DIR / KEPT_FILE.format(key[:32])
        kept: Any = _read(path, dates=True)
        if type(kept) is tuple and len(kept) == 2 and kept[0] == key and type(kept[1]) is dict:
            return cast(Result, kept[1])  # signed: written by this bif's code for this key
    made = build(result.programme)
    if path is not None and _settled(result):
        _write(path, (key, made))
        keep_latest(path, KEPT_GLOB, KEPT_RESULTS)
    return made


def _settled(result: CheckResult) -> bool:
    """Tell whether a last look finds the files as the fingerprint of result's check saw them."""
    memo = known_digests(result.root)
    return memo is not None and memo.key == result.fingerprint and memo.unchanged(result.root)


def quarterly_arguments(
    quarter: Quarter, language: str, *, region: str | None = None, report_date: date | None = None
) -> tuple[Argument, ...]:
    """Return what a quarterly report depends on besides its files (report_date: its end)."""
    when = report_date or quarter.last_day
    return ("quarterly", str(quarter), region, language, when.isoformat())


def annual_arguments(year: int, language: str, report_date: date) -> tuple[Argument, ...]:
    """Return what an annual report depends on besides its files.

    Its context holds no text in a language today; the language is in the key all the same,
    so a context that one day does is never shown in the other.
    """
    return ("annual", year, language, report_date.isoformat())


def final_arguments(language: str, report_date: date | None, today: date) -> tuple[Argument, ...]:
    """Return what the final report depends on besides its files (a draft until the period
    has ended, so today too; report_date: None for the period's end; language: as for the
    annual report)."""
    chosen = report_date.isoformat() if report_date else None
    return ("final", language, chosen, today.isoformat())


def result_key(fingerprint: str, arguments: tuple[Argument, ...]) -> str:
    """Return the key of what is made from the files fingerprint names, with arguments."""
    if not all(a is None or type(a) in (str, int) for a in arguments):
        raise TypeError(f"the arguments of a kept result are str, int or None: {arguments!r}")
    return hashlib.sha256(f"{fingerprint}\0{arguments!r}".encode()).hexdigest()
