"""The layers import only downward, nothing below the CLI touches the terminal, every command is
documented."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO_ROOT, run_bif

PACKAGE = REPO_ROOT / "src" / "bif_cli"
TERMINAL_LIBRARIES = ("typer", "rich", "click")
# What each layer may not import. The bottom layer (errors, texts, fmt, clock, resources) sits
# at the package's top level and imports none of the layers.
FORBIDDEN = {
    "domain": ("bif_cli.io", "bif_cli.outputs", "bif_cli.cli"),
    "io": ("bif_cli.cli",),
    "outputs": ("bif_cli.cli",),
    "": ("bif_cli.domain", "bif_cli.io", "bif_cli.outputs", "bif_cli.cli"),
}


def _layer(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else ""


def _imports(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
            found += [(f"{node.module}.{alias.name}", node.lineno) for alias in node.names]
    return found


def _modules_outside_cli() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if _layer(p) != "cli"]


def test_layers_import_only_downward() -> None:
    offenders = []
    for path in _modules_outside_cli():
        if path.name in ("__init__.py", "__main__.py") and _layer(path) == "":
            continue  # the public API and `python -m bif_cli` sit on top of everything
        for name, line in _imports(path):
            for banned in FORBIDDEN[_layer(path)]:
                if name == banned or name.startswith(banned + "."):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{line} imports {name}")
    assert offenders == []


def test_nothing_below_the_cli_touches_the_terminal() -> None:
    offenders = []
    for path in _modules_outside_cli():
        if path.name in ("__init__.py", "__main__.py") and _layer(path) == "":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print":
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: print()")
        offenders += [
            f"{path.relative_to(PACKAGE)}:{line}: {name}"
            for name, line in _imports(path)
            if name.split(".")[0] in TERMINAL_LIBRARIES
        ]
    assert offenders == []


def test_every_module_says_what_it_is_for() -> None:
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        if not doc or not doc.strip():
            missing.append(str(path.relative_to(PACKAGE)))
    assert missing == []


def test_every_command_has_help_and_is_in_the_readme() -> None:
    import typer.main

    from bif_cli.cli.group import app

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
