"""Views and exports: bif measures, bif clusters, CSV, filters, the workbook, folding tables."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest

from conftest import run_bif


def _json(root: Path, *args: str) -> dict:  # type: ignore[type-arg]
    result = run_bif(*args, "--format", "json", "--root", str(root))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _csv(root: Path, *args: str) -> list[dict[str, str]]:
    result = run_bif(*args, "--format", "csv", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(result.stdout[1:], newline=""), delimiter=";"))


def test_measures_json_has_every_measure_with_money_in_a_period(example_programme: Path) -> None:
    from bif_cli.io.check import check_programme
    from bif_cli.outputs.measures import measures

    shown = _json(example_programme, "measures", "--from", "1.1.2015", "--to", "31.12.2015")
    programme, _problems = check_programme(example_programme, date(2016, 12, 31))
    assert shown == measures(programme, date(2016, 12, 31), date(2015, 1, 1), date(2015, 12, 31))
    every = sum(len(m) for _p, _o, m in programme.owners())
    assert len(shown["measures"]) == every
    paid_2015 = sum(
        p.amount
        for _path, _owner, items in programme.owners()
        for m in items
        for p in m.payments
        if date(2015, 1, 1) <= p.date <= date(2015, 12, 31)
    )
    assert shown["totals"]["paid_in_period"] == paid_2015
    assert {"owner", "area", "granted", "paid", "paid_in_period", "released"} <= set(
        shown["measures"][0]
    )


def test_measures_csv_in_bokmal_and_english(example_programme: Path) -> None:
    rows = _csv(example_programme, "measures")
    assert {"hos", "innsatsomrade", "bevilget_belop", "utbetalt", "frigitt"} <= set(rows[0])
    assert "FoU-prosjekt" in {r["type"] for r in rows}
    english = _csv(example_programme, "measures", "--lang", "en")
    assert "rnd" in {r["kind"] for r in english}


def test_budget_check_and_milestones_as_csv(example_programme: Path) -> None:
    budget = _csv(example_programme, "budget", "check")
    shown = _json(example_programme, "budget", "check")
    by_id = {r["id"]: r for r in budget if r["id"]}
    assert int(by_id["B"]["bevilget"]) == next(
        a["committed"] for a in shown["areas"] if a["id"] == "B"
    )
    milestones = _csv(example_programme, "milestones", "--lang", "en")
    assert {r["state"] for r in milestones} <= {"done", "overdue", "upcoming"}


def test_filters_narrow_recruitment_measures_and_budget(example_programme: Path) -> None:
    leader = _json(example_programme, "recruitment", "--process-leader", "pl-valdres")
    assert leader["companies"]
    assert {c["process_leader"] for c in leader["companies"]} == {"pl-valdres"}
    region = _json(example_programme, "measures", "--region", "valdres")
    assert region["measures"]
    assert "costs" not in {m["owner"] for m in region["measures"]}
    budget = _json(example_programme, "budget", "check", "--region", "valdres")
    assert budget["filtered"] is True
    assert "allocation" not in budget["areas"][0] and "frame" not in budget
    assert budget["committed"] == sum(m["committed"] for m in region["measures"])
    table = run_bif("budget", "check", "--region", "valdres", "--root", str(example_programme))
    assert "Programmets egne kostnader" in table.stdout
    typo = run_bif("measures", "--process-leader", "pl-valdre", "--root", str(example_programme))
    assert typo.exit_code == 2
    assert "mente du 'pl-valdres'?" in " ".join(typo.output.replace("│", " ").split())


def test_clusters_pipeline(example_programme: Path) -> None:
    shown = _json(example_programme, "clusters")
    assert set(shown["counts"]) == {
        "identified",
        "mapped",
        "established",
        "completed",
        "discontinued",
    }
    assert sum(shown["counts"].values()) == len(shown["clusters"]) == 3
    table = run_bif("clusters", "--root", str(example_programme))
    assert table.exit_code == 0
    assert "Etablert" in table.stdout


def test_workbook_reads_back_with_real_types(example_programme: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "programme.xlsx"
    result = run_bif("export", "xlsx", "-o", str(target), "--root", str(example_programme))
    assert result.exit_code == 0, result.output
    book = load_workbook(target)
    assert book.sheetnames == [
        "Bedrifter",
        "Klynger",
        "Tiltak",
        "Utbetalinger",
        "Budsjett",
        "Milepæler",
    ]
    budget = book["Budsjett"]
    assert budget.freeze_panes == "A2"
    assert budget.auto_filter.ref
    frame_row = next(r for r in budget.iter_rows(values_only=True) if r[1] == "Programramme")
    assert frame_row[2] == 15_000_000 and isinstance(frame_row[2], int)
    payments = book["Utbetalinger"]
    first = next(payments.iter_rows(min_row=2, values_only=True))
    assert isinstance(first[0], datetime)
    assert payments.cell(row=2, column=1).number_format == "DD.MM.YYYY"
    assert payments.cell(row=2, column=6).number_format == "#,##0"
    shown = _json(example_programme, "measures")
    total = sum(r[5] for r in payments.iter_rows(min_row=2, values_only=True))
    assert total == shown["totals"]["paid"]
    assert book["Bedrifter"].column_dimensions["B"].width > 10


def test_workbook_keeps_a_formula_like_name_as_text(make_programme: object, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from conftest import COMPANY_YAML

    root = make_programme(  # type: ignore[operator]
        {"data/companies/eksempel-trevare.yaml": COMPANY_YAML.replace(
            "name: Eksempel Trevare AS", "name: '=HYPERLINK(\"http://x\")'"
        )}
    )  # fmt: skip
    target = tmp_path / "p.xlsx"
    assert run_bif("export", "xlsx", "-o", str(target), "--root", str(root)).exit_code == 0
    cell = load_workbook(target)["Bedrifter"]["B2"]
    assert cell.value == '=HYPERLINK("http://x")'
    assert cell.data_type == "s"


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize(
    "command",
    [("recruitment",), ("budget", "check"), ("milestones",), ("clusters",), ("measures",)],
)
def test_tables_fold_at_spaces_never_inside_a_word(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch, width: int, command: tuple[str, ...]
) -> None:
    def tokens(columns: int) -> tuple[list[str], set[str]]:
        monkeypatch.setenv("COLUMNS", str(columns))
        result = run_bif(*command, "--root", str(example_programme))
        assert result.exit_code in (0, 1), result.output
        lines = result.stdout.splitlines()
        # The table, not the check warnings printed after it (those wrap as text does).
        table = lines[: next((i for i, x in enumerate(lines) if x.startswith("data/")), None)]
        # Rules and the `·` that joins folded columns are drawing, not words.
        words = {w for w in " ".join(table).split() if w != "·" and set(w) != {"─"}}
        return table, words

    lines, narrow = tokens(width)
    _wide_lines, wide = tokens(1000)
    assert max(len(line) for line in lines) <= width
    # A word broken inside shows as pieces that never appear when nothing needs to wrap.
    # Only a word too long for any column of its table may break: at 60 columns a
    # 23-letter compound next to four other columns; at 80 and 120 none at all.
    pieces = narrow - wide
    if width >= 80:
        assert pieces == set()
    else:
        assert all(any(p in w and len(w) > width // 4 for w in wide) for p in pieces), pieces


def test_clusters_and_filtered_budget_json_are_the_library_results(
    example_programme: Path,
) -> None:
    from bif_cli.io.check import check
    from bif_cli.outputs.budget_views import filtered_budget
    from bif_cli.outputs.clusters import clusters
    from bif_cli.outputs.filters import OwnerFilter

    programme = check(example_programme, date(2016, 12, 31)).programme
    assert _json(example_programme, "clusters", "--as-of", "2015-06-30") == clusters(
        programme, date(2015, 6, 30)
    )
    shown = _json(example_programme, "budget", "check", "--process-leader", "pl-valdres")
    expected = filtered_budget(programme, date(2016, 12, 31), OwnerFilter("pl-valdres", None))
    assert {k: v for k, v in shown.items() if k != "note"} == expected


def test_the_installed_bif_writes_the_workbook(example_programme: Path, tmp_path: Path) -> None:
    import shutil
    import subprocess

    bif = shutil.which("bif")
    assert bif is not None, "bif is installed with the package"
    target = tmp_path / "finans.xlsx"
    done = subprocess.run(
        [bif, "export", "xlsx", "-o", str(target), "--as-of", "30.06.2015"],
        cwd=example_programme,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert target.read_bytes()[:2] == b"PK"  # a zip container, as every .xlsx is
