"""Validated company and cluster files in .bif-cache/: each file's problems and its model.

An entry is kept per file, under its path and the sha256 of its bytes, so a warm command
neither parses nor validates a file it has seen. Each model is pickled on its own (one edited
file re-pickles one model) and unpickled only through an allow-list: the classes of
bif_cli.domain.models and datetime.date, nothing else. The pack as a whole is HMAC-signed
like every cache file (see io/cache.py).
"""

from __future__ import annotations

import io
import pickle
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from bif_cli.domain import models
from bif_cli.domain.programme import CompanyFacts
from bif_cli.domain.rules_index import company_facts, valid_facts
from bif_cli.errors import Problem, Severity
from bif_cli.io.cache import CACHE_DIR, _read, _valid_problem, _write, usable
from bif_cli.texts import Args

MODELS_FILE = "models.pickle"

_ALLOWED: dict[tuple[str, str], type] = {
    ("datetime", "date"): date,
    **{
        (models.__name__, name): value
        for name, value in vars(models).items()
        if isinstance(value, type)
        and issubclass(value, BaseModel)
        and value.__module__ == models.__name__
    },
}

PlainProblem = tuple[str, int, int, Severity, str, str, Args]
# digest, problems, the pickled model, and a company's facts: the plain data the
# programme-scoped rules read (see domain/rules_index.py), None when it has none.
Entry = tuple[str, list[PlainProblem], bytes | None, CompanyFacts | None]
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


def dump_model(model: BaseModel) -> bytes:
    """Return a model as the bytes load_model reads back (every entry's model goes through here)."""
    return pickle.dumps(model, protocol=5)


def plain_problems(problems: list[Problem]) -> list[PlainProblem]:
    """Return problems as the plain tuples an entry keeps."""
    return [(p.path, p.line, p.column, p.severity, p.code, p.text, p.args) for p in problems]


def _valid_entry(entry: Any) -> bool:
    return (
        type(entry) is tuple
        and len(entry) == 4
        and type(entry[0]) is str
        and type(entry[1]) is list
        and all(_valid_problem(p) for p in entry[1])
        and (entry[2] is None or type(entry[2]) is bytes)
        and (entry[3] is None or valid_facts(entry[3]))
    )


class ModelCache:
    """The validated files of one programme: problems and models by path and content."""

    def __init__(self, root: Path) -> None:
        self.path = root / CACHE_DIR / MODELS_FILE
        self.active = usable(root)
        stored = _read(self.path) if self.active else None
        self.entries: dict[str, Entry] = stored if isinstance(stored, dict) else {}
        self.used: dict[str, Entry] = {}
        self.changed = False

    def get(
        self, rel: str, digest: str, kind: type[BaseModel], *, skeleton: bool = False
    ) -> tuple[list[Problem], BaseModel | None, bool] | None:
        """Return (problems, model or None, whether it is whole) for rel with these contents.

        With skeleton, a company with facts comes as SKELETON (its facts from facts()):
        full() loads the whole model later. None when not cached, or not sound.
        """
        entry = self.entries.get(rel)
        if entry is None or not _valid_entry(entry) or entry[0] != digest:
            return None
        model: BaseModel | None = None
        whole = True
        if skeleton and entry[3] is not None and kind is models.Company:
            model, whole = SKELETON, False
        elif entry[2] is not None:
            model = load_model(entry[2], kind)
            if model is None:
                return None
        self.used[rel] = entry
        return [Problem(*p) for p in entry[1]], model, whole

    def full(self, rel: str, kind: type[BaseModel]) -> BaseModel | None:
        """Return the whole model of a file that get() gave as a skeleton in this run."""
        entry = self.used.get(rel)
        return None if entry is None or entry[2] is None else load_model(entry[2], kind)

    def facts(self, rel: str) -> CompanyFacts | None:
        """Return the facts of a company file that get() gave in this run."""
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
        """Remember an entry made elsewhere (see io/coldload.py): problems, model blob, facts."""
        if not self.active:
            return
        self.used[rel] = (digest, problems, blob, facts)
        self.changed = True

    def save(self) -> None:
        """Keep exactly the entries used in this run, and write them if anything changed."""
        if self.active and (self.changed or self.used.keys() != self.entries.keys()):
            _write(self.path, self.used)
