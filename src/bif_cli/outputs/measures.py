"""`bif measures`: every measure with its owner, area, grant and payments, for finance."""

from __future__ import annotations

from datetime import date

from bif_cli.domain.programme import Programme
from bif_cli.domain.timeline import committed_at, measure_state, paid_at
from bif_cli.outputs.filters import OwnerFilter
from bif_cli.outputs.view_types import MeasureLine, MeasuresJson, MeasureTotals, PaymentLine


def _owner_name(programme: Programme, owner_id: str) -> tuple[str, str]:
    if owner_id in programme.companies:
        return "company", programme.companies[owner_id].name
    if owner_id in programme.clusters:
        return "cluster", programme.clusters[owner_id].name
    return "costs", programme.program.name if programme.program else "costs"


def measures(
    programme: Programme,
    when: date,
    start: date,
    end: date,
    owners: OwnerFilter | None = None,
) -> MeasuresJson:
    """Build every measure's row at when, with what was paid between start and end (inclusive)."""
    owners = owners or OwnerFilter()
    areas = {a.id: a.name for a in programme.budget.areas} if programme.budget else {}
    rows: list[MeasureLine] = []
    payments: list[PaymentLine] = []
    for _path, owner_id, items in programme.owners():
        if not owners.keeps(programme, owner_id):
            continue
        kind, name = _owner_name(programme, owner_id)
        for m in items:
            if m.granted_on > when:
                continue
            paid = paid_at(m, when)
            in_period = sum(p.amount for p in m.payments if start <= p.date <= min(end, when))
            cancelled = m.cancelled_on if m.cancelled_on and m.cancelled_on <= when else None
            rows.append(
                {
                    "owner": owner_id,
                    "owner_kind": kind,
                    "owner_name": name,
                    "id": m.id,
                    "title": m.title,
                    "kind": m.kind,
                    "area": m.area,
                    "area_name": areas.get(m.area, m.area),
                    "partner": m.partner,
                    "granted": m.granted,
                    "granted_on": m.granted_on.isoformat(),
                    "start": m.start.isoformat() if m.start else None,
                    "end": m.end.isoformat() if m.end else None,
                    "cancelled_on": cancelled.isoformat() if cancelled else None,
                    "state": measure_state(m, when),
                    "committed": committed_at(m, when),
                    "paid": paid,
                    "paid_in_period": in_period,
                    "released": m.granted - committed_at(m, when),
                }
            )
            payments.extend(
                {
                    "owner": owner_id,
                    "owner_name": name,
                    "measure": m.id,
                    "area": m.area,
                    "date": p.date.isoformat(),
                    "amount": p.amount,
                }
                for p in m.payments
                if p.date <= when
            )
    payments.sort(key=lambda p: (p["date"], p["owner"], p["measure"]))
    totals: MeasureTotals = {
        "granted": sum(r["granted"] for r in rows),
        "committed": sum(r["committed"] for r in rows),
        "paid": sum(r["paid"] for r in rows),
        "paid_in_period": sum(r["paid_in_period"] for r in rows),
        "released": sum(r["released"] for r in rows),
    }
    return {
        "as_of": when.isoformat(),
        "from": start.isoformat(),
        "to": end.isoformat(),
        "filter": owners.as_dict(),
        "totals": totals,
        "measures": rows,
        "payments": payments,
    }
