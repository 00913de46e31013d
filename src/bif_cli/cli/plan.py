"""Writing commands for the programme's own lists: people, regions, milestones, budget areas."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from bif_cli.cli.common import choose_language, programme_root
from bif_cli.cli.correction import CorrectionOption
from bif_cli.cli.daily import _done, _lang, _money, _new_id, _people, _require
from bif_cli.cli.group import app
from bif_cli.cli.guards import past_date, warn_outside_period
from bif_cli.cli.options import LangOption, RootOption, choose
from bif_cli.cli.write import DryRunOption, _ask, _line, _load, _one_of
from bif_cli.fmt import date_nb as _nb
from bif_cli.texts import say

if TYPE_CHECKING:
    from bif_cli.domain.programme import Programme


@app.command("add-person")
def add_person(
    person_id: Annotated[
        str | None,
        typer.Argument(metavar="ID", help="A short id, like pl-nord.", show_default=False),
    ] = None,
    *,
    name: Annotated[str | None, typer.Option("--name", help="The person's name.")] = None,
    role: Annotated[
        str | None,
        typer.Option("--role", help="project_leader, process_leader, board or other."),
    ] = None,
    email: Annotated[str | None, typer.Option("--email", help="E-mail address.")] = None,
    dry_run: DryRunOption = False,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    """Add a person (project leader, process leader, board member) to program.yaml."""
    from bif_cli.domain import models
    from bif_cli.domain.habits import ROLE_WORDS
    from bif_cli.domain.programme import PROGRAM_FILE
    from bif_cli.io.edit_daily import add_person as build

    programme_dir = programme_root(root)
    choose_language(lang, programme_dir)
    programme, before = _load(programme_dir)
    _require(PROGRAM_FILE, before, programme.program)
    new_id = _ask(person_id, "ID", "Id", _new_id(list(_people(programme)), "person"))
    full_name = _ask(name, "--name", "Name", _line("the name"))
    roles = list(models.ROLES)
    role_id = _ask(role, "--role", "Role", _one_of(roles, "role", ROLE_WORDS), choices=roles)
    mail = _line("the e-mail address")(email) if email is not None else None
    change = build(programme_dir, new_id, full_name, role_id, mail, _lang())
    _done(programme_dir, change, before, dry_run)


def _municipalities(programme: Programme) -> Callable[[str], dict[str, str]]:
    """Parse `0511=Dovre,0512=Lesja` (or `0511:Dovre`); refuse numbers another region has."""
    taken = {
        code: region.name
        for region in (programme.program.regions if programme.program else [])
        for code in region.municipalities
    }

    def parse(value: str) -> dict[str, str]:
        towns: dict[str, str] = {}
        for part in (p.strip() for p in value.split(",")):
            if not part:
                continue
            match = re.fullmatch(r"(\d{4})\s*[=:]\s*(\S.*)", part)
            if match is None:
                raise ValueError(
                    f"'{part}' is not a municipality; write number=name, like 0511=Dovre"
                )
            code, town = match.group(1), match.group(2).strip()
            if code in taken:
                raise ValueError(
                    say("refuse.taken_municipality", _lang(), code=code, region=taken[code])
                )
            towns[code] = town
        if not towns:
            raise ValueError("give at least one municipality, like 0511=Dovre,0512=Lesja")
        return towns

    return parse


@app.command("add-region")
def add_region(
    region_id: Annotated[
        str | None,
        typer.Argument(metavar="ID", help="A short id, like valdres.", show_default=False),
    ] = None,
    *,
    name: Annotated[str | None, typer.Option("--name", help="The region's name.")] = None,
    municipalities: Annotated[
        str | None,
        typer.Option("--municipalities", help="Number=name pairs: 0511=Dovre,0512=Lesja."),
    ] = None,
    dry_run: DryRunOption = False,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    """Add a region with its municipalities to program.yaml."""
    from bif_cli.domain.programme import PROGRAM_FILE
    from bif_cli.io.edit_daily import add_region as build

    programme_dir = programme_root(root)
    choose_language(lang, programme_dir)
    programme, before = _load(programme_dir)
    _require(PROGRAM_FILE, before, programme.program)
    assert programme.program is not None
    taken = [r.id for r in programme.program.regions]
    new_id = _ask(region_id, "ID", "Id", _new_id(taken, "region"))
    full_name = _ask(name, "--name", "Name", _line("the name"))
    towns = _ask(
        municipalities,
        "--municipalities",
        "Municipalities (0511=Dovre,0512=Lesja)",
        _municipalities(programme),
    )
    _done(programme_dir, build(programme_dir, new_id, full_name, towns, _lang()), before, dry_run)


@app.command("add-milestone")
def add_milestone(
    milestone_id: Annotated[
        str | None,
        typer.Argument(metavar="ID", help="A short id, like sluttrapport.", show_default=False),
    ] = None,
    *,
    title: Annotated[str | None, typer.Option("--title", help="What is to be reached.")] = None,
    due: Annotated[
        str | None, typer.Option("--due", help="The deadline, 30.06.2015 or 2015-06-30.")
    ] = None,
    responsible: Annotated[
        str | None, typer.Option("--responsible", help="Who is responsible.")
    ] = None,
    correction: CorrectionOption = None,
    dry_run: DryRunOption = False,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    """Add a milestone to the milestone plan."""
    from bif_cli.domain.habits import parse_input_date
    from bif_cli.domain.programme import MILESTONES_FILE
    from bif_cli.io.edit_daily import add_milestone as build

    programme_dir = programme_root(root)
    choose_language(lang, programme_dir)
    programme, before = _load(programme_dir)
    _require(MILESTONES_FILE, before, programme.milestones)
    assert programme.milestones is not None
    taken = [m.id for m in programme.milestones.milestones]
    new_id = _ask(milestone_id, "ID", "Id", _new_id(taken, "milestone"))
    text = _ask(title, "--title", "Title", _line("the title"))
    deadline = _ask(due, "--due", "Due", parse_input_date)
    warn_outside_period(programme, deadline, "due_date")
    who = _line("the responsible")(responsible) if responsible is not None else None
    change = build(programme_dir, new_id, text, deadline, who, _lang())
    _done(programme_dir, change, before, dry_run, correction)


@app.command("add-area")
def add_area(
    area_id: Annotated[
        str | None,
        typer.Argument(metavar="ID", help="A short id, like E.", show_default=False),
    ] = None,
    *,
    name: Annotated[str | None, typer.Option("--name", help="The area's name.")] = None,
    allocation: Annotated[
        str | None, typer.Option("--allocation", help="Kroner, like 500000 or '500 000'.")
    ] = None,
    responsible: Annotated[
        str | None, typer.Option("--responsible", help="Who is responsible.")
    ] = None,
    dry_run: DryRunOption = False,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    """Add a budget area (innsatsområde) with its allocation to budget.yaml."""
    from bif_cli.domain.programme import BUDGET_FILE
    from bif_cli.io.edit_daily import add_area as build

    programme_dir = programme_root(root)
    choose_language(lang, programme_dir)
    programme, before = _load(programme_dir)
    _require(BUDGET_FILE, before, programme.budget)
    assert programme.budget is not None
    taken = [a.id for a in programme.budget.areas]
    new_id = _ask(area_id, "ID", "Id", _new_id(taken, "budget_area"))
    full_name = _ask(name, "--name", "Name", _line("the name"))
    amount = _ask(allocation, "--allocation", "Allocation (kroner)", _money)
    who = _line("the responsible")(responsible) if responsible is not None else None
    _done(
        programme_dir,
        build(programme_dir, new_id, full_name, amount, who, _lang()),
        before,
        dry_run,
    )


@app.command("set-allocation")
def set_allocation(
    area: Annotated[str, typer.Argument(metavar="AREA", help="A budget area id (any case).")],
    amount: Annotated[str, typer.Argument(metavar="AMOUNT", help="The new allocation in kroner.")],
    *,
    decided: Annotated[
        str | None,
        typer.Option("--decided", help="The board's decision date; in force from it."),
    ] = None,
    ref: Annotated[
        str | None, typer.Option("--ref", help="The decision, like 'styrevedtak 12/15'.")
    ] = None,
    correction: CorrectionOption = None,
    dry_run: DryRunOption = False,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    """Change an area's allocation from a date, by board decision; earlier figures keep theirs."""
    from bif_cli.domain.programme import BUDGET_FILE, PROGRAM_FILE
    from bif_cli.errors import UsageError
    from bif_cli.io.edit_daily import set_allocation as build

    programme_dir = programme_root(root)
    choose_language(lang, programme_dir)
    try:
        new_amount = _money(amount)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="AMOUNT") from None
    day = past_date(decided, "--decided", "board_decision")
    programme, before = _load(programme_dir)
    _require(BUDGET_FILE, before, programme.budget)
    _require(PROGRAM_FILE, before, programme.program)
    assert programme.budget is not None
    warn_outside_period(programme, day, "board_decision")
    labels = {a.id: a.name for a in programme.budget.areas}
    area_id = choose(area, list(labels), "AREA", "budget_area", ignore_case=True)
    current = next(a for a in programme.budget.areas if a.id == area_id).allocation_at(day)
    if current == new_amount:
        raise UsageError.said(
            "refuse.same_allocation", area=area_id, amount=new_amount, day=_nb(day)
        )
    note = _ask(
        ref, "--ref", "Decision (like styrevedtak 12/15)", _line("the reference"), required=False
    )
    change = build(programme_dir, programme, area_id, new_amount, day, note, _lang())
    _done(programme_dir, change, before, dry_run, correction)
