"""Hostile names and notes in the data reach the static site only as escaped text."""

from __future__ import annotations

from pathlib import Path

from conftest import run_bif

EVIL = '<script>alert(1)</script><img src=x onerror=alert(2)> "&" ../../etc'


def test_names_notes_and_plans_are_escaped_on_every_page(make_programme, tmp_path: Path) -> None:
    root = make_programme()
    company = root / "data/companies/eksempel-trevare.yaml"
    text = company.read_text(encoding="utf-8")
    text = text.replace("name: Eksempel Trevare AS", f"name: '{EVIL}'")
    text = text.replace("status: identified}", f"status: identified, note: '{EVIL}'}}")
    text = text.replace("title: FoU-prosjekt", f"title: '{EVIL}'")
    company.write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    result = run_bif("site", "-o", str(out), "--root", str(root))
    assert result.exit_code == 0, result.output
    page = (out / "companies/eksempel-trevare.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    for html in out.rglob("*.html"):
        content = html.read_text(encoding="utf-8")
        assert "<script>alert" not in content and "<img src=x" not in content, html
