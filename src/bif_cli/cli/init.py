"""`bif init`: start a new programme repository that passes `bif check` at once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bif_cli.cli import app
from bif_cli.cli.common import LangOption, choose_language


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
    lang: LangOption = None,
) -> None:
    """Start a new programme repository that passes `bif check` at once."""
    from bif_cli.clock import today
    from bif_cli.io.scaffold import create_programme
    from bif_cli.texts import say

    language = choose_language(lang)
    result = create_programme(directory, name, today())
    for note in result.notes:
        typer.echo(f"bif: {note}", err=True)
    count = len(result.files)
    typer.echo(say("init.created", language, name=result.name, folder=str(directory), count=count))
    typer.echo(say("init.next", language))
    typer.echo(
        "  bif add-company NAME --org-number N --region R --municipality M --nace C --market K"
    )
