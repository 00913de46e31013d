"""One region's part of a programme: its companies, the clusters that include it, no costs."""

from __future__ import annotations

from dataclasses import replace

from bif_cli.domain.programme import Programme
from bif_cli.domain.rules_index import company_records


def region_ids(programme: Programme) -> list[str]:
    """Return the programme's region ids in file order."""
    return [r.id for r in programme.program.regions] if programme.program else []


def in_region(programme: Programme, region: str) -> Programme:
    """Return the programme narrowed to one region.

    It keeps the region's companies and the clusters that include the region, with their
    measures; programme-level costs belong to no region and are left out.
    """
    budget = programme.budget.model_copy(update={"costs": []}) if programme.budget else None
    # A company's region from its record (see rules_index.company_records): none made whole.
    inside = {i for i, record in company_records(programme) if record[1] == region}
    return replace(
        programme,
        budget=budget,
        clusters={i: c for i, c in programme.clusters.items() if region in c.regions},
        **programme.only_companies(inside),
    )
