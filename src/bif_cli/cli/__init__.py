"""The command line: a thin typer layer over the core; the only place that prints or exits."""

from __future__ import annotations

import gc
import os
import sys

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


def main(args: list[str] | None = None) -> None:
    """Run the app and turn every failure into a message and an exit code, in this one place.

    typer itself turns usage errors into exit 2; what reaches this handler is bif's own:
    UsageError exits 2, DataError (problems stay Problem values until printed here) exits 1,
    and anything else is a bug in bif (exit 3).
    """
    # The programme's data is its own: no pydantic plugin installed beside bif (an
    # observability hook, say) sees the files it validates, unless the user names the
    # plugins to leave out themselves. It also spares reading every installed package's
    # entry points on each run that validates a file.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        app(args=args, prog_name="bif")
    except KeyboardInterrupt:
        typer.echo("Interrupted.", err=True)
        sys.exit(130)
    except Exception as exc:
        # Imported only now: a command that succeeds (or `bif --help`) never needs them.
        from bif_cli.cli.common import chosen_language, print_problems
        from bif_cli.errors import BifError, DataError
        from bif_cli.escape import printable

        if isinstance(exc, DataError):
            if exc.problems:
                print_problems(exc.problems, "text", exc.root)
            if str(exc):
                typer.echo(f"bif: {printable(exc.render(chosen_language()))}", err=True)
            sys.exit(exc.exit_code)
        if isinstance(exc, BifError):
            typer.echo(f"bif: {printable(exc.render(chosen_language()))}", err=True)
            sys.exit(exc.exit_code)
        if os.environ.get("BIF_DEBUG") == "1":
            raise
        typer.echo(
            f"bif: internal error ({exc.__class__.__name__}: {exc}). This is a bug in bif; "
            "please report it with the command you ran (BIF_DEBUG=1 shows the traceback).",
            err=True,
        )
        sys.exit(3)


def run() -> None:
    """The `bif` command: main(), then an exit that does not free the heap object by object.

    A programme of 10 000 companies leaves millions of small objects behind, and Python's own
    shutdown frees them one at a time (a tenth of a second or more) just before the process
    ends anyway. Every file bif writes is closed by the time main() returns; standard output
    and error are flushed here. If that flush fails (a closed pipe), Python's own exit runs
    and reports it as it always has.

    The garbage collector is off for the whole command: a programme's data holds no cycles,
    and passes over 10 000 companies' records cost more than the little they would free
    (bench/RESULTS.md measures peak memory with it off).
    """
    gc.disable()
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    else:
        code = None
    if code is not None and not isinstance(code, int):
        raise SystemExit(code)  # a message: Python prints it and exits 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe or stream
        raise SystemExit(code) from None
    os._exit(code or 0)
