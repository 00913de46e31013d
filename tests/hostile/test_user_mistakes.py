"""User mistakes are never "a bug in bif": each gives exit 1 or 2 and a message naming the cause."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_helpers import commit_all, run_bif, untouched

from conftest import MILESTONES_YAML, PROGRAM_YAML

NEW_COMPANY = (
    "--org-number", "974760673", "--region", "nord", "--municipality", "0511",
    "--nace", "16.230", "--market", "national",
)  # fmt: skip

# (what the user did, extra files, the command, the exit code, words the message must hold)
MISTAKES: list[tuple[str, dict[str, str], tuple[str, ...], int, str]] = [
    ("init in /proc", {}, ("init", "/proc/x"), 2, "cannot create the programme"),
    ("init below a file", {}, ("init", "data/program.yaml/sub"), 2, "cannot create"),
    ("init a 300-character name", {}, ("init", "a" * 300), 2, "File name too long"),
    ("report -o ''", {}, ("report", "quarterly", "Q2-2015", "-o", ""), 2, "-o needs a file"),
    (
        "report -o data/",
        {},
        ("report", "quarterly", "Q2-2015", "-o", "data/program.yaml"),
        2,
        "inside the programme's data/",
    ),
    (
        "report -o templates/",
        {},
        ("report", "quarterly", "Q2-2015", "-o", "templates/x.md"),
        2,
        "inside the programme's templates/",
    ),
    (
        "report -o a device",
        {},
        ("report", "quarterly", "Q2-2015", "-o", "/dev/null"),
        2,
        "not a regular file",
    ),
    (
        "report -o a folder",
        {},
        ("report", "quarterly", "Q2-2015", "-o", "data"),
        2,
        "inside the programme's data/",
    ),
    ("schema -o /proc/x", {}, ("schema", "-o", "/proc/x"), 2, "cannot write the schemas"),
    ("schema -o data/", {}, ("schema", "-o", "data/companies"), 2, "inside the programme's data/"),
    ("a name with NEL", {}, ("add-company", "Lom\x85Bakeri", *NEW_COMPANY), 2, "U+0085"),
    (
        "a name with a line separator",
        {},
        ("add-company", "Lom\u2028Bakeri", *NEW_COMPANY),
        2,
        "U+2028",
    ),
    (
        "a note with ESC",
        {},
        ("set-status", "eksempel-trevare", "completed", "--note", "x\x1b[2J"),
        2,
        "U+001B",
    ),
    (
        "a milestone due in year 1, report Q1-0001",
        {"data/milestones.yaml": MILESTONES_YAML.replace("due: 2014-01-01", "due: 0001-01-01")},
        ("report", "quarterly", "Q1-0001"),
        2,
        "outside the years",
    ),
    (
        "final report due 9999, report Q4-9999",
        {"data/program.yaml": PROGRAM_YAML.replace("2017-05-01", "9999-12-31")},
        ("report", "quarterly", "Q4-9999"),
        2,
        "outside the years",
    ),
    (
        "full-width digits in a quarter",
        {},
        ("report", "quarterly", "Q２-2015"),
        2,
        "is not a quarter",
    ),
    ("an empty --id", {}, ("add-company", "Ny AS", "--id", "", *NEW_COMPANY), 2, "--id is empty"),
    (
        "an empty measure --id",
        {},
        (
            "add-measure",
            "costs",
            "--id",
            "",
            "--title",
            "x",
            "--kind",
            "staff",
            "--area",
            "A",
            "--granted",
            "1",
        ),
        2,
        "--id is empty",
    ),
]


@pytest.mark.parametrize(
    ("files", "command", "code", "words"),
    [case[1:] for case in MISTAKES],
    ids=[case[0] for case in MISTAKES],
)
def test_a_user_mistake_is_not_a_bug(
    make_programme: Callable[..., Path],
    files: dict[str, str],
    command: tuple[str, ...],
    code: int,
    words: str,
) -> None:
    root = commit_all(make_programme({**files, "templates/.keep": ""}))
    result = run_bif(*command, cwd=root)
    assert result.exit_code != 3, result.output
    assert result.exit_code == code, result.output
    assert "bug in bif" not in result.output
    assert words in " ".join(result.output.replace("│", " ").split()), result.output
    assert untouched(root)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only permissions")
def test_init_on_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = run_bif("init", str(folder / "ny"))
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 2 and "cannot create the programme" in result.stderr


def test_init_on_a_read_only_file_system(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import pathlib

    real_mkdir = pathlib.Path.mkdir

    def read_only(self: pathlib.Path, *args: object, **kwargs: object) -> None:
        if tmp_path in self.parents:
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        real_mkdir(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pathlib.Path, "mkdir", read_only)
    result = run_bif("init", str(tmp_path / "ny"))
    assert result.exit_code == 2, result.output
    assert "cannot create the programme" in result.stderr
    assert "Read-only file system" in result.stderr
    assert not (tmp_path / "ny").exists()


def test_init_that_fails_half_way_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from bif_cli.io import scaffold

    def full(directory: Path) -> list[Path]:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(scaffold, "write_schemas", full)
    result = run_bif("init", str(tmp_path / "ny"))
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.stderr
    assert not (tmp_path / "ny").exists()


def test_report_o_through_a_link_into_data_is_refused(make_programme: Callable[..., Path]) -> None:
    root = commit_all(make_programme())
    (root.parent / "rapport.md").symlink_to(root / "data/program.yaml")
    before = (root / "data/program.yaml").read_bytes()
    result = run_bif(
        "report", "quarterly", "Q2-2015", "-o", str(root.parent / "rapport.md"), cwd=root
    )
    assert result.exit_code == 2
    assert "inside the programme's data/" in result.stderr
    assert (root / "data/program.yaml").read_bytes() == before
    assert untouched(root)


def test_refusals_speak_bokmal_by_default(make_programme: Callable[..., Path]) -> None:
    from conftest import COMPANY_YAML
    from conftest import run_bif as run_in_bokmal

    root = commit_all(
        make_programme(
            {"data/companies/eksempel-trevare.yaml": "# Bedriften\n---\n" + COMPANY_YAML}
        )
    )
    report = run_in_bokmal("report", "quarterly", "Q2-2015", "-o", "data/x.md", cwd=root)
    assert report.exit_code == 2
    assert "ligger i programmets data/-mappe" in report.stderr
    edit = run_in_bokmal("add-payment", "eksempel-trevare", "fou", "5", cwd=root)
    assert edit.exit_code == 1
    assert "bif kan ikke endre data/companies/eksempel-trevare.yaml" in edit.stderr
    assert untouched(root)
