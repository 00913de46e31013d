"""`bif diff`: what a change between two revisions means for the programme."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from bif_cli.cli.group import app
from bif_cli.cli.options import LangOption, RootOption


class DiffFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"


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
    lang: LangOption = None,
) -> None:
    """Say what a change means for the programme: statuses, measures, money, milestones.

    Text and Markdown are in the programme's language (bokmål by default); JSON stays English.
    """
    from bif_cli.cli.diff_run import run_diff

    run_diff(base, head, output_format=output_format.value, root=root, lang=lang)
