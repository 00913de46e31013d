"""The one entry point that loads a programme and runs every rule over it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bif_cli.domain.programme import Programme
from bif_cli.domain.rules import run_rules
from bif_cli.errors import Problem, sort_problems
from bif_cli.io.store import load_programme
from bif_cli.io.yamlio import paused_gc


def check_programme(root: Path, today: date) -> tuple[Programme, list[Problem]]:
    """Load the programme at root and return it with every file and rule problem, sorted."""
    with paused_gc():
        programme, problems = load_programme(root)
        problems.extend(run_rules(programme, today))
    sort_problems(problems)
    return programme, problems


def check_report(problems: list[Problem], lang: str) -> dict[str, object]:
    """Return the JSON shape of `bif check`: counts and every problem, its message in lang."""
    errors = sum(1 for p in problems if p.is_error)
    return {
        "errors": errors,
        "warnings": len(problems) - errors,
        "issues": [p.as_dict(lang) for p in problems],
    }
