"""The report texts added for the owner's reports (nb and en), laid over texts.catalogue."""

from __future__ import annotations

from typing import Any

from bif_cli.texts import catalogue

NB: dict[str, Any] = {
    "draft": "Utkast",
    "draft_note": "Dette er et utkast og ikke den endelige rapporten",
    "draft_reason": {
        "no_narrative": "kommentaren for perioden er ikke skrevet",
        "period_not_ended": "programperioden er ikke avsluttet",
    },
    "no_narrative": "Det er ikke skrevet noen kommentar for denne perioden",
    # Terms: one word, one number (see the glossary)
    "in_pipeline": "Bedrifter i rekrutteringsløpet",
    "recruited_ever": "Bedrifter rekruttert totalt",
    "active": "Aktive bedrifter",
    "main_goal_companies": "Bedrifter i hovedmålet",
    "main_goal_clusters": "Klynger i hovedmålet",
    "clusters_established": "Klynger etablert",
    "measures_running": "Tiltak som pågår",
    "main_goal": "Bedrifter i hovedmålet",
    "funnel_stage": {
        "identified": "Identifisert",
        "contacted": "Kontaktet",
        "mapped": "Kartlagt",
        "recruited": "Rekruttert totalt",
    },
    "exited_short": "Gått ut",
    "completed_short": "Avsluttet",
    "glossary": "Begreper",
    "glossary_terms": [
        (
            "recruited_ever",
            "bedrifter som har inngått avtale med programmet innen datoen, "
            "uansett hva som har skjedd senere",
        ),
        (
            "active",
            "bedrifter som har avtale eller har avsluttet løpet sitt ved datoen "
            "(ikke de som har trukket seg)",
        ),
        (
            "main_goal_companies",
            "bedrifter som ved datoen har startet et FoU-prosjekt, "
            "kompetansehevings- eller lederutviklingstiltak som ikke er avbrutt, og som ikke "
            "har gått ut av programmet; et avsluttet tiltak teller fortsatt",
        ),
        ("main_goal_clusters", "det samme for klynger, telt for seg"),
        (
            "measures_running",
            "tiltak som har startet, ikke er avsluttet og ikke er avbrutt ved datoen",
        ),
        ("clusters_established", "klynger som er etablert eller har avsluttet løpet sitt"),
        (
            "committed",
            "tilsagn gitt innen datoen; et avbrutt tiltak beholder bare det som "
            "er utbetalt, resten er frigjort",
        ),
    ],
    # Targets
    "targets": "Mål og måloppnåelse",
    "target": "Mål",
    "target_value": "Målverdi",
    "target_actual": "Oppnådd nå",
    "target_at_deadline": "Ved fristen",
    "target_by": "Innen",
    "target_state": {"reached": "Nådd", "open": "Ikke nådd ennå", "missed": "Ikke nådd"},
    "no_targets": "Programmet har ikke satt tallfestede mål.",
    # Continuation plans
    "continuation": "Planer for videreføring",
    "continuation_count": "avsluttede bedrifter og klynger har plan for videreføring",
    "of": "av",
    "without_plan": "Avsluttet uten plan for videreføring",
    "owner_kind": {"company": "Bedrift", "cluster": "Klynge"},
    "plan": "Plan",
    # Milestone plan
    "milestone_plan": "Milepælsplanen",
    "state": "Tilstand",
    "milestone_state": {"done": "Nådd", "overdue": "Forsinket", "upcoming": "Kommende"},
    # Breakdowns
    "per_region_title": "Per region",
    "breakdowns": "Per region og per prosessleder",
    "per_leader_title": "Per prosessleder",
    "shared_clusters": "Klynger i flere regioner",
    "programme_costs": "Programkostnader (tilhører ingen region)",
    "programme_costs_short": "Programkostnader",
    "no_leader": "Uten prosessleder",
    "clusters_short": "Klynger",
    "companies_short": "Bedrifter",
    # Money per year, burn-up, released
    "by_year": "Penger per år",
    "year": "År",
    "committed_in_year": "Bevilget i året",
    "paid_in_year": "Utbetalt i året",
    "committed_to_date": "Bevilget totalt",
    "paid_to_date_short": "Utbetalt totalt",
    "released_in_year": "Frigjort i året",
    "burn_up": "Bevilget og utbetalt mot rammen",
    "legend_frame": "Ramme",
    "released": "Frigjort ved avbrutte tiltak",
    "released_quarter": "Frigjort i kvartalet",
    "released_to_date": "Frigjort totalt",
    "cancelled_on": "Avbrutt",
    "released_amount": "Frigjort",
    "no_released": "Ingen tiltak er avbrutt.",
    # Formalities
    "formalities": "Underskrift",
    "report_date": "Dato",
    "sender": "Avsender",
    "signature": "Signatur",
    # Region reports
    "region_report": "Rapport for regionrådet",
    "scope_note": "Denne rapporten gjelder {name}: bedriftene i regionen, klyngene som omfatter "
    "regionen (i sin helhet), og deres tiltak og penger. Den tar ikke med andre regioner, "
    "programkostnadene (personell og evaluering) eller rammen, som gjelder hele programmet "
    "og ikke er fordelt på regioner.",
    # Annual and final reports
    "annual_report": "Årsrapport",
    "final_report": "Sluttrapport",
    "quarters": "Kvartalene",
    "year_moves": "Endringer i året",
    "money_per_area": "Penger per innsatsområde",
    "outcomes": "Bedriftene og klyngene",
    "outcome": "Resultat",
    "main_goal_reached": "Hovedmålet",
    "evaluation": "Kommentarer og evaluering",
    "final_due": "Sluttrapporten skal leveres innen",
    "yes": "ja",
    "no": "nei",
    "in_main_goal_col": "I hovedmålet",
    # Submitted reports (issue #14)
    "corrections": "Korrigeringer av tidligere rapporterte tall",
    "corrections_note": "Disse tallene ble rapportert til programeier i en tidligere rapport og "
    "er siden endret.",
    "corrected_version": "Korrigert versjon",
    "corrected_note": "Tall i denne rapporten er endret etter at den ble sendt til programeier; "
    "se bif check og rapportene som kom etter",
    "reported_col": "Rapportert",
    "now_col": "Nå",
    "figure_col": "Tall",
    "reported_in": "Rapport",
    "reason_col": "Begrunnelse",
    "no_reason": "ingen korrigering registrert",
}

EN: dict[str, Any] = {
    "draft": "Draft",
    "draft_note": "This is a draft and not the final report",
    "draft_reason": {
        "no_narrative": "the comments for the period have not been written",
        "period_not_ended": "the programme period has not ended",
    },
    "no_narrative": "No comments were written for this period",
    "in_pipeline": "Companies in the recruitment pipeline",
    "recruited_ever": "Companies recruited in total",
    "active": "Active companies",
    "main_goal_companies": "Companies in the main goal",
    "main_goal_clusters": "Clusters in the main goal",
    "clusters_established": "Clusters established",
    "measures_running": "Measures in progress",
    "main_goal": "Companies in the main goal",
    "funnel_stage": {
        "identified": "Identified",
        "contacted": "Contacted",
        "mapped": "Mapped",
        "recruited": "Recruited in total",
    },
    "exited_short": "Left",
    "completed_short": "Completed",
    "glossary": "Terms",
    "glossary_terms": [
        (
            "recruited_ever",
            "companies that signed an agreement with the programme by the "
            "date, whatever happened since",
        ),
        (
            "active",
            "companies with an agreement, or that completed their run, at the date "
            "(not those that withdrew)",
        ),
        (
            "main_goal_companies",
            "companies that at the date have started an R&D, competence "
            "or leadership measure that is not cancelled, and have not left the programme; a "
            "completed measure still counts",
        ),
        ("main_goal_clusters", "the same for clusters, counted apart"),
        ("measures_running", "measures started, not ended and not cancelled at the date"),
        ("clusters_established", "clusters established or completed"),
        (
            "committed",
            "grants made by the date; a cancelled measure keeps only what was "
            "paid, the rest is released",
        ),
    ],
    "targets": "Targets and progress",
    "target": "Target",
    "target_value": "Target value",
    "target_actual": "Now",
    "target_at_deadline": "At the deadline",
    "target_by": "By",
    "target_state": {"reached": "Reached", "open": "Not reached yet", "missed": "Missed"},
    "no_targets": "The programme has set no numeric targets.",
    "continuation": "Plans for continuation",
    "continuation_count": "completed companies and clusters have a plan for continuation",
    "of": "of",
    "without_plan": "Completed without a plan for continuation",
    "owner_kind": {"company": "Company", "cluster": "Cluster"},
    "plan": "Plan",
    "milestone_plan": "The milestone plan",
    "state": "State",
    "milestone_state": {"done": "Reached", "overdue": "Overdue", "upcoming": "Upcoming"},
    "per_region_title": "By region",
    "breakdowns": "By region and by process leader",
    "per_leader_title": "By process leader",
    "shared_clusters": "Clusters in several regions",
    "programme_costs": "Programme costs (no region)",
    "programme_costs_short": "Programme costs",
    "no_leader": "No process leader",
    "clusters_short": "Clusters",
    "companies_short": "Companies",
    "by_year": "Money by year",
    "year": "Year",
    "committed_in_year": "Committed in the year",
    "paid_in_year": "Paid in the year",
    "committed_to_date": "Committed to date",
    "paid_to_date_short": "Paid to date",
    "released_in_year": "Released in the year",
    "burn_up": "Committed and paid against the frame",
    "legend_frame": "Frame",
    "released": "Released by cancelled measures",
    "released_quarter": "Released in the quarter",
    "released_to_date": "Released to date",
    "cancelled_on": "Cancelled",
    "released_amount": "Released",
    "no_released": "No measure has been cancelled.",
    "formalities": "Signature",
    "report_date": "Date",
    "sender": "From",
    "signature": "Signature",
    "region_report": "Report for the regional council",
    "scope_note": "This report covers {name}: the companies in the region, the clusters that "
    "include the region (in full), and their measures and money. It leaves out other regions, "
    "the programme costs (staff and evaluation) and the frame, which is the whole programme's "
    "and not split by region.",
    "annual_report": "Annual report",
    "final_report": "Final report",
    "quarters": "The quarters",
    "year_moves": "Changes in the year",
    "money_per_area": "Money by budget area",
    "outcomes": "The companies and clusters",
    "outcome": "Outcome",
    "main_goal_reached": "The main goal",
    "evaluation": "Comments and evaluation",
    "final_due": "The final report is due by",
    "yes": "yes",
    "no": "no",
    "in_main_goal_col": "In the main goal",
    # Submitted reports (issue #14)
    "corrections": "Corrections to figures reported earlier",
    "corrections_note": "These figures were reported to the owner in an earlier report and have "
    "changed since.",
    "corrected_version": "Corrected version",
    "corrected_note": "Figures in this report have changed since it was sent to the owner; see "
    "bif check and the reports that followed",
    "reported_col": "Reported",
    "now_col": "Now",
    "figure_col": "Figure",
    "reported_in": "Report",
    "reason_col": "Reason",
    "no_reason": "no correction recorded",
}

_ADDED = {"nb": NB, "en": EN}


def report_catalogue(lang: str) -> dict[str, Any]:
    """Return the report's texts for a language: the catalogue with these additions on top."""
    return {**catalogue(lang), **_ADDED[lang]}
