"""Each company file's share of `bif diff`'s summary, kept in .bif-cache/ by its contents.

A company's figures (domain/side_figures.py) are a function of its file's bytes and the date,
so they are kept under the file's sha256 for one date (not its path: both sides of a diff
share them): a diff after one edit makes whole only the companies whose figures it has not
seen. Signed like every cache file (see io/cache.py).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from bif_cli.domain.side_figures import CompanyFigures
from bif_cli.io.cache import CACHE_DIR, _read, _write, usable

FIGURES_FILE = "figures.pickle"


def _valid(figures: Any) -> bool:
    """Tell whether an entry has the shape of CompanyFigures (checked before use)."""
    if not (type(figures) is tuple and len(figures) == 2 and type(figures[0]) is bool):
        return False
    money = figures[1]
    if type(money) is not tuple:
        return False
    for area in money:
        if not (
            type(area) is tuple
            and len(area) == 3
            and type(area[0]) is str
            and type(area[1]) is int
            and type(area[2]) is int
        ):
            return False
    return True


class FigureCache:
    """The company files' figures as of one date, by the sha256 of their bytes."""

    def __init__(self, root: Path, today: date) -> None:
        self.path = root / CACHE_DIR / FIGURES_FILE
        self.today = today.isoformat()
        self.active = usable(root)
        stored: Any = _read(self.path) if self.active else None
        fits = type(stored) is tuple and len(stored) == 2 and stored[0] == self.today
        self.entries: dict[str, Any] = stored[1] if fits and type(stored[1]) is dict else {}
        self.used: dict[str, CompanyFigures] = {}

    def get(self, digest: str) -> CompanyFigures | None:
        """Return the figures of a company file with these contents, if kept and sound."""
        figures = self.used.get(digest) or self.entries.get(digest)
        if figures is None or not _valid(figures):
            return None
        self.used[digest] = figures
        kept: CompanyFigures = figures
        return kept

    def put(self, digest: str, figures: CompanyFigures) -> None:
        self.used[digest] = figures

    def save(self) -> None:
        """Keep exactly the files used in this run (both sides), if anything changed."""
        if self.active and self.used != self.entries:
            _write(self.path, (self.today, self.used))
