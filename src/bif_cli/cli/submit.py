"""`bif submit`: record that a report was sent; and `--as-submitted`, giving it back from git."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from bif_cli.cli.common import choose_language, print_problems, programme_root
from bif_cli.cli.group import app
from bif_cli.cli.options import LangOption, RootOption, parse_date_option


@app.command()
def submit(
    period: Annotated[
        str,
        typer.Argument(
            help="The report sent: a quarter (Q2-2015), a year (2015) or `final`.",
            metavar="QUARTER|YEAR|final",
        ),
    ],
    *,
    when: Annotated[
        str | None,
        typer.Option(
            "--date", help="The date it was sent, YYYY-MM-DD. Default: today.", show_default=False
        ),
    ] = None,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    """Record that a report was sent: its figures and the SHA-256 of its Markdown."""
    from bif_cli.clock import today
    from bif_cli.io.submitted import submit as record
    from bif_cli.texts import say

    programme_dir = programme_root(root)
    language = choose_language(lang, programme_dir)
    sent = parse_date_option(when, "--date") if when else today()
    rel, rendered, _raw = record(programme_dir, period, sent=sent, today=today())
    warnings = [p for p in rendered.problems if not p.is_error]
    if warnings:
        print_problems(warnings, "text", programme_dir, language, err=True)
    typer.echo(
        say(
            "submit.done",
            language,
            period=rendered.period.label,
            sent=sent.isoformat(),
            record=rel,
            sha256=rendered.sha256,
        )
    )


def print_as_submitted(programme_dir: Path, period: str, language: str) -> None:
    """Print the report as it was sent; exit 1 (with why) when the bytes are not the same."""
    from bif_cli import __version__
    from bif_cli.errors import DataError
    from bif_cli.io.submitted import as_submitted
    from bif_cli.texts import say

    found = as_submitted(programme_dir, period, lang=language)
    sys.stdout.write(found.page)
    sys.stdout.flush()
    if not found.matches:
        raise DataError.said(
            "submit.mismatch",
            commit=found.commit[:12],
            actual=found.sha256,
            expected=found.record.sha256,
            version=found.record.bif_version,
            current=__version__,
        )
    typer.echo(
        "bif: "
        + say(
            "submit.matches",
            language,
            sent=found.record.sent.isoformat(),
            sha256=found.sha256,
            commit=found.commit[:12],
        ),
        err=True,
    )
