"""Read a programme's files (through the parse cache) into models, every problem located."""

from __future__ import annotations

import difflib
import functools
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from bif_cli.domain import models
from bif_cli.domain.programme import (
    BUDGET_FILE,
    CLUSTERS_DIR,
    COMPANIES_DIR,
    MILESTONES_FILE,
    PROGRAM_FILE,
    PROGRAMME_FILES,
    Loc,
    Programme,
    Source,
)
from bif_cli.domain.rules_index import company_facts
from bif_cli.domain.submitted import SUBMITTED_DIR, SubmittedRecord
from bif_cli.errors import DataError, Problem, Severity, args
from bif_cli.io.collector import paused_gc
from bif_cli.io.lazysource import RawSource
from bif_cli.io.modelcache import SKELETON, ModelCache
from bif_cli.io.skeleton import LazyProgramme, SkeletonProgramme
from bif_cli.io.yamlio import MAX_BYTES, LoadedYaml, decode
from bif_cli.texts import Args

if TYPE_CHECKING:
    from bif_cli.io.cache import DigestMemo
    from bif_cli.io.coldload import Prepared

ENTITY_FILE_ID = re.compile(models.FILE_ID_PATTERN)
LEFTOVER_TEMP_FILE = re.compile(r"^\..+\.tmp$|^.+\.yaml\.[A-Za-z0-9_]+\.tmp$")

M = TypeVar("M", bound=BaseModel)

# Names Windows reserves for devices, with any extension: such a file cannot be checked out.
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10)}
)
_QUIET_DOTFILES = frozenset({".gitkeep", ".keep", ".gitignore"})


_KNOWN_FIELDS = sorted(
    {
        name
        for model in vars(models).values()
        if isinstance(model, type) and issubclass(model, BaseModel)
        for name in model.model_fields
    }
)
_TYPE_WORDS = {  # term ids in texts.TERMS
    "string_type": "text",
    "dict_type": "mapping_kv",
    "model_type": "mapping_kv",
    "model_attributes_type": "mapping_kv",
    "list_type": "list",
}
_QUOTED = re.compile(r"'([^']*)'")


def _kind_of(value: Any) -> str:
    """Say what a value is: a term id (see texts.TERMS) or the value itself in quotes."""
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    if value is None:
        return "nothing_empty"
    return f"'{value}'"


def _data_loc(data: Any, loc: tuple[Any, ...]) -> Loc:
    """Keep the part of a pydantic loc that names real nodes (drops union member tags)."""
    real: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
            real.append(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            real.append(part)
        elif isinstance(node, dict) and isinstance(part, str) and not _is_union_member_tag(part):
            real.append(part)  # a missing or unknown key
            break
    return tuple(real)


def _is_union_member_tag(part: str) -> bool:
    """Tell pydantic's union-member tags (like 'list[...]' or 'str') from field names."""
    return "[" in part or part in ("str", "int", "function-before", "function-after")


def _value_at(data: Any, loc: Loc) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


@functools.lru_cache(maxsize=256)
def _close_field(name: str) -> list[str]:
    """Return the known field name closest to name (a typo), if any is close."""
    if len(name) > 40:  # no field name is this long: a typo of one would not be either
        return []
    return difflib.get_close_matches(name, _KNOWN_FIELDS, n=1)


def _describe(error: Any, data: Any, loc: Loc) -> tuple[str, str, Args, bool]:
    """Return (code, message id, its arguments, at_key) for one pydantic error."""
    kind = error["type"]
    name = next((str(p) for p in reversed(loc) if isinstance(p, str)), "value")
    ctx = error.get("ctx", {})
    if kind.startswith("BIF") and "text" in ctx:
        values = tuple((k, str(v)) for k, v in ctx.items() if k != "text")
        return kind, str(ctx["text"]), (("name", name), *values), False
    if kind.startswith("BIF"):
        return kind, "BIF103.other", args(name=name, detail=error["msg"]), False
    if kind == "extra_forbidden":
        close = _close_field(name)
        if close:
            return "BIF101", "BIF101.suggest", args(name=name, close=close[0]), True
        return "BIF101", "BIF101.unknown", args(name=name), True
    if kind == "missing":
        return "BIF102", "BIF102.missing", args(name=name), False
    value = _value_at(data, loc)
    if kind == "literal_error":
        expected = tuple(_QUOTED.findall(str(ctx.get("expected", ""))))
        found = _kind_of(value)
        return "BIF103", "BIF103.literal", args(name=name, found=found, expected=expected), False
    if kind in _TYPE_WORDS:
        found = _kind_of(value)
        return (
            "BIF103",
            "BIF103.type",
            args(name=name, expected=_TYPE_WORDS[kind], found=found),
            False,
        )
    if kind == "too_short" and isinstance(value, list | dict):
        return "BIF103", "BIF103.needs_entry", args(name=name), False
    if kind == "too_short":
        return "BIF103", "BIF103.empty", args(name=name), False
    return "BIF103", "BIF103.other", args(name=name, detail=error["msg"]), False


def validate(model: type[M], rel: str, loaded: LoadedYaml, problems: list[Problem]) -> M | None:
    """Validate a loaded file against a model; append located problems and return the model."""
    for cut in sorted(loaded.cut_by_comment, key=str):
        if cut and isinstance(cut[-1], str) and cut[-1] in models.FREE_TEXT_FIELDS:
            line, column = loaded.locate(cut)
            problems.append(
                Problem(
                    rel,
                    line,
                    column,
                    "warning",
                    "BIF013",
                    "BIF013.cut",
                    args(field=cut[-1]),
                )
            )
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        seen: set[tuple[int, int, str]] = set()
        for error in exc.errors(include_url=False):
            loc = _data_loc(loaded.data, error["loc"])
            code, text, values, at_key = _describe(error, loaded.data, loc)
            if error["type"] == "missing":
                loc = loc[:-1]
            line, column = loaded.locate(loc, key=at_key)
            if (line, column, code) in seen:
                continue
            seen.add((line, column, code))
            problems.append(Problem(rel, line, column, "error", code, text, values))
        return None


def _loader_problems(rel: str, loaded: LoadedYaml) -> list[Problem]:
    return [
        Problem(
            rel,
            p.line,
            p.column,
            "error" if p.severity == "error" else "warning",
            p.code,
            p.text,
            p.args,
        )
        for p in loaded.problems
    ]


def list_entity_files(root: Path, folder: str, problems: list[Problem]) -> list[tuple[str, str]]:
    """List (id, file name) of <id>.yaml files in a folder; odd names become problems."""
    from bif_cli.io.cache import known_digests

    directory = root / folder
    if not directory.is_dir():
        return []
    memo = known_digests(root)
    entries = None if memo is None else memo.listing(folder)
    if entries is None:
        with os.scandir(directory) as scan:  # DirEntry knows its kind without another stat
            entries = [(e.name, e.is_symlink(), e.is_file()) for e in scan]
        entries.sort()
    valid_ids = {
        name[:-5]
        for name, _link, _file in entries
        if name.endswith(".yaml") and ENTITY_FILE_ID.fullmatch(name[:-5])
    }
    found: list[tuple[str, str]] = []  # names, not paths: 10 000 pathlib.Paths cost 40 ms
    for name, is_symlink, is_file in entries:
        stem = name[: -len(".yaml")] if name.endswith(".yaml") else None
        if stem is not None and stem in valid_ids and is_file and not is_symlink:  # most files
            if len(stem) <= 60 and stem not in WINDOWS_RESERVED:
                found.append((stem, name))
                continue
        if name.endswith((".tmp", ".tmp\n")) and LEFTOVER_TEMP_FILE.match(
            name
        ):  # "$": also before "\n"
            severity: Severity = "warning"
            code, text, values = "BIF015", "BIF015.leftover", args()
        elif name in _QUIET_DOTFILES:
            continue
        elif name.startswith("."):
            severity, code, text, values = "warning", "BIF021", "BIF021.hidden", args(name=name)
        elif is_symlink:
            severity, code, text, values = "error", "BIF014", "BIF014.symlink", args()
        elif stem is None or not is_file:
            severity, code, text = "error", "BIF014", "BIF014.not_yaml"
            values = args(folder=folder, name=name)
        elif stem in valid_ids and stem in WINDOWS_RESERVED:
            severity, code, text, values = "error", "BIF014", "BIF014.reserved", args(stem=stem)
        elif stem not in valid_ids or len(stem) > 60:
            severity, code = "error", "BIF014"
            if stem.lower() in valid_ids:
                text, values = "BIF014.case", args(name=name, lower=stem.lower())
            else:
                text, values = "BIF014.bad_id", args(stem=stem)
        else:
            found.append((stem, name))
            continue
        problems.append(Problem(f"{folder}/{name}", 1, 1, severity, code, text, values))
    return found


def _leads_outside(root: Path, folder: str, problems: list[Problem]) -> bool:
    """Tell (and report) whether a data folder is a link that leads out of the programme."""
    from bif_cli.io.safefile import Refused, check_inside

    try:
        check_inside(root, root / folder)
    except Refused as refused:
        problems.append(Problem(folder, 1, 1, "error", refused.code, refused.text, refused.args_))
        return True
    return False


def read_sources(
    root: Path,
    rels: list[str],
    overlay: dict[str, bytes] | None = None,
    *,
    cache_root: Path | None = None,
) -> dict[str, LoadedYaml]:
    """Parse the files at rels (relative to root); overlay supplies contents not yet on disk.

    Files parsed in an earlier run come from .bif-cache/ (keyed by their contents); the rest
    are parsed, in two processes when there are many (see yamlio.load_many). cache_root names
    the programme whose .bif-cache/ to read when root is not it (a git revision read into an
    overlay); that cache is then not written, so a revision never pushes out the working
    tree's files.
    """
    from bif_cli.io.cache import ParseCache, content_digest, known_digests
    from bif_cli.io.yamlio import load_many, pack, read_raw, unpack

    overlay = overlay or {}
    cache = ParseCache(cache_root or root)
    memo = known_digests(root) if cache_root is None else None
    sources: dict[str, LoadedYaml] = {}
    todo: list[tuple[str, bytes, str]] = []
    folders: dict[str, Path] = {}  # resolved once for this read, never across runs
    for rel in rels:
        raw = overlay[rel] if rel in overlay else read_raw(root / rel, root, folders)
        if isinstance(raw, LoadedYaml):
            sources[rel] = raw
            continue
        digest = content_digest(raw)
        if memo is not None and rel not in overlay:
            memo.read(rel, digest)
        packed = cache.get(digest)
        if packed is None:
            todo.append((rel, raw, digest))
        else:
            sources[rel] = unpack(raw, packed)
            sources[rel].source = raw
    for (rel, _raw, digest), loaded in zip(todo, load_many([t[1] for t in todo]), strict=True):
        sources[rel] = loaded
        loaded.source = _raw
        cache.put(digest, pack(loaded))
    if cache_root is None:
        cache.save()
    return {rel: sources[rel] for rel in rels}


def load_programme(
    root: Path,
    overlay: dict[str, bytes] | None = None,
    *,
    skeletons: bool = False,
    cache_root: Path | None = None,
    lazy: bool = False,
    today: date | None = None,
    known: Known | None = None,
) -> tuple[Programme, list[Problem]]:
    """Load every file of the programme at root; return the programme and all file problems.

    overlay maps relative paths to new contents, so a write can be checked before it is made.
    skeletons: companies unchanged since the last run may come as skeletons, in a
    SkeletonProgramme (for `bif check`, see io/skeleton.py). cache_root: see read_sources.
    lazy: those companies are loaded whole when `companies` is first read (a LazyProgramme,
    for the reading commands).
    today: the caller runs the rules as of today next. Company files no cache knows yet are
    then checked by the entity-scoped rules while they are loaded, and stand as skeletons
    (see io/coldload.py); the rules' results wait in SkeletonProgramme.rules_done.
    known: company and cluster files given by (sha256 of their bytes, how to read them), as
    overlay gives others: the bytes are read only if the model cache does not know the file
    (a git revision's files, see io/revision.py).
    """
    with paused_gc():
        return _load_programme(root, overlay or {}, skeletons, cache_root, lazy, today, known)


def _load_programme(
    root: Path,
    overlay: dict[str, bytes],
    skeletons: bool,
    cache_root: Path | None = None,
    lazy: bool = False,
    today: date | None = None,
    known: Known | None = None,
) -> tuple[Programme, list[Problem]]:
    from bif_cli.io.cache import CACHE_DIR, known_digests, tracked_by_git

    known = known or {}

    cold = today is not None and not overlay and cache_root is None
    programme = SkeletonProgramme(root=root) if skeletons or cold else Programme(root=root)
    if lazy:
        programme, skeletons = LazyProgramme(root=root), True
    problems: list[Problem] = []
    if tracked_by_git(root):
        problems.append(
            Problem(
                CACHE_DIR,
                1,
                1,
                "warning",
                "BIF018",
                "BIF018.tracked",
                args(folder=CACHE_DIR),
            )
        )
    present = [
        rel
        for rel in PROGRAMME_FILES
        if rel in overlay or (root / rel).exists() or (root / rel).is_symlink()
    ]
    for rel in PROGRAMME_FILES:
        if rel not in present:
            problems.append(
                Problem(
                    rel,
                    1,
                    1,
                    "error",
                    "BIF016",
                    "BIF016.missing",
                    args(file=rel),
                )
            )
    entity_files: list[tuple[str, str, str]] = []  # (folder, id, rel)
    for folder in (COMPANIES_DIR, CLUSTERS_DIR):
        if _leads_outside(root, folder, problems):
            continue
        names = {name for _id, name in list_entity_files(root, folder, problems)}
        names |= {rel.rsplit("/", 1)[1] for rel in overlay if rel.startswith(folder + "/")}
        names |= {rel.rsplit("/", 1)[1] for rel in known if rel.startswith(folder + "/")}
        for name in sorted(names):
            entity_files.append((folder, name[: -len(".yaml")], f"{folder}/{name}"))

    records = submitted_files(root, overlay, problems)
    entity_rels = [rel for _f, _i, rel in entity_files]
    cache = ModelCache(cache_root or root)
    if lazy:  # a reading command: its companies stand as skeletons only with all their facts
        cache.read_details()
    # Files the model cache has never seen go through io/coldload.py, read there (in two
    # processes when there are many), so they are not read here first.
    new = {
        rel
        for folder, _i, rel in entity_files
        if cold and cache.active and folder == COMPANIES_DIR and rel not in cache.entries
    }
    read, digests, hits = _cached_entities(
        root, [e for e in entity_files if e[2] not in new], overlay, cache, skeletons, known
    )
    # The programme files are kept in the model cache too; those it lacks, and the submitted
    # records, are parsed through the parse cache.
    files = _read_programme_files(root, present, overlay, cache)
    parsed = read_sources(
        root, [*files.unkept, *records], {**overlay, **files.unkept}, cache_root=cache_root
    )
    parsed.update(files.refused)
    sources: dict[str, Source] = {
        rel: RawSource(files.kept[rel].raw, files.kept[rel].digest)
        if rel in files.kept
        else parsed[rel]
        for rel in present
    }
    for rel in entity_rels:
        raw = read.get(rel)
        if rel in hits and isinstance(raw, bytes):
            sources[rel] = RawSource(raw, digests[rel])
        elif rel in hits and callable(raw):
            sources[rel] = RawSource(None, digests[rel], raw)

    def validated(rel: str, model: type[M], found: list[Problem]) -> M | None:
        loaded = parsed.get(rel)
        if loaded is None:
            return None
        found.extend(_loader_problems(rel, loaded))
        return validate(model, rel, loaded, found) if loaded.ok else None

    def programme_file(rel: str, kind: type[M]) -> M | None:
        kept = files.kept.get(rel)
        if kept is not None:
            problems.extend(kept.problems)
            return kept.model if isinstance(kept.model, kind) else None
        found: list[Problem] = []
        model = validated(rel, kind, found)
        if rel in files.unkept:
            cache.put(rel, files.digests[rel], found, model)
        problems.extend(found)
        return model

    programme.program = programme_file(PROGRAM_FILE, models.Program)
    programme.budget = programme_file(BUDGET_FILE, models.Budget)
    programme.milestones = programme_file(MILESTONES_FILE, models.MilestonePlan)
    prepared = _prepared(root, today, programme, sources, [r for r in entity_rels if r in new])
    for rel in [rel for rel, entry in prepared.items() if entry[1] is None]:
        del prepared[rel]  # not read as bytes there: read again here, the careful way
        read[rel] = _read_again(root, rel, digests)
    misses = _parse_in_chunks(
        [rel for rel in entity_rels if rel not in hits and rel not in prepared], read
    )
    memo = known_digests(root) if prepared else None
    for folder, entity_id, rel in entity_files:
        kind = models.Company if folder == COMPANIES_DIR else models.Cluster
        if rel in prepared:
            _take_prepared(programme, cache, prepared.pop(rel), sources, problems, memo)
            continue
        if rel in hits:
            found, model, whole = hits[rel]
            facts = cache.facts(rel)
            if lazy and facts is not None and not facts[2] and isinstance(model, models.Company):
                facts = company_facts(model)  # details.pickle lacked them: kept from now on
                cache.put_details(rel, facts)
            if not whole and facts is not None and isinstance(programme, SkeletonProgramme):
                programme.skeletons.add(entity_id)
            if facts is not None:  # kept beside the model: the rules need not work them out
                programme.facts[entity_id] = facts
        else:
            parsed_rel, loaded = next(misses)
            assert parsed_rel == rel
            found = _loader_problems(rel, loaded)
            model = validate(kind, rel, loaded, found) if loaded.ok else None
            if rel in digests:
                cache.put(rel, digests[rel], found, model)
            raw = read.get(rel)
            # Keep the bytes, not the parsed data: it is parsed again only to locate a problem.
            sources[rel] = RawSource(raw, digests[rel]) if isinstance(raw, bytes) else loaded
        problems.extend(found)
        if isinstance(model, models.Company):
            programme.companies[entity_id] = model
        elif isinstance(model, models.Cluster):
            programme.clusters[entity_id] = model
        elif folder == COMPANIES_DIR:
            programme.broken_companies.add(entity_id)
        else:
            programme.broken_clusters.add(entity_id)
    if cache_root is None:  # a revision's files never push the working tree's out
        cache.save()
    sources.update((rel, parsed[rel]) for rel in records)
    programme.sources = {rel: sources[rel] for rel in present + entity_rels + records}
    if isinstance(programme, SkeletonProgramme):

        def load_whole(company_id: str) -> models.Company | None:
            model = cache.full(programme.company_path(company_id), models.Company)
            return model if isinstance(model, models.Company) else None

        programme.whole = load_whole
    if isinstance(programme, LazyProgramme):
        programme.reload = lambda: load_programme(
            root, overlay, cache_root=cache_root, known=known
        )[0]
    for rel in records:
        record = validated(rel, SubmittedRecord, problems)
        if record is not None:
            programme.submitted[rel] = record
    from bif_cli.io.snapshot import load_snapshots

    load_snapshots(root, programme, problems, overlay)
    return programme, problems


def _prepared(
    root: Path,
    today: date | None,
    programme: Programme,
    sources: dict[str, Source],
    rels: list[str],
) -> dict[str, Prepared]:
    """Run the company files at rels through io/coldload.py (by path; none when rels is empty)."""
    if today is None or not rels:
        return {}
    from bif_cli.io.coldload import Context, prepare

    context_files = {rel: sources.get(rel) for rel in PROGRAMME_FILES}
    context = Context(
        root,
        today,
        Programme(
            root=root,
            program=programme.program,
            budget=programme.budget,
            milestones=programme.milestones,
            sources={rel: s for rel, s in context_files.items() if s is not None},
        ),
    )
    return {entry[0]: entry for entry in prepare(context, rels)}


def _take_prepared(
    programme: Programme,
    cache: ModelCache,
    entry: Prepared,
    sources: dict[str, Source],
    problems: list[Problem],
    memo: DigestMemo | None,
) -> None:
    """Put one company that went through io/coldload.py into programme (as a skeleton)."""
    rel, digest, found, blob, facts, checked = entry
    assert digest is not None
    company_id = rel.rsplit("/", 1)[1][: -len(".yaml")]
    if memo is not None:  # read by io/coldload.py (here or in its worker), not by the loader
        memo.read(rel, digest)
    cache.put_entry(rel, digest, found, blob, facts)
    problems.extend(Problem(*p) for p in found)
    sources[rel] = RawSource(None, digest, functools.partial(_read_bytes, programme.root, rel))
    if blob is None or facts is None:
        programme.broken_companies.add(company_id)
        return
    assert isinstance(programme, SkeletonProgramme)
    programme.companies[company_id] = SKELETON
    programme.skeletons.add(company_id)
    programme.facts[company_id] = facts
    programme.rules_done[rel] = (digest, checked)


def _read_again(root: Path, rel: str, digests: dict[str, str]) -> Raw:
    """Read one company file as _cached_entities does (its digest into digests)."""
    from bif_cli.io.cache import content_digest
    from bif_cli.io.yamlio import read_raw

    raw = read_raw(root / rel, root)
    if isinstance(raw, bytes):
        digests[rel] = content_digest(raw)
    return raw


def _cached_entities(
    root: Path,
    entity_files: list[tuple[str, str, str]],
    overlay: dict[str, bytes],
    cache: ModelCache,
    skeletons: bool,
    known: Known,
) -> tuple[
    dict[str, Raw],
    dict[str, str],
    dict[str, tuple[list[Problem], BaseModel | None, bool]],
]:
    """Read the company and cluster files; return (what was read, digests, cache hits).

    A hit is (problems, model, whether the model is whole or a skeleton).
    """
    from bif_cli.io.cache import content_digest, known_digests
    from bif_cli.io.yamlio import read_raw

    read: dict[str, Raw] = {}
    digests: dict[str, str] = {}
    hits: dict[str, tuple[list[Problem], BaseModel | None, bool]] = {}
    folders: dict[str, Path] = {}  # resolved once for this read, never across runs
    memo = known_digests(root)
    base = os.fspath(root)  # a str: a pathlib.Path per file costs more than its stat
    for folder, _id, rel in entity_files:
        kind = models.Company if folder == COMPANIES_DIR else models.Cluster
        given = known.get(rel)
        if given is not None:
            hex_digest: str | None = given[0]
        else:
            seen = None if memo is None or rel in overlay else memo.trusted(rel, f"{base}/{rel}")
            hex_digest = None if seen is None else seen.hex()
        hit = None if hex_digest is None else cache.get(rel, hex_digest, kind, skeleton=skeletons)
        if hex_digest is not None and hit is not None:  # read only if a problem needs its lines
            hits[rel] = hit
            digests[rel] = hex_digest
            read[rel] = functools.partial(_read_bytes, root, rel) if given is None else given[1]
            continue
        if given is not None:
            raw: Raw = given[1]()
        else:
            raw = overlay[rel] if rel in overlay else read_raw(root / rel, root, folders)
        read[rel] = raw
        if not isinstance(raw, bytes):
            continue
        digests[rel] = content_digest(raw)
        if memo is not None and rel not in overlay:
            memo.read(rel, digests[rel])
        hit = cache.get(rel, digests[rel], kind, skeleton=skeletons)
        if hit is not None:
            hits[rel] = hit
    return read, digests, hits


# The model of each programme file (the loader's, and io/coldload.py's context).
PROGRAMME_MODELS: dict[str, type[models.Program | models.Budget | models.MilestonePlan]] = {
    PROGRAM_FILE: models.Program,
    BUDGET_FILE: models.Budget,
    MILESTONES_FILE: models.MilestonePlan,
}


@dataclass(frozen=True)
class KeptFile:
    """A programme file the model cache knew by its bytes: its problems and model."""

    raw: bytes
    digest: str
    problems: list[Problem]
    model: BaseModel | None


@dataclass
class ProgrammeFiles:
    """The programme files as read once: those the model cache keeps for their bytes, the
    bytes of the others (overlay's included) with their digests, and those refused."""

    kept: dict[str, KeptFile]
    unkept: dict[str, bytes]
    digests: dict[str, str]
    refused: dict[str, LoadedYaml]


def _read_programme_files(
    root: Path, present: list[str], overlay: dict[str, bytes], cache: ModelCache
) -> ProgrammeFiles:
    """Read the programme files (small: each is read, and its bytes hashed, every time, no
    stat trusted) and look each up in the model cache."""
    from bif_cli.io.cache import content_digest, known_digests
    from bif_cli.io.yamlio import read_raw

    memo = known_digests(root)
    files = ProgrammeFiles({}, {}, {}, {})
    for rel in present:
        raw = overlay[rel] if rel in overlay else read_raw(root / rel, root)
        if not isinstance(raw, bytes):
            files.refused[rel] = raw  # its problem is said as the file is parsed
            continue
        digest = files.digests[rel] = content_digest(raw)
        if memo is not None and rel not in overlay:
            memo.read(rel, digest)
        hit = cache.get(rel, digest, PROGRAMME_MODELS[rel])
        if hit is None:
            files.unkept[rel] = raw
        else:
            problems, model, _whole = hit
            files.kept[rel] = KeptFile(raw, digest, problems, model)
    return files


def _read_bytes(root: Path, rel: str) -> bytes:
    """Read a file the loader knew by its digest (b"" when it is gone or no longer readable)."""
    from bif_cli.io.yamlio import read_raw

    raw = read_raw(root / rel, root)
    return raw if isinstance(raw, bytes) else b""


Raw = bytes | LoadedYaml | Callable[[], bytes]  # read, refused, or to be read when needed
# Files known by the sha256 of their bytes, and how to read them if those are needed.
Known = dict[str, tuple[str, Callable[[], bytes]]]

# Company and cluster files parsed at a time: each one's parsed data is dropped once it is
# validated, so a first run over 10 000 files never holds all of it at once (memory).
PARSE_CHUNK = 2000


def _parse_in_chunks(rels: list[str], read: dict[str, Raw]) -> Iterator[tuple[str, LoadedYaml]]:
    """Yield (rel, parsed file) in the order of rels, parsing PARSE_CHUNK files at a time."""
    from bif_cli.io.yamlio import load_many

    for start in range(0, len(rels), PARSE_CHUNK):
        chunk = rels[start : start + PARSE_CHUNK]
        raws = [raw for raw in (read[rel] for rel in chunk) if isinstance(raw, bytes)]
        parsed = iter(load_many(raws))
        for rel in chunk:
            raw = read[rel]
            if isinstance(raw, bytes):
                loaded = next(parsed)
                loaded.source = raw
                yield rel, loaded
            elif isinstance(raw, LoadedYaml):  # refused or unreadable: its problem
                yield rel, raw


RECORD_NAME = re.compile(r"^(\d{4}-Q[1-4]|\d{4}|final)\.yaml$")


def submitted_files(root: Path, overlay: dict[str, bytes], problems: list[Problem]) -> list[str]:
    """List data/submitted/*.yaml (relative paths); a file named otherwise is a problem."""
    names = {rel.rsplit("/", 1)[1] for rel in overlay if rel.startswith(SUBMITTED_DIR + "/")}
    folder = root / SUBMITTED_DIR
    if folder.is_dir():
        names |= {p.name for p in folder.iterdir() if not p.name.startswith(".")}
    found = []
    for name in sorted(names):
        rel = f"{SUBMITTED_DIR}/{name}"
        if RECORD_NAME.match(name) and not (root / rel).is_symlink():
            found.append(rel)
        elif name.endswith(".tmp"):
            problems.append(Problem(rel, 1, 1, "warning", "BIF015", "BIF015.leftover", args()))
        else:
            problems.append(
                Problem(rel, 1, 1, "error", "BIF014", "BIF014.submitted_name", args(name=name))
            )
    return found


def narrative_text(root: Path, rel: str) -> str | None:
    """Return the narrative Markdown at rel, or None when it is not written; raise DataError
    with its problems when it cannot be read as text (a report refuses it)."""
    text, problems = read_text_file(root, rel)
    if problems:
        raise DataError("", problems, root=root)
    return text


def read_text_file(root: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """Read a narrative Markdown file at rel, or None when it is not written; problems if bad."""
    from bif_cli.io.safefile import Refused, read_regular

    path = root / rel
    if not path.exists() and not path.is_symlink():
        return None, []
    try:
        raw = read_regular(root, path, MAX_BYTES + 1)
    except Refused as refused:
        return None, [Problem(rel, 1, 1, "error", refused.code, refused.text, refused.args_)]
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        return None, [
            Problem(rel, 1, 1, "error", "BIF017", "BIF017.unreadable", args(reason=reason))
        ]
    if len(raw) > MAX_BYTES:
        return None, [Problem(rel, 1, 1, "error", "BIF012", "BIF012.too_big")]
    text, problem = decode(raw)
    if problem is not None:
        return None, [
            Problem(
                rel, problem.line, problem.column, "error", problem.code, problem.text, problem.args
            )
        ]
    assert text is not None
    return text.replace("\r\n", "\n"), []
