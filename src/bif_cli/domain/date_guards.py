"""Guards against mistyped dates: none after today; outside the period only warns."""

from __future__ import annotations

from datetime import date

from bif_cli.domain.programme import Programme


def is_future(day: date, today: date) -> bool:
    """Tell whether day lies after today, so that nothing can have happened on it yet."""
    return day > today


def outside_period(programme: Programme, day: date) -> tuple[date, date] | None:
    """Return the programme period when day lies outside it, else None."""
    if programme.program is None:
        return None
    period = programme.program.period
    if period.start <= day <= period.end:
        return None
    return period.start, period.end
