"""`bif clusters`: the cluster pipeline at a date, as `bif recruitment` is for companies."""

from __future__ import annotations

from datetime import date

from bif_cli.domain import models
from bif_cli.domain.programme import Programme
from bif_cli.domain.timeline import cluster_status_at, committed_at, paid_at
from bif_cli.outputs.filters import OwnerFilter
from bif_cli.outputs.overviews import sort_name
from bif_cli.outputs.view_types import ClusterLine, ClustersJson


def clusters(programme: Programme, when: date, owners: OwnerFilter | None = None) -> ClustersJson:
    """Count clusters per status at when (every status, zeros included) and give one row each."""
    owners = owners or OwnerFilter()
    people = {p.id: p.name for p in programme.program.people} if programme.program else {}
    regions = {r.id: r.name for r in programme.program.regions} if programme.program else {}
    counts = dict.fromkeys(models.CLUSTER_STATUSES, 0)
    rows: list[ClusterLine] = []
    for cluster_id, cluster in programme.clusters.items():
        if not owners.keeps(programme, cluster_id):
            continue
        status = cluster_status_at(cluster, when)
        if status is None:
            continue
        counts[status[0]] += 1
        action = cluster.next_action
        rows.append(
            {
                "id": cluster_id,
                "name": cluster.name,
                "regions": cluster.regions,
                "region_names": [regions.get(r, r) for r in cluster.regions],
                "status": status[0],
                "since": status[1].isoformat(),
                "days_in_status": (when - status[1]).days,
                "members": list(cluster.members),
                "facilitator": cluster.facilitator,
                "facilitator_name": people.get(cluster.facilitator, cluster.facilitator)
                if cluster.facilitator
                else None,
                "committed": sum(committed_at(m, when) for m in cluster.measures),
                "paid": sum(paid_at(m, when) for m in cluster.measures),
                "contacts": sum(1 for entry in cluster.log if entry.date <= when),
                "next_action": None
                if action is None
                else {
                    "what": action.what,
                    "due": action.due.isoformat() if action.due else None,
                    "overdue": action.due is not None and action.due < when,
                },
            }
        )
    rank = {s: i for i, s in enumerate(models.CLUSTER_STATUSES)}
    rows.sort(key=lambda r: (rank[r["status"]], sort_name(r["name"]), r["id"]))
    return {
        "as_of": when.isoformat(),
        "filter": owners.as_dict(),
        "counts": counts,
        "established": counts["established"] + counts["completed"],
        "clusters": rows,
    }
