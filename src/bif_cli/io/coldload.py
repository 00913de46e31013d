"""Company files no cache knows yet, read, validated and checked in two processes.

A first `bif check` meets every company file for the first time. Each one goes through the
whole pipeline in one process: read, parse, the loader's problems, validation, the facts the
programme-scoped rules read, the model pickled for the model cache, and the entity-scoped
rules (domain.rules.ENTITY_RULES, over a small programme of the context files and a chunk of
companies). What comes out is plain data (a Prepared entry), so the parent keeps no company
whole and a forked worker can send its half back through a pipe with marshal.

On a first run the worker is forked as the check starts (io/coldstart.py) and the two share
the chunks; when many new files meet a cache that exists, one is forked here for the second
half. Either way it is forked before the parent's memory grows, and a worker that dies or
sends anything unsound leaves its share to the parent, which then does it itself.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bif_cli.domain import models
from bif_cli.domain.programme import (
    BUDGET_FILE,
    MILESTONES_FILE,
    PROGRAM_FILE,
    PROGRAMME_FILES,
    CompanyFacts,
    Programme,
    Source,
)
from bif_cli.domain.rules_index import company_facts, valid_facts
from bif_cli.errors import PlainProblem, plain_problems
from bif_cli.io import coldstart
from bif_cli.io.cache import _valid_problem, content_digest
from bif_cli.io.modelcache import dump_model
from bif_cli.io.yamlio import (
    LoadedYaml,
    _fast_parser,
    load_bytes,
    load_packed,
    read_raw,
    unpack,
    worth_forking,
)

if TYPE_CHECKING:
    from bif_cli.io.fastyaml import FastParser

# (path, digest, the loader's and validation's problems, the model pickled, its facts, the
# entity-scoped rules' problems). The digest is None for a file that was not read as bytes
# (a link, a fifo, unreadable): the caller reads that one again the careful way. The model
# and the facts are None when the file did not validate.
Prepared = tuple[
    str, str | None, list[PlainProblem], bytes | None, CompanyFacts | None, list[PlainProblem]
]

# Company files validated at a time: their models are dropped once pickled and checked, so a
# process never holds more than a chunk of whole companies.
CHUNK = coldstart.CHUNK
_CONTEXT_FIELDS = {PROGRAM_FILE: "program", BUDGET_FILE: "budget", MILESTONES_FILE: "milestones"}


@dataclass(frozen=True)
class Context:
    """What every company's pipeline reads besides its own file."""

    root: Path
    today: date
    programme: Programme  # program, budget, milestones and their sources; no companies


def prepare(context: Context, rels: list[str]) -> list[Prepared]:
    """Return a Prepared entry for each company file at rels, in their order.

    With many files, and two cores, a forked worker does about half: the one forked at the
    start of the check (io/coldstart.py), or else one forked now for the second half.
    """
    with _fast_parser(len(rels)) as fast:
        worker = coldstart.claim(context.root)
        if worker is not None:
            return _shared(context, rels, fast, worker)
        if worth_forking(len(rels)):
            return _forked(context, rels, fast)
        return list(_prepare(context, rels, fast))


def work_early(root: Path, today: date, worker: coldstart.Worker) -> bytes:
    """Do the early worker's share: load the context, then take chunks until none are left.

    Returns (the context's key, the Prepared entries) marshalled: the caller uses them only
    if its own context files have the same key.
    """
    context = _load_context(root, today)
    with _fast_parser(len(worker.rels)) as fast:
        entries = [entry for chunk in worker.chunks() for entry in _prepare(context, chunk, fast)]
    return marshal.dumps((context_key(context.programme), entries))


def _shared(
    context: Context, rels: list[str], fast: FastParser | None, worker: coldstart.Worker
) -> list[Prepared]:
    """Share rels with the early worker, chunk by chunk; do whatever it did not do well."""
    wanted = set(rels)
    done: dict[str, Prepared] = {}
    try:
        for chunk in worker.chunks():
            done.update(
                (e[0], e) for e in _prepare(context, [r for r in chunk if r in wanted], fast)
            )
    except BaseException:
        worker.stop()
        raise
    payload = worker.collect()
    for entry in _answer(payload, context, set(worker.rels)):
        if entry[0] in wanted and entry[0] not in done:
            done[entry[0]] = entry
    missing = [rel for rel in rels if rel not in done]
    done.update((e[0], e) for e in _prepare(context, missing, fast))
    return [done[rel] for rel in rels]


def _answer(payload: bytes | None, context: Context, asked: set[str]) -> list[Prepared]:
    """Return the early worker's entries if sound and made under this context, else []."""
    try:
        key, entries = marshal.loads(payload) if payload is not None else (None, None)
    except Exception:  # cut short or garbled
        return []
    if key != context_key(context.programme) or type(entries) is not list:
        return []
    if not all(type(e) is tuple and e and e[0] in asked and _sound_entry(e, e[0]) for e in entries):
        return []
    return entries


def context_key(programme: Programme) -> tuple[str, ...]:
    """Return what the context files held: each one's sha256, or that it is absent or unread."""
    key = []
    for rel in PROGRAMME_FILES:
        source = programme.sources.get(rel)
        raw = getattr(source, "source", None)
        key.append("absent" if source is None else "unread" if raw is None else content_digest(raw))
    return tuple(key)


def _load_context(root: Path, today: date) -> Context:
    """Load program.yaml, budget.yaml and milestones.yaml as the loader does (no cache)."""
    from bif_cli.io.store import PROGRAMME_MODELS, validate

    context = Programme(root=root)
    for rel in PROGRAMME_FILES:
        path = root / rel
        if not path.exists() and not path.is_symlink():
            continue
        raw = read_raw(path, root)
        loaded = raw if isinstance(raw, LoadedYaml) else load_bytes(raw)
        if isinstance(raw, bytes):
            loaded.source = raw
        context.sources[rel] = loaded
        if loaded.ok:
            model = validate(PROGRAMME_MODELS[rel], rel, loaded, [])
            setattr(context, _CONTEXT_FIELDS[rel], model)
    return Context(root, today, context)


def _forked(context: Context, rels: list[str], fast: FastParser | None) -> list[Prepared]:
    """Prepare the second half of rels in a forked worker (see io/forked.py), the rest here."""
    from bif_cli.io.forked import in_two_processes

    def prepare(part: Sequence[str]) -> list[Prepared]:
        return list(_prepare(context, list(part), fast))

    return in_two_processes(rels, prepare, _sound)


def _sound(sent: Any, rels: Sequence[str]) -> bool:
    """Tell whether a worker's answer is a Prepared entry for each of rels, in order."""
    return (
        type(sent) is list
        and len(sent) == len(rels)
        and all(_sound_entry(entry, rel) for entry, rel in zip(sent, rels, strict=True))
    )


def _sound_entry(entry: Any, rel: str) -> bool:
    return (
        type(entry) is tuple
        and len(entry) == 6
        and entry[0] == rel
        and (entry[1] is None or type(entry[1]) is str)
        and type(entry[2]) is list
        and all(_valid_problem(p) for p in entry[2])
        and (entry[3] is None or type(entry[3]) is bytes)
        and (entry[4] is None or valid_facts(entry[4]))
        and type(entry[5]) is list
        and all(_valid_problem(p) for p in entry[5])
    )


def _prepare(context: Context, rels: list[str], fast: FastParser | None) -> Iterator[Prepared]:
    """Yield a Prepared entry for each of rels, CHUNK files at a time."""
    for start in range(0, len(rels), CHUNK):
        yield from _prepare_chunk(context, rels[start : start + CHUNK], fast)


def _prepare_chunk(
    context: Context, rels: list[str], fast: FastParser | None
) -> Iterator[Prepared]:
    from bif_cli.domain.rules import ENTITY_RULES
    from bif_cli.io.rulecache import entity_problems, entity_view
    from bif_cli.io.store import _loader_problems, validate

    root = context.root
    folders: dict[str, Path] = {}  # resolved once for this chunk, never across runs
    found: dict[str, tuple[str, list[PlainProblem], models.Company | None]] = {}
    sources: dict[str, Source] = dict(context.programme.sources)
    companies: dict[str, models.Company] = {}
    for rel in rels:
        raw = read_raw(root / rel, root, folders)
        if not isinstance(raw, bytes):
            found[rel] = ("", [], None)
            continue
        loaded: LoadedYaml = unpack(raw, load_packed(raw, fast))
        loaded.source = raw
        said = _loader_problems(rel, loaded)
        model = validate(models.Company, rel, loaded, said) if loaded.ok else None
        found[rel] = (content_digest(raw), plain_problems(said), model)
        if model is not None:
            sources[rel] = loaded
            companies[_company_id(rel)] = model
    chunk = Programme(
        root=root,
        program=context.programme.program,
        budget=context.programme.budget,
        milestones=context.programme.milestones,
        companies=companies,
        sources=sources,
    )
    # The rules also speak about the context files; those problems are the caller's to find,
    # once, so only what they say about this chunk's companies is kept here. They run over the
    # context as io/rulecache.py keys it: only what domain.rules.ENTITY_READS names.
    checked: dict[str, list[PlainProblem]] = {rel: [] for rel in rels}
    view = entity_view(chunk, companies, {})
    for problem in entity_problems(view, context.today, ENTITY_RULES):
        if problem.path in checked:
            checked[problem.path].extend(plain_problems([problem]))
    for rel in rels:
        digest, problems, model = found[rel]
        if not digest:
            yield rel, None, [], None, None, []
        elif model is None:
            yield rel, digest, problems, None, None, []
        else:
            yield rel, digest, problems, dump_model(model), company_facts(model), checked[rel]


def _company_id(rel: str) -> str:
    return rel.rsplit("/", 1)[1][: -len(".yaml")]
