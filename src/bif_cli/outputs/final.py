"""The final report (sluttrapport) as plain data: the whole programme as of the period's end."""

from __future__ import annotations

from datetime import date

from bif_cli.domain import models
from bif_cli.domain.programme import REPORTS_DIR, Programme
from bif_cli.domain.quarter import quarter_of
from bif_cli.domain.timeline import (
    committed_at,
    in_main_goal,
    paid_at,
    recruited_ever,
    status_at,
    terms_at,
)
from bif_cli.outputs import breakdowns, sections
from bif_cli.outputs import overviews as overview
from bif_cli.outputs.corrections import report_corrections
from bif_cli.outputs.report import SUMMARY_TERMS, draft_reasons, programme_head
from bif_cli.outputs.report_types import FinalReport, Outcome, Totals

FINAL_NARRATIVE = f"{REPORTS_DIR}/final.md"


def _outcome(owner: models.Company | models.Cluster, owner_id: str, end: date) -> Outcome:
    status = status_at(owner.history, end)
    return {
        "id": owner_id,
        "name": owner.name,
        "status": status[0] if status else None,
        "since": status[1] if status else None,
        "recruited_ever": recruited_ever(owner, end) if isinstance(owner, models.Company) else None,
        "main_goal": in_main_goal(owner, end),
        "committed": sum(committed_at(m, end) for m in owner.measures),
        "paid": sum(paid_at(m, end) for m in owner.measures),
        "continuation_plan": owner.continuation_plan,
    }


def build_final(
    programme: Programme, narrative: str | None, *, today: date, report_date: date
) -> FinalReport:
    """Return the final report as plain data; before the period has ended it is a draft."""
    assert programme.program is not None
    end = programme.program.period.end
    reasons = draft_reasons(narrative)
    if today < end:
        reasons.append("period_not_ended")
    counted = terms_at(programme, end)
    areas = overview.area_lines(programme, end)
    totals: Totals = {
        "allocation": sum(a["allocation"] for a in areas),
        "committed": sum(a["committed"] for a in areas),
        "paid": sum(a["paid"] for a in areas),
        "remaining": sum(a["remaining"] for a in areas),
    }
    frame = programme.budget.frame if programme.budget else 0
    companies = sorted(
        (_outcome(c, i, end) for i, c in programme.companies.items()),
        key=lambda r: (overview.sort_name(r["name"]), r["id"]),
    )
    clusters = sorted(
        (_outcome(c, i, end) for i, c in programme.clusters.items()),
        key=lambda r: (overview.sort_name(r["name"]), r["id"]),
    )
    return {
        **report_corrections(programme, "final", "final", end),
        "kind": "final",
        "period": {"start": programme.program.period.start, "end": end},
        "programme": programme_head(programme),
        "scope": None,
        "draft": bool(reasons),
        "draft_reasons": reasons,
        "terms": sections.terms(programme, end),
        "summary_terms": list(SUMMARY_TERMS),
        "targets": sections.targets(programme, end, counted),
        "companies": [c for c in companies if c["status"] is not None],
        "clusters": [c for c in clusters if c["status"] is not None],
        "continuation": sections.continuation(programme, end),
        "per_region": breakdowns.per_region(programme, end),
        "per_leader": breakdowns.per_process_leader(programme, end),
        "areas": areas,
        "totals": totals,
        "frame": frame,
        "by_year": breakdowns.money_by_year(programme, end),
        "burn_up": breakdowns.burn_up(programme, end),
        "burn_up_frame": frame,
        "released": breakdowns.released(programme, quarter_of(end).first_day, end),
        "milestone_plan": sections.milestone_plan(programme, end),
        "narrative": {"path": FINAL_NARRATIVE, "text": narrative},
        "formalities": sections.formalities(programme, report_date),
    }
