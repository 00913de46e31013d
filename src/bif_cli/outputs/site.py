"""The static site: each page's data (dashboard, companies, clusters, lists) and its HTML."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from jinja2 import TemplateError

from bif_cli.domain import models
from bif_cli.domain.programme import Programme
from bif_cli.domain.quarter import Quarter, quarter_of
from bif_cli.domain.timeline import (
    CLUSTER_ESTABLISHED,
    cluster_status_at,
    committed_at,
    company_status_at,
    furthest_status_at,
    main_goal_count,
    measure_state,
    paid_at,
    recruited_count,
)
from bif_cli.outputs import breakdowns, overviews
from bif_cli.outputs.render import TemplateFailed, environment
from bif_cli.outputs.report import quarter_range
from bif_cli.texts_web import web_catalogue

FUNNEL = ("identified", "contacted", "mapped", "recruited")
FINAL_STEM = "final"


def annual_stem(year: int) -> str:
    """Return the site's file stem for a year's annual report (apart from the quarters' stems)."""
    return f"annual-{year}"


def report_years(programme: Programme, as_of: date) -> list[int]:
    """Return every year of the programme's life that had ended by as_of, oldest first."""
    first, last = quarter_range(programme)
    return [y for y in range(first.year, last.year + 1) if date(y, 12, 31) <= as_of]


def final_is_due(programme: Programme, as_of: date) -> bool:
    """Say whether the site shows the final report: once the programme's period has ended."""
    assert programme.program is not None
    return programme.program.period.end <= as_of


def report_quarters(programme: Programme, as_of: date) -> list[Quarter]:
    """Return every quarter that had ended by as_of, within the programme's life, oldest first."""
    first, last = quarter_range(programme)
    ended = (
        quarter_of(as_of) if quarter_of(as_of).last_day <= as_of else quarter_of(as_of).previous()
    )
    quarters = []
    quarter = first
    while quarter <= min(last, ended):
        quarters.append(quarter)
        quarter = quarter.next()
    return quarters


def _funnel(programme: Programme, when: date) -> list[dict[str, Any]]:
    order = {s: i for i, s in enumerate(models.COMPANY_STATUSES)}
    reached = [furthest_status_at(c, when) for c in programme.companies.values()]
    stages: list[dict[str, Any]] = []
    for stage in FUNNEL:
        limit = order["agreement" if stage == "recruited" else stage]
        count = sum(1 for s in reached if s is not None and order.get(s, -1) >= limit)
        stages.append({"stage": stage, "count": count})
    top = stages[0]["count"] or 1
    for row in stages:
        row["percent"] = round(100 * row["count"] / top)
    return stages


def _next_actions(programme: Programme, when: date) -> list[dict[str, Any]]:
    actions = []
    for kind, entities in (("company", programme.companies), ("cluster", programme.clusters)):
        for entity_id, entity in entities.items():
            action = getattr(entity, "next_action", None)
            if action is None:
                continue
            actions.append(
                {
                    "folder": "companies" if kind == "company" else "clusters",
                    "id": entity_id,
                    "name": entity.name,
                    "what": action.what,
                    "due": action.due,
                    "overdue": action.due is not None and action.due < when,
                }
            )
    actions.sort(key=lambda a: (a["due"] or date.max, overviews.sort_name(a["name"]), a["id"]))
    return actions


def dashboard(programme: Programme, when: date, latest: Quarter | None) -> dict[str, Any]:
    """Return the dashboard at when: summary cards, funnel, money, overdue milestones, actions."""
    money = overviews.budget(programme, when)
    established = sum(
        1
        for c in programme.clusters.values()
        if (s := cluster_status_at(c, when)) is not None and s[0] in CLUSTER_ESTABLISHED
    )
    plan = overviews.milestones(programme, when)
    return {
        "cards": [
            {"key": "in_pipeline", "value": sum(1 for s in _statuses(programme, when) if s)},
            {"key": "recruited", "value": recruited_count(programme, when)},
            {"key": "main_goal", "value": main_goal_count(programme, when)},
            {"key": "clusters_established", "value": established},
        ],
        "funnel": _funnel(programme, when),
        "money": money,
        "overdue": [m for m in plan["milestones"] if m["state"] == "overdue"],
        "milestone_counts": plan["counts"],
        "actions": _next_actions(programme, when),
        "latest": str(latest) if latest else None,
        "burn_up": breakdowns.burn_up(programme, when),
        "burn_up_frame": programme.budget.frame if programme.budget else None,
    }


def _statuses(programme: Programme, when: date) -> list[str | None]:
    return [furthest_status_at(c, when) for c in programme.companies.values()]


def _measure_rows(measures: list[models.Measure], when: date) -> list[dict[str, Any]]:
    return [
        {
            "id": m.id,
            "title": m.title,
            "kind": m.kind,
            "area": m.area,
            "partner": m.partner,
            "granted": m.granted,
            "granted_on": m.granted_on,
            "start": m.start,
            "end": m.end,
            "cancelled_on": m.cancelled_on,
            "state": measure_state(m, when),
            "committed": committed_at(m, when),
            "paid": paid_at(m, when),
            "payments": [
                {"date": p.date, "amount": p.amount} for p in m.payments if p.date <= when
            ],
        }
        for m in measures
        if m.granted_on <= when
    ]


def _history(entries: list[Any], when: date) -> list[dict[str, Any]]:
    return [{"date": e.date, "status": e.status, "note": e.note} for e in entries if e.date <= when]


def company_page(programme: Programme, company_id: str, when: date) -> dict[str, Any]:
    """Return one company's page: facts, status, history, measures and payments, log count."""
    company = programme.companies[company_id]
    row = overviews.recruitment_row(programme, company_id, company, when)
    status = company_status_at(company, when)
    clusters = [
        {"id": cid, "name": c.name}
        for cid, c in sorted(programme.clusters.items())
        if company_id in c.members
    ]
    return {
        "id": company_id,
        "name": company.name,
        "org_number": company.org_number,
        "region_name": row["region_name"] if row else company.region,
        "municipality_name": row["municipality_name"] if row else company.municipality,
        "nace": company.nace,
        "market": company.market,
        "employees": company.employees,
        "process_leader_name": row["process_leader_name"] if row else None,
        "ambition": company.ambition,
        "status": status[0] if status else None,
        "since": status[1] if status else None,
        "history": _history(company.history, when),
        "measures": _measure_rows(company.measures, when),
        "continuation_plan": company.continuation_plan,
        "next_action": row["next_action"] if row else None,
        "log_count": sum(1 for e in getattr(company, "log", None) or [] if e.date <= when),
        "clusters": clusters,
    }


def cluster_page(programme: Programme, cluster_id: str, when: date) -> dict[str, Any]:
    """Return one cluster's page: regions, members, status, history, measures, log count."""
    cluster = programme.clusters[cluster_id]
    program = programme.program
    region_names = {r.id: r.name for r in program.regions} if program else {}
    people = {p.id: p.name for p in program.people} if program else {}
    regions = [cluster.region] if isinstance(cluster.region, str) else list(cluster.region)
    status = cluster_status_at(cluster, when)
    return {
        "id": cluster_id,
        "name": cluster.name,
        "regions": [region_names.get(r, r) for r in regions],
        "members": [
            {"id": m, "name": programme.companies[m].name if m in programme.companies else m}
            for m in cluster.members
        ],
        "facilitator_name": people.get(cluster.facilitator or "", cluster.facilitator),
        "status": status[0] if status else None,
        "since": status[1] if status else None,
        "history": _history(cluster.history, when),
        "measures": _measure_rows(cluster.measures, when),
        "continuation_plan": cluster.continuation_plan,
        "log_count": sum(1 for e in getattr(cluster, "log", None) or [] if e.date <= when),
    }


def company_list(programme: Programme, when: date) -> list[overviews.RecruitmentRow]:
    """Return every company known at when, as the pipeline table lists them."""
    return overviews.recruitment(programme, when)["companies"]


def cluster_list(programme: Programme, when: date) -> list[dict[str, Any]]:
    """Return every cluster with its status at when."""
    rows = []
    for cluster_id, cluster in sorted(programme.clusters.items()):
        status = cluster_status_at(cluster, when)
        if status is None:
            continue
        rows.append(
            {
                "id": cluster_id,
                "name": cluster.name,
                "status": status[0],
                "since": status[1],
                "members": len(cluster.members),
            }
        )
    return rows


def targets(programme: Programme) -> list[dict[str, Any]]:
    """Return the programme's targets (program.yaml `targets`), when the data has them."""
    found = getattr(programme.program, "targets", None) or []
    return [
        {
            "id": t.id,
            "title": t.title,
            "metric": getattr(t, "metric", None),
            "value": getattr(t, "value", None),
            "by": getattr(t, "by", None),
        }
        for t in found
    ]


def _report_nav(html: str, label: str, back: str) -> str:
    """Put a way back to the site at the top of a report page (a landmark, so axe stays happy)."""
    style = "max-width:60rem;margin:0 auto;padding:.75rem 1.25rem 0;font:15px/1.5 sans-serif"
    link = (
        f'<nav aria-label="{escape(label)}" style="{style}"><p style="margin:0">'
        f'<a href="../index.html" style="color:#1f3a5f">← {escape(back)}</a></p></nav>'
    )
    return html.replace("<body>\n", f"<body>\n{link}\n", 1)


def render_site(
    programme: Programme,
    when: date,
    lang: str,
    root: Path | None,
    reports: dict[Quarter, str],
    owner_reports: list[OwnerReport] | None = None,
) -> dict[str, str]:
    """Return every page of the site, {relative path: HTML}, from the programme at when.

    owner_reports are the annual and final reports already rendered, in the order to list them.
    """
    owner_reports = owner_reports or []
    env = environment(root, lang)
    t = web_catalogue(lang)
    assert programme.program is not None
    quarters = sorted(reports)
    latest = quarters[-1] if quarters else None
    dash = dashboard(programme, when, latest)
    dash["latest_stem"] = latest.stem if latest else None
    dash["owner_reports"] = [_report_link(r) for r in owner_reports]
    common = {"t": t, "programme": _programme_names(programme), "as_of": when}

    def page(template: str, base: str, section: str, **context: Any) -> str:
        try:
            return env.get_template(f"site/{template}.html.j2").render(
                **common, base=base, section=section, **context
            )
        except TemplateError as exc:
            raise TemplateFailed(
                f"the site template site/{template}.html.j2 failed: {exc}"
            ) from None

    pages = {
        "index.html": page("dashboard", "", "site_dashboard", dash=dash),
        "companies/index.html": page(
            "companies", "../", "site_companies", rows=company_list(programme, when)
        ),
        "clusters/index.html": page(
            "clusters", "../", "site_clusters", rows=cluster_list(programme, when)
        ),
        "budget.html": page("budget", "", "site_budget", money=dash["money"]),
        "milestones.html": page(
            "milestones", "", "site_milestones", plan=overviews.milestones(programme, when)
        ),
        "targets.html": page("targets", "", "site_targets", dash=dash, targets=targets(programme)),
        "reports/index.html": page(
            "reports",
            "../",
            "site_reports",
            quarters=[
                {"stem": q.stem, "label": str(q), "start": q.first_day, "end": q.last_day}
                for q in quarters
            ],
            owner_reports=[_report_link(r) for r in owner_reports],
        ),
    }
    for company_id in sorted(programme.companies):
        if company_status_at(programme.companies[company_id], when) is None:
            continue  # not yet identified at that date
        c = company_page(programme, company_id, when)
        pages[f"companies/{company_id}.html"] = page("company", "../", "site_companies", c=c)
    for cluster_id in sorted(programme.clusters):
        if cluster_status_at(programme.clusters[cluster_id], when) is None:
            continue
        c = cluster_page(programme, cluster_id, when)
        pages[f"clusters/{cluster_id}.html"] = page("cluster", "../", "site_clusters", c=c)
    for quarter, html in reports.items():
        pages[f"reports/{quarter.stem}.html"] = _report_nav(html, t["site_nav"], t["site_back"])
    for report in owner_reports:
        pages[f"reports/{report.stem}.html"] = _report_nav(
            report.html, t["site_nav"], t["site_back"]
        )
    return dict(sorted(pages.items()))


@dataclass(frozen=True)
class OwnerReport:
    """An annual or the final report, rendered, for the site: kind is "annual" or "final"."""

    kind: str
    stem: str
    label: str
    draft: bool
    html: str


def _report_link(report: OwnerReport) -> dict[str, Any]:
    return {"kind": report.kind, "stem": report.stem, "label": report.label, "draft": report.draft}


def _programme_names(programme: Programme) -> dict[str, str]:
    program = programme.program
    assert program is not None
    return {"name": program.name, "full_name": program.full_name or program.name}
