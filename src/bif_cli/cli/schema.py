"""`bif schema`: JSON Schemas of the data files, so editors check YAML as it is typed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bif_cli.cli import app
from bif_cli.cli.common import LangOption, RootOption, choose_language


@app.command()
def schema(
    *,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Folder to write the schemas into. Default: schemas/ in the programme root.",
            show_default=False,
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 if the schemas are missing or stale."),
    ] = False,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    """Write JSON Schemas of the data files, so editors check YAML as you type."""
    from bif_cli.errors import DataError, UsageError
    from bif_cli.io.root import NoProgrammeError, find_root
    from bif_cli.io.schema import SCHEMA_DIR, stale_schemas, write_schemas
    from bif_cli.texts import say

    programme_dir: Path | None
    try:
        programme_dir = find_root(override=root)
    except NoProgrammeError:
        programme_dir = None
    language = choose_language(lang, programme_dir)
    if output is None:
        output = programme_dir / SCHEMA_DIR if programme_dir else Path(SCHEMA_DIR)
    folder = str(output)
    if check:
        stale = stale_schemas(output)
        if stale:
            names = ", ".join(stale)
            raise DataError.said("schema.stale", count=len(stale), folder=folder, names=names)
        typer.echo(say("schema.current", language, folder=folder))
        return
    if output.exists() and not output.is_dir():
        raise UsageError.said("schema.is_a_file", folder=folder)
    written = write_schemas(output)
    typer.echo(say("schema.wrote", language, count=len(written), folder=folder))
