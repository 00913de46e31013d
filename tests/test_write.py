"""The writing commands end to end, on throwaway programmes that are git repositories."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from bif_cli.io.roundtrip import Document
from conftest import EXAMPLE_DATA, MILESTONES_YAML, run_bif

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.no",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.no",
}


def git(root: Path, *args: str) -> str:
    import os

    result = subprocess.run(
        ["git", "-C", str(root), *args],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV},
    )
    return result.stdout


def make_repo(root: Path) -> Path:
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    return root


def numstat(root: Path) -> dict[str, tuple[int, int]]:
    """Return {path: (added, deleted)} of the working tree against HEAD, new files included."""
    git(root, "add", "-N", ".")
    stats = {}
    for line in git(root, "diff", "--numstat").splitlines():
        added, deleted, path = line.split("\t")
        stats[path] = (int(added), int(deleted))
    return stats


def added_lines(root: Path, rel: str) -> list[str]:
    diff = git(root, "diff", "-U0", "--", rel).splitlines()
    return [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]


def said(text: str) -> str:
    """Text without rich's error-box borders and line wrapping, to search messages in."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root and its bytes (outside .git and bif's parse cache)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not {".git", ".bif-cache"} & set(p.relative_to(root).parts)
    }


@pytest.fixture
def repo(make_programme: Callable[..., Path]) -> Path:
    """The minimal programme, with one milestone still open, committed to a fresh git repo."""
    milestones = MILESTONES_YAML + "  - {id: rapport, title: Rapport, due: 2017-02-01}\n"
    return make_repo(make_programme({"data/milestones.yaml": milestones}))


def bif_in(root: Path, *args: str, input: str | None = None) -> object:
    return run_bif(*args, "--root", str(root), input=input)


COMPANY_ARGS = (
    "--org-number",
    "987 654 325",
    "--region",
    "sor",
    "--municipality",
    "0541",
    "--nace",
    "10.130",
    "--market",
    "national",
)


def test_add_company_writes_a_new_readable_file(repo: Path) -> None:
    result = run_bif(
        "add-company",
        "Ærlig Øl fra Ål ASA",
        *COMPANY_ARGS,
        "--process-leader",
        "pl-nord",
        "--note",
        "Foreslått av regionrådet",
        "--root",
        str(repo),
    )
    assert result.exit_code == 0, result.output
    assert "data/companies/aerlig-ol-fra-al.yaml" in result.stdout
    written = (repo / "data/companies/aerlig-ol-fra-al.yaml").read_text(encoding="utf-8")
    assert written == (
        "# yaml-language-server: $schema=../../schemas/company.schema.json\n"
        "name: Ærlig Øl fra Ål ASA\n"
        'org_number: "987654325"\n'
        "region: sor\n"
        'municipality: "0541"\n'
        'nace: "10.130"\n'
        "market: national\n"
        "process_leader: pl-nord\n"
        "history:\n"
        "  - {date: 2016-12-31, status: identified, note: Foreslått av regionrådet}\n"
    )
    assert numstat(repo) == {"data/companies/aerlig-ol-fra-al.yaml": (10, 0)}
    check = run_bif("check", "--root", str(repo))
    assert check.exit_code == 0, check.output


def test_add_company_dry_run_prints_the_file_and_writes_nothing(repo: Path) -> None:
    before = snapshot(repo)
    result = run_bif(
        "add-company",
        "Lom Bakeri AS",
        *COMPANY_ARGS,
        "--dry-run",
        "--lang",
        "en",
        "--root",
        str(repo),
    )
    assert result.exit_code == 0, result.output
    assert "name: Lom Bakeri AS\n" in result.stdout
    assert 'org_number: "987654325"' in result.stdout
    assert "nothing was written" in said(result.stderr).lower()
    assert snapshot(repo) == before


def test_a_name_cannot_write_outside_the_companies_folder(repo: Path) -> None:
    result = run_bif("add-company", "../../etc/passwd", *COMPANY_ARGS, "--root", str(repo))
    assert result.exit_code == 0, result.output
    assert (repo / "data/companies/etc-passwd.yaml").is_file()
    assert set(numstat(repo)) == {"data/companies/etc-passwd.yaml"}


@pytest.mark.parametrize("bad_id", ["../evil", "Stor-Bokstav", "a/b", "-start", "x" * 61])
def test_a_bad_id_is_refused(repo: Path, bad_id: str) -> None:
    before = snapshot(repo)
    result = run_bif("add-company", "Navn", *COMPANY_ARGS, "--id", bad_id, "--root", str(repo))
    assert result.exit_code == 2, result.output
    assert "not a valid id" in said(result.stderr) or "outside" in result.stderr
    assert snapshot(repo) == before


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("--region", "vest"), "nord, sor"),
        (("--municipality", "0511"), "0540, 0541"),
        (("--org-number", "987654326"), "check digit"),
        (("--org-number", "12345"), "9 digits"),
        (("--nace", "A1"), "NACE"),
        (("--market", "global"), "local, regional, national, international"),
        (("--process-leader", "ola"), "pl, pl-nord"),
        (("--date", "2015-02-30"), "YYYY-MM-DD"),
    ],
)
def test_add_company_refuses_bad_values_and_says_what_is_valid(
    repo: Path, change: tuple[str, str], expected: str
) -> None:
    args = list(COMPANY_ARGS)
    if change[0] in args:
        args[args.index(change[0]) + 1] = change[1]
    else:
        args += change
    before = snapshot(repo)
    result = run_bif("add-company", "Ny Bedrift AS", *args, "--root", str(repo))
    assert result.exit_code == 2, result.output
    assert expected in said(result.stderr)
    assert "Traceback" not in result.output
    assert snapshot(repo) == before


def test_a_missing_option_without_a_terminal_is_a_usage_error_naming_it(repo: Path) -> None:
    before = snapshot(repo)
    result = run_bif(
        "add-company", "Ny Bedrift AS", "--org-number", "987654325", "--root", str(repo)
    )
    assert result.exit_code == 2, result.output
    assert "Missing option '--region'" in said(result.stderr)
    assert "nord (Nord), sor (Sør)" in said(result.stderr)
    assert snapshot(repo) == before


def test_prompts_on_a_terminal_offering_the_valid_choices(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bif_cli.cli import write

    monkeypatch.setattr(write, "stdin_is_terminal", lambda: True)
    answers = "\n".join(["987654325", "vest", "sor", "0511", "0540", "10.130", "international", ""])
    result = run_bif("add-company", "Begna Bruk AS", "--root", str(repo), input=answers + "\n")
    assert result.exit_code == 0, result.output
    assert "Region: nord (Nord), sor (Sør)" in result.stdout
    assert "Municipality: 0540 (Sør-Aurdal), 0541 (Etnedal)" in result.stdout
    assert "Process leader: pl (Prosjektleder), pl-nord (Prosessleder Nord)" in result.stdout
    assert "unknown region 'vest'" in said(result.stderr)
    text = (repo / "data/companies/begna-bruk.yaml").read_text(encoding="utf-8")
    assert 'municipality: "0540"' in text
    assert "market: international" in text
    assert "process_leader" not in text


def test_an_existing_id_or_org_number_is_refused(repo: Path) -> None:
    before = snapshot(repo)
    same_id = run_bif(
        "add-company", "Eksempel Trevare AS", *COMPANY_ARGS, "--lang", "en", "--root", str(repo)
    )
    assert same_id.exit_code == 2, same_id.output
    assert "data/companies/eksempel-trevare.yaml already exists" in said(same_id.stderr)
    args = list(COMPANY_ARGS)
    args[1] = "921588135"  # Eksempel Trevare's number
    same_org = run_bif(
        "add-company", "Annen Bedrift AS", *args, "--lang", "en", "--root", str(repo)
    )
    assert same_org.exit_code == 1, same_org.output
    assert "error[BIF202]" in same_org.stdout
    assert "nothing was written" in said(same_org.stderr)
    assert snapshot(repo) == before


def test_add_cluster(repo: Path) -> None:
    run_bif("add-company", "Dovre Laft AS", *COMPANY_ARGS, "--root", str(repo))
    result = run_bif(
        "add-cluster",
        "Trebruk i Gudbrandsdalen",
        "--region",
        "nord,sor",
        "--members",
        "eksempel-trevare, dovre-laft",
        "--facilitator",
        "pl-nord",
        "--date",
        "2016-05-01",
        "--root",
        str(repo),
    )
    assert result.exit_code == 0, result.output
    assert "warning[BIF306]" in said(result.stderr)  # fewer than three members
    text = (repo / "data/clusters/trebruk-i-gudbrandsdalen.yaml").read_text(encoding="utf-8")
    assert text == (
        "# yaml-language-server: $schema=../../schemas/cluster.schema.json\n"
        "name: Trebruk i Gudbrandsdalen\n"
        "region: [nord, sor]\n"
        "members: [eksempel-trevare, dovre-laft]\n"
        "facilitator: pl-nord\n"
        "history:\n"
        "  - {date: 2016-05-01, status: identified}\n"
    )
    assert run_bif("check", "--root", str(repo)).exit_code == 0


def test_add_cluster_refuses_unknown_members(repo: Path) -> None:
    before = snapshot(repo)
    result = run_bif(
        "add-cluster", "Klynge", "--region", "nord", "--members", "ukjent", "--root", str(repo)
    )
    assert result.exit_code == 2, result.output
    assert "unknown company 'ukjent'" in said(result.stderr)
    assert snapshot(repo) == before


def test_set_status_adds_exactly_one_line(repo: Path) -> None:
    result = run_bif(
        "set-status",
        "eksempel-trevare",
        "completed",
        "--date",
        "2016-11-30",
        "--note",
        "Avsluttet",
        "--root",
        str(repo),
    )
    # completed needs a continuation plan: refused, and nothing written
    assert result.exit_code == 1, result.output
    assert "continuation_plan" in result.stdout
    assert numstat(repo) == {}
    ok = run_bif(
        "set-status", "eksempel-trevare", "withdrawn", "--note", "Ny eier", "--root", str(repo)
    )
    assert ok.exit_code == 0, ok.output
    assert numstat(repo) == {"data/companies/eksempel-trevare.yaml": (1, 0)}
    assert added_lines(repo, "data/companies/eksempel-trevare.yaml") == [
        "  - {date: 2016-12-31, status: withdrawn, note: Ny eier}"
    ]


def test_set_status_warns_but_writes_an_exit_without_a_note(repo: Path) -> None:
    result = run_bif("set-status", "eksempel-trevare", "declined", "--root", str(repo))
    assert result.exit_code == 0, result.output
    assert "warning[BIF301]" in said(result.stderr)
    assert numstat(repo) == {"data/companies/eksempel-trevare.yaml": (1, 0)}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("ukjent", "mapped"), "eksempel-trevare"),
        (("eksempel-trevare", "established"), "identified, contacted, mapped"),
        (("eksempel-trevare", "mapped", "--date", "31.12.2016"), "YYYY-MM-DD"),
        (("eksempel-trevare", "agreement"), "already agreement"),
    ],
)
def test_set_status_refusals(repo: Path, args: tuple[str, ...], expected: str) -> None:
    before = snapshot(repo)
    result = run_bif("set-status", *args, "--lang", "en", "--root", str(repo))
    assert result.exit_code == 2, result.output
    assert expected in said(result.stderr)
    assert snapshot(repo) == before


def test_set_status_before_the_last_entry_breaks_the_order(repo: Path) -> None:
    before = snapshot(repo)
    result = run_bif(
        "set-status", "eksempel-trevare", "mapped", "--date", "2014-01-01", "--root", str(repo)
    )
    assert result.exit_code == 1, result.output
    assert "error[" in result.stdout
    assert snapshot(repo) == before


def test_set_status_keeps_comments_and_places_the_entry_before_a_section_comment(
    make_programme: Callable[..., Path],
) -> None:
    from conftest import COMPANY_YAML

    text = COMPANY_YAML.replace(
        "  - {date: 2014-03-05, status: agreement}\n",
        "  - {date: 2014-03-05, status: agreement}  # avtale signert\n"
        "# Tiltak (bevilget av styret)\n",
    ).replace('nace: "16.230"', "nace: '16.230'     # SN2007")
    root = make_repo(make_programme({"data/companies/eksempel-trevare.yaml": text}))
    result = run_bif("set-status", "eksempel-trevare", "completed", "--root", str(root))
    assert result.exit_code == 1  # no continuation plan yet
    result = run_bif(
        "set-status", "eksempel-trevare", "withdrawn", "--note", "x", "--root", str(root)
    )
    assert result.exit_code == 0, result.output
    assert numstat(root) == {"data/companies/eksempel-trevare.yaml": (1, 0)}
    after = (root / "data/companies/eksempel-trevare.yaml").read_text(encoding="utf-8")
    assert (
        "  - {date: 2014-03-05, status: agreement}  # avtale signert\n"
        "  - {date: 2016-12-31, status: withdrawn, note: x}\n"
        "# Tiltak (bevilget av styret)\n"
        "measures:\n"
    ) in after


def test_set_status_keeps_crlf_line_endings(make_programme: Callable[..., Path]) -> None:
    from conftest import COMPANY_YAML

    root = make_programme(
        {"data/companies/eksempel-trevare.yaml": COMPANY_YAML.replace("\n", "\r\n").encode()}
    )
    before = (root / "data/companies/eksempel-trevare.yaml").read_bytes()
    result = run_bif(
        "set-status", "eksempel-trevare", "withdrawn", "--note", "x", "--root", str(root)
    )
    assert result.exit_code == 0, result.output
    after = (root / "data/companies/eksempel-trevare.yaml").read_bytes()
    insert_at = before.index(b"measures:")
    line = b"  - {date: 2016-12-31, status: withdrawn, note: x}\r\n"
    assert after == before[:insert_at] + line + before[insert_at:]


def test_add_measure_to_a_company(repo: Path) -> None:
    result = run_bif(
        "add-measure",
        "eksempel-trevare",
        "--title",
        "Lederutvikling for ledergruppen",
        "--kind",
        "leadership",
        "--area",
        "B",
        "--granted",
        "150 000",
        "--granted-on",
        "2015-01-10",
        "--start",
        "2015-02-01",
        "--partner",
        "Høgskolen i Lillehammer",
        "--root",
        str(repo),
    )
    assert result.exit_code == 0, result.output
    assert numstat(repo) == {"data/companies/eksempel-trevare.yaml": (8, 0)}
    assert added_lines(repo, "data/companies/eksempel-trevare.yaml") == [
        "  - id: lederutvikling-for-ledergruppen",
        "    title: Lederutvikling for ledergruppen",
        "    kind: leadership",
        "    area: B",
        "    partner: Høgskolen i Lillehammer",
        "    granted: 150000",
        "    granted_on: 2015-01-10",
        "    start: 2015-02-01",
    ]
    assert run_bif("check", "--root", str(repo)).exit_code == 0


def test_add_measure_to_programme_costs_and_over_the_allocation(repo: Path) -> None:
    over = run_bif(
        "add-measure",
        "costs",
        "--title",
        "Prosessleder 2015",
        "--kind",
        "staff",
        "--area",
        "A",
        "--granted",
        "200000",
        "--root",
        str(repo),
    )
    assert over.exit_code == 1, over.output
    assert "error[" in over.stdout
    assert numstat(repo) == {}
    ok = run_bif(
        "add-measure",
        "costs",
        "--title",
        "Prosessleder 2015",
        "--kind",
        "staff",
        "--area",
        "A",
        "--granted",
        "100000",
        "--granted-on",
        "2015-01-01",
        "--id",
        "pl-2015",
        "--root",
        str(repo),
    )
    assert ok.exit_code == 0, ok.output
    assert numstat(repo) == {"data/budget.yaml": (6, 0)}
    assert added_lines(repo, "data/budget.yaml")[0] == "  - id: pl-2015"


@pytest.mark.parametrize(
    ("args", "code", "expected"),
    [
        (("--kind", "fou"), 2, "rnd, competence, leadership"),
        (("--area", "Z"), 2, "A, B"),
        (("--granted", "12,5"), 2, "whole kroner"),
        (("--granted-on", "2015-13-01"), 2, "YYYY-MM-DD"),
        (("--id", "fou"), 2, "already has a measure 'fou'"),
    ],
)
def test_add_measure_refusals(repo: Path, args: tuple[str, str], code: int, expected: str) -> None:
    base = {"--title": "Nytt tiltak", "--kind": "rnd", "--area": "B", "--granted": "1000"}
    base[args[0]] = args[1]
    flat = [part for pair in base.items() for part in pair]
    before = snapshot(repo)
    result = run_bif("add-measure", "eksempel-trevare", *flat, "--lang", "en", "--root", str(repo))
    assert result.exit_code == code, result.output
    assert expected in said(result.stderr)
    assert snapshot(repo) == before


def test_add_measure_to_an_unknown_owner_lists_the_owners(repo: Path) -> None:
    result = run_bif(
        "add-measure", "ukjent", "--title", "T", "--kind", "rnd", "--area", "B",
        "--granted", "1", "--root", str(repo),
    )  # fmt: skip
    assert result.exit_code == 2
    assert "eksempel-trevare, costs" in said(result.stderr)


def test_add_payment_block_and_flow_lists(repo: Path) -> None:
    result = run_bif(
        "add-payment", "eksempel-trevare", "fou", "50 000", "--date", "2015-06-30",
        "--root", str(repo),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert added_lines(repo, "data/companies/eksempel-trevare.yaml") == [
        "      - {date: 2015-06-30, amount: 50000}"
    ]
    result = run_bif("add-payment", "costs", "prossessleder", "1", "--root", str(repo))
    assert result.exit_code == 2
    assert "prosessleder" in said(result.stderr)
    result = run_bif(
        "add-payment", "costs", "prosessleder", "100000", "--date", "2014-06-30",
        "--root", str(repo),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    # budget.yaml keeps its one-line payments list: one line changed
    assert numstat(repo)["data/budget.yaml"] == (1, 1)
    assert added_lines(repo, "data/budget.yaml") == [
        "    payments: [{date: 2014-03-31, amount: 100000}, {date: 2014-06-30, amount: 100000}]"
    ]


def test_add_payment_above_the_grant_is_refused(repo: Path) -> None:
    before = snapshot(repo)
    result = run_bif("add-payment", "eksempel-trevare", "fou", "150001", "--root", str(repo))
    assert result.exit_code == 1, result.output
    assert "error[BIF209]" in result.stdout
    assert snapshot(repo) == before


def test_milestone_done(repo: Path) -> None:
    result = run_bif("milestone-done", "rapport", "--date", "2017-01-20", "--root", str(repo))
    assert result.exit_code == 0, result.output
    assert added_lines(repo, "data/milestones.yaml") == [
        "  - {id: rapport, title: Rapport, due: 2017-02-01, done: 2017-01-20}"
    ]
    again = run_bif("milestone-done", "rapport", "--lang", "en", "--root", str(repo))
    assert again.exit_code == 2
    assert "already done (2017-01-20)" in said(again.stderr)
    unknown = run_bif("milestone-done", "ukjent", "--root", str(repo))
    assert unknown.exit_code == 2
    assert "start, slutt, rapport" in said(unknown.stderr)


def test_a_broken_file_is_not_edited(make_programme: Callable[..., Path]) -> None:
    from conftest import COMPANY_YAML

    root = make_programme({"data/companies/eksempel-trevare.yaml": COMPANY_YAML + "name: Dobbel\n"})
    before = snapshot(root)
    result = run_bif(
        "set-status", "eksempel-trevare", "withdrawn", "--lang", "en", "--root", str(root)
    )
    assert result.exit_code == 1, result.output
    assert "error[BIF005]" in result.stdout
    assert "fix them first" in said(result.stderr)
    assert snapshot(root) == before


@pytest.mark.parametrize(
    "path", sorted(p.relative_to(EXAMPLE_DATA).as_posix() for p in EXAMPLE_DATA.rglob("*.yaml"))
)
def test_the_editor_keeps_every_example_file_byte_for_byte(path: str) -> None:
    raw = (EXAMPLE_DATA / path).read_bytes()
    document = Document(raw, path)
    assert document.keeps_layout
    assert document.dump() == raw


def test_keeping_the_example_programme_up_to_date_keeps_it_clean(
    example_programme: Path,
) -> None:
    root = make_repo(example_programme)
    steps = [
        ("add-company", "Ærlig Øl fra Ål ASA", "--org-number", "987654325", "--region",
         "valdres", "--municipality", "0545", "--nace", "11.050", "--market", "national",
         "--process-leader", "pl-valdres", "--date", "2016-10-01"),
        ("set-status", "aerlig-ol-fra-al", "contacted", "--date", "2016-10-03"),
        ("set-status", "aerlig-ol-fra-al", "mapped", "--date", "2016-10-05"),
        ("set-status", "aerlig-ol-fra-al", "agreement", "--date", "2016-10-07"),
        ("add-measure", "aerlig-ol-fra-al", "--title", "Kompetanseheving i brygging",
         "--kind", "competence", "--area", "B", "--granted", "50 000", "--granted-on",
         "2016-10-10", "--start", "2016-10-15", "--end", "2016-12-15"),
        ("add-payment", "aerlig-ol-fra-al", "kompetanseheving-i-brygging", "50000",
         "--date", "2016-12-20"),
        ("add-payment", "costs", "folgeevaluering", "0", "--date", "2016-12-30"),
    ]  # fmt: skip
    for step in steps:
        result = run_bif(*step, "--root", str(root))
        assert result.exit_code == 0, (step, result.output)
        check = run_bif("check", "--root", str(root), "--format", "json")
        assert '"errors": 0' in check.stdout, (step, check.stdout)
    stats = numstat(root)
    assert stats["data/companies/aerlig-ol-fra-al.yaml"][1] == 0
    assert stats["data/budget.yaml"] == (1, 0)


def test_completed_with_a_continuation_plan(repo: Path) -> None:
    result = run_bif(
        "set-status",
        "eksempel-trevare",
        "completed",
        "--date",
        "2016-11-30",
        "--continuation-plan",
        "Bedriften fortsetter FoU-arbeidet med egne midler",
        "--root",
        str(repo),
    )
    assert result.exit_code == 0, result.output
    assert numstat(repo) == {"data/companies/eksempel-trevare.yaml": (2, 0)}
    assert added_lines(repo, "data/companies/eksempel-trevare.yaml") == [
        "  - {date: 2016-11-30, status: completed}",
        "continuation_plan: Bedriften fortsetter FoU-arbeidet med egne midler",
    ]
    assert run_bif("check", "--root", str(repo)).exit_code == 0
