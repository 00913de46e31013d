"""`bif check`: validate every file and rule of the programme."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from bif_cli.cli import app
from bif_cli.cli.common import RootOption, print_problems, programme_root, summary_line

if TYPE_CHECKING:
    from bif_cli.errors import Problem


def _order(p: Problem) -> tuple[str, int, int, str, str]:
    return (p.path, p.line, p.column, p.code, p.message)


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
) -> None:
    """Check every file and rule of the programme; list all problems with file:line:col."""
    from contextlib import nullcontext

    from bif_cli.clock import today
    from bif_cli.io import cache

    programme_dir = programme_root(root)
    when = today()

    def compute() -> tuple[list[Problem], int]:
        from bif_cli.io.check import check_programme

        programme, problems = check_programme(programme_dir, when)
        return problems, len(programme.sources)

    with cache.bypassed() if no_cache else nullcontext():
        problems, files = cache.cached_check(programme_dir, when, compute)
    if strict:
        from bif_cli.io.snapshot import strict_problems

        problems = sorted([*problems, *strict_problems(programme_dir, when)], key=_order)
    print_problems(problems, output_format.value, programme_dir)
    if output_format is CheckFormat.text:
        typer.echo(summary_line(problems, files))
    errors = sum(1 for p in problems if p.is_error)
    if errors or (strict and problems):
        raise typer.Exit(1)
