"""The small findings: duplicate members, far dates, reserved ids, dotfiles, dry-run, shallow."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_helpers import commit_all, git, run_bif, untouched

from conftest import COMPANY_YAML, MINIMAL_PROGRAMME, build_tree

CLUSTER = """\
name: Trebruk
region: nord
members: [eksempel-trevare, eksempel-trevare, eksempel-trevare]
history:
  - {date: 2014-05-01, status: identified}
"""


def test_a_duplicate_cluster_member_is_an_error_at_its_line(
    make_programme: Callable[..., Path],
) -> None:
    root = make_programme({"data/clusters/trebruk.yaml": CLUSTER})
    result = run_bif("check", "--lang", "en", cwd=root)
    assert result.exit_code == 1
    assert "data/clusters/trebruk.yaml:3:" in result.stdout
    assert "duplicate member 'eksempel-trevare' (first at line 3)" in result.stdout


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("{date: 2014-01-20, status: identified}", "{date: 1014-01-20, status: identified}"),
        ("{date: 2014-06-30, amount: 100000}", "{date: 2114-06-30, amount: 100000}"),
    ],
)
def test_dates_far_from_now_are_a_warning(
    make_programme: Callable[..., Path], old: str, new: str
) -> None:
    root = make_programme({"data/companies/eksempel-trevare.yaml": COMPANY_YAML.replace(old, new)})
    result = run_bif("check", "--lang", "en", cwd=root)
    assert "warning[BIF320]" in result.stdout
    assert "is the year a typo?" in result.stdout


@pytest.mark.parametrize("stem", ["con", "aux", "nul", "com1", "lpt9"])
def test_a_windows_reserved_id_is_refused(make_programme: Callable[..., Path], stem: str) -> None:
    root = make_programme({f"data/companies/{stem}.yaml": COMPANY_YAML})
    result = run_bif("check", "--lang", "en", cwd=root)
    assert result.exit_code == 1
    assert f"data/companies/{stem}.yaml:1:1: error[BIF014]" in result.stdout
    assert "reserved name on Windows" in result.stdout
    clean = commit_all(make_programme(name=f"clean-{stem}"))
    add = run_bif(
        "add-company", "Con AS", "--id", stem, "--org-number", "974760673", "--region", "nord",
        "--municipality", "0511", "--nace", "16.230", "--market", "national", cwd=clean,
    )  # fmt: skip
    assert add.exit_code == 2 and "reserved name on Windows" in add.stderr
    assert untouched(clean)


def test_a_dotfile_among_companies_is_a_warning(make_programme: Callable[..., Path]) -> None:
    root = make_programme(
        {"data/companies/.lom-bakeri.yaml": COMPANY_YAML, "data/companies/.gitkeep": ""}
    )
    result = run_bif("check", "--lang", "en", cwd=root)
    assert result.exit_code == 0
    assert "data/companies/.lom-bakeri.yaml:1:1: warning[BIF021]" in result.stdout
    assert ".gitkeep" not in result.stdout


def test_dry_run_marks_a_last_line_without_newline(make_programme: Callable[..., Path]) -> None:
    company = COMPANY_YAML.rstrip("\n")
    root = make_programme({"data/companies/eksempel-trevare.yaml": company})
    result = run_bif(
        "add-payment", "eksempel-trevare", "fou", "1000", "--date", "2014-07-01", "--dry-run",
        cwd=root,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("\n")
    assert "\\ No newline at end of file\n" in result.stdout
    assert "}+" not in result.stdout


def test_a_shallow_clone_without_merge_base_says_to_fetch_more(tmp_path: Path) -> None:
    origin = build_tree(tmp_path / "origin", dict(MINIMAL_PROGRAMME))
    commit_all(origin)
    git(origin, "branch", "-M", "main")
    git(origin, "checkout", "-q", "-b", "feature")
    for number in range(3):
        (origin / "data/companies/eksempel-trevare.yaml").write_text(
            COMPANY_YAML.replace("24", str(30 + number)), encoding="utf-8"
        )
        commit_all(origin)
    git(origin, "checkout", "-q", "main")
    (origin / "data/milestones.yaml").write_text(
        (origin / "data/milestones.yaml").read_text() + "# more\n", encoding="utf-8"
    )
    commit_all(origin)
    clone = tmp_path / "clone"
    git(
        tmp_path, "clone", "-q", "--depth", "1", "--no-single-branch",
        f"file://{origin}", str(clone),
    )  # fmt: skip
    git(clone, "checkout", "-q", "feature")
    result = run_bif("diff", cwd=clone)
    assert result.exit_code == 2, result.output
    assert "fetch more history" in result.stderr and "no message" not in result.stderr
