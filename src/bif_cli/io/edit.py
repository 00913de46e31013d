"""The writing commands' core: build a change, check the programme as it would be, write it."""

from __future__ import annotations

import re
from collections.abc import Container, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal, NamedTuple, TypedDict

from bif_cli.domain import models
from bif_cli.domain.programme import (
    BUDGET_FILE,
    CLUSTERS_DIR,
    COMPANIES_DIR,
    MILESTONES_FILE,
    Programme,
)
from bif_cli.errors import (
    AlreadyExistsError,
    BifError,
    DataError,
    NothingToChangeError,
    Problem,
    UnknownIdError,
    UsageError,
)
from bif_cli.fmt import kroner
from bif_cli.io.atomic import create_new, replace_file
from bif_cli.io.lock import programme_lock
from bif_cli.io.roundtrip import (
    Document,
    block_map,
    block_seq,
    flow_map,
    flow_seq,
    new_document,
    quoted,
)
from bif_cli.io.safefile import OUTSIDE, Refused
from bif_cli.texts import Args

# Key order of each kind of mapping is the order of the model's fields (as in DESIGN.md).
COMPANY_KEYS = tuple(models.Company.model_fields)
CLUSTER_KEYS = tuple(models.Cluster.model_fields)
MEASURE_KEYS = tuple(models.Measure.model_fields)
BUDGET_KEYS = tuple(models.Budget.model_fields)
MILESTONE_KEYS = tuple(models.Milestone.model_fields)
SCHEMA_HEADER = "# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n"

OwnerKind = Literal["company", "cluster", "costs"]


@dataclass(frozen=True)
class Change:
    """One file as it would be after a command: new contents, and the old (None: a new file)."""

    rel: str
    old: bytes | None
    new: bytes
    summary: str


@dataclass(frozen=True)
class Owner:
    """Whoever measures belong to: a company, a cluster, or the programme's own costs."""

    kind: OwnerKind
    id: str
    rel: str
    measures: list[models.Measure]
    history: tuple[models.HistoryEntry | models.ClusterHistoryEntry, ...] = ()

    @property
    def statuses(self) -> tuple[str, ...]:
        """The statuses this owner can have."""
        return models.COMPANY_STATUSES if self.kind == "company" else models.CLUSTER_STATUSES

    @property
    def measures_key(self) -> str:
        return "costs" if self.kind == "costs" else "measures"

    @property
    def keys(self) -> tuple[str, ...]:
        return {"company": COMPANY_KEYS, "cluster": CLUSTER_KEYS, "costs": BUDGET_KEYS}[self.kind]


def owner_ids(programme: Programme, *, costs: bool = True) -> list[str]:
    """List every id OWNER may be: companies, clusters and (if costs) `costs`."""
    ids = sorted(set(programme.companies) | set(programme.clusters))
    return [*ids, "costs"] if costs and programme.budget is not None else ids


def find_owner(programme: Programme, owner_id: str, *, costs: bool = True) -> Owner | None:
    """Return the owner called owner_id, or None when there is none."""
    in_companies = owner_id in programme.companies
    in_clusters = owner_id in programme.clusters
    if in_companies and in_clusters:
        raise UsageError(
            f"'{owner_id}' is both a company and a cluster; rename one of "
            f"{programme.company_path(owner_id)} and {programme.cluster_path(owner_id)}"
        )
    if in_companies:
        company = programme.companies[owner_id]
        rel = programme.company_path(owner_id)
        return Owner("company", owner_id, rel, company.measures, tuple(company.history))
    if in_clusters:
        cluster = programme.clusters[owner_id]
        rel = programme.cluster_path(owner_id)
        return Owner("cluster", owner_id, rel, cluster.measures, tuple(cluster.history))
    if costs and owner_id == "costs" and programme.budget is not None:
        return Owner("costs", "costs", BUDGET_FILE, programme.budget.costs)
    return None


def owner(programme: Programme, problems: list[Problem], owner_id: str, *, costs: bool) -> Owner:
    """Return the owner to edit, or raise: UnknownIdError, or DataError if its file is broken."""
    found = find_owner(programme, owner_id, costs=costs)
    if found is None:
        for rel in (programme.company_path(owner_id), programme.cluster_path(owner_id)):
            if rel in programme.sources:
                require_valid_file(rel, problems)
        if costs and owner_id == "costs":
            require_valid_file(BUDGET_FILE, problems)
        what = "owner_or_costs" if costs else "owner"
        raise UnknownIdError(what, owner_id, owner_ids(programme, costs=costs))
    require_valid_file(found.rel, problems)
    return found


def new_entity_id(
    root: Path, folder: str, given: str | None, name: str, existing: Container[str]
) -> str:
    """Return the id of a new company or cluster file: given, or made from the name.

    Raises UsageError when no id can be made, AlreadyExistsError when the file is there.
    """
    from bif_cli.domain.slug import slugify

    if given is not None and not given.strip():
        raise UsageError.said("write.empty_company_id")
    entity_id = given if given is not None else slugify(name)
    if not entity_id:
        raise UsageError(f"no id can be made from the name '{name}'; give one with --id")
    final = entity_path(root, folder, entity_id)
    if final.exists() or entity_id in existing:
        text = "error.file_exists" if given is not None else "error.file_exists_give_id"
        raise AlreadyExistsError.said(text, file=f"{folder}/{entity_id}.yaml")
    return entity_id


def is_measure_id(value: str) -> bool:
    """Tell whether value can be a measure id (letters, digits, '-' and '_'; at most 60)."""
    return bool(value) and len(value) <= 60 and re.fullmatch(models.ID_PATTERN, value) is not None


def require_valid_file(rel: str, problems: list[Problem]) -> None:
    """Refuse to edit a file that does not load cleanly now (DataError with its problems)."""
    errors = [p for p in problems if p.path == rel and p.is_error]
    if errors:
        refused = DataError.said("error.fix_file_first", file=rel)
        refused.problems = errors
        raise refused


def entity_path(root: Path, folder: str, entity_id: str) -> Path:
    """Return root/folder/<id>.yaml, refusing an id that is not a file id or leaves the folder."""
    if not re.fullmatch(models.FILE_ID_PATTERN, entity_id) or len(entity_id) > 60:
        raise UsageError(
            f"'{entity_id}' is not a valid id: use lower-case letters a-z, digits and '-', "
            "starting with a letter or digit, at most 60 characters"
        )
    from bif_cli.io.store import WINDOWS_RESERVED

    if entity_id in WINDOWS_RESERVED:
        raise UsageError.said("write.reserved_id", id=entity_id)
    base = (root / folder).resolve()
    final = (base / f"{entity_id}.yaml").resolve()
    if final.parent != base:
        raise UsageError(f"'{entity_id}' would be written outside {folder}/; choose another id")
    return final


def refused_write(rel: str, refused: Refused) -> DataError:
    """Return the error for a file bif will not write through (a link out, not a file)."""
    if refused.code == OUTSIDE:
        return DataError.said("write.outside", file=rel, **dict(refused.args_))
    return DataError.said("write.not_regular", file=rel)


def _read(root: Path, rel: str) -> bytes:
    from bif_cli.io.safefile import Refused, read_regular
    from bif_cli.io.yamlio import MAX_BYTES

    try:
        return read_regular(root, root / rel, MAX_BYTES + 1)
    except Refused as refused:
        raise refused_write(rel, refused) from None


def new_company(
    root: Path,
    company_id: str,
    *,
    name: str,
    org_number: str,
    region: str,
    municipality: str,
    nace: str,
    market: str,
    process_leader: str | None,
    when: date,
    note: str | None,
    employees: int | None = None,
) -> Change:
    """Build data/companies/<id>.yaml for a newly identified company."""
    rel = f"{COMPANIES_DIR}/{company_id}.yaml"
    entry = flow_map(("date", when), ("status", "identified"), ("note", note))
    data = block_map(
        ("name", name),
        ("org_number", quoted(org_number)),
        ("region", region),
        ("municipality", quoted(municipality)),
        ("nace", quoted(nace)),
        ("market", market),
        ("employees", employees),
        ("process_leader", process_leader),
        ("history", block_seq([entry])),
    )
    raw = new_document(data, SCHEMA_HEADER.format(kind="company"))
    return Change(rel, None, raw, f"Added {rel}: {name}, identified {when.isoformat()}.")


def new_cluster(
    root: Path,
    cluster_id: str,
    *,
    name: str,
    regions: list[str],
    members: list[str],
    facilitator: str | None,
    when: date,
    note: str | None,
) -> Change:
    """Build data/clusters/<id>.yaml for a newly identified cluster."""
    rel = f"{CLUSTERS_DIR}/{cluster_id}.yaml"
    entry = flow_map(("date", when), ("status", "identified"), ("note", note))
    data = block_map(
        ("name", name),
        ("region", regions[0] if len(regions) == 1 else flow_seq(regions)),
        ("members", flow_seq(members)),
        ("facilitator", facilitator),
        ("history", block_seq([entry])),
    )
    raw = new_document(data, SCHEMA_HEADER.format(kind="cluster"))
    return Change(rel, None, raw, f"Added {rel}: {name}, identified {when.isoformat()}.")


class MeasureFields(TypedDict):
    """A new measure's fields, as add_measure takes them (None: left out of the file)."""

    id: str
    title: str
    kind: str
    area: str
    partner: str | None
    granted: int
    granted_on: date
    start: date | None
    end: date | None


def add_measure(root: Path, owner: Owner, fields: MeasureFields) -> Change:
    """Append a measure (fields in any order; None left out) to the owner's measures.

    Raises UsageError for an id that cannot be one, AlreadyExistsError for one in use.
    """
    new_id = str(fields["id"])
    if not new_id.strip():
        raise UsageError.said("write.empty_measure_id")
    if not is_measure_id(new_id):
        raise UsageError(
            f"'{new_id}' is not a valid measure id; give --id with letters, digits, '-' and '_'"
        )
    if new_id in (m.id for m in owner.measures):
        raise AlreadyExistsError.said("error.measure_exists", file=owner.rel, measure=new_id)
    doc = Document(_read(root, owner.rel), owner.rel)
    values: Mapping[str, object] = fields
    measure = block_map(*((key, values.get(key)) for key in MEASURE_KEYS))
    doc.append((owner.measures_key,), measure, owner.keys)
    summary = f"Updated {owner.rel}: measure '{fields['id']}', {kroner(fields['granted'])} granted."
    return Change(owner.rel, doc.old_bytes, doc.dump(), summary)


def set_status(
    root: Path,
    owner: Owner,
    status: str,
    when: date,
    note: str | None,
    continuation_plan: str | None = None,
) -> Change:
    """Append a history entry to a company or cluster (and set its continuation plan).

    Raises UnknownIdError for a status the owner cannot have, NothingToChangeError when it
    has that status already.
    """
    if status not in owner.statuses:
        raise UnknownIdError(f"{owner.kind}_status", status, list(owner.statuses))
    latest = owner.history[-1] if owner.history else None
    if latest is not None and latest.status == status:
        raise NothingToChangeError.said(
            "error.already_status", owner=owner.id, status=status, since=latest.date.isoformat()
        )
    doc = Document(_read(root, owner.rel), owner.rel)
    entry = flow_map(("date", when), ("status", status), ("note", note))
    doc.append(("history",), entry, owner.keys)
    if continuation_plan is not None:
        doc.set_key((), "continuation_plan", continuation_plan, owner.keys)
    summary = f"Updated {owner.rel}: {status} from {when.isoformat()}."
    return Change(owner.rel, doc.old_bytes, doc.dump(), summary)


def add_payment(root: Path, owner: Owner, measure_id: str, amount: int, when: date) -> Change:
    """Append a payment to one of the owner's measures (UnknownIdError for another id)."""
    ids = [m.id for m in owner.measures]
    if measure_id not in ids:
        raise UnknownIdError("measure", measure_id, ids, owner=owner.id)
    index = ids.index(measure_id)
    doc = Document(_read(root, owner.rel), owner.rel)
    payment = flow_map(("date", when), ("amount", amount))
    doc.append((owner.measures_key, index, "payments"), payment, MEASURE_KEYS)
    summary = f"Updated {owner.rel}: {kroner(amount)} paid on '{measure_id}' {when.isoformat()}."
    return Change(owner.rel, doc.old_bytes, doc.dump(), summary)


def milestone_done(root: Path, programme: Programme, milestone_id: str, when: date) -> Change:
    """Mark a milestone done on a date.

    Raises DataError when milestones.yaml does not load, UnknownIdError for an id it does
    not have, NothingToChangeError for a milestone that is done already.
    """
    if programme.milestones is None:
        raise DataError(f"{MILESTONES_FILE} has errors; fix them first (see `bif check`)")
    ids = [m.id for m in programme.milestones.milestones]
    if milestone_id not in ids:
        raise UnknownIdError("milestone", milestone_id, ids)
    index = ids.index(milestone_id)
    done = programme.milestones.milestones[index].done
    if done is not None:
        raise NothingToChangeError.said(
            "error.already_done",
            milestone=milestone_id,
            done=done.isoformat(),
            file=MILESTONES_FILE,
        )
    doc = Document(_read(root, MILESTONES_FILE), MILESTONES_FILE)
    doc.set_key(("milestones", index), "done", when, MILESTONE_KEYS)
    summary = f"Updated {MILESTONES_FILE}: '{milestone_id}' done {when.isoformat()}."
    return Change(MILESTONES_FILE, doc.old_bytes, doc.dump(), summary)


def _key(problem: Problem) -> tuple[str, str, str, str, Args]:
    return (problem.path, problem.severity, problem.code, problem.text, problem.args)


def check_change(
    root: Path, change: Change, today: date, before: list[Problem]
) -> tuple[list[Problem], list[Problem]]:
    """Check the programme as it would be after change: (its errors, warnings new to it)."""
    from bif_cli.io.check import check

    problems = check(root, today, overlay={change.rel: change.new}).problems
    known = {_key(p) for p in before}
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error and _key(p) not in known]
    return errors, warnings


class Written(NamedTuple):
    """A change that was checked (and written, unless it was a dry run), and its new warnings."""

    change: Change
    warnings: list[Problem]


def apply_change(
    root: Path,
    change: Change,
    today: date,
    before: list[Problem],
    *,
    dry_run: bool = False,
    correction: str | None = None,
) -> list[Problem]:
    """Check the programme as it would be after change, then write it (unless dry_run).

    Raises DataError (nothing written) if the change would leave the programme with errors,
    or if it dates an entry inside a period already reported to the owner without a
    correction (the reason, stored on the entry; see io/guard.py); returns the warnings the
    change brings, for the caller to show.
    """
    from bif_cli.io.guard import guard_submitted

    change = guard_submitted(root, change, today, correction)
    errors, warnings = check_change(root, change, today, before)
    if errors:
        refused = DataError.said("error.would_break", errors=len(errors))
        refused.problems = errors
        raise refused
    if not dry_run:
        write_change(root, change)
    return warnings


def write_change(root: Path, change: Change) -> None:
    """Write change atomically: a new file exclusively, an edit only if the file is unchanged."""
    from bif_cli.io.safefile import Refused, check_inside

    final = root / change.rel
    with programme_lock(root):
        try:
            check_inside(root, final)
        except Refused as refused:
            raise refused_write(change.rel, refused) from None
        _write(final, change)


def _write(final: Path, change: Change) -> None:
    try:
        if change.old is None:
            final.parent.mkdir(parents=True, exist_ok=True)
            create_new(final, change.new, change.rel)
        else:
            replace_file(final, change.new, change.old, change.rel)
    except OSError as exc:
        reason = exc.strerror or str(exc) or exc.__class__.__name__
        raise BifError(f"could not write {change.rel} ({reason}); nothing was changed") from exc
