"""Date options for things that have happened: refused after today, warned outside the period."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import typer

from bif_cli.cli.common import parse_date_option

if TYPE_CHECKING:
    from bif_cli.domain.programme import Programme


def past_date(value: str | None, option: str, what: str) -> date:
    """Parse a date option (today when absent) and refuse a date after today (exit 2)."""
    from bif_cli.clock import today
    from bif_cli.domain.date_guards import refuse_future

    return refuse_future(parse_date_option(value, option), today(), option, what)


def warn_outside_period(programme: Programme, day: date | None, what: str) -> None:
    """Print a warning when day lies outside the programme period; the write goes on."""
    from bif_cli.domain.date_guards import outside_period

    if day is None:
        return
    message = outside_period(programme, day, what)
    if message is not None:
        typer.echo(f"warning: {message}", err=True)
