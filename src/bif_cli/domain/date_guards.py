"""Guards against mistyped dates: none after today; outside the period only warns."""

from __future__ import annotations

from datetime import date

from bif_cli.domain.programme import Programme
from bif_cli.errors import UsageError
from bif_cli.fmt import date_nb


def refuse_future(day: date, today: date, option: str, what: str) -> date:
    """Return day, or refuse it (exit 2) when it lies after today: it cannot have happened yet."""
    if day > today:
        raise UsageError(
            f"{option} {day.isoformat()} is after today ({today.isoformat()}): {what} cannot "
            "have happened yet; check the year"
        )
    return day


def outside_period(programme: Programme, day: date, what: str) -> str | None:
    """Return a warning when day lies outside the programme period, else None."""
    if programme.program is None:
        return None
    period = programme.program.period
    if period.start <= day <= period.end:
        return None
    return (
        f"{what} {date_nb(day)} is outside the programme period "
        f"{date_nb(period.start)}–{date_nb(period.end)}; written anyway"
    )
