"""`bif diff` in bokmål: each change said again from its kind and details, and the headings."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from bif_cli.fmt import date_nb, group_thousands, kroner
from bif_cli.texts import names

FIELDS_NB = {
    "name": "navn",
    "full_name": "fullt navn",
    "owner": "programeier",
    "responsible": "ansvarlig",
    "board": "programstyre",
    "period": "periode",
    "final_report_due": "frist for sluttrapport",
    "report_to": "rapporteres til",
    "excluded_nace": "NACE-koder utenfor målgruppen",
    "municipalities": "kommuner",
    "role": "rolle",
    "email": "e-post",
    "org_number": "org.nr.",
    "region": "region",
    "municipality": "kommune",
    "nace": "NACE",
    "market": "marked",
    "employees": "ansatte",
    "process_leader": "prosessleder",
    "contact": "kontaktperson",
    "ambition": "ambisjon",
    "continuation_plan": "plan for videreføring",
    "next_action": "neste aktivitet",
    "log": "kontaktlogg",
    "facilitator": "fasilitator",
    "title": "tittel",
    "kind": "type",
    "area": "innsatsområde",
    "partner": "partner",
    "granted": "bevilget",
    "granted_on": "bevilget dato",
    "start": "start",
    "end": "slutt",
    "cancelled_on": "avbrutt",
    "note": "merknad",
    "due": "frist",
    "done": "nådd",
    "what": "hva",
    "text": "tekst",
    "by": "av",
    "date": "dato",
}
_MONEY = frozenset({"granted", "allocation", "frame", "amount"})
_WHO = {
    "region": "region",
    "person": "person",
    "area": "innsatsområde",
    "measure": "tiltak",
    "milestone": "milepæl",
}
_VERB = {"added": "lagt til", "removed": "fjernet"}
_STATUS = {**names("nb", "status_name"), **names("nb", "cluster_status_name")}
_KINDS = names("nb", "kind_name")

HEADINGS_NB = {
    "sections": {
        "program": "Programmet",
        "budget": "Budsjett",
        "milestones": "Milepæler",
        "companies": "Bedrifter",
        "clusters": "Klynger",
        "registry": "Enhetsregisteret",
    },
    "summary": {
        "companies": "Bedrifter",
        "recruited": "Rekruttert (per {as_of})",
        "clusters": "Klynger",
        "committed": "Bevilget (alle datoer)",
        "paid": "Utbetalt (alle datoer)",
        "errors": "Feil i bif check",
        "warnings": "Advarsler i bif check",
    },
    "no_changes": "Ingen endringer i programmets data.",
    "money_by_area": "Penger per innsatsområde (alle datoer)",
    "area_line": "ramme {allocation}; bevilget {committed}; utbetalt {paid}",
    "problems": {"introduced": "Nye problemer i bif check", "fixed": "Problemer rettet"},
    "as_at_base": " (linjene som før endringen)",
    "severity": {"error": "feil", "warning": "advarsel"},
    "md_title": "Endringer i programmet",
    "md_columns": "| | før | etter | endring |",
    "md_area_columns": "| Innsatsområde | Ramme | Bevilget | Utbetalt |",
}


def revision_nb(text: str) -> str:
    """Say a revision's label in bokmål (the working tree, the merge-base)."""
    return text.replace("working tree", "arbeidskopien").replace(
        "merge-base with ", "avgreiningen fra "
    )


def label_nb(label: str) -> str:
    """Say a group's label in bokmål: company x (Name) → bedrift x (Name)."""
    for english, norwegian in (("company ", "bedrift "), ("cluster ", "klynge ")):
        if label.startswith(english):
            return norwegian + label[len(english) :]
    return {"budget": "budsjett", "programme": "programmet", "milestones": "milepæler"}.get(
        label, label
    )


def _day(value: Any) -> str:
    if isinstance(value, str) and len(value) == 10:
        try:
            return date_nb(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def _value(name: str, value: Any) -> str:
    if value is None or value == [] or value == {}:
        return "ingen"
    if name in _MONEY and isinstance(value, int):
        return kroner(value)
    if name == "status" and value in _STATUS:
        return str(_STATUS[value]).lower()
    if name == "kind" and value in _KINDS:
        return _KINDS[value]
    if isinstance(value, dict):
        return ", ".join(
            f"{FIELDS_NB.get(k, k)}: {_value(k, v)}" for k, v in value.items() if v is not None
        )
    if isinstance(value, list):
        return "; ".join(_value(name, v) for v in value)
    text = " ".join(_day(str(value)).split())
    return text if len(text) <= 80 else text[:79] + "…"


def _delta(before: Any, after: Any) -> str:
    if not (isinstance(before, int) and isinstance(after, int)) or before == after:
        return ""
    change = after - before
    return f" ({'+' if change > 0 else ''}{group_thousands(change)} kr)"


def _field_change(d: dict[str, Any]) -> str:
    prefix = " ".join(f"{_WHO[k]} '{d[k]}'" for k in _WHO if k in d)
    name = d["field"]
    said = f"{_value(name, d['before'])} → {_value(name, d['after'])}"
    if name in _MONEY:
        said += _delta(d["before"], d["after"])
    return f"{prefix + ' ' if prefix else ''}{FIELDS_NB.get(name, name)}: {said}"


def say_nb(change: Mapping[str, Any]) -> str:
    """Return one change as a bokmål sentence; kinds it does not know keep their text."""
    kind, d = change["kind"], change["details"]
    measure = f"tiltak '{d.get('measure')}'"
    if "field" in d and "before" in d and "after" in d:
        return _field_change(d)
    if kind == "measure_added":
        text = (
            f"{measure} lagt til: {d['title']} ({_value('kind', d['kind'])}), "
            f"{kroner(d['granted'])} bevilget i innsatsområde {d['area']} {_day(d['granted_on'])}"
        )
        text += f", {kroner(d['paid'])} utbetalt" if d.get("paid") else ""
        return text + (f", avbrutt {_day(d['cancelled_on'])}" if d.get("cancelled_on") else "")
    if kind == "measure_removed":
        return (
            f"{measure} fjernet: {d['title']} ({kroner(d['granted'])} bevilget, "
            f"{kroner(d['paid'])} utbetalt)"
        )
    if kind == "measure_cancelled":
        return (
            f"{measure} avbrutt {_day(d['date'])}; frigjør {kroner(d['released'])} "
            "som ikke er utbetalt"
        )
    if kind == "payment_added":
        return f"{measure}: {kroner(d['amount'])} utbetalt {_day(d['date'])}"
    if kind == "payment_removed":
        return f"{measure}: utbetaling på {kroner(d['amount'])} {_day(d['date'])} fjernet"
    what, _, verb = kind.rpartition("_")
    if what in ("region", "person", "area") and verb in _VERB and "name" in d:
        return f"{_WHO[what]} '{d[what]}' {_VERB[verb]}: {d['name']}"
    if what in ("company", "cluster") and verb in _VERB:
        noun = "bedrift" if what == "company" else "klynge"
        state = (
            f"{_value('status', d['status'])} siden {_day(d['since'])}"
            if d.get("status")
            else "uten status"
        )
        return f"{noun} {_VERB[verb]}: {d['name']}, {state}"
    if what == "milestone" and verb in _VERB:
        return f"milepæl '{d['milestone']}' {_VERB[verb]}: {d['title']}, frist {_day(d['due'])}"
    if what == "funding" and verb in _VERB:
        return f"finansiering {_VERB[verb]}: {d['source']}, {kroner(d['amount'])}"
    if what == "member" and verb in _VERB:
        return f"medlem {_VERB[verb]}: {d['member']}"
    if what == "file" and verb in _VERB:
        return f"{d['file']} {_VERB[verb]}"
    if kind == "status":
        status = _value("status", d["status"])
        moved = f"{_value('status', d['previous'])} → {status}" if d.get("previous") else status
        note = f" ({_value('note', d['note'])})" if d.get("note") else ""
        return f"status: {moved} {_day(d['date'])}{note}"
    if kind == "history_note":
        return (
            f"merknad på '{_value('status', d['status'])}' {_day(d['date'])}: "
            f"{_value('note', d['note'])}"
        )
    if kind == "history_removed":
        return f"historikk fjernet: {_value('status', d['status'])} {_day(d['date'])}"
    if kind == "unreadable":
        side = "før endringen" if d.get("side") == "base" else "etter endringen"
        return f"ikke sammenlignet: filen har feil {side}"
    if kind == "frame":
        return (
            f"ramme: {kroner(d['before'])} → {kroner(d['after'])}{_delta(d['before'], d['after'])}"
        )
    if kind == "allocation":
        since = f" fra {_day(d['since'])}" if d.get("since") else ""
        since += f" ({d['ref']})" if d.get("ref") else ""
        return (
            f"innsatsområde {d['area']} ramme: {kroner(d['before'])} → {kroner(d['after'])}"
            f"{_delta(d['before'], d['after'])}{since}"
        )
    if kind == "milestone_moved":
        days = int(d["days"])
        way = "senere" if days > 0 else "tidligere"
        return (
            f"milepæl '{d['milestone']}' flyttet {abs(days)} dager {way}: frist "
            f"{_day(d['before'])} → {_day(d['after'])}"
        )
    if kind == "milestone_done":
        return f"milepæl '{d['milestone']}' nådd {_day(d['date'])}"
    if kind == "milestone_reopened":
        return f"milepæl '{d['milestone']}' ikke lenger nådd (var nådd {_day(d['was'])})"
    return str(change["text"])
