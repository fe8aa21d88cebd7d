"""Turn rows of the published tables into typed records, naming the row and field on bad input.

Kept apart from the loading so the conversion rules (what counts as a number, a boolean, an
empty cell) are in one place and tested on their own.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from atr.errors import InputFileError
from atr.publish.model import IndicatorMeta, Polarity, Target, Value, normal_breakdown

VALUE_COLUMNS = (
    "indicator_id",
    "period",
    "area_code",
    "area_type",
    "breakdown",
    "breakdown_value",
    "count",
    "denominator",
    "value",
    "lower_95",
    "upper_95",
    "lower_998",
    "upper_998",
    "comparison",
    "trend",
    "suppressed",
    "note",
)
"""``indicator_value``: every column is read (the contract in docs/tables.md)."""

META_REQUIRED = ("indicator_id", "title")
META_OPTIONAL = (
    "definition",
    "polarity",
    "outcome",
    "unit",
    "multiplier",
    "caveats",
    "method",
    "age_band",
    "sources",
    "target_value",
    "target_by",
    "target_label",
    "target_measure",
    "decimals",
)
"""``indicator_meta``: the columns read; anything else in the catalogue is ignored."""


def require_columns(table: pa.Table, required: Sequence[str], where: str) -> None:
    missing = [c for c in required if c not in table.column_names]
    if missing:
        raise InputFileError(where, f"missing column(s): {', '.join(missing)}")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, list | tuple):  # catalogue lists (sources, caveats) arrive as lists
        text = " | ".join(t for t in (_text(v) for v in value) if t)
        return text or None
    text = str(value).strip()
    return text or None


def _number(value: Any, where: str, row: int, field: str) -> float | None:
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise InputFileError(where, f"expected a number, found {value!r}", row=row, field=field)
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip()
        if text.lower() in ("", "na", "nan", "null", "none"):
            return None
        try:
            number = float(text.replace(",", ""))
        except ValueError as exc:
            raise InputFileError(where, f"expected a number, found {text!r}", row=row, field=field) from exc
    return None if math.isnan(number) else number


def _flag(value: Any, where: str, row: int, field: str) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value)
    text = str(value).strip().lower()
    if text in ("true", "t", "yes", "y", "1"):
        return True
    if text in ("false", "f", "no", "n", "0", ""):
        return False
    raise InputFileError(where, f"expected true or false, found {value!r}", row=row, field=field)


def value_from_row(row: dict[str, Any], where: str, row_number: int) -> Value:
    """One ``indicator_value`` row; ``row_number`` counts from 1 (the first data row)."""
    for field in ("indicator_id", "period", "area_code", "area_type"):
        if _text(row.get(field)) is None:
            raise InputFileError(where, "value is missing", row=row_number, field=field)

    def num(field: str) -> float | None:
        return _number(row.get(field), where, row_number, field)

    return Value(
        indicator_id=str(_text(row["indicator_id"])),
        period=str(_text(row["period"])),
        area_code=str(_text(row["area_code"])),
        area_type=str(_text(row["area_type"])).lower(),
        breakdown=normal_breakdown(_text(row.get("breakdown"))),
        breakdown_value=_text(row.get("breakdown_value")) or "",
        count=num("count"),
        denominator=num("denominator"),
        value=num("value"),
        lower_95=num("lower_95"),
        upper_95=num("upper_95"),
        lower_998=num("lower_998"),
        upper_998=num("upper_998"),
        comparison=_text(row.get("comparison")),
        trend=_text(row.get("trend")),
        suppressed=_flag(row.get("suppressed"), where, row_number, "suppressed"),
        note=_text(row.get("note")),
    )


def _target(row: dict[str, Any], where: str, row_number: int) -> Target | None:
    amount = _number(row.get("target_value"), where, row_number, "target_value")
    if amount is None:
        return None
    measure = (_text(row.get("target_measure")) or "count").lower()
    if measure not in ("count", "value"):
        raise InputFileError(
            where,
            f"target_measure must be 'count' or 'value', found {measure!r}",
            row=row_number,
            field="target_measure",
        )
    return Target(
        value=amount, by=_text(row.get("target_by")), label=_text(row.get("target_label")), measure=measure
    )


def meta_from_row(row: dict[str, Any], where: str, row_number: int) -> IndicatorMeta:
    indicator_id = _text(row.get("indicator_id"))
    if indicator_id is None:
        raise InputFileError(where, "value is missing", row=row_number, field="indicator_id")
    decimals = _number(row.get("decimals"), where, row_number, "decimals")
    return IndicatorMeta(
        indicator_id=indicator_id,
        title=_text(row.get("title")) or indicator_id,
        definition=_text(row.get("definition")) or "",
        polarity=Polarity.read(_text(row.get("polarity"))),
        outcome=_text(row.get("outcome")) or "Other indicators",
        unit=_text(row.get("unit")) or "",
        multiplier=_number(row.get("multiplier"), where, row_number, "multiplier"),
        caveats=_text(row.get("caveats")) or "",
        method=_text(row.get("method")) or "",
        age_band=_text(row.get("age_band")) or "",
        sources=_text(row.get("sources")) or "",
        target=_target(row, where, row_number),
        decimals=None if decimals is None else int(decimals),
    )
