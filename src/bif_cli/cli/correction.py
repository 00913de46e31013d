"""The --correction option every writing command takes (see io/guard.py)."""

from __future__ import annotations

from typing import Annotated

import typer

CorrectionOption = Annotated[
    str | None,
    typer.Option(
        "--correction",
        help="Why this write changes a quarter already reported to the owner; stored on the "
        "entry written and shown in the next report.",
        show_default=False,
    ),
]
