"""The core never touches the terminal, and every command is documented."""

from __future__ import annotations

import ast

from conftest import REPO_ROOT, run_bif

CORE = REPO_ROOT / "src" / "bif_cli"


def test_core_modules_import_no_terminal_libraries() -> None:
    offenders = []
    for path in sorted(CORE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print":
                offenders.append(f"{path.name}: print()")
            offenders += [
                f"{path.name}: {n}" for n in names if n.split(".")[0] in ("typer", "rich", "click")
            ]
    assert offenders == []


def test_every_command_has_help_and_is_in_the_readme() -> None:
    import typer.main

    from bif_cli.cli import app

    result = run_bif("--help")
    assert result.exit_code == 0
    group = typer.main.get_command(app)
    commands = sorted(group.commands)  # type: ignore[attr-defined]
    assert "check" in commands
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for name in commands:
        command = group.commands[name]  # type: ignore[attr-defined]
        invocations = [[name, sub] for sub in getattr(command, "commands", {})] or [[name]]
        for words in invocations:
            text = "bif " + " ".join(words)
            assert text in readme, f"`{text}` is not documented in README.md"
            shown = run_bif(*words, "--help")
            assert shown.exit_code == 0, shown.output
            assert (command.help or "").strip() or shown.stdout.strip()
