"""The one entry point that loads a programme and runs every rule over it: check()."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from bif_cli.domain.programme import Programme
from bif_cli.errors import Problem, count_errors, sort_problems

if TYPE_CHECKING:
    from bif_cli.io.store import Known

# A warm `bif check` is served from the cache: the store, the rules, pydantic and YAML are
# imported only when something is loaded (inside the functions below).


@dataclass(frozen=True)
class GitRevision:
    """The programme as it was at a commit of the git repository that holds root."""

    root: Path
    commit: str


Source = Path | GitRevision


@dataclass
class CheckResult:
    """What `bif check` says about a programme: its problems, sorted, and the loaded programme.

    A result from the check cache loads the programme only when it is asked for.
    fingerprint: the key the result is kept under in the check cache (io/cache.py), or None
    when it is not kept; what is worked out from the programme may be kept under it too.
    """

    root: Path
    problems: list[Problem]
    files: int
    overlay: dict[str, bytes] = field(default_factory=dict)
    _programme: Programme | None = None
    fingerprint: str | None = None

    @property
    def programme(self) -> Programme:
        from bif_cli.io.cache import as_fingerprinted
        from bif_cli.io.skeleton import LazyProgramme, WholeModelLost
        from bif_cli.io.store import load_programme

        if self._programme is None:  # the result came from the check cache
            with as_fingerprinted(self.root):
                self._programme, _problems = load_programme(self.root, self.overlay, lazy=True)
        if isinstance(self._programme, LazyProgramme):
            return self._programme  # its companies are made whole when first read
        try:
            _whole(self._programme)
        except WholeModelLost:  # a cache entry gone bad under us: load everything afresh
            self._programme, _problems = load_programme(self.root, self.overlay)
        return self._programme

    @property
    def loaded(self) -> bool:
        """Tell whether the programme was loaded whole in this run (not from the check cache).

        A `bif check` after an edit loads unchanged companies as skeletons: asking for the
        programme then loads them whole, which a caller that only wants the bytes read in
        this run need not pay for.
        """
        if self._programme is None:
            return False
        from bif_cli.io.skeleton import SkeletonProgramme

        return not (isinstance(self._programme, SkeletonProgramme) and self._programme.skeletons)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        """True when no problem is an error (warnings allowed)."""
        return count_errors(self.problems) == 0


def check(
    source: Source,
    today: date,
    *,
    overlay: dict[str, bytes] | None = None,
    use_cache: bool = True,
) -> CheckResult:
    """Load the programme at source (a folder or a git revision) and run every rule as of today.

    overlay maps paths relative to the root to contents not yet written, so a change can be
    checked before it is made. use_cache=False reads every file afresh and writes no cache.
    """
    from bif_cli.io import cache

    if isinstance(source, GitRevision):
        return _check_revision(source, today)
    if overlay:
        programme, problems = check_programme(source, today, overlay)
        return CheckResult(source, problems, len(programme.sources), dict(overlay), programme)
    if not use_cache:
        with cache.bypassed():
            programme, problems = check_programme(source, today)
        return CheckResult(source, problems, len(programme.sources), {}, programme)
    loaded: list[Programme] = []

    def compute() -> tuple[list[Problem], int]:
        # Unchanged companies come as skeletons; those whose rules must run again (a new
        # context) are made whole by the rule cache, which costs what loading them whole would.
        programme, problems = check_programme(source, today, skeletons=True, new_as_skeletons=True)
        loaded.append(programme)
        return problems, len(programme.sources)

    from bif_cli.io import coldstart

    coldstart.start(source, today)  # a first run: the worker starts while bif looks at the files
    try:
        problems, files, key = cache.cached_check(source, today, compute)
    finally:
        coldstart.dismiss(source)
    return CheckResult(source, problems, files, {}, loaded[0] if loaded else None, key)


def _check_revision(source: GitRevision, today: date) -> CheckResult:
    from bif_cli.io.revision import check_revision

    return check_revision(source, today)


def check_revision_checkout(source: GitRevision, today: date) -> CheckResult:
    """Check the programme at a revision the old way: data/ written to a temporary folder.

    bif diff reads revisions into memory instead (io/revision.py); this stays so the tests
    can hold the two to the same output.
    """
    from bif_cli.io.cache import bypassed
    from bif_cli.io.git import checkout_data, open_repo

    with checkout_data(open_repo(source.root), source.commit) as folder:
        if folder is None:  # no data/ at that commit: an empty programme
            return CheckResult(source.root, [], 0, {}, Programme(root=source.root))
        with bypassed():  # a temporary folder: a cache there would only be thrown away
            programme, problems = check_programme(folder, today)
    return CheckResult(folder, problems, len(programme.sources), {}, programme)


def check_programme(
    root: Path,
    today: date,
    overlay: dict[str, bytes] | None = None,
    *,
    skeletons: bool = False,
    cache_root: Path | None = None,
    new_as_skeletons: bool = False,
    known: Known | None = None,
) -> tuple[Programme, list[Problem]]:
    """Load the programme at root (no check cache) and return it with every problem, sorted.

    skeletons: unchanged companies may stay skeletons in the programme returned (see
    io/skeleton.py); CheckResult.programme makes them whole when it is asked for.
    cache_root: the programme whose caches to read, never write (see store.read_sources).
    new_as_skeletons: company files no cache knows yet are checked while they are loaded
    and stay skeletons too (io/coldload.py: a first run); the caller makes them whole.
    known: files given by digest, read only when needed (see store.load_programme).
    """
    programme, problems, _rules = check_parts(
        root,
        today,
        overlay,
        skeletons=skeletons,
        cache_root=cache_root,
        new_as_skeletons=new_as_skeletons,
        known=known,
    )
    return programme, problems


def check_parts(
    root: Path,
    today: date,
    overlay: dict[str, bytes] | None = None,
    *,
    skeletons: bool = False,
    cache_root: Path | None = None,
    new_as_skeletons: bool = False,
    known: Known | None = None,
    rules: list[Problem] | None = None,
) -> tuple[Programme, list[Problem], list[Problem]]:
    """Return what check_programme does, and the rules' problems among them apart.

    rules: what the rules said about these very files as of today, kept from an earlier run
    (a git revision's, io/keptrevision.py): the rules are then not run again.
    """
    from bif_cli.io.collector import paused_gc
    from bif_cli.io.skeleton import WholeModelLost
    from bif_cli.io.store import load_programme

    with paused_gc():
        programme, problems = load_programme(
            root,
            overlay,
            skeletons=skeletons,
            cache_root=cache_root,
            today=today if new_as_skeletons else None,
            known=known,
        )
        if rules is None:
            try:
                if programme.submitted or programme.registry:
                    _whole(programme)  # their rules read whole companies
                rules = run_rules(programme, today, cache_root=cache_root)
            except WholeModelLost:  # a cache entry gone bad under us: load everything afresh
                programme, problems = load_programme(
                    root, overlay, cache_root=cache_root, known=known
                )
                rules = run_rules(programme, today, cache_root=cache_root)
    return programme, sort_problems([*problems, *rules]), rules


def _whole(programme: Programme) -> None:
    """Make every skeleton company of programme whole (see io/skeleton.py)."""
    from bif_cli.io.skeleton import SkeletonProgramme

    if isinstance(programme, SkeletonProgramme):
        programme.flesh_out()


def run_rules(
    programme: Programme, today: date, *, cache_root: Path | None = None
) -> list[Problem]:
    """Run every rule and return their problems (the entity-scoped ones through the cache).

    cache_root: the programme whose rule cache to read, never write (a git revision).
    """
    from bif_cli.domain.rules import ENTITY_RULES, PROGRAMME_RULES
    from bif_cli.io.rulecache import run_entity_rules

    problems = run_entity_rules(programme, today, ENTITY_RULES, cache_root=cache_root)
    problems.extend(problem for rule in PROGRAMME_RULES for problem in rule(programme, today))
    return problems


def check_report(problems: list[Problem], lang: str) -> dict[str, object]:
    """Return the JSON shape of `bif check`: counts and every problem, its message in lang."""
    errors = sum(1 for p in problems if p.is_error)
    return {
        "errors": errors,
        "warnings": len(problems) - errors,
        "issues": [p.as_dict(lang) for p in problems],
    }
