"""The annual and final reports in a real browser, and the Word reports converted by LibreOffice."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from bif_cli.outputs.render import chromium_command, find_chromium
from conftest import run_bif

BROWSER = find_chromium()
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_browser = pytest.mark.skipif(
    BROWSER is None,
    reason="headless Chromium is not installed (apt-get install chromium); .ci/run installs it",
)
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui); "
    ".ci/run installs it",
)


def browse(page: Path, work: Path, *args: str) -> str:
    assert BROWSER is not None
    command = chromium_command(BROWSER, work / "profile", *args, page.as_uri())
    done = subprocess.run(command, capture_output=True, timeout=180, check=False)
    return done.stdout.decode("utf-8")


def pages(pdf: bytes) -> int:
    """Count a PDF's pages."""
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.browser
@needs_browser
@pytest.mark.parametrize("args", [("annual", "2015"), ("final",)], ids=["annual", "final"])
def test_chromium_renders_the_annual_and_final_reports(
    example_programme: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    page = tmp_path / "report.html"
    made = run_bif("report", *args, "-o", str(page), "--root", str(example_programme))
    assert made.exit_code == 0, made.output
    dom = browse(page, tmp_path, "--dump-dom")
    assert dom.count('class="chart burn-up"') == 1
    assert 'class="line-committed"' in dom and 'class="frame-line"' in dom
    assert "Bevilget og utbetalt mot rammen" in dom and "Begreper" in dom
    pdf = tmp_path / "report.pdf"
    printed = run_bif("report", *args, "-o", str(pdf), "--root", str(example_programme))
    assert printed.exit_code == 0, printed.output
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and pages(data) >= 4


@pytest.mark.libreoffice
@needs_libreoffice
def test_libreoffice_converts_the_word_reports_to_pdf(
    example_programme: Path, tmp_path: Path
) -> None:
    assert SOFFICE is not None
    for name, args in (("q4", ("quarterly", "Q4-2016")), ("final", ("final",))):
        docx = tmp_path / f"{name}.docx"
        made = run_bif("report", *args, "-o", str(docx), "--root", str(example_programme))
        assert made.exit_code == 0, made.output
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(docx),
            ],
            capture_output=True,
            timeout=300,
            check=True,
        )
        data = (tmp_path / f"{name}.pdf").read_bytes()
        assert data.startswith(b"%PDF")
        assert pages(data) >= 3, f"{name}: {pages(data)} page(s)"


@pytest.mark.browser
@needs_browser
def test_a_draft_says_utkast_at_the_top_and_bottom_of_every_printed_page(
    example_programme: Path, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    (example_programme / "data" / "reports" / "2016-Q4.md").unlink()
    draft = tmp_path / "draft.pdf"
    made = run_bif(
        "report", "quarterly", "Q4-2016", "-o", str(draft), "--root", str(example_programme)
    )
    assert made.exit_code == 0, made.output
    pages_text = [page.extract_text() for page in PdfReader(str(draft)).pages]
    assert len(pages_text) >= 4
    for number, text in enumerate(pages_text, start=1):
        assert text.startswith("UTKAST"), number
        assert f"Side {number} / {len(pages_text)}Utkast – Bedriftene i fokus" in text, number
    # The repository's own Q2-2015 has its narrative: no mark on any page.
    final = tmp_path / "final.pdf"
    made = run_bif(
        "report",
        "quarterly",
        "Q2-2015",
        "--final",
        "-o",
        str(final),
        "--root",
        str(example_programme),
    )
    assert made.exit_code == 0, made.output
    assert all("utkast" not in p.extract_text().casefold() for p in PdfReader(str(final)).pages)
