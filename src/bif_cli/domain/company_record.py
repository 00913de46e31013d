"""A company as plain data, as the model cache's facts keep it (see timeline.record_flags)."""

from __future__ import annotations

import sys
from datetime import date

from bif_cli.domain import models
from bif_cli.domain.programme import CompanyRecord, MeasureRecord

_intern = sys.intern  # the same few words in every record: kept once, in memory and on disk


def _ordinal(when: date | None) -> int | None:
    return None if when is None else when.toordinal()


def _interned(text: str | None) -> str | None:
    return None if text is None else _intern(text)


def measure_record(m: models.Measure) -> MeasureRecord:
    """Return what the reports read of a measure (MeasureRecord): of a company, a cluster or
    the programme's costs alike, so each figure over measures is defined once."""
    cancelled = m.cancelled_on
    return (
        _intern(m.kind),
        m.granted_on.toordinal(),
        _ordinal(m.start),
        _ordinal(m.end),
        None if cancelled is None else cancelled.toordinal(),
        _intern(m.id),
        _intern(m.title),
        _intern(m.area),
        _interned(m.partner),
        m.granted,
        tuple((p.date.toordinal(), p.amount) for p in m.payments),
    )


def company_record(company: models.Company) -> CompanyRecord:
    """Return what the reading commands and the reports read of a company (CompanyRecord)."""
    action = company.next_action
    leader = company.process_leader
    return (
        company.name,
        _intern(company.region),
        _intern(company.municipality),
        None if leader is None else _intern(leader),
        None if action is None else (action.what, _ordinal(action.due)),
        company.continuation_plan,
        tuple((e.date.toordinal(), _intern(e.status)) for e in company.history),
        tuple(measure_record(m) for m in company.measures),
        tuple(_interned(e.note) for e in company.history),
        tuple(e.date.toordinal() for e in company.log),
    )
