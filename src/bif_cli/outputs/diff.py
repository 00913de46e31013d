"""Write the report of `bif diff` as plain text or as Markdown for a pull request."""

from __future__ import annotations

from collections.abc import Iterator

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


def text_lines(report: DiffReport) -> list[tuple[str, str]]:
    """Return the text report as (marker, line); the marker picks a colour on a terminal."""
    lines = [("", f"bif diff: {_revision(report['base'])} → {_revision(report['head'])}")]
    reported = report["reported"]["figures"]
    if reported:
        lines = [("~", report["reported"]["title"] + ":")]
        lines += [("~", f"  {row['text']}") for row in reported]
        lines += [
            ("", ""),
            ("", f"bif diff: {_revision(report['base'])} → {_revision(report['head'])}"),
        ]
    changed = [key for key, v in report["summary"].items() if v["base"] != v["head"]]
    for key in changed:
        values = report["summary"][key]
        title = _SUMMARY_ROWS[key].format(as_of=report["as_of"])
        lines.append(
            (
                "",
                f"  {title}: {_number(key, values['base'])} → {_number(key, values['head'])}",
            )
        )
    if not report["changes"]:
        lines.append(("", ""))
        lines.append(("", "No changes to the programme's data."))
    for section, files in _groups(report):
        lines.append(("", ""))
        lines.append(("", SECTION_TITLES[section]))
        for label, path, items in files:
            lines.append(("", f"  {shown(label)} — {shown(path)}"))
            lines.extend((marker(c["kind"]), f"    {marker(c['kind'])} {c['text']}") for c in items)
    if report.get("templates"):
        lines.append(("", ""))
        lines.append(("", TEMPLATES_TITLE))
        for item in report["templates"]:
            mark = {"added": "+", "removed": "-"}.get(item["change"], "~")
            lines.append((mark, f"  {mark} {shown(item['path'])} ({item['change']})"))
    if report["areas"]:
        lines.append(("", ""))
        lines.append(("", "Money by area (all dates)"))
        for row in report["areas"]:
            allocation, committed, paid = _area_cells(row)
            lines.append(
                (
                    "~",
                    f"  {row['id']} {row['name']}: allocation {allocation}; "
                    f"committed {committed}; paid {paid}",
                )
            )
    for key, title, mark in (("introduced", "introduced", "-"), ("fixed", "fixed", "+")):
        problems = report["problems"]["introduced" if key == "introduced" else "fixed"]
        if problems:
            lines.append(("", ""))
            lines.append(("", f"Check problems {title} ({len(problems)})"))
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


def markdown(report: DiffReport) -> str:
    """Return the report as Markdown for a pull-request comment or a CI job summary."""
    base, head = report["base"], report["head"]
    out: list[str] = []
    reported = report["reported"]["figures"]
    if reported:
        out += [f"> [!WARNING]\n> **{md_escape(report['reported']['title'])}**", ">"]
        out += [f"> - {md_escape(row['text'])}" for row in reported]
        out.append("")
    out += [
        f"## Programme changes: {md_escape(_revision(base))} → {md_escape(_revision(head))}",
        "",
        "| | base | head | change |",
        "|---|--:|--:|--:|",
    ]
    for key, values in report["summary"].items():
        title = _SUMMARY_ROWS[key].format(as_of=report["as_of"])
        before, after = values["base"], values["head"]
        cells = [_number(key, before), _number(key, after), _change(key, before, after)]
        if cells[2]:
            cells[2] = f"**{cells[2]}**"
        out.append(f"| {title} | " + " | ".join(cells) + " |")
    if not report["changes"]:
        out += ["", "No changes to the programme's data."]
    for section, files in _groups(report):
        out += ["", f"### {SECTION_TITLES[section]}", ""]
        for label, path, items in files:
            if section in ("companies", "clusters"):
                out.append(f"- **{md_escape(label)}** ({md_code(path)})")
                out.extend(f"  - {_md_marker(c['kind'])} {md_escape(c['text'])}" for c in items)
            else:
                out.append(md_code(path))
                out.append("")
                out.extend(f"- {_md_marker(c['kind'])} {md_escape(c['text'])}" for c in items)
    if report.get("templates"):
        out += ["", f"### {TEMPLATES_TITLE}", ""]
        for item in report["templates"]:
            mark = _md_marker({"added": "x_added", "removed": "x_removed"}.get(item["change"], "x"))
            out.append(f"- {mark} {md_code(shown(item['path']))} ({item['change']})")
    if report["areas"]:
        out += [
            "",
            "### Money by area (all dates)",
            "",
            "| Area | Allocation | Committed | Paid |",
            "|---|--:|--:|--:|",
        ]
        for row in report["areas"]:
            cells = [md_escape(c) for c in _area_cells(row)]
            out.append(
                f"| {md_escape(row['id'] + ' ' + row['name'])} | " + " | ".join(cells) + " |"
            )
    for key, title in (("introduced", "introduced"), ("fixed", "fixed")):
        problems = report["problems"]["introduced" if key == "introduced" else "fixed"]
        if problems:
            where = "" if key == "introduced" else " (lines as at base)"
            out += ["", f"### Check problems {title} ({len(problems)}){where}", ""]
            for p in problems:
                where = md_code(f"{p['path']}:{p['line']}:{p['column']}")
                out.append(f"- **{p['severity']}** {where} {p['code']}: {md_escape(p['message'])}")
    return "\n".join(out) + "\n"


def _md_marker(kind: str) -> str:
    return {"+": "➕", "-": "➖", "~": "✏️"}[marker(kind)]
