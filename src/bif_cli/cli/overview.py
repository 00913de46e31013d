"""`bif recruitment`, `bif budget check` and `bif milestones`: the programme at a date."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bif_cli.cli.common import (
    choose_language,
    chosen_language,
    console,
    print_json,
    print_problems,
    programme_root,
)
from bif_cli.cli.group import app
from bif_cli.cli.options import LangOption, Language, RootOption, choose, parse_date_option
from bif_cli.cli.tables import fit_words

if TYPE_CHECKING:
    from bif_cli.domain.programme import Programme
    from bif_cli.io.check import CheckResult
    from bif_cli.outputs.filters import OwnerFilter
    from bif_cli.outputs.view_types import FilteredBudget

ProcessLeaderOption = Annotated[
    str | None,
    typer.Option(
        "--process-leader", help="Only companies and clusters of this person (a person id)."
    ),
]
RegionFilterOption = Annotated[
    str | None,
    typer.Option("--region", help="Only companies and clusters in this region (a region id)."),
]


def owner_filter(programme: Programme, leader: str | None, region: str | None) -> OwnerFilter:
    """Check --process-leader and --region against the programme and return the filter."""
    from bif_cli.outputs.filters import OwnerFilter

    program = programme.program
    if leader is not None:
        people = [p.id for p in program.people] if program else []
        leader = choose(leader, people, "--process-leader", "person")
    if region is not None:
        regions = [r.id for r in program.regions] if program else []
        region = choose(region, regions, "--region", "region")
    return OwnerFilter(leader, region)


def write_csv(header: list[str], rows: list[list[Any]]) -> None:
    """Write CSV for Excel with Norwegian settings: UTF-8 with BOM, `;`, CRLF."""
    from bif_cli.outputs.csvout import csv_bytes

    sys.stdout.flush()
    sys.stdout.buffer.write(csv_bytes(header, rows))
    sys.stdout.buffer.flush()


budget_app = typer.Typer(
    help="Money against the frame and the budget areas.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(budget_app, name="budget")


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class RecruitmentFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="The date to show the programme at, 30.06.2015 or 2015-06-30. Default: today.",
        show_default=False,
    ),
]


def _valid_programme(
    root: str | None,
    output_format: str,
    lang: Language | None,
    *,
    budget: bool = False,
    plan_only: bool = False,
) -> Programme:
    """Load the programme; print its errors like `bif check` and stop (exit 1) if it has any.

    plan_only: load only program.yaml, budget.yaml and milestones.yaml (see io/plan.py).
    """
    result = _valid_check(root, output_format, lang, budget=budget)
    if plan_only and not result.loaded:
        from bif_cli.io.plan import load_plan

        return load_plan(result.root)
    return result.programme


def _valid_check(
    root: str | None, output_format: str, lang: Language | None, *, budget: bool = False
) -> CheckResult:
    """Check the programme as of today; print its errors like `bif check` and stop (exit 1)
    if it has any (budget: the budget rules' own errors do not stop it, see blocking_problems)."""
    from bif_cli.clock import today
    from bif_cli.errors import DataError
    from bif_cli.io.check import check
    from bif_cli.outputs.blocking import blocking_problems

    programme_dir = programme_root(root)
    choose_language(lang, programme_dir)
    result = check(programme_dir, today())
    errors = blocking_problems(result.problems, budget=budget)
    if errors:
        print_problems(errors, "json" if output_format == "json" else "text", programme_dir)
        raise DataError.said("error.overview_refused", errors=len(errors))
    return result


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
    process_leader: ProcessLeaderOption = None,
    output_format: Annotated[
        RecruitmentFormat, typer.Option("--format", help="Output format.")
    ] = RecruitmentFormat.table,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    """Show the recruitment pipeline at a date: counts per status and region, a row per company."""
    from bif_cli.io.resultcache import kept_result

    when = parse_date_option(as_of, "--as-of")
    if status is not None:
        from bif_cli.domain import models
        from bif_cli.domain.habits import COMPANY_STATUS_WORDS

        status = choose(
            status, list(models.COMPANY_STATUSES), "--status", "status", words=COMPANY_STATUS_WORDS
        )
    checked = _valid_check(root, output_format.value, lang)

    def build(programme: Programme) -> dict[str, Any]:
        from bif_cli.outputs import overviews as overview

        owners = owner_filter(programme, process_leader, region)
        made: dict[str, Any] = dict(
            overview.recruitment(
                owners.apply(programme) if owners.process_leader else programme,
                when,
                region=owners.region,
                status=status,
            )
        )
        if process_leader is not None:
            made["process_leader"] = owners.process_leader
        return made

    # The same overview at the same date from the same files: kept (io/resultcache.py).
    arguments = ("recruitment", when.isoformat(), region, status, process_leader)
    result = kept_result(checked, arguments, build)
    if output_format is RecruitmentFormat.json:
        print_json(result)
    elif output_format is RecruitmentFormat.csv:
        _write_csv(result, _texts())
    else:
        _recruitment_table(result, _texts())


def _texts() -> dict[str, Any]:
    """Return the overviews' texts in the language the command chose."""
    from bif_cli.texts import views

    return views(chosen_language())


def _write_csv(result: Mapping[str, Any], t: dict[str, Any]) -> None:
    """Write the rows as CSV: headers and statuses in the programme's language."""
    from bif_cli.texts import csv_header

    header = csv_header(
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
        ],
        t["lang"],
    )
    rows = []
    for row in result["companies"]:
        action = row["next_action"] or {}
        rows.append(
            [
                row["id"],
                row["name"],
                row["region_name"],
                row["municipality"],
                row["municipality_name"],
                t["status_name"][row["status"]] if t["lang"] == "nb" else row["status"],
                row["since"],
                row["days_in_status"],
                row["process_leader_name"] or "",
                action.get("what", ""),
                action.get("due") or "",
                ("ja" if t["lang"] == "nb" else "yes") if action.get("overdue") else "",
            ]
        )
    write_csv(header, rows)


def _recruitment_table(result: Mapping[str, Any], t: dict[str, Any]) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from bif_cli.domain.models import COMPANY_STATUSES

    out = console()
    title = t["recruitment_title"].format(date=_day(result["as_of"]))
    if result["region"]:
        title += f", {result['regions'][0]['name']}"
    out.print(Text(title, style="bold"), soft_wrap=False)
    counts = Table(box=box.SIMPLE_HEAD)
    counts.add_column(t["status"])
    for region in result["regions"]:
        counts.add_column(region["name"], justify="right", overflow="fold")
    if len(result["regions"]) > 1:
        counts.add_column(t["total"], justify="right")
    for status in COMPANY_STATUSES:
        cells = [str(region["counts"][status]) for region in result["regions"]]
        if len(result["regions"]) > 1:
            cells.append(str(result["counts"][status]))
        counts.add_row(t["status_name"][status], *cells)
    recruited = [str(region["recruited"]) for region in result["regions"]]
    if len(result["regions"]) > 1:
        recruited.append(str(result["recruited"]))
    counts.add_section()
    counts.add_row(Text(t["recruited"], style="bold"), *recruited)
    out.print(fit_words(counts, out.width), soft_wrap=False)

    if not result["companies"]:
        shown = ""
        if result["status"]:
            shown = t["with_status"].format(status=t["status_name"][result["status"]])
        out.print(t["no_companies"].format(shown=shown, date=_day(result["as_of"])))
        return
    wide = out.width >= 120
    narrow = out.width < 80
    for region in result["regions"]:
        rows = [r for r in result["companies"] if r["region"] == region["id"]]
        if rows:
            table = _company_table(region["name"], rows, t, wide=wide, narrow=narrow)
            out.print(fit_words(table, out.width), soft_wrap=False)


def _company_table(
    title: str, rows: list[dict[str, Any]], t: dict[str, Any], *, wide: bool, narrow: bool = False
) -> Any:
    """Make one region's company table; below 120 columns, place and leader go under the name.

    Below 80 columns the days in the status go under the date, so no word has to break.
    """
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column(t["company"], ratio=3, min_width=16, overflow="fold")
    if wide:
        table.add_column(t["municipality"], ratio=2, overflow="fold")
    table.add_column(t["status"], overflow="fold")
    table.add_column(t["since"], no_wrap=True)
    if not narrow:
        table.add_column(t["days"], justify="right", no_wrap=True)
    if wide:
        table.add_column(t["process_leader"], ratio=2, overflow="fold")
    table.add_column(t["next_action"], ratio=3, min_width=16, overflow="fold")
    for row in rows:
        leader = row["process_leader_name"] or ""
        since, days = _day(row["since"]), str(row["days_in_status"])
        status: tuple[str, ...] = (t["status_name"][row["status"]], since, days)
        if narrow:
            status = (status[0], f"{since}\n{days} {t['days_short']}")
        action = _next_action(row["next_action"], t)
        if wide:
            table.add_row(row["name"], row["municipality_name"], *status, leader, action)
        else:
            place = " · ".join(x for x in (row["municipality_name"], leader) if x)
            name = Text(row["name"])
            name.append("\n" + place, style="dim")
            table.add_row(name, *status, action)
    return table


def _next_action(action: Mapping[str, Any] | None, t: dict[str, Any]) -> Any:
    from rich.text import Text

    if action is None:
        return ""
    text = Text(action["what"])
    if action["due"]:
        text.append(f" ({t['due']} {_day(action['due'])})")
    if action["overdue"]:
        text.append(f" {t['overdue']}", style="bold red")
    return text


@budget_app.command("check")
def budget_check(
    *,
    as_of: AsOfOption = None,
    process_leader: ProcessLeaderOption = None,
    region: RegionFilterOption = None,
    output_format: Annotated[
        TableFormat, typer.Option("--format", help="Output format.")
    ] = TableFormat.table,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    """Show money per budget area at a date against allocations and the frame; exit 1 if over.

    With --process-leader or --region: only the committed and paid money of the matching
    companies and clusters; programme costs, allocations and the frame are left out.
    """
    from bif_cli.errors import DataError
    from bif_cli.outputs import overviews as overview

    when = parse_date_option(as_of, "--as-of")
    programme = _valid_programme(root, output_format.value, lang, budget=True)
    owners = owner_filter(programme, process_leader, region)
    t = _texts()
    if owners.active:
        from bif_cli.outputs.budget_views import filtered_budget

        _filtered_budget(filtered_budget(programme, when, owners), output_format, t)
        return
    from bif_cli.domain.timeline import area_money

    money = area_money(programme, when)  # the issues and the summary read the same figures
    issues = overview.budget_issues(programme, when, money)
    if output_format is TableFormat.json:
        print_json(overview.budget(programme, when, chosen_language(), issues, money))
    elif output_format is TableFormat.csv:  # the breakdowns are for JSON only
        _budget_csv(overview.budget_summary(programme, when, money), t)
    else:
        _budget_table(overview.budget_summary(programme, when, money), t)
        if issues:
            print_problems(issues, "text", programme.root)
    if any(issue.is_error for issue in issues):
        raise DataError()  # the issues are shown above


def _filter_words(result: Mapping[str, Any], t: dict[str, Any]) -> str:
    shown = []
    if result["filter"]["process_leader"]:
        shown.append(t["filter_leader"].format(id=result["filter"]["process_leader"]))
    if result["filter"]["region"]:
        shown.append(t["filter_region"].format(id=result["filter"]["region"]))
    return ", ".join(shown)


def _filtered_budget(result: FilteredBudget, output_format: TableFormat, t: dict[str, Any]) -> None:
    """Show a budget narrowed to some owners, saying what it leaves out."""
    note = t["filtered_note"].format(what=_filter_words(result, t))
    if output_format is TableFormat.json:
        print_json({**result, "note": note})
        return
    header = [t["area"], t["committed"], t["paid"]]
    rows: list[list[Any]] = [
        [f"{a['id']} {a['name']}", a["committed"], a["paid"]] for a in result["areas"]
    ]
    rows.append([t["all_areas"], result["committed"], result["paid"]])
    if output_format is TableFormat.csv:
        from bif_cli.texts import csv_header

        csv_rows = [[a["id"], a["name"], a["committed"], a["paid"]] for a in result["areas"]]
        write_csv(csv_header(["id", "area_name", "committed", "paid"], t["lang"]), csv_rows)
        typer.echo(note, err=True)
        return
    from rich import box
    from rich.table import Table

    out = console()
    table = Table(
        title=t["budget_title"].format(date=_day(result["as_of"])),
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    table.add_column(header[0], overflow="fold")
    for label in header[1:]:
        table.add_column(label, justify="right", no_wrap=True)
    for index, row in enumerate(rows):
        if index == len(rows) - 1:
            table.add_section()
        table.add_row(row[0], _amount(row[1]), _amount(row[2]))
    out.print(fit_words(table, out.width), soft_wrap=False)
    out.print(note)


def _budget_csv(result: Mapping[str, Any], t: dict[str, Any]) -> None:
    from bif_cli.texts import csv_header

    keys = ["id", "area_name", "allocation", "committed", "paid", "remaining"]
    header = csv_header(keys, t["lang"])
    rows: list[list[Any]] = [
        [a["id"], a["name"], a["allocation"], a["committed"], a["paid"], a["remaining"]]
        for a in result["areas"]
    ]
    rows.append(
        [
            "",
            t["all_areas"],
            result["allocated"],
            result["committed"],
            result["paid"],
            result["allocated"] - result["committed"],
        ]
    )
    rows.append(
        ["", t["frame"], result["frame"], result["committed"], result["paid"], result["remaining"]]
    )
    write_csv(header, rows)


def _budget_table(result: Mapping[str, Any], t: dict[str, Any]) -> None:
    """Print the budget; below 100 columns the percentages go under their amounts."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    out = console()
    wide = out.width >= 100
    table = Table(
        title=t["budget_title"].format(date=_day(result["as_of"])),
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    table.add_column(t["area"], ratio=1, min_width=12, overflow="fold")
    headers = [t["allocation"], t["committed"], "%", t["paid"], "%", t["remaining"]]
    for header in headers if wide else [h for h in headers if h != "%"]:
        table.add_column(header, justify="right", no_wrap=True)

    def money_row(label: Any, line: Mapping[str, Any], allocation: int, remaining: int) -> None:
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
        Text(t["all_areas"], style="bold"),
        totals,
        result["allocated"],
        result["allocated"] - result["committed"],
    )
    money_row(Text(t["frame"], style="bold"), result, result["frame"], result["remaining"])
    out.print(fit_words(table, out.width), soft_wrap=False)
    out.print(t["not_allocated"].format(amount=_amount(result["unallocated"])))
    funding = result["funding"]
    if funding:
        sources = Table(title=t["funding"], box=box.SIMPLE_HEAD, title_justify="left")
        sources.add_column(t["source"], ratio=1, overflow="fold")
        sources.add_column(t["amount"], justify="right", no_wrap=True)
        for source in funding["sources"]:
            sources.add_row(source["source"], _amount(source["amount"]))
        sources.add_section()
        sources.add_row(Text(t["in_all"], style="bold"), _amount(funding["total"]))
        if funding["uncovered"]:
            sources.add_row(Text(t["not_covered"], style="bold red"), _amount(funding["uncovered"]))
        out.print(fit_words(sources, out.width), soft_wrap=False)


@app.command()
def milestones(
    *,
    as_of: AsOfOption = None,
    output_format: Annotated[
        TableFormat, typer.Option("--format", help="Output format.")
    ] = TableFormat.table,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    """Show the milestone plan at a date: done, overdue (listed first) or upcoming."""
    from bif_cli.outputs import overviews as overview

    when = parse_date_option(as_of, "--as-of")
    programme = _valid_programme(root, output_format.value, lang, plan_only=True)
    t = _texts()
    result = overview.milestones(programme, when)
    if output_format is TableFormat.json:
        print_json(result)
        return
    if output_format is TableFormat.csv:
        from bif_cli.texts import csv_header

        keys = ["id", "title", "responsible", "due", "done", "state"]
        header = csv_header(keys, t["lang"])
        rows = [
            [
                item["id"],
                item["title"],
                item["responsible"] or "",
                item["due"],
                item["done"] or "",
                t["milestone_state"][item["state"]] if t["lang"] == "nb" else item["state"],
            ]
            for item in result["milestones"]
        ]
        write_csv(header, rows)
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    counts = result["counts"]
    table = Table(
        title=t["milestones_title"].format(date=_day(result["as_of"]), **counts),
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    out = console()
    narrow = out.width < 80  # then the responsible goes under the title
    table.add_column(t["state"], no_wrap=True)
    table.add_column(t["due_col"], no_wrap=True)
    table.add_column(t["done"], no_wrap=True)
    table.add_column(t["milestone"], ratio=3, overflow="fold")
    if not narrow:
        table.add_column(t["responsible"], ratio=2, overflow="fold")
    states = t["milestone_state"]
    for item in result["milestones"]:
        if item["state"] == "overdue":
            label = f"{states['overdue']} {item['days_overdue']} {t['days_short']}"
            state = Text(label, style="bold red")
        else:
            state = Text(states[item["state"]], style="green" if item["state"] == "done" else "")
        dates = (_day(item["due"]), _day(item["done"]))
        if narrow:
            title = Text(item["title"])
            if item["responsible"]:
                title.append("\n" + item["responsible"], style="dim")
            table.add_row(state, *dates, title)
        else:
            table.add_row(state, *dates, item["title"], item["responsible"] or "")
    out.print(fit_words(table, out.width), soft_wrap=False)
