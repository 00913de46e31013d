"""`bif init`: start a new programme repository that passes `bif check` at once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bif_cli.cli import app


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
) -> None:
    """Start a new programme repository that passes `bif check` at once."""
    from bif_cli.clock import today
    from bif_cli.io.scaffold import create_programme

    result = create_programme(directory, name, today())
    for note in result.notes:
        typer.echo(f"bif: {note}", err=True)
    typer.echo(f"Created the programme '{result.name}' in {directory} ({len(result.files)} files).")
    typer.echo("Next: edit data/program.yaml (regions, people) and data/budget.yaml, then")
    typer.echo(
        "  bif add-company NAME --org-number N --region R --municipality M --nace C --market K"
    )
