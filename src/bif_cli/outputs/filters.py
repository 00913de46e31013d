"""Narrow the overviews to one process leader or one region: which owners match."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bif_cli.domain.programme import Programme

if TYPE_CHECKING:
    from bif_cli.outputs.view_types import OwnerFilterJson


@dataclass(frozen=True)
class OwnerFilter:
    """Keep companies and clusters of one process leader (facilitator) and/or one region."""

    process_leader: str | None = None
    region: str | None = None

    @property
    def active(self) -> bool:
        return self.process_leader is not None or self.region is not None

    def keeps(self, programme: Programme, owner_id: str) -> bool:
        """Tell whether the owner matches; programme-level costs match no filter."""
        if not self.active:
            return True
        if owner_id in programme.companies:
            company = programme.companies[owner_id]
            leader, regions = company.process_leader, [company.region]
        elif owner_id in programme.clusters:
            cluster = programme.clusters[owner_id]
            leader, regions = cluster.facilitator, cluster.regions
        else:
            return False
        if self.process_leader is not None and leader != self.process_leader:
            return False
        return self.region is None or self.region in regions

    def as_dict(self) -> OwnerFilterJson:
        return {"process_leader": self.process_leader, "region": self.region}

    def apply(self, programme: Programme) -> Programme:
        """Return the programme with only the matching companies and clusters, and no costs."""
        if not self.active:
            return programme
        budget = programme.budget
        return replace(
            programme,
            companies={i: c for i, c in programme.companies.items() if self.keeps(programme, i)},
            clusters={i: c for i, c in programme.clusters.items() if self.keeps(programme, i)},
            budget=budget.model_copy(update={"costs": []}) if budget is not None else None,
        )
