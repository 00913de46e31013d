"""What `bif form apply` says back: errors and results as text, or Markdown to post on the issue."""

from __future__ import annotations

import re

from bif_cli.outputs.forms import FieldError
from bif_cli.texts import say

# Everything Markdown could read as formatting, a link, a mention or HTML.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~:>-])")


def md_text(text: str) -> str:
    """Escape text for one line of GitHub Markdown: no formatting, links, HTML or @mentions."""
    one_line = " ".join(text.split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line).replace("@", "&#64;")


def _line(error: FieldError) -> str:
    return f"{error.label}: {error.message}" if error.label else error.message


def errors_text(errors: list[FieldError], lang: str) -> str:
    """Return the errors one per line, for a terminal."""
    return "".join(f"{_line(e)}\n" for e in errors)


def errors_markdown(errors: list[FieldError], lang: str) -> str:
    """Return the errors as a Markdown list under a heading, ready to post as a comment."""
    heading = say("form.failed", lang)
    items = [
        f"- **{md_text(e.label)}**: {md_text(e.message)}" if e.label else f"- {md_text(e.message)}"
        for e in errors
    ]
    return f"### {heading}\n\n" + "\n".join(items) + "\n"


def success_markdown(out: str, err: str, lang: str, dry_run: bool) -> str:
    """Return what the command wrote and warned, as Markdown; a dry run's diff as a code block."""
    parts = [f"### {say('form.recorded', lang)}\n"]
    if dry_run:
        longest = max((len(run) for run in re.findall(r"`+", out)), default=0)
        fence = "`" * max(3, longest + 1)
        parts.append(f"{fence}diff\n{out.rstrip()}\n{fence}\n\n{say('form.dry_run', lang)}\n")
    else:
        parts.extend(f"- {md_text(line)}" for line in out.splitlines() if line.strip())
        parts.append("")
    warnings = [line for line in err.splitlines() if line.strip() and "Dry run" not in line]
    if warnings:
        parts.append(f"**{say('form.warnings', lang)}**\n")
        parts.extend(f"- {md_text(line)}" for line in warnings)
        parts.append("")
    return "\n".join(parts) + ("" if parts[-1] == "" else "\n")
