"""`bif diff`, `bif schema` and `bif init`: review changes, help editors, start a programme."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from bif_cli.cli import app
from bif_cli.cli.common import RootOption, console, print_json, programme_root


class DiffFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"


_STYLES = {"+": "green", "-": "red", "~": "yellow"}


@app.command()
def diff(
    base: Annotated[
        str | None,
        typer.Argument(
            help="The revision to compare from. Default: the merge-base of HEAD with "
            "origin/main (or main).",
            show_default=False,
        ),
    ] = None,
    head: Annotated[
        str | None,
        typer.Argument(
            help="The revision to compare to. Default: the working tree.", show_default=False
        ),
    ] = None,
    *,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", help="Output format (md suits a pull request).")
    ] = DiffFormat.text,
    root: RootOption = None,
) -> None:
    """Say what a change means for the programme: statuses, measures, money, milestones."""
    from bif_cli.clock import today
    from bif_cli.io.git import diff_report, load_sides
    from bif_cli.outputs.diff import markdown, text_lines

    when = today()
    base_side, head_side = load_sides(programme_root(root), base, head, when)
    report = diff_report(base_side, head_side, when)
    if output_format is DiffFormat.json:
        print_json(report)
    elif output_format is DiffFormat.md:
        typer.echo(markdown(report), nl=False)
    else:
        from rich.text import Text

        out = console()
        for mark, line in text_lines(report):
            out.print(Text(line, style=_STYLES.get(mark, "")))


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
            typer.echo(
                f"{len(stale)} schema(s) in {output} are missing or out of date: "
                f"{', '.join(stale)}; run `bif schema` and commit them",
                err=True,
            )
            raise typer.Exit(1)
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
