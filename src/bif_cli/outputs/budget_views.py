"""A budget narrowed to one process leader or region: their committed and paid money only."""

from __future__ import annotations

from datetime import date

from bif_cli.domain.programme import Programme
from bif_cli.domain.timeline import area_money
from bif_cli.outputs.filters import OwnerFilter
from bif_cli.outputs.view_types import FilteredArea, FilteredBudget


def filtered_budget(programme: Programme, when: date, owners: OwnerFilter) -> FilteredBudget:
    """Return committed and paid per area for the matching companies and clusters at when.

    Programme-level costs, allocations and the frame belong to no one owner: they are left out.
    """
    narrowed = owners.apply(programme)
    areas: list[FilteredArea] = [
        {"id": a.id, "name": a.name, "committed": a.committed, "paid": a.paid}
        for a in area_money(narrowed, when)
    ]
    return {
        "as_of": when.isoformat(),
        "filter": owners.as_dict(),
        "filtered": True,
        "companies": len(narrowed.companies),
        "clusters": len(narrowed.clusters),
        "committed": sum(a["committed"] for a in areas),
        "paid": sum(a["paid"] for a in areas),
        "areas": areas,
        "issues": [],
    }
