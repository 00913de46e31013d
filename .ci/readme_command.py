"""Print a command block of README.md (`<!-- README command: NAME -->`) for CI to run."""

from __future__ import annotations

import sys
from pathlib import Path


def marked_block(readme: str, marker: str) -> str:
    """Return the text of the fenced block that follows the marker line; raise if there is none."""
    lines = readme.splitlines()
    start = lines.index(marker) + 1
    if not lines[start].startswith("```"):
        raise ValueError(f"{marker} is not followed by a fenced block")
    end = lines.index("```", start + 1)
    return "\n".join(lines[start + 1 : end]) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: readme_command.py NAME   (NAME from <!-- README command: NAME -->)")
        return 2
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    try:
        sys.stdout.write(marked_block(readme, f"<!-- README command: {argv[1]} -->"))
    except ValueError as exc:
        print(f"README.md has no command block {argv[1]!r}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
