"""`bif check`: validate every file and rule of the programme."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from bif_cli.cli.group import app
from bif_cli.cli.options import LangOption, RootOption


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
    from bif_cli.cli.check_run import run_check

    run_check(
        strict=strict, output_format=output_format.value, no_cache=no_cache, root=root, lang=lang
    )
