"""The shapes of a company's kept facts: each part is checked before anything reads it.

Kept facts come only from a signed cache file (or this run's own workers); these checks make
sure a part that is not what this code wrote is never read (see rules_index._decoded).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bif_cli.domain import models


def valid_facts(value: Any) -> bool:
    """Tell whether value has the shape of CompanyFacts (a cache entry is checked before use).

    The marshalled parts are checked when they are read (see rules_index._decoded).
    """
    # Plain loops: this runs for every company a command reads as facts (10 000 at a time).
    if not (
        type(value) is tuple
        and len(value) == 4
        and type(value[0]) is str
        and type(value[1]) is tuple
        and type(value[2]) is bytes
        and type(value[3]) is bytes
    ):
        return False
    for area in value[1]:
        if not (type(area) is tuple and len(area) == 2 and type(area[0]) is str):
            return False
        if not _valid_dated(area[1], signed=True):
            return False
    return True


def valid_budget(value: Any) -> bool:
    """Tell whether value has the shape of budget_facts' (area money, overruns)."""
    if not (type(value) is tuple and len(value) == 2):
        return False
    money, found = value
    if not (type(money) is tuple and type(found) is tuple):
        return False
    for area in money:
        if not (type(area) is tuple and len(area) == 2 and type(area[0]) is str):
            return False
        if not _valid_money(area[1]):
            return False
    for overrun in found:
        if not (
            type(overrun) is tuple
            and len(overrun) == 4
            and type(overrun[0]) is int
            and overrun[0] >= 0
            and type(overrun[1]) is str
            and type(overrun[2]) is int
            and overrun[2] >= 0
            and _valid_dated(overrun[3])
        ):
            return False
    return True


def valid_record(record: Any) -> bool:
    """Tell whether record has the shape of a CompanyRecord, its statuses a company's."""
    # Written out in plain loops, a date ordinal checked in place: a reading command checks
    # 10 000 records, some thirty dates each.
    if not (type(record) is tuple and len(record) == 10):
        return False
    name, region, municipality, leader, action, plan, history, measures, notes, log = record
    if not (type(name) is str and type(region) is str and type(municipality) is str):
        return False
    if not (_str_or_none(leader) and _str_or_none(plan)):
        return False
    if action is not None and not (
        type(action) is tuple
        and len(action) == 2
        and type(action[0]) is str
        and (action[1] is None or _valid_ordinal(action[1]))
    ):
        return False
    if not (
        type(history) is tuple
        and type(measures) is tuple
        and type(notes) is tuple
        and type(log) is tuple
        and len(notes) == len(history)
        and history  # a company's history has an entry at least
    ):
        return False
    last = _MAX_ORDINAL
    for entry in history:
        if not (type(entry) is tuple and len(entry) == 2):
            return False
        day, status = entry
        if not (type(day) is int and 0 < day <= last and type(status) is str):
            return False
        if status not in _COMPANY_STATUSES:
            return False
    for note in notes:
        if not (note is None or type(note) is str):
            return False
    for day in log:
        if not (type(day) is int and 0 < day <= last):
            return False
    for m in measures:
        if not _valid_measure(m):
            return False
    return True


def _valid_measure(m: Any) -> bool:
    """Tell whether m has the shape of a MeasureRecord."""
    if not (type(m) is tuple and len(m) == 11):
        return False
    kind, granted_on, start, end, cancelled_on, id_, title, area, partner, granted, paid = m
    last = _MAX_ORDINAL
    if not (
        type(kind) is str
        and type(granted_on) is int
        and 0 < granted_on <= last
        and type(id_) is str
        and type(title) is str
        and type(area) is str
        and _str_or_none(partner)
        and type(granted) is int
        and granted >= 0
        and type(paid) is tuple
    ):
        return False
    for day in (start, end, cancelled_on):
        if day is not None and not (type(day) is int and 0 < day <= last):
            return False
    return _valid_dated(paid)


def _str_or_none(value: Any) -> bool:
    return value is None or type(value) is str


def _valid_money(money: Any) -> bool:
    if not (type(money) is tuple and len(money) == 3):
        return False
    grants, payments, cancelled = money
    if not (_valid_dated(grants) and _valid_dated(payments) and type(cancelled) is tuple):
        return False
    for measure in cancelled:
        if not (
            type(measure) is tuple
            and len(measure) == 4
            and _valid_ordinal(measure[0])
            and type(measure[1]) is int
            and measure[1] >= 0
            and _valid_ordinal(measure[2])
            and _valid_dated(measure[3])
        ):
            return False
    return True


def _valid_dated(steps: Any, *, signed: bool = False) -> bool:
    """Tell whether steps is a tuple of (date ordinal, amount); amounts >= 0 unless signed."""
    if type(steps) is not tuple:
        return False
    last = _MAX_ORDINAL
    for step in steps:
        if not (type(step) is tuple and len(step) == 2):
            return False
        day, amount = step
        if not (
            type(day) is int and 0 < day <= last and type(amount) is int and (signed or amount >= 0)
        ):
            return False
    return True


def _valid_ordinal(value: Any) -> bool:
    return type(value) is int and 0 < value <= _MAX_ORDINAL


_MAX_ORDINAL = date.max.toordinal()
_COMPANY_STATUSES = frozenset(models.COMPANY_STATUSES)
