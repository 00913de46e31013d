"""The owner's reports: annual, final and regional; draft or final; formats; no English in nb."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bif_cli.io.check import check_programme
from bif_cli.outputs import overviews
from conftest import PROGRAM_YAML, run_bif
from test_report import REPORT_FILES

GOLDEN = Path(__file__).parent / "golden"

TARGETS = """\
targets:
  - {id: rekruttering, title: Bedrifter rekruttert, metric: recruited_companies,
     value: 2, by: 2014-06-30}
  - {id: hovedmal, title: Bedrifter i hovedmålet, metric: main_goal_companies,
     value: 3, by: 2016-12-31}
"""

OWNER_FILES: dict[str, str | bytes | None] = {
    **REPORT_FILES,
    "data/reports/2014.md": "## Året\n\nEt godt første år.\n",
    "data/reports/final.md": "## Evaluering\n\nProgrammet nådde **målet**.\n",
}

# Words bif itself could write in English; none may reach a bokmål report.
ENGLISH = (
    "warning", "error", "funding", "missing", "expected", "company", "companies", "cluster",
    "measure", "budget", "draft", "target", "milestone", "committed", "paid", "frame", "total",
    "none", "region", "status", "the", "and", "of", "to", "in", "is", "not", "no", "by",
    "recruited", "active", "goal", "running", "released", "report", "page", "signature",
    "identified", "contacted", "mapped", "agreement", "completed", "declined", "withdrawn",
    "cancelled", "upcoming", "overdue", "done", "reached", "open", "missed", "yes",
)  # fmt: skip
INTERNALS = re.compile(r"BIF\d{3}|data/|\.ya?ml\b|\.md\b|templates/|[a-z]+_[a-z_]+")


@pytest.fixture
def programme(make_programme: Callable[..., Path]) -> Path:
    return make_programme({**OWNER_FILES, "data/program.yaml": PROGRAM_YAML + TARGETS})


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def data_words(root: Path) -> set[str]:
    """Words that come from the programme's own files (names, notes, narratives)."""
    words: set[str] = set()
    for path in (root / "data").rglob("*"):
        if path.is_file():
            words.update(w.casefold() for w in re.findall(r"\w+", path.read_text("utf-8")))
    return words


REPORTS = [
    ("quarterly", "Q2-2014"),
    ("quarterly", "Q3-2014"),
    ("quarterly", "Q2-2014", "--region", "sor"),
    ("annual", "2014"),
    ("annual", "2015"),
    ("final",),
]


@pytest.mark.parametrize("args", REPORTS, ids=lambda a: "-".join(a))
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_bokmal_report_has_no_english_and_no_internals(
    programme: Path, args: tuple[str, ...], fmt: str
) -> None:
    result = run_bif("report", *args, "--format", fmt, "--root", str(programme))
    assert result.exit_code == 0, result.output
    text = visible_text(result.stdout) if fmt == "html" else result.stdout
    if fmt == "md":
        text = re.sub(r"[|*#>_-]{2,}|[|*#>]", " ", text)
    assert INTERNALS.search(text) is None, INTERNALS.search(text)
    own = data_words(programme)
    words = {w.casefold() for w in re.findall(r"[A-Za-zÆØÅæøå]+", text)}
    english = sorted((words & set(ENGLISH)) - own)
    assert english == []


def test_the_bokmal_word_report_has_no_english_either(programme: Path, tmp_path: Path) -> None:
    from docx import Document

    for args in REPORTS:
        out = tmp_path / f"{'-'.join(args)}.docx"
        result = run_bif("report", *args, "-o", str(out), "--root", str(programme))
        assert result.exit_code == 0, result.output
        document = Document(str(out))
        text = "\n".join(p.text for p in document.paragraphs)
        text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        assert INTERNALS.search(text) is None, (args, INTERNALS.search(text))
        words = {w.casefold() for w in re.findall(r"[A-Za-zÆØÅæøå]+", text)}
        assert sorted((words & set(ENGLISH)) - data_words(programme)) == [], args


# --- golden files ---------------------------------------------------------------------------

GOLDEN_REPORTS = {
    "annual": ("annual", "2014"),
    "final": ("final",),
    "regional": ("quarterly", "Q2-2014", "--region", "sor"),
}


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("name", sorted(GOLDEN_REPORTS))
def test_golden(programme: Path, name: str, fmt: str, lang: str, update_golden: bool) -> None:
    args = GOLDEN_REPORTS[name]
    result = run_bif("report", *args, "--format", fmt, "--lang", lang, "--root", str(programme))
    assert result.exit_code == 0, result.output
    golden = GOLDEN / f"{name}-{lang}.{fmt}"
    if update_golden:
        golden.write_text(result.stdout, encoding="utf-8", newline="")
    assert result.stdout == golden.read_text(encoding="utf-8"), (
        f"{golden.name} differs; run `pytest --update-golden` if the change is meant"
    )


# --- draft or final -------------------------------------------------------------------------


def test_the_final_report_is_a_draft_before_the_period_has_ended(programme: Path) -> None:
    early = {"BIF_TODAY": "2016-06-30"}
    result = run_bif("report", "final", "--root", str(programme), env=early)
    assert result.exit_code == 0
    assert result.stdout.startswith("# Utkast: Sluttrapport")
    assert "programperioden er ikke avsluttet" in result.stdout
    assert "utkast: programperioden er ikke avsluttet" in result.stderr
    english = run_bif("report", "final", "--lang", "en", "--root", str(programme), env=early)
    assert "draft: the programme period has not ended" in english.stderr
    refused = run_bif("report", "final", "--final", "--root", str(programme), env=early)
    assert refused.exit_code == 1 and refused.stdout == ""
    done = run_bif("report", "final", "--final", "--root", str(programme))
    assert done.exit_code == 0 and "Utkast" not in done.stdout
    assert "### Evaluering" in done.stdout and "Programmet nådde **målet**." in done.stdout


def test_draft_is_marked_in_the_heading_and_on_every_printed_page(programme: Path) -> None:
    html = run_bif("report", "annual", "2015", "--format", "html", "--root", str(programme)).stdout
    assert '<span class="draft-mark">Utkast:</span> Årsrapport 2015' in html
    assert "@top-center" in html and '"UTKAST"' in html
    assert '@bottom-left { content: "Utkast – Testprogrammet' in html
    final = run_bif("report", "annual", "2014", "--format", "html", "--root", str(programme))
    assert "Utkast" not in final.stdout and "UTKAST" not in final.stdout


def test_the_report_date_is_an_input_and_defaults_to_the_periods_last_day(programme: Path) -> None:
    default = run_bif("report", "quarterly", "Q2-2014", "--root", str(programme)).stdout
    assert "- **Dato:** 30.06.2014" in default
    assert "- **Avsender:** Prosjektleder, Innovasjon Norge Test" in default
    assert "Signatur: ____" in default
    dated = run_bif(
        "report", "quarterly", "Q2-2014", "--date", "2014-07-15", "--root", str(programme)
    ).stdout
    assert "- **Dato:** 15.07.2014" in dated
    bad = run_bif("report", "quarterly", "Q2-2014", "--date", "15/07", "--root", str(programme))
    assert bad.exit_code == 2


# --- region, annual, final --------------------------------------------------------------------


def test_a_region_report_has_the_regions_part_and_says_what_it_leaves_out(
    programme: Path,
) -> None:
    md = run_bif(
        "report", "quarterly", "Q2-2014", "--region", "sor", "--root", str(programme)
    ).stdout
    assert md.startswith("# Kvartalsrapport Q2-2014: Testprogrammet – Sør")
    assert "Fjellmat Sør AS" in md and "Eksempel Trevare AS" not in md
    assert "Tre og mat" in md  # the cluster spans nord and sor
    assert "tar ikke med andre regioner" in md
    # The frame is the whole programme's: no allocation, remaining or share of it by region.
    assert "Ramme for området" not in md and "Gjenstår" not in md and "av rammen" not in md
    assert "Prosessleder |" not in md.split("## 7.")[1]  # staff costs are not the region's
    unknown = run_bif(
        "report", "quarterly", "Q2-2014", "--region", "vest", "--root", str(programme)
    )
    assert unknown.exit_code == 2
    assert "nord, sor" in unknown.stderr


def test_annual_report_puts_the_quarters_side_by_side(programme: Path) -> None:
    md = run_bif("report", "annual", "2014", "--root", str(programme)).stdout
    assert "| Nøkkeltall | Q1-2014 | Q2-2014 | Q3-2014 | Q4-2014 |" in md
    assert re.search(r"^\| Bedrifter rekruttert totalt \| 1 \| 2 \| 2 \| 2 \|$", md, re.M)
    assert "### Året" in md
    outside = run_bif("report", "annual", "2013", "--root", str(programme))
    assert outside.exit_code == 2 and "from 2014 to 2017" in outside.stderr


def test_final_report_lists_every_company_and_cluster_with_its_outcome(programme: Path) -> None:
    md = run_bif("report", "final", "--root", str(programme)).stdout
    outcomes = md.split("## 2.")[1].split("## 3.")[0]
    for name in ("Eksempel Trevare AS", "Fjellmat Sør AS", "Sagbruket på Bakken AS", "Tre og mat"):
        assert name in outcomes
    assert "| Sagbruket på Bakken AS | Takket nei |" in outcomes


# --- formats --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--format", "docx"), "-o PATH"),
        (("--format", "pdf"), "-o PATH"),
        (("--format", "docx", "-o", "r.pdf"), "suffix .docx"),
        (("--format", "docx", "-o", "r.txt"), "suffix .docx"),
        (("--format", "html", "-o", "r.md"), "suffix .html"),
    ],
)
def test_binary_formats_need_o_and_the_suffix_must_match(
    programme: Path, tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    fixed = [str(tmp_path / a) if a.startswith("r.") else a for a in args]
    result = run_bif("report", "quarterly", "Q2-2014", *fixed, "--root", str(programme))
    assert result.exit_code == 2
    assert says in " ".join(result.stderr.replace("│", " ").split())
    assert list(tmp_path.glob("r.*")) == []


def test_the_word_report_has_headings_real_tables_and_the_figures(
    programme: Path, tmp_path: Path
) -> None:
    from docx import Document

    out = tmp_path / "q2-2014.docx"
    result = run_bif("report", "quarterly", "Q2-2014", "-o", str(out), "--root", str(programme))
    assert result.exit_code == 0, result.output
    document = Document(str(out))
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings[0] == "Kvartalsrapport Q2-2014"
    assert "1. Sammendrag" in headings and "3. Budsjett" in headings
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["Bedrifter rekruttert totalt", "2"] in cells
    assert ["B: FoU", "600 000 kr", "350 000 kr", "100 000 kr", "250 000 kr"] in cells
    text = "\n".join(p.text for p in document.paragraphs)
    assert "bevilget 650 000 kr" in text
    # The narrative as plain paragraphs: Markdown marks off, a paragraph's lines joined.
    assert "Status og framdrift\n\nFjellmat Sør inngikk avtale siste dag i kvartalet." in text
    # The charts as pictures: the funnel, the budget per area and the burn-up.
    assert len(document.inline_shapes) == 3
    assert "Utkast" not in document.sections[0].footer.paragraphs[0].text
    draft = tmp_path / "q3.docx"
    run_bif("report", "quarterly", "Q3-2014", "-o", str(draft), "--root", str(programme))
    marked = Document(str(draft))
    assert marked.sections[0].footer.paragraphs[0].text.startswith("Utkast – ")
    assert marked.sections[0].header.paragraphs[0].text == "UTKAST"


def test_a_programmes_own_word_template_overrides_the_default(
    programme: Path, tmp_path: Path
) -> None:
    from docx import Document

    own = Document()
    own.add_paragraph("Fylkets mal: {{ programme.name }}, {{ docx_totals.committed | money }}")
    (programme / "templates").mkdir()
    own.save(str(programme / "templates" / "annual.docx"))
    out = tmp_path / "2014.docx"
    result = run_bif("report", "annual", "2014", "-o", str(out), "--root", str(programme))
    assert result.exit_code == 0, result.output
    assert [p.text for p in Document(str(out)).paragraphs] == [
        "Fylkets mal: Testprogrammet, 650 000 kr"
    ]


# --- JSON -----------------------------------------------------------------------------------


def test_recruitment_json_has_recruited_ever_and_targets(programme: Path) -> None:
    result = run_bif(
        "recruitment", "--as-of", "2014-12-31", "--format", "json", "--root", str(programme)
    )
    data = json.loads(result.stdout)
    assert (data["recruited"], data["recruited_ever"]) == (2, 2)
    assert data["targets"][0] == {
        "id": "rekruttering",
        "title": "Bedrifter rekruttert",
        "metric": "recruited_companies",
        "value": 2,
        "by": "2014-06-30",
        "actual": 2,
        "at_deadline": 2,
        "state": "reached",
    }
    loaded, _ = check_programme(programme, date(2014, 12, 31))
    library = overviews.recruitment(loaded, date(2014, 12, 31))
    assert data["targets"] == library["targets"]
    assert data["continuation"] == library["continuation"]
    assert data["continuation"]["completed"] == 0
    assert [r["recruited_ever"] for r in data["regions"]] == [1, 1]


def test_budget_json_has_money_by_year(programme: Path) -> None:
    data = json.loads(
        run_bif(
            "budget", "check", "--as-of", "2015-06-30", "--format", "json", "--root", str(programme)
        ).stdout
    )
    years = data["by_year"]
    assert [y["year"] for y in years] == [2014, 2015]
    assert years[-1]["committed_to_date"] == data["committed"]
    assert sum(y["paid"] for y in years) == data["paid"]
    regions = data["per_region"]
    assert [r["id"] for r in regions["regions"]] == ["nord", "sor"]
    assert regions["total"]["committed"] == data["committed"]
    assert (
        sum(r["committed"] for r in regions["regions"])
        + regions["shared_clusters"]["committed"]
        + regions["costs"]["committed"]
        == data["committed"]
    )
    leaders = data["per_process_leader"]
    assert leaders["total"] == regions["total"]
    assert data["released"] == {"to_date": 0, "measures": []}
    loaded, _ = check_programme(programme, date(2015, 6, 30))
    library = overviews.budget(loaded, date(2015, 6, 30))
    assert {k: data[k] for k in ("by_year", "per_region", "per_process_leader", "released")} == {
        k: library[k] for k in ("by_year", "per_region", "per_process_leader", "released")
    }


def test_released_money_in_budget_json_and_the_report(make_programme: Callable[..., Path]) -> None:
    cancelled = REPORT_FILES["data/companies/fjellmat.yaml"]
    assert isinstance(cancelled, str)
    cancelled = cancelled.replace(
        "    end: 2015-06-30\n", "    end: 2015-06-30\n    cancelled_on: 2014-09-15\n"
    )
    root = make_programme({**OWNER_FILES, "data/companies/fjellmat.yaml": cancelled})
    data = json.loads(
        run_bif(
            "budget", "check", "--as-of", "2014-12-31", "--format", "json", "--root", str(root)
        ).stdout
    )
    # 100 000 kr granted, 50 000 kr paid before the cancellation: 50 000 kr released.
    assert data["released"] == {
        "to_date": 50000,
        "measures": [
            {
                "owner": "Fjellmat Sør AS",
                "title": "Kurs i mattrygghet",
                "cancelled_on": "2014-09-15",
                "granted": 100000,
                "released": 50000,
            }
        ],
    }
    q3 = run_bif("report", "quarterly", "Q3-2014", "--root", str(root)).stdout
    assert "- **Frigjort i kvartalet:** 50 000 kr" in q3
    q4 = run_bif("report", "quarterly", "Q4-2014", "--root", str(root)).stdout
    assert "- **Frigjort i kvartalet:** 0 kr" in q4 and "- **Frigjort totalt:** 50 000 kr" in q4


# --- a programme's older templates ----------------------------------------------------------

FIRST_ROUND = Path(__file__).parent / "fixtures" / "first-round-templates"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_programmes_first_round_templates_still_render(programme: Path, fmt: str) -> None:
    (programme / "templates").mkdir()
    for template in FIRST_ROUND.iterdir():
        (programme / "templates" / template.name).write_bytes(template.read_bytes())
    result = run_bif("report", "quarterly", "Q2-2014", "--format", fmt, "--root", str(programme))
    assert result.exit_code == 0, result.output
    assert "Kvartalsrapport Q2-2014" in result.stdout
    assert "650 000 kr" in result.stdout


def test_the_programmes_language_is_the_reports_default(
    make_programme: Callable[..., Path],
) -> None:
    root = make_programme({**OWNER_FILES, "data/program.yaml": PROGRAM_YAML + "language: en\n"})
    md = run_bif("report", "annual", "2014", "--root", str(root)).stdout
    assert md.startswith("# Annual report 2014: Testprogrammet")
    nb = run_bif("report", "annual", "2014", "--lang", "nb", "--root", str(root)).stdout
    assert nb.startswith("# Årsrapport 2014: Testprogrammet")


def test_the_annual_word_report_has_the_quarters_side_by_side(
    programme: Path, tmp_path: Path
) -> None:
    from docx import Document

    out = tmp_path / "2014.docx"
    result = run_bif("report", "annual", "2014", "-o", str(out), "--root", str(programme))
    assert result.exit_code == 0, result.output
    rows = [[c.text for c in row.cells] for row in Document(str(out)).tables[0].rows]
    assert rows[0] == ["Nøkkeltall", "Q1-2014", "Q2-2014", "Q3-2014", "Q4-2014"]
    assert ["Bedrifter rekruttert totalt", "1", "2", "2", "2"] in rows


@pytest.mark.parametrize(
    "args",
    [("quarterly", "Q4-2016"), ("quarterly", "Q2-2015", "--region", "valdres"), ("final",)],
    ids=lambda a: "-".join(a),
)
def test_the_repositorys_own_reports_are_final_and_all_norwegian(
    example_programme: Path, args: tuple[str, ...]
) -> None:
    result = run_bif(
        "report", *args, "--final", "--format", "html", "--root", str(example_programme)
    )
    assert result.exit_code == 0, result.output
    text = visible_text(result.stdout)
    assert INTERNALS.search(text) is None, INTERNALS.search(text)
    words = {w.casefold() for w in re.findall(r"[A-Za-zÆØÅæøå]+", text)}
    assert sorted((words & set(ENGLISH)) - data_words(example_programme)) == []
    # The mandate funds 10 of the 15 MNOK: a true warning, on the terminal only.
    assert "BIF308" in result.stderr and "BIF308" not in result.stdout


def test_word_without_the_cairo_library_says_how_to_install_it(
    programme: Path, tmp_path: Path
) -> None:
    import os
    import subprocess
    import sys

    # CairoSVG raises OSError on import when the Cairo C library is missing; stand in for it.
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "cairosvg.py").write_text("raise OSError('no library called \"cairo-2\" was found')\n")
    out = tmp_path / "q2.docx"
    done = subprocess.run(
        [sys.executable, "-m", "bif_cli", "report", "quarterly", "Q2-2014", "-o", str(out)],
        cwd=programme,
        env={**os.environ, "PYTHONPATH": str(fake)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "apt-get install libcairo2" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()


def test_the_api_makes_the_same_annual_and_final_reports(programme: Path) -> None:
    import bif_cli

    cli_annual = run_bif("report", "annual", "2014", "--root", str(programme)).stdout
    assert bif_cli.annual_report(programme, 2014) == cli_annual
    cli_final = run_bif("report", "final", "--format", "html", "--root", str(programme)).stdout
    assert bif_cli.final_report(programme, output_format="html") == cli_final
