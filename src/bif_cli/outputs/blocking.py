"""Which problems stop an overview: kept apart from the overviews, so a command that finds
its overview kept (io/resultcache.py) need not import them, nor the models they read."""

from __future__ import annotations

from bif_cli.errors import Problem

# Rules that `bif budget check` evaluates at its own date instead of refusing to run on them.
BUDGET_RULE_CODES = frozenset({"BIF209", "BIF210", "BIF211"})


def blocking_problems(problems: list[Problem], *, budget: bool = False) -> list[Problem]:
    """Return the errors that stop an overview (budget rule errors do not stop the budget one)."""
    return [p for p in problems if p.is_error and not (budget and p.code in BUDGET_RULE_CODES)]
