"""`bif diff` on a real git repository: every kind of change, in text, Markdown and JSON."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import assert_golden, build_tree, run_bif

_GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.no",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.no",
    "GIT_AUTHOR_DATE": "2016-12-01T12:00:00+01:00",
    "GIT_COMMITTER_DATE": "2016-12-01T12:00:00+01:00",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    """Run git in repo with a pinned identity and dates, so commit ids are the same every run."""
    done = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=repo,
        env={**os.environ, **_GIT_ENV},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def commit(repo: Path, files: dict[str, str | bytes | None], message: str) -> str:
    """Write files (None deletes), commit everything, and return the commit id."""
    build_tree(repo, files)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)
    return git(repo, "rev-parse", "HEAD")


PROGRAM = """\
name: Difftesten
owner: Test fylkeskommune
responsible: Innovasjon Norge Test
period: {start: 2014-01-01, end: 2016-12-31}
regions:
  - id: nord
    name: Nord
    municipalities: {"0511": Dovre, "0517": Sel}
  - id: sor
    name: Sør
    municipalities: {"0540": Sør-Aurdal, "0541": Etnedal}
people:
  - {id: pl, name: Prosjektleder, role: project_leader}
  - {id: pl-nord, name: Prosessleder Nord, role: process_leader}
"""

BUDGET = """\
frame: 1000000
funding:
  - {source: Fylkeskommunen, amount: 1000000}
areas:
  - {id: A, name: Mobilisering, allocation: 400000}
  - {id: B, name: FoU, allocation: 600000}
costs:
  - id: prosessleder
    title: Prosessleder
    kind: staff
    area: A
    granted: 300000
    granted_on: 2014-01-01
    payments: [{date: 2014-03-31, amount: 100000}]
"""

MILESTONES = """\
milestones:
  - {id: start, title: Oppstart, due: 2014-01-01, done: 2014-01-01}
  - {id: midtveis, title: Midtveisevaluering, due: 2015-06-30}
  - {id: slutt, title: Sluttrapport, due: 2016-12-31}
"""

TREVARE = """\
name: Trevare AS
org_number: "921588135"
region: nord
municipality: "0517"
nace: "16.230"
market: international
process_leader: pl-nord
history:
  - {date: 2014-01-20, status: identified}
  - {date: 2014-03-05, status: agreement}
measures:
  - id: fou
    title: FoU-prosjekt
    kind: rnd
    area: B
    granted: 250000
    granted_on: 2014-03-20
    start: 2014-04-01
    payments: [{date: 2014-06-30, amount: 100000}]
  - id: kurs
    title: Kurs i eksport
    kind: competence
    area: A
    granted: 50000
    granted_on: 2014-04-01
    payments: [{date: 2014-05-31, amount: 20000}]
  - id: messe
    title: Messedeltakelse
    kind: other
    area: A
    granted: 10000
    granted_on: 2014-04-01
"""

BAKERI = """\
name: Bakeri & Konditori <Sel>
org_number: "974760673"
region: nord
municipality: "0511"
nace: "10.710"
market: national
history:
  - {date: 2014-02-01, status: identified}
"""

GAMMEL = """\
name: Gammel Bedrift AS
org_number: "982463718"
region: sor
municipality: "0540"
nace: "25.620"
market: national
history:
  - {date: 2014-02-01, status: identified}
"""

FISKERI = """\
name: Fiskeri | Sør
org_number: "987654325"
region: sor
municipality: "0541"
nace: "10.200"
market: regional
process_leader: pl-sor
history:
  - {date: 2015-01-10, status: identified}
  - {date: 2015-02-01, status: agreement}
measures:
  - id: ny-linje
    title: Ny produksjonslinje
    kind: rnd
    area: B
    granted: 120000
    granted_on: 2015-02-10
"""

KLYNGE = """\
name: Treklyngen
region: nord
members: [trevare, bakeri]
history:
  - {date: 2014-05-01, status: identified}
"""

BASE_FILES: dict[str, str | bytes | None] = {
    "data/program.yaml": PROGRAM,
    "data/budget.yaml": BUDGET,
    "data/milestones.yaml": MILESTONES,
    "data/companies/trevare.yaml": TREVARE,
    "data/companies/bakeri.yaml": BAKERI,
    "data/companies/gammel.yaml": GAMMEL,
    "data/clusters/treklyngen.yaml": KLYNGE,
}


def _edit(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


# Every kind of change a reviewer should see, made on a branch.
HEAD_FILES: dict[str, str | bytes | None] = {
    "data/program.yaml": _edit(
        PROGRAM,
        ('"0541": Etnedal}', '"0541": Etnedal, "0542": Nord-Aurdal}'),
        (
            "role: process_leader}\n",
            "role: process_leader}\n"
            "  - {id: pl-sor, name: Prosessleder Sør, role: process_leader}\n",
        ),
    ),
    "data/budget.yaml": _edit(
        BUDGET,
        ("frame: 1000000", "frame: 1 200 000"),
        ("allocation: 600000", "allocation: 800 000"),
        ("amount: 1000000}", "amount: 1000000}\n  - {source: Kommunene, amount: 200000}"),
        ("amount: 100000}]", "amount: 100000}, {date: 2014-06-30, amount: 100000}]"),
    ),
    "data/milestones.yaml": _edit(
        MILESTONES,
        ("due: 2015-06-30}", "due: 2015-06-30, done: 2015-07-15}"),
        ("due: 2016-12-31}", "due: 2017-01-31}"),
        ("Sluttrapport", "Sluttrapport levert"),
    )
    + "  - {id: evaluering, title: Sluttevaluering, due: 2017-03-31}\n",
    "data/companies/trevare.yaml": _edit(
        TREVARE,
        (
            "status: agreement}\n",
            "status: agreement}\n  - {date: 2016-12-01, status: completed}\n",
        ),
        ("granted: 250000", "granted: 300000"),
        ("amount: 100000}]", "amount: 100000}, {date: 2016-06-30, amount: 150000}]"),
        (
            "granted_on: 2014-04-01\n    payments",
            "granted_on: 2014-04-01\n    cancelled_on: 2014-09-01\n    payments",
        ),
        (
            "  - id: messe\n    title: Messedeltakelse\n    kind: other\n    area: A\n"
            "    granted: 10000\n    granted_on: 2014-04-01\n",
            "  - {id: nettbutikk, title: Nettbutikk, kind: digital, area: B, granted: 80000, "
            "granted_on: 2016-02-01}\n",
        ),
    )
    + "continuation_plan: Eksportsatsingen drives videre av bedriften.\n",
    "data/companies/bakeri.yaml": _edit(
        BAKERI,
        ("market: national\n", "market: national\nprocess_leader: pl-nord\n"),
        (
            "status: identified}\n",
            "status: identified}\n  - {date: 2014-03-01, status: contacted, note: Møte med "
            "daglig leder}\n  - {date: 2014-04-10, status: agreement}\nmeasures:\n"
            "  - {id: kurs, title: Kurs, kind: competence, area: Z, granted: 40000, "
            "granted_on: 2014-05-01}\n",
        ),
    ),
    "data/companies/gammel.yaml": None,
    "data/companies/fiskeri.yaml": FISKERI,
    "data/clusters/treklyngen.yaml": _edit(
        KLYNGE,
        ("[trevare, bakeri]", "[trevare, bakeri, fiskeri]"),
        (
            "status: identified}\n",
            "status: identified}\n  - {date: 2015-03-01, status: established}\n",
        ),
    ),
}


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    """A repository: main with the base programme, then a feature branch with every change.

    main moves on after the branch is made; that change must not show in the default diff.
    """
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    commit(repo, BASE_FILES, "Base programme")
    git(repo, "checkout", "-q", "-b", "feature")
    commit(repo, HEAD_FILES, "Every kind of change")
    git(repo, "checkout", "-q", "main")
    commit(repo, {"data/companies/senere.yaml": GAMMEL}, "A later change on main")
    git(repo, "checkout", "-q", "feature")
    return repo


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_markdown_matches_golden(scenario: Path, update_golden: bool, lang: str) -> None:
    # Bokmål by default (issue #13); the English golden is the one from before.
    result = run_bif("diff", "--format", "md", "--lang", lang, cwd=scenario)
    assert result.exit_code == 0, result.output
    name = "diff/scenario.md" if lang == "en" else "diff/scenario-nb.md"
    assert_golden(name, result.stdout, update_golden)


def test_json_matches_golden(scenario: Path, update_golden: bool) -> None:
    result = run_bif("diff", "--format", "json", "--lang", "en", cwd=scenario)
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)
    assert_golden("diff/scenario.json", result.stdout, update_golden)


def test_every_kind_of_change_is_described(scenario: Path) -> None:
    report = json.loads(run_bif("diff", "--format", "json", cwd=scenario).stdout)
    kinds = {(c["section"], c["kind"]) for c in report["changes"]}
    expected = {
        ("program", "region_changed"),
        ("program", "person_added"),
        ("budget", "frame"),
        ("budget", "allocation"),
        ("budget", "funding_added"),
        ("budget", "payment_added"),
        ("milestones", "milestone_added"),
        ("milestones", "milestone_moved"),
        ("milestones", "milestone_done"),
        ("milestones", "milestone_changed"),
        ("companies", "company_added"),
        ("companies", "company_removed"),
        ("companies", "company_changed"),
        ("companies", "status"),
        ("companies", "measure_added"),
        ("companies", "measure_changed"),
        ("companies", "measure_cancelled"),
        ("companies", "measure_removed"),
        ("companies", "payment_added"),
        ("clusters", "member_added"),
        ("clusters", "status"),
    }
    assert expected <= kinds, expected - kinds
    texts = [c["text"] for c in report["changes"]]
    assert "status: agreement → completed on 2016-12-01" in texts
    assert "status: identified → contacted on 2014-03-01 (Møte med daglig leder)" in texts
    assert "measure 'fou' granted: 250 000 kr → 300 000 kr (+50 000 kr)" in texts
    assert "measure 'kurs' cancelled on 2014-09-01, releasing 30 000 kr not paid" in texts
    assert "milestone 'slutt' moved 31 days later: due 2016-12-31 → 2017-01-31" in texts
    assert "frame: 1 000 000 kr → 1 200 000 kr (+200 000 kr)" in texts
    assert "area B (FoU) allocation: 600 000 kr → 800 000 kr (+200 000 kr)" in texts
    # The later commit on main is not part of this branch's change.
    assert not any("senere" in c["path"] for c in report["changes"])


def test_problems_introduced_and_fixed(scenario: Path) -> None:
    report = json.loads(run_bif("diff", "--format", "json", cwd=scenario).stdout)
    introduced = {(p["path"], p["code"]) for p in report["problems"]["introduced"]}
    fixed = {(p["path"], p["code"]) for p in report["problems"]["fixed"]}
    assert ("data/companies/bakeri.yaml", "BIF204") in introduced  # area Z is unknown
    assert ("data/companies/fiskeri.yaml", "BIF303") in introduced  # a regional market
    assert ("data/milestones.yaml", "BIF309") in fixed  # midtveis is done now
    assert ("data/clusters/treklyngen.yaml", "BIF306") in fixed  # three members now
    assert report["summary"]["errors"] == {"base": 0, "head": 1}


def test_text_format_reads_as_sentences_in_bokmal_by_default(scenario: Path) -> None:
    lines = run_bif("diff", cwd=scenario).stdout.splitlines()
    assert lines[0].startswith("bif diff: avgreiningen fra main (")
    assert lines[0].endswith(") → arbeidskopien")
    assert "  bedrift trevare (Trevare AS) — data/companies/trevare.yaml" in lines
    assert "    + status: avtale inngått → avsluttet 01.12.2016" in lines
    assert "    - bedrift fjernet: Gammel Bedrift AS, identifisert siden 01.02.2014" in lines
    assert "Nye problemer i bif check (2)" in lines
    english = [w for w in ("agreement", "company removed", "Check problems") if w in str(lines)]
    assert english == []


def test_text_format_reads_as_sentences(scenario: Path) -> None:
    result = run_bif("diff", "--lang", "en", cwd=scenario)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("bif diff: merge-base with main (")
    assert lines[0].endswith(") → working tree")
    assert "  company trevare (Trevare AS) — data/companies/trevare.yaml" in lines
    assert "    + status: agreement → completed on 2016-12-01" in lines
    assert "    - company removed: Gammel Bedrift AS, identified since 2014-02-01" in lines
    assert "Check problems introduced (2)" in lines
    assert any(
        line.startswith("  data/companies/bakeri.yaml:") and "error[BIF204]" in line
        for line in lines
    )


def test_markdown_escapes_names_from_the_data(scenario: Path) -> None:
    md = run_bif("diff", "--format", "md", cwd=scenario).stdout
    # One escaper for every Markdown value: CommonMark backslash escapes, which GitHub renders
    # as the plain characters and never as HTML.
    assert "<Sel>" not in md and "\\<Sel\\>" in md
    assert "Bakeri & Konditori" in md
    assert "Fiskeri \\| Sør" in md
    for line in md.splitlines():
        if line.startswith("  - ") or line.startswith("- "):
            assert "|" not in line.replace("\\|", ""), line


def test_json_is_the_library_result(scenario: Path) -> None:
    from bif_cli.clock import today
    from bif_cli.io.diffsides import diff_report, load_sides

    shown = json.loads(run_bif("diff", "--format", "json", cwd=scenario).stdout)
    base, head = load_sides(scenario, None, None, today())
    assert shown == json.loads(json.dumps(diff_report(base, head, today(), "nb")))
