"""`bif report quarterly`: the quarterly report to the programme owner, as Markdown, HTML or PDF."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from bif_cli.cli import app
from bif_cli.cli.common import (
    LangOption,
    RootOption,
    choose_language,
    programme_root,
)

report_app = typer.Typer(
    help="Make the reports the programme owner asks for.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(report_app, name="report")


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    pdf = "pdf"


_SUFFIX_FORMATS = {".html": ReportFormat.html, ".htm": ReportFormat.html, ".pdf": ReportFormat.pdf}


@report_app.command()
def quarterly(
    quarter: Annotated[
        str,
        typer.Argument(
            help="The quarter: Q2-2015 (2015-Q2 and 2015Q2 work too).", metavar="QUARTER"
        ),
    ],
    *,
    output_format: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            help="md, html or pdf. Default: from the suffix of -o (.html, .pdf), otherwise md.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Write the report to this file (atomically). Default: Markdown to stdout.",
            show_default=False,
        ),
    ] = None,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    """Write the quarterly report: the programme as it stood on the quarter's last day."""
    from bif_cli.domain.quarter import parse_quarter
    from bif_cli.errors import DataError, UsageError
    from bif_cli.io.atomic import overwrite
    from bif_cli.io.check import check
    from bif_cli.io.store import read_narrative
    from bif_cli.outputs.render import html_to_pdf, render_report
    from bif_cli.outputs.report import build_report, check_quarter
    from bif_cli.texts import say

    try:
        chosen = parse_quarter(quarter)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="QUARTER") from None
    if output_format is None:
        suffix = output.suffix.lower() if output is not None else ""
        output_format = _SUFFIX_FORMATS.get(suffix, ReportFormat.md)
    if output_format is ReportFormat.pdf and output is None:
        raise typer.BadParameter(
            "a PDF is written to a file; add -o PATH (like -o q2-2015.pdf)", param_hint="--format"
        )

    programme_dir = programme_root(root)
    language = choose_language(lang, programme_dir)
    if output is not None:
        from bif_cli.io.outpath import check_output_file

        check_output_file(output, str(output) if str(output) != "." else "", programme_dir)
    # Checked as of the quarter's end, so the data-quality section is the same whenever it runs.
    result = check(programme_dir, chosen.last_day)
    programme, problems, errors = result.programme, result.problems, result.errors
    if errors:
        refused = say("report.refused", language, errors=len(errors))
        raise DataError(refused, errors, root=programme_dir)
    check_quarter(programme, chosen)
    narrative, narrative_problems = read_narrative(programme_dir, chosen)
    if narrative_problems:
        raise DataError("", narrative_problems, root=programme_dir)
    context = build_report(programme, chosen, problems, narrative, language)
    if narrative is None:
        typer.echo(
            f"bif: warning: no narrative for {chosen}: write {context['narrative']['path']}; "
            "the report says that none was written",
            err=True,
        )

    page = render_report(
        context,
        "md" if output_format is ReportFormat.md else "html",
        language,
        programme_dir,
    )
    data = html_to_pdf(page) if output_format is ReportFormat.pdf else page.encode("utf-8")
    if output is None:
        sys.stdout.write(page)
        return
    try:
        overwrite(output, data)
    except FileNotFoundError:
        raise UsageError(
            f"cannot write {output}: the folder {output.parent} does not exist"
        ) from None
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    typer.echo(f"Wrote {output} ({output_format.value}, {language}).", err=True)
