"""The balance plot (a "Love plot"): each covariate's |SMD| before and after matching.

A Vega-Lite spec as a plain dict, drawn the way the dashboard draws its charts
(``atr/publish/chart_specs.py``: GOV.UK colours, Arial, at most 360 px wide, data marks
``aria: false`` with the values read out in the chart's ``description``). Before and after
differ in shape (open circle, filled diamond) as well as colour, and a dashed rule marks the
0.1 threshold, labelled in words above it.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from atr.evaluate.methods.balance import SMD_THRESHOLD

FONT = "Arial, Liberation Sans, sans-serif"
INK = "#0b0c0c"
BEFORE_COLOUR, AFTER_COLOUR = "#d4351c", "#1d70b8"
BEFORE, AFTER = "Before matching", "After matching"


def balance_plot_spec(balance: pd.DataFrame, *, title: str | None = None, width: int = 220) -> dict[str, Any]:
    """A Love plot of an ``evaluation_balance`` table (one programme's rows), covariates ordered
    by their imbalance before matching, largest first; ``width`` is the plot's, in pixels (the
    covariates' names sit to its left)."""
    ordered = balance.assign(_key=balance["smd_before"].abs()).sort_values("_key", ascending=False)
    values = [
        {"covariate": row.covariate, "when": when, "smd": round(abs(smd), 4)}
        for row in ordered.itertuples()
        for when, smd in ((BEFORE, row.smd_before), (AFTER, row.smd_after))
        if not math.isnan(smd)
    ]
    worst_after = max((v["smd"] for v in values if v["when"] == AFTER), default=0.0)
    description = (
        f"Absolute standardised mean differences for {len(ordered)} covariates before and after "
        f"matching; the largest after matching is {worst_after:.2f}"
        f" ({'within' if worst_after <= SMD_THRESHOLD else 'above'} the {SMD_THRESHOLD} threshold)."
    )
    y = {
        "field": "covariate",
        "type": "nominal",
        "title": None,
        "sort": list(ordered["covariate"]),
        "axis": {"labelLimit": 220},
    }
    points = {
        "mark": {"type": "point", "aria": False, "size": 60, "strokeWidth": 1.5},
        "encoding": {
            "y": y,
            "x": {"field": "smd", "type": "quantitative", "title": "Absolute standardised mean difference"},
            "color": {
                "field": "when",
                "type": "nominal",
                "title": None,
                "scale": {"domain": [BEFORE, AFTER], "range": [BEFORE_COLOUR, AFTER_COLOUR]},
            },
            "shape": {
                "field": "when",
                "type": "nominal",
                "title": None,
                "scale": {"domain": [BEFORE, AFTER], "range": ["circle", "diamond"]},
            },
            "fill": {
                "field": "when",
                "type": "nominal",
                "title": None,
                "scale": {"domain": [BEFORE, AFTER], "range": ["white", AFTER_COLOUR]},
            },
            "tooltip": [
                {"field": "covariate", "title": "Covariate", "type": "nominal"},
                {"field": "when", "title": "When", "type": "nominal"},
                {"field": "smd", "title": "|SMD|", "type": "quantitative", "format": ".3f"},
            ],
        },
    }
    threshold = {
        "data": {"values": [{"threshold": SMD_THRESHOLD}]},
        "mark": {"type": "rule", "aria": False, "color": INK, "strokeDash": [6, 4], "strokeWidth": 1.5},
        "encoding": {"x": {"field": "threshold", "type": "quantitative"}},
    }
    label = {  # the threshold named in words on the chart itself, above its line
        "data": {"values": [{"threshold": SMD_THRESHOLD}]},
        "mark": {
            "type": "text",
            "aria": False,
            "y": -8,
            "align": "left",
            "dx": 3,
            "color": INK,
            "fontSize": 11,
        },
        "encoding": {
            "x": {"field": "threshold", "type": "quantitative"},
            "text": {"value": f"{SMD_THRESHOLD} threshold"},
        },
    }
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": description,
        "width": width,
        "height": {"step": 20},
        "data": {"values": values},
        "layer": [threshold, points, label],
        "config": {
            "font": FONT,
            "background": "white",
            "view": {"stroke": None},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": INK, "titleColor": INK},
            "legend": {"orient": "bottom", "direction": "vertical", "labelFontSize": 12, "labelColor": INK},
        },
    }
    if title:
        spec["title"] = title
    return spec
