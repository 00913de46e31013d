"""Quarters of the year: parse `Q2-2015`, `2015-Q2` or `2015Q2`, and their first and last days."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

ACCEPTED = "Q2-2015, 2015-Q2 or 2015Q2 (quarter 1 to 4, a four-digit year)"
_SPELLINGS = (
    re.compile(r"Q(?P<q>[0-9])-(?P<y>[0-9]{4})", re.IGNORECASE),
    re.compile(r"(?P<y>[0-9]{4})-Q(?P<q>[0-9])", re.IGNORECASE),
    re.compile(r"(?P<y>[0-9]{4})Q(?P<q>[0-9])", re.IGNORECASE),
)
# The years a report can be about: a programme's own dates outside them get a warning.
FIRST_YEAR, LAST_YEAR = 1900, 2100


@dataclass(frozen=True, order=True)
class Quarter:
    """One calendar quarter, like Q2-2015 (1 April to 30 June 2015)."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4 or not 1 <= self.year <= 9999:
            raise ValueError(f"no such quarter: Q{self.number}-{self.year}")

    def __str__(self) -> str:
        return f"Q{self.number}-{self.year}"

    @property
    def stem(self) -> str:
        """The narrative's file stem: 2015-Q2."""
        return f"{self.year}-Q{self.number}"

    # Remembered: the reports ask every measure's dates whether the quarter contains them.
    @cached_property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @cached_property
    def last_day(self) -> date:
        if self.number == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.number + 1, 1) - timedelta(days=1)

    def previous(self) -> Quarter:
        """Return the quarter before this one."""
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)

    def next(self) -> Quarter:
        """Return the quarter after this one."""
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)

    def contains(self, day: date | None) -> bool:
        """Tell whether day falls within this quarter."""
        return day is not None and self.first_day <= day <= self.last_day


def quarter_of(day: date) -> Quarter:
    """Return the quarter a date falls in."""
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def parse_quarter(text: str) -> Quarter:
    """Parse Q2-2015, 2015-Q2 or 2015Q2 (any letter case); raise ValueError saying what is valid."""
    cleaned = text.strip()
    for spelling in _SPELLINGS:
        found = spelling.fullmatch(cleaned)
        if found:
            number, year = int(found["q"]), int(found["y"])
            if 1 <= number <= 4 and FIRST_YEAR <= year <= LAST_YEAR:
                return Quarter(year, number)
            if 1 <= number <= 4:
                raise ValueError(
                    f"'{text}' is outside the years bif reports on ({FIRST_YEAR}–{LAST_YEAR}); "
                    f"write it as {ACCEPTED}"
                )
            break
    raise ValueError(f"'{text}' is not a quarter; write it as {ACCEPTED}")
