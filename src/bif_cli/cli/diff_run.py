"""What `bif diff` does, in plain Python: typer's command (cli/diff.py) and the call without
typer (cli/quick.py) both run it."""

from __future__ import annotations

import sys

_STYLES = {"+": "green", "-": "red", "~": "yellow"}


def run_diff(
    base: str | None = None,
    head: str | None = None,
    *,
    output_format: str = "text",
    root: str | None = None,
    lang: str | None = None,
) -> None:
    """Print what the change from base to head means for the programme, in output_format."""
    from bif_cli.cli.common import (
        choose_language,
        console,
        print_json,
        programme_root,
        surely_no_terminal,
    )
    from bif_cli.clock import today
    from bif_cli.io.diffsides import diff_at
    from bif_cli.outputs.diff import markdown, text_lines

    when = today()
    programme_dir = programme_root(root)
    language = choose_language(lang, programme_dir)
    report = diff_at(programme_dir, base, head, when, language)
    if output_format == "json":
        print_json(report)
    elif output_format == "md":
        sys.stdout.write(markdown(report, language))
    else:
        lines = text_lines(report, language)
        if surely_no_terminal(sys.stdout) and all(line.isprintable() for _mark, line in lines):
            # What rich would write (no terminal, no colour, soft wrap), without importing it.
            sys.stdout.write("".join(f"{line}\n" for _mark, line in lines))
            return
        from rich.text import Text

        out = console()
        for mark, line in lines:
            out.print(Text(line, style=_STYLES.get(mark, "")))
