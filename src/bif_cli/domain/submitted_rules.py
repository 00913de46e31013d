"""BIF501: a submitted report's figures that the data now gives differently, uncorrected."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from bif_cli.domain.programme import Programme
from bif_cli.domain.submitted import Culprit, Moved, all_moved
from bif_cli.errors import Problem


def culprit_place(programme: Programme, culprit: Culprit) -> tuple[int, int]:
    """Return the line and column of the entry that moved a figure (1, 1 when it is gone)."""
    source = programme.sources.get(culprit.path)
    if source is None or not culprit.loc:
        return 1, 1
    return source.locate(culprit.loc)


def culprits_text(programme: Programme, moved: Moved) -> str:
    """Say which entries moved a figure: `owner/measure, path:line`, in any language."""
    shown = []
    for culprit in moved.culprits:
        line, _column = culprit_place(programme, culprit)
        shown.append(f"{culprit.label}, {culprit.path}:{line}")
    return "; ".join(shown) or "-"


def figure_arg(moved: Moved) -> tuple[str, ...]:
    """Return the figure's label as a nested message argument (see texts, spec `msg`)."""
    flat: list[str] = [f"figure.{moved.figure}"]
    for key, value in moved.args:
        flat += [key, str(value)]
    return tuple(flat)


def moved_problem(programme: Programme, moved: Moved) -> Problem:
    """Make the BIF501 warning for one moved figure, at the first entry that moved it."""
    unexplained = [c for c in moved.culprits if c.reason is None] or list(moved.culprits)
    where = unexplained[0] if unexplained else None
    if where is not None and where.loc and where.path in programme.sources:
        path = where.path
        line, column = culprit_place(programme, where)
    else:
        path, (line, column) = moved.record, (1, 1)
    return Problem(
        path,
        line,
        column,
        "warning",
        "BIF501",
        "BIF501.money" if moved.money else "BIF501.value",
        (
            ("period", moved.period),
            ("figure", figure_arg(moved)),
            ("reported", moved.reported),
            ("now", moved.now),
            ("culprits", culprits_text(programme, moved)),
        ),
    )


def submitted_figures_hold(p: Programme, today: date) -> Iterator[Problem]:
    """BIF501: a figure already reported to the owner has moved without a correction."""
    for moved in all_moved(p):
        if not moved.corrected:
            yield moved_problem(p, moved)
