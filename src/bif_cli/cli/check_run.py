"""What `bif check` does, in plain Python: typer's command (cli/check.py) and the call without
typer (cli/quick.py) both run it."""

from __future__ import annotations

import sys


def run_check(
    *,
    strict: bool = False,
    output_format: str = "text",
    no_cache: bool = False,
    root: str | None = None,
    lang: str | None = None,
) -> None:
    """Check every file and rule of the programme and print the problems in output_format."""
    from bif_cli.cli.common import choose_language, print_problems, programme_root, summary_line
    from bif_cli.clock import today
    from bif_cli.errors import DataError
    from bif_cli.io.check import check as check_source

    programme_dir = programme_root(root)
    language = choose_language(lang, programme_dir)
    result = check_source(programme_dir, today(), use_cache=not no_cache)
    problems = result.problems
    if strict:
        from bif_cli.errors import sort_problems
        from bif_cli.io.snapshot import strict_problems

        problems = sort_problems([*problems, *strict_problems(programme_dir, today())])
    read: dict[str, bytes] = {}
    if result.loaded:  # the loader keeps the bytes it read: show lines without reading again
        for rel, source in result.programme.sources.items():
            raw = getattr(source, "source", None)
            if isinstance(raw, bytes):
                read[rel] = raw
    print_problems(problems, output_format, programme_dir, language, read)
    if output_format == "text":
        sys.stdout.write(summary_line(problems, result.files, language) + "\n")
    if result.errors or (strict and problems):
        raise DataError()  # the problems are printed above
