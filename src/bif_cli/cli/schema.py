"""`bif schema`: JSON Schemas of the data files, so editors check YAML as it is typed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bif_cli.cli.common import choose_language
from bif_cli.cli.group import app
from bif_cli.cli.options import LangOption, RootOption


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
    """Write JSON Schemas of the data files, so editors check YAML as you type.

    The texts editors show on hover are in the programme's language (or --lang).
    """
    from bif_cli.io.root import NoProgrammeError, find_root
    from bif_cli.io.schema import SCHEMA_DIR, stale_schemas, write_schemas
    from bif_cli.texts import say

    try:
        programme: Path | None = find_root(override=root)
    except NoProgrammeError:
        programme = None
    chosen = choose_language(lang, programme)
    if output is None:
        output = programme / SCHEMA_DIR if programme is not None else Path(SCHEMA_DIR)
    if check:
        stale = stale_schemas(output, chosen)
        if stale:
            from bif_cli.errors import DataError

            raise DataError.said(
                "schema.stale", count=len(stale), folder=str(output), names=", ".join(stale)
            )
        typer.echo(say("schema.current", chosen, folder=str(output)))
        return
    from bif_cli.errors import UsageError
    from bif_cli.io.outpath import check_output_folder

    check_output_folder(output, str(output), programme)
    try:
        written = write_schemas(output, chosen)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise UsageError.said("schema.cannot_write", folder=str(output), reason=reason) from None
    typer.echo(say("schema.wrote", chosen, count=len(written), folder=str(output)))
