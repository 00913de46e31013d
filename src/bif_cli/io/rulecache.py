"""Entity-scoped rule results in .bif-cache/, kept per company and cluster file.

An entity-scoped rule (domain.rules.ENTITY_RULES) says about a company or cluster only what
its own file and the context allow: program.yaml, budget.yaml, milestones.yaml, today, and
for a cluster the company ids. Its problems for a file are kept under the file's digest and
the context's, so after one edit the rules run over that one file (and the context files);
the programme-scoped rules run over the whole programme every time.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any

from bif_cli.domain.programme import (
    COMPANIES_DIR,
    PROGRAMME_FILES,
    Programme,
)
from bif_cli.errors import Problem, plain_problems
from bif_cli.io.cache import CACHE_DIR, _read, _valid_problem, _write, usable
from bif_cli.io.skeleton import SkeletonProgramme

RULES_FILE = "rules.pickle"

Entry = tuple[str, str, list[Any]]  # file digest, context digest, problems as plain tuples


def _companies_context(today: date, contents: list[bytes | None]) -> str:
    """Return the context key of the companies: today and the programme files' contents."""
    digest = hashlib.sha256(today.isoformat().encode())
    for raw in contents:  # None: the file is absent
        digest.update(b"absent\0" if raw is None else hashlib.sha256(raw).digest())
    return digest.hexdigest()


def _context_digests(p: Programme, today: date) -> tuple[str, str] | None:
    """Return the context keys of companies and of clusters (None: a file's bytes unknown)."""
    contents: list[bytes | None] = []
    for rel in PROGRAMME_FILES:
        source = p.sources.get(rel)
        raw = None if source is None else getattr(source, "source", None)
        if source is not None and not isinstance(raw, bytes):
            return None
        contents.append(raw)
    companies = _companies_context(today, contents)
    ids = "\0".join([*sorted(p.companies), "\1", *sorted(p.broken_companies)])
    return companies, hashlib.sha256(f"{companies}\0{ids}".encode()).hexdigest()


def context_unchanged(root: Path, today: date) -> bool:
    """Tell whether the cached rule results of the companies were kept under today's context.

    When program.yaml, budget.yaml, milestones.yaml or the date changed, every company's
    rules run again and need it whole: loading skeletons first would only cost time.
    """
    from bif_cli.io.yamlio import read_raw

    if not usable(root):
        return False
    contents: list[bytes | None] = []
    for rel in PROGRAMME_FILES:
        path = root / rel
        if not path.exists() and not path.is_symlink():
            contents.append(None)
            continue
        raw = read_raw(path, root)
        if not isinstance(raw, bytes):
            return False
        contents.append(raw)
    stored = _read(root / CACHE_DIR / RULES_FILE)
    if not isinstance(stored, dict):
        return False
    kept = next((e for rel, e in stored.items() if rel.startswith(COMPANIES_DIR + "/")), None)
    return kept is not None and _valid(kept) and kept[1] == _companies_context(today, contents)


def _valid(entry: Any) -> bool:
    return (
        type(entry) is tuple
        and len(entry) == 3
        and type(entry[0]) is str
        and type(entry[1]) is str
        and type(entry[2]) is list
        and all(_valid_problem(x) for x in entry[2])
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
    if contexts is None and not done:
        if isinstance(p, SkeletonProgramme):
            p.flesh_out()
        return [problem for rule in rules for problem in rule(p, today)]
    path = (cache_root or p.root) / CACHE_DIR / RULES_FILE
    stored = None if contexts is None else _read(path)
    entries: dict[str, Entry] = stored if isinstance(stored, dict) else {}
    keys: dict[str, tuple[str, str]] = {}
    for ids, context, path_of in (
        (p.companies, "" if contexts is None else contexts[0], p.company_path),
        (p.clusters, "" if contexts is None else contexts[1], p.cluster_path),
    ):
        for entity_id in ids:
            rel = path_of(entity_id)
            digest = getattr(p.sources.get(rel), "digest", None)
            if isinstance(digest, str):
                keys[rel] = (digest, context)
    kept: dict[str, Entry] = {}
    problems: list[Problem] = []
    for rel, (digest, context) in keys.items():
        ready = done.get(rel)
        entry = (digest, context, ready[1]) if ready and ready[0] == digest else entries.get(rel)
        if entry is not None and entry[:2] == (digest, context) and _valid(entry):
            kept[rel] = entry
            problems.extend(Problem(*x) for x in entry[2])
    if isinstance(p, SkeletonProgramme):  # the entities whose rules run must be whole
        p.flesh_out(i for i in p.companies if p.company_path(i) not in kept)
    rest = Programme(
        root=p.root,
        program=p.program,
        budget=p.budget,
        milestones=p.milestones,
        companies={i: c for i, c in p.companies.items() if p.company_path(i) not in kept},
        clusters={i: c for i, c in p.clusters.items() if p.cluster_path(i) not in kept},
        sources=p.sources,
        # A cluster's members are checked against every company id: the companies left out
        # here still exist (an entity rule reads no other company's contents).
        broken_companies=p.broken_companies | set(p.companies),
        broken_clusters=p.broken_clusters,
        submitted=p.submitted,
        registry=p.registry,
    )
    fresh: dict[str, list[Any]] = {rel: [] for rel in keys if rel not in kept}
    for problem in (problem for rule in rules for problem in rule(rest, today)):
        problems.append(problem)
        if problem.path in fresh:
            fresh[problem.path].extend(plain_problems([problem]))
    if contexts is not None and cache_root is None and (fresh or kept.keys() != entries.keys()):
        for rel, plain in fresh.items():
            kept[rel] = (*keys[rel], plain)
        _write(path, kept)
    return problems
