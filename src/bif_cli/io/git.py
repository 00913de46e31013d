"""A programme's revisions through git plumbing: commits, trees, blobs and templates."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bif_cli.domain.compare import TemplateChange
from bif_cli.errors import BifError, UsageError

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
