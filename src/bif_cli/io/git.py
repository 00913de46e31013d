"""Load the programme at two git revisions and say what changed, as data."""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from bif_cli.domain.compare import DiffReport, SideJson, compare, money_by_area
from bif_cli.domain.programme import Programme
from bif_cli.domain.timeline import area_money, recruited_count
from bif_cli.errors import BifError, Problem, UsageError, count_errors
from bif_cli.texts import Args

WORKING_TREE = "working tree"
DEFAULT_BRANCHES = ("origin/main", "main")


class GitError(BifError):
    """git failed in a way the user did not cause (exit 3 would hide it: say what git said)."""

    exit_code = 2


def git(repo: Path, *args: str) -> bytes:
    """Run git with an argument list in repo and return its output, or raise with git's message."""
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args],
            capture_output=True,
            check=False,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
        )
    except FileNotFoundError:
        raise UsageError("git is not installed (or not on PATH); bif diff needs it") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {message[-1] if message else 'no message'}")
    return done.stdout


@dataclass(frozen=True)
class Repo:
    """Where the programme lies in its git repository."""

    top: Path
    prefix: str  # the programme root relative to top, "" or ending in "/"

    def commit(self, revision: str) -> str:
        """Return the full commit id of revision, or raise a usage error naming it."""
        try:
            out = git(self.top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
        except GitError:
            raise UsageError(
                f"unknown revision '{revision}': name a branch, tag or commit "
                "(see `git log --oneline`)"
            ) from None
        return out.decode().strip()

    def has(self, revision: str) -> bool:
        try:
            self.commit(revision)
        except UsageError:
            return False
        return True


def open_repo(root: Path) -> Repo:
    """Find the git repository that holds the programme at root."""
    try:
        top = git(root, "rev-parse", "--show-toplevel").decode().strip()
        prefix = git(root, "rev-parse", "--show-prefix").decode().strip()
    except GitError:
        raise UsageError(
            f"{root} is not in a git repository; bif diff compares two git revisions "
            "(start one with `git init`, then commit)"
        ) from None
    return Repo(Path(top), prefix)


def default_base(repo: Repo, head_commit: str) -> tuple[str, str]:
    """Return (label, commit) of the merge-base of HEAD with origin/main, or else main."""
    for branch in DEFAULT_BRANCHES:
        if repo.has(branch):
            base = git(repo.top, "merge-base", branch, head_commit).decode().strip()
            return f"merge-base with {branch}", base
    raise UsageError(
        "there is no branch main or origin/main to compare with; name the base: bif diff BASE"
    )


def _extract(tar_bytes: bytes, into: Path) -> None:
    """Unpack git's tar of data/ into a folder, keeping nothing that could point outside it."""
    with tarfile.open(fileobj=io.BytesIO(tar_bytes)) as archive:
        for member in archive.getmembers():
            name = PurePosixPath(member.name)
            if name.is_absolute() or ".." in name.parts:
                continue
            target = into.joinpath(*name.parts)
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
            elif member.isfile():
                target.parent.mkdir(parents=True, exist_ok=True)
                handle = archive.extractfile(member)
                target.write_bytes(handle.read() if handle else b"")
            elif member.issym():
                # Kept as a dangling link, so the loader reports it just as `bif check` would.
                target.parent.mkdir(parents=True, exist_ok=True)
                os.symlink("(symbolic link from git)", target)


@contextmanager
def checkout_data(repo: Repo, commit: str) -> Iterator[Path | None]:
    """Yield a temporary programme root holding data/ as it was at commit (None: no data/)."""
    data = f"{repo.prefix}data"
    if not git(repo.top, "ls-tree", commit, "--", data).strip():
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="bif-diff-") as tmp:
        _extract(git(repo.top, "archive", "--format=tar", commit, "--", data), Path(tmp))
        yield Path(tmp).joinpath(*PurePosixPath(repo.prefix).parts)


@dataclass
class Side:
    """The programme at one revision, and what `bif check` says about it."""

    label: str
    commit: str | None
    programme: Programme
    problems: list[Problem] = field(default_factory=list)

    def as_dict(self) -> SideJson:
        return {"revision": self.label, "commit": self.commit}


def load_side(root: Path, label: str, commit: str | None, today: date) -> Side:
    """Load and check the programme at commit (None: the working tree under root)."""
    from bif_cli.io.check import GitRevision, check

    result = check(root if commit is None else GitRevision(root, commit), today)
    return Side(label, commit, result.programme, result.problems)


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
    base_side = load_side(root, base_label, base_commit, today)
    head_side = load_side(root, head or WORKING_TREE, head_commit, today)
    return base_side, head_side


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


def _summary(side: Side, today: date) -> dict[str, int]:
    money = area_money(side.programme, date.max)
    errors = count_errors(side.problems)
    return {
        "companies": len(side.programme.companies),
        "recruited": recruited_count(side.programme, today),
        "clusters": len(side.programme.clusters),
        "committed": sum(a.committed for a in money),
        "paid": sum(a.paid for a in money),
        "errors": errors,
        "warnings": len(side.problems) - errors,
    }


def diff_report(base: Side, head: Side, today: date, lang: str) -> DiffReport:
    """Return what changed from base to head: the data behind every format of `bif diff`."""
    before, after = _summary(base, today), _summary(head, today)
    introduced, fixed = problem_changes(base.problems, head.problems)
    return {
        "base": base.as_dict(),
        "head": head.as_dict(),
        "as_of": today.isoformat(),
        "summary": {key: {"base": before[key], "head": after[key]} for key in before},
        "changes": [c.as_dict() for c in compare(base.programme, head.programme, today)],
        "areas": money_by_area(base.programme, head.programme),
        "problems": {
            "introduced": [p.as_dict(lang) for p in introduced],
            "fixed": [p.as_dict(lang) for p in fixed],
        },
    }
