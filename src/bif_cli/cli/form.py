"""`bif form`: GitHub issue forms for the writing commands, and filled forms applied as commands."""

from __future__ import annotations

import contextlib
import io
import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bif_cli.cli.common import choose_language, programme_root
from bif_cli.cli.group import app
from bif_cli.cli.options import LangOption, RootOption

if TYPE_CHECKING:
    from bif_cli.outputs.forms import FieldError

form_app = typer.Typer(
    help="Issue forms on the forge: data entry from a browser, turned into pull requests.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(form_app, name="form")

# An issue body is at most 65 536 characters on GitHub.
MAX_BODY = 65536


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
    lang: LangOption = None,
) -> None:
    """Write one GitHub issue form per writing command, with choices from the programme's data."""
    from bif_cli.clock import today
    from bif_cli.errors import DataError, UsageError
    from bif_cli.io.atomic import overwrite
    from bif_cli.io.check import check as check_data
    from bif_cli.outputs.forms import FORM_DIR, all_forms
    from bif_cli.texts import say

    programme_dir = programme_root(root)
    language = choose_language(lang, programme_dir)
    result = check_data(programme_dir, today())
    if result.errors:
        refused = say("form.refused", language, errors=len(result.errors))
        raise DataError(refused, result.errors, root=programme_dir)
    forms = all_forms(result.programme, language)
    folder = output if output is not None else programme_dir / FORM_DIR
    if check:
        stale = [
            name
            for name, text in forms.items()
            if not (folder / name).is_file() or (folder / name).read_bytes() != text.encode()
        ]
        if stale:
            names = tuple(stale)
            raise DataError(
                say("form.stale", language, count=len(stale), folder=str(folder), names=names)
            )
        typer.echo(say("form.current", language, folder=str(folder)))
        return
    if folder.exists() and not folder.is_dir():
        raise UsageError(say("form.not_folder", language, folder=str(folder)))
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in forms.items():
        overwrite(folder / name, text.encode("utf-8"))
    typer.echo(say("form.wrote", language, count=len(forms), folder=str(folder)))


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
    lang: LangOption = None,
) -> None:
    """Apply a filled issue form: the same write, checks and messages as the command itself."""
    from bif_cli.clock import today
    from bif_cli.io.check import check
    from bif_cli.outputs import forms
    from bif_cli.texts import say

    programme_dir = programme_root(root)
    language = choose_language(lang, programme_dir)
    if kind not in forms.KINDS:
        raise typer.BadParameter(
            say("form.unknown_kind", language, kind=kind, kinds=forms.KINDS), param_hint="KIND"
        )
    text = _read_body(body, language)
    markdown = output_format is ApplyFormat.md
    command = typer.main.get_command(app)
    if kind not in getattr(command, "commands", {}):
        failure = [_error("", say("form.not_available", language, kind=kind))]
        _fail(markdown, language, failure, 2)
    programme = check(programme_dir, today()).programme
    filled = forms.parse_body(kind, text, language)
    listed = forms.choices(programme, language)
    args, errors = forms.command_args(kind, filled, listed, language)
    if filled.errors + errors:
        _fail(markdown, language, filled.errors + errors, 2)
    argv = [kind, f"--root={programme_dir}", f"--lang={language}"]
    argv += ["--dry-run"] if dry_run else []
    _run(command, [*argv, *args], kind, language, markdown, dry_run)


def _read_body(body: Path, lang: str) -> str:
    from bif_cli.errors import UsageError
    from bif_cli.texts import say

    try:
        raw = sys.stdin.buffer.read(MAX_BODY + 1) if str(body) == "-" else body.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise UsageError(say("form.unreadable", lang, file=str(body), reason=reason)) from None
    if len(raw) > MAX_BODY:
        raise UsageError(say("form.too_big", lang, file=str(body)))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(say("form.not_utf8", lang, file=str(body))) from None


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
        if isinstance(returned, int) and returned != 0:
            lines = [line for line in err.getvalue().splitlines() if line.strip()]
            failure, code = [_error("", line) for line in lines] or [_error("", "failed")], returned
    except typer.BadParameter as exc:
        hint = exc.param_hint if isinstance(exc.param_hint, str) else None
        if hint is None and exc.param is not None:
            hint = (exc.param.opts or [exc.param.name or ""])[0]
        label = field_for_argument(kind, (hint or "").strip("'\""), lang) or (hint or "")
        failure, code = [_error(label, _named(kind, lang, exc.message).message)], 2
    except _CLICK_EXCEPTION as exc:
        failure = [_named(kind, lang, str(exc))]
        code = int(getattr(exc, "exit_code", 2))
    except DataError as exc:
        failure = [_error(f"{p.path}:{p.line}:{p.column}", p.render(lang)) for p in exc.problems]
        if str(exc):
            failure.append(_error("", exc.render(lang)))
        code = exc.exit_code
    except BifError as exc:
        failure, code = [_named(kind, lang, exc.render(lang))], exc.exit_code
    finally:
        sys.stdin = stdin
    if failure:
        _fail(markdown, lang, failure, code)
    _succeed(markdown, lang, out.getvalue(), err.getvalue(), dry_run)


def _named(kind: str, lang: str, message: str) -> FieldError:
    """Say which field a command's message is about, and name it as the form does."""
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
    """Show the errors (Markdown on stdout, or lines on stderr) and stop with the exit code."""
    from bif_cli.errors import DataError, UsageError
    from bif_cli.outputs.formreply import errors_markdown, errors_text
    from bif_cli.texts import say

    if markdown:
        sys.stdout.write(errors_markdown(errors, lang))
    else:
        from bif_cli.escape import printable

        sys.stderr.write(printable(errors_text(errors, lang)))
    heading = say("form.failed", lang)
    raise (DataError(heading) if code == 1 else UsageError(heading))
