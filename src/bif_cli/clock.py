"""The one place bif asks what day it is (BIF_TODAY=YYYY-MM-DD pins it, for tests and demos)."""

from __future__ import annotations

import os
from datetime import date


def today() -> date:
    """Return today's date, or the date pinned by BIF_TODAY."""
    pinned = os.environ.get("BIF_TODAY")
    if pinned:
        try:
            return date.fromisoformat(pinned)
        except ValueError:
            pass
    return date.today()
