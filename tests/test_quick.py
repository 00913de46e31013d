"""`bif check` and `bif diff` without typer (cli/quick.py): the same answers as through typer."""

from __future__ import annotations

import enum
import errno
import inspect
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bif_cli.cli import quick
from bif_cli.cli.lazy import build
from conftest import Run, run_bif
from test_diff import commit, git

COMPANY = "data/companies/bagn-mikrobryggeri.yaml"


def through_typer(monkeypatch: pytest.MonkeyPatch, *args: str, cwd: Path) -> Run:
    with monkeypatch.context() as patch:
        patch.setattr(quick, "plain_call", lambda argv: None)
        return run_bif(*args, cwd=cwd)


def both_ways(monkeypatch: pytest.MonkeyPatch, *args: str, cwd: Path) -> Run:
    """Run args without typer and through it; they must agree. Return the run."""
    assert quick.plain_call(list(args)) is not None, f"{args} is not a plain call"
    plain = run_bif(*args, cwd=cwd)
    assert plain == through_typer(monkeypatch, *args, cwd=cwd), args
    return plain


def _valid_values(param: Any) -> quick.Values:
    """An enum's values (compared case by case, as typer does by default), or None for text."""
    kind = param.type_descriptor.annotation
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        assert param.type_descriptor.parameter_info.case_sensitive
        return tuple(member.value for member in kind)
    assert kind is str
    return None


@pytest.mark.parametrize("name", sorted(quick.PLAIN))
def test_the_table_says_what_typer_declares(name: str) -> None:
    """Every option and argument of the typer command, its values and nothing more."""
    command = build(name)
    flags: dict[str, str] = {}
    options: dict[str, tuple[str, quick.Values]] = {}
    arguments: list[str] = []
    for param in command.params:
        assert param.name is not None
        if param.param_type_name == "argument":
            arguments.append(param.name)
        elif param.name != "help":
            (option,) = param.opts
            if getattr(param, "is_flag", False):
                flags[option] = param.name
            else:
                options[option] = (param.name, _valid_values(param))
    plain = quick.PLAIN[name]
    assert (plain.flags, plain.options, plain.arguments) == (flags, options, tuple(arguments))
    body = getattr(__import__(f"bif_cli.cli.{plain.module}", fromlist=["_"]), plain.function)
    assert set(inspect.signature(body).parameters) == {
        *flags.values(),
        *(parameter for parameter, _valid in options.values()),
        *arguments,
    }


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--help"],
        ["check", "-h"],
        ["check", "--format", "xml"],
        ["check", "--format="],
        ["check", "--format"],
        ["check", "--strict", "--strict"],
        ["check", "--lang", "NB"],
        ["check", "--root"],
        ["check", "--root", "-x"],
        ["check", "--stric"],
        ["check", "extra"],
        ["check", "--no-cache=yes"],
        ["diff", "a", "b", "c"],
        ["diff", "--", "HEAD"],
        ["diff", "-"],
        ["diff", "--format", "github"],
        ["budget", "check"],
        ["--help", "check"],
        [],
    ],
)
def test_anything_but_a_plain_call_goes_to_typer(argv: list[str]) -> None:
    assert quick.plain_call(argv) is None


def test_shell_completion_goes_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_BIF_COMPLETE", "bash_complete")
    assert quick.plain_call(["check"]) is None


def test_a_plain_call_takes_each_spelling_of_its_options() -> None:
    call = quick.plain_call(["diff", "--format=md", "HEAD~1", "--lang", "en", "HEAD"])
    assert call is not None
    assert call.given == {"output_format": "md", "lang": "en", "base": "HEAD~1", "head": "HEAD"}


CHECKS = [
    ["check"],
    ["check", "--format", "json"],
    ["check", "--format=github", "--strict"],
    ["check", "--lang", "en", "--no-cache"],
    ["check", "--strict", "--format", "text", "--lang=nb"],
]


def test_check_answers_as_through_typer(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = example_programme
    codes = [both_ways(monkeypatch, *argv, cwd=root).exit_code for argv in CHECKS]
    assert codes == [0, 0, 1, 0, 1], "--strict: the budget's warning fails it"
    assert both_ways(monkeypatch, "check", "--root", str(root), cwd=root.parent).exit_code == 0
    company = root / COMPANY
    company.write_text(company.read_text().replace("employees: 4", "employees: fire"))
    (root / "data" / "companies" / "ødelagt.yaml").write_text("name: [\n")
    for argv in CHECKS:
        assert both_ways(monkeypatch, *argv, cwd=root).exit_code == 1
    nowhere = both_ways(monkeypatch, "check", cwd=root.parent)
    assert nowhere.exit_code == 2 and "bif:" in nowhere.stderr
    missing = both_ways(monkeypatch, "check", "--root", str(root / "ingen"), cwd=root)
    assert missing.exit_code == 2


def test_diff_answers_as_through_typer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import EXAMPLE_DATA

    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    shutil.copytree(EXAMPLE_DATA, repo / "data")
    commit(repo, {}, "Programme")
    company = repo / COMPANY
    company.write_text(company.read_text().replace("employees: 4", "employees: 9"))
    for argv in (
        ["diff"],
        ["diff", "HEAD"],
        ["diff", "HEAD", "--format", "md"],
        ["diff", "--format=json", "HEAD"],
        ["diff", "HEAD", "--lang", "en"],
    ):
        assert both_ways(monkeypatch, *argv, cwd=repo).exit_code == 0
    assert both_ways(monkeypatch, "diff", "ingen-slik", cwd=repo).exit_code == 2


@pytest.mark.parametrize(
    ("raised", "code"), [(OSError(errno.EPIPE, "Broken pipe"), 1), (KeyboardInterrupt(), 130)]
)
def test_a_closed_pipe_and_an_interrupt_end_as_through_typer(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch, raised: BaseException, code: int
) -> None:
    from bif_cli.cli import check_run

    def interrupted(**_given: Any) -> None:
        raise raised

    monkeypatch.setattr(check_run, "run_check", interrupted)
    run = both_ways(monkeypatch, "check", cwd=example_programme)
    assert (run.exit_code, run.stderr) == (code, "")


def test_a_plain_check_imports_no_typer_click_or_rich(example_programme: Path) -> None:
    probe = (
        "import sys\n"
        "from bif_cli.cli import main\n"
        "try:\n"
        "    main(['check'])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('typer', 'click', 'rich'))), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=example_programme
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.split() == []


def test_a_closed_pipe_ends_the_real_command_quietly(example_programme: Path) -> None:
    """`bif check --format json | head -c 1`: the reader goes, bif exits 1 with no message."""
    for n in range(400):  # enough problems that the output outgrows the pipe's buffer
        (example_programme / "data" / "companies" / f"brutt-{n:03}.yaml").write_text("name: [\n")
    bif = shutil.which("bif")
    assert bif is not None
    reader = subprocess.Popen(
        [bif, "check", "--format", "json"],
        cwd=example_programme,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.read(1)
    reader.stdout.close()
    assert (reader.wait(timeout=120), reader.stderr.read()) == (1, b"")


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"FORCE_COLOR": "1"},
        {"FORCE_COLOR": ""},
        {"TTY_COMPATIBLE": "1"},
        {"TTY_COMPATIBLE": "0"},
    ],
)
def test_diff_text_prints_as_rich_decides_without_asking_it_when_sure(
    env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """bif diff skips importing rich only when rich would see no terminal: same bytes."""
    from bif_cli.cli import common
    from conftest import EXAMPLE_DATA

    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    shutil.copytree(EXAMPLE_DATA, repo / "data")
    commit(repo, {}, "Programme")
    companies = repo / "data" / "companies"
    bagn = companies / COMPANY.rsplit("/", 1)[1]
    bagn.write_text(bagn.read_text().replace("employees: 4", "employees: 9"))
    new = companies / "aero-ol.yaml"
    new.write_text(bagn.read_text().replace("Bagn Mikrobryggeri AS", "Ærø Øl & Bryggeri\u0301 AS"))
    (companies / "lesja-laft.yaml").unlink()
    milestones = repo / "data" / "milestones.yaml"
    milestones.write_text(milestones.read_text().replace("due: 2013-10-31", "due: 2013-11-30"))
    args = ("diff", "HEAD", "--lang", "en")
    plain = run_bif(*args, cwd=repo, env=env)
    monkeypatch.setattr(common, "surely_no_terminal", lambda stream: False)
    asked = run_bif(*args, cwd=repo, env=env)
    assert plain.exit_code == 0 and plain.stdout.count("\n") > 10, plain.stdout
    assert plain == asked
