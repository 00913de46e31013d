"""One broken file per rule: `bif check` names the code, the file and the line."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import BUDGET_YAML, COMPANY_YAML, MILESTONES_YAML, PROGRAM_YAML, run_bif

COMPANY = "data/companies/eksempel-trevare.yaml"
BASE = {
    "data/program.yaml": PROGRAM_YAML,
    "data/budget.yaml": BUDGET_YAML,
    "data/milestones.yaml": MILESTONES_YAML,
    COMPANY: COMPANY_YAML,
}

OTHER_COMPANY = """\
name: Annen Bedrift AS
org_number: "923609016"
region: sor
municipality: "0540"
nace: "62.010"
market: national
process_leader: pl-nord
history:
  - {date: 2014-02-01, status: identified}
"""

CLUSTER = """\
name: Trebruk
region: nord
members: [eksempel-trevare, annen-bedrift, tredje]
facilitator: pl-nord
history:
  - {date: 2014-05-01, status: identified}
"""

THIRD_COMPANY = OTHER_COMPANY.replace("Annen Bedrift AS", "Tredje AS").replace(
    "923609016", "974760673"
)


def line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


# (id, path, old, new, code, severity, needle on the expected line)
CASES = [
    (
        "unknown-field",
        COMPANY,
        "market: international",
        "market: international\nstauts: x",
        "BIF101",
        "error",
        "stauts",
    ),
    ("missing-field", COMPANY, 'nace: "16.230"\n', "", "BIF102", "error", "name:"),
    (
        "bad-choice",
        COMPANY,
        "market: international",
        "market: global",
        "BIF103",
        "error",
        "market:",
    ),
    ("bad-date", COMPANY, "2014-02-10", "2014-13-01", "BIF104", "error", "2014-13-01"),
    ("bad-money", COMPANY, "granted: 250000", "granted: 250.000", "BIF105", "error", "granted:"),
    ("negative-money", COMPANY, "amount: 100000", "amount: -100", "BIF105", "error", "-100"),
    ("org-check-digit", COMPANY, '"921588135"', '"921588136"', "BIF106", "error", "org_number"),
    ("org-length", COMPANY, '"921588135"', '"92158813"', "BIF106", "error", "org_number"),
    (
        "line-break",
        COMPANY,
        "name: Eksempel Trevare AS",
        'name: "Eksempel\\nTrevare"',
        "BIF107",
        "error",
        "name:",
    ),
    (
        "cut-by-hash",
        COMPANY,
        "ambition: Doble eksportomsetningen",
        "ambition: Doble #2 eksport",
        "BIF013",
        "warning",
        "ambition",
    ),
    (
        "duplicate-measure",
        COMPANY,
        "    payments:\n      - {date: 2014-06-30, amount: 100000}\n",
        "  - {id: fou, title: Igjen, kind: rnd, area: B, granted: 1, granted_on: 2014-03-20}\n",
        "BIF201",
        "error",
        "Igjen",
    ),
    (
        "municipality-region",
        COMPANY,
        'municipality: "0517"',
        'municipality: "0540"',
        "BIF203",
        "error",
        "municipality",
    ),
    ("unknown-region", COMPANY, "region: nord", "region: vest", "BIF204", "error", "region:"),
    (
        "unknown-person",
        COMPANY,
        "process_leader: pl-nord",
        "process_leader: ola",
        "BIF204",
        "error",
        "process_leader",
    ),
    ("unknown-area", COMPANY, "area: B", "area: X", "BIF204", "error", "area: X"),
    ("history-order", COMPANY, "2014-02-10", "2014-01-10", "BIF205", "error", "2014-01-10"),
    (
        "completed-without-agreement",
        COMPANY,
        "status: agreement}",
        "status: mapped}\n  - {date: 2014-04-05, status: completed}\ncontinuation_plan: Videre",
        "BIF206",
        "error",
        "completed",
    ),
    (
        "completed-without-plan",
        COMPANY,
        "status: agreement}",
        "status: agreement}\n  - {date: 2014-12-31, status: completed}",
        "BIF207",
        "error",
        "completed",
    ),
    ("payment-before-grant", COMPANY, "2014-06-30", "2014-03-01", "BIF208", "error", "2014-03-01"),
    (
        "payments-above-grant",
        COMPANY,
        "amount: 100000",
        "amount: 300000",
        "BIF209",
        "error",
        "payments:",
    ),
    ("end-before-start", COMPANY, "end: 2014-12-31", "end: 2014-03-01", "BIF212", "error", "end:"),
    (
        "allocations-above-frame",
        "data/budget.yaml",
        "allocation: 600000",
        "allocation: 700000",
        "BIF210",
        "error",
        "frame:",
    ),
    (
        "committed-above-allocation",
        COMPANY,
        "granted: 250000",
        "granted: 650000",
        "BIF211",
        "error",
        "id: B",
    ),
    (
        "exit-without-note",
        COMPANY,
        "status: agreement}",
        "status: agreement}\n  - {date: 2014-05-01, status: withdrawn}",
        "BIF301",
        "warning",
        "withdrawn",
    ),
    ("excluded-nace", COMPANY, '"16.230"', '"01.110"', "BIF302", "warning", "nace"),
    (
        "local-market",
        COMPANY,
        "market: international",
        "market: local",
        "BIF303",
        "warning",
        "market",
    ),
    (
        "granted-before-agreement",
        COMPANY,
        "granted_on: 2014-03-20",
        "granted_on: 2014-03-01",
        "BIF304",
        "warning",
        "granted_on",
    ),
    ("outside-period", COMPANY, "end: 2014-12-31", "end: 2017-06-30", "BIF305", "warning", "end:"),
    (
        "allocations-below-frame",
        "data/budget.yaml",
        "allocation: 600000",
        "allocation: 500000",
        "BIF307",
        "warning",
        "frame:",
    ),
    (
        "funding-short",
        "data/budget.yaml",
        "amount: 1000000",
        "amount: 900000",
        "BIF308",
        "warning",
        "funding:",
    ),
    (
        "overdue-milestone",
        "data/milestones.yaml",
        ", done: 2016-12-20}",
        "}",
        "BIF309",
        "warning",
        "slutt",
    ),
]


@pytest.mark.parametrize(
    ("path", "old", "new", "code", "severity", "needle"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_each_rule_names_code_file_and_line(
    make_programme: Callable[..., Path],
    path: str,
    old: str,
    new: str,
    code: str,
    severity: str,
    needle: str,
) -> None:
    assert old in BASE[path], "the case no longer matches the fixture"
    text = BASE[path].replace(old, new, 1)
    root = make_programme({path: text})
    result = run_bif(
        "check", "--format", "json", "--root", str(root), env={"BIF_TODAY": "2017-06-30"}
    )
    report = json.loads(result.stdout)
    hits = [i for i in report["issues"] if i["code"] == code]
    assert hits, report
    expected_path = "data/budget.yaml" if code in ("BIF211",) else path
    expected_line = (
        line_of(BASE["data/budget.yaml"], needle) if code == "BIF211" else line_of(text, needle)
    )
    assert any(
        h["path"] == expected_path and h["line"] == expected_line and h["severity"] == severity
        for h in hits
    ), hits
    assert result.exit_code == (1 if severity == "error" else 0)


def test_clean_programme_prints_one_short_line(make_programme: Callable[..., Path]) -> None:
    result = run_bif("check", "--lang", "en", "--root", str(make_programme()))
    assert result.exit_code == 0
    assert result.stdout.strip().splitlines() == ["OK: 4 files checked, no problems."]


def test_same_org_number_in_two_files(make_programme: Callable[..., Path]) -> None:
    duplicate = OTHER_COMPANY.replace("923609016", "921588135")
    root = make_programme({"data/companies/annen-bedrift.yaml": duplicate})
    report = json.loads(run_bif("check", "--format", "json", "--root", str(root)).stdout)
    hits = [i for i in report["issues"] if i["code"] == "BIF202"]
    assert [(h["path"], h["line"]) for h in hits] == [("data/companies/eksempel-trevare.yaml", 2)]


def test_cluster_rules(make_programme: Callable[..., Path]) -> None:
    small = CLUSTER.replace(", tredje]", ", nobody]").replace("[eksempel-trevare, ", "[")
    root = make_programme(
        {"data/companies/annen-bedrift.yaml": OTHER_COMPANY, "data/clusters/trebruk.yaml": small}
    )
    report = json.loads(run_bif("check", "--format", "json", "--root", str(root)).stdout)
    found = {(i["code"], i["path"], i["line"]) for i in report["issues"]}
    assert ("BIF204", "data/clusters/trebruk.yaml", 3) in found  # unknown member 'nobody'
    assert ("BIF306", "data/clusters/trebruk.yaml", 3) in found  # two members


def test_valid_cluster_is_clean(make_programme: Callable[..., Path]) -> None:
    root = make_programme(
        {
            "data/companies/annen-bedrift.yaml": OTHER_COMPANY,
            "data/companies/tredje.yaml": THIRD_COMPANY,
            "data/clusters/trebruk.yaml": CLUSTER,
        }
    )
    result = run_bif("check", "--format", "json", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["issues"] == []


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("Bad_Name.yaml", "not a valid id"),
        ("notes.txt", "only <id>.yaml files"),
        ("annen.yml", "only <id>.yaml files"),
    ],
)
def test_file_names_in_companies(
    make_programme: Callable[..., Path], name: str, fragment: str
) -> None:
    root = make_programme({f"data/companies/{name}": OTHER_COMPANY})
    report = json.loads(
        run_bif("check", "--format", "json", "--lang", "en", "--root", str(root)).stdout
    )
    hits = [i for i in report["issues"] if i["code"] == "BIF014"]
    assert hits and hits[0]["path"] == f"data/companies/{name}"
    assert fragment in hits[0]["message"]


def test_names_that_differ_only_in_case(make_programme: Callable[..., Path]) -> None:
    root = make_programme({"data/companies/EKSEMPEL-TREVARE.yaml": OTHER_COMPANY})
    if len(list((root / "data/companies").iterdir())) < 2:
        pytest.skip("case-insensitive file system")
    report = json.loads(
        run_bif("check", "--format", "json", "--lang", "en", "--root", str(root)).stdout
    )
    messages = [i["message"] for i in report["issues"] if i["code"] == "BIF014"]
    assert any("only in letter case" in m for m in messages), messages


def test_symlink_is_refused(make_programme: Callable[..., Path], tmp_path: Path) -> None:
    root = make_programme()
    target = tmp_path / "elsewhere.yaml"
    target.write_text(OTHER_COMPANY, encoding="utf-8")
    os.symlink(target, root / "data/companies/annen-bedrift.yaml")
    report = json.loads(
        run_bif("check", "--format", "json", "--lang", "en", "--root", str(root)).stdout
    )
    assert any(i["code"] == "BIF014" and "symbolic" in i["message"] for i in report["issues"])


def test_leftover_temp_file_is_a_warning(make_programme: Callable[..., Path]) -> None:
    root = make_programme({"data/companies/.annen-bedrift.yaml.x1y2.tmp": "half"})
    result = run_bif("check", "--format", "json", "--root", str(root))
    report = json.loads(result.stdout)
    assert [i["code"] for i in report["issues"]] == ["BIF015"]
    assert result.exit_code == 0


def test_missing_budget_file(make_programme: Callable[..., Path]) -> None:
    root = make_programme({"data/budget.yaml": None})
    report = json.loads(run_bif("check", "--format", "json", "--root", str(root)).stdout)
    assert [(i["code"], i["path"]) for i in report["issues"]] == [("BIF016", "data/budget.yaml")]


def test_broken_company_is_not_reported_again_as_unknown(
    make_programme: Callable[..., Path],
) -> None:
    root = make_programme(
        {
            "data/companies/annen-bedrift.yaml": OTHER_COMPANY.replace("nace", "nacee"),
            "data/companies/tredje.yaml": THIRD_COMPANY,
            "data/clusters/trebruk.yaml": CLUSTER,
        }
    )
    report = json.loads(run_bif("check", "--format", "json", "--root", str(root)).stdout)
    codes = sorted(i["code"] for i in report["issues"])
    assert codes == ["BIF101", "BIF102"], report


def test_all_problems_in_one_run(make_programme: Callable[..., Path]) -> None:
    broken = COMPANY_YAML.replace('"921588135"', '"921588136"').replace(
        "market: international", "market: global"
    )
    root = make_programme(
        {COMPANY: broken, "data/budget.yaml": BUDGET_YAML.replace("frame: 1000000", "frame: x")}
    )
    report = json.loads(run_bif("check", "--format", "json", "--root", str(root)).stdout)
    assert report["errors"] == 3
    assert {i["code"] for i in report["issues"]} == {"BIF103", "BIF105", "BIF106"}
