"""The escapers for every output: terminal names, Markdown text and code, CSV cells."""

from __future__ import annotations

import re

# CommonMark's backslash-escapable specials that can start markup; `_` only at a word's edge
# (inside a word, like process_leader, it is no emphasis and stays as typed).
_MD_SPECIAL = re.compile(r"([\\`*\[\]<>|~!])|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|&(?=#?\w+;)")
_MD_LEADING = re.compile(r"^([-+=#]|\d+[.)])")
# What no one-line value may hold: controls (C0, DEL, C1 such as NEL) and line separators.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def control_character(text: str) -> str | None:
    """Return the first control character or line break in text, or None when it has none."""
    found = _CONTROL.search(text)
    return found.group() if found else None


def _visible(text: str, *, backslash: bool) -> str:
    if text.isprintable() and not (backslash and "\\" in text):
        return text
    out = []
    for char in text:
        if char == "\\" and backslash:
            out.append("\\\\")
        elif char.isprintable() or char == " ":
            out.append(char)
        else:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return "".join(out)


def shown(name: str) -> str:
    """Return a name (a file name, a value) safe to print: control characters as escapes."""
    return _visible(name, backslash=True)


def printable(text: str) -> str:
    """Return a message safe for a terminal: its lines kept, control characters as escapes."""
    if text.isprintable():
        return text
    return "\n".join(_visible(line, backslash=False) for line in text.split("\n"))


def md_text(value: object) -> str:
    """Escape a value for Markdown text and table cells: one line, no markup, no raw HTML."""
    text = _visible(" ".join(str(value).split()), backslash=False)
    text = _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), text)
    return _MD_LEADING.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], text)


def md_code(value: object) -> str:
    """Return value as a Markdown code span that no backtick in it can end."""
    text = _visible(" ".join(str(value).split()), backslash=False)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def csv_cell(value: object) -> object:
    """Return a CSV cell a spreadsheet reads as text, never as a formula (OWASP).

    Numbers bif writes as numbers (int) stay numbers; text that starts with = + - @ tab or
    carriage return gets a leading apostrophe.
    """
    if isinstance(value, str) and value.startswith(_CSV_FORMULA):
        return "'" + value
    return value
