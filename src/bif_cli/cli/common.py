"""Options and output helpers shared by the commands."""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from bif_cli.errors import Problem

RootOption = Annotated[
    str | None,
    typer.Option(
        "--root",
        help="The programme folder (the one with data/program.yaml). "
        "Default: $BIF_ROOT, or found by walking up from here.",
        show_default=False,
    ),
]


class Language(StrEnum):
    nb = "nb"
    en = "en"


LangOption = Annotated[
    Language | None,
    typer.Option(
        "--lang",
        help="Language of messages: nb (bokmål) or en (English). "
        "Default: `language` in data/program.yaml, otherwise nb.",
        show_default=False,
    ),
]

# The language the running command chose, so main() prints a late error in it too.
_chosen = {"lang": "nb"}


def choose_language(lang: Language | None, root: Path | None = None) -> str:
    """Return --lang, else the programme's `language`, else nb; later messages use it too."""
    from bif_cli.io.root import configured_language

    chosen = lang.value if lang is not None else configured_language(root)
    _chosen["lang"] = chosen
    return chosen


def chosen_language() -> str:
    """Return the language the running command chose (nb until one is chosen)."""
    return _chosen["lang"]


def programme_root(root: str | None) -> Path:
    """Find the programme root from --root, BIF_ROOT or the current folder."""
    from bif_cli.io.root import open_programme

    return open_programme(root)


def parse_date_option(value: str | None, option: str) -> date:
    """Parse a date option (today when absent): 2015-06-30, 30.06.2015 or 30.6.2015."""
    from bif_cli.clock import today

    if value is None:
        return today()
    from bif_cli.domain.habits import parse_input_date

    try:
        return parse_input_date(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=option) from None


def choose(
    value: str,
    valid: list[str],
    option: str,
    what: str,
    *,
    words: dict[str, str] | None = None,
    ignore_case: bool = False,
) -> str:
    """Return the valid id meant by value (bokmål words, any case if asked), or a usage error.

    The error names the closest match ("did you mean") before the list of every valid one.
    """
    from bif_cli.domain.habits import resolve

    try:
        lang = chosen_language()
        return resolve(value, valid, what, words=words, ignore_case=ignore_case, lang=lang)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=option) from None


def console(stderr: bool = False) -> Any:
    """Return a rich console: colour only on a terminal, NO_COLOR honoured."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def print_json(data: object) -> None:
    """Print data as indented JSON with non-ASCII kept readable."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


# Problems about a file as a whole: showing its first line would point at nothing.
_WHOLE_FILE_CODES = frozenset({"BIF001", "BIF003", "BIF014", "BIF015", "BIF016"})
# Tabs and control characters would shift the caret or disturb the terminal: show one mark each.
_VISIBLE = {i: "\ufffd" for i in (*range(0x20), 0x7F)} | {0x09: "\u2192"}


def _source_line(root: Path | None, problem: Problem) -> str | None:
    if root is None or problem.code in _WHOLE_FILE_CODES:
        return None
    path = root / problem.path
    try:
        if path.is_symlink():
            return None
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if number == problem.line:
                    text = raw.decode("utf-8-sig", errors="replace").rstrip("\r\n")
                    return text.translate(_VISIBLE) if len(text) <= 200 else None
    except OSError:
        return None
    return None


def _github_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def print_problems(
    problems: list[Problem],
    output_format: str,
    root: Path | None = None,
    lang: str | None = None,
) -> None:
    """Print problems as text (with the offending line and a caret), json or github."""
    lang = lang or chosen_language()
    if output_format == "json":
        from bif_cli.io.check import check_report

        print_json(check_report(problems, lang))
        return
    if output_format == "github":
        for p in problems:
            level = "error" if p.is_error else "warning"
            sys.stdout.write(
                f"::{level} file={_github_escape(p.path, prop=True)},line={p.line},"
                f"col={p.column},title={p.code}::{_github_escape(p.render(lang))}\n"
            )
        return
    from rich.text import Text

    out = console()
    for p in problems:
        style = "bold red" if p.is_error else "yellow"
        out.print(
            Text.assemble(
                (f"{p.path}:{p.line}:{p.column}: ", "bold"),
                (f"{p.severity}[{p.code}]", style),
                f": {p.render(lang)}",
            )
        )
        source = _source_line(root, p)
        if source is not None and source.strip():
            gutter = f"{p.line:>5} | "
            out.print(Text(gutter + source))
            caret_pad = " " * (max(p.column, 1) - 1)
            out.print(Text(" " * (len(gutter) - 2) + "| " + caret_pad + "^", style=style))


def summary_line(problems: list[Problem], files: int, lang: str) -> str:
    """Say in one line how many errors and warnings were found in how many files."""
    from bif_cli.texts import say

    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    if not problems:
        return say("check.ok", lang, files=files)
    return say("check.summary", lang, errors=errors, warnings=warnings, files=files)
