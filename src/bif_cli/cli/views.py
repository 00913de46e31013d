"""`bif measures`, `bif clusters` and `bif export xlsx`: views and exports for finance."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bif_cli.cli.common import console, print_json
from bif_cli.cli.group import app
from bif_cli.cli.options import LangOption, RootOption, parse_date_option
from bif_cli.cli.overview import (
    AsOfOption,
    ProcessLeaderOption,
    RegionFilterOption,
    TableFormat,
    _amount,
    _day,
    _filter_words,
    _next_action,
    _texts,
    _valid_programme,
    owner_filter,
    write_csv,
)
from bif_cli.cli.tables import fit_words

if TYPE_CHECKING:
    from bif_cli.outputs.view_types import ClustersJson, MeasuresJson

export_app = typer.Typer(
    help="Exports for finance and Excel.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(export_app, name="export")


MEASURE_KEYS = [
    "owner",
    "owner_name",
    "id",
    "title",
    "kind",
    "area",
    "partner",
    "granted_on",
    "granted",
    "start",
    "end",
    "cancelled_on",
    "state",
    "committed",
    "paid",
    "paid_in_period",
    "released",
]


@app.command()
def measures(
    *,
    as_of: AsOfOption = None,
    start: Annotated[
        str | None,
        typer.Option("--from", help="First day of the period paid in. Default: programme start."),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", help="Last day of the period paid in. Default: programme end."),
    ] = None,
    process_leader: ProcessLeaderOption = None,
    region: RegionFilterOption = None,
    output_format: Annotated[
        TableFormat, typer.Option("--format", help="Output format.")
    ] = TableFormat.table,
    lang: LangOption = None,
    root: RootOption = None,
) -> None:
    """List every measure: owner, area, granted, paid to date, paid in a period, released."""
    from bif_cli.errors import UsageError
    from bif_cli.outputs.measures import measures as build
    from bif_cli.texts import csv_header

    when = parse_date_option(as_of, "--as-of")
    programme = _valid_programme(root, output_format.value, lang)
    owners = owner_filter(programme, process_leader, region)
    t = _texts()
    period = programme.program.period if programme.program else None
    first = parse_date_option(start, "--from") if start or period is None else period.start
    last = parse_date_option(end, "--to") if end or period is None else period.end
    if last < first:
        raise UsageError(f"--to {last.isoformat()} is before --from {first.isoformat()}")
    result = build(programme, when, first, last, owners)
    if output_format is TableFormat.json:
        print_json(result)
        return
    if output_format is TableFormat.csv:
        nb = t["lang"] == "nb"
        measure_rows: list[Mapping[str, Any]] = list(result["measures"])
        rows = [
            [
                *(row[k] for k in MEASURE_KEYS[:4]),
                t["kind_name"][row["kind"]] if nb else row["kind"],
                *(row[k] for k in MEASURE_KEYS[5:12]),
                t["measure_state"][row["state"]] if nb else row["state"],
                *(row[k] for k in MEASURE_KEYS[13:]),
            ]
            for row in measure_rows
        ]
        write_csv(csv_header(MEASURE_KEYS, t["lang"]), rows)
        return
    _measures_table(result, t)


def _measures_table(result: MeasuresJson, t: dict[str, Any]) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    out = console()
    title = t["measures_title"].format(
        date=_day(result["as_of"]), start=_day(result["from"]), end=_day(result["to"])
    )
    if not result["measures"]:
        out.print(t["no_measures"].format(date=_day(result["as_of"])))
        return
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column(t["owner"], overflow="fold")
    table.add_column(t["measure"], overflow="fold")
    # Four amounts leave the words too little room on a narrow terminal: below 100 columns
    # released is left out (it is in the JSON, CSV and workbook), below 80 also the period.
    keys: tuple[str, ...] = ("granted", "paid", "paid_in_period", "released")
    keys = keys if out.width >= 100 else keys[:3] if out.width >= 80 else keys[:2]
    for key in keys:
        label = t["paid_in_period_short"] if key == "paid_in_period" else t[key]
        table.add_column(label, justify="right", no_wrap=True)
    shown: list[Mapping[str, Any]] = list(result["measures"])
    for row in shown:
        what = Text(row["title"])
        kind = t["kind_name"][row["kind"]]
        what.append(f"\n{row['area']} · {kind} · {t['measure_state'][row['state']]}", style="dim")
        table.add_row(
            row["owner_name"],
            what,
            *(_amount(row[k]) for k in keys),
        )
    table.add_section()
    totals: Mapping[str, Any] = result["totals"]
    table.add_row(
        Text(t["in_all"], style="bold"),
        "",
        *(_amount(totals[k]) for k in keys),
    )
    out.print(fit_words(table, out.width), soft_wrap=False)
    if result["filter"]["process_leader"] or result["filter"]["region"]:
        out.print(t["filtered_note"].format(what=_filter_words(result, t)))


CLUSTER_KEYS = [
    "id",
    "name",
    "region",
    "status",
    "since",
    "days_in_status",
    "members",
    "facilitator",
    "committed",
    "paid",
    "contacts",
    "next_action",
    "next_action_due",
]


@app.command()
def clusters(
    *,
    as_of: AsOfOption = None,
    process_leader: ProcessLeaderOption = None,
    region: RegionFilterOption = None,
    output_format: Annotated[
        TableFormat, typer.Option("--format", help="Output format.")
    ] = TableFormat.table,
    lang: LangOption = None,
    root: RootOption = None,
) -> None:
    """Show the cluster pipeline at a date: counts per status, a row per cluster."""
    from bif_cli.outputs.clusters import clusters as build
    from bif_cli.texts import csv_header

    when = parse_date_option(as_of, "--as-of")
    programme = _valid_programme(root, output_format.value, lang)
    owners = owner_filter(programme, process_leader, region)
    t = _texts()
    result = build(programme, when, owners)
    if output_format is TableFormat.json:
        print_json(result)
        return
    if output_format is TableFormat.csv:
        nb = t["lang"] == "nb"
        rows = []
        for row in result["clusters"]:
            action: Mapping[str, Any] = row["next_action"] or {}
            rows.append(
                [
                    row["id"],
                    row["name"],
                    ", ".join(row["region_names"]),
                    t["cluster_status_name"][row["status"]] if nb else row["status"],
                    row["since"],
                    row["days_in_status"],
                    ", ".join(row["members"]),
                    row["facilitator_name"] or "",
                    row["committed"],
                    row["paid"],
                    row["contacts"],
                    action.get("what", ""),
                    action.get("due") or "",
                ]
            )
        write_csv(csv_header(CLUSTER_KEYS, t["lang"]), rows)
        return
    _clusters_table(result, t)


def _clusters_table(result: ClustersJson, t: dict[str, Any]) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    out = console()
    out.print(Text(t["clusters_title"].format(date=_day(result["as_of"])), style="bold"))
    counts = Table(box=box.SIMPLE_HEAD)
    counts.add_column(t["status"])
    counts.add_column(t["total"], justify="right")
    for status, count in result["counts"].items():
        counts.add_row(t["cluster_status_name"][status], str(count))
    out.print(fit_words(counts, out.width), soft_wrap=False)
    if not result["clusters"]:
        out.print(t["no_clusters"].format(date=_day(result["as_of"])))
        return
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column(t["cluster"], overflow="fold")
    table.add_column(t["status"], overflow="fold")
    table.add_column(t["since"], no_wrap=True)
    table.add_column(t["members"], justify="right", no_wrap=True)
    table.add_column(t["committed"], justify="right", no_wrap=True)
    actions = any(row["next_action"] for row in result["clusters"])
    if actions:
        table.add_column(t["next_action"], overflow="fold")
    for row in result["clusters"]:
        name = Text(row["name"])
        place = " · ".join([*row["region_names"], row["facilitator_name"] or ""]).strip(" ·")
        name.append("\n" + place, style="dim")
        table.add_row(
            name,
            t["cluster_status_name"][row["status"]],
            _day(row["since"]),
            str(len(row["members"])),
            _amount(row["committed"]),
            *([_next_action(row["next_action"], t)] if actions else []),
        )
    out.print(fit_words(table, out.width), soft_wrap=False)


@export_app.command("xlsx")
def export_xlsx(
    *,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="The workbook to write, like programme.xlsx.")
    ],
    as_of: AsOfOption = None,
    lang: LangOption = None,
    root: RootOption = None,
) -> None:
    """Write one Excel workbook: companies, clusters, measures, payments, budget, milestones."""
    from bif_cli.errors import UsageError
    from bif_cli.io.atomic import overwrite
    from bif_cli.outputs.xlsx import workbook_bytes

    when = parse_date_option(as_of, "--as-of")
    programme = _valid_programme(root, "table", lang, budget=True)
    t = _texts()
    data = workbook_bytes(programme, when, t)
    try:
        overwrite(output, data)
    except FileNotFoundError:
        raise UsageError(
            f"cannot write {output}: the folder {output.parent} does not exist"
        ) from None
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    from bif_cli.texts import say

    typer.echo(
        say("export.wrote", t["lang"], file=str(output), day=_day(when.isoformat())), err=True
    )
