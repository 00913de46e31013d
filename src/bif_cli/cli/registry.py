"""`bif registry lookup|refresh|import`: the company register and its snapshots."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bif_cli.cli.common import choose_language, print_json, programme_root
from bif_cli.cli.group import app
from bif_cli.cli.options import LangOption, RootOption, parse_date_option

if TYPE_CHECKING:
    from datetime import date

    from bif_cli.domain.programme import Programme
    from bif_cli.domain.registry import Unit
    from bif_cli.errors import DataError
    from bif_cli.texts import Arg

registry_app = typer.Typer(
    help="The company register (Enhetsregisteret): look up units and keep snapshots of them.",
    no_args_is_help=True,
)
app.add_typer(registry_app, name="registry")


class LookupFormat(StrEnum):
    table = "table"
    json = "json"


def _org_number(value: str) -> str:
    from bif_cli.domain.models import parse_org_number

    try:
        return parse_org_number(value)
    except ValueError as exc:
        message = str(exc).splitlines()[0]
        raise typer.BadParameter(message, param_hint="ORGNR") from None


def _day(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def unit_rows(unit: Unit, lang: str) -> list[tuple[str, str]]:
    """Return the unit as (label, value) rows for a table, labels in lang."""
    from bif_cli.texts import say

    def both(code: str | None, text: str | None) -> str:
        return " ".join(x for x in (code, f"({text})" if text else None) if x)

    def yes(flag: bool, since: date | None) -> str:
        if not flag:
            return say("registry.no", lang)
        if since is None:
            return say("registry.yes", lang)
        return say("registry.yes_since", lang, since=_day(since))

    rows = [
        ("registry.org_number", unit.org_number),
        ("registry.name", unit.name or ""),
        ("registry.form", both(unit.form_code, unit.form_description)),
        ("registry.nace", both(unit.nace_code, unit.nace_description)),
        ("registry.employees", "" if unit.employees is None else str(unit.employees)),
        ("registry.municipality", both(unit.municipality_number, unit.municipality)),
        ("registry.bankrupt", yes(unit.bankrupt, unit.bankrupt_date)),
        ("registry.winding_up", yes(unit.winding_up, unit.winding_up_date)),
        ("registry.forced", yes(unit.forced_winding_up, unit.forced_winding_up_date)),
        ("registry.deleted", yes(unit.deleted, unit.deleted_date)),
    ]
    return [(say(label, lang), value) for label, value in rows]


def _fact(org_number: str, status: str, unit: Unit | None) -> DataError:
    """Return the error that says a unit is unknown to the register, or deleted from it."""
    from bif_cli.errors import DataError

    if status == "unknown":
        return DataError.said("registry.unknown", org_number=org_number)
    if unit and unit.deleted_date:
        return DataError.said(
            "registry.gone_on", org_number=org_number, date=_day(unit.deleted_date)
        )
    return DataError.said("registry.gone", org_number=org_number)


@registry_app.command("lookup")
def lookup(
    org_number: Annotated[str, typer.Argument(metavar="ORGNR", help="Organisation number.")],
    *,
    output_format: Annotated[
        LookupFormat, typer.Option("--format", help="Output format.")
    ] = LookupFormat.table,
    lang: LangOption = None,
) -> None:
    """Show a unit in the company register; exit 1 when it is unknown or deleted."""
    from bif_cli.io.registry import fetch

    language = choose_language(lang, _root_if_any())

    number = _org_number(org_number)
    result = fetch(number)
    if output_format is LookupFormat.json:
        print_json(
            {
                "org_number": number,
                "status": result.status,
                "unit": result.unit.as_dict() if result.unit else None,
            }
        )
    elif result.status == "found" and result.unit is not None:
        rows = unit_rows(result.unit, language)
        width = max(len(label) for label, _value in rows)
        for label, value in rows:
            typer.echo(f"{label:<{width}}  {value}".rstrip())
    if result.status != "found":
        raise _fact(number, result.status, result.unit)


def _root_if_any() -> Path | None:
    """Return the programme around the current folder, if there is one (for its language)."""
    from bif_cli.errors import BifError

    try:
        return programme_root(None)
    except BifError:
        return None


def _load(root: Path) -> Programme:
    from bif_cli.io.store import load_programme

    programme, _problems = load_programme(root)
    return programme


@registry_app.command("refresh")
def refresh(
    company_ids: Annotated[
        list[str] | None,
        typer.Argument(metavar="[ID]...", help="Company ids. Default: every company."),
    ] = None,
    *,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    """Fetch the register's record of companies again and update data/registry/<orgnr>.json."""
    from bif_cli.cli.options import choose
    from bif_cli.clock import today
    from bif_cli.io.registry import refresh as refresh_snapshots
    from bif_cli.texts import say

    programme_dir = programme_root(root)
    language = choose_language(lang, programme_dir)
    programme = _load(programme_dir)
    ids = list(dict.fromkeys(company_ids or sorted(programme.companies)))
    for company_id in ids:
        choose(company_id, sorted(programme.companies), "ID", "company")
    missing = 0
    for done in refresh_snapshots(programme_dir, programme, ids, today()):
        head = f"{done.company_id} ({done.org_number})"
        if done.outcome == "unknown":
            typer.echo(say("registry.not_found", language, company=head), err=True)
            missing += 1
            continue
        key = "fictional_kept" if done.outcome == "fictional" else done.outcome
        typer.echo(say(f"registry.{key}", language, company=head))
        for text in done.changes:
            typer.echo(f"  {text}")
    if missing:
        from bif_cli.errors import DataError

        raise DataError()  # each company not in the register is named above


@registry_app.command("import")
def import_bulk(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="The register's bulk download of units (enheter, gzip JSON)."
        ),
    ],
    *,
    when: Annotated[
        str | None,
        typer.Option("--date", help="The day the file was downloaded. Default: today."),
    ] = None,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    """Update the snapshots of the programme's companies from the register's bulk download."""
    from bif_cli.domain.registry import parse_unit
    from bif_cli.domain.registry_compare import unit_changes
    from bif_cli.errors import DataError
    from bif_cli.io.bulk import read_bulk
    from bif_cli.io.snapshot import (
        check_snapshot_bytes,
        read_existing,
        snapshot_bytes,
        write_snapshot,
    )
    from bif_cli.texts import say

    programme_dir = programme_root(root)
    language = choose_language(lang, programme_dir)
    fetched = parse_date_option(when, "--date")
    programme = _load(programme_dir)
    wanted: dict[str, str] = {}
    fictional: list[str] = []
    for company_id, company in sorted(programme.companies.items()):
        old = read_existing(programme_dir, company.org_number)
        if old is not None and old.fictional:
            fictional.append(company_id)
        else:
            wanted.setdefault(company.org_number, company_id)
    result = read_bulk(file, set(wanted))
    pending: list[tuple[str, bytes]] = []
    for number, record in sorted(result.records.items()):
        raw = snapshot_bytes(record, fetched)
        problems = check_snapshot_bytes(raw, number)
        if problems:
            raise DataError.said(
                "registry.bulk_record",
                org_number=number,
                file=file.name,
                reason=problems[0].render("en"),
            )
        pending.append((number, raw))
    for number, raw in pending:
        old = read_existing(programme_dir, number)
        write_snapshot(programme_dir, number, raw)
        company = programme.companies[wanted[number]]
        head = f"{wanted[number]} ({number})"
        typer.echo(say(f"registry.{'updated' if old else 'written'}", language, company=head))
        unit = parse_unit(result.records[number])
        for _kind, text, _details in unit_changes(company.name, old.unit if old else None, unit):
            typer.echo(f"  {text}")
    absent = [wanted[n] for n in sorted(wanted) if n not in result.records]
    counts: dict[str, Arg] = {"units": result.units, "file": file.name, "written": len(pending)}
    if fictional:
        typer.echo(say("registry.imported_fictional", language, fictional=len(fictional), **counts))
    else:
        typer.echo(say("registry.imported", language, **counts))
    if absent:
        typer.echo(say("registry.absent", language, companies=", ".join(sorted(absent))), err=True)
