"""Submitted reports: bif submit, BIF501, the write guard, the diff, corrections, as-submitted."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from conftest import COMPANY_YAML, EXAMPLE_DATA, MILESTONES_YAML, MINIMAL_PROGRAMME, run_bif
from test_diff import commit, git

COMPANY = "data/companies/eksempel-trevare.yaml"
RECORD = "data/submitted/2015-Q2.yaml"
NARRATIVE = "## Status og framdrift\n\nAlt går etter planen i Eksempel Trevare.\n"
PAYMENT_LINE = "      - {date: 2014-06-30, amount: 100000}\n"
BACKDATED = PAYMENT_LINE + "      - {date: 2015-05-10, amount: 50000}\n"
CORRECTED = PAYMENT_LINE + (
    "      - {date: 2015-05-10, amount: 50000, correction: "
    "{reason: Fakturaen fra mai var ikke bokført, recorded: 2016-10-01}}\n"
)


def _repo(tmp_path: Path, extra: dict[str, str | bytes | None] | None = None) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    files = {**MINIMAL_PROGRAMME, "data/reports/2015-Q2.md": NARRATIVE, **(extra or {})}
    commit(repo, files, "Programme")
    return repo


def _submitted(tmp_path: Path, extra: dict[str, str | bytes | None] | None = None) -> Path:
    repo = _repo(tmp_path, extra)
    done = run_bif("submit", "Q2-2015", "--date", "2015-07-10", cwd=repo)
    assert done.exit_code == 0, done.output
    commit(repo, {}, "Q2-2015 sent to the owner")
    return repo


def _company(payments: str) -> str:
    return COMPANY_YAML.replace(PAYMENT_LINE, payments)


def test_submit_records_the_figures_and_the_sha256_of_the_report(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    done = run_bif("submit", "2015-q2", "--date", "2015-07-10", cwd=repo)
    assert done.exit_code == 0, done.output
    assert RECORD in done.stdout
    sent = run_bif("report", "quarterly", "Q2-2015", "--date", "2015-07-10", cwd=repo)
    expected = hashlib.sha256(sent.stdout.encode("utf-8")).hexdigest()
    text = (repo / RECORD).read_text(encoding="utf-8")
    assert f"sha256: {expected}\n" in text
    assert "sent: 2015-07-10\n" in text
    assert "bif_version: 0.1.0\n" in text
    assert "- {id: B, committed: 250000, paid: 100000, paid_in_period: 0}" in text
    assert (
        "- {owner: eksempel-trevare, id: fou, area: B, committed: 250000, paid: 100000, "
        "paid_in_period: 0}" in text
    )
    assert "statuses: {identified: 0, contacted: 0, mapped: 0, agreement: 1," in text
    assert "main_goal: {companies: 1, clusters: 0}" in text
    assert "eksempel-trevare: agreement" in text
    assert "slutt: upcoming" in text
    # The report's bytes do not depend on its own record.
    again = run_bif("report", "quarterly", "Q2-2015", "--date", "2015-07-10", cwd=repo)
    assert again.stdout == sent.stdout
    check = run_bif("check", "--strict", cwd=repo)
    assert check.exit_code == 0, check.output


def test_submit_refuses_a_draft_data_errors_a_second_time_and_odd_dates(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    draft = run_bif("submit", "Q3-2015", "--date", "2015-10-10", cwd=repo)
    assert draft.exit_code == 1
    assert "utkast" in draft.stderr
    assert not (repo / "data/submitted").exists()
    early = run_bif("submit", "Q2-2015", "--date", "2015-06-01", cwd=repo)
    assert early.exit_code == 2 and "2015-06-30" in early.stderr
    future = run_bif("submit", "Q2-2015", "--date", "2017-01-01", cwd=repo)
    assert future.exit_code == 2
    bad = run_bif("submit", "Q5-2015", cwd=repo)
    assert bad.exit_code == 2
    assert run_bif("submit", "Q2-2015", "--date", "2015-07-10", cwd=repo).exit_code == 0
    twice = run_bif("submit", "Q2-2015", "--date", "2015-07-11", cwd=repo)
    assert twice.exit_code == 2 and "alt registrert" in twice.stderr
    (repo / COMPANY).write_text(
        COMPANY_YAML.replace('"921588135"', '"921588136"'), encoding="utf-8"
    )
    broken = run_bif("submit", "Q1-2015", "--date", "2015-04-10", cwd=repo)
    assert broken.exit_code == 1 and "BIF106" in broken.output
    assert sorted(p.name for p in (repo / "data/submitted").iterdir()) == ["2015-Q2.yaml"]


def test_annual_and_final_reports_can_be_submitted(tmp_path: Path) -> None:
    repo = _repo(
        tmp_path,
        {"data/reports/2015.md": NARRATIVE, "data/reports/final.md": NARRATIVE},
    )
    year = run_bif("submit", "2015", "--date", "2016-02-01", cwd=repo)
    assert year.exit_code == 0, year.output
    assert "report: annual\n" in (repo / "data/submitted/2015.yaml").read_text()
    final = run_bif("submit", "final", "--date", "2016-12-31", cwd=repo)
    assert final.exit_code == 0, final.output
    assert "report: final\n" in (repo / "data/submitted/final.yaml").read_text()
    commit(repo, {}, "Annual and final reports sent")
    for args in (["annual", "2015"], ["final"]):
        again = run_bif("report", *args, "--as-submitted", cwd=repo)
        assert again.exit_code == 0, again.output


def test_a_backdated_payment_is_refused_without_a_correction(tmp_path: Path) -> None:
    repo = _submitted(tmp_path)
    before = (repo / COMPANY).read_bytes()
    refused = run_bif(
        "add-payment", "eksempel-trevare", "fou", "50000", "--date", "2015-05-10", cwd=repo
    )
    assert refused.exit_code == 1
    assert "2015-05-10 er i Q2-2015" in refused.stderr
    assert "--correction" in refused.stderr
    assert (repo / COMPANY).read_bytes() == before
    done = run_bif(
        "add-payment",
        "eksempel-trevare",
        "fou",
        "50000",
        "--date",
        "2015-05-10",
        "--correction",
        "Fakturaen fra mai var ikke bokført",
        cwd=repo,
    )
    assert done.exit_code == 0, done.output
    assert (
        "- {date: 2015-05-10, amount: 50000, correction: {reason: Fakturaen fra mai var ikke "
        "bokført, recorded: 2016-12-31}}" in (repo / COMPANY).read_text(encoding="utf-8")
    )
    assert "BIF501" not in run_bif("check", cwd=repo).output
    # After the last reported day, no correction is needed.
    later = run_bif(
        "add-payment", "eksempel-trevare", "fou", "10000", "--date", "2015-07-01", cwd=repo
    )
    assert later.exit_code == 0, later.output


@pytest.mark.parametrize(
    "args",
    [
        [
            "add-measure",
            "eksempel-trevare",
            "--title",
            "Ny FoU",
            "--kind",
            "rnd",
            "--area",
            "B",
            "--granted",
            "10000",
            "--granted-on",
            "2015-05-01",
        ],
        [
            "set-status",
            "eksempel-trevare",
            "completed",
            "--date",
            "2015-05-01",
            "--continuation-plan",
            "Fortsetter selv",
        ],
        ["milestone-done", "midtveis", "--date", "2015-05-01"],
    ],
)
def test_every_writing_command_is_guarded(tmp_path: Path, args: list[str]) -> None:
    milestones = (
        MILESTONES_YAML + "  - {id: midtveis, title: Midtveisevaluering, due: 2015-09-30}\n"
    )
    repo = _submitted(tmp_path, {"data/milestones.yaml": milestones})
    refused = run_bif(*args, cwd=repo)
    assert refused.exit_code == 1, refused.output
    assert git(repo, "status", "--porcelain") == ""
    done = run_bif(*args, "--correction", "Registrert for sent", cwd=repo)
    assert done.exit_code == 0, done.output
    changed = git(repo, "diff")
    assert "correction: {reason: Registrert for sent, recorded: 2016-12-31}" in changed


def test_check_warns_about_a_moved_figure_and_strict_fails(tmp_path: Path) -> None:
    repo = _submitted(tmp_path)
    (repo / COMPANY).write_text(_company(BACKDATED), encoding="utf-8")
    found = run_bif("check", "--format", "json", "--lang", "en", cwd=repo)
    assert found.exit_code == 0
    issues = [i for i in json.loads(found.stdout)["issues"] if i["code"] == "BIF501"]
    assert [(i["path"], i["line"], i["severity"]) for i in issues] == [(COMPANY, 15, "warning")] * 2
    assert issues[0]["message"].startswith(
        "Q2-2015 as reported to the owner: paid to date in area B 100 000 kr → 150 000 kr: "
        f"eksempel-trevare/fou, {COMPANY}:15"
    )
    assert run_bif("check", "--strict", cwd=repo).exit_code == 1
    (repo / COMPANY).write_text(_company(CORRECTED), encoding="utf-8")
    assert run_bif("check", "--strict", cwd=repo).exit_code == 0


def test_diff_opens_with_the_figures_already_reported(tmp_path: Path) -> None:
    repo = _submitted(tmp_path)
    (repo / COMPANY).write_text(_company(CORRECTED), encoding="utf-8")
    md = run_bif("diff", "main", "--format", "md", cwd=repo)
    assert md.exit_code == 0
    first = md.stdout.splitlines()[:4]
    assert first[1] == "> **Denne endringen endrer tall som alt er rapportert til programeier**"
    assert "Q2-2015: utbetalt hittil i innsatsområde B 100 000 kr → 150 000 kr" in first[3]
    assert "begrunnelse: Fakturaen fra mai var ikke bokført" in first[3]
    text = run_bif("diff", "main", "--lang", "en", cwd=repo)
    assert text.stdout.startswith("This change alters figures already reported to the owner:")
    data = json.loads(run_bif("diff", "main", "--format", "json", cwd=repo).stdout)
    rows = data["reported"]["figures"]
    assert [(r["period"], r["reported"], r["now"], r["corrected"]) for r in rows][0] == (
        "Q2-2015",
        100000,
        150000,
        True,
    )
    commit(repo, {}, "Correction")
    quiet = run_bif("diff", "HEAD", "--format", "md", cwd=repo)
    assert "Denne endringen" not in quiet.stdout


def test_later_reports_list_corrections_and_the_old_one_is_marked_corrected(
    tmp_path: Path,
) -> None:
    repo = _submitted(tmp_path, {"data/reports/2015-Q3.md": NARRATIVE})
    (repo / COMPANY).write_text(_company(CORRECTED), encoding="utf-8")
    q3 = run_bif("report", "quarterly", "Q3-2015", cwd=repo)
    assert q3.exit_code == 0
    assert "## Korrigeringer av tidligere rapporterte tall" in q3.stdout
    assert (
        "| Q2-2015 | utbetalt hittil i innsatsområde B | 100 000 kr | 150 000 kr | "
        "Fakturaen fra mai var ikke bokført |" in q3.stdout
    )
    q2 = run_bif("report", "quarterly", "Q2-2015", cwd=repo)
    assert q2.stdout.startswith("# Korrigert versjon: Kvartalsrapport Q2-2015")
    assert q2.stdout.rstrip().endswith("*Korrigert versjon*")
    html = run_bif("report", "quarterly", "Q2-2015", "--format", "html", cwd=repo)
    assert '@top-right { content: "KORRIGERT VERSJON"' in html.stdout
    q1 = run_bif("report", "quarterly", "Q1-2015", cwd=repo)
    assert "Korrigert" not in q1.stdout and "Korrigeringer" not in q1.stdout


def test_as_submitted_gives_back_the_bytes_that_were_sent(tmp_path: Path) -> None:
    repo = _submitted(tmp_path)
    sent = run_bif("report", "quarterly", "Q2-2015", "--date", "2015-07-10", cwd=repo).stdout
    commit(repo, {COMPANY: _company(CORRECTED), "data/reports/2015-Q2.md": "Endret.\n"}, "Later")
    (repo / "data/reports/2015-Q2.md").write_text("Endret igjen i arbeidstreet.\n")
    before = git(repo, "status", "--porcelain")
    again = run_bif("report", "quarterly", "Q2-2015", "--as-submitted", cwd=repo)
    assert again.exit_code == 0, again.stderr
    assert again.stdout == sent
    assert hashlib.sha256(again.stdout.encode()).hexdigest() in again.stderr
    assert git(repo, "status", "--porcelain") == before  # nothing checked out


def test_a_template_change_after_submission_does_not_change_what_was_sent(
    tmp_path: Path,
) -> None:
    default = (Path(__file__).resolve().parents[1] / "templates/quarterly.md.j2").read_text()
    repo = _submitted(tmp_path, {"templates/quarterly.md.j2": default + "\nMal v1\n"})
    sent = run_bif("report", "quarterly", "Q2-2015", "--date", "2015-07-10", cwd=repo).stdout
    assert sent.endswith("Mal v1\n")
    commit(repo, {"templates/quarterly.md.j2": default + "\nMal v2\n"}, "New template")
    now = run_bif("report", "quarterly", "Q2-2015", "--date", "2015-07-10", cwd=repo).stdout
    assert now.endswith("Mal v2\n")
    again = run_bif("report", "quarterly", "Q2-2015", "--as-submitted", cwd=repo)
    assert again.exit_code == 0, again.stderr
    assert again.stdout == sent


def test_as_submitted_that_does_not_match_prints_the_report_and_exits_1(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    assert run_bif("submit", "Q2-2015", "--date", "2015-07-10", cwd=repo).exit_code == 0
    record = repo / RECORD
    text = record.read_text()
    start = text.index("sha256: ") + len("sha256: ")
    record.write_text(text[:start] + "0" * 64 + text[start + 64 :])
    commit(repo, {}, "Q2-2015 sent (by another bif)")
    found = run_bif("report", "quarterly", "Q2-2015", "--as-submitted", "--lang", "en", cwd=repo)
    assert found.exit_code == 1
    # The report is printed as this bif makes it, in the language it was sent in.
    assert found.stdout.startswith("# Kvartalsrapport Q2-2015")
    assert "does not match what was sent" in found.stderr
    assert "sent with bif 0.1.0" in found.stderr


def test_as_submitted_needs_a_committed_record(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    missing = run_bif("report", "quarterly", "Q2-2015", "--as-submitted", cwd=repo)
    assert missing.exit_code == 2 and "bif submit" in missing.stderr
    assert run_bif("submit", "Q2-2015", "--date", "2015-07-10", cwd=repo).exit_code == 0
    uncommitted = run_bif("report", "quarterly", "Q2-2015", "--as-submitted", cwd=repo)
    assert uncommitted.exit_code == 2 and "commit" in uncommitted.stderr
    mixed = run_bif(
        "report", "quarterly", "Q2-2015", "--as-submitted", "--format", "html", cwd=repo
    )
    assert mixed.exit_code == 2


def test_the_repository_has_its_quarters_up_to_q3_2016_submitted() -> None:
    records = sorted(p.stem for p in (EXAMPLE_DATA / "submitted").iterdir())
    expected = [f"{y}-Q{q}" for y in (2014, 2015, 2016) for q in (1, 2, 3, 4)][:11]
    assert records == expected
    for stem in expected:
        assert (EXAMPLE_DATA / "reports" / f"{stem}.md").is_file(), stem
    assert "BIF501" not in run_bif("check", "--root", str(EXAMPLE_DATA.parent)).output


def test_the_public_api_submits_too(tmp_path: Path) -> None:
    import bif_cli

    repo = _repo(tmp_path)
    path = bif_cli.submit(repo, "Q2-2015", sent=date(2015, 7, 10))
    assert path == repo / RECORD and path.is_file()
    assert "sent: 2015-07-10\n" in path.read_text(encoding="utf-8")
