"""Helpers for hostile-input tests: a programme under git, and a check that nothing changed."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from conftest import Run


def git(root: Path, *args: str) -> str:
    """Run git in root and return its output."""
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.no", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def commit_all(root: Path) -> Path:
    """Make root a git repository as `bif init` makes one, with everything committed."""
    from bif_cli.io.scaffold import GITIGNORE

    if not (root / ".gitignore").exists():
        (root / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    if not (root / ".git").exists():
        git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A", "-f")
    git(root, "commit", "-q", "--allow-empty", "-m", "state")
    return root


def untouched(root: Path) -> bool:
    """Tell whether the work tree is byte for byte as committed (`git status --porcelain`)."""
    return git(root, "status", "--porcelain", "--untracked-files=all") == ""


def run_bif(*args: str, **kwargs: Any) -> Run:
    """Run bif as conftest's run_bif does, in English (--lang en) so tests can read it."""
    from conftest import run_bif as run

    if args and "--lang" not in args:
        at = 2 if args[0] == "report" else 1
        args = (*args[:at], "--lang", "en", *args[at:])
    return run(*args, **kwargs)
