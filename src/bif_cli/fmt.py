"""Norwegian ways of writing money and dates, shared by messages, tables and reports."""

from __future__ import annotations

from datetime import date


def group_thousands(amount: int) -> str:
    """Write an integer with spaces between groups of three digits: 1 250 000."""
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(amount):,}".replace(",", " ")


def kroner(amount: int) -> str:
    """Write money the Norwegian way: 1 250 000 kr."""
    return f"{group_thousands(amount)} kr"


def date_nb(day: date) -> str:
    """Write a date the Norwegian way: 30.06.2015."""
    return f"{day.day:02d}.{day.month:02d}.{day.year}"
