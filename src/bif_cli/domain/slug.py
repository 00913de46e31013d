"""Ids made from names: the slug rules for company, cluster and measure ids."""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 60
LEGAL_FORMS = frozenset({"as", "asa", "sa", "ans", "da", "enk"})
_NORWEGIAN = str.maketrans(
    {"æ": "ae", "ø": "o", "å": "a", "Æ": "AE", "Ø": "O", "Å": "A", "ß": "ss"}
)
_SLASHED_AS = re.compile(r"\b(A)/(S)\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z0-9]+")


def slugify(name: str) -> str:
    """Make an id from a name: `Ærlig Øl fra Ål ASA` -> `aerlig-ol-fra-al` ('' if nothing is left).

    Lower case; æ, ø, å as ae, o, a; other accents stripped; anything else a `-`;
    a legal form (AS, ASA, SA, ANS, DA, ENK) at the start or end dropped; at most 60 characters.
    """
    text = _SLASHED_AS.sub(r"\1\2", unicodedata.normalize("NFKC", name)).translate(_NORWEGIAN)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = _WORD.findall(text)
    # A legal form is dropped at the end, and at the start only when written in capitals
    # ("AS Vinmonopolet"), so "Da Capo Musikk" keeps its "da". At least one word stays.
    while len(words) > 1 and words[-1].lower() in LEGAL_FORMS:
        words.pop()
    while len(words) > 1 and words[0].isupper() and words[0].lower() in LEGAL_FORMS:
        words.pop(0)
    slug = "-".join(words).lower()
    if len(slug) > MAX_LENGTH:
        cut = slug[: MAX_LENGTH + 1]
        # Cut at a word boundary when one is near enough; otherwise cut hard.
        boundary = cut.rfind("-")
        slug = cut[:boundary] if boundary >= MAX_LENGTH // 2 else slug[:MAX_LENGTH]
        slug = slug.rstrip("-")
    return slug
