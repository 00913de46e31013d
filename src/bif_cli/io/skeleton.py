"""A programme whose unchanged companies stand as skeletons until something needs them whole."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from bif_cli.domain import models
from bif_cli.domain.programme import Programme


class WholeModelLost(Exception):
    """A company's whole model could not be loaded from the cache: load the programme again."""


@dataclass
class SkeletonProgramme(Programme):
    """A programme loaded for `bif check`, some companies as skeletons (see modelcache).

    A skeleton holds only what the programme-scoped rules read; the entity-scoped rules of an
    unchanged company come from the rule cache, so most companies are never needed whole.
    """

    whole: Callable[[str], models.Company | None] | None = None  # by company id
    skeletons: set[str] = field(default_factory=set)
    # The entity-scoped rules' problems worked out while loading (see io/coldload.py), as
    # (file digest, problems as plain tuples) by path: io/rulecache.py takes them as kept.
    rules_done: dict[str, tuple[str, list[Any]]] = field(default_factory=dict)
    # How to load the whole programme again (see LazyProgramme): a field, so a programme
    # narrowed by dataclasses.replace (one region's, see domain/scope.py) keeps it.
    reload: Callable[[], Programme] | None = field(default=None, repr=False, compare=False)

    def flesh_out(self, company_ids: Iterable[str] | None = None) -> None:
        """Put the whole model of these companies (None: all) where a skeleton stands."""
        companies = self.loaded_companies()
        wanted = set(self.skeletons) if company_ids is None else self.skeletons & set(company_ids)
        for company_id in wanted:
            model = None if self.whole is None else self.whole(company_id)
            if model is None:
                raise WholeModelLost(company_id)
            companies[company_id] = model
            self.skeletons.discard(company_id)

    def make_whole(self, company_ids: Iterable[str] | None = None) -> None:
        """flesh_out these companies (None: all), the garbage collector paused meanwhile."""
        from bif_cli.io.collector import paused_gc  # as while loading: no cycles to collect

        with paused_gc():
            self.flesh_out(company_ids)

    def only_companies(self, company_ids: set[str]) -> dict[str, Any]:
        # The skeletons left out must not be made whole into the narrowed programme.
        return {**super().only_companies(company_ids), "skeletons": self.skeletons & company_ids}

    def whole_company(self, company_id: str) -> models.Company:
        if company_id in self.skeletons:
            self.make_whole([company_id])  # a LazyProgramme loads itself again if need be
        return self.loaded_companies()[company_id]


class LazyProgramme(SkeletonProgramme):
    """A programme for the reading commands: its companies are unpickled whole the first time
    anything reads `companies`, so a command that never does (`bif milestones`) never pays.

    Until the loader has set `whole`, `companies` is the table being filled. A cache entry
    that has gone bad since it was read (see modelcache.ModelCache.full) makes the programme
    load itself again through `reload`, without the model cache's shortcuts failing it twice.
    """

    @property
    def companies(self) -> dict[str, models.Company]:
        if self.skeletons and self.whole is not None:
            self.make_whole()
        return self._companies

    @companies.setter
    def companies(self, table: dict[str, models.Company]) -> None:
        self._companies = table

    def make_whole(self, company_ids: Iterable[str] | None = None) -> None:
        """flesh_out these companies (None: all); a lost cache entry loads the programme again,
        every company whole."""
        try:
            super().make_whole(company_ids)
        except WholeModelLost:
            if self.reload is None:
                raise
            fresh = self.reload()
            held = set(self._companies)
            if held == set(fresh.loaded_companies()):
                for each in fields(fresh):
                    setattr(self, each.name, getattr(fresh, each.name))
            else:  # a narrowed programme (one region's): its own companies, loaded again
                narrowed = fresh.only_companies(held)
                self._companies, self.facts = narrowed["companies"], narrowed["facts"]
            self.skeletons.clear()

    def loaded_companies(self) -> dict[str, models.Company]:
        return self._companies
