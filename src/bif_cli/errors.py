"""Problems in user data (values) and the few exceptions that stop a command."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Self, TypedDict

from bif_cli.texts import DEFAULT_LANGUAGE, Arg, Args, message

Severity = Literal["error", "warning"]


class ProblemJson(TypedDict):
    """One problem as JSON (`bif check --format json`), its message in one language."""

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in the programme's files, located at path:line:column (1-based).

    text is a message id in texts.MESSAGES and args its arguments: the words are chosen
    only when the problem is shown, so a problem (and the cache) holds no language.
    """

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    text: str
    args: Args = ()

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        """Order problems by file, place and code (the one order every output uses)."""
        return (self.path, self.line, self.column, self.code, self.text, repr(self.args))

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """Return the message in lang (nb or en)."""
        return message(self.text, self.args, lang)

    def as_dict(self, lang: str = DEFAULT_LANGUAGE) -> ProblemJson:
        """Return the JSON shape of one problem, its message in lang."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.render(lang),
        }


# A problem as the plain tuple the caches keep: Problem(*plain) makes it again.
PlainProblem = tuple[str, int, int, Severity, str, str, Args]


def plain_problems(problems: list[Problem]) -> list[PlainProblem]:
    """Return problems as the plain tuples the caches keep."""
    return [(p.path, p.line, p.column, p.severity, p.code, p.text, p.args) for p in problems]


def args(**values: Arg) -> Args:
    """Return a problem's arguments as a hashable value: args(measure="fou", paid=1000)."""
    return tuple(values.items())


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Sort problems in place by file, place and code, and return them."""
    problems.sort(key=lambda p: p.sort_key)
    return problems


class BifError(Exception):
    """A command cannot go on; the CLI turns it into a message and an exit code.

    Raised with a message id from texts.MESSAGES (BifError.said(...)), it is shown in the
    language the user chose; raised with plain text, it is shown as written.
    """

    exit_code = 3
    text = ""
    values: Args = ()

    @classmethod
    def said(cls, text: str, **values: Arg) -> Self:
        """Make the error from a message id and its arguments (str() of it is the English)."""
        error = cls(message(text, tuple(values.items()), "en"))
        error.text, error.values = text, tuple(values.items())
        return error

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """Return the message in lang."""
        return message(self.text, self.values, lang) if self.text else str(self)


class UsageError(BifError):
    """The user typed something bif cannot use (exit 2)."""

    exit_code = 2


class DataError(BifError):
    """The data breaks a rule and the command cannot go on (exit 1).

    The CLI prints the problems (with excerpts of the files under root, when given), then
    the message; a DataError with neither only sets the exit code (the output is shown).
    """

    exit_code = 1

    def __init__(
        self, message: str = "", problems: list[Problem] | None = None, *, root: Path | None = None
    ) -> None:
        super().__init__(message)
        self.problems = problems or []
        self.root = root


class UnknownIdError(UsageError):
    """A write names an id the programme does not have; the message lists the ones it has.

    what is a term id in texts.TERMS (owner, owner_or_costs, company_status, milestone …).
    """

    def __init__(
        self, what: str, value: str, choices: list[str], *, owner: str | None = None
    ) -> None:
        import difflib

        self.what, self.value, self.choices = what, value, choices
        listed = tuple(choices)
        # The closest id first (a typo is the usual cause), then every valid one.
        close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
        hint = args(close=close[0]) if close else ()
        if owner is None:
            self.text = "error.unknown_id_close" if close else "error.unknown_id"
            self.values = args(what=what, value=value, choices=listed) + hint
        else:
            self.text = "error.unknown_measure_close" if close else "error.unknown_measure"
            self.values = args(owner=owner, value=value, choices=listed) + hint
        super().__init__(self.render("en"))


class AlreadyExistsError(UsageError):
    """A write would add a file or an id that is already there."""


class NothingToChangeError(UsageError):
    """A write would change nothing: the status or the milestone is already so."""


def count_errors(problems: list[Problem]) -> int:
    """Count the problems of severity error."""
    return sum(1 for p in problems if p.is_error)
