"""A real browser renders the HTML report: not blank, charts visible, and it prints to PDF."""

from __future__ import annotations

import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from bif_cli.outputs.render import chromium_command, find_chromium
from conftest import run_bif

BROWSER = find_chromium()
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        BROWSER is None,
        reason="headless Chromium is not installed (apt-get install chromium); .ci/run installs it",
    ),
]

# The chart colours in templates/quarterly.html.j2.
COMMITTED, PAID, RECRUITED = (0x4F, 0x86, 0xB8), (0x1F, 0x3A, 0x5F), (0x2A, 0x7F, 0x62)


def read_png(data: bytes) -> tuple[int, int, list[tuple[int, int, int]]]:
    """Decode an 8-bit RGB or RGBA PNG (what Chromium writes) into width, height and pixels."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0
    channels = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * channels
    previous = bytearray(stride)
    pixels: list[tuple[int, int, int]] = []
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                guess = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[i] = (line[i] + guess) & 0xFF
        pixels.extend((line[i], line[i + 1], line[i + 2]) for i in range(0, stride, channels))
        previous = line
    return width, height, pixels


def near(pixel: tuple[int, int, int], colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 6 for a, b in zip(pixel, colour, strict=True))


def browse(page: Path, work: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    assert BROWSER is not None
    command = chromium_command(BROWSER, work / "profile", *args, page.as_uri())
    return subprocess.run(command, capture_output=True, timeout=180, check=False)


def test_chromium_renders_the_report_with_its_charts_and_prints_it(
    example_programme: Path, tmp_path: Path
) -> None:
    page = tmp_path / "q2-2015.html"
    made = run_bif(
        "report", "quarterly", "Q2-2015", "-o", str(page), "--root", str(example_programme)
    )
    assert made.exit_code == 0, made.output

    # The DOM after loading: the three charts (budget, funnel, burn-up), bars with a width.
    dom = browse(page, tmp_path, "--dump-dom").stdout.decode("utf-8")
    assert dom.count("<svg") == 3
    assert dom.count('class="bar-committed"') == 4  # one per budget area
    assert dom.count('class="bar-stage"') == 4
    assert "Rekrutteringstrakt" in dom and "Budsjett per innsatsområde" in dom

    # A screenshot of the top of the page: not blank, and the bars' colours are on it.
    shot = tmp_path / "q2-2015.png"
    browse(page, tmp_path, f"--screenshot={shot}", "--window-size=1280,1400", "--hide-scrollbars")
    width, height, pixels = read_png(shot.read_bytes())
    assert (width, height) == (1280, 1400)
    ink = sum(1 for p in pixels if p != (255, 255, 255))
    assert ink > len(pixels) * 0.05, "the page looks blank"
    for colour, what in ((COMMITTED, "committed"), (PAID, "paid"), (RECRUITED, "recruited")):
        seen = sum(1 for p in pixels if near(p, colour))
        assert seen > 500, f"the {what} bars are not visible ({seen} pixels)"

    # Printed to PDF through bif itself.
    pdf = tmp_path / "q2-2015.pdf"
    printed = run_bif(
        "report", "quarterly", "Q2-2015", "-o", str(pdf), "--root", str(example_programme)
    )
    assert printed.exit_code == 0, printed.output
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 20_000
    assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") >= 3  # A4 pages with breaks
