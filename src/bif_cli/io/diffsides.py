"""The two sides of `bif diff`, loaded and checked, and what changed between them, as data."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from bif_cli.domain.compare import DiffReport, SideJson, compare, money_by_area
from bif_cli.domain.programme import Programme
from bif_cli.domain.rules_index import CompanySums
from bif_cli.domain.timeline import AreaMoney, area_money
from bif_cli.errors import Problem, UsageError, count_errors
from bif_cli.io.git import (
    Repo,
    default_base,
    open_repo,
    template_changes,
    templates_at,
    templates_in_tree,
)
from bif_cli.texts import Args

WORKING_TREE = "working tree"


@dataclass
class Side:
    """The programme at one revision, and what `bif check` says about it."""

    label: str
    commit: str | None
    programme: Programme
    problems: list[Problem] = field(default_factory=list)
    templates: dict[str, bytes] = field(default_factory=dict)

    def as_dict(self) -> SideJson:
        return {"revision": self.label, "commit": self.commit}


def load_side(
    root: Path, label: str, commit: str | None, today: date, repo: Repo | None = None
) -> Side:
    """Load and check the programme at commit (None: the working tree under root)."""
    from bif_cli.io.check import GitRevision, check

    result = check(root if commit is None else GitRevision(root, commit), today)
    if commit is None:
        templates = templates_in_tree(root)
    else:
        templates = templates_at(repo or open_repo(root), commit)
    return Side(label, commit, result.programme, result.problems, templates)


def load_sides(root: Path, base: str | None, head: str | None, today: date) -> tuple[Side, Side]:
    """Load the programme at BASE and HEAD (defaults: merge-base with main; the working tree)."""
    repo = open_repo(root)
    head_commit = repo.commit(head) if head is not None else None
    if base is not None:
        base_label, base_commit = base, repo.commit(base)
    else:
        try:
            tip = head_commit or repo.commit("HEAD")
        except UsageError:
            raise UsageError("the repository has no commits yet; commit first") from None
        base_label, base_commit = default_base(repo, tip)
    from bif_cli.io.check import GitRevision
    from bif_cli.io.revision import forget_ahead, read_ahead

    # git reads the base's files while bif checks the head; the head first, so that its check
    # fills the caches the base then reads.
    read_ahead(GitRevision(root, base_commit), repo)
    try:
        head_side = load_side(root, head or WORKING_TREE, head_commit, today, repo)
        base_side = load_side(root, base_label, base_commit, today, repo)
    finally:
        forget_ahead()
    return base_side, head_side


def diff_at(root: Path, base: str | None, head: str | None, today: date, lang: str) -> DiffReport:
    """Load both sides of root's programme and say what changed (`bif diff`, the API's diff).

    The collector is paused meanwhile, as while loading: 10 000 kept records are decoded, and
    no cycles among them.
    """
    from bif_cli.io.collector import paused_gc

    with paused_gc():
        base_side, head_side = load_sides(root, base, head, today)
        return diff_report(base_side, head_side, today, lang, cache_root=root)


def problem_changes(
    base: list[Problem], head: list[Problem]
) -> tuple[list[Problem], list[Problem]]:
    """Return (introduced, fixed): problems compared by path, code and message, not by line."""

    def key(p: Problem) -> tuple[str, str, str, str, Args]:
        return (p.path, p.severity, p.code, p.text, p.args)

    def minus(these: list[Problem], those: list[Problem]) -> list[Problem]:
        left = Counter(key(p) for p in those)
        out = []
        for p in these:
            if left[key(p)] > 0:
                left[key(p)] -= 1
            else:
                out.append(p)
        return out

    return minus(head, base), minus(base, head)


def same_bytes(base: Side, head: Side) -> Callable[[str], bool]:
    """Return a test of whether a file's contents are the same at base and head.

    A loaded file knows its bytes (or, from the per-file cache, their digest); a file either
    side does not know is not the same. Worked out once for every file: a diff asks about
    each company's several times over.
    """
    new = head.programme.sources
    same = {rel for rel, before in base.programme.sources.items() if _same(before, new.get(rel))}
    return same.__contains__


def _same(before: object, after: object) -> bool:
    if after is None:
        return False
    was, now = getattr(before, "digest", None), getattr(after, "digest", None)
    if was is None or now is None:
        was, now = getattr(before, "source", None), getattr(after, "source", None)
    return was is not None and now is not None and bool(was == now)


def _summary(side: Side, recruited: int, money: list[AreaMoney]) -> dict[str, int]:
    errors = count_errors(side.problems)
    return {
        "companies": len(side.programme.loaded_companies()),
        "recruited": recruited,
        "clusters": len(side.programme.clusters),
        "committed": sum(a.committed for a in money),
        "paid": sum(a.paid for a in money),
        "errors": errors,
        "warnings": len(side.problems) - errors,
    }


def _area_money(programme: Programme, companies: CompanySums) -> list[AreaMoney]:
    """Return area_money(programme, date.max), its companies' part given as their sums."""
    others = area_money(replace(programme, **programme.only_companies(set())), date.max)
    money = companies[1]
    return [
        AreaMoney(
            a.id,
            a.name,
            a.allocation,
            a.committed + money.get(a.id, (0, 0))[0],
            a.paid + money.get(a.id, (0, 0))[1],
        )
        for a in others
    ]


def diff_report(
    base: Side, head: Side, today: date, lang: str, *, cache_root: Path | None = None
) -> DiffReport:
    """Return what changed from base to head: the data behind every format of `bif diff`.

    cache_root: the programme whose .bif-cache/ keeps the base's sums (see io/diffsums.py).
    """
    from bif_cli.io.diffload import changed_companies, for_compare, share_facts
    from bif_cli.io.diffsums import side_sums

    same = same_bytes(base, head)
    changed = changed_companies(base.programme, head.programme, same)
    share_facts(base.programme, head.programme, changed)
    changes = [
        c.as_dict()
        for c in compare(*for_compare(base.programme, head.programme, changed), today, same)
    ]
    sums = side_sums(cache_root, base.programme, head.programme, changed, today)
    money = _area_money(base.programme, sums[0]), _area_money(head.programme, sums[1])
    before, after = _summary(base, sums[0][0], money[0]), _summary(head, sums[1][0], money[1])
    introduced, fixed = problem_changes(base.problems, head.problems)
    from bif_cli.outputs.corrections import reported_changes

    return {
        "base": base.as_dict(),
        "head": head.as_dict(),
        "as_of": today.isoformat(),
        "summary": {key: {"base": before[key], "head": after[key]} for key in before},
        "changes": changes,
        "areas": money_by_area(base.programme, head.programme, money),
        "templates": template_changes(base.templates, head.templates),
        "problems": {
            "introduced": [p.as_dict(lang) for p in introduced],
            "fixed": [p.as_dict(lang) for p in fixed],
        },
        "reported": reported_changes(base.programme, head.programme, lang),
    }
