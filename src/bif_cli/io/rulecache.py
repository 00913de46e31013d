"""Entity-scoped rule results in .bif-cache/, kept per company and cluster file.

An entity-scoped rule (domain.rules.ENTITY_RULES) says about a company or cluster only what
its own file and the context allow: the models of program.yaml, budget.yaml and
milestones.yaml, today, and for a cluster the company ids. Its problems for a file are kept
under the file's digest and the context's, so after one edit the rules run over that one file
(and the context files); the programme-scoped rules run over the whole programme every time.

The context is keyed by what the rules read, the validated models, not by the files' bytes:
a comment or a change of layout in program.yaml reruns nothing. Results are kept for the last
few contexts, one file each (rules-<context>.pickle), so a report checked as of its quarter's
last day and `bif check` as of today do not push each other's results out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TypeGuard

from pydantic import BaseModel

from bif_cli.domain.programme import PROGRAMME_FILES, Programme
from bif_cli.errors import Problem, plain_problems
from bif_cli.io.cache import CACHE_DIR, _read, _valid_problem, _write, keep_latest, usable
from bif_cli.io.skeleton import SkeletonProgramme

RULES_FILE = "rules-{}.pickle"  # by the companies' context key (its first 32 hex digits)
RULES_GLOB = "rules*.pickle"  # rules.pickle: where bif kept one context only, before
RULE_CONTEXTS = 4  # contexts whose results are kept (one file each), the latest first

Entry = tuple[str, str, list[Any]]  # file digest, context digest, problems as plain tuples


def canonical(value: Any) -> Any:
    """Return value as plain nested tuples: equal for equal models, unequal otherwise.

    Every field of a model is named (the class too), so two models differ here whenever a
    rule could tell them apart; a model's repr would hide a field made with repr=False.
    """
    if isinstance(value, BaseModel):
        kind = type(value)
        fields = tuple((name, canonical(getattr(value, name))) for name in kind.model_fields)
        return (kind.__module__, kind.__qualname__, fields)
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(canonical(item) for item in value))
    if isinstance(value, dict):
        return ("dict", tuple((canonical(k), canonical(v)) for k, v in value.items()))
    if value is None or type(value) in (str, int, bool, date):
        return value
    raise TypeError(f"no canonical form for {type(value).__name__}")  # a new kind of field


class UndeclaredRead(Exception):
    """A rule read of a context file what domain.rules.ENTITY_READS does not name.

    Not an AttributeError, so hasattr() or getattr() with a default cannot hide it.
    """


class Declared:
    """A context model as the entity-scoped rules may see it: only the fields they declared."""

    __slots__ = ("_model", "_reads")

    def __init__(self, model: Any, reads: dict[str, Any]) -> None:
        self._model = model
        self._reads = reads

    def __getattr__(self, name: str) -> Any:
        if name not in self._reads:
            raise UndeclaredRead(f"{type(self._model).__name__}.{name}")
        return _declared(getattr(self._model, name), self._reads[name])


def _declared(value: Any, reads: dict[str, Any] | None) -> Any:
    if reads is None or value is None:
        return value
    if isinstance(value, list):
        return [Declared(item, reads) for item in value]
    return Declared(value, reads)


def _declared_canonical(value: Any, reads: dict[str, Any] | None) -> Any:
    """Return the canonical form of what the rules may read of value (see Declared)."""
    if reads is None or value is None:
        return canonical(value)
    if isinstance(value, list):
        return ("list", tuple(_declared_canonical(item, reads) for item in value))
    return tuple((name, _declared_canonical(getattr(value, name), reads[name])) for name in reads)


def _context_reads() -> dict[str, dict[str, Any]]:
    from bif_cli.domain.rules import ENTITY_READS

    return ENTITY_READS


def context_key(p: Programme, today: date) -> str:
    """Return the context key of the companies: today and what the rules read of the models.

    The entity-scoped rules read, of program.yaml, budget.yaml and milestones.yaml, only what
    domain.rules.ENTITY_READS names (they run over nothing else, see entity_view), and never
    the files' bytes: a file that is absent and one that does not validate are both None to
    them, and so here.
    """
    reads = _context_reads()
    models = (p.program, p.budget, p.milestones)
    names = ("program", "budget", "milestones")
    text = repr(
        (
            today.isoformat(),
            tuple(_declared_canonical(m, reads[n]) for m, n in zip(models, names, strict=True)),
        )
    )
    return hashlib.sha256(text.encode()).hexdigest()


class _EntitiesOnly(Programme):
    """The companies and clusters whose rules run, in a context of declared fields only."""

    def owners(self) -> Iterable[tuple[str, str, list[Any]]]:
        # Not the programme's own costs: they are budget.yaml's (see context_problems).
        for company_id, company in self.companies.items():
            yield self.company_path(company_id), company_id, company.measures
        for cluster_id, cluster in self.clusters.items():
            yield self.cluster_path(cluster_id), cluster_id, cluster.measures


def entity_view(p: Programme, companies: dict[str, Any], clusters: dict[str, Any]) -> Programme:
    """Return companies and clusters of p in a context the rules may read only as declared."""
    reads = _context_reads()
    return _EntitiesOnly(
        root=p.root,
        program=_declared(p.program, reads["program"]),
        budget=_declared(p.budget, reads["budget"]),
        milestones=_declared(p.milestones, reads["milestones"]),
        companies=companies,
        clusters=clusters,
        sources=p.sources,
        # A cluster's members are checked against every company id: the companies left out
        # here still exist (an entity rule reads no other company's contents).
        broken_companies=p.broken_companies | set(p.companies),
        broken_clusters=p.broken_clusters,
    )


def entity_problems(view: Programme, today: date, rules: list[Any]) -> Iterator[Problem]:
    """Yield what the entity-scoped rules say about the companies and clusters of view.

    What they say about the programme's own files comes from context_problems.
    """
    from bif_cli.domain.rules import CONTEXT_RULES

    for rule in rules:
        if rule not in CONTEXT_RULES:
            yield from (p for p in rule(view, today) if p.path not in PROGRAMME_FILES)


def context_problems(p: Programme, today: date, rules: list[Any]) -> Iterator[Problem]:
    """Yield what the entity-scoped rules say about the programme's own three files."""
    alone = Programme(
        root=p.root,
        program=p.program,
        budget=p.budget,
        milestones=p.milestones,
        sources=p.sources,
        broken_companies=p.broken_companies | set(p.companies),
        broken_clusters=p.broken_clusters,
    )
    for rule in rules:
        yield from rule(alone, today)


def _context_digests(p: Programme, today: date) -> tuple[str, str]:
    """Return the context keys of companies and of clusters (theirs adds the company ids)."""
    companies = context_key(p, today)
    ids = "\0".join([*sorted(p.companies), "\1", *sorted(p.broken_companies)])
    return companies, hashlib.sha256(f"{companies}\0{ids}".encode()).hexdigest()


def _rules_path(root: Path, context: str) -> Path:
    return root / CACHE_DIR / RULES_FILE.format(context[:32])


def _kept_for(entry: Any, digest: str, context: str) -> TypeGuard[Entry]:
    """Tell whether entry is sound and was kept for these file contents and this context."""
    return (
        type(entry) is tuple
        and len(entry) == 3
        and entry[0] == digest  # plain data only (see cache._read): equal to a str is a str
        and entry[1] == context
        and type(entry[2]) is list
        and (not entry[2] or all(_valid_problem(x) for x in entry[2]))
    )


def run_entity_rules(
    p: Programme, today: date, rules: list[Any], *, cache_root: Path | None = None
) -> list[Problem]:
    """Run the entity-scoped rules, over only the files whose results are not cached.

    cache_root: the programme whose cache to read when p is not it (a git revision); that
    cache is then not written.
    """
    contexts = _context_digests(p, today) if usable(cache_root or p.root) else None
    # Worked out while the programme was loaded, under this very context (io/coldload.py).
    done = p.rules_done if isinstance(p, SkeletonProgramme) else {}
    if contexts is None and not done:  # no cache: the rules over p itself, as they are
        # (so the tests comparing with --no-cache hold the declared view to the plain run)
        if isinstance(p, SkeletonProgramme):
            p.flesh_out()
        return [problem for rule in rules for problem in rule(p, today)]
    path = _rules_path(cache_root or p.root, contexts[0] if contexts else "")
    stored = None if contexts is None else _read(path)
    entries: dict[str, Entry] = stored if isinstance(stored, dict) else {}
    kept: dict[str, Entry] = {}
    keys: dict[str, tuple[str, str]] = {}  # of the files whose rules run: digest, context
    problems: list[Problem] = []
    todo: tuple[list[str], list[str]] = ([], [])  # the company and cluster ids whose rules run
    for ids, context, path_of, ids_todo in (
        (p.companies, "" if contexts is None else contexts[0], p.company_path, todo[0]),
        (p.clusters, "" if contexts is None else contexts[1], p.cluster_path, todo[1]),
    ):
        for entity_id in ids:
            rel = path_of(entity_id)
            digest = getattr(p.sources.get(rel), "digest", None)
            if not isinstance(digest, str):
                ids_todo.append(entity_id)
                continue
            ready = done.get(rel) if done else None
            entry = (
                (digest, context, ready[1]) if ready and ready[0] == digest else entries.get(rel)
            )
            if _kept_for(entry, digest, context):
                kept[rel] = entry
                if entry[2]:
                    problems.extend(Problem(*x) for x in entry[2])
            else:
                keys[rel] = (digest, context)
                ids_todo.append(entity_id)
    if isinstance(p, SkeletonProgramme):  # the entities whose rules run must be whole
        p.flesh_out(todo[0])
    rest = entity_view(p, {i: p.companies[i] for i in todo[0]}, {i: p.clusters[i] for i in todo[1]})
    fresh: dict[str, list[Any]] = {rel: [] for rel in keys}
    for problem in entity_problems(rest, today, rules):
        problems.append(problem)
        if problem.path in fresh:
            fresh[problem.path].extend(plain_problems([problem]))
    problems.extend(context_problems(p, today, rules))
    if contexts is not None and cache_root is None and (fresh or kept.keys() != entries.keys()):
        for rel, plain in fresh.items():
            kept[rel] = (*keys[rel], plain)
        _write(path, kept)
        keep_latest(path, RULES_GLOB, RULE_CONTEXTS)
    return problems
