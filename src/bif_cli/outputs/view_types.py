"""What `bif measures`, `bif clusters` and a filtered `bif budget check` return, as typed dicts."""

from __future__ import annotations

from typing import TypedDict

from bif_cli.outputs.overviews import NextAction


class OwnerFilterJson(TypedDict):
    process_leader: str | None
    region: str | None


class MeasureLine(TypedDict):
    """One measure in `bif measures`: its owner, area, grant and money at the date."""

    owner: str
    owner_kind: str
    owner_name: str
    id: str
    title: str
    kind: str
    area: str
    area_name: str
    partner: str | None
    granted: int
    granted_on: str
    start: str | None
    end: str | None
    cancelled_on: str | None
    state: str | None
    committed: int
    paid: int
    paid_in_period: int
    released: int


class PaymentLine(TypedDict):
    owner: str
    owner_name: str
    measure: str
    area: str
    date: str
    amount: int


class MeasureTotals(TypedDict):
    granted: int
    committed: int
    paid: int
    paid_in_period: int
    released: int


# "from" cannot be a class attribute, so this one uses the functional syntax.
MeasuresJson = TypedDict(
    "MeasuresJson",
    {
        "as_of": str,
        "from": str,
        "to": str,
        "filter": OwnerFilterJson,
        "totals": MeasureTotals,
        "measures": list[MeasureLine],
        "payments": list[PaymentLine],
    },
)


class ClusterLine(TypedDict):
    """One cluster in `bif clusters`: where it stands at the date."""

    id: str
    name: str
    regions: list[str]
    region_names: list[str]
    status: str
    since: str
    days_in_status: int
    members: list[str]
    facilitator: str | None
    facilitator_name: str | None
    committed: int
    paid: int
    contacts: int
    next_action: NextAction | None


class ClustersJson(TypedDict):
    as_of: str
    filter: OwnerFilterJson
    counts: dict[str, int]
    established: int
    clusters: list[ClusterLine]


class FilteredArea(TypedDict):
    id: str
    name: str
    committed: int
    paid: int


class FilteredBudget(TypedDict):
    """`bif budget check --process-leader/--region`: the matching owners' money per area."""

    as_of: str
    filter: OwnerFilterJson
    filtered: bool
    companies: int
    clusters: int
    committed: int
    paid: int
    areas: list[FilteredArea]
    issues: list[object]
