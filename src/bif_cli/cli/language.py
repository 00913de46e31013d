"""The language of what a user reads: --lang, else program.yaml's `language`, else bokmål."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from bif_cli.cli.common import choose

if TYPE_CHECKING:
    from bif_cli.domain.programme import Programme

LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Language: nb (bokmål) or en. Default: program.yaml's language, else nb.",
        show_default=False,
    ),
]


def language(programme: Programme | None, lang: str | None) -> str:
    """Return the language to write in: the option, the programme's setting, or nb."""
    from bif_cli.texts import LANGUAGES

    if lang is not None:
        return choose(lang, list(LANGUAGES), "--lang", "language", ignore_case=True)
    configured = getattr(programme.program, "language", None) if programme else None
    return configured if configured in LANGUAGES else "nb"
