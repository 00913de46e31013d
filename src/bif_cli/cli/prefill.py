"""Prefill `bif add-company` from the company register: what it knows need not be asked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from bif_cli.domain import models
    from bif_cli.domain.registry import Unit

_NACE = re.compile(r"\d{2}(?:\.\d{1,3})?")


@dataclass(frozen=True)
class Prefill:
    """What the register says about a new company, in the programme's terms."""

    unit: Unit
    record: dict[str, Any]
    name: str | None
    nace: str | None
    employees: int | None
    region: str | None
    municipality: str | None

    def save_snapshot(self, root: Path, fetched: Any) -> str:
        """Write the record as data/registry/<orgnr>.json; return that path."""
        from bif_cli.domain.registry import snapshot_path
        from bif_cli.io.snapshot import snapshot_bytes, write_snapshot

        write_snapshot(root, self.unit.org_number, snapshot_bytes(self.record, fetched))
        return snapshot_path(self.unit.org_number)


def _place(unit: Unit, program: models.Program) -> tuple[str | None, str | None]:
    """Find (region id, municipality code) of the programme whose name is the register's."""
    from bif_cli.domain.registry import same_municipality

    if not unit.municipality:
        return None, None
    for region in program.regions:
        for code, name in region.municipalities.items():
            if same_municipality(name, unit.municipality):
                return region.id, code
    return None, None


def prefill(org_number: str, program: models.Program, name: str | None = None) -> Prefill | None:
    """Ask the register about org_number; None when it cannot be asked (a note says why).

    An unknown or deleted unit stops the command (exit 1): the number is most likely mistyped.
    """
    from bif_cli.cli.common import chosen_language
    from bif_cli.domain.models import parse_org_number
    from bif_cli.domain.registry import readable_name, same_name
    from bif_cli.errors import DataError
    from bif_cli.io.registry import RegistryUnavailable, fetch
    from bif_cli.texts import say

    try:
        number = parse_org_number(org_number)
    except ValueError:
        return None  # the usual check of --org-number says what is wrong
    lang = chosen_language()
    try:
        result = fetch(number)
    except RegistryUnavailable as exc:
        typer.echo(say("registry.offline", lang, reason=str(exc)), err=True)
        return None
    if result.status != "found" or result.unit is None or result.record is None:
        raise DataError.said(f"registry.refused_{result.status}", org_number=number)
    unit = result.unit
    region, municipality = _place(unit, program)
    if unit.municipality and municipality is None:
        where = say("registry.outside", lang, org_number=number, municipality=unit.municipality)
        typer.echo(where, err=True)
    nace = unit.nace_code if unit.nace_code and _NACE.fullmatch(unit.nace_code) else None
    found = Prefill(
        unit,
        result.record,
        name=readable_name(unit.name) if unit.name else None,
        nace=nace,
        employees=unit.employees,
        region=region,
        municipality=municipality,
    )
    known = [
        say("registry.prefilled_name", lang, value=found.name) if found.name else "",
        say("registry.prefilled_nace", lang, value=found.nace) if found.nace else "",
        say("registry.prefilled_employees", lang, value=found.employees)
        if found.employees is not None
        else "",
        say("registry.prefilled_municipality", lang, value=unit.municipality or "")
        if municipality
        else "",
    ]
    typer.echo(say("registry.prefilled", lang, known=", ".join(k for k in known if k)), err=True)
    if name and unit.name and not same_name(name, unit.name):
        other = say("registry.other_name", lang, org_number=number, theirs=unit.name, ours=name)
        typer.echo(other, err=True)
    if unit.bankrupt or unit.winding_up or unit.forced_winding_up:
        typer.echo(say("registry.troubled", lang, org_number=number), err=True)
    return found
