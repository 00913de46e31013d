"""A company as plain data, as the model cache's facts keep it (see timeline.record_flags)."""

from __future__ import annotations

import sys
from datetime import date

from bif_cli.domain import models
from bif_cli.domain.programme import CompanyRecord

_intern = sys.intern  # the same few words in every record: kept once, in memory and on disk


def _ordinal(when: date | None) -> int | None:
    return None if when is None else when.toordinal()


def company_record(company: models.Company) -> CompanyRecord:
    """Return what the recruitment overview and the terms read of a company (CompanyRecord)."""
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
        tuple(
            (
                _intern(m.kind),
                m.granted_on.toordinal(),
                None if m.start is None else m.start.toordinal(),
                None if m.end is None else m.end.toordinal(),
                None if m.cancelled_on is None else m.cancelled_on.toordinal(),
            )
            for m in company.measures
        ),
    )
