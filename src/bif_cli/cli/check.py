"""`bif check`: validate every file and rule of the programme."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from bif_cli.cli import app
from bif_cli.cli.common import (
    LangOption,
    RootOption,
    choose_language,
    print_problems,
    programme_root,
    summary_line,
)

if TYPE_CHECKING:
    pass


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


@app.command()
def check(
    *,
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat warnings as errors (exit 1).")
    ] = False,
    output_format: Annotated[
        CheckFormat, typer.Option("--format", help="Output format.")
    ] = CheckFormat.text,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Read every file afresh, ignoring .bif-cache/.")
    ] = False,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    """Check every file and rule of the programme; list all problems with file:line:col."""
    from bif_cli.clock import today
    from bif_cli.errors import DataError
    from bif_cli.io.check import check as check_source

    programme_dir = programme_root(root)
    language = choose_language(lang, programme_dir)
    result = check_source(programme_dir, today(), use_cache=not no_cache)
    problems = result.problems
    if strict:
        from bif_cli.errors import sort_problems
        from bif_cli.io.snapshot import strict_problems

        problems = sort_problems([*problems, *strict_problems(programme_dir, today())])
    read: dict[str, bytes] = {}
    if result.loaded:  # the loader keeps the bytes it read: show lines without reading again
        for rel, source in result.programme.sources.items():
            raw = getattr(source, "source", None)
            if isinstance(raw, bytes):
                read[rel] = raw
    print_problems(problems, output_format.value, programme_dir, language, read)
    if output_format is CheckFormat.text:
        typer.echo(summary_line(problems, result.files, language))
    if result.errors or (strict and problems):
        raise DataError()  # the problems are printed above
