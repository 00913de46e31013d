"""The static site in headless Chromium: pages not blank, WCAG 2.1 AA by axe-core, no network."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bif_cli.outputs.render import chromium_command, find_chromium
from conftest import REPO_ROOT, run_bif
from test_report_browser import read_png

BROWSER = find_chromium()
AXE = Path(
    os.environ.get("BIF_AXE_JS")
    or REPO_ROOT / ".ci" / "tools" / "node_modules" / "axe-core" / "axe.min.js"
)
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        BROWSER is None,
        reason="headless Chromium is not installed (apt-get install chromium); .ci/run installs it",
    ),
]
needs_axe = pytest.mark.skipif(
    not AXE.is_file(), reason=f"axe-core is not installed at {AXE}; .ci/run installs it with npm"
)
# One page of every type the site has.
PAGE_TYPES = (
    "index.html",
    "companies/index.html",
    "companies/lesja-laft.html",
    "clusters/index.html",
    "clusters/trebruk-i-gudbrandsdalen.html",
    "budget.html",
    "milestones.html",
    "targets.html",
    "reports/index.html",
    "reports/2015-Q2.html",
    "reports/annual-2015.html",
    "reports/final.html",
)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """
<script src="{axe}"></script>
<script>
axe.run(document, {{runOnly: {{type: "tag", values: {tags}}}, resultTypes: ["violations"]}})
  .then(function (result) {{
    var found = result.violations.map(function (v) {{
      return {{id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.map(function (n) {{ return n.target.join(" "); }})}};
    }});
    document.documentElement.setAttribute("data-axe", JSON.stringify(found));
  }})
  .catch(function (e) {{ document.documentElement.setAttribute("data-axe-error", String(e)); }});
</script>
"""


# Put first in <head>: no fetch of any kind is allowed, and every attempt is recorded, together
# with every resource the page loaded (the Resource Timing list), once the page has loaded.
WATCH_REQUESTS = """<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<script>
var attempts = [];
document.addEventListener("securitypolicyviolation", function (e) { attempts.push(e.blockedURI); });
window.addEventListener("load", function () {
  setTimeout(function () {
    var loaded = performance.getEntriesByType("resource").map(function (r) { return r.name; });
    document.documentElement.setAttribute("data-requests", JSON.stringify(attempts.concat(loaded)));
  }, 500);
});
</script>
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("site")
    shutil.copytree(REPO_ROOT / "data", work / "programme" / "data")
    result = run_bif("site", "-o", str(work / "out"), "--root", str(work / "programme"))
    assert result.exit_code == 0, result.output
    return work / "out"


def browse(page: Path, work: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    assert BROWSER is not None
    command = chromium_command(BROWSER, work / "profile", *args, page.as_uri())
    return subprocess.run(command, capture_output=True, timeout=180, check=False)


@needs_axe
@pytest.mark.parametrize("rel", PAGE_TYPES)
def test_every_page_type_has_no_wcag_21_aa_violations(site: Path, tmp_path: Path, rel: str) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    shutil.copyfile(AXE, copy / "axe.min.js")
    page = copy / rel
    depth = rel.count("/")
    runner = RUN_AXE.format(axe="../" * depth + "axe.min.js", tags=json.dumps(WCAG_TAGS))
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</body>", runner + "</body>", 1), encoding="utf-8")
    done = browse(page, tmp_path, "--virtual-time-budget=30000", "--dump-dom")
    dom = done.stdout.decode("utf-8", errors="replace")
    found = re.search(r'data-axe="([^"]*)"', dom)
    assert found is not None, (done.returncode, dom[:500], done.stderr.decode()[-2000:])
    violations = json.loads(html.unescape(found.group(1)))
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("rel", ["index.html", "companies/lesja-laft.html"])
def test_dashboard_and_company_page_are_drawn_and_request_nothing_outside(
    site: Path, tmp_path: Path, rel: str
) -> None:
    shot = tmp_path / "page.png"
    done = browse(site / rel, tmp_path, "--window-size=1200,1600", f"--screenshot={shot}")
    assert shot.is_file(), done.stderr.decode()[-2000:]
    width, height, pixels = read_png(shot.read_bytes())
    assert (width, height) == (1200, 1600)
    ink = sum(1 for p in pixels if max(p) < 120)  # dark text and the navy header
    assert ink > width * height // 100, "the page looks blank"
    assert len(set(pixels[::97])) > 20, "the page has hardly any colours: not drawn"
    assert requests_made(site, rel, tmp_path) == []


def requests_made(site: Path, rel: str, work: Path) -> list[str]:
    """Return every request the page made or tried beyond its own document."""
    copy = work / "watched"
    shutil.copytree(site, copy)
    page = copy / rel
    text = page.read_text(encoding="utf-8")
    assert "http-equiv" not in text.lower()  # no refresh or other header games
    page.write_text(text.replace("<head>", "<head>\n" + WATCH_REQUESTS, 1), encoding="utf-8")
    done = browse(page, work, "--virtual-time-budget=5000", "--dump-dom")
    dom = done.stdout.decode("utf-8", errors="replace")
    found = re.search(r'data-requests="([^"]*)"', dom)
    assert found is not None, dom[:500]
    made: list[str] = json.loads(html.unescape(found.group(1)))
    return made


def test_the_request_watch_sees_a_remote_image(site: Path, tmp_path: Path) -> None:
    """The watch itself works: a page that loads a remote image is caught."""
    shutil.copytree(site, tmp_path / "bad")
    page = tmp_path / "bad" / "index.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</main>", '<img src="https://e.invalid/x.png" alt="x"></main>'))
    assert "https://e.invalid/x.png" in requests_made(tmp_path / "bad", "index.html", tmp_path)


def test_every_internal_link_resolves_and_none_is_absolute(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30
    broken = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        ids = set(re.findall(r'\bid="([^"]+)"', text))
        for link in re.findall(r'\b(?:href|src)="([^"]*)"', text):
            target, _, fragment = html.unescape(link).partition("#")
            if re.match(r"^[a-z][a-z0-9+.-]*:|^/", target):
                broken.append(f"{page.relative_to(site)}: absolute link {link}")
            elif target and not (page.parent / target).resolve().is_file():
                broken.append(f"{page.relative_to(site)}: {link} does not resolve")
            elif not target and fragment and fragment not in ids:
                broken.append(f"{page.relative_to(site)}: #{fragment} is not on the page")
    assert broken == []
