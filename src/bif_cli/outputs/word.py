"""The names a Word template sees beyond the report's own context: one shape for every report."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bif_cli.outputs.overviews import AreaLine
    from bif_cli.outputs.report_types import ReportContext

_MARKUP = re.compile(r"^#+\s*|\*\*|__|`", re.MULTILINE)


def plain_text(markdown: str) -> str:
    """Turn a narrative's Markdown into plain paragraphs: lines of a paragraph joined, marks off.

    Headings and list items keep their own lines; paragraphs are separated by a blank line.
    """
    blocks = []
    for block in re.split(r"\n\s*\n", markdown.strip()):
        lines: list[str] = []
        after_heading = True
        for line in block.splitlines():
            stripped = line.strip()
            starts_line = stripped.startswith(("#", "- ", "* ")) or after_heading
            text = _MARKUP.sub("", stripped).strip()
            if stripped.startswith("* "):
                text = "- " + text[2:]
            if starts_line or not lines:
                lines.append(text)
            else:
                lines[-1] += " " + text
            after_heading = stripped.startswith("#")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def word_names(context: ReportContext, t: dict[str, Any]) -> dict[str, Any]:
    """Return the docx_* names (the same in quarterly, annual and final) and the period's dates."""
    kind = context["kind"]
    # The three reports name these differently; the Word template sees one shape.
    areas: Sequence[AreaLine]
    totals: Mapping[str, object]
    terms: Sequence[Mapping[str, Any]]
    if context["kind"] == "quarterly":
        start, end = context["quarter"]["start"], context["quarter"]["end"]
        budget = context["budget"]
        areas, totals, frame = budget["areas"], budget["totals"], budget["frame"]
        terms = context["summary"]["counts"]
        column = t["at_end"]
    else:
        start, end = context["period"]["start"], context["period"]["end"]
        areas, totals, frame = context["areas"], context["totals"], context["frame"]
        terms = [{"key": k, "value": context["terms"][k]} for k in context["summary_terms"]]
        column = t["at_end"] if kind == "annual" else t["programme_period"]
    regions = context["per_region"]["regions"] if context["per_region"] else []
    text = context["narrative"]["text"]
    narrative = plain_text(text) if text and text.strip() else t["no_narrative"] + "."
    return {
        "period_start": start,
        "period_end": end,
        "docx_terms": terms,
        "docx_column": column,
        "docx_areas": areas,
        "docx_chart_max": max([1, *(max(a["allocation"], a["committed"]) for a in areas)]),
        "docx_totals": totals,
        "docx_frame": frame,
        "docx_regions": regions,
        "docx_narrative_text": narrative,
        # The annual report's money rows per quarter, by their key in `quarters` and in `t`.
        "docx_quarter_money": [
            ("granted_quarter", "committed"),
            ("paid_quarter", "paid"),
            ("paid_to_date", "paid_to_date"),
        ],
    }
