"""Problems in user data (values) and the few exceptions that stop a command."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the programme's files, located at path:line:column (1-based)."""

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


class BifError(Exception):
    """A command cannot go on; the CLI turns it into a message and an exit code."""

    exit_code = 3


class UsageError(BifError):
    """The user typed something bif cannot use (exit 2)."""

    exit_code = 2


class DataError(BifError):
    """The data breaks a rule and the command cannot go on (exit 1)."""

    exit_code = 1

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


def count_errors(problems: list[Problem]) -> int:
    """Count the problems of severity error."""
    return sum(1 for p in problems if p.is_error)
