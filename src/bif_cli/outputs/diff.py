"""Write the report of `bif diff` as plain text or as Markdown for a pull request."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bif_cli.domain.compare import AreaDelta, ChangeJson, DiffReport, SideJson
from bif_cli.escape import md_code, md_text, shown
from bif_cli.fmt import group_thousands, kroner

SECTION_TITLES = {
    "program": "Programme",
    "budget": "Budget",
    "milestones": "Milestones",
    "companies": "Companies",
    "clusters": "Clusters",
    "registry": "Company register",
}
_SUMMARY_ROWS = {
    "companies": "Companies",
    "recruited": "Recruited (as of {as_of})",
    "clusters": "Clusters",
    "committed": "Committed (all dates)",
    "paid": "Paid (all dates)",
    "errors": "Check errors",
    "warnings": "Check warnings",
}
_MONEY_ROWS = ("committed", "paid")
TEMPLATES_TITLE = "Report templates changed (review them as code: they shape every report)"
# `_` inside a word (process_leader) is no emphasis in GitHub's Markdown, so it stays as it is.


def marker(kind: str) -> str:
    """Return + for what was added or reached, - for what was removed, ~ for a change."""
    if kind.endswith("_added") or kind in ("status", "milestone_done"):
        return "+"
    if kind.endswith("_removed") or kind == "measure_cancelled":
        return "-"
    return "~"


def _revision(side: SideJson) -> str:
    commit = side["commit"]
    return f"{side['revision']} ({commit[:10]})" if commit else side["revision"]


def _number(key: str, value: int) -> str:
    return kroner(value) if key in _MONEY_ROWS else str(value)


def _change(key: str, before: int, after: int) -> str:
    if before == after:
        return ""
    sign = "+" if after > before else ""
    return sign + (
        kroner(after - before) if key in _MONEY_ROWS else group_thousands(after - before)
    )


def _groups(report: DiffReport) -> Iterator[tuple[str, list[tuple[str, str, list[ChangeJson]]]]]:
    """Yield (section, [(label, path, changes)]) in the fixed order of sections."""
    for section in SECTION_TITLES:
        files: dict[tuple[str, str], list[ChangeJson]] = {}
        for change in report["changes"]:
            if change["section"] == section:
                files.setdefault((change["label"], change["path"]), []).append(change)
        if files:
            yield section, [(label, path, items) for (label, path), items in files.items()]


def _area_cells(row: AreaDelta) -> list[str]:
    cells = []
    for key in ("allocation", "committed", "paid"):
        before, after = row[key]["base"], row[key]["head"]
        if before == after:
            cells.append(kroner(after))
        else:
            cells.append(f"{kroner(before)} → {kroner(after)} ({_change('paid', before, after)})")
    return cells


def _words(lang: str) -> dict[str, Any]:
    """Return the headings of the report in lang (bokmål, or the English ones here)."""
    if lang == "nb":
        from bif_cli.outputs.diff_words import HEADINGS_NB

        return HEADINGS_NB
    return {
        "sections": SECTION_TITLES,
        "summary": _SUMMARY_ROWS,
        "no_changes": "No changes to the programme's data.",
        "money_by_area": "Money by area (all dates)",
        "area_line": "allocation {allocation}; committed {committed}; paid {paid}",
        "problems": {"introduced": "Check problems introduced", "fixed": "Check problems fixed"},
        "as_at_base": " (lines as at base)",
        "severity": {"error": "error", "warning": "warning"},
        "md_title": "Programme changes",
        "md_columns": "| | base | head | change |",
        "md_area_columns": "| Area | Allocation | Committed | Paid |",
    }


def _as_of(iso: str, lang: str) -> str:
    if lang == "nb":
        from datetime import date

        from bif_cli.fmt import date_nb

        return date_nb(date.fromisoformat(iso))
    return iso


def _said(change: ChangeJson, lang: str) -> str:
    if lang == "nb":
        from bif_cli.outputs.diff_words import say_nb

        return say_nb(change)
    return str(change["text"])


def _side(side: SideJson, lang: str) -> str:
    if lang == "nb":
        from bif_cli.outputs.diff_words import revision_nb

        return revision_nb(_revision(side))
    return _revision(side)


def _label(label: str, lang: str) -> str:
    if lang == "nb":
        from bif_cli.outputs.diff_words import label_nb

        return label_nb(label)
    return label


def text_lines(report: DiffReport, lang: str = "en") -> list[tuple[str, str]]:
    """Return the text report as (marker, line); the marker picks a colour on a terminal."""
    w = _words(lang)
    title = f"bif diff: {_side(report['base'], lang)} → {_side(report['head'], lang)}"
    lines = [("", title)]
    reported = report["reported"]["figures"]
    if reported:
        lines = [("~", report["reported"]["title"] + ":")]
        lines += [("~", f"  {row['text']}") for row in reported]
        lines += [("", ""), ("", title)]
    changed = [key for key, v in report["summary"].items() if v["base"] != v["head"]]
    for key in changed:
        values = report["summary"][key]
        title = w["summary"][key].format(as_of=_as_of(report["as_of"], lang))
        lines.append(
            (
                "",
                f"  {title}: {_number(key, values['base'])} → {_number(key, values['head'])}",
            )
        )
    if not report["changes"]:
        lines.append(("", ""))
        lines.append(("", w["no_changes"]))
    for section, files in _groups(report):
        lines.append(("", ""))
        lines.append(("", w["sections"][section]))
        for label, path, items in files:
            lines.append(("", f"  {shown(_label(label, lang))} — {shown(path)}"))
            lines.extend(
                (marker(c["kind"]), f"    {marker(c['kind'])} {_said(c, lang)}") for c in items
            )
    if report.get("templates"):
        lines.append(("", ""))
        lines.append(("", TEMPLATES_TITLE))
        for item in report["templates"]:
            mark = {"added": "+", "removed": "-"}.get(item["change"], "~")
            lines.append((mark, f"  {mark} {shown(item['path'])} ({item['change']})"))
    if report["areas"]:
        lines.append(("", ""))
        lines.append(("", w["money_by_area"]))
        for row in report["areas"]:
            allocation, committed, paid = _area_cells(row)
            said = w["area_line"].format(allocation=allocation, committed=committed, paid=paid)
            lines.append(("~", f"  {row['id']} {row['name']}: {said}"))
    for key, mark in (("introduced", "-"), ("fixed", "+")):
        problems = report["problems"]["introduced" if key == "introduced" else "fixed"]
        if problems:
            lines.append(("", ""))
            lines.append(("", f"{w['problems'][key]} ({len(problems)})"))
            for p in problems:
                lines.append(
                    (
                        mark if p["severity"] == "error" or key == "fixed" else "~",
                        f"  {shown(p['path'])}:{p['line']}:{p['column']}: "
                        f"{p['severity']}[{p['code']}]: {shown(p['message'])}",
                    )
                )
    return lines


def md_escape(text: str) -> str:
    """Escape text from data files for Markdown: no markup, no HTML, one line."""
    return md_text(text)


def markdown(report: DiffReport, lang: str = "en") -> str:
    """Return the report as Markdown for a pull-request comment or a CI job summary."""
    w = _words(lang)
    base, head = _side(report["base"], lang), _side(report["head"], lang)
    out: list[str] = []
    reported = report["reported"]["figures"]
    if reported:
        out += [f"> [!WARNING]\n> **{md_escape(report['reported']['title'])}**", ">"]
        out += [f"> - {md_escape(row['text'])}" for row in reported]
        out.append("")
    out += [
        f"## {w['md_title']}: {md_escape(base)} → {md_escape(head)}",
        "",
        w["md_columns"],
        "|---|--:|--:|--:|",
    ]
    for key, values in report["summary"].items():
        title = w["summary"][key].format(as_of=_as_of(report["as_of"], lang))
        before, after = values["base"], values["head"]
        cells = [_number(key, before), _number(key, after), _change(key, before, after)]
        if cells[2]:
            cells[2] = f"**{cells[2]}**"
        out.append(f"| {title} | " + " | ".join(cells) + " |")
    if not report["changes"]:
        out += ["", w["no_changes"]]
    for section, files in _groups(report):
        out += ["", f"### {w['sections'][section]}", ""]
        for label, path, items in files:
            if section in ("companies", "clusters"):
                out.append(f"- **{md_escape(_label(label, lang))}** ({md_code(path)})")
                out.extend(
                    f"  - {_md_marker(c['kind'])} {md_escape(_said(c, lang))}" for c in items
                )
            else:
                out.append(md_code(path))
                out.append("")
                out.extend(f"- {_md_marker(c['kind'])} {md_escape(_said(c, lang))}" for c in items)
    if report.get("templates"):
        out += ["", f"### {TEMPLATES_TITLE}", ""]
        for item in report["templates"]:
            mark = _md_marker({"added": "x_added", "removed": "x_removed"}.get(item["change"], "x"))
            out.append(f"- {mark} {md_code(shown(item['path']))} ({item['change']})")
    if report["areas"]:
        out += [
            "",
            f"### {w['money_by_area']}",
            "",
            w["md_area_columns"],
            "|---|--:|--:|--:|",
        ]
        for row in report["areas"]:
            cells = [md_escape(c) for c in _area_cells(row)]
            out.append(
                f"| {md_escape(row['id'] + ' ' + row['name'])} | " + " | ".join(cells) + " |"
            )
    for key in ("introduced", "fixed"):
        problems = report["problems"]["introduced" if key == "introduced" else "fixed"]
        if problems:
            where = "" if key == "introduced" else w["as_at_base"]
            out += ["", f"### {w['problems'][key]} ({len(problems)}){where}", ""]
            for p in problems:
                where = md_code(f"{p['path']}:{p['line']}:{p['column']}")
                severity = w["severity"][p["severity"]]
                out.append(f"- **{severity}** {where} {p['code']}: {md_escape(p['message'])}")
    return "\n".join(out) + "\n"


def _md_marker(kind: str) -> str:
    return {"+": "➕", "-": "➖", "~": "✏️"}[marker(kind)]
