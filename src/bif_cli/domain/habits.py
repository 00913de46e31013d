"""Norwegian input habits on the command line: dates, money, bokmål words, and "did you mean"."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from datetime import date

# Norwegian Excel and Word copy amounts with a no-break space (U+00A0) or a narrow one (U+202F).
THOUSANDS_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})
DATE_HINT = "write it as 30.06.2015 or 2015-06-30 (YYYY-MM-DD)"
_NB_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")

# Bokmål words a process leader types for statuses and kinds, written to files as English ids.
COMPANY_STATUS_WORDS: dict[str, str] = {
    "identifisert": "identified",
    "kontaktet": "contacted",
    "kartlagt": "mapped",
    "avtale": "agreement",
    "avtale-inngått": "agreement",
    "avtale inngått": "agreement",
    "rekruttert": "agreement",
    "avsluttet": "completed",
    "fullført": "completed",
    "takket-nei": "declined",
    "takket nei": "declined",
    "trukket": "withdrawn",
    "trukket-seg": "withdrawn",
    "trukket seg": "withdrawn",
    "ikke-aktuell": "not_eligible",
    "ikke aktuell": "not_eligible",
}
CLUSTER_STATUS_WORDS: dict[str, str] = {
    "identifisert": "identified",
    "kartlagt": "mapped",
    "etablert": "established",
    "avsluttet": "completed",
    "fullført": "completed",
    "lagt-ned": "discontinued",
    "lagt ned": "discontinued",
    "avviklet": "discontinued",
}
KIND_WORDS: dict[str, str] = {
    "fou": "rnd",
    "fou-prosjekt": "rnd",
    "kompetanse": "competence",
    "kompetanseheving": "competence",
    "leder": "leadership",
    "lederutvikling": "leadership",
    "digitalisering": "digital",
    "netthandel": "digital",
    "hyttemarked": "cabin_market",
    "velferdsteknologi": "welfare_tech",
    "strategi": "strategy",
    "forretningsutvikling": "strategy",
    "nettverk": "network",
    "møteplass": "network",
    "personell": "staff",
    "bemanning": "staff",
    "evaluering": "evaluation",
    "følgeevaluering": "evaluation",
    "annet": "other",
}
MARKET_WORDS: dict[str, str] = {
    "lokalt": "local",
    "lokal": "local",
    "regionalt": "regional",
    "nasjonalt": "national",
    "nasjonal": "national",
    "internasjonalt": "international",
    "internasjonal": "international",
}
ROLE_WORDS: dict[str, str] = {
    "prosjektleder": "project_leader",
    "prosessleder": "process_leader",
    "styre": "board",
    "styremedlem": "board",
    "annen": "other",
    "annet": "other",
}


def normalise_spaces(text: str) -> str:
    """Turn no-break and narrow no-break spaces into plain spaces."""
    return text.translate(THOUSANDS_SPACES)


def parse_input_date(text: str) -> date:
    """Parse a typed date: ISO `2015-06-30`, or Norwegian `30.06.2015` and `30.6.2015`."""
    value = normalise_spaces(text).strip()
    match = _NB_DATE.fullmatch(value)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{text}' is not a real calendar date; {DATE_HINT}") from None
    raise ValueError(f"'{text}' is not a date; {DATE_HINT}")


def suggestion(value: str, valid: Iterable[str]) -> str | None:
    """Return the valid value closest to a mistyped one (difflib), or None when none is close."""
    choices = list(valid)
    folded = {c.casefold(): c for c in choices}
    close = difflib.get_close_matches(value.casefold(), list(folded), n=1, cutoff=0.6)
    return folded[close[0]] if close else None


def unknown_message(
    what: str,
    value: str,
    valid: list[str],
    labels: Mapping[str, str] | None = None,
    words: Mapping[str, str] | None = None,
    lang: str = "en",
) -> str:
    """Say that value is not a known `what`: the closest match first, then every valid one.

    In English with the labels (`pl (Prosjektleder)`); in bokmål from the message catalogue.
    """
    labels = labels or {}
    shown = [f"{v} ({labels[v]})" if v in labels else v for v in valid]
    listing = ", ".join(shown) or "(none defined)"
    aliases = {v: v for v in valid}
    aliases.update({name: key for key, name in labels.items() if key in aliases})
    aliases.update({word: key for word, key in (words or {}).items() if key in aliases})
    near = suggestion(value, aliases)
    if lang != "en":
        from bif_cli.texts import say

        if near is None:
            return say("error.unknown_id", lang, what=what, value=value, choices=tuple(valid))
        return say(
            "error.unknown_id_close",
            lang,
            what=what,
            value=value,
            close=aliases[near],
            choices=tuple(valid),
        )
    hint = f" Did you mean '{aliases[near]}'?" if near is not None else ""
    return f"unknown {what} '{value}'.{hint} Use one of: {listing}"


def resolve(
    value: str,
    valid: list[str],
    what: str,
    *,
    words: Mapping[str, str] | None = None,
    ignore_case: bool = False,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
) -> str:
    """Return the valid id meant by value (exact, a bokmål word, or any case); else ValueError."""
    typed = normalise_spaces(value).strip()
    if typed in valid:
        return typed
    folded = typed.casefold()
    for word, target in (words or {}).items():
        if word.casefold() == folded and target in valid:
            return target
    if ignore_case or words:
        matches = [v for v in valid if v.casefold() == folded]
        if len(matches) == 1:
            return matches[0]
    raise ValueError(unknown_message(what, value, valid, labels, words, lang))
