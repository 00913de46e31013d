"""bif: keep a regional business-development programme as YAML in git.

The public API: each function does in one call what a command does, and returns data.

    import bif_cli
    result = bif_cli.check("path/to/programme")
    for problem in result.problems:
        print(problem.path, problem.line, problem.code, problem.render("en"))
    pipeline = bif_cli.recruitment("path/to/programme", as_of=date(2015, 6, 30))
    bif_cli.set_status("path/to/programme", "eksempel-trevare", "mapped", note="Kartlagt")

Data problems raise bif_cli.errors.DataError (its .problems are Problem values), a write
that names an unknown id raises UnknownIdError, and so on (see bif_cli.errors). Modules
are imported only when a function is called, so `import bif_cli` stays light.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # nothing heavy at import time: bif's own start-up imports this module
    from datetime import date

    from bif_cli.domain.compare import DiffReport
    from bif_cli.domain.programme import Programme
    from bif_cli.errors import Problem
    from bif_cli.io.check import CheckResult, GitRevision
    from bif_cli.io.edit import Change, Written
    from bif_cli.io.registry import Lookup, Refreshed
    from bif_cli.outputs.overviews import BudgetOverview, MilestoneOverview, Recruitment
    from bif_cli.outputs.report_types import AnnualReport, FinalReport, ReportContext

    PathLike = str | Path

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "load",
    "check",
    "recruitment",
    "budget",
    "milestones",
    "quarterly_report",
    "annual_report",
    "final_report",
    "diff",
    "add_company",
    "add_cluster",
    "add_measure",
    "set_status",
    "add_payment",
    "milestone_done",
    "submit",
    "registry_lookup",
    "registry_refresh",
]


def _folder(root: PathLike) -> Path:
    return Path(root).expanduser()


def _today(when: date | None) -> date:
    from bif_cli.clock import today

    return when if when is not None else today()


def load(root: PathLike) -> Programme:
    """Load the programme at root (whatever its problems; see check for those)."""
    from bif_cli.io.store import load_programme

    return load_programme(_folder(root))[0]


def check(
    source: PathLike | GitRevision,
    today: date | None = None,
    *,
    overlay: dict[str, bytes] | None = None,
    use_cache: bool = True,
) -> CheckResult:
    """Run `bif check` on a folder or a git revision: every problem, and the programme."""
    from bif_cli.io.check import GitRevision
    from bif_cli.io.check import check as run

    chosen = source if isinstance(source, GitRevision) else _folder(source)
    return run(chosen, _today(today), overlay=overlay, use_cache=use_cache)


def _valid(root: PathLike, *, budget: bool = False, plan_only: bool = False) -> Programme:
    """Load the programme, refusing (DataError) when errors make the overviews wrong.

    plan_only: load only program.yaml, budget.yaml and milestones.yaml (see io/plan.py), as
    `bif milestones` does.
    """
    from bif_cli.errors import DataError
    from bif_cli.outputs.blocking import blocking_problems

    result = check(root)
    errors = blocking_problems(result.problems, budget=budget)
    if errors:
        raise DataError(f"the programme has {len(errors)} error(s)", errors, root=_folder(root))
    if plan_only and not result.loaded:
        from bif_cli.io.plan import load_plan

        return load_plan(_folder(root))
    return result.programme


def recruitment(
    root: PathLike,
    as_of: date | None = None,
    *,
    region: str | None = None,
    status: str | None = None,
) -> Recruitment:
    """Return `bif recruitment`: counts per status and region, and a row per company."""
    from bif_cli.outputs.overviews import recruitment as build

    return build(_valid(root), _today(as_of), region=region, status=status)


def budget(root: PathLike, as_of: date | None = None, *, lang: str = "nb") -> BudgetOverview:
    """Return `bif budget check`: money per area against allocations, and the budget issues."""
    from bif_cli.outputs.overviews import budget as build

    return build(_valid(root, budget=True), _today(as_of), lang)


def milestones(root: PathLike, as_of: date | None = None) -> MilestoneOverview:
    """Return `bif milestones`: each milestone's state at the date."""
    from bif_cli.outputs.overviews import milestones as build

    return build(_valid(root, plan_only=True), _today(as_of))


def quarterly_report(
    root: PathLike, quarter: str, *, lang: str | None = None, output_format: str = "md"
) -> str:
    """Return the quarterly report (md or html) as `bif report quarterly` makes it."""
    from bif_cli.domain.quarter import parse_quarter
    from bif_cli.errors import DataError, UsageError
    from bif_cli.io.resultcache import kept_result, quarterly_arguments
    from bif_cli.io.root import configured_language
    from bif_cli.outputs.render import render_report

    folder = _folder(root)
    try:
        chosen = parse_quarter(quarter)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    language = lang or configured_language(folder)
    result = check(folder, chosen.last_day)
    if result.errors:
        raise DataError(f"the data has {len(result.errors)} error(s)", result.errors, root=folder)

    def build(programme: Programme) -> ReportContext:
        from bif_cli.domain.programme import narrative_path
        from bif_cli.io.store import narrative_text
        from bif_cli.outputs.report import build_report, check_quarter

        check_quarter(programme, chosen)
        narrative = narrative_text(folder, narrative_path(chosen))
        return build_report(programme, chosen, result.problems, narrative, language)

    context = kept_result(result, quarterly_arguments(chosen, language), build)
    return render_report(context, output_format, language, folder)


def annual_report(
    root: PathLike, year: int, *, lang: str | None = None, output_format: str = "md"
) -> str:
    """Return the annual report (md or html) as `bif report annual YEAR` makes it."""
    from datetime import date as day

    from bif_cli.io.resultcache import annual_arguments, kept_result
    from bif_cli.io.store import narrative_text
    from bif_cli.outputs.annual import annual_narrative_path, build_annual, check_year

    end = day(year, 12, 31)
    folder, result, language = _report_input(root, end, lang)

    def build(programme: Programme) -> AnnualReport:
        check_year(programme, year)
        narrative = narrative_text(folder, annual_narrative_path(year))
        return build_annual(programme, year, narrative, report_date=end)

    context = kept_result(result, annual_arguments(year, language, end), build)
    return _render(context, output_format, language, folder)


def final_report(root: PathLike, *, lang: str | None = None, output_format: str = "md") -> str:
    """Return the final report (md or html) as `bif report final` makes it."""
    from bif_cli.clock import today
    from bif_cli.io.resultcache import final_arguments, kept_result
    from bif_cli.io.store import load_programme, narrative_text
    from bif_cli.outputs.final import FINAL_NARRATIVE, build_final

    loaded, _problems = load_programme(_folder(root))
    end = loaded.program.period.end if loaded.program is not None else today()
    folder, result, language = _report_input(root, end, lang)

    def build(programme: Programme) -> FinalReport:
        return build_final(
            programme, narrative_text(folder, FINAL_NARRATIVE), today=today(), report_date=end
        )

    context = kept_result(result, final_arguments(language, None, today()), build)
    return _render(context, output_format, language, folder)


def _report_input(root: PathLike, as_of: date, lang: str | None) -> tuple[Path, CheckResult, str]:
    """Return the programme's folder, its check as of a report's date, and the language."""
    from bif_cli.errors import DataError
    from bif_cli.io.root import configured_language

    folder = _folder(root)
    result = check(folder, as_of)
    if result.errors:
        raise DataError(f"the data has {len(result.errors)} error(s)", result.errors, root=folder)
    return folder, result, lang or configured_language(folder)


def _render(context: ReportContext, output_format: str, language: str, folder: Path) -> str:
    from bif_cli.outputs.render import render_report

    return render_report(context, output_format, language, folder, name=context["kind"])


def diff(
    root: PathLike,
    base: str | None = None,
    head: str | None = None,
    *,
    today: date | None = None,
    lang: str = "nb",
) -> DiffReport:
    """Return `bif diff --format json`: what changed from base to head (the working tree)."""
    from bif_cli.io.diffsides import diff_at

    return diff_at(_folder(root), base, head, _today(today), lang)


def _write(root: Path, change: Change, before: list[Problem], dry_run: bool) -> Written:
    from bif_cli.clock import today
    from bif_cli.io.edit import Written, apply_change

    return Written(change, apply_change(root, change, today(), before, dry_run=dry_run))


def add_company(
    root: PathLike,
    name: str,
    *,
    org_number: str,
    region: str,
    municipality: str,
    nace: str,
    market: str,
    company_id: str | None = None,
    process_leader: str | None = None,
    when: date | None = None,
    note: str | None = None,
    dry_run: bool = False,
) -> Written:
    """Add a company as identified (data/companies/<id>.yaml), as `bif add-company` does."""
    from bif_cli.domain.programme import COMPANIES_DIR
    from bif_cli.io.edit import new_company, new_entity_id

    folder = _folder(root)
    result = check(folder)
    new_id = new_entity_id(folder, COMPANIES_DIR, company_id, name, result.programme.companies)
    change = new_company(
        folder,
        new_id,
        name=name,
        org_number=org_number,
        region=region,
        municipality=municipality,
        nace=nace,
        market=market,
        process_leader=process_leader,
        when=_today(when),
        note=note,
    )
    return _write(folder, change, result.problems, dry_run)


def add_cluster(
    root: PathLike,
    name: str,
    *,
    regions: list[str],
    members: list[str],
    cluster_id: str | None = None,
    facilitator: str | None = None,
    when: date | None = None,
    note: str | None = None,
    dry_run: bool = False,
) -> Written:
    """Add a cluster as identified (data/clusters/<id>.yaml), as `bif add-cluster` does."""
    from bif_cli.domain.programme import CLUSTERS_DIR
    from bif_cli.io.edit import new_cluster, new_entity_id

    folder = _folder(root)
    result = check(folder)
    new_id = new_entity_id(folder, CLUSTERS_DIR, cluster_id, name, result.programme.clusters)
    change = new_cluster(
        folder,
        new_id,
        name=name,
        regions=regions,
        members=members,
        facilitator=facilitator,
        when=_today(when),
        note=note,
    )
    return _write(folder, change, result.problems, dry_run)


def add_measure(
    root: PathLike,
    owner: str,
    *,
    measure_id: str,
    title: str,
    kind: str,
    area: str,
    granted: int,
    granted_on: date | None = None,
    start: date | None = None,
    end: date | None = None,
    partner: str | None = None,
    dry_run: bool = False,
) -> Written:
    """Add a measure to a company, a cluster or `costs`, as `bif add-measure` does."""
    from bif_cli.io.edit import add_measure as build
    from bif_cli.io.edit import owner as find

    folder = _folder(root)
    result = check(folder)
    found = find(result.programme, result.problems, owner, costs=True)
    change = build(
        folder,
        found,
        {
            "id": measure_id,
            "title": title,
            "kind": kind,
            "area": area,
            "partner": partner,
            "granted": granted,
            "granted_on": _today(granted_on),
            "start": start,
            "end": end,
        },
    )
    return _write(folder, change, result.problems, dry_run)


def set_status(
    root: PathLike,
    owner: str,
    status: str,
    *,
    when: date | None = None,
    note: str | None = None,
    continuation_plan: str | None = None,
    dry_run: bool = False,
) -> Written:
    """Give a company or cluster a new status from a date, as `bif set-status` does."""
    from bif_cli.io.edit import owner as find
    from bif_cli.io.edit import set_status as build

    folder = _folder(root)
    result = check(folder)
    found = find(result.programme, result.problems, owner, costs=False)
    change = build(folder, found, status, _today(when), note, continuation_plan)
    return _write(folder, change, result.problems, dry_run)


def add_payment(
    root: PathLike,
    owner: str,
    measure: str,
    amount: int,
    *,
    when: date | None = None,
    dry_run: bool = False,
) -> Written:
    """Add a payment to a measure, as `bif add-payment` does."""
    from bif_cli.io.edit import add_payment as build
    from bif_cli.io.edit import owner as find

    folder = _folder(root)
    result = check(folder)
    found = find(result.programme, result.problems, owner, costs=True)
    change = build(folder, found, measure, amount, _today(when))
    return _write(folder, change, result.problems, dry_run)


def milestone_done(
    root: PathLike, milestone: str, *, when: date | None = None, dry_run: bool = False
) -> Written:
    """Mark a milestone done on a date, as `bif milestone-done` does."""
    from bif_cli.io.edit import milestone_done as build

    folder = _folder(root)
    result = check(folder)
    change = build(folder, result.programme, milestone, _today(when))
    return _write(folder, change, result.problems, dry_run)


def submit(
    root: PathLike, period: str, *, sent: date | None = None, today: date | None = None
) -> Path:
    """Record that a report was sent, as `bif submit` does; return the record's path.

    period is a quarter (Q2-2015), a year (2015) or "final"; sent defaults to today.
    """
    from bif_cli.io.submitted import submit as record

    when = _today(today)
    folder = _folder(root)
    rel, _rendered, _raw = record(folder, period, sent=sent or when, today=when)
    return folder / rel


def registry_lookup(org_number: str) -> Lookup:
    """Ask the company register about a unit, as `bif registry lookup` does."""
    from bif_cli.domain.models import parse_org_number
    from bif_cli.io.registry import fetch

    return fetch(parse_org_number(org_number))


def registry_refresh(
    root: PathLike, company_ids: list[str] | None = None, *, when: date | None = None
) -> list[Refreshed]:
    """Fetch the register's record of companies (all by default) into data/registry/."""
    from bif_cli.errors import UnknownIdError
    from bif_cli.io.registry import refresh

    folder = _folder(root)
    programme = load(folder)
    ids = list(dict.fromkeys(company_ids or sorted(programme.companies)))
    for company_id in ids:
        if company_id not in programme.companies:
            raise UnknownIdError("company", company_id, sorted(programme.companies))
    return list(refresh(folder, programme, ids, _today(when)))
