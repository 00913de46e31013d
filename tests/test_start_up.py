"""Start-up: the command table, lazy loading, and help that stays byte for byte the full tree's."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import os
import pkgutil
import subprocess
import sys
from types import ModuleType
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from bif_cli import cli
from bif_cli.cli.commands import COMMANDS
from bif_cli.cli.group import app as bif_app
from conftest import REPO_ROOT, run_bif

HEAVY = ("pydantic", "yaml", "ruamel", "jinja2", "httpx", "openpyxl", "markdown_it_py")


def import_every_command() -> None:
    for module in pkgutil.iter_modules(cli.__path__):
        importlib.import_module(f"bif_cli.cli.{module.name}")


def registered() -> dict[str, tuple[str, str]]:
    """{name: (module, first paragraph of help)} of every command and group, as typer has them."""
    import_every_command()
    found = {}
    for info in bif_app.registered_commands:
        assert info.callback is not None
        name = info.name or typer.main.get_command_name(info.callback.__name__)
        help_text = inspect.getdoc(info.callback) or ""
        found[name] = (info.callback.__module__, help_text)
    for group in bif_app.registered_groups:
        solved = typer.main.solve_typer_info_defaults(group)
        assert group.typer_instance is not None and solved.name is not None
        callback = group.typer_instance.registered_commands[0].callback
        assert callback is not None
        found[solved.name] = (callback.__module__, solved.help or "")
    return {
        name: (module.removeprefix("bif_cli.cli."), text.split("\n\n")[0])
        for name, (module, text) in found.items()
    }


def test_the_table_names_every_command_its_module_and_its_help() -> None:
    table = {name: (entry.module, entry.summary) for name, entry in COMMANDS.items()}
    assert table == registered(), "cli/commands.py COMMANDS must match the commands themselves"


def test_the_table_lists_commands_before_groups_as_typer_does() -> None:
    import_every_command()
    groups = {typer.main.solve_typer_info_defaults(g).name for g in bif_app.registered_groups}
    kinds = [name in groups for name in COMMANDS]
    assert kinds == sorted(kinds)


PAGES = [["--help"], ["-h"], [], ["chekc"], ["ad-company"], ["check"], ["budget"]]
TERMINALS: list[dict[str, str | None]] = [
    {"COLUMNS": "40"},
    {"COLUMNS": "200"},
    {"FORCE_COLOR": "1", "NO_COLOR": None, "TERM": "xterm-256color"},
]


@pytest.mark.parametrize(
    ("args", "terminal"),
    [(page, {}) for page in PAGES] + [(["--help"], terminal) for terminal in TERMINALS],
)
def test_a_fresh_process_prints_what_the_full_tree_prints(
    args: list[str], terminal: dict[str, str | None], tmp_path: Any
) -> None:
    import_every_command()  # in this process every command is built: typer's own listing
    full = run_bif(*args, cwd=tmp_path, env=terminal)  # type: ignore[arg-type]
    env = {**os.environ, **terminal}
    fresh = subprocess.run(
        [sys.executable, "-m", "bif_cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={name: value for name, value in env.items() if value is not None},
    )
    assert (fresh.returncode, fresh.stdout, fresh.stderr) == (
        full.exit_code,
        full.stdout,
        full.stderr,
    )


def test_help_imports_no_command_and_nothing_heavy() -> None:
    probe = (
        "import sys\n"
        "from bif_cli.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{('bif_cli', *HEAVY)!r})), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    imported = done.stderr.split()
    assert imported == [
        "bif_cli",
        "bif_cli.cli",
        "bif_cli.cli.coerce",
        "bif_cli.cli.commands",
        "bif_cli.cli.group",
        "bif_cli.cli.lazy",
        "bif_cli.cli.quick",
    ]


def test_running_a_command_imports_only_its_own_module(tmp_path: Any) -> None:
    probe = (
        "import sys\n"
        "from bif_cli.cli import main\n"
        "try:\n"
        "    main(['schema', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('bif_cli.cli.'))), "
        "file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr.split() == [
        "bif_cli.cli.coerce",
        "bif_cli.cli.commands",
        "bif_cli.cli.common",
        "bif_cli.cli.group",
        "bif_cli.cli.lazy",
        "bif_cli.cli.options",
        "bif_cli.cli.quick",
        "bif_cli.cli.schema",
    ]


def bare_app() -> Any:
    """The bench's bare typer app, generated from bif's tree and loaded as a module."""
    spec = importlib.util.spec_from_file_location("bare_app", REPO_ROOT / "bench" / "bare_app.py")
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    module = ModuleType("bare_typer_app")
    exec(generator.bare_app_source(generator.bif_tree()), module.__dict__)
    return module.app


def every_page() -> list[list[str]]:
    import_every_command()
    tree: Any = typer.main.get_command(bif_app)
    pages: list[list[str]] = [[]]
    for name, command in tree.commands.items():
        pages.append([name])
        pages += [[name, sub] for sub in getattr(command, "commands", {})]
    return pages


def test_the_bench_bare_app_prints_every_help_page_as_bif_does() -> None:
    """The yardstick for `bif --help` has bif's tree: every page of help reads the same."""
    app = bare_app()
    runner = CliRunner()
    pages = every_page()
    assert len(pages) > 40
    for page in pages:
        ours = run_bif(*page, "--help")
        theirs = runner.invoke(app, [*page, "--help"], prog_name="bif")
        assert (ours.exit_code, ours.stdout) == (theirs.exit_code, theirs.stdout), page


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"FORCE_COLOR": "1"},
        {"FORCE_COLOR": "1", "NO_COLOR": None},
        {"FORCE_COLOR": ""},
        {"TTY_COMPATIBLE": "1"},
        {"TTY_COMPATIBLE": "0"},
    ],
)
def test_problems_print_as_rich_decides_without_asking_it_when_sure(
    env: dict[str, str | None], make_programme: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """bif skips importing rich only when rich would see no terminal: same bytes either way."""
    from bif_cli.cli import common

    company = "data/companies/eksempel-trevare.yaml"
    root = make_programme({company: COMPANY_WITH_PROBLEMS})
    args = ("check", "--lang", "en", "--root", str(root))
    quick = run_bif(*args, env=env)  # type: ignore[arg-type]
    monkeypatch.setattr(common, "surely_no_terminal", lambda stream: False)
    asked = run_bif(*args, env=env)  # type: ignore[arg-type]
    assert "BIF" in quick.stdout and quick.exit_code == 1
    assert (quick.exit_code, quick.stdout, quick.stderr) == (
        asked.exit_code,
        asked.stdout,
        asked.stderr,
    )


COMPANY_WITH_PROBLEMS = """\
name: Eksempel Trevare AS
org_number: "921588135"
region: nord
municipality: "0517"
nace: "16.230"
market: international
employees: mange
process_leader: pl-nord
unknown_field: 1
history:
  - {date: 2014-01-20, status: identified}
  - {date: 2014-13-01, status: contacted}
"""


def test_a_check_with_problems_and_no_terminal_does_not_import_rich(make_programme: Any) -> None:
    root = make_programme({"data/companies/eksempel-trevare.yaml": COMPANY_WITH_PROBLEMS})
    probe = (
        "import sys\n"
        "from bif_cli.cli import main\n"
        "try:\n"
        f"    main(['check', '--root', {str(root)!r}])\n"
        "except SystemExit as exc:\n"
        "    print(exc.code, 'rich' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert "BIF" in done.stdout
    assert done.stderr.split()[-2:] == ["1", "False"]


def test_command_modules_import_nothing_heavy_until_a_command_runs() -> None:
    """What a command needs (pydantic, YAML, Jinja2, rich's tables) it imports when it runs."""
    probe = (
        "import pkgutil, importlib, sys\n"
        "from bif_cli import cli\n"
        "for module in pkgutil.iter_modules(cli.__path__):\n"
        "    importlib.import_module('bif_cli.cli.' + module.name)\n"
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{(*HEAVY, 'rich', 'json')!r} or m.startswith(('bif_cli.io', 'bif_cli.outputs')))),"
        " file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr.split() == []
