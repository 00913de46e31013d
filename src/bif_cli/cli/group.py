"""bif's typer app: the group every command module registers its commands on."""

from __future__ import annotations

import typer

from bif_cli.cli.lazy import LazyGroup

app = typer.Typer(
    name="bif",
    help="Keep a regional business-development programme as YAML in git: "
    "check it, follow it up and report it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=LazyGroup,
)


@app.callback()
def _root() -> None:
    """Keep a regional business-development programme as YAML in git."""


# The command modules register their commands on `app` when imported; LazyGroup imports
# each only when its command is used, and lists them all from cli.commands.COMMANDS.
