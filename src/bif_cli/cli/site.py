"""`bif site`: the programme as a static website for the owner and the board (GitHub Pages)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bif_cli.cli import app
from bif_cli.cli.common import RootOption, print_problems, programme_root

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
) -> None:
    """Build the programme's static site: dashboard, companies, clusters, budget, reports."""
    from bif_cli.cli.common import parse_date_option
    from bif_cli.io.check import check_programme
    from bif_cli.io.sitefiles import replace_folder
    from bif_cli.io.store import read_narrative
    from bif_cli.outputs.forms import programme_language
    from bif_cli.outputs.render import render_report
    from bif_cli.outputs.report import build_report
    from bif_cli.outputs.site import render_site, report_quarters

    when = parse_date_option(as_of, "--as-of")
    programme_dir = programme_root(root)
    programme, problems = check_programme(programme_dir, when)
    errors = [p for p in problems if p.is_error]
    if errors:
        print_problems(errors, "text", programme_dir)
        typer.echo(
            f"bif: the data has {len(errors)} error(s); fix them (see `bif check`) "
            "before building the site",
            err=True,
        )
        raise typer.Exit(1)
    lang = programme_language(programme)
    reports: dict[Quarter, str] = {}
    for quarter in report_quarters(programme, when):
        # Each report exactly as `bif report quarterly` makes it: checked as of its quarter's end.
        at_end, quarter_problems = check_programme(programme_dir, quarter.last_day)
        narrative, narrative_problems = read_narrative(programme_dir, quarter)
        if narrative_problems:
            print_problems(narrative_problems, "text", programme_dir)
            raise typer.Exit(1)
        context = build_report(at_end, quarter, quarter_problems, narrative)
        reports[quarter] = render_report(context, "html", lang, programme_dir)
    pages = render_site(programme, when, lang, programme_dir, reports)
    replace_folder(output, pages, SITE_MARKER)
    typer.echo(f"Wrote {len(pages)} pages to {output}.")
