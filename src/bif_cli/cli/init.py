"""`bif init`: start a new programme repository, ready to use: asks, writes, commits."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from bif_cli.cli.common import choose_language
from bif_cli.cli.group import app
from bif_cli.cli.options import LangOption
from bif_cli.texts import say


def _area(value: str) -> tuple[str, str, int]:
    """Parse `ID=Name=Amount`, like `A=Mobilisering og kartlegging=6 000 000`."""
    from bif_cli.domain.habits import normalise_spaces
    from bif_cli.domain.models import parse_money

    parts = [p.strip() for p in normalise_spaces(value).split("=")]
    if len(parts) != 3 or not parts[0] or not parts[1]:
        raise ValueError(
            f"'{value}' is not an area; write ID=Name=Amount, like A=Mobilisering=6000000"
        )
    try:
        amount = parse_money(parts[2])
    except ValueError:
        raise ValueError(f"'{parts[2]}' is not whole kroner (like 6000000 or 6 000 000)") from None
    return parts[0], parts[1], amount


@app.command()
def init(
    directory: Annotated[
        Path, typer.Argument(help="The new programme's folder (created; must be empty).")
    ],
    *,
    name: Annotated[
        str | None,
        typer.Option("--name", help="The programme's name. Default: the folder's name."),
    ] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", help="Programeier, like 'Oppland fylkeskommune'.")
    ] = None,
    responsible: Annotated[
        str | None, typer.Option("--responsible", help="Programansvarlig: who runs it.")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="First day of the period. Default: today.")
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--end", help="Last day of the period. Default: 31.12 two years on."),
    ] = None,
    frame: Annotated[
        str | None, typer.Option("--frame", help="The owner's frame in kroner, like 15000000.")
    ] = None,
    region: Annotated[
        str | None, typer.Option("--region", help="The first region's name, like Valdres.")
    ] = None,
    municipalities: Annotated[
        str | None,
        typer.Option("--municipalities", help="Its municipalities: 0540=Sør-Aurdal,0541=Etnedal."),
    ] = None,
    area: Annotated[
        list[str] | None,
        typer.Option("--area", help="A budget area ID=Name=Amount; repeat for each area."),
    ] = None,
    bif_source: Annotated[
        str | None,
        typer.Option(
            "--bif-source",
            help="Git URL CI installs bif from, pinned: git+https://…/bif@v1.0. "
            "Default: bif's Source URL at this version's tag.",
        ),
    ] = None,
    no_git: Annotated[
        bool, typer.Option("--no-git", help="Do not run git init or make the first commit.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Start a new programme repository: asks (or takes flags) for what it needs, commits it."""
    from bif_cli.cli.write import _ask, _line, stdin_is_terminal
    from bif_cli.clock import today
    from bif_cli.domain.habits import parse_input_date
    from bif_cli.domain.models import parse_money
    from bif_cli.io.scaffold import Setup, create_programme

    words = choose_language(lang)  # before any work: a failure is told in it too
    asking = stdin_is_terminal()

    def ask(value: str | None, option: str, prompt: str, parse: Any) -> Any:
        if value is None and not asking:
            return None
        return _ask(value, option, prompt, parse, required=False)

    title = ask(name, "--name", "Programme name", _line("the name"))
    owner_name = ask(owner, "--owner", "Owner (programeier)", _line("the owner"))
    runner = ask(responsible, "--responsible", "Responsible (programansvarlig)", _line("it"))
    first = ask(start, "--start", "Start (30.06.2015 or 2015-06-30)", parse_input_date)
    last = ask(end, "--end", "End", parse_input_date)
    money = ask(frame, "--frame", "Frame (kroner)", lambda v: parse_money(v.strip()))
    region_name = ask(region, "--region", "First region's name", _line("the region"))
    towns: dict[str, str] = {}
    if municipalities is not None or (asking and region_name):
        from bif_cli.cli.plan import _municipalities
        from bif_cli.domain.programme import Programme

        towns = _ask(
            municipalities,
            "--municipalities",
            "Its municipalities (0540=Sør-Aurdal,0541=Etnedal)",
            _municipalities(Programme(root=directory)),
        )
    areas = [_ask(a, "--area", "Area", _area) for a in area or []]
    while asking and not area:
        more = _ask(None, "--area", "Budget area ID=Name=Amount", _area, required=False)
        if more is None:
            break
        areas.append(more)
    begins = first or today()
    if last is not None and last < begins:
        from bif_cli.errors import UsageError

        raise UsageError(f"--end {last.isoformat()} is before the start {begins.isoformat()}")
    allocated = sum(amount for _id, _name, amount in areas)
    if money is not None and allocated > money:
        from bif_cli.errors import UsageError
        from bif_cli.fmt import kroner

        raise UsageError(
            f"the areas add up to {kroner(allocated)}, more than the frame of {kroner(money)}"
        )
    setup = Setup(
        name=title or name,
        owner=owner_name,
        responsible=runner,
        start=first,
        end=last,
        frame=money,
        region=region_name,
        municipalities=towns,
        areas=areas,
        bif_source=bif_source,
        git=not no_git,
    )
    result = create_programme(directory, setup.name, today(), setup)
    for note in result.notes:
        typer.echo(f"bif: {note}", err=True)
    typer.echo(say("init.created", words, name=result.name, folder=str(directory),
                   files=len(result.files)))  # fmt: skip
    typer.echo(say("init.next", words))
    typer.echo(
        "  bif add-company NAME --org-number N --region R --municipality M --nace C --market K"
    )
