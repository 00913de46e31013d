"""`bif recruitment`, `bif budget check` and `bif milestones`: the programme at a date."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bif_cli.cli import app
from bif_cli.cli.common import (
    RootOption,
    choose,
    console,
    parse_date_option,
    print_json,
    print_problems,
    programme_root,
)

if TYPE_CHECKING:
    from bif_cli.domain.programme import Programme

budget_app = typer.Typer(
    help="Money against the frame and the budget areas.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(budget_app, name="budget")


class TableFormat(StrEnum):
    table = "table"
    json = "json"


class RecruitmentFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="The date to show the programme at, YYYY-MM-DD. Default: today.",
        show_default=False,
    ),
]


def _valid_programme(root: str | None, output_format: str, *, budget: bool = False) -> Programme:
    """Load the programme; print its errors like `bif check` and stop (exit 1) if it has any."""
    from bif_cli.clock import today
    from bif_cli.errors import DataError
    from bif_cli.io.check import check_programme
    from bif_cli.outputs.overviews import blocking_problems

    programme_dir = programme_root(root)
    programme, problems = check_programme(programme_dir, today())
    errors = blocking_problems(problems, budget=budget)
    if errors:
        print_problems(errors, "json" if output_format == "json" else "text", programme_dir)
        raise DataError(
            f"the programme has {len(errors)} error(s); fix them (run `bif check`) "
            "before asking for an overview"
        )
    return programme


def _amount(value: int) -> str:
    from bif_cli.fmt import group_thousands

    return group_thousands(value)


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} %".replace(".", ",")


def _day(iso: str | None) -> str:
    from datetime import date

    from bif_cli.fmt import date_nb

    return "" if iso is None else date_nb(date.fromisoformat(iso))


@app.command()
def recruitment(
    *,
    as_of: AsOfOption = None,
    region: Annotated[
        str | None,
        typer.Option("--region", help="Only this region (a region id from program.yaml)."),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", help="Only companies with this status (the counts stay whole)."),
    ] = None,
    output_format: Annotated[
        RecruitmentFormat, typer.Option("--format", help="Output format.")
    ] = RecruitmentFormat.table,
    root: RootOption = None,
) -> None:
    """Show the recruitment pipeline at a date: counts per status and region, a row per company."""
    from bif_cli.domain import models
    from bif_cli.outputs import overviews as overview

    when = parse_date_option(as_of, "--as-of")
    if status is not None:
        from bif_cli.domain.habits import COMPANY_STATUS_WORDS

        status = choose(
            status, list(models.COMPANY_STATUSES), "--status", "status", words=COMPANY_STATUS_WORDS
        )
    programme = _valid_programme(root, output_format.value)
    if region is not None:
        regions = [r.id for r in programme.program.regions] if programme.program else []
        choose(region, regions, "--region", "region")
    result = overview.recruitment(programme, when, region=region, status=status)
    if output_format is RecruitmentFormat.json:
        print_json(result)
    elif output_format is RecruitmentFormat.csv:
        _write_csv(result)
    else:
        _recruitment_table(result)


def _write_csv(result: dict[str, Any]) -> None:
    """Write the rows as CSV for Excel with Norwegian settings: UTF-8 with BOM, `;`, CRLF."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            "id",
            "name",
            "region",
            "municipality",
            "municipality_name",
            "status",
            "since",
            "days_in_status",
            "process_leader",
            "next_action",
            "next_action_due",
            "next_action_overdue",
        ]
    )
    for row in result["companies"]:
        action = row["next_action"] or {}
        writer.writerow(
            [
                row["id"],
                row["name"],
                row["region_name"],
                row["municipality"],
                row["municipality_name"],
                row["status"],
                row["since"],
                row["days_in_status"],
                row["process_leader_name"] or "",
                action.get("what", ""),
                action.get("due") or "",
                "yes" if action.get("overdue") else "",
            ]
        )
    data = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _recruitment_table(result: dict[str, Any]) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from bif_cli.domain.models import COMPANY_STATUSES

    out = console()
    title = f"Recruitment at {_day(result['as_of'])}"
    if result["region"]:
        title += f", {result['regions'][0]['name']}"
    out.print(Text(title, style="bold"), soft_wrap=False)
    counts = Table(box=box.SIMPLE_HEAD)
    counts.add_column("Status")
    for region in result["regions"]:
        counts.add_column(region["name"], justify="right", overflow="fold")
    if len(result["regions"]) > 1:
        counts.add_column("Total", justify="right")
    for status in COMPANY_STATUSES:
        cells = [str(region["counts"][status]) for region in result["regions"]]
        if len(result["regions"]) > 1:
            cells.append(str(result["counts"][status]))
        counts.add_row(status, *cells)
    recruited = [str(region["recruited"]) for region in result["regions"]]
    if len(result["regions"]) > 1:
        recruited.append(str(result["recruited"]))
    counts.add_section()
    counts.add_row(Text("recruited", style="bold"), *recruited)
    out.print(counts, soft_wrap=False)

    if not result["companies"]:
        shown = f" with status {result['status']}" if result["status"] else ""
        out.print(f"No companies{shown} in the pipeline at {_day(result['as_of'])}.")
        return
    wide = out.width >= 120
    for region in result["regions"]:
        rows = [r for r in result["companies"] if r["region"] == region["id"]]
        if rows:
            out.print(_company_table(region["name"], rows, wide=wide), soft_wrap=False)


def _company_table(title: str, rows: list[dict[str, Any]], *, wide: bool) -> Any:
    """Make one region's company table; below 120 columns, place and leader go under the name."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("Company", ratio=3, min_width=16, overflow="fold")
    if wide:
        table.add_column("Municipality", ratio=2, overflow="fold")
    table.add_column("Status", no_wrap=True)
    table.add_column("Since", no_wrap=True)
    table.add_column("Days", justify="right", no_wrap=True)
    if wide:
        table.add_column("Process leader", ratio=2, overflow="fold")
    table.add_column("Next action", ratio=3, min_width=16, overflow="fold")
    for row in rows:
        leader = row["process_leader_name"] or ""
        status = (row["status"], _day(row["since"]), str(row["days_in_status"]))
        action = _next_action(row["next_action"])
        if wide:
            table.add_row(row["name"], row["municipality_name"], *status, leader, action)
        else:
            place = " · ".join(x for x in (row["municipality_name"], leader) if x)
            name = Text(row["name"])
            name.append("\n" + place, style="dim")
            table.add_row(name, *status, action)
    return table


def _next_action(action: dict[str, Any] | None) -> Any:
    from rich.text import Text

    if action is None:
        return ""
    text = Text(action["what"])
    if action["due"]:
        text.append(f" (due {_day(action['due'])})")
    if action["overdue"]:
        text.append(" OVERDUE", style="bold red")
    return text


@budget_app.command("check")
def budget_check(
    *,
    as_of: AsOfOption = None,
    output_format: Annotated[
        TableFormat, typer.Option("--format", help="Output format.")
    ] = TableFormat.table,
    root: RootOption = None,
) -> None:
    """Show money per budget area at a date against allocations and the frame; exit 1 if over."""
    from bif_cli.errors import Problem
    from bif_cli.outputs import overviews as overview

    when = parse_date_option(as_of, "--as-of")
    programme = _valid_programme(root, output_format.value, budget=True)
    result = overview.budget(programme, when)
    if output_format is TableFormat.json:
        print_json(result)
    else:
        _budget_table(result)
        issues = [Problem(**issue) for issue in result["issues"]]
        if issues:
            print_problems(issues, "text", programme.root)
    if any(issue["severity"] == "error" for issue in result["issues"]):
        raise typer.Exit(1)


def _budget_table(result: dict[str, Any]) -> None:
    """Print the budget; below 100 columns the percentages go under their amounts."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    out = console()
    wide = out.width >= 100
    table = Table(
        title=f"Budget at {_day(result['as_of'])} (kr)", box=box.SIMPLE_HEAD, title_justify="left"
    )
    table.add_column("Area", ratio=1, min_width=12, overflow="fold")
    headers = ["Allocation", "Committed", "%", "Paid", "%", "Remaining"]
    for header in headers if wide else [h for h in headers if h != "%"]:
        table.add_column(header, justify="right", no_wrap=True)

    def money_row(label: Any, line: dict[str, Any], allocation: int, remaining: int) -> None:
        committed, paid = _amount(line["committed"]), _amount(line["paid"])
        committed_pct = _percent(line["committed_percent"]) if "committed_percent" in line else ""
        paid_pct = _percent(line["paid_percent"]) if "paid_percent" in line else ""
        over = Text(_amount(remaining), style="bold red" if remaining < 0 else "")
        if wide:
            cells = [committed, committed_pct, paid, paid_pct]
        else:
            cells = [f"{committed}\n{committed_pct}".strip(), f"{paid}\n{paid_pct}".strip()]
        table.add_row(label, _amount(allocation), *cells, over)

    for area in result["areas"]:
        money_row(f"{area['id']} {area['name']}", area, area["allocation"], area["remaining"])
    table.add_section()
    totals = {"committed": result["committed"], "paid": result["paid"]}
    money_row(
        Text("All areas", style="bold"),
        totals,
        result["allocated"],
        result["allocated"] - result["committed"],
    )
    money_row(Text("Frame", style="bold"), result, result["frame"], result["remaining"])
    out.print(table, soft_wrap=False)
    out.print(f"Not yet allocated to an area: {_amount(result['unallocated'])} kr")
    funding = result["funding"]
    if funding:
        sources = Table(title="Funding (kr)", box=box.SIMPLE_HEAD, title_justify="left")
        sources.add_column("Source", ratio=1, overflow="fold")
        sources.add_column("Amount", justify="right", no_wrap=True)
        for source in funding["sources"]:
            sources.add_row(source["source"], _amount(source["amount"]))
        sources.add_section()
        sources.add_row(Text("In all", style="bold"), _amount(funding["total"]))
        if funding["uncovered"]:
            sources.add_row(Text("Not covered", style="bold red"), _amount(funding["uncovered"]))
        out.print(sources, soft_wrap=False)


@app.command()
def milestones(
    *,
    as_of: AsOfOption = None,
    output_format: Annotated[
        TableFormat, typer.Option("--format", help="Output format.")
    ] = TableFormat.table,
    root: RootOption = None,
) -> None:
    """Show the milestone plan at a date: done, overdue (listed first) or upcoming."""
    from bif_cli.outputs import overviews as overview

    when = parse_date_option(as_of, "--as-of")
    programme = _valid_programme(root, output_format.value)
    result = overview.milestones(programme, when)
    if output_format is TableFormat.json:
        print_json(result)
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    counts = result["counts"]
    table = Table(
        title=f"Milestones at {_day(result['as_of'])}: {counts['overdue']} overdue, "
        f"{counts['upcoming']} upcoming, {counts['done']} done",
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    table.add_column("State", no_wrap=True)
    table.add_column("Due", no_wrap=True)
    table.add_column("Done", no_wrap=True)
    table.add_column("Milestone", ratio=3, overflow="fold")
    table.add_column("Responsible", ratio=2, overflow="fold")
    for item in result["milestones"]:
        if item["state"] == "overdue":
            state = Text(f"OVERDUE {item['days_overdue']} d", style="bold red")
        else:
            state = Text(item["state"], style="green" if item["state"] == "done" else "")
        table.add_row(
            state, _day(item["due"]), _day(item["done"]), item["title"], item["responsible"] or ""
        )
    console().print(table, soft_wrap=False)
