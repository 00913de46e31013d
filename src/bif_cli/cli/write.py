"""The writing commands: add companies, clusters, measures, payments; statuses; milestones."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bif_cli.cli.common import choose_language, chosen_language, programme_root
from bif_cli.cli.correction import CorrectionOption
from bif_cli.cli.group import app
from bif_cli.cli.guards import past_date, warn_outside_period
from bif_cli.cli.options import LangOption, RootOption, parse_date_option
from bif_cli.domain.habits import (
    CLUSTER_STATUS_WORDS,
    COMPANY_STATUS_WORDS,
    KIND_WORDS,
    MARKET_WORDS,
)

if TYPE_CHECKING:
    from datetime import date

    from bif_cli.domain.programme import Programme
    from bif_cli.errors import Problem
    from bif_cli.io.edit import Change, MeasureFields

DateOption = Annotated[
    str | None,
    typer.Option(
        "--date", help="The date, 30.06.2015 or 2015-06-30. Default: today.", show_default=False
    ),
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Show what would be written, and write nothing.")
]
NoteOption = Annotated[
    str | None, typer.Option("--note", help="A note on the history entry (why).")
]


def _locked(command: Callable[..., None]) -> Callable[..., None]:
    """Run a writing command holding the programme's lock, from its first read to its write."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        from bif_cli.io.lock import LockBusy, programme_lock

        root = programme_root(kwargs.get("root"))
        try:
            with programme_lock(root):
                command(*args, **kwargs)
        except LockBusy:
            choose_language(kwargs.get("lang"), root)  # the command had no turn to choose
            raise

    return run


def stdin_is_terminal() -> bool:
    """Tell whether a person can answer prompts (tests replace this function)."""
    return sys.stdin.isatty()


def _listing(choices: list[str], labels: dict[str, str] | None = None) -> str:
    shown = [f"{c} ({labels[c]})" if labels and c in labels else c for c in choices]
    return ", ".join(shown) or "(none defined)"


def _ask(
    value: str | None,
    option: str,
    prompt: str,
    parse: Callable[[str], Any],
    *,
    choices: list[str] | None = None,
    labels: dict[str, str] | None = None,
    required: bool = True,
) -> Any:
    """Parse an option's value; prompt for it on a terminal when it is missing.

    Without a terminal a missing required option is a usage error that names it (exit 2).
    """
    if value is not None:
        try:
            return parse(value)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint=option) from None
    if not stdin_is_terminal():
        if not required:
            return None
        from bif_cli.errors import UsageError

        hint = f" Use one of: {_listing(choices, labels)}." if choices is not None else ""
        kind = "option" if option.startswith("-") else "argument"
        raise UsageError(f"Missing {kind} '{option}'.{hint}")
    if choices is not None:
        typer.echo(f"{prompt}: {_listing(choices, labels)}")
    while True:
        answer = typer.prompt(
            prompt + ("" if required else " (empty for none)"),
            default=None if required else "",
            show_default=False,
        ).strip()
        if not answer and not required:
            return None
        try:
            return parse(answer)
        except ValueError as exc:
            typer.echo(f"Error: {exc}", err=True)


def _one_of(
    valid: list[str],
    what: str,
    words: dict[str, str] | None = None,
    *,
    ignore_case: bool = False,
) -> Callable[[str], str]:
    from bif_cli.domain.habits import resolve

    def parse(value: str) -> str:
        lang = chosen_language()
        return resolve(value, valid, what, words=words, ignore_case=ignore_case, lang=lang)

    return parse


def _word(value: str, valid: list[str], words: dict[str, str]) -> str:
    """Return the status a bokmål word (or any case) stands for; else a usage error."""
    from bif_cli.domain.habits import resolve

    try:
        return resolve(value, valid, "status", words=words, lang=chosen_language())
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="STATUS") from None


def _line(what: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        from bif_cli.escape import control_character

        value = value.strip()
        if not value or "\n" in value or "\r" in value:
            raise ValueError(f"{what} must be one line of text")
        bad = control_character(value)
        if bad is not None:
            raise ValueError(
                f"{what} holds the control character U+{ord(bad):04X}, which no file may hold; "
                "remove it"
            )
        return value

    return parse


def _optional_line(value: str | None, option: str, what: str) -> str | None:
    """Check an optional one-line text option; a bad one is a usage error naming the option."""
    if value is None:
        return None
    try:
        return _line(what)(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=option) from None


def _typed(annotation: Any, message: str) -> Callable[[str], Any]:
    from pydantic import TypeAdapter, ValidationError

    adapter: TypeAdapter[Any] = TypeAdapter(annotation)

    def parse(value: str) -> Any:
        try:
            return adapter.validate_python(value)
        except ValidationError:
            raise ValueError(message.format(value=value)) from None

    return parse


def _date_or_none(value: str | None, option: str) -> date | None:
    return None if value is None else parse_date_option(value, option)


def _load(root: Path) -> tuple[Programme, list[Problem]]:
    from bif_cli.clock import today
    from bif_cli.io.check import check

    result = check(root, today())
    return result.programme, result.problems


def _finish(
    root: Path,
    change: Change,
    before: list[Problem],
    dry_run: bool,
    correction: str | None = None,
) -> None:
    """Check the programme as it would be after change; then show it (dry run) or write it.

    A change that dates an entry inside a period already reported to the owner needs
    correction (the reason), which is stored on the entry.
    """
    from bif_cli.clock import today
    from bif_cli.io.edit import apply_change
    from bif_cli.io.guard import guard_submitted

    # Guarded here too (apply_change guards again) so a dry run shows the correction.
    change = guard_submitted(root, change, today(), correction)
    warnings = apply_change(
        root,
        change,
        today(),
        before,
        dry_run=dry_run,
        correction=correction,
    )
    for p in warnings:
        message = p.render(chosen_language())
        typer.echo(f"{p.path}:{p.line}:{p.column}: warning[{p.code}]: {message}", err=True)
    if dry_run:
        _show(change)
        from bif_cli.texts import say

        typer.echo(say("write.dry_run", chosen_language()), err=True)
        return
    typer.echo(change.summary)


def _said(change: Change, text: str, **values: Any) -> Change:
    """Return change with its summary in the chosen language (dates written 30.06.2015)."""
    from dataclasses import replace
    from datetime import date

    from bif_cli.fmt import date_nb
    from bif_cli.texts import say

    shown = {k: date_nb(v) if isinstance(v, date) else v for k, v in values.items()}
    return replace(change, summary=say(text, chosen_language(), file=change.rel, **shown))


def _show(change: Change) -> None:
    new = change.new.decode("utf-8")
    if change.old is None:
        sys.stdout.write(new if new.endswith("\n") else new + "\n")
        return
    import difflib

    old = change.old.decode("utf-8")
    diff = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"a/{change.rel}",
        tofile=f"b/{change.rel}",
    )
    # As git does: a line without its newline (the file's last) is marked, never run together.
    marked = (
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in diff
    )
    sys.stdout.write("".join(marked))


@app.command("add-company")
@_locked
def add_company(
    name: Annotated[
        str | None, typer.Argument(metavar="NAME", help="The company's name.", show_default=False)
    ] = None,
    *,
    org_number: Annotated[
        str | None, typer.Option("--org-number", help="Organisation number (9 digits).")
    ] = None,
    region: Annotated[str | None, typer.Option("--region", help="A region id.")] = None,
    municipality: Annotated[
        str | None, typer.Option("--municipality", help="Municipality number, like 0511.")
    ] = None,
    nace: Annotated[str | None, typer.Option("--nace", help="NACE code, like 16.230.")] = None,
    market: Annotated[
        str | None, typer.Option("--market", help="local, regional, national or international.")
    ] = None,
    company_id: Annotated[
        str | None, typer.Option("--id", help="The file id. Default: made from the name.")
    ] = None,
    process_leader: Annotated[
        str | None, typer.Option("--process-leader", help="A person id from program.yaml.")
    ] = None,
    when: DateOption = None,
    note: NoteOption = None,
    offline: Annotated[
        bool, typer.Option("--offline", help="Do not ask the company register.")
    ] = False,
    dry_run: DryRunOption = False,
    correction: CorrectionOption = None,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    """Add a company as identified: writes data/companies/<id>.yaml.

    With --org-number, what the company register knows (name, NACE, employees, municipality
    and region) is filled in, and its record is kept in data/registry/<orgnr>.json.
    """
    from bif_cli.domain import models
    from bif_cli.domain.programme import COMPANIES_DIR
    from bif_cli.io.edit import new_company, new_entity_id

    programme_dir = programme_root(root)
    choose_language(lang, programme_dir)
    day = past_date(when, "--date", "company_identified")
    programme, before = _load(programme_dir)
    warn_outside_period(programme, day, "company_identified")
    if programme.program is None:
        from bif_cli.domain.programme import PROGRAM_FILE
        from bif_cli.io.edit import require_valid_file

        require_valid_file(PROGRAM_FILE, before)
    assert programme.program is not None
    regions = {r.id: r for r in programme.program.regions}
    people = {p.id: p.name for p in programme.program.people}
    registered = None
    if org_number is not None and not offline:
        from bif_cli.cli.prefill import prefill

        registered = prefill(org_number, programme.program, name)
    if registered is not None:
        name = name or registered.name
        nace = nace or registered.nace
        region = region or registered.region
        if municipality is None and registered.region == region:
            municipality = registered.municipality
    name = _ask(name, "NAME", "Name", _line("the name"))
    company_id = new_entity_id(programme_dir, COMPANIES_DIR, company_id, name, programme.companies)
    org = _ask(org_number, "--org-number", "Organisation number", _new_org_number(programme))
    region_id = _ask(
        region,
        "--region",
        "Region",
        _one_of(list(regions), "region"),
        choices=list(regions),
        labels={r.id: r.name for r in regions.values()},
    )
    towns = regions[region_id].municipalities
    code = _ask(
        municipality,
        "--municipality",
        "Municipality",
        _one_of(list(towns), "municipality"),
        choices=list(towns),
        labels=dict(towns),
    )
    nace_code = _ask(
        nace,
        "--nace",
        "NACE code",
        _typed(models.NaceCode, "'{value}' is not a NACE code (SN2007, like 16.230)"),
    )
    market_kind = _ask(
        market,
        "--market",
        "Market",
        _one_of(list(models.MARKETS), "market", MARKET_WORDS),
        choices=list(models.MARKETS),
    )
    leader = _ask(
        process_leader,
        "--process-leader",
        "Process leader",
        _one_of(list(people), "person"),
        choices=list(people),
        labels=people,
        required=False,
    )
    change = new_company(
        programme_dir,
        company_id,
        name=name,
        org_number=org,
        region=region_id,
        municipality=code,
        nace=nace_code,
        market=market_kind,
        process_leader=leader,
        when=day,
        note=_optional_line(note, "--note", "the note"),
        employees=registered.employees if registered else None,
    )
    change = _said(change, "write.company", name=name, day=day)
    _finish(programme_dir, change, before, dry_run, correction)
    if registered is not None and not dry_run:
        from bif_cli.clock import today
        from bif_cli.texts import say

        kept = registered.save_snapshot(programme_dir, today())
        typer.echo(say("registry.kept", chosen_language(), path=kept))


@app.command("add-cluster")
@_locked
def add_cluster(
    name: Annotated[
        str | None, typer.Argument(metavar="NAME", help="The cluster's name.", show_default=False)
    ] = None,
    *,
    region: Annotated[
        str | None, typer.Option("--region", help="A region id, or several: a,b.")
    ] = None,
    members: Annotated[
        str | None, typer.Option("--members", help="Company ids, comma-separated: a,b,c.")
    ] = None,
    cluster_id: Annotated[
        str | None, typer.Option("--id", help="The file id. Default: made from the name.")
    ] = None,
    facilitator: Annotated[
        str | None, typer.Option("--facilitator", help="A person id from program.yaml.")
    ] = None,
    when: DateOption = None,
    note: NoteOption = None,
    dry_run: DryRunOption = False,
    correction: CorrectionOption = None,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    """Add a cluster as identified: writes data/clusters/<id>.yaml."""
    from bif_cli.domain.programme import CLUSTERS_DIR, PROGRAM_FILE
    from bif_cli.io.edit import new_cluster, new_entity_id, require_valid_file

    programme_dir = programme_root(root)
    choose_language(lang, programme_dir)
    day = past_date(when, "--date", "cluster_identified")
    programme, before = _load(programme_dir)
    warn_outside_period(programme, day, "cluster_identified")
    if programme.program is None:
        require_valid_file(PROGRAM_FILE, before)
    assert programme.program is not None
    region_names = {r.id: r.name for r in programme.program.regions}
    people = {p.id: p.name for p in programme.program.people}
    companies = sorted(programme.companies)
    name = _ask(name, "NAME", "Name", _line("the name"))
    cluster_id = new_entity_id(programme_dir, CLUSTERS_DIR, cluster_id, name, programme.clusters)
    regions = _ask(
        region,
        "--region",
        "Region(s), comma-separated",
        _id_list(list(region_names), "region"),
        choices=list(region_names),
        labels=region_names,
    )
    member_ids = _ask(
        members,
        "--members",
        "Members (company ids), comma-separated",
        _id_list(companies, "company"),
        choices=companies,
    )
    leader = _ask(
        facilitator,
        "--facilitator",
        "Facilitator",
        _one_of(list(people), "person"),
        choices=list(people),
        labels=people,
        required=False,
    )
    change = new_cluster(
        programme_dir,
        cluster_id,
        name=name,
        regions=regions,
        members=member_ids,
        facilitator=leader,
        when=day,
        note=_optional_line(note, "--note", "the note"),
    )
    change = _said(change, "write.cluster", name=name, day=day)
    _finish(programme_dir, change, before, dry_run, correction)


def _new_org_number(programme: Programme) -> Callable[[str], str]:
    """Parse an org number and refuse one that a company already has, as soon as it is typed."""
    from bif_cli.domain import models

    def parse(value: str) -> str:
        from bif_cli.domain.habits import normalise_spaces
        from bif_cli.texts import say

        digits = models.parse_org_number(normalise_spaces(value))
        for other_id, other in programme.companies.items():
            if other.org_number == digits:
                raise ValueError(
                    say("refuse.taken_org_number", chosen_language(), number=digits,
                        name=other.name, file=programme.company_path(other_id))
                )  # fmt: skip
        return digits

    return parse


def _id_list(valid: list[str], what: str) -> Callable[[str], list[str]]:
    one = _one_of(valid, what)

    def parse(value: str) -> list[str]:
        ids = list(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
        if not ids:
            raise ValueError(f"give at least one {what} id; use one of: {_listing(valid)}")
        return [one(i) for i in ids]

    return parse


@app.command("add-measure")
@_locked
def add_measure(
    owner: Annotated[
        str, typer.Argument(metavar="OWNER", help="A company or cluster id, or `costs`.")
    ],
    *,
    title: Annotated[str | None, typer.Option("--title", help="What the measure is.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="rnd, competence, ….")] = None,
    area: Annotated[str | None, typer.Option("--area", help="A budget area id.")] = None,
    granted: Annotated[
        str | None, typer.Option("--granted", help="Kroner granted, like 250000 or '250 000'.")
    ] = None,
    granted_on: Annotated[
        str | None, typer.Option("--granted-on", help="30.06.2015 or 2015-06-30. Default: today.")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="Start date, 30.06.2015 or 2015-06-30.")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--end", help="End date, 30.06.2015 or 2015-06-30.")
    ] = None,
    partner: Annotated[
        str | None, typer.Option("--partner", help="FoU-miljø, school or consultant.")
    ] = None,
    measure_id: Annotated[
        str | None, typer.Option("--id", help="The measure id. Default: made from the title.")
    ] = None,
    dry_run: DryRunOption = False,
    correction: CorrectionOption = None,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    """Add a measure (tiltak) to a company, a cluster or the programme's costs."""
    from bif_cli.domain import models
    from bif_cli.domain.slug import slugify
    from bif_cli.io.edit import add_measure as build
    from bif_cli.io.edit import owner as find

    programme_dir = programme_root(root)
    choose_language(lang, programme_dir)
    day = past_date(granted_on, "--granted-on", "grant")
    begins = _date_or_none(start, "--start")
    ends = _date_or_none(end, "--end")
    programme, before = _load(programme_dir)
    warn_outside_period(programme, day, "grant")
    found = find(programme, before, owner, costs=True)
    if programme.budget is None:
        from bif_cli.domain.programme import BUDGET_FILE
        from bif_cli.io.edit import require_valid_file

        require_valid_file(BUDGET_FILE, before)
    assert programme.budget is not None
    areas = {a.id: a.name for a in programme.budget.areas}
    text = _ask(title, "--title", "Title", _line("the title"))
    if measure_id is None and slugify(text) in {m.id for m in found.measures}:
        from bif_cli.errors import AlreadyExistsError

        # Said as soon as the title is given, before the other prompts (issue #13).
        raise AlreadyExistsError(
            f"{found.rel} already has a measure '{slugify(text)}'; give the new one another --id"
        )
    kinds = list(models.MEASURE_KINDS)
    kind_id = _ask(kind, "--kind", "Kind", _one_of(kinds, "kind", KIND_WORDS), choices=kinds)
    area_id = _ask(
        area,
        "--area",
        "Budget area",
        _one_of(list(areas), "area", ignore_case=True),
        choices=list(areas),
        labels=areas,
    )
    amount = _ask(granted, "--granted", "Granted (kroner)", models.parse_money)
    fields: MeasureFields = {
        "id": measure_id if measure_id is not None else slugify(text),
        "title": text,
        "kind": kind_id,
        "area": area_id,
        "partner": _optional_line(partner, "--partner", "the partner"),
        "granted": amount,
        "granted_on": day,
        "start": begins,
        "end": ends,
    }
    change = _said(
        build(programme_dir, found, fields), "write.measure", measure=fields["id"], granted=amount
    )
    _finish(programme_dir, change, before, dry_run, correction)


@app.command("set-status")
@_locked
def set_status(
    owner: Annotated[str, typer.Argument(metavar="OWNER", help="A company or cluster id.")],
    status: Annotated[
        str, typer.Argument(metavar="STATUS", help="The new status, like mapped or agreement.")
    ],
    *,
    when: DateOption = None,
    note: NoteOption = None,
    continuation_plan: Annotated[
        str | None,
        typer.Option(
            "--continuation-plan", help="The plan for carrying on (needed for completed)."
        ),
    ] = None,
    dry_run: DryRunOption = False,
    correction: CorrectionOption = None,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    """Add a history entry: a company or cluster has a new status from a date."""
    from bif_cli.io.edit import owner as find
    from bif_cli.io.edit import set_status as build

    programme_dir = programme_root(root)
    choose_language(lang, programme_dir)
    day = past_date(when, "--date", "status_change")
    programme, before = _load(programme_dir)
    warn_outside_period(programme, day, "status_change")
    found = find(programme, before, owner, costs=False)
    words = COMPANY_STATUS_WORDS if found.kind == "company" else CLUSTER_STATUS_WORDS
    status = _word(status, list(found.statuses), words)
    text = _optional_line(note, "--note", "the note")
    plan = _optional_line(continuation_plan or None, "--continuation-plan", "the continuation plan")
    change = build(programme_dir, found, status, day, text, plan)
    shown = status
    if chosen_language() == "nb":
        from bif_cli.texts import names

        table = "status_name" if found.kind == "company" else "cluster_status_name"
        shown = names("nb", table)[status].lower()
    change = _said(change, "write.status", status=shown, day=day)
    _finish(programme_dir, change, before, dry_run, correction)


@app.command("add-payment")
@_locked
def add_payment(
    owner: Annotated[
        str, typer.Argument(metavar="OWNER", help="A company or cluster id, or `costs`.")
    ],
    measure: Annotated[str, typer.Argument(metavar="MEASURE", help="The measure id.")],
    amount: Annotated[
        str, typer.Argument(metavar="AMOUNT", help="Kroner paid, like 100000 or '100 000'.")
    ],
    *,
    when: DateOption = None,
    dry_run: DryRunOption = False,
    correction: CorrectionOption = None,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    """Add a payment to a measure."""
    from bif_cli.domain import models
    from bif_cli.io.edit import add_payment as build
    from bif_cli.io.edit import owner as find

    programme_dir = programme_root(root)
    choose_language(lang, programme_dir)
    day = past_date(when, "--date", "payment")
    try:
        kroner = models.parse_money(amount)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="AMOUNT") from None
    programme, before = _load(programme_dir)
    warn_outside_period(programme, day, "payment")
    found = find(programme, before, owner, costs=True)
    change = build(programme_dir, found, measure, kroner, day)
    change = _said(change, "write.payment", amount=kroner, measure=measure, day=day)
    _finish(programme_dir, change, before, dry_run, correction)


@app.command("milestone-done")
@_locked
def milestone_done(
    milestone: Annotated[str, typer.Argument(metavar="ID", help="The milestone id.")],
    *,
    when: DateOption = None,
    dry_run: DryRunOption = False,
    correction: CorrectionOption = None,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    """Mark a milestone as done on a date."""
    from bif_cli.domain.programme import MILESTONES_FILE
    from bif_cli.io.edit import milestone_done as build
    from bif_cli.io.edit import require_valid_file

    programme_dir = programme_root(root)
    choose_language(lang, programme_dir)
    day = past_date(when, "--date", "milestone_reached")
    programme, before = _load(programme_dir)
    warn_outside_period(programme, day, "milestone_reached")
    require_valid_file(MILESTONES_FILE, before)
    change = build(programme_dir, programme, milestone, day)
    change = _said(change, "write.milestone_done", milestone=milestone, day=day)
    _finish(programme_dir, change, before, dry_run, correction)
