"""Quarters: the three spellings, their days, and every bad spelling as a usage error."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from bif_cli.domain.quarter import Quarter, parse_quarter, quarter_of
from conftest import run_bif


@pytest.mark.parametrize("text", ["Q2-2015", "2015-Q2", "2015Q2", "q2-2015", " 2015q2 "])
def test_the_accepted_spellings_mean_the_same_quarter(text: str) -> None:
    assert parse_quarter(text) == Quarter(2015, 2)


@pytest.mark.parametrize(
    ("quarter", "first", "last"),
    [
        (Quarter(2015, 1), date(2015, 1, 1), date(2015, 3, 31)),
        (Quarter(2015, 2), date(2015, 4, 1), date(2015, 6, 30)),
        (Quarter(2015, 3), date(2015, 7, 1), date(2015, 9, 30)),
        (Quarter(2015, 4), date(2015, 10, 1), date(2015, 12, 31)),
        (Quarter(2016, 1), date(2016, 1, 1), date(2016, 3, 31)),
    ],
)
def test_first_and_last_days(quarter: Quarter, first: date, last: date) -> None:
    assert (quarter.first_day, quarter.last_day) == (first, last)
    assert quarter_of(first) == quarter_of(last) == quarter
    assert quarter.contains(first) and quarter.contains(last)
    assert not quarter.contains(first - timedelta(days=1))
    assert not quarter.contains(last + timedelta(days=1))
    assert not quarter.contains(None)


def test_previous_and_next_cross_the_year() -> None:
    assert Quarter(2015, 1).previous() == Quarter(2014, 4)
    assert Quarter(2014, 4).next() == Quarter(2015, 1)
    assert Quarter(2015, 2).next().previous() == Quarter(2015, 2)
    assert str(Quarter(2015, 2)) == "Q2-2015"
    assert Quarter(2015, 2).stem == "2015-Q2"
    assert Quarter(2014, 4) < Quarter(2015, 1)


def flat(text: str) -> str:
    """Undo rich's boxed, wrapped error panel so a message can be searched as one line."""
    return " ".join(text.replace("│", " ").split())


BAD_SPELLINGS = [
    "Q5-2015",
    "Q0-2015",
    "2015-Q5",
    "2015Q0",
    "Q2-15",
    "Q2/2015",
    "Q2 2015",
    "2015-2",
    "2015",
    "Q2",
    "Q-2015",
    "QQ2-2015",
    "Q2-2015x",
    "Q12-2015",
    "Q2-0000",
    "andre kvartal",
    "",
]


@pytest.mark.parametrize("text", BAD_SPELLINGS)
def test_bad_spellings_are_refused_saying_what_is_accepted(text: str) -> None:
    with pytest.raises(ValueError, match="Q2-2015, 2015-Q2 or 2015Q2"):
        parse_quarter(text)


@pytest.mark.parametrize("text", BAD_SPELLINGS)
def test_bad_spellings_are_usage_errors_on_the_command_line(
    text: str, make_programme: Callable[..., Path]
) -> None:
    root = make_programme()
    result = run_bif("report", "quarterly", text, "--root", str(root))
    assert result.exit_code == 2, result.output
    assert "Q2-2015, 2015-Q2 or 2015Q2" in flat(result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.output
