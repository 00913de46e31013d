"""The programme's own files (program, budget, milestones) without its companies and clusters."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from bif_cli.domain import models
from bif_cli.domain.programme import (
    BUDGET_FILE,
    MILESTONES_FILE,
    PROGRAM_FILE,
    PROGRAMME_FILES,
    Programme,
)
from bif_cli.errors import Problem

M = TypeVar("M", bound=BaseModel)


def load_plan(root: Path) -> Programme:
    """Load program.yaml, budget.yaml and milestones.yaml at root, as load_programme does.

    No company or cluster is loaded: for a command that reads only these three files, once
    check() has found the programme free of errors (so each of them validated).
    """
    from bif_cli.io.collector import paused_gc
    from bif_cli.io.store import read_sources, validate

    present = [rel for rel in PROGRAMME_FILES if (root / rel).exists() or (root / rel).is_symlink()]
    with paused_gc():
        parsed = read_sources(root, present)
    found: list[Problem] = []  # check() has reported them already

    def validated(rel: str, model: type[M]) -> M | None:
        loaded = parsed.get(rel)
        return validate(model, rel, loaded, found) if loaded is not None and loaded.ok else None

    return Programme(
        root=root,
        program=validated(PROGRAM_FILE, models.Program),
        budget=validated(BUDGET_FILE, models.Budget),
        milestones=validated(MILESTONES_FILE, models.MilestonePlan),
    )
