"""The annual report as plain data: one year's four quarters side by side, movements and money."""

from __future__ import annotations

from datetime import date, timedelta

from bif_cli.domain.programme import REPORTS_DIR, Programme
from bif_cli.domain.quarter import Quarter
from bif_cli.domain.timeline import all_measures, paid_at, terms_at
from bif_cli.errors import UsageError
from bif_cli.outputs import breakdowns, sections
from bif_cli.outputs import overviews as overview
from bif_cli.outputs.corrections import report_corrections
from bif_cli.outputs.report import (
    SUMMARY_TERMS,
    draft_reasons,
    programme_head,
    quarter_range,
)
from bif_cli.outputs.report_types import (
    AnnualReleased,
    AnnualReport,
    QuarterColumn,
    YearArea,
    YearTotals,
)


def annual_narrative_path(year: int) -> str:
    """Return where the year's narrative lives, relative to the programme root."""
    return f"{REPORTS_DIR}/{year}.md"


def check_year(programme: Programme, year: int) -> None:
    """Raise a usage error naming the valid years when year is outside the programme's life."""
    first, last = quarter_range(programme)
    if not first.year <= year <= last.year:
        raise UsageError(
            f"{year} is outside the programme's life; make a report for a year from "
            f"{first.year} to {last.year}"
        )


def _quarters(programme: Programme, year: int) -> list[QuarterColumn]:
    measures = list(all_measures(programme))
    columns: list[QuarterColumn] = []
    for number in (1, 2, 3, 4):
        quarter = Quarter(year, number)
        end, before = quarter.last_day, quarter.first_day - timedelta(days=1)
        counted = sections.terms(programme, end)
        columns.append(
            {
                "label": str(quarter),
                "end": end,
                "terms": {k: counted[k] for k in SUMMARY_TERMS},
                "committed": sum(m.granted for m in measures if quarter.contains(m.granted_on)),
                "paid": sum(paid_at(m, end) - paid_at(m, before) for m in measures),
                "paid_to_date": sum(paid_at(m, end) for m in measures),
            }
        )
    return columns


def build_annual(
    programme: Programme, year: int, narrative: str | None, *, report_date: date
) -> AnnualReport:
    """Return the annual report for year as plain data, every total as of 31 December."""
    end, before = date(year, 12, 31), date(year - 1, 12, 31)
    reasons = draft_reasons(narrative)
    counted = terms_at(programme, end)
    earlier = {a["id"]: a for a in overview.area_lines(programme, before)}
    areas: list[YearArea] = [
        {
            **a,
            "committed_in_year": a["committed"] - earlier[a["id"]]["committed"],
            "paid_in_year": a["paid"] - earlier[a["id"]]["paid"],
        }
        for a in overview.area_lines(programme, end)
    ]
    totals: YearTotals = {
        "allocation": sum(a["allocation"] for a in areas),
        "committed": sum(a["committed"] for a in areas),
        "paid": sum(a["paid"] for a in areas),
        "remaining": sum(a["remaining"] for a in areas),
        "committed_in_year": sum(a["committed_in_year"] for a in areas),
        "paid_in_year": sum(a["paid_in_year"] for a in areas),
    }
    frame = programme.budget.frame if programme.budget else 0
    plan = sections.milestone_plan(programme, end)
    released: AnnualReleased = {
        **breakdowns.released(programme, date(year, 1, 1), end),
        "year": sum(
            r["released"] for r in breakdowns.money_by_year(programme, end) if r["year"] == year
        ),
    }
    return {
        **report_corrections(programme, "annual", str(year), end),
        "kind": "annual",
        "year": year,
        "period": {"start": date(year, 1, 1), "end": end},
        "programme": programme_head(programme),
        "scope": None,
        "draft": bool(reasons),
        "draft_reasons": reasons,
        "terms": sections.terms(programme, end),
        "summary_terms": list(SUMMARY_TERMS),
        "quarters": _quarters(programme, year),
        "targets": sections.targets(programme, end, counted),
        "moves": sections.moves(programme, date(year, 1, 1), end),
        "continuation": sections.continuation(programme, end),
        "per_region": breakdowns.per_region(programme, end),
        "per_leader": breakdowns.per_process_leader(programme, end),
        "areas": areas,
        "totals": totals,
        "frame": frame,
        "by_year": breakdowns.money_by_year(programme, end),
        "burn_up": breakdowns.burn_up(programme, end),
        "burn_up_frame": frame,
        "released": released,
        "milestone_plan": plan,
        "milestones_in_year": [m for m in plan if m["due"].year == year],
        "narrative": {"path": annual_narrative_path(year), "text": narrative},
        "formalities": sections.formalities(programme, report_date),
    }
