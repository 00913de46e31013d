"""The narrative is people's Markdown: no raw HTML, unsafe link or remote image gets through."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from hostile_helpers import run_bif
from markdown_it import MarkdownIt

NARRATIVE = """\
## Status og framdrift

Hei <script>alert(1)</script> og <img src=x onerror=alert(1)>.
Lenker: [a](javascript:alert(1)), [b](jav&#97;script:alert(2)), [c](<vbscript:x>),
[d](https://www.oppland.no) og [e](mailto:post@example.no).
[ref]: javascript:alert(3)

![kart](http://evil.example/x.png)
![lokal](data:image/png;base64,iVBORw0KGgo=)

`<b>kode</b>` står som kode.
"""


def _report(root: Path, output_format: str) -> str:
    result = run_bif("report", "quarterly", "Q2-2015", "--format", output_format, cwd=root)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_markdown_report_neutralises_raw_html_and_unsafe_links(
    make_programme: Callable[..., Path],
) -> None:
    root = make_programme({"data/reports/2015-Q2.md": NARRATIVE})
    text = _report(root, "md")
    rendered = MarkdownIt("commonmark", {"html": True}).render(text)
    assert "<script" not in rendered and '<img src="x"' not in rendered
    assert "onerror" not in re.sub(r"&lt;img[^\n]*", "", rendered)
    hrefs = re.findall(r'href="([^"]*)"', rendered)
    assert "https://www.oppland.no" in hrefs and "mailto:post@example.no" in hrefs
    assert not [h for h in hrefs if h.split(":")[0].lower() not in ("https", "http", "mailto")
                and not h.startswith("#")]  # fmt: skip
    assert "`<b>kode</b>`" in text  # code stays as written


def test_the_html_report_drops_remote_images_and_keeps_data_uris(
    make_programme: Callable[..., Path],
) -> None:
    root = make_programme({"data/reports/2015-Q2.md": NARRATIVE})
    page = _report(root, "html")
    assert "evil.example" not in page
    assert "[kart]" in page
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in page
    assert "<script>alert" not in page
    assert not re.search(r'(href|src)="\s*(javascript|vbscript):', page, re.IGNORECASE)
    sources = re.findall(r'<img[^>]*src="([^"]*)"', page)
    assert all(s.startswith("data:") for s in sources)
