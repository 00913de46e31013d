"""Figures already reported to the owner that have moved: for `bif diff` and the reports."""

from __future__ import annotations

from datetime import date
from typing import Any

from bif_cli.domain.compare import Culprit, MovedFigure, ReportedJson
from bif_cli.domain.programme import Programme
from bif_cli.domain.submitted import Moved, all_moved
from bif_cli.domain.submitted_rules import culprit_place, figure_arg
from bif_cli.fmt import group_thousands
from bif_cli.outputs.report_types import Corrections
from bif_cli.texts import message, say


def _value(moved: Moved, value: int | str, lang: str) -> str:
    if not moved.money or not isinstance(value, int):
        return str(value)
    return f"NOK {value:,}" if lang == "en" else f"{group_thousands(value)} kr"


def moved_row(programme: Programme, moved: Moved, lang: str) -> MovedFigure:
    """Return one moved figure as plain data, its words in lang."""
    figure = figure_arg(moved)
    label = message(figure[0], tuple(zip(figure[1::2], figure[2::2], strict=True)), lang)
    culprits: list[Culprit] = []
    for c in moved.culprits:
        line, _column = culprit_place(programme, c)
        culprits.append({"entry": c.label, "path": c.path, "line": line, "reason": c.reason})
    reported, now = _value(moved, moved.reported, lang), _value(moved, moved.now, lang)
    where = "; ".join(f"{c['entry']}, {c['path']}:{c['line']}" for c in culprits)
    reasons = moved.reasons
    why = say("submit.reason", lang, reason="; ".join(reasons)) if reasons else ""
    why = why or say("submit.no_reason", lang)
    return {
        "record": moved.record,
        "period": moved.period,
        "figure": label,
        "figure_msg": figure,
        "money": moved.money,
        "reported": moved.reported,
        "now": moved.now,
        "reported_text": reported,
        "now_text": now,
        "corrected": moved.corrected,
        "reasons": reasons,
        "why": why,
        "culprits": culprits,
        "text": f"{moved.period}: {label} {reported} → {now} ({where or '-'}; {why})",
    }


def _key(moved: Moved) -> tuple[Any, ...]:
    return (moved.record, moved.figure, moved.args, moved.reported, moved.now, tuple(moved.reasons))


def reported_changes(base: Programme, head: Programme, lang: str) -> ReportedJson:
    """Return the figures already reported that head moves, or whose correction it changes."""
    known = {_key(m) for m in all_moved(base)}
    rows = [moved_row(head, m, lang) for m in all_moved(head) if _key(m) not in known]
    return {"title": say("submit.diff_opening", lang), "figures": rows}


def report_corrections(
    programme: Programme, kind: str, label: str, end: date, lang: str = "nb"
) -> Corrections:
    """Return the corrections a report shows, and whether it is itself a corrected version.

    A report lists every moved figure of each submitted report that ended before it; a report
    whose own submitted figures have moved is a corrected version ("Korrigert versjon").
    """
    moved = all_moved(programme)
    own = [
        m
        for m in moved
        if programme.submitted[m.record].report == kind
        and programme.submitted[m.record].period == label
    ]
    earlier = [m for m in moved if programme.submitted[m.record].end < end and m not in own]
    return {
        "corrected": bool(own),
        "corrections": [moved_row(programme, m, lang) for m in earlier],
    }
