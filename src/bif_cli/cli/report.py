"""`bif report quarterly|annual|final`: the owner's reports as Markdown, HTML, PDF or Word."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bif_cli.cli.common import choose_language, print_problems, programme_root
from bif_cli.cli.group import app
from bif_cli.cli.options import LangOption, RootOption, parse_date_option

if TYPE_CHECKING:
    from datetime import date

    from bif_cli.domain.programme import Programme
    from bif_cli.errors import Problem
    from bif_cli.io.check import CheckResult
    from bif_cli.outputs.report_types import AnnualReport, FinalReport, ReportContext

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
    docx = "docx"


_SUFFIX_FORMATS = {
    ".md": ReportFormat.md,
    ".markdown": ReportFormat.md,
    ".html": ReportFormat.html,
    ".htm": ReportFormat.html,
    ".pdf": ReportFormat.pdf,
    ".docx": ReportFormat.docx,
}
_BINARY = (ReportFormat.pdf, ReportFormat.docx)

FormatOption = Annotated[
    ReportFormat | None,
    typer.Option(
        "--format",
        help="md, html, pdf or docx. Default: from the suffix of -o, otherwise md.",
        show_default=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--output",
        help="Write the report to this file (atomically). Default: Markdown or HTML to stdout.",
        show_default=False,
    ),
]
FinalOption = Annotated[
    bool,
    typer.Option("--final", help="Refuse to make a draft (exit 1, saying why)."),
]
StrictOption = Annotated[
    bool,
    typer.Option("--strict", help="With --final: refuse also when bif check gives warnings."),
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="The report's date (YYYY-MM-DD). Default: the last day of the period reported.",
        show_default=False,
    ),
]
AsSubmittedOption = Annotated[
    bool,
    typer.Option(
        "--as-submitted",
        help="Give back the Markdown report as it was sent (`bif submit`), from the git commit "
        "that recorded it; exit 1 if its bytes differ from the recorded SHA-256.",
    ),
]


def _as_submitted(programme_dir: Path, period: str, language: str, *others: object) -> None:
    """Print the submitted report (only Markdown to stdout is what was sent)."""
    from bif_cli.cli.submit import print_as_submitted

    if any(others):
        raise typer.BadParameter(
            "--as-submitted gives back the Markdown that was sent; leave out --format, -o, "
            "--region, --final, --strict and --date",
            param_hint="--as-submitted",
        )
    print_as_submitted(programme_dir, period, language)


def _choose_format(output_format: ReportFormat | None, output: Path | None) -> ReportFormat:
    """Return the format asked for or implied by -o's suffix; refuse a file name that misleads.

    A binary format (pdf, docx) needs -o with its own suffix; md and html also take other
    suffixes (.txt), but not another format's.
    """
    suffix = output.suffix.lower() if output is not None else ""
    implied = _SUFFIX_FORMATS.get(suffix)
    if output_format is None:
        output_format = implied or ReportFormat.md
    if output is None and output_format in _BINARY:
        raise typer.BadParameter(
            f"--format {output_format.value} writes a file; add -o PATH "
            f"(like -o report.{output_format.value})",
            param_hint="--format",
        )
    mismatch = implied is not None and implied is not output_format
    if output is not None and (mismatch or (output_format in _BINARY and implied is None)):
        raise typer.BadParameter(
            f"-o {output.name} does not fit --format {output_format.value}; "
            f"use -o with the suffix .{output_format.value}",
            param_hint="-o",
        )
    return output_format


def _check_output(output: Path | None, programme_dir: Path) -> None:
    """Refuse an -o that bif must not write (a link, a folder, a file inside data/)."""
    if output is not None:
        from bif_cli.io.outpath import check_output_file

        check_output_file(output, str(output) if str(output) != "." else "", programme_dir)


def _checked(programme_dir: Path, as_of: date, language: str) -> CheckResult:
    """Check the programme as of the report's date; refuse a programme with errors."""
    from bif_cli.errors import DataError
    from bif_cli.io.check import check
    from bif_cli.texts import say

    # Checked as of the period's end, so the same report comes out whenever it runs.
    result = check(programme_dir, as_of)
    if result.errors:
        refused = say("report.refused", language, errors=len(result.errors))
        raise DataError(refused, result.errors, root=programme_dir)
    return result


def _finish(
    context: ReportContext,
    problems: list[Problem],
    *,
    programme_dir: Path,
    output_format: ReportFormat,
    language: str,
    output: Path | None,
    final: bool,
    strict: bool,
) -> None:
    """Tell the terminal about warnings and drafts, refuse what --final refuses, then write."""
    from bif_cli.errors import DataError, UsageError
    from bif_cli.io.atomic import overwrite
    from bif_cli.outputs.render import html_to_pdf, render_docx, render_report
    from bif_cli.report_texts import report_catalogue
    from bif_cli.texts import say

    warnings = [p for p in problems if not p.is_error]
    if warnings:
        print_problems(warnings, "text", programme_dir, language, err=True)
        typer.echo("bif: " + say("report.warnings", language, warnings=len(warnings)), err=True)
    if context["draft"]:
        texts = report_catalogue(language)["draft_reason"]
        reasons = "; ".join(
            texts[r]
            + (
                " (" + say("report.write", language, path=context["narrative"]["path"]) + ")"
                if r == "no_narrative"
                else ""
            )
            for r in context["draft_reasons"]
        )
        if final:
            raise DataError(say("report.not_final", language, reasons=reasons))
        typer.echo("bif: " + say("report.draft", language, reasons=reasons), err=True)
    if final and strict and warnings:
        raise DataError(say("report.not_final_strict", language, warnings=len(warnings)))

    name = context["kind"]
    if output_format is ReportFormat.docx:
        data = render_docx(context, name, language, programme_dir)
    else:
        page = render_report(
            context,
            "md" if output_format is ReportFormat.md else "html",
            language,
            programme_dir,
            name=name,
        )
        if output is None:
            sys.stdout.write(page)
            return
        data = html_to_pdf(page) if output_format is ReportFormat.pdf else page.encode("utf-8")
    assert output is not None
    try:
        overwrite(output, data)
    except FileNotFoundError:
        raise UsageError(
            f"cannot write {output}: the folder {output.parent} does not exist"
        ) from None
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    typer.echo(f"Wrote {output} ({output_format.value}, {language}).", err=True)


@report_app.command()
def quarterly(
    quarter: Annotated[
        str,
        typer.Argument(
            help="The quarter: Q2-2015 (2015-Q2 and 2015Q2 work too).", metavar="QUARTER"
        ),
    ],
    *,
    output_format: FormatOption = None,
    lang: LangOption = None,
    output: OutputOption = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            help="Make the report for one regional council: a region id from program.yaml.",
            show_default=False,
        ),
    ] = None,
    final: FinalOption = False,
    strict: StrictOption = False,
    report_date: DateOption = None,
    root: RootOption = None,
    as_submitted: AsSubmittedOption = False,
) -> None:
    """Write the quarterly report: the programme as it stood on the quarter's last day."""
    from bif_cli.domain.quarter import parse_quarter
    from bif_cli.io.collector import paused_gc
    from bif_cli.io.resultcache import kept_result, quarterly_arguments

    try:
        chosen = parse_quarter(quarter)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="QUARTER") from None
    if as_submitted:
        programme_dir = programme_root(root)
        language = choose_language(lang, programme_dir)
        others = (output_format, output, region, final, strict, report_date)
        return _as_submitted(programme_dir, str(chosen), language, *others)
    chosen_format = _choose_format(output_format, output)
    when = parse_date_option(report_date, "--date") if report_date else chosen.last_day
    programme_dir = programme_root(root)
    language = choose_language(lang, programme_dir)
    _check_output(output, programme_dir)
    result = _checked(programme_dir, chosen.last_day, language)

    def build(programme: Programme) -> ReportContext:
        from bif_cli.cli.options import choose
        from bif_cli.domain.programme import narrative_path
        from bif_cli.domain.scope import region_ids
        from bif_cli.io.store import narrative_text
        from bif_cli.outputs.report import build_report, check_quarter

        check_quarter(programme, chosen)
        if region is not None:
            choose(region, region_ids(programme), "--region", "region")
        narrative = narrative_text(programme_dir, narrative_path(chosen))
        return build_report(
            programme, chosen, result.problems, narrative, language, region=region, report_date=when
        )

    arguments = quarterly_arguments(chosen, language, region=region, report_date=when)
    # The report's rows (a record per company decoded, a row per company built and rendered)
    # hold no cycles: collecting while they are made only costs time, as while loading.
    with paused_gc():
        context = kept_result(result, arguments, build)
        _finish(
            context,
            result.problems,
            programme_dir=programme_dir,
            output_format=chosen_format,
            language=language,
            output=output,
            final=final,
            strict=strict,
        )


@report_app.command()
def annual(
    year: Annotated[int, typer.Argument(help="The year, like 2015.", metavar="YEAR")],
    *,
    output_format: FormatOption = None,
    lang: LangOption = None,
    output: OutputOption = None,
    final: FinalOption = False,
    strict: StrictOption = False,
    report_date: DateOption = None,
    root: RootOption = None,
    as_submitted: AsSubmittedOption = False,
) -> None:
    """Write the annual report: the year's four quarters, movements, money and milestones."""
    from datetime import date as day

    from bif_cli.io.resultcache import annual_arguments, kept_result

    if as_submitted:
        programme_dir = programme_root(root)
        language = choose_language(lang, programme_dir)
        others = (output_format, output, final, strict, report_date)
        return _as_submitted(programme_dir, str(year), language, *others)
    chosen_format = _choose_format(output_format, output)
    programme_dir = programme_root(root)
    language = choose_language(lang, programme_dir)
    if not 1 <= year <= 9998:
        raise typer.BadParameter(f"{year} is not a year", param_hint="YEAR")
    end = day(year, 12, 31)
    _check_output(output, programme_dir)
    when = parse_date_option(report_date, "--date") if report_date else end
    result = _checked(programme_dir, end, language)

    def build(programme: Programme) -> AnnualReport:
        from bif_cli.io.store import narrative_text
        from bif_cli.outputs.annual import annual_narrative_path, build_annual, check_year

        check_year(programme, year)
        narrative = narrative_text(programme_dir, annual_narrative_path(year))
        return build_annual(programme, year, narrative, report_date=when)

    context = kept_result(result, annual_arguments(year, language, when), build)
    _finish(
        context,
        result.problems,
        programme_dir=programme_dir,
        output_format=chosen_format,
        language=language,
        output=output,
        final=final,
        strict=strict,
    )


@report_app.command(name="final")
def final_report(
    *,
    output_format: FormatOption = None,
    lang: LangOption = None,
    output: OutputOption = None,
    final: FinalOption = False,
    strict: StrictOption = False,
    report_date: DateOption = None,
    root: RootOption = None,
    as_submitted: AsSubmittedOption = False,
) -> None:
    """Write the final report (sluttrapport) for the whole programme period, as of its end."""
    from bif_cli.clock import today
    from bif_cli.io.resultcache import final_arguments, kept_result

    if as_submitted:
        programme_dir = programme_root(root)
        language = choose_language(lang, programme_dir)
        others = (output_format, output, final, strict, report_date)
        return _as_submitted(programme_dir, "final", language, *others)
    chosen_format = _choose_format(output_format, output)
    programme_dir = programme_root(root)
    language = choose_language(lang, programme_dir)
    from bif_cli.io.store import load_programme

    _check_output(output, programme_dir)
    # The report is checked as of the period's end, which program.yaml gives.
    loaded, _problems = load_programme(programme_dir)
    as_of = loaded.program.period.end if loaded.program is not None else today()
    result = _checked(programme_dir, as_of, language)
    chosen_date = parse_date_option(report_date, "--date") if report_date else None

    def build(programme: Programme) -> FinalReport:
        from bif_cli.io.store import narrative_text
        from bif_cli.outputs.final import FINAL_NARRATIVE, build_final

        assert programme.program is not None
        when = chosen_date or programme.program.period.end
        narrative = narrative_text(programme_dir, FINAL_NARRATIVE)
        return build_final(programme, narrative, today=today(), report_date=when)

    context = kept_result(result, final_arguments(language, chosen_date, today()), build)
    _finish(
        context,
        result.problems,
        programme_dir=programme_dir,
        output_format=chosen_format,
        language=language,
        output=output,
        final=final,
        strict=strict,
    )
