"""The command line: a thin typer layer over the core; the only place that prints or exits.

The typer app is in cli/group.py. `bif check` and `bif diff` with plain arguments run without
it (cli/quick.py): importing typer is most of what a warm check costs.
"""

from __future__ import annotations

import gc
import os
import sys


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
    from bif_cli.cli.quick import plain_call

    argv = sys.argv[1:] if args is None else list(args)
    try:
        call = plain_call(argv)
        if call is not None:
            call.run()  # exits, as typer's app does
        else:
            from bif_cli.cli.group import app

            app(args=argv, prog_name="bif")
    except KeyboardInterrupt:
        _say("Interrupted.")
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
                _say(f"bif: {printable(exc.render(chosen_language()))}")
            sys.exit(exc.exit_code)
        if isinstance(exc, BifError):
            _say(f"bif: {printable(exc.render(chosen_language()))}")
            sys.exit(exc.exit_code)
        if os.environ.get("BIF_DEBUG") == "1":
            raise
        _say(
            f"bif: internal error ({exc.__class__.__name__}: {exc}). This is a bug in bif; "
            "please report it with the command you ran (BIF_DEBUG=1 shows the traceback)."
        )
        sys.exit(3)


def _say(message: str) -> None:
    """Write a line to standard error, as typer.echo(err=True) does."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


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
