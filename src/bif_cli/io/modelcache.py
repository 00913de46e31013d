"""Validated company and cluster files in .bif-cache/: each file's problems and its model.

An entry is kept per file, under its path and the sha256 of its bytes, so a warm command
neither parses nor validates a file it has seen. Each model is pickled on its own (one edited
file re-pickles one model, see dump_model) and unpickled only through an allow-list: the
classes of bif_cli.domain.models, datetime.date and this module's rebuild_model, nothing else.
The index and each shard of models (see ModelCache) are HMAC-signed like every cache file
(see io/cache.py).
"""

from __future__ import annotations

import io
import os
import pickle
import zlib
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from bif_cli.domain import models
from bif_cli.domain.programme import COMPANIES_DIR, CompanyFacts
from bif_cli.domain.rules_index import company_facts, valid_facts
from bif_cli.errors import PlainProblem, Problem, plain_problems
from bif_cli.io.cache import CACHE_DIR, _read, _valid_problem, _write, signing_key, usable

MODELS_FILE = "models.pickle"
# The parts of the companies' facts only the reading commands read (see read_details), apart
# from the index so that a `bif check` after an edit neither reads nor writes them.
DETAILS_FILE = "details.pickle"
SHARD_FILE = "models-{:02d}.pickle"
SHARDS = 16  # for the companies; the clusters' models are in shard number SHARDS

_MODELS: dict[tuple[str, str], type[BaseModel]] = {
    (models.__name__, name): value
    for name, value in vars(models).items()
    if isinstance(value, type)
    and issubclass(value, BaseModel)
    and value.__module__ == models.__name__
}
_MODEL_CLASSES = frozenset(_MODELS.values())
_new = object.__new__
_set_slot = object.__setattr__


def rebuild_model(kind: type[BaseModel], fields: dict[str, Any], fields_set: set[str]) -> BaseModel:
    """Make a model of an allowed kind from its fields as pickled by dump_model.

    What pydantic's own __setstate__ does, without its per-model lookups: loading a reading
    command's 10 000 companies calls this some 180 000 times.
    """
    if kind not in _MODEL_CLASSES or type(fields) is not dict or type(fields_set) is not set:
        raise pickle.UnpicklingError("not a model of bif's files")
    model = _new(kind)
    _set_slot(model, "__dict__", fields)
    _set_slot(model, "__pydantic_fields_set__", fields_set)
    _set_slot(model, "__pydantic_extra__", None)
    _set_slot(model, "__pydantic_private__", None)
    return model


_ALLOWED: dict[tuple[str, str], Any] = {
    ("datetime", "date"): date,
    (__name__, rebuild_model.__name__): rebuild_model,
    **_MODELS,
}


class _ModelPickler(pickle.Pickler):
    """Pickle bif's models as rebuild_model(kind, fields, fields_set): smaller, faster to load."""

    def reducer_override(self, obj: Any) -> Any:
        if (
            type(obj) in _MODEL_CLASSES
            and obj.__pydantic_extra__ is None
            and obj.__pydantic_private__ is None
        ):
            return rebuild_model, (type(obj), obj.__dict__, obj.__pydantic_fields_set__)
        return NotImplemented


def dump_model(model: BaseModel) -> bytes:
    """Return the bytes kept for a validated model (every writer of the model cache uses this)."""
    out = io.BytesIO()
    _ModelPickler(out, protocol=5).dump(model)
    return out.getvalue()


# digest, problems, the pickled model, and a company's facts: the plain data the
# programme-scoped rules read (see domain/rules_index.py), None when it has none.
Entry = tuple[str, list[PlainProblem], bytes | None, CompanyFacts | None]
# What models.pickle keeps per file: digest, problems, facts, and whether a model is kept
# (in the file's shard, see ModelCache). The facts' marshalled parts are kept in
# details.pickle, as (digest, budget part, record part) by path: the index holds b"" there.
Kept = tuple[str, list[PlainProblem], CompanyFacts | None, bool]
Details = tuple[str, bytes, bytes]
_UNREAD = b""  # a part of the facts not read (rules_index reads the company whole instead)
# Where a skeleton company stands in a SkeletonProgramme: its facts are in Programme.facts.
# It has no fields at all: a rule that read one would fail loudly, never go wrong quietly.
_NO_FIELDS: dict[str, Any] = {}
SKELETON = models.Company.model_construct(**_NO_FIELDS)


class ModelUnpickler(pickle.Unpickler):
    """Unpickle a model: only the allowed classes are ever looked up."""

    def find_class(self, module: str, name: str) -> Any:
        allowed = _ALLOWED.get((module, name))
        if allowed is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the model cache")
        return allowed


def load_model(blob: bytes, kind: type[BaseModel]) -> BaseModel | None:
    """Return the model pickled in blob, or None when it is not a kind (or not allowed)."""
    try:
        model = ModelUnpickler(io.BytesIO(blob)).load()
    except Exception:
        return None
    return model if type(model) is kind else None


def _valid_kept(kept: Any, digest: str) -> bool:
    """Tell whether an index entry is sound and kept for these contents (facts: valid_facts)."""
    return (
        type(kept) is tuple
        and len(kept) == 4
        and type(kept[0]) is str
        and kept[0] == digest
        and type(kept[1]) is list
        and all(_valid_problem(p) for p in kept[1])
        and type(kept[3]) is bool
    )


def shard_of(rel: str) -> int:
    """Return which models-NN.pickle keeps rel's model (stable across runs and machines).

    The clusters have a shard of their own: `bif check` after an edit loads every cluster
    whole (only companies stand as skeletons), and so reads that one shard alone.
    """
    if rel.startswith(COMPANIES_DIR + "/"):
        return zlib.crc32(rel.encode()) % SHARDS
    return SHARDS


# The index this process read last, with the file's identity and the key it was signed with,
# and the paths whose entries get() found sound: `bif diff` makes a ModelCache for each side
# and one to see which of the base's files it knows, all over one programme's index. No entry
# is changed in place, and each is used only for the digest it was kept under, so the same
# index serves them all, and each entry's shape is checked once.
_last_index: list[tuple[Path, tuple[object, ...], dict[str, Kept], set[str]]] = []


def _read_index(path: Path) -> Any:
    """Return what _read(path) returns, read once for as long as the file stays the same."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    held = (
        stat.st_ino,
        stat.st_size,
        stat.st_mtime_ns,
        stat.st_ctime_ns,
        signing_key(create=False),
    )
    if _last_index and _last_index[0][:2] == (path, held):
        return _last_index[0][2]
    stored = _read(path)
    if isinstance(stored, dict):
        _last_index[:] = [(path, held, stored, set())]
    return stored


def _sound_paths(entries: dict[str, Kept]) -> set[str]:
    """Return the paths whose entries get() found sound, if entries is the index read last."""
    if _last_index and _last_index[0][2] is entries:
        return _last_index[0][3]
    return set()


class ModelCache:
    """The validated files of one programme: problems and models by path and content.

    On disk, models.pickle is the index (digest, problems, facts, whether there is a model)
    and the models themselves are spread over shards, models-NN.pickle (see shard_of), each
    model kept with its file's digest. One edit so rewrites the index and one shard, not
    every model; `bif check` after an edit reads the clusters' shard and no other.
    """

    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_DIR
        self.path = self.folder / MODELS_FILE
        self.active = usable(root)
        stored = _read_index(self.path) if self.active else None
        self.entries: dict[str, Kept] = stored if isinstance(stored, dict) else {}
        self.sound = _sound_paths(self.entries)  # their entries' shapes need no second look
        # Entries used in this run. Those taken from the index (in on_disk) hold no blob:
        # their model stays in its shard until it is asked for.
        self.used: dict[str, Entry] = {}
        self.on_disk: set[str] = set()
        self.shards: dict[int, dict[str, Any]] = {}
        self.changed = False
        # details.pickle, once read (see read_details); whether an entry of it changed.
        self.details: dict[str, Any] | None = None
        self.details_changed = False

    def read_details(self) -> None:
        """Read details.pickle: get() then gives a company as a skeleton only with its details."""
        stored = _read(self.folder / DETAILS_FILE) if self.active else None
        self.details = stored if isinstance(stored, dict) else {}

    def _shard(self, number: int) -> dict[str, Any]:
        shard = self.shards.get(number)
        if shard is None:
            stored = _read(self.folder / SHARD_FILE.format(number)) if self.active else None
            shard = self.shards[number] = stored if isinstance(stored, dict) else {}
        return shard

    def _blob(self, rel: str, digest: str) -> bytes | None:
        """Return rel's pickled model from its shard, if it was kept for these contents."""
        kept = self._shard(shard_of(rel)).get(rel)
        if type(kept) is tuple and len(kept) == 2 and kept[0] == digest and type(kept[1]) is bytes:
            return kept[1]
        return None

    def get(
        self, rel: str, digest: str, kind: type[BaseModel], *, skeleton: bool = False
    ) -> tuple[list[Problem], BaseModel | None, bool] | None:
        """Return (problems, model or None, whether it is whole) for rel with these contents.

        With skeleton, a company with facts comes as SKELETON (its facts from facts()):
        full() loads the whole model later. None when not cached, or not sound.
        """
        kept = self.entries.get(rel)
        if kept is None:
            return None
        if rel in self.sound:
            if kept[0] != digest:
                return None
        elif not _valid_kept(kept, digest) or (kept[2] is not None and not valid_facts(kept[2])):
            return None
        else:
            self.sound.add(rel)
        _digest, problems, facts, has_model = kept
        if facts is not None and self.details is not None:
            facts = self._with_details(rel, digest, facts)
        model: BaseModel | None = None
        whole = True
        # With details read, a company without its details is loaded whole.
        complete = self.details is None or facts is None or bool(facts[2] and facts[3])
        if skeleton and facts is not None and has_model and kind is models.Company and complete:
            model, whole = SKELETON, False
        elif has_model:
            blob = self._blob(rel, digest)
            model = None if blob is None else load_model(blob, kind)
            if model is None:
                return None
        self.used[rel] = (digest, problems, None, facts)
        self.on_disk.add(rel)
        return [Problem(*p) for p in problems], model, whole

    def _with_details(self, rel: str, digest: str, facts: CompanyFacts) -> CompanyFacts:
        """Return facts with their parts from details.pickle, if kept for these contents."""
        assert self.details is not None
        kept = self.details.get(rel)
        if (
            type(kept) is tuple
            and len(kept) == 3
            and kept[0] == digest
            and type(kept[1]) is bytes
            and type(kept[2]) is bytes
            and kept[1]
            and kept[2]
        ):
            return (facts[0], facts[1], kept[1], kept[2])
        return (facts[0], facts[1], _UNREAD, _UNREAD)

    def put_details(self, rel: str, facts: CompanyFacts) -> None:
        """Keep the details of facts worked out afresh for a file get() gave in this run."""
        entry = self.used.get(rel)
        if entry is None or not self.active or self.details is None:
            return
        self.used[rel] = (*entry[:3], facts)
        self.details_changed = True

    def full(self, rel: str, kind: type[BaseModel]) -> BaseModel | None:
        """Return the whole model of a file that get() gave as a skeleton in this run."""
        entry = self.used.get(rel)
        if entry is None:
            return None
        blob = self._blob(rel, entry[0]) if rel in self.on_disk else entry[2]
        return None if blob is None else load_model(blob, kind)

    def facts(self, rel: str) -> CompanyFacts | None:
        """Return the facts of a company file that get() gave in this run (None: it has none)."""
        entry = self.used.get(rel)
        return None if entry is None else entry[3]

    def put(self, rel: str, digest: str, problems: list[Problem], model: BaseModel | None) -> None:
        """Remember rel's problems and model (None when it did not validate)."""
        if not self.active:
            return
        blob = None if model is None else dump_model(model)
        facts = company_facts(model) if isinstance(model, models.Company) else None
        self.put_entry(rel, digest, plain_problems(problems), blob, facts)

    def put_entry(
        self,
        rel: str,
        digest: str,
        problems: list[PlainProblem],
        blob: bytes | None,
        facts: CompanyFacts | None,
    ) -> None:
        """Remember an entry made elsewhere (a worker): problems, model blob (dump_model), facts."""
        if not self.active:
            return
        self.used[rel] = (digest, problems, blob, facts)
        self.on_disk.discard(rel)
        self.changed = True
        self.details_changed = self.details_changed or facts is not None

    def save(self) -> None:
        """Keep exactly the entries used in this run; write the index and the shards that changed.

        The shards are written first: an index written after them never names a model they
        lack, and a model kept under another digest is never used (see _blob).
        """
        gone = self.entries.keys() - self.used.keys()
        if not self.active:
            return
        self._save_details(bool(gone))
        if not (self.changed or gone):
            return
        fresh = [rel for rel in self.used if rel not in self.on_disk]
        dirty = {shard_of(rel) for rel in fresh}
        dirty |= {shard_of(rel) for rel in gone if _has_model(self.entries[rel])}
        by_shard: dict[int, dict[str, tuple[str, bytes]]] = {number: {} for number in dirty}
        for rel, (digest, _problems, blob, _facts) in self.used.items():
            kept = by_shard.get(shard_of(rel))
            if kept is None:
                continue
            if rel in self.on_disk:
                blob = self._blob(rel, digest)
            if blob is not None:
                kept[rel] = (digest, blob)
        for number, kept in sorted(by_shard.items()):
            _write(self.folder / SHARD_FILE.format(number), kept)
            self.shards[number] = kept  # full() may still read it in this run
        index: dict[str, Kept] = {}
        for rel, (digest, problems, blob, facts) in self.used.items():
            # An entry taken from the index passed _valid_kept: its last item is a bool.
            has_model = self.entries[rel][3] if rel in self.on_disk else blob is not None
            plain = None if facts is None else (facts[0], facts[1], _UNREAD, _UNREAD)
            index[rel] = (digest, problems, plain, has_model)
        _write(self.path, index)

    def _save_details(self, gone: bool) -> None:
        """Write details.pickle when it was read in this run and changed, or on a first run.

        A `bif check` after an edit leaves it as it was: the edited file's entry there no
        longer matches its digest, so a reading command loads that company whole, works its
        details out again and writes them.
        """
        read = self.details is not None
        first = not read and not self.entries
        if not ((read or first) and (self.details_changed or gone)):
            return
        kept: dict[str, Details] = {}
        for rel, (digest, _problems, _blob, facts) in self.used.items():
            if facts is not None and facts[2] and facts[3]:
                kept[rel] = (digest, facts[2], facts[3])
        _write(self.folder / DETAILS_FILE, kept)


def _has_model(kept: Any) -> bool:
    return type(kept) is tuple and len(kept) == 4 and kept[3] is True
