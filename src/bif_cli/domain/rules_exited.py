"""BIF310: a company or cluster that has left the programme still has a measure in progress."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from bif_cli.domain import models
from bif_cli.domain.programme import Programme
from bif_cli.domain.timeline import has_exited, status_at
from bif_cli.errors import Problem


def exited_without_open_measures(p: Programme, today: date) -> Iterator[Problem]:
    """BIF310: an exited company or cluster has no measure that is neither ended nor cancelled."""
    owners: list[tuple[str, str, models.Company | models.Cluster]] = [
        *((p.company_path(i), i, c) for i, c in p.companies.items()),
        *((p.cluster_path(i), i, c) for i, c in p.clusters.items()),
    ]
    for path, owner_id, owner in owners:
        if not has_exited(owner, today):
            continue
        status = status_at(owner.history, today)
        assert status is not None
        for index, m in enumerate(owner.measures):
            ended = m.end is not None and m.end <= today
            cancelled = m.cancelled_on is not None and m.cancelled_on <= today
            if ended or cancelled or m.granted_on > today:
                continue
            yield p.problem(
                path,
                ("measures", index, "id"),
                "warning",
                "BIF310",
                "BIF310.open_measure",
                status=status[0],
                since=status[1].isoformat(),
                measure=m.id,
                owner=owner_id,
            )
