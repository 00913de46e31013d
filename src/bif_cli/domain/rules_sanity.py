"""Rules against input that is legal YAML but never meant: repeated members, far-off dates."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from bif_cli.domain.programme import Programme
from bif_cli.domain.quarter import FIRST_YEAR, LAST_YEAR
from bif_cli.errors import Problem


def unique_members(p: Programme, today: date) -> Iterator[Problem]:
    """BIF201: a company is a member of a cluster once."""
    for cluster_id, cluster in p.clusters.items():
        path = p.cluster_path(cluster_id)
        first: dict[str, int] = {}
        for index, member in enumerate(cluster.members):
            if member in first:
                line = p.sources[path].locate(("members", first[member]))[0]
                yield p.problem(
                    path,
                    ("members", index),
                    "error",
                    "BIF201",
                    "BIF201.member",
                    member=member,
                    first_line=line,
                )
            else:
                first[member] = index


def _far(day: date) -> bool:
    return not FIRST_YEAR <= day.year <= LAST_YEAR


def plausible_dates(p: Programme, today: date) -> Iterator[Problem]:
    """BIF320: history and payment dates lie between 1900 and 2100 (a typo otherwise)."""
    entities: list[tuple[str, Sequence[Any]]] = [
        *((p.company_path(i), c.history) for i, c in p.companies.items()),
        *((p.cluster_path(i), c.history) for i, c in p.clusters.items()),
    ]
    for path, history in entities:
        for index, entry in enumerate(history):
            if _far(entry.date):
                yield p.problem(
                    path,
                    ("history", index, "date"),
                    "warning",
                    "BIF320",
                    "BIF320.far_date",
                    day=entry.date.isoformat(),
                    first=FIRST_YEAR,
                    last=LAST_YEAR,
                )
    for path, owner, measures in p.owners():
        for m_index, measure in enumerate(measures):
            for index, payment in enumerate(measure.payments):
                if _far(payment.date):
                    yield p.problem(
                        path,
                        (*p.measures_loc(owner), m_index, "payments", index, "date"),
                        "warning",
                        "BIF320",
                        "BIF320.far_date",
                        day=payment.date.isoformat(),
                        first=FIRST_YEAR,
                        last=LAST_YEAR,
                    )


SANITY_RULES = [unique_members, plausible_dates]
