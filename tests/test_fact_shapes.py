"""The shape checks of kept facts: what company_record and budget_facts make passes, and any
part of another type or out of range is refused (the company is then read whole)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bif_cli.domain.company_record import company_record
from bif_cli.domain.fact_shapes import valid_budget, valid_record
from bif_cli.domain.rules_index import budget_facts, company_facts, valid_facts
from bif_cli.io import cache
from bif_cli.io.check import check

LAST = date.max.toordinal()
# What each kind of part must not be: another type, a bool for an int, a list for a tuple,
# a date ordinal out of range, a negative amount. An optional part may also be None.
WRONG = {
    "text": [None, True, 1, b"x", ("x",)],
    "date": [None, True, 0, -1, LAST + 1, 1.0, "2015-01-01"],
    "amount": [None, True, -1, 1.0, "1"],
    "tuple": [None, [], "x", 1],
    "action": [("x",), ("x", "2015-01-01"), ("x", 0), ["x", None], "x", 1],
}
RECORD_PARTS = ["text", "text", "text", "text?", "action?", "text?"] + ["tuple"] * 4
MEASURE_PARTS = ["text", "date", "date?", "date?", "date?", "text", "text", "text", "text?"]
MEASURE_PARTS += ["amount", "tuple"]


def _wrong(kind: str) -> list[Any]:
    optional = kind.endswith("?")
    return [v for v in WRONG[kind.rstrip("?")] if not (optional and v is None)]


def _companies(root: Path) -> list[Any]:
    with cache.bypassed():
        programme = check(root, date(2016, 12, 31)).programme
    return list(programme.companies.values())


def _replaced(value: tuple[Any, ...], index: int, part: Any) -> tuple[Any, ...]:
    return (*value[:index], part, *value[index + 1 :])


def _record_with_measure(root: Path) -> tuple[Any, ...]:
    records = [company_record(c) for c in _companies(root)]
    return next(r for r in records if any(m[10] for m in r[7]) and r[4] is not None)


def test_what_the_code_makes_passes(example_programme: Path) -> None:
    companies = _companies(example_programme)
    assert companies
    for company in companies:
        assert valid_record(company_record(company))
        assert valid_budget(budget_facts(company))
        assert valid_facts(company_facts(company))


@pytest.mark.parametrize("index", range(10))
def test_a_record_with_any_part_wrong_is_refused(example_programme: Path, index: int) -> None:
    record = _record_with_measure(example_programme)
    for part in _wrong(RECORD_PARTS[index]):
        assert not valid_record(_replaced(record, index, part)), (index, part)
    assert not valid_record(record[:9])
    assert not valid_record((*record, None))


def test_history_notes_and_log_are_checked_entry_by_entry(example_programme: Path) -> None:
    record = _record_with_measure(example_programme)
    history, notes, log = record[6], record[8], record[9]
    day, _status = history[0]
    for entry in [(day, "no such status"), (0, "agreement"), (LAST + 1, "agreement"), (day,)]:
        assert not valid_record(_replaced(record, 6, (entry, *history[1:])))
    assert not valid_record(_replaced(record, 6, ()))  # a history has an entry at least
    assert not valid_record(_replaced(record, 8, (*notes, None)))  # one note per entry
    assert not valid_record(_replaced(record, 8, (1, *notes[1:])))
    for day in [0, -5, LAST + 1, "2015-01-01", None]:
        assert not valid_record(_replaced(record, 9, (*log, day)))
    assert valid_record(_replaced(record, 9, (*log, 1, LAST)))


@pytest.mark.parametrize("index", range(11))
def test_a_measure_with_any_part_wrong_is_refused(example_programme: Path, index: int) -> None:
    record = _record_with_measure(example_programme)
    measure = next(m for m in record[7] if m[10])
    at = record[7].index(measure)

    def with_measure(changed: Any) -> tuple[Any, ...]:
        return _replaced(record, 7, _replaced(record[7], at, changed))

    assert valid_record(with_measure(measure))
    for part in _wrong(MEASURE_PARTS[index]):
        assert not valid_record(with_measure(_replaced(measure, index, part))), (index, part)
    payments = measure[10]
    day, amount = payments[0]
    for payment in [(day, -1), (0, amount), (LAST + 1, amount), (day, True), (day,), [day, amount]]:
        assert not valid_record(with_measure(_replaced(measure, 10, (payment, *payments[1:]))))
    assert not valid_record(with_measure(measure[:10]))
