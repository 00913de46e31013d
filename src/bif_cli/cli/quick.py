"""`bif check` and `bif diff` run without typer when their arguments are plain.

Importing typer and its click costs about 25 ms of a warm `bif check`'s 120 ms, more than
the check spends on the programme itself. When every argument is one this table knows (an
option spelt out in full, given once, with a valid value), the command's own body runs here,
as typer would run it.
Anything else (help, a typo, a bad value, shell completion) goes to typer, which answers it
as it always has. tests/test_quick.py runs each plain form both ways and compares them.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys
from typing import NamedTuple

# The valid values of an option that takes one, or None when any text will do.
Values = tuple[str, ...] | None

_ROOT = ("root", None)
_LANG = ("lang", ("nb", "en"))


class Plain(NamedTuple):
    """A command's body and the arguments it takes: what typer's declaration says, no more."""

    module: str  # under bif_cli.cli
    function: str
    flags: dict[str, str]  # option: the parameter it sets to True
    options: dict[str, tuple[str, Values]]  # option: the parameter it sets, its valid values
    arguments: tuple[str, ...] = ()  # the positional parameters, in order


PLAIN: dict[str, Plain] = {
    "check": Plain(
        "check_run",
        "run_check",
        {"--strict": "strict", "--no-cache": "no_cache"},
        {
            "--format": ("output_format", ("text", "json", "github")),
            "--root": _ROOT,
            "--lang": _LANG,
        },
    ),
    "diff": Plain(
        "diff_run",
        "run_diff",
        {},
        {"--format": ("output_format", ("text", "md", "json")), "--root": _ROOT, "--lang": _LANG},
        ("base", "head"),
    ),
}


class Call(NamedTuple):
    plain: Plain
    given: dict[str, str | bool]

    def run(self) -> None:
        """Run the command's body, then exit as typer does: 0, 1 on a closed pipe, 130 on ^C."""
        body = getattr(
            importlib.import_module(f"bif_cli.cli.{self.plain.module}"), self.plain.function
        )
        try:
            body(**self.given)
        except KeyboardInterrupt:
            sys.exit(130)
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise
            _silence_closed_pipes()
            sys.exit(1)
        sys.exit(0)


def plain_call(argv: list[str]) -> Call | None:
    """Return the call argv makes when it is plain (see above), else None: typer's to answer."""
    if not argv or argv[0] not in PLAIN or "_BIF_COMPLETE" in os.environ:
        return None
    plain = PLAIN[argv[0]]
    given: dict[str, str | bool] = {}
    positional: list[str] = []
    rest = iter(argv[1:])
    for arg in rest:
        if not arg.startswith("-"):
            positional.append(arg)
            continue
        name, equals, value = arg.partition("=")
        if name in plain.flags and not equals:
            parameter = plain.flags[name]
            found: str | bool = True
        elif name in plain.options:
            parameter, valid = plain.options[name]
            found = value if equals else next(rest, "")
            if not found or found.startswith("-") or (valid is not None and found not in valid):
                return None
        else:
            return None
        if parameter in given:
            return None
        given[parameter] = found
    if len(positional) > len(plain.arguments):
        return None
    given.update(zip(plain.arguments, positional, strict=False))
    return Call(plain, given)


def _silence_closed_pipes() -> None:
    """Point standard output and error at /dev/null, so the flush at exit cannot fail again."""
    null = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        try:
            os.dup2(null, stream.fileno())
        except (OSError, ValueError, AttributeError):
            pass
