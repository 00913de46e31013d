"""Writing commands for day-to-day work on companies and clusters: cancel, next action, log."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bif_cli.cli.common import choose_language, programme_root
from bif_cli.cli.correction import CorrectionOption
from bif_cli.cli.group import app
from bif_cli.cli.guards import past_date, warn_outside_period
from bif_cli.cli.options import LangOption, RootOption, parse_date_option
from bif_cli.cli.write import (
    DateOption,
    DryRunOption,
    _ask,
    _finish,
    _line,
    _load,
)
from bif_cli.texts import say

if TYPE_CHECKING:
    from bif_cli.domain.programme import Programme
    from bif_cli.errors import Problem
    from bif_cli.io.edit import Change, Owner


def _lang() -> str:
    from bif_cli.cli.common import chosen_language

    return chosen_language()


def _done(
    root: Any,
    change: Change,
    before: list[Problem],
    dry_run: bool,
    correction: str | None = None,
) -> None:
    """Check and write (or show) the change; a dry run also says what would have been done."""
    from bif_cli.texts import say

    _finish(root, change, before, dry_run, correction)
    if dry_run:
        typer.echo(say("daily.dry_run", _lang(), summary=change.summary), err=True)


def _owner(programme: Programme, before: list[Problem], owner_id: str, *, costs: bool) -> Owner:
    from bif_cli.io.edit import owner

    return owner(programme, before, owner_id, costs=costs)


def _require(rel: str, before: list[Problem], present: object) -> None:
    from bif_cli.io.edit import require_valid_file

    require_valid_file(rel, before)
    assert present is not None


def _people(programme: Programme) -> dict[str, str]:
    return {p.id: p.name for p in programme.program.people} if programme.program else {}


def _new_id(taken: list[str], what: str) -> Callable[[str], str]:
    """Parse a new short id; refuse a bad or taken one (any case) as soon as it is typed."""

    def parse(value: str) -> str:
        value = value.strip()
        from bif_cli.io.edit import is_measure_id

        if not is_measure_id(value):
            raise ValueError(f"'{value}' is not a valid id: use letters, digits, '-' and '_'")
        clash = next((t for t in taken if t.casefold() == value.casefold()), None)
        if clash is not None:
            raise ValueError(say("refuse.taken_id", _lang(), what=what, value=clash))
        return value

    return parse


def _pick(valid: list[str], what: str, labels: dict[str, str]) -> Callable[[str], str]:
    """Parse one of valid; a mistake names the closest, then every choice with its label."""
    from bif_cli.domain.habits import resolve

    return lambda value: resolve(value, valid, what, labels=labels, lang=_lang())


def _money(value: str) -> int:
    from bif_cli.domain.models import parse_money

    return parse_money(value.strip())


@app.command("cancel-measure")
def cancel_measure(
    owner: Annotated[
        str, typer.Argument(metavar="OWNER", help="A company or cluster id, or `costs`.")
    ],
    measure: Annotated[str, typer.Argument(metavar="MEASURE", help="The measure id.")],
    *,
    when: DateOption = None,
    correction: CorrectionOption = None,
    dry_run: DryRunOption = False,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    """Cancel a measure from a date; prints the money it releases (granted but not paid)."""
    from bif_cli.errors import UsageError
    from bif_cli.io.edit_daily import cancel_measure as build

    programme_dir = programme_root(root)
    choose_language(lang, programme_dir)
    day = past_date(when, "--date", "cancellation")
    programme, before = _load(programme_dir)
    warn_outside_period(programme, day, "cancellation")
    found = _owner(programme, before, owner, costs=True)
    ids = [m.id for m in found.measures]
    if measure not in ids:
        from bif_cli.errors import UnknownIdError

        raise UnknownIdError("measure", measure, ids, owner=found.id)
    cancelled = next(m.cancelled_on for m in found.measures if m.id == measure)
    if cancelled is not None:
        raise UsageError.said(
            "refuse.cancelled",
            measure=measure,
            owner=found.id,
            day=cancelled.isoformat(),
            file=found.rel,
        )
    change = build(programme_dir, found, measure, day, _lang())
    _done(programme_dir, change, before, dry_run, correction)


@app.command("set-next-action")
def set_next_action(
    owner: Annotated[str, typer.Argument(metavar="ID", help="A company or cluster id.")],
    what: Annotated[
        str | None,
        typer.Argument(metavar="WHAT", help="What is to be done next.", show_default=False),
    ] = None,
    *,
    due: Annotated[
        str | None, typer.Option("--due", help="When, 30.06.2015 or 2015-06-30 (may lie ahead).")
    ] = None,
    clear: Annotated[
        bool, typer.Option("--clear", help="Remove the next action (it is done).")
    ] = False,
    dry_run: DryRunOption = False,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    """Set the next action of a company or cluster (what, and by when), or clear it."""
    from bif_cli.errors import UsageError
    from bif_cli.io.edit_daily import set_next_action as build

    programme_dir = programme_root(root)
    choose_language(lang, programme_dir)
    by = parse_date_option(due, "--due") if due is not None else None
    programme, before = _load(programme_dir)
    found = _owner(programme, before, owner, costs=False)
    entity: Any = (programme.companies if found.kind == "company" else programme.clusters)[found.id]
    if clear:
        if what is not None or due is not None:
            raise UsageError.said("refuse.clear_args")
        if entity.next_action is None:
            raise UsageError.said("refuse.no_next_action", owner=found.id)
        _done(programme_dir, build(programme_dir, found, None, None, _lang()), before, dry_run)
        return
    text = _ask(what, "WHAT", "Next action", _line("the next action"))
    _done(programme_dir, build(programme_dir, found, text, by, _lang()), before, dry_run)


@app.command("log")
def log(
    owner: Annotated[str, typer.Argument(metavar="ID", help="A company or cluster id.")],
    text: Annotated[
        str | None,
        typer.Argument(metavar="TEXT", help="What the contact was about.", show_default=False),
    ] = None,
    *,
    when: DateOption = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Who made the contact: a person id.")
    ] = None,
    dry_run: DryRunOption = False,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    """Log a contact with a company or cluster (internal; the report counts contacts)."""
    from bif_cli.io.edit_daily import add_log

    programme_dir = programme_root(root)
    choose_language(lang, programme_dir)
    day = past_date(when, "--date", "contact")
    programme, before = _load(programme_dir)
    warn_outside_period(programme, day, "contact")
    found = _owner(programme, before, owner, costs=False)
    people = _people(programme)
    person = _ask(by, "--by", "By", _pick(list(people), "person", people), required=False)
    said = _ask(text, "TEXT", "What was the contact about", _line("the text"))
    _done(programme_dir, add_log(programme_dir, found, day, said, person, _lang()), before, dry_run)


@app.command("set-process-leader")
def set_process_leader(
    owner: Annotated[str, typer.Argument(metavar="ID", help="A company or cluster id.")],
    person: Annotated[
        str | None,
        typer.Argument(metavar="PERSON", help="A person id from program.yaml.", show_default=False),
    ] = None,
    *,
    dry_run: DryRunOption = False,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    """Give a company a new process leader (a cluster: a new facilitator)."""
    from bif_cli.errors import UsageError
    from bif_cli.io.edit_daily import set_leader

    programme_dir = programme_root(root)
    choose_language(lang, programme_dir)
    programme, before = _load(programme_dir)
    found = _owner(programme, before, owner, costs=False)
    people = _people(programme)
    chosen = _ask(
        person,
        "PERSON",
        "Process leader",
        _pick(list(people), "person", people),
        choices=list(people),
        labels=people,
    )
    entity: Any = (programme.companies if found.kind == "company" else programme.clusters)[found.id]
    current = entity.process_leader if found.kind == "company" else entity.facilitator
    if current == chosen:
        raise UsageError.said("refuse.same_leader", person=chosen, owner=found.id)
    _done(programme_dir, set_leader(programme_dir, found, chosen, _lang()), before, dry_run)
