"""A report or overview shown from its kept result is what bif works out afresh, edit after edit.

`bif report` and `bif recruitment` keep what they work out under the check's fingerprint and
the command's arguments (io/resultcache.py). A scripted series of edits compares each command,
run twice, with a run that keeps nothing, and counts which runs worked the result out and
which showed a kept one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bif_cli.io import resultcache
from bif_cli.outputs import annual, final, overviews, report
from conftest import EXAMPLE_DATA, run_bif

COMPANY = "data/companies/begna-trevare.yaml"
NARRATIVE = "data/reports/2015-Q2.md"
GONE = "data/companies/etnedal-kjott-og-vilt.yaml"  # in no cluster: deleting it breaks nothing


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _template(root: Path) -> None:
    """A programme's own Markdown template: the packaged one with a line of its own."""
    from bif_cli.resources import PACKAGE_TEMPLATES, REPOSITORY_TEMPLATES

    folder = PACKAGE_TEMPLATES if PACKAGE_TEMPLATES.is_dir() else REPOSITORY_TEMPLATES
    text = (folder / "quarterly.md.j2").read_text(encoding="utf-8")
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "quarterly.md.j2").write_text(text + "\nEgen linje.\n", "utf-8")


EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("nothing yet", lambda r: None),
    ("a payment changed", lambda r: _edit(r, COMPANY, "amount: 110000", "amount: 90000")),
    ("a company deleted", lambda r: (r / GONE).unlink()),
    (
        "the company added back",
        lambda r: (r / GONE).write_bytes((EXAMPLE_DATA.parent / GONE).read_bytes() + b"# ny\n"),
    ),
    ("the narrative rewritten", lambda r: (r / NARRATIVE).write_text("# Ny tekst\n", "utf-8")),
    ("the narrative deleted", lambda r: (r / NARRATIVE).unlink()),
    ("a region renamed", lambda r: _edit(r, "data/program.yaml", "name: Valdres", "name: Valdr")),
    ("a template of the programme's own", _template),
]

COMMANDS = [
    ("report", "quarterly", "Q2-2015"),
    ("report", "quarterly", "Q2-2015", "--lang", "en"),
    ("report", "quarterly", "Q2-2015", "--region", "valdres"),
    ("report", "quarterly", "Q2-2015", "--date", "2015-07-15"),
    ("report", "quarterly", "Q4-2016", "--format", "html"),
    ("report", "annual", "2015"),
    ("report", "annual", "2015", "--lang", "en", "--format", "html"),
    ("report", "final"),
    ("recruitment", "--format", "json"),
    ("recruitment", "--format", "csv", "--as-of", "2015-06-30"),
    ("recruitment", "--as-of", "2015-06-30", "--region", "valdres"),
    ("recruitment", "--format", "json", "--status", "agreement", "--process-leader", "pl-valdres"),
]


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the reports and overviews worked out afresh, by kind, in this process."""
    built: list[str] = []
    for module, name in (
        (report, "build_report"),
        (annual, "build_annual"),
        (final, "build_final"),
        (overviews, "recruitment"),
    ):
        real = getattr(module, name)

        def counted(*args: object, _real: Callable[..., object] = real, **kwargs: object) -> object:
            built.append(_real.__name__)
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)
    return built


def test_each_result_of_a_series_of_edits_is_the_one_worked_out_afresh(
    example_programme: Path, builds: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = example_programme
    for what, edit in EDITS:
        edit(root)
        for command in COMMANDS:
            builds.clear()
            first = run_bif(*command, cwd=root)
            assert first.exit_code == 0, (what, command, first.output)
            assert builds, (what, command)  # the files changed: worked out afresh
            builds.clear()
            second = run_bif(*command, cwd=root)
            assert builds == [], (what, command)  # nothing changed: the kept one rendered
            assert second.stdout == first.stdout, (what, command)
            monkeypatch.setenv("BIF_NO_CACHE", "1")
            afresh = run_bif(*command, cwd=root)
            monkeypatch.delenv("BIF_NO_CACHE")
            assert afresh.stdout == first.stdout, (what, command)
            assert afresh.exit_code == first.exit_code
    kept = list((root / ".bif-cache").glob(resultcache.KEPT_GLOB))
    assert 0 < len(kept) <= resultcache.KEPT_RESULTS


def test_the_python_api_and_the_command_share_a_kept_report(
    example_programme: Path, builds: list[str]
) -> None:
    import bif_cli

    shown = run_bif("report", "quarterly", "Q2-2015", cwd=example_programme).stdout
    assert "build_report" in builds
    builds.clear()
    assert bif_cli.quarterly_report(example_programme, "Q2-2015") == shown
    assert builds == []  # rendered from what the command kept


def test_a_report_whose_files_changed_while_it_was_built_is_not_kept(
    example_programme: Path, builds: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = example_programme
    real = report.build_report

    def edited_meanwhile(*args: object, **kwargs: object) -> object:
        context = real(*args, **kwargs)  # type: ignore[arg-type]
        _edit(root, COMPANY, "amount: 110000", "amount: 90000")  # after the files were read
        return context

    monkeypatch.setattr(report, "build_report", edited_meanwhile)
    assert run_bif("report", "quarterly", "Q2-2015", cwd=root).exit_code == 0
    assert list((root / ".bif-cache").glob(resultcache.KEPT_GLOB)) == []
    monkeypatch.setattr(report, "build_report", real)
    shown = run_bif("report", "quarterly", "Q2-2015", cwd=root).stdout
    monkeypatch.setenv("BIF_NO_CACHE", "1")
    assert run_bif("report", "quarterly", "Q2-2015", cwd=root).stdout == shown


def test_what_bif_refuses_is_refused_every_time(example_programme: Path) -> None:
    root = example_programme
    for arguments in (("Q2-2015", "--region", "nowhere"), ("Q1-2020",)):
        runs = [run_bif("report", "quarterly", *arguments, cwd=root) for _ in range(2)]
        assert runs[0].exit_code != 0 and runs[1].exit_code == runs[0].exit_code, arguments
        assert runs[1].output == runs[0].output
    assert run_bif("report", "quarterly", "Q2-2015", cwd=root).exit_code == 0
    _edit(root, COMPANY, "name:", "name: [")
    for _ in range(2):
        refused = run_bif("report", "quarterly", "Q2-2015", cwd=root)
        assert refused.exit_code == 1
        assert "begna-trevare.yaml" in refused.output
