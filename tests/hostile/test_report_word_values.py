"""Hostile values and templates in the Word report: escaped as text, never run, never a crash."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docx import Document

from conftest import COMPANY_YAML, run_bif

NAME = 'Ond & "Lur" <w:p>{{ 7*7 }}{% raw %}</w:p> AS'


def test_names_with_xml_and_jinja_are_written_as_text(
    make_programme: Callable[..., Path], tmp_path: Path
) -> None:
    hostile = COMPANY_YAML.replace("name: Eksempel Trevare AS", f"name: '{NAME}'")
    root = make_programme({"data/companies/eksempel-trevare.yaml": hostile})
    out = tmp_path / "q2.docx"
    result = run_bif("report", "quarterly", "Q2-2014", "-o", str(out), "--root", str(root))
    assert result.exit_code == 0, result.output
    document = Document(str(out))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert NAME in cells
    assert "49" not in cells


def test_a_template_that_is_not_a_word_file_is_a_clear_error(
    make_programme: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_programme({"templates/quarterly.docx": "not a zip file\n"})
    out = tmp_path / "q2.docx"
    result = run_bif("report", "quarterly", "Q2-2014", "-o", str(out), "--root", str(root))
    assert result.exit_code == 1
    assert "templates/quarterly.docx" in result.stderr and "save it from Word" in result.stderr
    assert "internal error" not in result.stderr and not out.exists()


def test_a_template_with_a_broken_tag_names_the_file(
    make_programme: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_programme({})
    (root / "templates").mkdir()
    broken = Document()
    broken.add_paragraph("{% for %}")
    broken.save(str(root / "templates" / "quarterly.docx"))
    out = tmp_path / "q2.docx"
    result = run_bif("report", "quarterly", "Q2-2014", "-o", str(out), "--root", str(root))
    assert result.exit_code == 1
    assert "templates/quarterly.docx failed" in result.stderr
    assert "internal error" not in result.stderr and not out.exists()


def test_a_narrative_with_markup_and_tags_stays_text_in_word(
    make_programme: Callable[..., Path], tmp_path: Path
) -> None:
    narrative = "## Avvik\n\n<script>x</script> & {{ 7*7 }} {%p if true %} </w:t></w:r>\n"
    root = make_programme({"data/reports/2014-Q2.md": narrative})
    out = tmp_path / "q2.docx"
    result = run_bif("report", "quarterly", "Q2-2014", "-o", str(out), "--root", str(root))
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "<script>x</script> & {{ 7*7 }} {%p if true %} </w:t></w:r>" in text


def test_an_area_name_with_markup_is_escaped_in_the_charts(
    make_programme: Callable[..., Path], tmp_path: Path
) -> None:
    from conftest import BUDGET_YAML

    evil = '<script>x</script>&"FoU"'
    budget = BUDGET_YAML.replace("name: FoU,", f"name: '{evil}',")
    root = make_programme({"data/budget.yaml": budget})
    html = run_bif("report", "quarterly", "Q2-2014", "--format", "html", "--root", str(root))
    assert html.exit_code == 0, html.output
    assert "<script>" not in html.stdout
    assert "B: &lt;script&gt;x&lt;/script&gt;&amp;&#34;FoU&#34;" in html.stdout
    out = tmp_path / "q2.docx"
    word = run_bif("report", "quarterly", "Q2-2014", "-o", str(out), "--root", str(root))
    assert word.exit_code == 0, word.output
    assert len(Document(str(out)).inline_shapes) == 3


def test_a_word_template_that_is_a_link_is_refused(
    make_programme: Callable[..., Path], tmp_path: Path
) -> None:
    outside = tmp_path / "outside.docx"
    secret = Document()
    secret.add_paragraph("Hemmelig: {{ programme.name }}")
    secret.save(str(outside))
    root = make_programme({})
    (root / "templates").mkdir()
    (root / "templates" / "quarterly.docx").symlink_to(outside)
    out = tmp_path / "q2.docx"
    result = run_bif("report", "quarterly", "Q2-2014", "-o", str(out), "--root", str(root))
    assert result.exit_code == 1
    assert "the Word template templates/quarterly.docx" in result.stderr
    assert "leads outside the programme folder" in result.stderr
    assert not out.exists()
