"""Option values coerced without pydantic are exactly what typer's own coercion makes of them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer._click import Context
from typer._coercion import build_runtime_param

from bif_cli.cli import coerce
from bif_cli.cli.group import app as bif_app
from conftest import run_bif
from test_start_up import import_every_command


def every_param() -> list[tuple[Any, Any]]:
    """(command, parameter) for every parameter of every command, as bif builds them."""
    import_every_command()
    found = []

    def walk(command: Any) -> None:
        found.extend((command, param) for param in command.params)
        for sub in (getattr(command, "commands", None) or {}).values():
            walk(sub)

    walk(typer.main.get_command(bif_app))
    return found


def outcome(runtime: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        result = runtime.coerce(value, param=param, ctx=ctx)
    except Exception as exc:
        return "raised", (type(exc), str(exc))
    return "gave", (type(result), result)


def values_for(param: Any, tmp: Path) -> list[Any]:
    kind = coerce._kind(param)
    if kind == "bool":
        return [True, False, None]
    if kind == "str":
        return ["x", "", "æøå Sør-Aurdal", "\x1b[31mred", " 2015-06-30 ", None]
    if kind == "str list":
        return [("a", "b"), ["x"], (), "text", None]
    if kind == "path":
        (tmp / "file.md").write_text("x")
        (tmp / "dir").mkdir(exist_ok=True)
        return [
            str(tmp / "file.md"),
            str(tmp / "dir"),
            str(tmp / "dir") + "//",
            str(tmp / "missing" / "x.md"),
            "-",
            "",
            "relative/out.md",
            tmp / "file.md",
            None,
        ]
    if kind == "choice":
        choices = list(param.type_descriptor.annotation)
        texts = [c.value for c in choices]
        return [*choices, *texts, *(t.upper() for t in texts), "xml", "", " json", None]
    return []


def test_every_plain_value_coerces_as_typer_would(tmp_path: Path) -> None:
    checked = kinds = 0
    for command, param in every_param():
        if coerce._kind(param) is None:
            continue
        kinds += 1
        ctx = Context(command, info_name=command.name)
        typers = build_runtime_param(param.type_descriptor)
        for value in values_for(param, tmp_path):
            coerce.quicken_param(param)
            ours = param.get_runtime_param()
            assert ours is not typers and type(ours).__name__ == "QuickRuntimeParam"
            assert outcome(ours, value, param, ctx) == outcome(typers, value, param, ctx), (
                command.name,
                param.name,
                value,
            )
            checked += 1
    assert kinds > 100 and checked > 500


ARGVS = [
    ["check", "--format", "xml"],
    ["check", "--format", "JSON"],
    ["check", "--format", ""],
    ["check", "--lang", "de"],
    ["check", "--lang", "EN"],
    ["recruitment", "--format", "csv", "--lang", "en"],
    ["recruitment", "--format"],
    ["measures", "--format", "yaml"],
    ["report", "quarterly", "Q2-2015", "-o", "/nonexistent/dir/q.md"],
    ["report", "annual", "tjue"],
    ["report", "annual", "2015", "--format", "odt"],
    ["schema", "-o", ""],
    ["registry", "refresh", "--lang", "en"],
    ["init", "--area", "A", "--lang", "fr"],
]


@pytest.mark.parametrize("argv", ARGVS)
def test_commands_answer_as_with_typers_coercion(
    argv: list[str], example_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = [*argv, "--root", str(example_programme)] if argv[0] != "init" else argv
    here = example_programme.parent  # what a command writes lands here, not in the repository
    quick = run_bif(*args, cwd=here)
    monkeypatch.setattr(coerce, "_kind", lambda param: None)  # typer's coercion throughout
    typers = run_bif(*args, cwd=here)
    assert (quick.exit_code, quick.stdout, quick.stderr) == (
        typers.exit_code,
        typers.stdout,
        typers.stderr,
    )


def test_a_command_runs_without_importing_pydantic_for_its_options() -> None:
    probe = (
        "import sys\n"
        "from bif_cli.cli import main\n"
        "try:\n"
        "    main(['schema', '--lang', 'en', '-o', '-', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "from bif_cli.cli.lazy import build\n"
        "command = build('check')\n"
        "from bif_cli.cli.coerce import quicken\n"
        "ctx = quicken(command).make_context('check', ['--format', 'json', '--lang', 'en'])\n"
        "print(sorted(ctx.params.items()), 'pydantic' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().endswith("False")
    assert "'output_format', <CheckFormat.json: 'json'>" in done.stderr
