"""`bif diff` and git: default revisions, the working tree, subfolders and what goes wrong."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import MINIMAL_PROGRAMME, build_tree, run_bif
from test_diff import commit, git


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    commit(repo, MINIMAL_PROGRAMME, "Programme")
    return repo


def _report(repo: Path, *args: str) -> dict:
    result = run_bif("diff", *args, "--format", "json", cwd=repo)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_working_tree_changes_show_before_they_are_committed(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    path = repo / "data/milestones.yaml"
    path.write_text(path.read_text().replace("due: 2016-12-31", "due: 2017-02-28"))
    report = _report(repo)
    assert report["head"] == {"revision": "working tree", "commit": None}
    assert report["base"]["commit"] == git(repo, "rev-parse", "HEAD")
    assert [c["text"] for c in report["changes"]] == [
        "milestone 'slutt' moved 59 days later: due 2016-12-31 → 2017-02-28"
    ]


def test_no_change_says_so(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    text = run_bif("diff", cwd=repo)
    assert text.exit_code == 0
    assert "Ingen endringer i programmets data." in text.stdout
    md = run_bif("diff", "--format", "md", "--lang", "en", cwd=repo)
    assert "No changes to the programme's data." in md.stdout
    assert _report(repo)["changes"] == []


def test_explicit_revisions_compare_two_commits(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    first = git(repo, "rev-parse", "HEAD")
    company = MINIMAL_PROGRAMME["data/companies/eksempel-trevare.yaml"]
    assert isinstance(company, str)
    changed = company.replace(
        "status: agreement}\n", "status: agreement}\n  - {date: 2016-06-01, status: withdrawn}\n"
    )
    second = commit(repo, {"data/companies/eksempel-trevare.yaml": changed}, "Withdrawn")
    git(repo, "tag", "v1", first)
    report = _report(repo, "v1", "HEAD")
    assert report["base"] == {"revision": "v1", "commit": first}
    assert report["head"] == {"revision": "HEAD", "commit": second}
    assert [c["kind"] for c in report["changes"]] == ["status"]
    introduced = report["problems"]["introduced"]
    assert [p["code"] for p in introduced] == ["BIF301"]  # an exit without a note
    backwards = _report(repo, "HEAD", "v1")
    assert [c["kind"] for c in backwards["changes"]] == ["history_removed"]
    assert [p["code"] for p in backwards["problems"]["fixed"]] == ["BIF301"]


def test_origin_main_is_preferred_as_the_default_base(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    first = git(repo, "rev-parse", "HEAD")
    commit(repo, {"data/companies/ny.yaml": None}, "nothing to see")
    git(repo, "update-ref", "refs/remotes/origin/main", first)
    report = _report(repo)
    assert report["base"] == {"revision": "merge-base with origin/main", "commit": first}


def test_unknown_revision_is_a_usage_error(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    result = run_bif("diff", "no-such-branch", cwd=repo)
    assert result.exit_code == 2
    assert "unknown revision 'no-such-branch'" in result.stderr
    result = run_bif("diff", "main", "no-such-branch", cwd=repo)
    assert result.exit_code == 2
    assert "unknown revision 'no-such-branch'" in result.stderr


def test_outside_a_git_repository_says_so(make_programme) -> None:  # type: ignore[no-untyped-def]
    root = make_programme()
    result = run_bif("diff", cwd=root)
    assert result.exit_code == 2
    assert "is not in a git repository" in result.stderr
    assert "Traceback" not in result.output


def test_a_repository_without_commits_or_main(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    build_tree(repo, MINIMAL_PROGRAMME)
    result = run_bif("diff", cwd=repo)
    assert result.exit_code == 2
    assert "no commits yet" in result.stderr
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "first")
    git(repo, "branch", "-m", "main", "trunk")
    result = run_bif("diff", cwd=repo)
    assert result.exit_code == 2
    assert "name the base: bif diff BASE" in result.stderr
    assert _report(repo, "trunk")["changes"] == []


def test_a_base_without_data_shows_everything_added(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    commit(repo, {"README.md": "# Nytt program\n"}, "Empty start")
    git(repo, "checkout", "-q", "-b", "programme")
    commit(repo, MINIMAL_PROGRAMME, "The programme")
    report = _report(repo)
    kinds = [(c["path"], c["kind"]) for c in report["changes"]]
    assert ("data/program.yaml", "file_added") in kinds
    assert ("data/budget.yaml", "file_added") in kinds
    assert ("data/companies/eksempel-trevare.yaml", "company_added") in kinds
    assert report["problems"]["fixed"] == []
    assert report["summary"]["companies"] == {"base": 0, "head": 1}


def test_a_broken_file_is_not_compared_and_its_problem_is_introduced(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    path = repo / "data/companies/eksempel-trevare.yaml"
    path.write_text(path.read_text().replace("market: international", "market: internasjonal"))
    report = _report(repo)
    assert [(c["kind"], c["text"]) for c in report["changes"]] == [
        ("unreadable", "not compared: the file has errors at HEAD")
    ]
    [problem] = report["problems"]["introduced"]
    assert problem["path"] == "data/companies/eksempel-trevare.yaml"
    assert (problem["line"], problem["code"]) == (6, "BIF103")


def test_a_programme_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    commit(
        repo, {f"programmes/valdres/{rel}": text for rel, text in MINIMAL_PROGRAMME.items()}, "p"
    )
    root = repo / "programmes" / "valdres"
    budget = root / "data/budget.yaml"
    budget.write_text(budget.read_text().replace("frame: 1000000", "frame: 900000"))
    report = _report(root)
    assert [c["text"] for c in report["changes"]] == [
        "frame: 1 000 000 kr → 900 000 kr (-100 000 kr)"
    ]
    assert [p["code"] for p in report["problems"]["introduced"]] == ["BIF210"]


def test_a_symlinked_company_file_in_git_is_reported_not_followed(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "data/companies/lenke.yaml").symlink_to("/etc/passwd")
    commit(repo, {}, "a symlink")
    report = _report(repo, "HEAD~1", "HEAD")
    [problem] = report["problems"]["introduced"]
    assert (problem["path"], problem["code"]) == ("data/companies/lenke.yaml", "BIF014")
