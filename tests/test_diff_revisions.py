"""`bif diff` reads revisions from git into memory: it says what the old checkout path said.

The old path (data/ written to a temporary folder, checked with no cache) stays reachable as
io.check.check_revision_checkout; every step of a scripted series of changes, and every odd
tree, is run through both, in text (bokmål and English), Markdown and JSON, with and without
the cache, and the outputs and exit codes must be the same byte for byte.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import COMPANY_YAML, run_bif
from test_diff import commit, git

# JSON holds the whole report every format is written from; the text adds the words.
FORMATS: list[list[str]] = [["--format", "json"], [], ["--format", "md", "--lang", "en"]]

Said = list[tuple[int, str, str]]


def _said(
    repo: Path, revisions: list[str], formats: list[list[str]], env: dict[str, str] | None = None
) -> Said:
    runs = []
    for words in formats:
        run = run_bif("diff", *revisions, *words, "--root", str(repo), env=env)
        runs.append((run.exit_code, run.stdout, run.stderr))
    return runs


def _old_path(monkeypatch: pytest.MonkeyPatch) -> None:
    from bif_cli.io import check

    monkeypatch.setattr(check, "_check_revision", check.check_revision_checkout)


def assert_paths_agree(
    monkeypatch: pytest.MonkeyPatch, repo: Path, revisions: list[str], step: str
) -> Said:
    """Run bif diff with the old checkout path, the new path cold, warm and without a cache."""
    shutil.rmtree(repo / ".bif-cache", ignore_errors=True)
    with monkeypatch.context() as patch:
        _old_path(patch)
        old = _said(repo, revisions, FORMATS)
    shutil.rmtree(repo / ".bif-cache", ignore_errors=True)
    assert _said(repo, revisions, FORMATS) == old, f"after {step}: {revisions} differ, cold"
    json = FORMATS[:1]
    assert _said(repo, revisions, json) == old[:1], f"after {step}: {revisions} differ, warm"
    uncached = _said(repo, revisions, json, env={"BIF_NO_CACHE": "1"})
    assert uncached == old[:1], f"after {step}: {revisions} differ, with no cache"
    return old


@pytest.fixture
def repo(example_programme: Path) -> Path:
    """The repository's own example programme, committed on main."""
    return _committed(example_programme)


@pytest.fixture(params=["as it is", "no register snapshots or submitted reports"])
def either_repo(request: pytest.FixtureRequest, example_programme: Path) -> Path:
    """The example programme, and the same without what makes bif diff read every company.

    Without register snapshots and submitted reports, bif diff compares only the companies
    whose files differ (io/diffload.py): both ways must say what the checkout said.
    """
    if request.param != "as it is":
        shutil.rmtree(example_programme / "data" / "registry")
        shutil.rmtree(example_programme / "data" / "submitted")
    return _committed(example_programme)


def _committed(example_programme: Path) -> Path:
    git(example_programme, "init", "-q")
    (example_programme / ".gitignore").write_text(".bif-cache/\n", encoding="utf-8")
    commit(example_programme, {}, "Programme")
    return example_programme


def _replace(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _write(rel: str, content: str | bytes | None) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / rel
        if content is None:
            path.unlink()
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return edit


def _append(rel: str, text: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        with (root / rel).open("a", encoding="utf-8") as handle:
            handle.write(text)

    return edit


def _rename(old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / old).rename(root / new)

    return edit


COMPANY = "data/companies/bagn-mikrobryggeri.yaml"
LAFT = "data/companies/lesja-laft.yaml"
CLUSTER = "data/clusters/trebruk-i-gudbrandsdalen.yaml"
AGREEMENT = "\n  - {date: 2014-05-06, status: agreement}"
LAST_PAID = "      - {date: 2015-06-30, amount: 100000}"
PAID = LAST_PAID + "\n      - {date: 2015-09-01, amount: 50000}"
ORG_NUMBER = 'org_number: "954422372"'  # bagn-mikrobryggeri's: a problem in an unchanged file
STEPS: list[tuple[str, Callable[[Path], None]]] = [
    ("nothing", lambda root: None),
    ("a company edited", _replace(COMPANY, "employees: 4", "employees: 5")),
    ("only a comment added", _append("data/companies/lesja-laft.yaml", "# kommentar\n")),
    ("a company added", _write("data/companies/ny-bedrift.yaml", COMPANY_YAML)),
    ("a company removed", _write("data/companies/otta-programvare.yaml", None)),
    ("a company renamed", _rename(COMPANY, "data/companies/bagn-bryggeri.yaml")),
    ("program.yaml edited", _replace("data/program.yaml", "name: ", "name: Nytt navn, ")),
    ("budget edited", _replace("data/budget.yaml", "frame: ", "frame: 1")),
    ("an unknown field", _replace("data/program.yaml", "name: ", "namx: 1\nname: ")),
    ("a broken company", _write("data/companies/lom-kornbakeri.yaml", "name: [unclosed\n")),
    ("milestones removed", _write("data/milestones.yaml", None)),
    ("the broken company mended", _write("data/companies/lom-kornbakeri.yaml", COMPANY_YAML)),
    ("money edited", _replace(LAFT, "granted: 200000", "granted: 250000")),
    ("a payment added", _replace(LAFT, LAST_PAID, PAID)),
    (
        "a status added",
        _replace(LAFT, AGREEMENT, AGREEMENT + "\n  - {date: 2016-12-01, status: exited}"),
    ),
    ("a status removed", _replace(LAFT, AGREEMENT, "")),
    ("a cluster edited", _replace(CLUSTER, "status: mapped}", "status: mapped, note: Kartlagt}")),
    ("an org number taken twice", _replace(LAFT, 'org_number: "967096520"', ORG_NUMBER)),
    ("the org number given back", _replace(LAFT, ORG_NUMBER, 'org_number: "967096520"')),
]


def test_the_new_path_says_what_the_checkout_said_step_by_step(
    either_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = either_repo
    for step, edit in STEPS:
        edit(repo)
        assert_paths_agree(monkeypatch, repo, ["HEAD"], step)  # the working tree as head
        commit(repo, {}, step)
    first = git(repo, "rev-list", "--max-parents=0", "HEAD")
    said = assert_paths_agree(monkeypatch, repo, [first, "HEAD"], "every step at once")
    assert said[0][0] == 0 and "ny-bedrift" in said[0][1]
    after = len(STEPS) - 1 - [step for step, _edit in STEPS].index("a company renamed")
    renamed = [f"HEAD~{after + 1}", f"HEAD~{after}"]
    said = assert_paths_agree(monkeypatch, repo, renamed, "the rename, committed")
    assert said[0][0] == 0 and "bagn" in said[0][1]
    said = assert_paths_agree(monkeypatch, repo, ["HEAD", first], "every step backwards")
    assert said[0][0] == 0


def test_a_revision_without_data_and_a_broken_file_at_base(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(repo, "checkout", "-q", "--orphan", "empty")
    git(repo, "rm", "-rq", "--cached", "data")
    commit(repo, {}, "no data/")
    git(repo, "checkout", "-q", "-f", "main")
    assert_paths_agree(monkeypatch, repo, ["empty", "main"], "no data/ at base")
    assert_paths_agree(monkeypatch, repo, ["main", "empty"], "no data/ at head")
    commit(repo, {"data/budget.yaml": "frame: [\n"}, "a broken budget")
    assert_paths_agree(monkeypatch, repo, ["HEAD"], "a broken budget at base")
    _write("data/budget.yaml", (repo / "data/budget.yaml").read_text() + "x: 1\n")(repo)
    assert_paths_agree(monkeypatch, repo, ["HEAD~1"], "broken on both sides")


# Trees the loader has something to say about: each must read the same from git as checked out.
ODD_TREES: list[tuple[str, dict[str, str | bytes | None]]] = [
    ("an odd company file name", {"data/companies/Stor-Bokstav.yaml": COMPANY_YAML}),
    ("a file that is not YAML", {"data/companies/notat.txt": "hei\n"}),
    ("a hidden file", {"data/companies/.skjult.yaml": COMPANY_YAML}),
    ("a quiet dotfile", {"data/clusters/.gitkeep": ""}),
    ("a leftover temporary file", {"data/companies/.x.yaml.tmp": "name: x\n"}),
    ("a sub-folder", {"data/companies/under/ny.yaml": COMPANY_YAML}),
    ("a reserved name", {"data/companies/con.yaml": COMPANY_YAML}),
    ("a long name", {f"data/companies/{'a' * 61}.yaml": COMPANY_YAML}),
    ("program.yaml as a folder", {"data/program.yaml": None, "data/program.yaml/x": "a: 1\n"}),
    ("an odd submitted name", {"data/submitted/rapport.yaml": "a: 1\n"}),
    ("a hidden submitted file", {"data/submitted/.x.yaml.tmp": "a: 1\n"}),
    ("an odd snapshot name", {"data/registry/123.json": "{}\n"}),
    ("a leftover snapshot", {"data/registry/.123456789.json.tmp": "{}\n"}),
    ("a too big company", {"data/companies/stor.yaml": b"# " + b"x" * 1_000_001 + b"\n"}),
    ("invalid UTF-8", {"data/companies/latin.yaml": "name: Bæ\n".encode("latin-1")}),
    ("a file the loader never reads", {"data/notat.txt": "hei\n"}),
]


# Trees the loader reads from memory as they are, with no checkout (the rest are checked out).
READ_FROM_MEMORY = {
    "a quiet dotfile",
    "a hidden submitted file",
    "a too big company",
    "invalid UTF-8",
    "a file the loader never reads",
}


def _no_checkout(*_args: object) -> None:
    raise AssertionError("this tree must be read from memory, not checked out")


@pytest.mark.parametrize(("what", "files"), ODD_TREES, ids=[w for w, _f in ODD_TREES])
def test_odd_trees_read_from_git_as_checked_out(
    repo: Path, monkeypatch: pytest.MonkeyPatch, what: str, files: dict[str, str | bytes | None]
) -> None:
    commit(repo, files, what)
    said = assert_paths_agree(monkeypatch, repo, ["HEAD~1", "HEAD"], what)
    if what in READ_FROM_MEMORY:
        monkeypatch.setattr("bif_cli.io.git.materialised", _no_checkout)
        assert _said(repo, ["HEAD~1", "HEAD"], FORMATS[:1]) == said[:1]


def test_links_and_submodules_in_git_read_as_checked_out(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.symlink("../../../outside.yaml", repo / "data/companies/lenke.yaml")
    os.symlink("companies", repo / "data/klynger")
    commit(repo, {}, "links")
    blob = git(repo, "rev-parse", "HEAD")
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{blob},data/companies/modul")
    git(repo, "commit", "-q", "-m", "a submodule")
    assert_paths_agree(monkeypatch, repo, ["HEAD~2", "HEAD~1"], "links")
    assert_paths_agree(monkeypatch, repo, ["HEAD~1", "HEAD"], "a submodule")


def test_a_programme_in_a_sub_folder_of_its_repository(
    tmp_path: Path, example_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = tmp_path / "top"
    top.mkdir()
    shutil.copytree(example_programme / "data", top / "programme" / "data")
    git(top, "init", "-q")
    commit(top, {"data/companies/utenfor.yaml": COMPANY_YAML}, "a data/ outside the programme")
    _replace("programme/" + COMPANY, "employees: 4", "employees: 5")(top)
    commit(top, {}, "edited")
    assert_paths_agree(monkeypatch, top / "programme", ["HEAD~1", "HEAD"], "a sub-folder")


def _with_entry(repo: Path, tree: str, folder: list[str], entry: str) -> str:
    """Return a tree like tree with entry ("mode kind id\\tname") added in folder, via mktree."""
    listing = git(repo, "ls-tree", tree)
    if folder:
        lines = []
        for line in listing.splitlines():
            meta, name = line.split("\t", 1)
            if name == folder[0]:
                inner = _with_entry(repo, meta.split()[2], folder[1:], entry)
                line = f"040000 tree {inner}\t{name}"
            lines.append(line)
    else:
        lines = [*listing.splitlines(), entry]
    return _mktree(repo, "\n".join(lines) + "\n")


def _mktree(repo: Path, listing: str) -> str:
    import subprocess

    done = subprocess.run(
        ["git", "mktree"], cwd=repo, input=listing, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.mark.parametrize("name", ["..", "."])
def test_a_crafted_tree_with_a_dot_name_reads_as_checked_out(
    repo: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    blob = git(repo, "rev-parse", "HEAD:data/companies/lesja-laft.yaml")
    tree = _with_entry(repo, git(repo, "rev-parse", "HEAD^{tree}"), ["data", "companies"],
                       f"100644 blob {blob}\t{name}")  # fmt: skip
    crafted = git(repo, "commit-tree", tree, "-p", "HEAD", "-m", "crafted")
    assert name in git(repo, "ls-tree", "--name-only", f"{crafted}:data/companies")
    said = assert_paths_agree(monkeypatch, repo, ["HEAD", crafted], f"a file named {name}")
    assert said[0][0] == 0, said[0]  # ignored, as git would not check it out ("." was exit 3)


def test_a_file_known_by_its_blob_is_read_from_git_only_to_locate_a_problem(
    either_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = either_repo
    from bif_cli.io import keptrevision, revision

    laft_number = 'org_number: "967096520"'
    _replace(COMPANY, ORG_NUMBER, laft_number)(repo)
    commit(repo, {}, "two companies, one org number")  # BIF202 is told in lesja-laft.yaml
    _replace(COMPANY, laft_number, ORG_NUMBER)(repo)  # mended in the working tree
    said = assert_paths_agree(monkeypatch, repo, ["HEAD"], "a duplicate mended")
    assert "BIF202" in said[0][1] and "lesja-laft.yaml" in said[0][1]
    read: list[str] = []
    real = revision._blob_bytes

    def counted(repo_: object, blob: str) -> bytes:
        read.append(blob)
        return real(repo_, blob)  # type: ignore[arg-type]

    monkeypatch.setattr(revision, "_blob_bytes", counted)
    for words, before in zip(FORMATS, said, strict=True):
        for kept in (repo / ".bif-cache").glob(keptrevision.REVISION_GLOB):
            kept.unlink()  # the base's rules run again, and their problem is located again
        assert _said(repo, ["HEAD"], [words]) == [before]
    assert len(read) == len(FORMATS), "lesja-laft.yaml is read from git to locate BIF202 alone"
    read.clear()
    assert _said(repo, ["HEAD"], FORMATS) == said
    assert read == [], "the rules' problems are kept for the commit, located: nothing is read"


def test_a_corrupt_or_foreign_blob_memo_is_ignored(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bif_cli.io.cache import _write

    _replace(COMPANY, "employees: 4", "employees: 5")(repo)
    said = assert_paths_agree(monkeypatch, repo, ["HEAD"], "a company edited")
    memo = repo / ".bif-cache" / "blobs.pickle"
    assert memo.exists()
    for forged in (b"BIFCACHE2" + b"\0" * 40, memo.read_bytes()[:-7]):
        memo.write_bytes(forged)
        assert _said(repo, ["HEAD"], FORMATS) == said
    _write(memo, {"not a blob": 42})  # signed, but not a memo's shape
    assert _said(repo, ["HEAD"], FORMATS) == said
    shutil.rmtree(repo / ".bif-cache")
    assert _said(repo, ["HEAD"], FORMATS[:1], env={"BIF_NO_CACHE": "1"}) == said[:1]
    assert not memo.exists()


@pytest.mark.parametrize("kind", ["link", "fifo", "folder"])
def test_a_working_tree_file_that_is_not_a_regular_file(
    repo: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """A base file is taken from the working tree only when it is a regular file with git's
    bytes: a link to the same bytes, a FIFO (which must not hang bif) or a folder are not."""
    path = repo / COMPANY
    same = path.read_bytes()
    path.unlink()
    if kind == "link":
        (repo / "elsewhere.yaml").write_bytes(same)
        path.symlink_to(repo / "elsewhere.yaml")
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    assert_paths_agree(monkeypatch, repo, ["HEAD"], f"a company file as a {kind}")


def test_blobs_read_in_the_background_are_those_read_in_the_foreground(repo: Path) -> None:
    from bif_cli.io.git import BlobReading, open_repo, read_blobs, tree_files

    git_repo = open_repo(repo)
    blobs = [blob for _mode, blob in tree_files(git_repo, "HEAD", "data/").values()]
    assert BlobReading(git_repo, blobs).contents() == read_blobs(git_repo, blobs)
    assert BlobReading(git_repo, []).contents() == []
    stopped = BlobReading(git_repo, blobs)
    stopped.cancel()
    assert stopped.process is None and stopped.output.closed


def test_a_background_read_that_git_refuses_says_what_git_said(tmp_path: Path) -> None:
    from bif_cli.io.git import BlobReading, GitError, Repo

    reading = BlobReading(Repo(tmp_path / "no-repository", ""), ["0" * 40])
    with pytest.raises(GitError, match="git cat-file failed"):
        reading.contents()


def test_the_base_loads_no_model_of_a_company_the_same_as_in_the_working_tree(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After `bif check`, `bif diff HEAD` with one company edited makes whole only the company
    whose file differs: the others are read as their kept facts, at both sides. (Register
    snapshots and submitted reports have every company made whole, for their rules.)"""
    from bif_cli.domain import models
    from bif_cli.io import modelcache

    shutil.rmtree(example_programme / "data" / "registry")
    shutil.rmtree(example_programme / "data" / "submitted")
    repo = _committed(example_programme)
    _replace(COMPANY, "employees: 4", "employees: 5")(repo)
    assert run_bif("check", "--root", str(repo)).exit_code in (0, 1)
    companies = len(list((repo / "data" / "companies").glob("*.yaml")))
    loaded: list[type] = []
    real = modelcache.load_model

    def counted(blob: bytes, kind: type) -> object:
        loaded.append(kind)
        return real(blob, kind)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(modelcache, "load_model", counted)
        said = _said(repo, ["HEAD"], FORMATS[:1])
    assert 0 < companies and loaded.count(models.Company) <= 1
    assert said == assert_paths_agree(monkeypatch, repo, ["HEAD"], "a company edited")[:1]
