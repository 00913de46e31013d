"""Both sides of `bif diff`: a company file the same at both is compared never, shared always."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from bif_cli.domain.programme import Programme
from bif_cli.io.skeleton import SkeletonProgramme

SameFile = Callable[[str], bool]


def make_whole(programme: Programme, company_ids: Iterable[str] | None = None) -> None:
    """Make these companies of programme whole (None: all); a lost cache entry reloads it."""
    if isinstance(programme, SkeletonProgramme) and programme.skeletons:
        programme.make_whole(company_ids)


def changed_companies(base: Programme, head: Programme, same: SameFile) -> set[str]:
    """Return the ids of the companies only one side has, or whose file differs between them."""
    olds, news = base.loaded_companies(), head.loaded_companies()
    return {
        company_id
        for company_id in olds.keys() | news.keys()
        if company_id not in olds
        or company_id not in news
        or not same(Programme.company_path(company_id))
    }


def for_compare(base: Programme, head: Programme, changed: set[str]) -> tuple[Programme, Programme]:
    """Return base and head as compare() needs them: only the companies it can say anything of.

    compare() says nothing of a company whose file has the same bytes at both sides, so only
    the changed companies (changed_companies) are kept, each made whole. Register snapshots
    and submitted reports read every company (names, figures): then both sides are whole, as
    they are.
    """
    if base.registry or head.registry or base.submitted or head.submitted:
        make_whole(base)
        make_whole(head)
        return base, head
    return _only(base, changed), _only(head, changed)


def _only(programme: Programme, company_ids: set[str]) -> Programme:
    """Return programme with only these companies, each made whole (the rest as they are)."""
    make_whole(programme, company_ids)
    table = programme.loaded_companies()
    return Programme(
        root=programme.root,
        program=programme.program,
        budget=programme.budget,
        milestones=programme.milestones,
        companies={i: company for i, company in table.items() if i in company_ids},
        clusters=programme.clusters,
        sources=programme.sources,
        broken_companies=programme.broken_companies,
        broken_clusters=programme.broken_clusters,
        submitted=programme.submitted,
        registry=programme.registry,
        facts=programme.facts,
    )


def share_facts(base: Programme, head: Programme, changed: set[str]) -> None:
    """Let base hold head's facts of every company whose file is the same at both sides
    (both sides have it, and it is not among the changed companies, changed_companies).

    Facts are a function of the file's bytes, like the model: the same object at both sides
    is decoded once (see rules_index), not once per side.
    """
    kept = head.facts
    olds, news = base.loaded_companies(), head.loaded_companies()
    for company_id in base.facts.keys() & kept.keys():
        if company_id not in changed and company_id in olds and company_id in news:
            base.facts[company_id] = kept[company_id]
