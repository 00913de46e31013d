"""`bif schema`: JSON Schemas of the data files, so editors check YAML as it is typed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bif_cli.cli import app
from bif_cli.cli.common import RootOption


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
) -> None:
    """Write JSON Schemas of the data files, so editors check YAML as you type."""
    from bif_cli.io.root import NoProgrammeError, find_root
    from bif_cli.io.schema import SCHEMA_DIR, stale_schemas, write_schemas

    if output is None:
        try:
            output = find_root(override=root) / SCHEMA_DIR
        except NoProgrammeError:
            output = Path(SCHEMA_DIR)
    if check:
        stale = stale_schemas(output)
        if stale:
            from bif_cli.errors import DataError

            raise DataError(
                f"{len(stale)} schema(s) in {output} are missing or out of date: "
                f"{', '.join(stale)}; run `bif schema` and commit them"
            )
        typer.echo(f"OK: the schemas in {output} are current.")
        return
    from bif_cli.errors import UsageError
    from bif_cli.io.outpath import check_output_folder

    try:
        schema_root: Path | None = find_root(override=root)
    except NoProgrammeError:
        schema_root = None
    check_output_folder(output, str(output), schema_root)
    try:
        written = write_schemas(output)
    except OSError as exc:
        raise UsageError(f"cannot write the schemas to {output}: {exc.strerror or exc}") from None
    typer.echo(f"Wrote {len(written)} schemas to {output}.")
