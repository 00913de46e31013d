"""The texts of the issue forms and the static site in bokmål (nb) and English (en)."""

from __future__ import annotations

from typing import Any

from bif_cli.texts import catalogue as report_catalogue

# A form field's label and help text: {field id: (label, help)}.
NB_FIELDS: dict[str, tuple[str, str]] = {
    "name": ("Navn", "Navnet slik det står i Enhetsregisteret, for eksempel Lom Kornbakeri AS."),
    "org_number": ("Organisasjonsnummer", "Ni sifre, for eksempel 921 588 135."),
    "region": ("Region", "Regionen bedriften hører til."),
    "municipality": ("Kommune", "Kommunen bedriften ligger i; den må ligge i regionen over."),
    "nace": ("Næringskode", "Næringskoden (SN2007) fra Enhetsregisteret, for eksempel 16.230."),
    "market": ("Marked", "Hvor bedriften selger det meste."),
    "process_leader": ("Prosessleder", "Den som følger opp bedriften."),
    "date": ("Dato", "ÅÅÅÅ-MM-DD. Tomt betyr i dag."),
    "note": ("Merknad", "Kort, på én linje: hvorfor eller hvordan."),
    "id": ("Id", "Valgfritt: filnavnet. Tomt betyr laget av navnet."),
    "owner": ("Bedrift eller klynge", "Hvem det gjelder."),
    "owner_costs": (
        "Hvem tiltaket hører til",
        "En bedrift, en klynge, eller programmets egne kostnader.",
    ),
    "status": ("Ny status", "Statusen fra datoen under."),
    "continuation_plan": ("Plan for videreføring", "Kreves når status er avsluttet."),
    "title": ("Tittel", "Hva tiltaket er, på én linje."),
    "kind": ("Type tiltak", "Velg den typen som passer best."),
    "area": ("Innsatsområde", "Budsjettområdet pengene tas fra."),
    "granted": ("Bevilget (kr)", "Hele kroner, for eksempel 250 000."),
    "granted_on": ("Bevilget dato", "ÅÅÅÅ-MM-DD. Tomt betyr i dag."),
    "start": ("Startdato", "ÅÅÅÅ-MM-DD. Tomt hvis den ikke er kjent ennå."),
    "end": ("Sluttdato", "ÅÅÅÅ-MM-DD. Tomt hvis den ikke er kjent ennå."),
    "partner": ("Samarbeidspartner", "FoU-miljø, skole eller konsulent, hvis noen."),
    "measure": ("Tiltak", "Tiltaket det gjelder."),
    "amount": ("Beløp (kr)", "Hele kroner, for eksempel 100 000."),
    "what": ("Neste steg", "Hva som skal gjøres, på én linje."),
    "due": ("Frist", "ÅÅÅÅ-MM-DD, gjerne fram i tid."),
    "text": ("Hva skjedde", "Kort referat av kontakten, på én linje."),
    "by": ("Hvem", "Den som hadde kontakten."),
    "milestone": ("Milepæl", "Milepælen som er nådd."),
}

EN_FIELDS: dict[str, tuple[str, str]] = {
    "name": ("Name", "The name as registered, for example Lom Kornbakeri AS."),
    "org_number": ("Organisation number", "Nine digits, for example 921 588 135."),
    "region": ("Region", "The region the company belongs to."),
    "municipality": ("Municipality", "Where the company is; it must be in the region above."),
    "nace": ("NACE code", "The SN2007 industry code, for example 16.230."),
    "market": ("Market", "Where the company sells most."),
    "process_leader": ("Process leader", "Who follows the company up."),
    "date": ("Date", "YYYY-MM-DD. Empty means today."),
    "note": ("Note", "Short, one line: why or how."),
    "id": ("Id", "Optional: the file name. Empty means made from the name."),
    "owner": ("Company or cluster", "Who this is about."),
    "owner_costs": ("Whose measure", "A company, a cluster, or the programme's own costs."),
    "status": ("New status", "The status from the date below."),
    "continuation_plan": ("Continuation plan", "Needed when the status is completed."),
    "title": ("Title", "What the measure is, in one line."),
    "kind": ("Kind of measure", "Choose the kind that fits best."),
    "area": ("Budget area", "The budget area the money comes from."),
    "granted": ("Granted (NOK)", "Whole kroner, for example 250 000."),
    "granted_on": ("Granted on", "YYYY-MM-DD. Empty means today."),
    "start": ("Start date", "YYYY-MM-DD. Empty if not yet known."),
    "end": ("End date", "YYYY-MM-DD. Empty if not yet known."),
    "partner": ("Partner", "R&D institution, school or consultant, if any."),
    "measure": ("Measure", "The measure this is about."),
    "amount": ("Amount (NOK)", "Whole kroner, for example 100 000."),
    "what": ("Next action", "What is to be done, in one line."),
    "due": ("Due", "YYYY-MM-DD; it may lie ahead."),
    "text": ("What happened", "A short account of the contact, in one line."),
    "by": ("Who", "Who had the contact."),
    "milestone": ("Milestone", "The milestone that was reached."),
}

NB_FORMS: dict[str, tuple[str, str]] = {
    "add-company": ("Ny bedrift", "Registrer en bedrift som identifisert."),
    "set-status": ("Ny status", "En bedrift eller klynge har fått ny status."),
    "add-measure": ("Nytt tiltak", "Registrer et bevilget tiltak."),
    "add-payment": ("Utbetaling", "Registrer en utbetaling til et tiltak."),
    "cancel-measure": (
        "Avbryt tiltak",
        "Et tiltak er avbrutt; det som ikke er utbetalt frigjøres.",
    ),
    "set-next-action": ("Neste steg", "Sett neste steg og frist for en bedrift eller klynge."),
    "log": ("Kontaktlogg", "Før en kontakt med en bedrift eller klynge i loggen."),
    "milestone-done": ("Milepæl nådd", "Marker en milepæl som nådd."),
}

EN_FORMS: dict[str, tuple[str, str]] = {
    "add-company": ("New company", "Register a company as identified."),
    "set-status": ("New status", "A company or cluster has a new status."),
    "add-measure": ("New measure", "Register a granted measure."),
    "add-payment": ("Payment", "Register a payment to a measure."),
    "cancel-measure": ("Cancel a measure", "A measure is cancelled; what is unpaid is released."),
    "set-next-action": ("Next action", "Set the next action and its due date."),
    "log": ("Contact log", "Record a contact with a company or cluster."),
    "milestone-done": ("Milestone reached", "Mark a milestone as done."),
}

NB_SITE: dict[str, Any] = {
    "site_dashboard": "Oversikt",
    "site_companies": "Bedrifter",
    "site_clusters": "Klynger",
    "site_budget": "Budsjett",
    "site_milestones": "Milepæler",
    "site_targets": "Mål",
    "site_reports": "Rapporter",
    "site_skip": "Hopp til innholdet",
    "site_nav": "Sidene",
    "site_as_of": "Slik programmet sto",
    "site_money": "Penger mot rammen",
    "site_overdue": "Forsinkede milepæler",
    "site_actions": "Neste steg",
    "site_overdue_mark": "forsinket",
    "site_no_actions": "Ingen neste steg er satt.",
    "site_no_overdue": "Ingen milepæler er forsinket.",
    "site_latest": "Siste kvartalsrapport",
    "site_no_reports": "Ingen kvartal er avsluttet ennå.",
    "site_all_reports": "Alle kvartalsrapporter",
    "site_all_owner_reports": "Alle rapporter",
    "site_quarterly_reports": "Kvartalsrapporter",
    "site_annual_reports": "Årsrapporter og sluttrapport",
    "site_annual": "Årsrapport",
    "site_final": "Sluttrapport",
    "site_draft": "utkast",
    "site_burn_up": "Bevilget og utbetalt per kvartal mot rammen",
    "site_history": "Historikk",
    "site_payments": "Utbetalinger",
    "site_log_count": "Kontakter i loggen",
    "site_member_of": "Med i klynger",
    "site_facilitator": "Fasilitator",
    "site_org_number": "Organisasjonsnummer",
    "site_nace": "Næringskode",
    "site_market": "Marked",
    "site_employees": "Ansatte",
    "site_ambition": "Ambisjon",
    "site_continuation_plan": "Plan for videreføring",
    "site_state": "Tilstand",
    "site_state_name": {
        "planned": "Planlagt",
        "started": "Pågår",
        "completed": "Fullført",
        "cancelled": "Avbrutt",
    },
    "site_milestone_state": {"done": "Nådd", "overdue": "Forsinket", "upcoming": "Kommende"},
    "site_no_targets": "Programmet har ikke satt tallfestede mål i data/program.yaml.",
    "site_target": "Mål",
    "site_target_value": "Målverdi",
    "site_target_by": "Innen",
    "site_main_goal": "Hovedmålet",
    "site_count": "Antall",
    "site_of_stage": "av de identifiserte",
    "site_days_overdue": "dager over fristen",
    "site_back": "Tilbake til oversikten",
    "site_footer": (
        "Laget med bif fra programmets datafiler. Ingen kontaktopplysninger eller logg-tekst "
        "vises her."
    ),
}

EN_SITE: dict[str, Any] = {
    "site_dashboard": "Dashboard",
    "site_companies": "Companies",
    "site_clusters": "Clusters",
    "site_budget": "Budget",
    "site_milestones": "Milestones",
    "site_targets": "Targets",
    "site_reports": "Reports",
    "site_skip": "Skip to the content",
    "site_nav": "Pages",
    "site_as_of": "The programme as it stood on",
    "site_money": "Money against the frame",
    "site_overdue": "Overdue milestones",
    "site_actions": "Next actions",
    "site_overdue_mark": "overdue",
    "site_no_actions": "No next actions are set.",
    "site_no_overdue": "No milestone is overdue.",
    "site_latest": "Latest quarterly report",
    "site_no_reports": "No quarter has ended yet.",
    "site_all_reports": "All quarterly reports",
    "site_all_owner_reports": "All reports",
    "site_quarterly_reports": "Quarterly reports",
    "site_annual_reports": "Annual reports and the final report",
    "site_annual": "Annual report",
    "site_final": "Final report",
    "site_draft": "draft",
    "site_burn_up": "Committed and paid per quarter against the frame",
    "site_history": "History",
    "site_payments": "Payments",
    "site_log_count": "Contacts in the log",
    "site_member_of": "Member of clusters",
    "site_facilitator": "Facilitator",
    "site_org_number": "Organisation number",
    "site_nace": "NACE code",
    "site_market": "Market",
    "site_employees": "Employees",
    "site_ambition": "Ambition",
    "site_continuation_plan": "Continuation plan",
    "site_state": "State",
    "site_state_name": {
        "planned": "Planned",
        "started": "Running",
        "completed": "Completed",
        "cancelled": "Cancelled",
    },
    "site_milestone_state": {"done": "Done", "overdue": "Overdue", "upcoming": "Upcoming"},
    "site_no_targets": "The programme has set no numeric targets in data/program.yaml.",
    "site_target": "Target",
    "site_target_value": "Value",
    "site_target_by": "By",
    "site_main_goal": "The main goal",
    "site_count": "Count",
    "site_of_stage": "of those identified",
    "site_days_overdue": "days past due",
    "site_back": "Back to the dashboard",
    "site_footer": (
        "Made with bif from the programme's data files. No contact details or log text are "
        "shown here."
    ),
}

NB: dict[str, Any] = {
    **NB_SITE,
    "fields": NB_FIELDS,
    "forms": NB_FORMS,
    "form_intro": (
        "Fyll ut skjemaet og trykk «Submit new issue». bif sjekker det og lager en pull request "
        "som noen med skrivetilgang ser over før den flettes inn. Feil kommer som en kommentar her."
    ),
    "costs_owner": "Programmets egne kostnader",
    "too_many": "Skriv id-en eller navnet ({count} å velge mellom; for mange for en liste).",
    "generated": "Laget av `bif form templates` fra data/; rediger ikke for hånd.",
    "market_name": {
        "local": "Lokalt",
        "regional": "Regionalt",
        "national": "Nasjonalt",
        "international": "Internasjonalt",
    },
}

EN: dict[str, Any] = {
    **EN_SITE,
    "fields": EN_FIELDS,
    "forms": EN_FORMS,
    "form_intro": (
        "Fill in the form and press Submit. bif checks it and opens a pull request that someone "
        "with write access reviews before it is merged. Errors come back as a comment here."
    ),
    "costs_owner": "The programme's own costs",
    "too_many": "Write the id or the name ({count} to choose from; too many for a list).",
    "generated": "Written by `bif form templates` from data/; do not edit by hand.",
    "market_name": {
        "local": "Local",
        "regional": "Regional",
        "national": "National",
        "international": "International",
    },
}

CATALOGUES: dict[str, dict[str, Any]] = {"nb": NB, "en": EN}


def web_catalogue(lang: str) -> dict[str, Any]:
    """Return the form and site texts in lang, with the report's texts (statuses, kinds) too."""
    return {**report_catalogue(lang), **CATALOGUES[lang]}
