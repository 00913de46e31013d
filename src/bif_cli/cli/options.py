"""The options the commands share, as typer declares them, and the values typer checks.

Kept apart from cli/common.py, whose output helpers also serve the commands run without
typer (cli/quick.py).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

import typer

from bif_cli.cli.common import chosen_language

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
