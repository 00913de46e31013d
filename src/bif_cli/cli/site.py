"""`bif site`: the programme as a static website for the owner and the board (GitHub Pages)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bif_cli.cli import app
from bif_cli.cli.common import LangOption, RootOption, choose_language, programme_root

if TYPE_CHECKING:
    from bif_cli.domain.quarter import Quarter

SITE_MARKER = ".bif-site"


@app.command()
def site(
    *,
    output: Annotated[
        Path,
        typer.Option("-o", "--output", help="The folder to build the site in (replaced whole)."),
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Show the programme as it stood on this date. Default: today."
        ),
    ] = None,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    """Build the programme's static site: dashboard, companies, clusters, budget, reports."""
    from bif_cli.cli.common import parse_date_option
    from bif_cli.errors import DataError
    from bif_cli.io.check import check
    from bif_cli.io.sitefiles import replace_folder
    from bif_cli.io.store import read_narrative
    from bif_cli.outputs.render import render_report
    from bif_cli.outputs.report import build_report
    from bif_cli.outputs.site import render_site, report_quarters
    from bif_cli.texts import say

    when = parse_date_option(as_of, "--as-of")
    programme_dir = programme_root(root)
    language = choose_language(lang, programme_dir)
    result = check(programme_dir, when)
    if result.errors:
        refused = say("site.refused", language, errors=len(result.errors))
        raise DataError(refused, result.errors, root=programme_dir)
    programme = result.programme
    reports: dict[Quarter, str] = {}
    for quarter in report_quarters(programme, when):
        # Each report exactly as `bif report quarterly` makes it: checked as of its quarter's end.
        at_end = check(programme_dir, quarter.last_day)
        narrative, narrative_problems = read_narrative(programme_dir, quarter)
        if narrative_problems:
            raise DataError("", narrative_problems, root=programme_dir)
        context = build_report(at_end.programme, quarter, at_end.problems, narrative, language)
        reports[quarter] = render_report(context, "html", language, programme_dir)
    pages = render_site(programme, when, language, programme_dir, reports)
    replace_folder(output, pages, SITE_MARKER, language)
    typer.echo(say("site.wrote", language, count=len(pages), folder=str(output)))
