"""How numbers are written on every page, table, chart label and sentence.

One set of rules so that the tile, the table and the sentence about the same figure agree to the
last digit: values to the indicator's ``decimals`` (else 0 dp from 100, 1 dp below), counts with
thousands separators, intervals as "a to b", suppressed figures as the GSS symbol ``[c]``.

People come whole: a count (including a model's estimate of a number of people, 12,133.8) is
printed as a whole number (12,134), and so is the value of an indicator whose method is
``count``. A share held as a fraction (0.0146) is printed as a percentage (1.5%), never raw.
"""

from __future__ import annotations

import math

from atr.publish.model import IndicatorMeta, Value

SUPPRESSED = "[c]"
"""GSS shorthand for a confidential (suppressed) figure."""
MISSING = "[x]"
"""GSS shorthand for a figure that is not available."""


def decimals_for(value: float, meta: IndicatorMeta | None) -> int:
    if meta is not None and meta.method == "count":
        return 0  # a number of people, members or attendances: never a fraction of one
    if meta is not None and meta.decimals is not None:
        return meta.decimals
    return 0 if abs(value) >= 100 else 1


def number(value: float | None, meta: IndicatorMeta | None = None) -> str:
    """A value rounded for display (no unit)."""
    if value is None:
        return MISSING
    places = decimals_for(value, meta)
    return f"{value:,.{places}f}"


def count(value: float | None) -> str:
    """A number of people, whole (half rounds up, so 12,133.5 and 12,134.4 both read 12,134)."""
    if value is None:
        return MISSING
    return f"{math.floor(value + 0.5):,}"


def is_percent(meta: IndicatorMeta) -> bool:
    return meta.unit.strip() in ("%", "percent", "per cent", "percentage")


def with_unit(value: float | None, meta: IndicatorMeta) -> str:
    """``12.3%`` or ``45.2 per 10,000 children aged 0–17``."""
    if value is None:
        return MISSING
    text = number(value, meta)
    if is_percent(meta):
        return f"{text}%"
    return f"{text} {meta.unit}".strip()


def unit_label(meta: IndicatorMeta) -> str:
    """The unit as an axis or column title."""
    if is_percent(meta):
        return "Per cent"
    return meta.unit[:1].upper() + meta.unit[1:] if meta.unit else "Value"


def value_text(v: Value | None, meta: IndicatorMeta) -> str:
    """A figure or the reason it is not shown."""
    if v is None:
        return MISSING
    if v.suppressed:
        return SUPPRESSED
    return number(v.value, meta)


def interval(v: Value | None, meta: IndicatorMeta, level: str = "95") -> str:
    if v is None or not v.has_value:
        return ""
    lower = v.lower_95 if level == "95" else v.lower_998
    upper = v.upper_95 if level == "95" else v.upper_998
    if lower is None or upper is None:
        return ""
    return f"{number(lower, meta)} to {number(upper, meta)}"


def count_text(v: Value | None) -> str:
    if v is None:
        return MISSING
    if v.suppressed:
        return SUPPRESSED
    return count(v.count)


def percent(value: float | None, places: int = 1) -> str:
    if value is None:
        return MISSING
    return f"{value:.{places}f}%"


def share(fraction: float | None, places: int = 1) -> str:
    """A share held as a fraction, as a percentage: ``0.0146`` reads ``1.5%``."""
    return MISSING if fraction is None else percent(100.0 * fraction, places)
