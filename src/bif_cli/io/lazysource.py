"""A file kept only as its bytes, parsed again (carefully) when something needs its marks."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bif_cli.domain.programme import Loc

if TYPE_CHECKING:
    from bif_cli.io.yamlio import LoadedYaml


class RawSource:
    """A validated file's bytes: the parsed data is not kept once its model is built.

    Locating a problem (a rule's, or a problem line shown) parses the bytes again through the
    careful loader, so lines and columns are exactly those of a fresh run. A file known by its
    digest alone (see cache.DigestMemo) is read only then, through read.
    """

    __slots__ = ("source", "digest", "_read", "_loaded")

    def __init__(
        self, raw: bytes | None, digest: str, read: Callable[[], bytes] | None = None
    ) -> None:
        self.source = raw  # the file's bytes as read, to show problem lines (None: not read)
        self.digest = digest  # the sha256 of the bytes (the key of the per-file caches)
        self._read = read
        self._loaded: LoadedYaml | None = None

    def loaded(self) -> LoadedYaml:
        """Return the file parsed (once) with its marks."""
        if self._loaded is None:
            from bif_cli.io.yamlio import load_bytes

            if self.source is None and self._read is not None:
                self.source = self._read()
            self._loaded = load_bytes(self.source or b"")
        return self._loaded

    @property
    def data(self) -> Any:
        return self.loaded().data

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Return the line and column of loc (see LoadedYaml.locate)."""
        return self.loaded().locate(loc, key=key)
