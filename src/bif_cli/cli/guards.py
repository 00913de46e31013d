"""Date options for things that have happened: refused after today, warned outside the period."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import typer

from bif_cli.cli.common import chosen_language
from bif_cli.cli.options import parse_date_option

if TYPE_CHECKING:
    from bif_cli.domain.programme import Programme


def past_date(value: str | None, option: str, what: str) -> date:
    """Parse a date option (today when absent) and refuse a date after today (exit 2).

    what is a TERMS id (payment, status_change, …) naming the thing that cannot lie ahead.
    """
    from bif_cli.clock import today
    from bif_cli.domain.date_guards import is_future
    from bif_cli.errors import UsageError

    day = parse_date_option(value, option)
    now = today()
    if is_future(day, now):
        raise UsageError.said(
            "guard.future", option=option, day=day.isoformat(), today=now.isoformat(), what=what
        )
    return day


def warn_outside_period(programme: Programme, day: date | None, what: str) -> None:
    """Print a warning when day lies outside the programme period; the write goes on."""
    from bif_cli.domain.date_guards import outside_period
    from bif_cli.fmt import date_nb
    from bif_cli.texts import say

    if day is None:
        return
    period = outside_period(programme, day)
    if period is not None:
        message = say(
            "guard.outside_period",
            chosen_language(),
            what=what,
            day=date_nb(day),
            start=date_nb(period[0]),
            end=date_nb(period[1]),
        )
        typer.echo(message, err=True)
