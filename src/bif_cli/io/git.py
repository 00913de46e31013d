"""Load the programme at two git revisions and say what changed, as data."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bif_cli.domain.compare import (
    DiffReport,
    SideJson,
    TemplateChange,
    compare,
    money_by_area,
)
from bif_cli.domain.programme import Programme
from bif_cli.domain.timeline import AreaMoney, area_money, recruited_count
from bif_cli.errors import BifError, Problem, UsageError, count_errors
from bif_cli.texts import Args

WORKING_TREE = "working tree"
DEFAULT_BRANCHES = ("origin/main", "main")


class GitError(BifError):
    """git failed in a way the user did not cause (exit 3 would hide it: say what git said)."""

    exit_code = 2


def git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run git with an argument list in repo and return its output, or raise with git's message."""
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args],
            input=stdin,
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
        top, prefix = (
            git(root, "rev-parse", "--show-toplevel", "--show-prefix").decode().split("\n")[:2]
        )
    except (GitError, ValueError):
        raise UsageError(
            f"{root} is not in a git repository; bif diff compares two git revisions "
            "(start one with `git init`, then commit)"
        ) from None
    return Repo(Path(top.strip()), prefix.strip())


def default_base(repo: Repo, head_commit: str) -> tuple[str, str]:
    """Return (label, commit) of the merge-base of HEAD with origin/main, or else main."""
    for branch in DEFAULT_BRANCHES:
        if repo.has(branch):
            try:
                base = git(repo.top, "merge-base", branch, head_commit).decode().strip()
            except GitError:
                shallow = git(repo.top, "rev-parse", "--is-shallow-repository").strip() == b"true"
                text = "diff.shallow" if shallow else "diff.unrelated"
                raise UsageError.said(text, branch=branch) from None
            return f"merge-base with {branch}", base
    raise UsageError(
        "there is no branch main or origin/main to compare with; name the base: bif diff BASE"
    )


BLOB_MODES = frozenset({"100644", "100755"})
_LINK_MODE = "120000"


def tree_files(repo: Repo, commit: str, folder: str) -> dict[str, tuple[str, str]]:
    """List {path below the programme root: (mode, blob id)} under folder at commit.

    git ls-tree reads the commit's tree itself: unlike `git archive`, no `.gitattributes`
    (export-ignore, export-subst) can hide or change a file.
    """
    listing = git(
        repo.top, "ls-tree", "-r", "-z", "--full-tree", commit, "--", repo.prefix + folder
    )
    files: dict[str, tuple[str, str]] = {}
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _tab, raw_path = entry.partition(b"\t")
        mode, kind, blob = meta.decode("ascii").split()
        path = raw_path.decode("utf-8", errors="surrogateescape")
        if kind == "blob" and path.startswith(repo.prefix):
            files[path[len(repo.prefix) :]] = (mode, blob)
    return files


def read_blobs(repo: Repo, blobs: list[str]) -> list[bytes]:
    """Return the contents of blobs, in order, through one `git cat-file --batch`."""
    if not blobs:
        return []
    out = git(
        repo.top,
        "cat-file",
        "--batch",
        stdin="".join(f"{blob}\n" for blob in blobs).encode("ascii"),
    )
    return _split_batch(out, len(blobs))


def _split_batch(out: bytes, count: int) -> list[bytes]:
    """Return the contents in what `git cat-file --batch` wrote for count blobs."""
    position, contents = 0, []
    for _blob in range(count):
        header_end = out.index(b"\n", position)
        size = int(out[position:header_end].split()[2])
        start = header_end + 1
        contents.append(out[start : start + size])
        position = start + size + 1
    return contents


class BlobReading:
    """Blobs git reads while bif does other work: `git cat-file --batch` into a temporary file.

    git's output goes to a file, not a pipe, so git never waits for bif; contents() waits for
    git and returns what read_blobs would have. cancel() stops a reading that is not used.
    """

    def __init__(self, repo: Repo, blobs: list[str]) -> None:
        self.count = len(blobs)
        self.output = tempfile.TemporaryFile(prefix="bif-diff-")
        self.errors = tempfile.TemporaryFile(prefix="bif-diff-")
        with tempfile.TemporaryFile(prefix="bif-diff-") as asked:
            asked.write("".join(f"{blob}\n" for blob in blobs).encode("ascii"))
            asked.seek(0)
            try:
                self.process: subprocess.Popen[bytes] | None = subprocess.Popen(
                    ["git", "-C", str(repo.top), "cat-file", "--batch"],
                    stdin=asked,
                    stdout=self.output,
                    stderr=self.errors,
                    env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
                )
            except FileNotFoundError:
                self.close()
                raise UsageError(
                    "git is not installed (or not on PATH); bif diff needs it"
                ) from None

    def contents(self) -> list[bytes]:
        """Wait for git and return the contents of the blobs, in order."""
        assert self.process is not None, "a reading is used once"
        try:
            if self.process.wait() != 0:
                self.errors.seek(0)
                said = self.errors.read().decode("utf-8", errors="replace").strip().splitlines()
                raise GitError(f"git cat-file failed: {said[-1] if said else 'no message'}")
            self.output.seek(0)
            return _split_batch(self.output.read(), self.count) if self.count else []
        finally:
            self.close()

    def cancel(self) -> None:
        """Stop git if it still runs, and let go of its files."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.close()

    def close(self) -> None:
        self.process = None
        self.output.close()
        self.errors.close()


def _materialise(into: Path, files: dict[str, tuple[str, str]], contents: list[bytes]) -> None:
    """Write the files of a tree into a folder, keeping nothing that could point outside it."""
    for (path, (mode, _blob)), content in zip(files.items(), contents, strict=True):
        parts = path.split("/")
        if {"", ".", ".."} & set(parts):
            continue  # a crafted tree (git would not check it out); "." would name a folder
        target = into.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode == _LINK_MODE:
            # Kept as a dangling link, so the loader reports it just as `bif check` would.
            os.symlink("(symbolic link from git)", target)
        elif mode in BLOB_MODES:
            target.write_bytes(content)


@contextmanager
def checkout_data(repo: Repo, commit: str) -> Iterator[Path | None]:
    """Yield a temporary programme root holding data/ as it was at commit (None: no data/)."""
    files = tree_files(repo, commit, "data/")
    if not files:
        yield None
        return
    with materialised(files, read_blobs(repo, [blob for _m, blob in files.values()])) as root:
        yield root


@contextmanager
def materialised(files: dict[str, tuple[str, str]], contents: list[bytes]) -> Iterator[Path]:
    """Yield a temporary programme root holding files (from tree_files) with their contents."""
    with tempfile.TemporaryDirectory(prefix="bif-diff-") as tmp:
        _materialise(Path(tmp), files, contents)
        yield Path(tmp)


def templates_at(repo: Repo, commit: str) -> dict[str, bytes]:
    """Return {path: bytes} of the programme's templates/ at commit."""
    files = tree_files(repo, commit, "templates/")
    contents = read_blobs(repo, [blob for _m, blob in files.values()])
    return dict(zip(files, contents, strict=True))


def templates_in_tree(root: Path) -> dict[str, bytes]:
    """Return {path: bytes} of the programme's templates/ in the working tree."""
    from bif_cli.io.safefile import Refused, read_regular

    folder = root / "templates"
    found: dict[str, bytes] = {}
    if not folder.is_dir() or folder.is_symlink():
        return found
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[rel] = b"symbolic link -> " + os.fsencode(os.readlink(path))
        elif path.is_file():
            try:
                found[rel] = read_regular(root, path, 10_000_000)
            except (Refused, OSError):
                found[rel] = b"(unreadable)"
    return found


def template_changes(base: dict[str, bytes], head: dict[str, bytes]) -> list[TemplateChange]:
    """Return [{path, change: added|removed|modified}] for the templates that differ."""
    changes: list[TemplateChange] = []
    for path in sorted(base.keys() | head.keys()):
        if path not in base:
            changes.append({"path": path, "change": "added"})
        elif path not in head:
            changes.append({"path": path, "change": "removed"})
        elif base[path] != head[path]:
            changes.append({"path": path, "change": "modified"})
    return changes


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
    side does not know is not the same.
    """
    old, new = base.programme.sources, head.programme.sources

    def same(rel: str) -> bool:
        before, after = old.get(rel), new.get(rel)
        if before is None or after is None:
            return False
        was, now = getattr(before, "digest", None), getattr(after, "digest", None)
        if was is None or now is None:
            was, now = getattr(before, "source", None), getattr(after, "source", None)
        return was is not None and now is not None and bool(was == now)

    return same


def _summary(side: Side, today: date, money: list[AreaMoney]) -> dict[str, int]:
    from bif_cli.io.diffload import as_loaded

    errors = count_errors(side.problems)
    return {
        "companies": len(as_loaded(side.programme)),
        "recruited": recruited_count(side.programme, today),
        "clusters": len(side.programme.clusters),
        "committed": sum(a.committed for a in money),
        "paid": sum(a.paid for a in money),
        "errors": errors,
        "warnings": len(side.problems) - errors,
    }


def diff_report(base: Side, head: Side, today: date, lang: str) -> DiffReport:
    """Return what changed from base to head: the data behind every format of `bif diff`."""
    from bif_cli.io.diffload import for_compare, share_facts, share_whole

    same = same_bytes(base, head)
    share_facts(base.programme, head.programme, same)
    changes = [
        c.as_dict()
        for c in compare(*for_compare(base.programme, head.programme, same), today, same)
    ]
    share_whole(base.programme, head.programme, same)  # recruited_count reads every company
    money = area_money(base.programme, date.max), area_money(head.programme, date.max)
    before, after = _summary(base, today, money[0]), _summary(head, today, money[1])
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
