"""`bif init`: a new programme repository that passes `bif check` at once."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bif_cli.io.scaffold import (
    bif_source,
    bif_version,
    default_templates,
    project_source,
    workflow,
)
from bif_cli.io.schema import render
from bif_cli.io.store import load_programme
from conftest import REPO_ROOT, run_bif
from test_diff import commit, git

INIT_FLAGS = (
    "--owner", "Valdres regionråd",
    "--responsible", "Valdres Næringshage",
    "--start", "1.1.2016",
    "--end", "31.12.2018",
    "--frame", "3\u00a0000\u00a0000",
    "--region", "Valdres",
    "--municipalities", "0540=Sør-Aurdal,0545=Vang",
    "--area", "A=Mobilisering=2 000 000",
    "--area", "B=FoU=1000000",
)  # fmt: skip


def test_init_with_every_flag_is_ready_and_committed(tmp_path: Path) -> None:
    target = tmp_path / "vekst"
    result = run_bif("init", str(target), "--name", "Vekst i Valdres", *INIT_FLAGS)
    assert result.exit_code == 0, result.output
    assert "Opprettet programmet 'Vekst i Valdres'" in result.stdout
    check = run_bif("check", cwd=target)
    assert check.exit_code == 0, check.output
    assert check.stdout.startswith("OK:")  # no errors and no warnings
    strict = run_bif("check", "--strict", cwd=target)
    assert strict.exit_code == 0, strict.output
    assert run_bif("schema", "--check", cwd=target).exit_code == 0
    assert git(target, "rev-parse", "--is-inside-work-tree") == "true"
    assert git(target, "symbolic-ref", "--short", "HEAD") == "main"
    assert git(target, "log", "--format=%s") == "bif init"
    assert git(target, "status", "--porcelain") == ""
    programme, _problems = load_programme(target)
    assert programme.budget is not None and programme.budget.frame == 3_000_000
    assert [a.id for a in programme.budget.areas] == ["A", "B"]
    assert programme.program is not None
    assert programme.program.regions[0].municipalities == {"0540": "Sør-Aurdal", "0545": "Vang"}
    # The README's example quarter lies inside the programme's life, and the report takes it.
    readme = (target / "README.md").read_text("utf-8")
    assert "bif report quarterly Q1-2016" in readme
    assert run_bif("report", "quarterly", "Q1-2016", cwd=target).exit_code == 0
    # bif diff works at once, against the first commit.
    assert run_bif("diff", "HEAD", cwd=target).exit_code == 0


def test_init_without_answers_leaves_placeholders_that_strict_check_warns_about(
    tmp_path: Path,
) -> None:
    target = tmp_path / "ny"
    assert run_bif("init", str(target), "--no-git").exit_code == 0
    assert not (target / ".git").exists()
    assert run_bif("check", cwd=target).exit_code == 0
    strict = run_bif("check", "--strict", cwd=target)
    assert strict.exit_code == 1
    assert "warning[BIF312]" in strict.stdout and "(fyll inn)" in strict.stdout
    assert "warning[BIF313]: rammen er 0 kr" in strict.stdout


def test_init_prompts_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bif_cli.cli import write

    monkeypatch.setattr(write, "stdin_is_terminal", lambda: True)
    answers = [
        "Vekst i Valdres",
        "Valdres regionråd",
        "Valdres Næringshage",
        "1.1.2016",
        "2018-12-31",
        "3 000 000",
        "Valdres",
        "0540=Sør-Aurdal",
        "A=Mobilisering=x",  # not money: asked again
        "A=Mobilisering=3000000",
        "",
    ]
    target = tmp_path / "vekst"
    result = run_bif("init", str(target), input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "not whole kroner" in result.stderr
    assert run_bif("check", "--strict", cwd=target).exit_code == 0


def test_init_commits_as_bif_init_without_a_git_identity(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    for key in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    target = tmp_path / "ny"
    assert run_bif("init", str(target), *INIT_FLAGS).exit_code == 0
    assert git(target, "log", "--format=%an <%ae>") == "bif init <bif-init@localhost>"


def test_ci_installs_bif_from_a_pinned_git_url(tmp_path: Path) -> None:
    target = tmp_path / "ny"
    assert run_bif("init", str(target), "--no-git").exit_code == 0
    source = project_source()
    assert source is not None  # pyproject.toml's [project.urls] Source
    expected = f'pip install "bif-cli @ git+{source}@v{bif_version()}"'
    assert (target / ".github/workflows/bif.yml").read_text() == workflow(expected)
    mine = tmp_path / "mine"
    url = "git+https://git.example.no/bif@3f2a1b"
    assert run_bif("init", str(mine), "--no-git", "--bif-source", url).exit_code == 0
    assert f'pip install "bif-cli @ {url}"' in (mine / ".github/workflows/bif.yml").read_text()
    assert bif_source("https://h/x/bif", None, "1.2.0") == (
        'pip install "bif-cli @ git+https://h/x/bif@v1.2.0"'
    )


def test_init_makes_every_file_a_repository_needs(tmp_path: Path) -> None:
    target = tmp_path / "ny"
    assert run_bif("init", str(target)).exit_code == 0
    for rel in (
        "README.md",
        ".gitattributes",
        ".pre-commit-config.yaml",
        "data/companies/.gitkeep",
        "data/clusters/.gitkeep",
    ):
        assert (target / rel).is_file(), rel
    install = bif_source(None, project_source(), bif_version())
    assert (target / ".github/workflows/bif.yml").read_text() == workflow(install)
    templates = default_templates()
    assert templates, "bif ships default templates"
    for template in templates:
        assert (target / "templates" / template.name).read_bytes() == template.read_bytes()
    for kind in ("program", "budget", "milestones", "company", "cluster"):
        assert (target / f"schemas/{kind}.schema.json").read_text("utf-8") == render(kind)
    for kind in ("program", "budget", "milestones"):
        first = (target / f"data/{kind}.yaml").read_text("utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schemas/{kind}.schema.json"
    hooks = yaml.safe_load((target / ".pre-commit-config.yaml").read_text())
    assert hooks["repos"][0]["hooks"][0]["entry"] == "bif check"
    programme, problems = load_programme(target)
    assert problems == []
    assert programme.program is not None and programme.program.name == "ny"


def test_a_name_with_quotes_colons_and_hashes_is_kept_as_typed(tmp_path: Path) -> None:
    name = 'Vekst: "Valdres" #1 & <2>'
    assert run_bif("init", str(tmp_path / "p"), "--name", name).exit_code == 0
    programme, problems = load_programme(tmp_path / "p")
    assert problems == []
    assert programme.program is not None and programme.program.name == name


def test_init_refuses_a_non_empty_folder_or_a_file(tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("keep me")
    result = run_bif("init", str(tmp_path / "full"))
    assert result.exit_code == 2
    assert "is not empty" in result.stderr
    assert sorted(p.name for p in (tmp_path / "full").iterdir()) == ["notes.txt"]
    (tmp_path / "file").write_text("x")
    assert run_bif("init", str(tmp_path / "file")).exit_code == 2
    (tmp_path / "empty").mkdir()
    assert run_bif("init", str(tmp_path / "empty")).exit_code == 0
    bad = run_bif("init", str(tmp_path / "bad"), "--name", "two\nlines")
    assert bad.exit_code == 2
    assert not (tmp_path / "bad").exists()


def test_init_inside_a_git_repository_does_not_nest_one(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    result = run_bif("init", str(tmp_path / "sub"))
    assert result.exit_code == 0
    assert "inside a git repository already" in result.stderr
    assert not (tmp_path / "sub" / ".git").exists()


def test_a_first_company_shows_in_bif_diff(tmp_path: Path) -> None:
    target = tmp_path / "ny"
    assert run_bif("init", str(target)).exit_code == 0
    commit(target, {}, "bif init")
    program = (target / "data/program.yaml").read_text()
    company = """\
name: Første Bedrift AS
org_number: "921588135"
region: region
municipality: "3401"
nace: "16.230"
market: national
history: [{date: 2016-12-01, status: identified}]
"""
    commit(
        target,
        {
            "data/program.yaml": program.replace(
                "municipalities: {}", 'municipalities: {"3401": Kongsvinger}'
            ),
            "data/companies/forste-bedrift.yaml": company,
        },
        "first company",
    )
    result = run_bif("diff", "HEAD~1", cwd=target)
    assert result.exit_code == 0, result.output
    assert (
        "    + bedrift lagt til: Første Bedrift AS, identifisert siden 01.12.2016" in result.stdout
    )
    english = run_bif("diff", "HEAD~1", "--lang", "en", cwd=target)
    assert "    + company added: Første Bedrift AS, identified since 2016-12-01" in english.stdout
    assert run_bif("check", cwd=target).exit_code == 0


def test_the_repositorys_own_workflow_and_pre_commit_hook() -> None:
    assert (REPO_ROOT / ".github/workflows/bif.yml").read_text() == workflow("pip install .")
    ci = yaml.safe_load(workflow("pip install ."))
    steps = [step.get("run", "") for step in ci["jobs"]["check"]["steps"]]
    assert "bif check --format github" in steps
    assert any("bif diff" in s and "--format md" in s and "GITHUB_STEP_SUMMARY" in s for s in steps)
    checkout = ci["jobs"]["check"]["steps"][0]
    assert checkout["with"]["fetch-depth"] == 0
    [hook] = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "bif-check"
    assert hook["entry"] == "bif check"
    assert hook["pass_filenames"] is False


def test_init_refuses_an_end_before_the_start(tmp_path: Path) -> None:
    result = run_bif("init", str(tmp_path / "p"), "--start", "1.1.2016", "--end", "31.12.2015")
    assert result.exit_code == 2
    assert "is before the start" in result.stderr
    assert not (tmp_path / "p").exists()
    over = run_bif("init", str(tmp_path / "p"), "--frame", "100", "--area", "A=X=200")
    assert over.exit_code == 2
    assert "more than the frame" in over.stderr
    assert not (tmp_path / "p").exists()
