"""Company files no cache knows yet, read, validated and checked in two processes.

A first `bif check` meets every company file for the first time. Each one goes through the
whole pipeline in one process: read, parse, the loader's problems, validation, the facts the
programme-scoped rules read, the model pickled for the model cache, and the entity-scoped
rules (domain.rules.ENTITY_RULES, over a small programme of the context files and a chunk of
companies). What comes out is plain data (a Prepared entry), so the parent keeps no company
whole and a forked worker can send its half back through a pipe with marshal.

The worker is forked once, before the parent's memory grows. A worker that dies or sends
anything unsound leaves its half to the parent, which then does it itself.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bif_cli.domain import models
from bif_cli.domain.programme import CompanyFacts, Programme, Source
from bif_cli.domain.rules_index import company_facts, valid_facts
from bif_cli.io.cache import _valid_problem, content_digest
from bif_cli.io.modelcache import PlainProblem, dump_model, plain_problems
from bif_cli.io.yamlio import (
    PARALLEL_MIN_FILES,
    LoadedYaml,
    _fast_parser,
    _processes,
    load_packed,
    read_raw,
    unpack,
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
CHUNK = 500


@dataclass(frozen=True)
class Context:
    """What every company's pipeline reads besides its own file."""

    root: Path
    today: date
    programme: Programme  # program, budget, milestones and their sources; no companies


def prepare(context: Context, rels: list[str]) -> list[Prepared]:
    """Return a Prepared entry for each company file at rels, in their order.

    With many files, and two cores, a forked worker does the second half.
    """
    with _fast_parser(len(rels)) as fast:
        threshold = int(os.environ.get("BIF_PARALLEL_MIN_FILES") or PARALLEL_MIN_FILES)
        if len(rels) >= threshold and _processes() >= 2:
            return _forked(context, rels, fast)
        return list(_prepare(context, rels, fast))


def _forked(context: Context, rels: list[str], fast: FastParser | None) -> list[Prepared]:
    """Prepare the second half of rels in a forked worker that sends it back through a pipe."""
    half = len(rels) // 2
    theirs = rels[half:]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the worker; coverage does not follow it
        code = 1
        try:
            os.close(read_end)
            payload = marshal.dumps(list(_prepare(context, theirs, fast)))
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    incoming = os.fdopen(read_end, "rb")
    try:
        mine = list(_prepare(context, rels[:half], fast))
        payload = incoming.read()
    finally:
        incoming.close()  # first, so a worker still writing gets a broken pipe, not a hang
        _pid, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) == 0:
        try:
            sent = marshal.loads(payload)
        except Exception:  # cut short or garbled: do that half here instead
            sent = None
        if _sound(sent, theirs):
            return mine + list(sent)
    return mine + list(_prepare(context, theirs, fast))


def _sound(sent: Any, rels: list[str]) -> bool:
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
    from bif_cli.io.store import _loader_problems, validate

    root = context.root
    folders: dict[Path, Path] = {}  # resolved once for this chunk, never across runs
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
    # once, so only what they say about this chunk's companies is kept here.
    checked: dict[str, list[PlainProblem]] = {rel: [] for rel in rels}
    for rule in ENTITY_RULES:
        for problem in rule(chunk, context.today):
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
