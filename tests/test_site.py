"""`bif site`: the pages it builds, that they are the same each time, and what it refuses."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO_ROOT, run_bif


def example(tmp_path: Path) -> Path:
    root = tmp_path / "programme"
    shutil.copytree(REPO_ROOT / "data", root / "data")
    return root


def build(root: Path, out: Path, *args: str) -> str:
    result = run_bif("site", "-o", str(out), "--root", str(root), *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_the_site_has_a_page_per_company_and_cluster_and_every_report(tmp_path: Path) -> None:
    root = example(tmp_path)
    out = tmp_path / "site"
    said = build(root, out)
    built = files(out)
    assert said == f"Skrev {sum(p.endswith('.html') for p in built)} sider til {out}.\n"
    for company in (root / "data/companies").glob("*.yaml"):
        assert f"companies/{company.stem}.html" in built
    for cluster in (root / "data/clusters").glob("*.yaml"):
        assert f"clusters/{cluster.stem}.html" in built
    for page in (
        "index.html",
        "budget.html",
        "milestones.html",
        "targets.html",
        "reports/index.html",
    ):
        assert page in built
    # Pinned today is 2016-12-31: every quarter from the mandate (2013) to Q4-2016 has ended.
    reports = sorted(p for p in built if p.startswith("reports/20"))
    assert reports[0] == "reports/2013-Q3.html" and reports[-1] == "reports/2016-Q4.html"
    dashboard = built["index.html"].decode()
    assert 'href="reports/2016-Q4.html"' in dashboard and "13 220 000 kr" in dashboard


def test_a_report_page_is_the_report_the_command_makes(tmp_path: Path) -> None:
    root = example(tmp_path)
    out = tmp_path / "site"
    build(root, out)
    report = run_bif("report", "quarterly", "Q2-2015", "--format", "html", "--root", str(root))
    assert report.exit_code == 0
    page = (out / "reports/2015-Q2.html").read_text(encoding="utf-8")
    nav_start = page.index('<nav aria-label="Sidene"')
    nav_end = page.index("</nav>", nav_start) + len("</nav>\n")
    assert page[:nav_start] + page[nav_end:] == report.stdout


def without_site_nav(page: str) -> str:
    nav_start = page.index('<nav aria-label="Sidene"')
    nav_end = page.index("</nav>", nav_start) + len("</nav>\n")
    return page[:nav_start] + page[nav_end:]


def test_annual_and_final_report_pages_are_the_reports_the_commands_make(tmp_path: Path) -> None:
    root = example(tmp_path)
    out = tmp_path / "site"
    build(root, out)
    built = files(out)
    # Pinned today is 2016-12-31: every year from the mandate (2013) has ended, and the period too.
    annual = sorted(p for p in built if p.startswith("reports/annual-"))
    assert annual == [f"reports/annual-{year}.html" for year in (2013, 2014, 2015, 2016)]
    for year in ("2015", "2016"):
        made = run_bif("report", "annual", year, "--format", "html", "--root", str(root))
        assert made.exit_code == 0, made.output
        page = built[f"reports/annual-{year}.html"].decode()
        assert without_site_nav(page) == made.stdout
    final = run_bif("report", "final", "--format", "html", "--root", str(root))
    assert final.exit_code == 0, final.output
    assert without_site_nav(built["reports/final.html"].decode()) == final.stdout
    for listing, prefix in (("index.html", "reports/"), ("reports/index.html", "")):
        text = built[listing].decode()
        for page in [*annual, "reports/final.html"]:
            assert f'href="{prefix}{page.removeprefix("reports/")}"' in text, (listing, page)


def test_a_report_without_its_narrative_is_listed_as_a_draft(tmp_path: Path) -> None:
    root = example(tmp_path)
    build(root, tmp_path / "with")
    listing = (tmp_path / "with/reports/index.html").read_text(encoding="utf-8")
    assert '<a href="final.html">Sluttrapport</a></li>' in listing  # final.md is written
    assert '<a href="annual-2016.html">Årsrapport 2016</a></li>' in listing  # 2016.md too
    assert '<a href="annual-2015.html">Årsrapport 2015</a> (utkast)' in listing  # no 2015.md
    (root / "data/reports/final.md").unlink()
    build(root, tmp_path / "without")
    listing = (tmp_path / "without/reports/index.html").read_text(encoding="utf-8")
    assert '<a href="final.html">Sluttrapport</a> (utkast)' in listing
    dashboard = (tmp_path / "without/index.html").read_text(encoding="utf-8")
    assert '<a href="reports/final.html">Sluttrapport</a> (utkast)' in dashboard


def test_the_dashboard_draws_the_burn_up_against_the_frame(tmp_path: Path) -> None:
    root = example(tmp_path)
    out = tmp_path / "site"
    build(root, out)
    dashboard = (out / "index.html").read_text(encoding="utf-8")
    chart = dashboard[dashboard.index('<figure class="burn-up">') :]
    chart = chart[: chart.index("</figure>")]
    assert "<figcaption>Bevilget og utbetalt per kvartal mot rammen</figcaption>" in chart
    assert 'class="line-committed"' in chart and 'class="line-paid"' in chart
    assert 'class="frame-line"' in chart  # the frame, as the reports draw it
    # One point a quarter from the period's start (Q1-2014) to Q4-2016: twelve.
    committed = chart.split('class="line-committed" points="')[1].split('"')[0]
    assert len(committed.split()) == 12
    assert "http" not in chart.replace("http://www.w3.org/2000/svg", "")


def test_the_same_data_builds_the_same_bytes(tmp_path: Path) -> None:
    root = example(tmp_path)
    build(root, tmp_path / "one")
    build(root, tmp_path / "two")
    assert files(tmp_path / "one") == files(tmp_path / "two")


def test_as_of_shows_the_programme_as_it_stood(tmp_path: Path) -> None:
    root = example(tmp_path)
    out = tmp_path / "site"
    build(root, out, "--as-of", "2014-06-30")
    built = files(out)
    assert "reports/2014-Q2.html" in built and "reports/2014-Q3.html" not in built
    assert "reports/annual-2013.html" in built and "reports/annual-2014.html" not in built
    assert "reports/final.html" not in built
    assert "30.06.2014" in built["index.html"].decode()


def test_rebuilding_replaces_the_old_site_whole(tmp_path: Path) -> None:
    root = example(tmp_path)
    out = tmp_path / "site"
    build(root, out)
    (root / "data/companies/otta-programvare.yaml").unlink()
    build(root, out)
    assert not (out / "companies/otta-programvare.html").exists()


def test_a_folder_bif_did_not_write_is_never_replaced(tmp_path: Path) -> None:
    root = example(tmp_path)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    result = run_bif("site", "-o", str(mine), "--root", str(root))
    assert result.exit_code == 2 and "ikke har skrevet" in result.stderr
    assert (mine / "notes.txt").read_text() == "keep me"


def test_data_errors_stop_the_site(tmp_path: Path) -> None:
    root = example(tmp_path)
    company = root / "data/companies/lesja-laft.yaml"
    company.write_text(company.read_text(encoding="utf-8").replace("region:", "regionn:"))
    out = tmp_path / "site"
    result = run_bif("site", "-o", str(out), "--root", str(root))
    assert result.exit_code == 1 and "lesja-laft.yaml" in result.stdout
    assert not out.exists()
