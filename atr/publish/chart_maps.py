"""Choropleth maps of wards or MSOAs, as Vega-Lite ``geoshape`` specs.

Two things the measured stack found (docs/publish.md, "Maps"):

* Vega's d3-geo wants each polygon's exterior ring **clockwise**, the opposite of RFC 7946
  GeoJSON. A counter-clockwise ring is drawn as the whole globe minus the area, i.e. one filled
  rectangle. :func:`rewind_clockwise` fixes every ring whatever the source's convention (the
  real ONS files are clockwise already; the synthetic grid squares are not).
* Coordinates are rounded to 5 decimal places (about 1 m) to keep the SVG small.

Values above zero are grouped into at most five classes at quantile breaks of the values
*shown*, labelled "a to b". Zero, suppressed and not-available areas each have their own class,
named in the legend and drawn in its own colour, so that a suppressed area (1 to 7 cases) is never
mistaken for none, and a map whose shown values are all zero never reads "0.0 to 0.0". The data
table under the map lists every area, so the map is never the only route.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from atr.publish.chart_specs import config

BAND_COLOURS = ("#d2e2f1", "#8fb8de", "#5694ca", "#1d70b8", "#003078")
ZERO_LABEL = "0 (none recorded)"
SUPPRESSED_LABEL = "Suppressed [c] (1 to 7, or to protect another figure)"
NOT_AVAILABLE_LABEL = "Not available"
SPECIAL_COLOURS = {ZERO_LABEL: "#ffffff", SUPPRESSED_LABEL: "#626a6e", NOT_AVAILABLE_LABEL: "#f3f2f1"}
"""White for none, dark grey for suppressed (it hides a small positive count), pale grey for no
figure: three classes a reader must not confuse, each also named in the legend."""

Ring = list[list[float]]


def _signed_area(ring: Ring) -> float:
    return sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] for i in range(len(ring) - 1)) / 2


def _round_ring(ring: Sequence[Sequence[float]]) -> Ring:
    return [[round(float(p[0]), 5), round(float(p[1]), 5)] for p in ring]


def _fix_polygon(rings: Sequence[Sequence[Sequence[float]]]) -> list[Ring]:
    fixed = []
    for i, raw in enumerate(rings):
        ring = _round_ring(raw)
        exterior = i == 0
        # Planar shoelace with y = latitude: negative means clockwise.
        if (exterior and _signed_area(ring) > 0) or (not exterior and _signed_area(ring) < 0):
            ring.reverse()
        fixed.append(ring)
    return fixed


def rewind_clockwise(geometry: dict[str, Any]) -> dict[str, Any]:
    """A copy of a Polygon/MultiPolygon with clockwise exteriors and anticlockwise holes."""
    if geometry.get("type") == "Polygon":
        return {"type": "Polygon", "coordinates": _fix_polygon(geometry["coordinates"])}
    if geometry.get("type") == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": [_fix_polygon(p) for p in geometry["coordinates"]]}
    raise ValueError(f"not a polygon geometry: {geometry.get('type')}")


def quantile_breaks(values: Sequence[float], classes: int = 5) -> list[float]:
    """Upper bounds of up to ``classes`` groups of roughly equal size (duplicates removed)."""
    ordered = sorted(values)
    if not ordered:
        return []
    bounds = []
    for k in range(1, classes + 1):
        index = min(len(ordered) - 1, max(0, round(k * len(ordered) / classes) - 1))
        bounds.append(ordered[index])
    unique: list[float] = []
    for b in bounds:
        if not unique or b > unique[-1]:
            unique.append(b)
    return unique


def band_labels(values: Sequence[float], breaks: Sequence[float], format_value: Any) -> list[str]:
    """``low to high`` for each band; a band that reads as one value (five districts make
    five one-value bands) is labelled with that value, never "85.6 to 85.6"."""
    labels = []
    low = min(values) if values else 0.0
    for upper in breaks:
        first, last = format_value(low), format_value(upper)
        labels.append(last if first == last else f"{first} to {last}")
        low = upper
    return labels


def band_of(value: float, breaks: Sequence[float]) -> int:
    for i, upper in enumerate(breaks):
        if value <= upper:
            return i
    return len(breaks) - 1


@dataclass(frozen=True)
class MapClasses:
    """The classes of one map: value bands from the shown values above zero, then the special ones."""

    breaks: list[float]
    labels: list[str]

    def band(self, value: float | None, *, suppressed: bool) -> str:
        if suppressed:
            return SUPPRESSED_LABEL
        if value is None:
            return NOT_AVAILABLE_LABEL
        if value <= 0 or not self.labels:
            return ZERO_LABEL
        return self.labels[band_of(value, self.breaks)]

    def legend(self, used: set[str]) -> list[str]:
        """Value bands, then each special class that some area falls in."""
        return [*self.labels, *(label for label in SPECIAL_COLOURS if label in used)]


def map_classes(shown: Sequence[float], format_value: Callable[[float], str]) -> MapClasses:
    """Classes from the values a reader can see (suppressed areas have none to contribute)."""
    positive = [v for v in shown if v > 0]
    breaks = quantile_breaks(positive)
    return MapClasses(breaks, band_labels(positive, breaks, format_value))


def choropleth(
    features: list[dict[str, Any]],
    *,
    legend: list[str],
    legend_title: str,
    width: int = 340,
    height: int = 320,
) -> dict[str, Any]:
    """``features``: GeoJSON Features whose properties hold ``name``, ``band``, ``value_text``.

    ``legend`` is every class drawn, value bands first (:meth:`MapClasses.legend`).
    """
    domain = list(legend)
    bands = iter(BAND_COLOURS)
    colours = [SPECIAL_COLOURS.get(label) or next(bands) for label in domain]
    return {
        "width": width,
        "height": height,
        "data": {"values": features},
        "projection": {"type": "mercator"},
        "mark": {"type": "geoshape", "aria": False, "stroke": "#505a5f", "strokeWidth": 0.4},
        "encoding": {
            "color": {
                "field": "properties.band",
                "type": "nominal",
                "title": legend_title,
                "scale": {"domain": domain, "range": colours},
                "legend": {"symbolStrokeColor": "#505a5f", "symbolStrokeWidth": 0.5},
            },
            "tooltip": [
                {"field": "properties.name", "title": "Area", "type": "nominal"},
                {"field": "properties.value_text", "title": "Value", "type": "nominal"},
            ],
        },
        "config": config(),
    }
