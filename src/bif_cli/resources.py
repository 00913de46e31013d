"""Where the files bif ships with (the default report templates) are found."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
PACKAGE_TEMPLATES = _PACKAGE / "templates"  # in a wheel (hatch force-include)
REPOSITORY_TEMPLATES = _PACKAGE.parents[1] / "templates"  # an editable install of this repository
