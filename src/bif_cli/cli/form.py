"""`bif form`: GitHub issue forms for the writing commands, and filled forms applied as commands."""

from __future__ import annotations

import contextlib
import io
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bif_cli.cli import app
from bif_cli.cli.common import RootOption, programme_root

if TYPE_CHECKING:
    from bif_cli.outputs.forms import FieldError

form_app = typer.Typer(
    help="Issue forms on the forge: data entry from a browser, turned into pull requests.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(form_app, name="form")


class ApplyFormat(StrEnum):
    text = "text"
    md = "md"


@form_app.command()
def templates(
    *,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Folder to write the forms into. Default: .github/ISSUE_TEMPLATE in the root.",
            show_default=False,
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 if the forms are missing or stale."),
    ] = False,
    root: RootOption = None,
) -> None:
    """Write one GitHub issue form per writing command, with choices from the programme's data."""
    from bif_cli.clock import today
    from bif_cli.errors import UsageError
    from bif_cli.io.atomic import overwrite
    from bif_cli.io.check import check_programme
    from bif_cli.outputs.forms import FORM_DIR, all_forms

    programme_dir = programme_root(root)
    programme, problems = check_programme(programme_dir, today())
    errors = [p for p in problems if p.is_error]
    if errors:
        from bif_cli.cli.common import print_problems

        print_problems(errors, "text", programme_dir)
        typer.echo(
            f"bif: the data has {len(errors)} error(s); fix them (see `bif check`) before "
            "making the forms, so no company or measure is left out of their lists",
            err=True,
        )
        raise typer.Exit(1)
    forms = all_forms(programme)
    folder = output if output is not None else programme_dir / FORM_DIR
    if check:
        stale = [
            name
            for name, text in forms.items()
            if not (folder / name).is_file() or (folder / name).read_bytes() != text.encode()
        ]
        if stale:
            typer.echo(
                f"{len(stale)} form(s) in {folder} are missing or out of date: {', '.join(stale)}; "
                "run `bif form templates` and commit them",
                err=True,
            )
            raise typer.Exit(1)
        typer.echo(f"OK: the forms in {folder} are current.")
        return
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"-o {folder} is a file; name a folder for the forms")
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in forms.items():
        overwrite(folder / name, text.encode("utf-8"))
    typer.echo(f"Wrote {len(forms)} issue forms to {folder}.")


@form_app.command()
def apply(
    kind: Annotated[
        str, typer.Argument(metavar="KIND", help="The writing command, like add-company.")
    ],
    body: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="The issue's body (GitHub's Markdown); - for stdin."),
    ],
    *,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be written, and write nothing.")
    ] = False,
    output_format: Annotated[
        ApplyFormat,
        typer.Option("--format", help="text, or md: a Markdown message ready to post."),
    ] = ApplyFormat.text,
    root: RootOption = None,
) -> None:
    """Apply a filled issue form: the same write, checks and messages as the command itself."""
    from bif_cli.clock import today
    from bif_cli.io.check import check_programme
    from bif_cli.outputs import forms

    if kind not in forms.KINDS:
        raise typer.BadParameter(
            f"unknown form '{kind}'; use one of: {', '.join(forms.KINDS)}", param_hint="KIND"
        )
    text = _read_body(body)
    programme_dir = programme_root(root)
    programme, _problems = check_programme(programme_dir, today())
    lang = forms.programme_language(programme)
    markdown = output_format is ApplyFormat.md
    command = typer.main.get_command(app)
    if kind not in getattr(command, "commands", {}):
        from bif_cli.texts_web import CATALOGUES

        _fail(
            markdown, lang, [_error("", CATALOGUES[lang]["err_not_available"].format(kind=kind))], 2
        )
    filled = forms.parse_body(kind, text, lang)
    listed = forms.choices(programme, lang)
    args, errors = forms.command_args(kind, filled, listed, lang)
    errors = filled.errors + errors
    if errors:
        _fail(markdown, lang, errors, 2)
    flags = ["--dry-run"] if dry_run else []
    argv = [kind, f"--root={programme_dir}", *flags, *args]
    _run(command, argv, kind, lang, markdown, dry_run)


def _read_body(body: Path) -> str:
    from bif_cli.errors import UsageError

    try:
        raw = sys.stdin.buffer.read() if str(body) == "-" else body.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {body}: {exc.strerror or exc}") from None
    if len(raw) > 65536:
        raise UsageError(f"{body} is larger than an issue body can be (64 KiB)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{body} is not UTF-8 text") from None


def _error(label: str, message: str) -> FieldError:
    from bif_cli.outputs.forms import FieldError

    return FieldError(label, message)


# typer may bring its own copy of click: take click's base exception from typer's own classes.
_CLICK_EXCEPTION: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
)


def _run(
    command: Any, argv: list[str], kind: str, lang: str, markdown: bool, dry_run: bool
) -> None:
    """Run the writing command as a user would, with no terminal to prompt on, and report it."""
    from bif_cli.errors import BifError, DataError
    from bif_cli.outputs.forms import field_for_argument

    out, err = io.StringIO(), io.StringIO()
    failure: list[FieldError] = []
    code = 0
    stdin = sys.stdin
    try:
        sys.stdin = io.StringIO("")  # the form is the whole input: nothing to prompt for
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            returned = command.main(args=argv, prog_name="bif", standalone_mode=False)
        if isinstance(returned, int) and returned != 0:  # a typer.Exit after printing problems
            lines = [line for line in err.getvalue().splitlines() if line.strip()]
            failure, code = [_error("", line) for line in lines] or [_error("", "failed")], returned
    except typer.BadParameter as exc:
        hint = exc.param_hint if isinstance(exc.param_hint, str) else None
        if hint is None and exc.param is not None:
            hint = (exc.param.opts or [exc.param.name or ""])[0]
        label = field_for_argument(kind, (hint or "").strip("'\""), lang) or (hint or "")
        failure, code = [_error(label, exc.message)], 2
    except _CLICK_EXCEPTION as exc:
        failure = [_named(kind, lang, str(exc))]
        code = int(getattr(exc, "exit_code", 2))
    except DataError as exc:
        failure = [_error(f"{p.path}:{p.line}:{p.column}", p.message) for p in exc.problems]
        failure.append(_error("", str(exc)))
        code = exc.exit_code
    except BifError as exc:
        failure, code = [_named(kind, lang, str(exc))], exc.exit_code
    finally:
        sys.stdin = stdin
    if failure:
        _fail(markdown, lang, failure, code)
    _succeed(markdown, lang, out.getvalue(), err.getvalue(), dry_run)


def _named(kind: str, lang: str, message: str) -> FieldError:
    """Say which field a command's message is about, and name it as the form does."""
    import re

    from bif_cli.outputs.forms import field_for_argument

    label = ""
    for option in re.findall(r"--[a-z][a-z-]*", message):
        field = field_for_argument(kind, option, lang)
        if field is not None:
            label = label or field
            message = message.replace(option, f"«{field}»")
    return _error(label, message)


def _succeed(markdown: bool, lang: str, out: str, err: str, dry_run: bool) -> None:
    from bif_cli.outputs.formreply import success_markdown

    if not markdown:
        sys.stdout.write(out)
        sys.stderr.write(err)
        return
    sys.stdout.write(success_markdown(out, err, lang, dry_run))


def _fail(markdown: bool, lang: str, errors: list[FieldError], code: int) -> None:
    from bif_cli.outputs.formreply import errors_markdown, errors_text

    if markdown:
        sys.stdout.write(errors_markdown(errors, lang))
    else:
        sys.stderr.write(errors_text(errors, lang))
    raise typer.Exit(code)
