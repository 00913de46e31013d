"""Make a narrative written by people safe to pass on: no raw HTML, no unsafe links or images."""

from __future__ import annotations

import html
import re
from typing import Any

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# An inline link or image destination: `](dest` or `](<dest>`.
_INLINE_DEST = re.compile(r"(\]\(\s*)(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)")
# A link reference definition: `[id]: dest`.
_REFERENCE_DEST = re.compile(r"^( {0,3}\[[^\]\n]+\]:\s*)(<[^>\n]*>|\S+)")
_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")


def unsafe_destination(destination: str) -> bool:
    """Tell whether a link destination uses a scheme other than http, https or mailto.

    A data:image/ source (an embedded picture) is safe too.

    Entities are decoded first (`jav&#97;script:` is javascript:), as a Markdown reader would.
    """
    decoded = html.unescape(destination.strip().strip("<>")).strip()
    decoded = "".join(c for c in decoded if c.isprintable() and not c.isspace())
    if decoded.lower().startswith("data:image/"):
        return False  # an embedded picture, as the HTML report keeps
    found = _SCHEME.match(decoded)
    return found is not None and found.group(1).lower() not in SAFE_SCHEMES


def _blocked(match: re.Match[str]) -> str:
    prefix, destination = match.group(1), match.group(2)
    return prefix + ("#blocked-link" if unsafe_destination(destination) else destination)


def _outside_code_spans(line: str, change: Any) -> str:
    """Apply change to the parts of line that are not inline code spans."""
    out, position = [], 0
    for span in _CODE_SPAN.finditer(line):
        out.append(change(line[position : span.start()]))
        out.append(span.group(0))
        position = span.end()
    out.append(change(line[position:]))
    return "".join(out)


def _neutralise_text(part: str) -> str:
    return _INLINE_DEST.sub(_blocked, part).replace("<", "&lt;")


def neutralise(text: str) -> str:
    """Return Markdown that shows raw HTML as text and links only to http, https and mailto.

    Code blocks and code spans are left as written: there `<` is text already.
    """
    out = []
    fence: str | None = None
    for line in text.split("\n"):
        opener = _FENCE.match(line)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
            out.append(line)
            continue
        if opener:
            fence = opener.group(1)
            out.append(line)
            continue
        if line.startswith("    ") and line.strip():
            out.append(line)  # an indented code block line
            continue
        line = _REFERENCE_DEST.sub(_blocked, line)
        out.append(_outside_code_spans(line, _neutralise_text))
    return "\n".join(out)


def drop_remote_images(tokens: list[Any]) -> None:
    """Replace every image whose source is not a data: URI by its alt text (in place).

    The HTML report is self-contained: a remote image would be fetched when it is opened,
    telling a third party who read it and when.
    """
    for token in tokens:
        children = getattr(token, "children", None)
        if not children:
            continue
        for child in children:
            if child.type != "image":
                continue
            source = str(child.attrGet("src") or "")
            if source.lower().startswith("data:image/"):
                continue
            child.type, child.tag, child.nesting = "text", "", 0
            child.attrs = {}
            child.content = f"[{child.content}]" if child.content else ""
            child.children = None
