"""`bif report quarterly`: content as of the quarter's end, formats, files, escaping and errors."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from bif_cli.domain.quarter import Quarter
from bif_cli.io.check import check_programme
from bif_cli.outputs.report import build_report
from conftest import REPO_ROOT, assert_golden, run_bif

# A small programme whose facts sit on the edges of Q2-2014 (1 April to 30 June 2014).
FJELLMAT = """\
name: Fjellmat Sør AS
org_number: "910000004"
region: sor
municipality: "0541"
nace: "10.130"
market: national
process_leader: pl-nord
history:
  - {date: 2014-02-01, status: identified}
  - {date: 2014-04-01, status: contacted, note: Første møte}
  - {date: 2014-05-05, status: mapped}
  - {date: 2014-06-30, status: agreement}
measures:
  - id: kurs
    title: Kurs i mattrygghet
    kind: competence
    area: B
    partner: Høgskolen
    granted: 100000
    granted_on: 2014-06-30
    start: 2014-07-01
    end: 2015-06-30
    payments:
      - {date: 2014-07-01, amount: 50000}
"""

SAGBRUK = """\
name: Sagbruket på Bakken AS
org_number: "910000012"
region: nord
municipality: "0511"
nace: "16.100"
market: international
history:
  - {date: 2014-01-10, status: identified}
  - {date: 2014-07-01, status: declined, note: Ingen kapasitet}
"""

CLUSTER = """\
name: Tre og mat
region: [nord, sor]
members: [eksempel-trevare, fjellmat, sagbruk]
history:
  - {date: 2014-04-01, status: identified}
  - {date: 2014-07-01, status: established}
"""

MILESTONES = """\
milestones:
  - {id: start, title: Oppstart, due: 2014-01-01, done: 2014-01-01}
  - {id: rekruttering, title: Bedrifter rekruttert, due: 2014-06-01, done: 2014-06-15}
  - {id: plan, title: Handlingsplan vedtatt, due: 2014-05-31}
  - {id: midtveis, title: Midtveisevaluering, due: 2014-09-30, done: 2014-09-29}
  - {id: slutt, title: Sluttrapport, due: 2016-12-31, done: 2016-12-20}
"""

NARRATIVE = """\
## Status og framdrift

Fjellmat Sør inngikk avtale **siste dag** i kvartalet.

## Avvik

Handlingsplanen er forsinket.
"""

REPORT_FILES: dict[str, str | bytes | None] = {
    "data/companies/fjellmat.yaml": FJELLMAT,
    "data/companies/sagbruk.yaml": SAGBRUK,
    "data/clusters/tre-og-mat.yaml": CLUSTER,
    "data/milestones.yaml": MILESTONES,
    "data/reports/2014-Q2.md": NARRATIVE,
}


@pytest.fixture
def programme(make_programme: Callable[..., Path]) -> Path:
    return make_programme(REPORT_FILES)


def context(root: Path, quarter: Quarter) -> dict:  # type: ignore[type-arg]
    programme, problems = check_programme(root, quarter.last_day)
    assert not [p for p in problems if p.is_error], problems
    return build_report(programme, quarter, problems, None)


def summary(ctx: dict) -> dict[str, tuple[int, int]]:  # type: ignore[type-arg]
    return {row["key"]: (row["value"], row["change"]) for row in ctx["summary"]["counts"]}


# --- golden files -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden(programme: Path, fmt: str, lang: str, update_golden: bool) -> None:
    result = run_bif(
        "report", "quarterly", "Q2-2014", "--format", fmt, "--lang", lang, "--root", str(programme)
    )
    assert result.exit_code == 0, result.output
    assert_golden(f"quarterly-{lang}.{fmt}", result.stdout, update_golden)


def test_output_is_deterministic_byte_for_byte(programme: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    assert (
        run_bif(
            "report", "quarterly", "Q2-2014", "-o", str(first), "--root", str(programme)
        ).exit_code
        == 0
    )
    # A different "today" must not change a report about the past.
    other_day = {"BIF_TODAY": "2020-01-01"}
    assert (
        run_bif(
            "report",
            "quarterly",
            "Q2-2014",
            "-o",
            str(second),
            "--root",
            str(programme),
            env=other_day,
        ).exit_code
        == 0
    )
    assert first.read_bytes() == second.read_bytes()


# --- as of the quarter's end ----------------------------------------------------------------


def test_every_figure_is_as_of_the_last_day_of_the_quarter(programme: Path) -> None:
    q2, q3 = context(programme, Quarter(2014, 2)), context(programme, Quarter(2014, 3))

    # Agreement dated 30 June counts in Q2; the start on 1 July does not make Q2's main goal.
    assert summary(q2)["active"] == (2, 1)
    assert summary(q2)["recruited_ever"] == (2, 1)
    assert summary(q2)["main_goal_companies"] == (1, 1)
    assert summary(q3)["main_goal_companies"] == (2, 1)
    assert summary(q2)["in_pipeline"] == (3, 0)
    # The cluster is established on 1 July: Q3, not Q2.
    assert summary(q2)["clusters_established"] == (0, 0)
    assert summary(q3)["clusters_established"] == (1, 1)

    # A grant dated 30 June is committed in Q2; the payment dated 1 July shows only from Q3.
    area_b = {a["id"]: a for a in q2["budget"]["areas"]}["B"]
    assert (area_b["committed"], area_b["paid"], area_b["paid_quarter"]) == (350000, 100000, 100000)
    area_b3 = {a["id"]: a for a in q3["budget"]["areas"]}["B"]
    assert (area_b3["committed"], area_b3["paid"], area_b3["paid_quarter"]) == (
        350000,
        150000,
        50000,
    )
    area_a = {a["id"]: a for a in q2["budget"]["areas"]}["A"]
    assert (area_a["paid"], area_a["paid_quarter"]) == (100000, 0)  # paid 31 March: Q1
    assert q2["summary"]["paid"] == 200000 and q2["summary"]["paid_change"] == 100000
    assert q2["budget"]["totals"]["remaining"] == 1000000 - 650000

    # Measures: the FoU project starts 1 April (Q2); the course starts 1 July (Q3).
    assert [m["id"] for m in q2["measures"]["started"]] == ["fou"]
    assert [m["id"] for m in q3["measures"]["started"]] == ["kurs"]
    assert [m["id"] for m in q2["measures"]["granted"]] == ["kurs"]

    # Moves in the quarter: 1 April and 30 June are both inside Q2; 1 July is Q3's.
    assert [(m["date"].isoformat(), m["to"]) for m in q2["recruitment"]["moves"]] == [
        ("2014-04-01", "contacted"),
        ("2014-05-05", "mapped"),
        ("2014-06-30", "agreement"),
    ]
    assert [m["to"] for m in q3["recruitment"]["moves"]] == ["declined"]
    assert q2["recruitment"]["exited"] == 0 and q3["recruitment"]["exited"] == 1

    # Milestones: done in Q2, overdue at the end of Q2, due in Q3.
    assert [m["id"] for m in q2["milestones"]["done"]] == ["rekruttering"]
    assert [m["id"] for m in q2["milestones"]["overdue"]] == ["plan"]
    assert [m["id"] for m in q2["milestones"]["next"]] == ["midtveis"]
    assert [m["id"] for m in q3["milestones"]["done"]] == ["midtveis"]

    # Clusters show their status at the quarter's end.
    assert [(c["name"], c["status"]) for c in q2["clusters"]] == [("Tre og mat", "identified")]


def test_the_printed_report_shows_the_same_figures(programme: Path) -> None:
    q2 = run_bif("report", "quarterly", "Q2-2014", "--root", str(programme)).stdout
    q3 = run_bif("report", "quarterly", "Q3-2014", "--root", str(programme)).stdout
    budget_row = re.compile(r"^\| B: FoU \| (.* kr .*) \|$", re.MULTILINE)
    assert budget_row.search(q2)[1].split(" | ")[:4] == [  # type: ignore[index]
        "600 000 kr",
        "350 000 kr",
        "100 000 kr",
        "100 000 kr",
    ]
    assert budget_row.search(q3)[1].split(" | ")[:4] == [  # type: ignore[index]
        "600 000 kr",
        "350 000 kr",
        "150 000 kr",
        "50 000 kr",
    ]
    assert "01.04.2014–30.06.2014" in q2
    assert "Alle tall viser programmet slik det sto 30.06.2014." in q2


# --- narrative and data quality --------------------------------------------------------------


def test_narrative_sections_sit_under_the_narrative_heading(programme: Path) -> None:
    md = run_bif("report", "quarterly", "Q2-2014", "--root", str(programme)).stdout
    narrative = md.split("## 9. ")[1].split("## 10. ")[0]
    assert "### Status og framdrift" in narrative and "### Avvik" in narrative
    html = run_bif("report", "quarterly", "Q2-2014", "--format", "html", "--root", str(programme))
    assert "<h3>Status og framdrift</h3>" in html.stdout
    assert "<strong>siste dag</strong>" in html.stdout


def test_missing_narrative_makes_a_draft_and_the_terminal_says_why(programme: Path) -> None:
    result = run_bif("report", "quarterly", "Q3-2014", "--root", str(programme))
    assert result.exit_code == 0
    assert "Det er ikke skrevet noen kommentar for denne perioden" in result.stdout
    assert result.stdout.startswith("# Utkast: Kvartalsrapport Q3-2014")
    assert result.stdout.rstrip().endswith("*Utkast*")
    # The path is for the terminal, not for the owner's report.
    assert "data/reports/2014-Q3.md" not in result.stdout
    assert "rapporten er merket som utkast" in result.stderr
    assert "skriv data/reports/2014-Q3.md" in result.stderr


def test_final_refuses_a_draft_and_strict_refuses_warnings(programme: Path) -> None:
    draft = run_bif("report", "quarterly", "Q3-2014", "--final", "--root", str(programme))
    assert draft.exit_code == 1 and draft.stdout == ""
    assert "ikke laget: med --final" in draft.stderr and "data/reports/2014-Q3.md" in draft.stderr
    # Q2-2014 has its narrative: final, even though bif check warns (an overdue milestone) ...
    final = run_bif("report", "quarterly", "Q2-2014", "--final", "--root", str(programme))
    assert final.exit_code == 0 and "Utkast" not in final.stdout
    assert "BIF309" in final.stderr
    # ... but not with --strict.
    strict = run_bif(
        "report", "quarterly", "Q2-2014", "--final", "--strict", "--root", str(programme)
    )
    assert strict.exit_code == 1 and strict.stdout == ""
    assert "--strict" in strict.stderr


def test_warnings_go_to_the_terminal_not_into_the_report(programme: Path) -> None:
    result = run_bif("report", "quarterly", "Q2-2014", "--root", str(programme))
    # The milestone `plan` is overdue on 30.06.2014, so `bif check` on that day warns about it.
    assert "data/milestones.yaml:4:" in result.stderr and "BIF309" in result.stderr
    assert "BIF309" not in result.stdout and "data/" not in result.stdout


def test_errors_stop_the_report(make_programme: Callable[..., Path]) -> None:
    broken = FJELLMAT.replace('org_number: "910000004"', 'org_number: "910000005"')
    root = make_programme({**REPORT_FILES, "data/companies/fjellmat.yaml": broken})
    result = run_bif("report", "quarterly", "Q2-2014", "--lang", "en", "--root", str(root))
    assert result.exit_code == 1
    assert "data/companies/fjellmat.yaml:2:13: error[BIF106]" in result.stdout
    assert "fix them" in result.stderr
    assert "Kvartalsrapport" not in result.stdout


def test_a_narrative_that_is_not_utf8_is_a_located_error(
    make_programme: Callable[..., Path],
) -> None:
    root = make_programme(
        {**REPORT_FILES, "data/reports/2014-Q2.md": "Avvik: ingen\nBl\xe5 bok".encode("latin-1")}
    )
    result = run_bif("report", "quarterly", "Q2-2014", "--root", str(root))
    assert result.exit_code == 1
    assert "data/reports/2014-Q2.md:2:3: error[BIF002]" in result.stdout


# --- the quarter's range ---------------------------------------------------------------------


@pytest.mark.parametrize("quarter", ["Q4-2013", "Q3-2017", "2030Q1"])
def test_quarters_outside_the_programme_are_usage_errors(programme: Path, quarter: str) -> None:
    result = run_bif("report", "quarterly", quarter, "--root", str(programme))
    assert result.exit_code == 2
    assert "from Q1-2014 to Q2-2017" in result.stderr
    assert result.stdout == ""


def test_the_range_runs_from_the_first_milestone_to_the_final_report(
    example_programme: Path,
) -> None:
    # Bedriftene i fokus: the mandate was adopted 20.09.2013, the final report is due 01.05.2017.
    for quarter in ("Q3-2013", "Q2-2017"):
        assert (
            run_bif("report", "quarterly", quarter, "--root", str(example_programme)).exit_code == 0
        )
    result = run_bif("report", "quarterly", "Q3-2017", "--root", str(example_programme))
    assert result.exit_code == 2 and "from Q3-2013 to Q2-2017" in result.stderr


# --- files and formats ---------------------------------------------------------------------


def test_o_writes_the_file_and_nothing_to_stdout(programme: Path, tmp_path: Path) -> None:
    out = tmp_path / "rapport.md"
    out.write_text("old contents", encoding="utf-8")
    result = run_bif("report", "quarterly", "2014-Q2", "-o", str(out), "--root", str(programme))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("# Kvartalsrapport Q2-2014")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_the_format_follows_the_suffix_of_o(programme: Path, tmp_path: Path) -> None:
    out = tmp_path / "q2.html"
    assert (
        run_bif("report", "quarterly", "2014Q2", "-o", str(out), "--root", str(programme)).exit_code
        == 0
    )
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_o_into_a_missing_folder_is_a_usage_error(programme: Path, tmp_path: Path) -> None:
    out = tmp_path / "nowhere" / "q2.md"
    result = run_bif("report", "quarterly", "Q2-2014", "-o", str(out), "--root", str(programme))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert not out.parent.exists()


def test_the_html_page_is_self_contained(programme: Path) -> None:
    html = run_bif(
        "report", "quarterly", "Q2-2014", "--format", "html", "--root", str(programme)
    ).stdout
    assert re.search(r"(src|href)=|url\(|@import|<script", html) is None
    assert html.count("<svg") == 3  # budget, funnel and burn-up
    assert "@media print" in html and "size: A4" in html
    assert '<meta name="viewport"' in html
    assert "650 000 kr" in html and "30.06.2014" in html


def test_english_uses_the_english_catalogue(programme: Path) -> None:
    md = run_bif("report", "quarterly", "Q2-2014", "--lang", "en", "--root", str(programme)).stdout
    assert md.startswith("# Quarterly report Q2-2014")
    assert "NOK 650,000" in md and "2014-06-30" in md
    assert "Kvartalsrapport" not in md


def test_pdf_needs_o(programme: Path) -> None:
    result = run_bif("report", "quarterly", "Q2-2014", "--format", "pdf", "--root", str(programme))
    assert result.exit_code == 2
    assert "-o PATH" in " ".join(result.stderr.replace("│", " ").split())


def test_pdf_without_chromium_says_how_to_install_it(programme: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    out = tmp_path / "q2.pdf"
    result = run_bif(
        "report",
        "quarterly",
        "Q2-2014",
        "-o",
        str(out),
        "--root",
        str(programme),
        env={"PATH": str(empty), "BIF_CHROMIUM": ""},
    )
    assert result.exit_code == 2
    assert "apt-get install chromium" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_programmes_own_templates_override_the_defaults(
    make_programme: Callable[..., Path],
) -> None:
    own = "Egen mal for {{ programme.name }} {{ quarter.label }}: {{ summary.frame | money }}\n"
    root = make_programme({**REPORT_FILES, "templates/quarterly.md.j2": own})
    result = run_bif("report", "quarterly", "Q2-2014", "--root", str(root))
    assert result.stdout == "Egen mal for Testprogrammet Q2-2014: 1 000 000 kr\n"
    # The HTML template is not overridden, so the default one is used.
    html = run_bif("report", "quarterly", "Q2-2014", "--format", "html", "--root", str(root)).stdout
    assert html.startswith("<!DOCTYPE html>")


def test_a_template_that_uses_an_unknown_name_fails_loudly(
    make_programme: Callable[..., Path],
) -> None:
    root = make_programme({**REPORT_FILES, "templates/quarterly.md.j2": "{{ no_such_thing }}\n"})
    result = run_bif("report", "quarterly", "Q2-2014", "--root", str(root))
    assert result.exit_code == 1
    assert "templates/quarterly.md.j2" in result.stderr and "no_such_thing" in result.stderr
    assert "internal error" not in result.stderr


def test_the_default_templates_live_in_the_top_level_templates_folder() -> None:
    for name in ("quarterly.md.j2", "quarterly.html.j2"):
        assert (REPO_ROOT / "templates" / name).is_file()
