"""The company register's record of a unit (Enhetsregisteret's JSON shape) and snapshots of it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

REGISTRY_DIR = "data/registry"
SNAPSHOT_KEYS = frozenset({"fetched", "record", "fictional", "deleted"})
LEGAL_FORMS = frozenset({"as", "asa", "sa", "ans", "da", "enk", "ba", "nuf", "ks"})
_ORG = re.compile(r"\d{9}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SMALL_WORDS = frozenset({"og", "i", "på", "av", "for", "til", "med", "fra"})


def snapshot_path(org_number: str) -> str:
    """Return where the snapshot of a unit lives, relative to the programme root."""
    return f"{REGISTRY_DIR}/{org_number}.json"


@dataclass(frozen=True)
class Unit:
    """The fields bif uses from one register record."""

    org_number: str
    name: str | None = None
    form_code: str | None = None
    form_description: str | None = None
    nace_code: str | None = None
    nace_description: str | None = None
    employees: int | None = None
    municipality_number: str | None = None
    municipality: str | None = None
    bankrupt: bool = False
    bankrupt_date: date | None = None
    winding_up: bool = False
    winding_up_date: date | None = None
    forced_winding_up: bool = False
    forced_winding_up_date: date | None = None
    deleted: bool = False
    deleted_date: date | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the unit as the JSON of `bif registry lookup` (English keys, ISO dates)."""

        def iso(value: date | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "org_number": self.org_number,
            "name": self.name,
            "form": {"code": self.form_code, "description": self.form_description},
            "nace": {"code": self.nace_code, "description": self.nace_description},
            "employees": self.employees,
            "municipality": {"number": self.municipality_number, "name": self.municipality},
            "bankrupt": self.bankrupt,
            "bankrupt_date": iso(self.bankrupt_date),
            "winding_up": self.winding_up,
            "winding_up_date": iso(self.winding_up_date),
            "forced_winding_up": self.forced_winding_up,
            "forced_winding_up_date": iso(self.forced_winding_up_date),
            "deleted": self.deleted,
            "deleted_date": iso(self.deleted_date),
        }


@dataclass(frozen=True)
class Snapshot:
    """A unit's record as fetched from the register on a date, kept in data/registry/."""

    path: str
    fetched: date
    unit: Unit
    record: dict[str, Any] = field(default_factory=dict)
    fictional: bool = False


class RecordError(ValueError):
    """A register record that does not have the register's shape."""


def _text(record: dict[str, Any], *keys: str) -> str | None:
    node: Any = record
    for key in keys:
        if node is None:
            return None
        if not isinstance(node, dict):
            raise RecordError(f"'{'.'.join(keys[:-1])}' should be an object")
        node = node.get(key)
    if node is None:
        return None
    if not isinstance(node, str):
        raise RecordError(f"'{'.'.join(keys)}' should be text, not {type(node).__name__}")
    return node


def _flag(record: dict[str, Any], key: str) -> bool:
    value = record.get(key, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise RecordError(f"'{key}' should be true or false")
    return value


def _day(record: dict[str, Any], key: str) -> date | None:
    value = _text(record, key)
    if value is None:
        return None
    if not _DATE.fullmatch(value):
        raise RecordError(f"'{key}' should be a date YYYY-MM-DD, not '{value[:20]}'")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RecordError(f"'{key}' is not a real calendar date: '{value}'") from None


def parse_unit(record: Any, *, gone: bool = False) -> Unit:
    """Read the fields bif uses from a record in the register's JSON shape.

    gone is true when the register answered 410 (the unit is removed). Raises RecordError.
    """
    if not isinstance(record, dict):
        raise RecordError("the record should be a JSON object")
    number = _text(record, "organisasjonsnummer")
    if number is None or not _ORG.fullmatch(number):
        raise RecordError("'organisasjonsnummer' should be 9 digits")
    employees = record.get("antallAnsatte")
    if employees is not None and (
        not isinstance(employees, int) or isinstance(employees, bool) or employees < 0
    ):
        raise RecordError("'antallAnsatte' should be a whole number")
    for key in ("organisasjonsform", "naeringskode1", "forretningsadresse"):
        if record.get(key) is not None and not isinstance(record[key], dict):
            raise RecordError(f"'{key}' should be an object")
    deleted_date = _day(record, "slettedato")
    return Unit(
        org_number=number,
        name=_text(record, "navn"),
        form_code=_text(record, "organisasjonsform", "kode"),
        form_description=_text(record, "organisasjonsform", "beskrivelse"),
        nace_code=_text(record, "naeringskode1", "kode"),
        nace_description=_text(record, "naeringskode1", "beskrivelse"),
        employees=employees,
        municipality_number=_text(record, "forretningsadresse", "kommunenummer"),
        municipality=_text(record, "forretningsadresse", "kommune"),
        bankrupt=_flag(record, "konkurs"),
        bankrupt_date=_day(record, "konkursdato"),
        winding_up=_flag(record, "underAvvikling"),
        winding_up_date=_day(record, "underAvviklingDato"),
        forced_winding_up=_flag(record, "underTvangsavviklingEllerTvangsopplosning"),
        forced_winding_up_date=_day(record, "underTvangsavviklingEllerTvangsopplosningDato"),
        deleted=gone or deleted_date is not None,
        deleted_date=deleted_date,
    )


def comparable_name(name: str) -> str:
    """Return a name as compared with the register's: no case, spaces, '.', '/' or legal form."""
    words = re.sub(r"[./]", "", name.casefold()).split()
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
    while len(words) > 1 and words[0] in LEGAL_FORMS:
        words.pop(0)
    return "".join(words)


def same_name(ours: str, theirs: str) -> bool:
    """Tell whether two names are the same company name, ignoring case, spaces and AS/A/S."""
    return comparable_name(ours) == comparable_name(theirs)


def same_nace(ours: str, theirs: str) -> bool:
    """Tell whether our NACE code agrees with the register's (ours may be a coarser level)."""
    return theirs == ours or theirs.startswith(ours + ("" if "." in ours else "."))


def same_municipality(ours: str, theirs: str) -> bool:
    """Compare municipality names, ignoring case and spacing (numbers changed in 2020)."""
    return " ".join(ours.casefold().split()) == " ".join(theirs.casefold().split())


def readable_name(name: str) -> str:
    """Write a register name in capitals (as the register keeps them) in ordinary case."""
    if name != name.upper():
        return name

    def word(match: re.Match[str]) -> str:
        text = match.group(0)
        if text.casefold() in LEGAL_FORMS:
            return text
        if match.start() > 0 and text.casefold() in _SMALL_WORDS:
            return text.lower()
        return text[:1] + text[1:].lower()

    return re.sub(r"[^\W\d_]+", word, name)


def status_words(unit: Unit) -> list[tuple[str, date | None]]:
    """Return what the register says about a unit's standing: (word, since) for each."""
    said: list[tuple[str, date | None]] = []
    if unit.bankrupt:
        said.append(("konkurs", unit.bankrupt_date))
    if unit.winding_up:
        said.append(("under avvikling", unit.winding_up_date))
    if unit.forced_winding_up:
        said.append(("under tvangsavvikling eller tvangsoppløsning", unit.forced_winding_up_date))
    if unit.deleted:
        said.append(("slettet", unit.deleted_date))
    return said
