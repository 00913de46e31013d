"""Charts drawn from report data: an SVG burn-up (money to date against the frame), and PNG."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from bif_cli.errors import UsageError

if TYPE_CHECKING:
    from bif_cli.outputs.report_types import BurnUpPoint

COMMITTED, PAID, FRAME = "#4f86b8", "#1f3a5f", "#a35200"
CAIRO_HINT = "install it with `apt-get install libcairo2` (Debian/Ubuntu) or `brew install cairo`"
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 296, 92, 16, 16, 56


def burn_up_svg(
    points: Sequence[BurnUpPoint],
    frame: int | None,
    labels: dict[str, str],
    money: Callable[[int], str],
) -> Markup:
    """Draw committed and paid to date per quarter against the frame, as one inline SVG.

    Without a frame (a region's report) the chart has no frame line.
    """
    top_value: int = max(
        [frame or 0, 1, *(int(p["committed"]) for p in points), *(int(p["paid"]) for p in points)]
    )
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(points) - 1, 1)

    def x(i: int) -> float:
        return round(LEFT + i * step, 1)

    def y(value: int) -> float:
        return round(TOP + plot_h - value / top_value * plot_h, 1)

    parts = [
        f'<svg class="chart burn-up" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img">',
        f"<title>{escape(labels['title'])}</title>",
        '<rect x="0" y="0" width="100%" height="100%" fill="#ffffff"/>',
    ]
    for share in (0, 1, 2, 3, 4):
        value = top_value * share // 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value)}" y2="{y(value)}" '
            'stroke="#d4dbe3" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4}" font-size="11" text-anchor="end" '
            f'fill="#1d2733" font-family="sans-serif">{escape(money(value))}</text>'
        )
    for i, point in enumerate(points):
        if point["quarter"].startswith("Q1-") or i == 0:
            parts.append(
                f'<text x="{x(i)}" y="{HEIGHT - BOTTOM + 16}" font-size="11" '
                f'fill="#1d2733" font-family="sans-serif">{escape(point["quarter"][3:])}</text>'
                f'<line x1="{x(i)}" x2="{x(i)}" y1="{TOP + plot_h}" y2="{TOP + plot_h + 4}" '
                'stroke="#5a6b7d"/>'
            )
    if frame is not None:
        parts.append(
            f'<line class="frame-line" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(frame)}" '
            f'y2="{y(frame)}" stroke="{FRAME}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
    legend = [("committed", COMMITTED), ("paid", PAID)]
    if frame is not None:
        legend.append(("frame", FRAME))
    for key, colour in (("committed", COMMITTED), ("paid", PAID)):
        path = " ".join(
            f"{x(i)},{y(p['committed'] if key == 'committed' else p['paid'])}"
            for i, p in enumerate(points)
        )
        parts.append(
            f'<polyline class="line-{key}" points="{path}" fill="none" stroke="{colour}" '
            'stroke-width="3" stroke-linejoin="round"/>'
        )
    legend_y = HEIGHT - 8
    for offset, (key, colour) in enumerate(legend):
        lx = LEFT + offset * 170
        parts.append(
            f'<rect x="{lx}" y="{legend_y - 9}" width="12" height="10" fill="{colour}"/>'
            f'<text x="{lx + 18}" y="{legend_y}" font-size="11" fill="#1d2733" '
            f'font-family="sans-serif">{escape(labels[key])}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above went through escape()


def svg_to_png(svg: str, scale: float = 2.0) -> bytes:
    """Rasterise an SVG to PNG with CairoSVG (no browser needed)."""
    try:
        import cairosvg  # type: ignore[import-untyped]
    except OSError:  # CairoSVG is installed, but the Cairo library it draws with is not
        raise UsageError(
            f"a Word report draws its chart with Cairo, which is missing; {CAIRO_HINT}"
        ) from None

    png = cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale)
    assert isinstance(png, bytes)
    return png
