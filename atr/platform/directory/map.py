"""A small map of services as an SVG drawn on the server: works without JavaScript or tiles.

Points are placed by longitude and latitude in a box around West Yorkshire (an equirectangular
projection scaled for 53.7°N, close enough at this size). The map only repeats what the list beside
it says, so it is one image with a text alternative, not a second way to navigate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString

WEST, EAST, SOUTH, NORTH = -2.25, -1.15, 53.50, 54.00
WIDTH = 440


@dataclass(frozen=True)
class MapPoint:
    latitude: float
    longitude: float
    label: str
    number: int = 0  # its number in the list beside the map (0: not numbered, e.g. the postcode)


def _xy(point: MapPoint, height: float) -> tuple[float, float]:
    x = (min(max(point.longitude, WEST), EAST) - WEST) / (EAST - WEST) * WIDTH
    y = (NORTH - min(max(point.latitude, SOUTH), NORTH)) / (NORTH - SOUTH) * height
    return round(x, 1), round(y, 1)


def svg_map(points: list[MapPoint], here: MapPoint | None = None) -> SafeString:
    """An accessible SVG: numbered dots in the order of the list, and a square for the postcode."""
    height = WIDTH * (NORTH - SOUTH) / ((EAST - WEST) * math.cos(math.radians(53.75)))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" class="atr-map" '
        f'role="img" aria-labelledby="map-title">',
        f'<title id="map-title">Map of the {len(points)} services listed on this page'
        f"{escape(' and of ' + here.label) if here else ''}</title>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{height:.0f}" fill="#f3f2f1" stroke="#b1b4b6"/>',
    ]
    if here is not None:
        x, y = _xy(here, height)
        parts.append(f'<rect x="{x - 6}" y="{y - 6}" width="12" height="12" fill="#0b0c0c"/>')
    for point in points:
        x, y = _xy(point, height)
        parts.append(f'<circle cx="{x}" cy="{y}" r="7" fill="#1d70b8" stroke="#ffffff" stroke-width="1.5"/>')
        parts.append(
            f'<text x="{x}" y="{y + 3.5}" text-anchor="middle" font-size="9" fill="#ffffff" '
            f'font-family="Arial, sans-serif">{point.number}</text>'
        )
    parts.append("</svg>")
    return SafeString("".join(parts))
