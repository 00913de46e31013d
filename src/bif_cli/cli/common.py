"""Output helpers shared by the commands: plain Python, so a command run without typer
(cli/quick.py) uses them too. The options typer declares are in cli/options.py."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bif_cli.errors import Problem

# The language the running command chose, so main() prints a late error in it too.
_chosen = {"lang": "nb"}


def choose_language(lang: str | None, root: Path | None = None) -> str:
    """Return --lang, else the programme's `language`, else nb; later messages use it too."""
    from bif_cli.io.root import configured_language

    chosen = str(lang) if lang is not None else configured_language(root)
    _chosen["lang"] = chosen
    return chosen


def chosen_language() -> str:
    """Return the language the running command chose (nb until one is chosen)."""
    return _chosen["lang"]


def programme_root(root: str | None) -> Path:
    """Find the programme root from --root, BIF_ROOT or the current folder."""
    from bif_cli.io.root import open_programme

    return open_programme(root)


def console(stderr: bool = False) -> Any:
    """Return a rich console: colour only on a terminal, NO_COLOR honoured."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def surely_no_terminal(stream: object) -> bool:
    """Say whether rich would surely find no terminal on stream, without importing rich.

    Only rich's own environment variables can make it see a terminal where `isatty()` says
    there is none; when one is set, this answers False and rich decides.
    """
    if "TTY_COMPATIBLE" in os.environ or "FORCE_COLOR" in os.environ:
        return False
    isatty = getattr(getattr(stream, "rich_proxied_file", stream), "isatty", None)
    try:
        return isatty is None or not isatty()
    except ValueError:  # a closed stream; rich too takes it for no terminal
        return True


# json.dumps escapes C0 controls; these it would print raw (they occur only inside strings).
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029]")
# Each looked for on its own: a search per character is quicker than the regex over a long
# text, which then runs only when one is there.
_JSON_RAW_CHARS = tuple(map(chr, (0x7F, *range(0x80, 0xA0), 0x2028, 0x2029)))


def print_json(data: object) -> None:
    """Print data as indented JSON with non-ASCII kept readable, control characters escaped."""
    text = json_text(data)
    if any(raw in text for raw in _JSON_RAW_CHARS):
        text = _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    sys.stdout.write(text + "\n")


def json_text(data: object) -> str:
    """Return json.dumps(data, ensure_ascii=False, indent=2), through orjson when it agrees.

    With an indent, json falls back to its pure-Python encoder (slow for 10 000 rows). orjson
    writes the same text for nearly all data but not all: it formats small floats, NaN and
    infinities otherwise and refuses surrogates, ints past 64 bits and keys that are not
    strings. So its compact text is held to json's compact one (json's C encoder), and only
    when they are equal byte for byte is orjson's indented text used.
    """
    import json

    try:
        import orjson

        compact = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        options = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
        if orjson.dumps(data, option=options).decode() == compact:
            return orjson.dumps(data, option=options | orjson.OPT_INDENT_2).decode()
    except (ImportError, TypeError, ValueError):  # json's own error, if any, is raised below
        pass
    return json.dumps(data, ensure_ascii=False, indent=2)


# Problems about a file as a whole: showing its first line would point at nothing.
_WHOLE_FILE_CODES = frozenset(
    {"BIF001", "BIF003", "BIF014", "BIF015", "BIF016", "BIF018", "BIF019", "BIF020"}
)
# Tabs and control characters would shift the caret or disturb the terminal: show one mark each.
_VISIBLE = {i: "\ufffd" for i in (*range(0x20), *range(0x7F, 0xA0))} | {0x09: "\u2192"}


class _SourceLines:
    """The lines of the files problems point at, each file read once per run."""

    def __init__(self, root: Path | None, sources: dict[str, bytes] | None = None) -> None:
        self.root = root
        self.files: dict[str, list[bytes] | None] = {
            rel: raw.splitlines(keepends=True) for rel, raw in (sources or {}).items()
        }

    def get(self, problem: Problem) -> str | None:
        """Return the problem's line as shown under it, or None when there is none to show."""
        if self.root is None or problem.code in _WHOLE_FILE_CODES:
            return None
        if problem.path not in self.files:
            self.files[problem.path] = self._read(problem.path)
        lines = self.files[problem.path]
        if lines is None or not 0 < problem.line <= len(lines):
            return None
        text = lines[problem.line - 1].decode("utf-8-sig", errors="replace").rstrip("\r\n")
        return text.translate(_VISIBLE) if len(text) <= 200 else None

    def _read(self, rel: str) -> list[bytes] | None:
        from bif_cli.io.safefile import Refused, read_regular
        from bif_cli.io.yamlio import MAX_BYTES

        assert self.root is not None
        path = self.root / rel
        try:
            if path.is_symlink():
                return None
            return read_regular(self.root, path, MAX_BYTES + 1).splitlines(keepends=True)
        except (OSError, Refused):
            return None


def _github_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def print_problems(
    problems: list[Problem],
    output_format: str,
    root: Path | None = None,
    lang: str | None = None,
    sources: dict[str, bytes] | None = None,
    *,
    err: bool = False,
) -> None:
    """Print problems as text (with the offending line and a caret), json or github.

    sources holds files' bytes already read in this run (by path), so none is read twice.
    """
    lang = lang or chosen_language()
    if output_format == "json":
        from bif_cli.io.check import check_report

        print_json(check_report(problems, lang))
        return
    from bif_cli.escape import printable, shown

    if output_format == "github":
        for p in problems:
            level = "error" if p.is_error else "warning"
            sys.stdout.write(
                f"::{level} file={_github_escape(shown(p.path), prop=True)},line={p.line},"
                f"col={p.column},title={p.code}::{_github_escape(printable(p.render(lang)))}\n"
            )
        return
    if not problems:
        return
    stream = sys.stderr if err else sys.stdout
    lines = _SourceLines(root, sources)
    out = None if surely_no_terminal(stream) else console(stderr=err)
    if out is None or not out.is_terminal:
        # No styles to show: plain writes, as fast for 20 000 problems as the JSON output.
        stream.write("".join(_plain_problem(p, lines.get(p), lang) for p in problems))
        return
    from rich.text import Text

    for p in problems:
        style = "bold red" if p.is_error else "yellow"
        out.print(
            Text.assemble(
                (f"{shown(p.path)}:{p.line}:{p.column}: ", "bold"),
                (f"{p.severity}[{p.code}]", style),
                f": {printable(p.render(lang))}",
            )
        )
        source = lines.get(p)
        if source is not None and source.strip():
            gutter = f"{p.line:>5} | "
            out.print(Text(gutter + source))
            caret_pad = " " * (max(p.column, 1) - 1)
            out.print(Text(" " * (len(gutter) - 2) + "| " + caret_pad + "^", style=style))


def _plain_problem(p: Problem, source: str | None, lang: str) -> str:
    from bif_cli.escape import printable, shown

    message = printable(p.render(lang))
    text = f"{shown(p.path)}:{p.line}:{p.column}: {p.severity}[{p.code}]: {message}\n"
    if source is not None and source.strip():
        gutter = f"{p.line:>5} | "
        caret_pad = " " * (max(p.column, 1) - 1)
        text += f"{gutter}{source}\n{' ' * (len(gutter) - 2)}| {caret_pad}^\n"
    return text


def summary_line(problems: list[Problem], files: int, lang: str) -> str:
    """Say in one line how many errors and warnings were found in how many files."""
    from bif_cli.texts import say

    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    if not problems:
        return say("check.ok", lang, files=files)
    return say("check.summary", lang, errors=errors, warnings=warnings, files=files)
