"""`bif diff`: what a change between two revisions means for the programme."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from bif_cli.cli import app
from bif_cli.cli.common import (
    LangOption,
    RootOption,
    choose_language,
    console,
    print_json,
    programme_root,
)


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
    lang: LangOption = None,
) -> None:
    """Say what a change means for the programme: statuses, measures, money, milestones.

    Text and Markdown are in the programme's language (bokmål by default); JSON stays English.
    """
    from bif_cli.clock import today
    from bif_cli.io.diffsides import diff_at
    from bif_cli.outputs.diff import markdown, text_lines

    when = today()
    programme_dir = programme_root(root)
    language = choose_language(lang, programme_dir)
    report = diff_at(programme_dir, base, head, when, language)
    if output_format is DiffFormat.json:
        print_json(report)
    elif output_format is DiffFormat.md:
        typer.echo(markdown(report, language), nl=False)
    else:
        from rich.text import Text

        out = console()
        for mark, line in text_lines(report, language):
            out.print(Text(line, style=_STYLES.get(mark, "")))
