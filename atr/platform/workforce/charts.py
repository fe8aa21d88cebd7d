"""Small server-rendered SVG charts (no script, no inline style: the CSP allows neither).

Every chart is an ``<svg role="img">`` with a title naming what it shows, and every page that
draws one also gives the same numbers as a table, so nothing is only in the picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from django.utils.safestring import SafeString, mark_safe

from atr.platform.workforce.coverage import GOAL_DATE, Coverage

WIDTH, HEIGHT, PAD = 640, 260, 40
BLUE, GREY, BLACK = "#1d70b8", "#505a5f", "#0b0c0c"


def _x(day: date, start: date, end: date) -> float:
    span = max((end - start).days, 1)
    return PAD + (WIDTH - 2 * PAD) * (day - start).days / span


def _y(share: float) -> float:
    return HEIGHT - PAD - (HEIGHT - 2 * PAD) * share


def trajectory_svg(coverage: list[Coverage], name: str) -> SafeString:
    """Coverage at each quarter end (solid) and the straight line to 100% in 2030 (dashed)."""
    series = [c for c in coverage if c.share is not None]
    title = f"Staff trained to their required level, {name}, and the path to 100% by 2030"
    if not series:
        return mark_safe("")  # nothing to draw; the page says why
    start, end = series[0].day, GOAL_DATE
    points = " ".join(f"{_x(c.day, start, end):.1f},{_y(c.share or 0):.1f}" for c in series)
    first = series[0].share or 0.0
    parts = [
        f'<svg class="atr-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="traj-title">',
        f'<title id="traj-title">{escape(title)}</title>',
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        y = _y(tick)
        parts.append(f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{y:.1f}" y2="{y:.1f}" stroke="#b1b4b6"/>')
        parts.append(
            f'<text x="{PAD - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="{BLACK}">{tick:.0%}</text>'
        )
    for year in range(start.year + 1, end.year + 1):
        x = _x(date(year, 1, 1), start, end)
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - PAD + 18}" text-anchor="middle" font-size="12" fill="{BLACK}">{year}</text>'
        )
    parts.append(
        f'<line x1="{_x(start, start, end):.1f}" y1="{_y(first):.1f}" x2="{_x(end, start, end):.1f}" '
        f'y2="{_y(1.0):.1f}" stroke="{GREY}" stroke-width="2" stroke-dasharray="6 4"/>'
    )
    parts.append(f'<polyline points="{points}" fill="none" stroke="{BLUE}" stroke-width="3"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def bars_svg(
    label: str, rows: Sequence[tuple[str, float | None, float | None]], maximum: float
) -> SafeString:
    """Horizontal bars per row: this round (blue) and the previous one (grey outline), if any."""
    row_height = 34
    height = PAD + row_height * len(rows)
    label_width = 230
    scale = (WIDTH - label_width - 50) / maximum if maximum else 0
    parts = [
        f'<svg class="atr-chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="bars-title">',
        f'<title id="bars-title">{escape(label)}</title>',
    ]
    for n, (name, now, before) in enumerate(rows):
        y = 10 + n * row_height
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end" font-size="13" fill="{BLACK}">{escape(name)}</text>'
        )
        if now is not None:
            parts.append(
                f'<rect x="{label_width}" y="{y + 3}" width="{now * scale:.1f}" height="18" fill="{BLUE}"/>'
            )
            parts.append(
                f'<text x="{label_width + now * scale + 6:.1f}" y="{y + 16}" font-size="12" fill="{BLACK}">{now:.1f}</text>'
            )
        if before is not None:
            parts.append(
                f'<rect x="{label_width}" y="{y + 1}" width="{before * scale:.1f}" height="22" fill="none" '
                f'stroke="{GREY}" stroke-width="2" stroke-dasharray="4 3"/>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))
