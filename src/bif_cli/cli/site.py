"""`bif site`: the programme as a static website for the owner and the board (GitHub Pages)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bif_cli.cli.common import choose_language, programme_root
from bif_cli.cli.group import app
from bif_cli.cli.options import LangOption, RootOption

if TYPE_CHECKING:
    from datetime import date

    from bif_cli.domain.programme import Programme
    from bif_cli.domain.quarter import Quarter
    from bif_cli.outputs.report_types import AnnualReport, FinalReport, ReportContext
    from bif_cli.outputs.site import OwnerReport

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
    from bif_cli.cli.options import parse_date_option
    from bif_cli.errors import DataError
    from bif_cli.io.check import check
    from bif_cli.io.sitefiles import replace_folder
    from bif_cli.outputs.render import render_report
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
        context = _quarterly_report(programme_dir, quarter, language)
        reports[quarter] = render_report(context, "html", language, programme_dir)
    owner_reports = _owner_reports(programme_dir, programme, when, language)
    pages = render_site(programme, when, language, programme_dir, reports, owner_reports)
    replace_folder(output, pages, SITE_MARKER, language)
    typer.echo(say("site.wrote", language, count=len(pages), folder=str(output)))


def _quarterly_report(programme_dir: Path, quarter: Quarter, language: str) -> ReportContext:
    """Return the quarter's report exactly as `bif report quarterly` makes it: checked as of
    the quarter's end, and kept as that command keeps it (io/resultcache.py)."""
    from bif_cli.domain.programme import narrative_path
    from bif_cli.io.check import check
    from bif_cli.io.resultcache import kept_result, quarterly_arguments
    from bif_cli.io.store import narrative_text
    from bif_cli.outputs.report import build_report

    at_end = check(programme_dir, quarter.last_day)

    def build(programme: Programme) -> ReportContext:
        narrative = narrative_text(programme_dir, narrative_path(quarter))
        return build_report(programme, quarter, at_end.problems, narrative, language)

    return kept_result(at_end, quarterly_arguments(quarter, language), build)


def _owner_reports(
    programme_dir: Path, programme: Programme, when: date, language: str
) -> list[OwnerReport]:
    """Render each ended year's annual report and, once the period has ended, the final one.

    Each is made as `bif report annual|final` makes it: checked as of its own end, drafts marked.
    """
    from datetime import date as day

    from bif_cli.io.check import check
    from bif_cli.io.resultcache import annual_arguments, final_arguments, kept_result
    from bif_cli.io.store import narrative_text
    from bif_cli.outputs.annual import annual_narrative_path, build_annual
    from bif_cli.outputs.final import FINAL_NARRATIVE, build_final
    from bif_cli.outputs.render import render_report
    from bif_cli.outputs.site import (
        FINAL_STEM,
        OwnerReport,
        annual_stem,
        final_is_due,
        report_years,
    )
    from bif_cli.texts_web import web_catalogue

    t = web_catalogue(language)
    found: list[OwnerReport] = []
    for year in report_years(programme, when):
        end = day(year, 12, 31)

        def build_year(at_end: Programme, year: int = year, end: date = end) -> AnnualReport:
            text = narrative_text(programme_dir, annual_narrative_path(year))
            return build_annual(at_end, year, text, report_date=end)

        annual = kept_result(
            check(programme_dir, end), annual_arguments(year, language, end), build_year
        )
        html = render_report(annual, "html", language, programme_dir, name="annual")
        label = f"{t['site_annual']} {year}"
        found.append(OwnerReport("annual", annual_stem(year), label, annual["draft"], html))
    if final_is_due(programme, when):
        assert programme.program is not None
        end = programme.program.period.end

        def build_end(at_end: Programme) -> FinalReport:
            return build_final(
                at_end, narrative_text(programme_dir, FINAL_NARRATIVE), today=when, report_date=end
            )

        final = kept_result(
            check(programme_dir, end), final_arguments(language, None, when), build_end
        )
        html = render_report(final, "html", language, programme_dir, name="final")
        found.append(OwnerReport("final", FINAL_STEM, t["site_final"], final["draft"], html))
    return found
