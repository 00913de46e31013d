"""Issue #13's "done when": a new process leader does a quarter's work with bif commands only.

From `bif init` to the finance department's workbook, no file is opened by hand, and what the
process leader reads is in bokmål. Today is pinned at 2016-12-31; the quarter is Q4-2016.
"""

from __future__ import annotations

import json
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from conftest import Run, run_bif
from test_write import GIT_ENV


def _git(root: Path, *args: str) -> str:
    import os

    done = subprocess.run(
        ["git", "-C", str(root), *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **GIT_ENV},
    )
    return done.stdout


def test_a_quarter_of_work_with_bif_commands_only(tmp_path: Path) -> None:
    root = tmp_path / "vekst"
    said: list[str] = []

    def bif(*args: str) -> Run:
        result = run_bif(*args, cwd=root if root.exists() else tmp_path)
        assert result.exit_code == 0, (args, result.output)
        assert "Traceback" not in result.output
        if args[0] != "report":  # its narrative warning belongs to the report's own issue (#12)
            said.append(result.output)
        return result

    bif("init", str(root), "--name", "Vekst i Valdres", "--owner", "Valdres regionråd",
        "--responsible", "Valdres Næringshage", "--start", "1.1.2016", "--end", "31.12.2018",
        "--frame", "3 000 000", "--region", "Valdres",
        "--municipalities", "0540=Sør-Aurdal,0542=Nord-Aurdal,0545=Vang",
        "--area", "A=Mobilisering og kartlegging=1 500 000",
        "--area", "B=Kompetanse og FoU=1 500 000")  # fmt: skip
    bif("add-person", "pl-valdres", "--name", "Kari Prosessleder", "--role", "prosessleder")
    bif("add-milestone", "rekruttering", "--title", "Tre bedrifter rekruttert",
        "--due", "31.12.2016", "--responsible", "Valdres Næringshage")  # fmt: skip

    # Three companies recruited and moved through the pipeline, in bokmål words.
    companies = {
        "vang-fjellmat": ("Vang Fjellmat AS", "921588135", "0545", "10.130"),
        "bagn-bryggeri": ("Bagn Bryggeri AS", "987654325", "0540", "11.050"),
        "fagernes-hytteservice": ("Fagernes Hytteservice AS", "934567897", "0542", "43.320"),
    }
    for company_id, (name, org, municipality, nace) in companies.items():
        bif("add-company", name, "--org-number", org, "--region", "valdres",
            "--municipality", municipality, "--nace", nace, "--market", "nasjonalt",
            "--process-leader", "pl-valdres", "--date", "3.10.2016",
            "--note", "Foreslått av regionrådet")  # fmt: skip
        assert (root / f"data/companies/{company_id}.yaml").is_file()
    for company_id in ("vang-fjellmat", "bagn-bryggeri"):
        bif("set-status", company_id, "kontaktet", "--date", "10.10.2016")
        bif("log", company_id, "Første møte med daglig leder", "--date", "10.10.2016",
            "--by", "pl-valdres")  # fmt: skip
        bif("set-status", company_id, "kartlagt", "--date", "24.10.2016")
        bif("set-status", company_id, "avtale", "--date", "1.11.2016")
    bif("set-status", "fagernes-hytteservice", "kontaktet", "--date", "12.10.2016")
    bif("set-status", "fagernes-hytteservice", "takket-nei", "--date", "2.11.2016",
        "--note", "Har ikke kapasitet i år")  # fmt: skip
    bif("log", "fagernes-hytteservice", "Telefon: takker nei", "--date", "2.11.2016")
    bif("set-next-action", "vang-fjellmat", "Følge opp FoU-søknaden", "--due", "15.1.2017")
    bif("set-next-action", "bagn-bryggeri", "Avtale kursdatoer", "--due", "20.12.2016")
    bif("set-next-action", "bagn-bryggeri", "--clear")

    # Measures started, paid and one cancelled; the area ids typed in lower case.
    bif("add-measure", "vang-fjellmat", "--title", "FoU-prosjekt om fjellmat", "--kind", "fou",
        "--area", "b", "--granted", "400 000", "--granted-on", "1.11.2016",
        "--start", "15.11.2016", "--id", "fou")  # fmt: skip
    bif("add-measure", "bagn-bryggeri", "--title", "Kompetanseheving i produksjon",
        "--kind", "kompetanse", "--area", "a", "--granted", "200000",
        "--granted-on", "15.11.2016", "--start", "1.12.2016", "--id", "kurs")  # fmt: skip
    bif("add-payment", "vang-fjellmat", "fou", "100\u00a0000", "--date", "20.12.2016")
    bif("add-payment", "bagn-bryggeri", "kurs", "50 000", "--date", "1.12.2016")
    cancelled = bif("cancel-measure", "bagn-bryggeri", "kurs", "--date", "28.12.2016")
    assert "frigjør 150 000 kr" in cancelled.stdout
    bif("milestone-done", "rekruttering", "--date", "30.11.2016")

    # The board moves 300 000 kr from A to B on 1 December: lower A first, then raise B.
    bif("set-allocation", "A", "1 200 000", "--decided", "1.12.2016", "--ref", "styresak 5/16")
    bif("set-allocation", "B", "1 800 000", "--decided", "1.12.2016", "--ref", "styresak 5/16")

    assert bif("check", "--strict").stdout.startswith("OK:")

    # Everything the process leader reads is in bokmål.
    pipeline = bif("recruitment").stdout
    for word in ("Rekruttering per 31.12.2016", "Avtale inngått", "Takket nei", "Bedrift"):
        assert word in pipeline
    budget = bif("budget", "check").stdout
    assert "Innsatsområde" in budget and "Gjenstår" in budget
    plan = bif("milestones").stdout
    assert "nådd" in plan and "Milepæler per 31.12.2016" in plan
    measures = bif("measures").stdout
    assert "avbrutt" in measures and "FoU-prosjekt" in measures
    for english in ("agreement", "declined", "Recruitment", "Budget at", "cancelled"):
        assert english not in pipeline + budget + plan + measures
    report = bif("report", "quarterly", "Q4-2016").stdout
    assert "Kvartalsrapport" in report
    # The contact log is internal: the report counts the contacts (3, all this quarter).
    assert "| Kontakter med bedrifter og klynger (kontaktlogg) | 3 | +3 |" in report
    assert "Første møte" not in report

    # The figures, as the JSON contract gives them.
    money = json.loads(bif("budget", "check", "--format", "json").stdout)
    areas = {a["id"]: a for a in money["areas"]}
    assert (areas["A"]["allocation"], areas["B"]["allocation"]) == (1_200_000, 1_800_000)
    assert areas["A"]["committed"] == 50_000  # 200 000 granted, 150 000 released
    assert areas["B"]["committed"] == 400_000
    assert money["paid"] == 150_000
    before = json.loads(bif("budget", "check", "--as-of", "30.11.2016", "--format", "json").stdout)
    assert before["areas"][0]["allocation"] == 1_500_000
    counts = json.loads(bif("recruitment", "--format", "json").stdout)
    assert counts["recruited"] == 2 and counts["counts"]["declined"] == 1

    # The finance department's workbook.
    from openpyxl import load_workbook

    workbook = tmp_path / "vekst.xlsx"
    bif("export", "xlsx", "-o", str(workbook))
    book = load_workbook(workbook)
    payments = list(book["Utbetalinger"].iter_rows(min_row=2, values_only=True))
    assert sum(row[5] for row in payments) == 150_000
    assert all(isinstance(row[0], datetime) for row in payments)
    budget_rows = {r[0]: r for r in book["Budsjett"].iter_rows(min_row=2, values_only=True)}
    assert budget_rows["A"][2] == 1_200_000

    # No file was opened by hand: git shows only what the commands wrote, and diff reads it.
    changed = _git(root, "status", "--porcelain").splitlines()
    assert {line[3:] for line in changed} == {
        "data/budget.yaml",
        "data/milestones.yaml",
        "data/program.yaml",
        *(f"data/companies/{company_id}.yaml" for company_id in companies),
    }
    # Every command spoke bokmål (the English would be "Updated …", "Added …", "Created …").
    for output in said:
        english = [w for w in ("Updated ", "Added ", "Created ", "warning:") if w in output]
        assert english == [], output
    review = bif("diff", "HEAD").stdout
    assert "+ bedrift lagt til: Vang Fjellmat AS, avtale inngått siden 01.11.2016" in review
    assert "50 000 kr utbetalt, avbrutt 28.12.2016" in review


@pytest.mark.parametrize("lang", ["en"])
def test_the_same_programme_reads_in_english_on_request(tmp_path: Path, lang: str) -> None:
    root = tmp_path / "p"
    assert run_bif("init", str(root), "--no-git", "--region", "Valdres",
                   "--municipalities", "0545=Vang").exit_code == 0  # fmt: skip
    table = run_bif("milestones", "--lang", lang, "--root", str(root))
    assert table.exit_code == 0
    assert "Milestones at" in table.stdout
