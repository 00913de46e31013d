"""Values from data files are escaped for the report's format: HTML, and Markdown tables."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from bif_cli.outputs.render import css_string, demote_headings, md_escape
from bif_cli.texts import CATALOGUES
from conftest import COMPANY_YAML, run_bif

SCRIPT_NAME = "<script>alert(1)</script> AS"
PIPE_NAME = "Rør | Rekkverk AS"

SCRIPT_COMPANY = COMPANY_YAML.replace("name: Eksempel Trevare AS", f'name: "{SCRIPT_NAME}"')
PIPE_COMPANY = (
    COMPANY_YAML.replace("name: Eksempel Trevare AS", f'name: "{PIPE_NAME}"')
    .replace('org_number: "921588135"', 'org_number: "910000020"')
    .replace("title: FoU-prosjekt", 'title: "Del 1 | del 2"')
)
NARRATIVE = """\
## Avvik

<script>alert('narrativ')</script> og [lenke](javascript:alert(1)).
"""


@pytest.fixture
def root(make_programme: Callable[..., Path]) -> Path:
    return make_programme(
        {
            "data/companies/eksempel-trevare.yaml": SCRIPT_COMPANY,
            "data/companies/ror.yaml": PIPE_COMPANY,
            "data/reports/2014-Q2.md": NARRATIVE,
        }
    )


def test_html_escapes_names_and_the_narrative(root: Path) -> None:
    result = run_bif("report", "quarterly", "Q2-2014", "--format", "html", "--root", str(root))
    assert result.exit_code == 0, result.output
    html = result.stdout
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; AS" in html
    assert "&lt;script&gt;alert('narrativ')&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    assert "Rør | Rekkverk AS" in html


def _cells(row: str) -> int:
    """Count the cells of a Markdown table row, not counting escaped pipes."""
    return len(re.findall(r"(?<!\\)\|", row)) - 1


def test_markdown_tables_keep_their_columns(root: Path) -> None:
    result = run_bif("report", "quarterly", "Q2-2014", "--root", str(root))
    assert result.exit_code == 0, result.output
    md = result.stdout
    assert "Rør \\| Rekkverk AS" in md
    assert "\\<script\\>alert(1)\\</script\\> AS" in md
    assert "<script>" not in md.split("## 7.")[0]
    # Every table row has as many cells as its header.
    for table in re.findall(r"(?:^\|.*\|\n)+", md, re.MULTILINE):
        rows = table.strip("\n").split("\n")
        assert {_cells(r) for r in rows} == {_cells(rows[0])}, table


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("A | B", "A \\| B"),
        ("two\nlines", "two lines"),
        ("<b>&amp;", "\\<b\\>\\&amp;"),
        ("Mat & Bakst", "Mat & Bakst"),
        ("*fet* _kursiv_ `kode` [lenke]", "\\*fet\\* \\_kursiv\\_ \\`kode\\` \\[lenke\\]"),
        ("# ikke overskrift", "\\# ikke overskrift"),
        ("- ikke punkt", "\\- ikke punkt"),
        ("1. ikke nummer", "1\\. ikke nummer"),
        ("Sør-Fron 2015", "Sør-Fron 2015"),
    ],
)
def test_md_escape(value: str, escaped: str) -> None:
    assert md_escape(value) == escaped


def test_narrative_headings_move_one_level_down_but_not_in_code() -> None:
    text = "# Tittel\n\n## Avvik\n\nUnder\n=====\n\n```\n## kode\n```\n"
    assert demote_headings(text) == "## Tittel\n\n### Avvik\n\n## Under\n\n```\n## kode\n```"


def test_css_strings_cannot_leave_the_style_element() -> None:
    quoted = str(css_string('Navn </style><script>"x"\\'))
    assert "<" not in quoted and quoted.count('"') == 2 and "\\3c " in quoted


def test_both_catalogues_have_the_same_texts() -> None:
    def keys(tree: dict, prefix: str = "") -> set[str]:  # type: ignore[type-arg]
        found = set()
        for key, value in tree.items():
            found.add(prefix + key)
            if isinstance(value, dict):
                found |= keys(value, prefix + key + ".")
        return found

    assert keys(CATALOGUES["nb"]) == keys(CATALOGUES["en"])
