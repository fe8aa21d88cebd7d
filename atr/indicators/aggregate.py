"""Counting numerators and denominators in the warehouse, for every area and breakdown at once.

The catalogue's SQL fragments are placed in one ``base`` query per indicator (one row per
person-year, or per LSOA for reference populations), materialised once, then summed by
West Yorkshire, district, ward and MSOA and by each breakdown in a single ``UNION ALL`` query:
DuckDB does the counting, Python only sees one row per published cell.

Unknown breakdown values (no sex recorded, no address so no deprivation decile …) are kept as
``unknown`` so that every breakdown adds up to its total, which disclosure control relies on.
People with no known district are counted in the district-level row ``E99999999`` ("area not
known"), so that West Yorkshire's count and denominator are always the sum of its districts'.
"""

from __future__ import annotations

import pandas as pd

from atr.errors import StageError
from atr.indicators.catalogue import (
    POPULATION_TABLE,
    PROGRAMME_TABLES,
    AreaLevel,
    Breakdown,
    Denominator,
    Indicator,
)
from atr.indicators.dsr import european_standard_population
from atr.reference import AREA_NOT_KNOWN_CODE, REGION_CODE
from atr.warehouse import Warehouse

ALL = "all"
UNKNOWN = "unknown"
BASE_TABLE = "indicators__base"
DENOMINATOR_TABLE = "indicators__base_denominator"

AREA_COLUMNS: dict[AreaLevel, str] = {
    "region": f"'{REGION_CODE}'",
    "district": f"coalesce(lad19_code, '{AREA_NOT_KNOWN_CODE}')",
    "ward": "ward19_code",
    "msoa": "msoa11_code",
}
SMALL_AREAS: tuple[AreaLevel, ...] = ("ward", "msoa")
"""Small areas get totals only: breakdowns of a ward would be mostly suppressed."""

BREAKDOWN_SQL: dict[Breakdown, str] = {
    "sex": f"CASE WHEN upper(sex) IN ('F', 'M') THEN upper(sex) ELSE '{UNKNOWN}' END",
    "age_band": f"coalesce(CAST(age_band AS VARCHAR), '{UNKNOWN}')",
    "ethnic_group": f"CASE WHEN ethnic_group IS NULL OR lower(ethnic_group) = 'unknown' THEN '{UNKNOWN}' "
    "ELSE CAST(ethnic_group AS VARCHAR) END",
    "imd_decile": f"coalesce(CAST(imd_decile AS VARCHAR), '{UNKNOWN}')",
    "imd_quintile": f"coalesce(CAST(imd_quintile AS VARCHAR), '{UNKNOWN}')",
    "sector": f"coalesce(CAST(sector AS VARCHAR), '{UNKNOWN}')",
}
CELL_KEYS = ["period", "area_type", "area_code", "breakdown", "breakdown_value"]


def _columns(warehouse: Warehouse, table: str) -> set[str]:
    if not warehouse.table_exists(table):
        raise StageError(
            "indicators",
            f"table '{table}' is not in the warehouse",
            fix="run `atr derive` (and `atr reference load`) first",
        )
    return set(warehouse.columns(table))


def _require(indicator: Indicator, table: str, available: set[str], needed: list[str]) -> None:
    missing = [c for c in needed if c not in available]
    if missing:
        raise StageError(
            "indicators",
            f"indicator '{indicator.id}': table {table} has no column {', '.join(missing)}",
            fix=f"adjust atr/indicators/catalogue/{indicator.id}.yaml or the derive stage",
        )


def _band_sql(indicator: Indicator) -> str:
    """A CASE mapping the indicator's age column to its standard-population bands."""
    esp = european_standard_population()
    low, high = indicator.age_range
    cases = []
    for band, band_low, band_high in zip(esp.bands, esp.lower_ages, esp.upper_ages, strict=True):
        if (high is not None and band_low > high) or (band_high is not None and band_high < low):
            continue
        top = "" if band_high is None else f" AND {indicator.age_column} <= {band_high}"
        cases.append(f"WHEN {indicator.age_column} >= {band_low}{top} THEN '{band}'")
    return f"CASE {' '.join(cases)} END"


def standard_bands(indicator: Indicator) -> list[str]:
    """The standard-population bands the indicator's age range touches."""
    esp = european_standard_population()
    low, high = indicator.age_range
    return [
        band
        for band, band_low, band_high in zip(esp.bands, esp.lower_ages, esp.upper_ages, strict=True)
        if not ((high is not None and band_low > high) or (band_high is not None and band_high < low))
    ]


def _period_list(periods: list[str]) -> str:
    return ", ".join(f"'{p}'" for p in periods)


def _person_year_base(warehouse: Warehouse, indicator: Indicator, periods: list[str]) -> tuple[str, str]:
    """Materialise the base rows; return (table, measure expressions to sum)."""
    num, den = indicator.numerator, indicator.denominator
    table = num.table
    needed = ["financial_year", "lad19_code", "ward19_code", "msoa11_code", *indicator.breakdowns]
    if table in PROGRAMME_TABLES and not warehouse.table_exists(table):  # `atr evaluate` has not run
        table = f"(SELECT {', '.join(f'CAST(NULL AS VARCHAR) AS {c}' for c in needed)} WHERE FALSE) AS absent"
    available = set(needed) if table.startswith("(") else _columns(warehouse, table)
    _require(indicator, table, available, needed)
    count = "1" if num.count == "rows" else f"coalesce(CAST(({num.count}) AS DOUBLE), 0)"
    same_table = den is not None and den.table == table
    columns = ["financial_year AS period", "lad19_code", "ward19_code", "msoa11_code", *indicator.breakdowns]
    if den is None:  # a plain count
        columns.append(f"CASE WHEN ({num.where}) THEN {count} ELSE 0 END AS num")
        where = "TRUE"
        measures = "sum(num) AS num"
    elif same_table:
        columns += [f"CASE WHEN ({num.where}) THEN {count} ELSE 0 END AS num", "1 AS den"]
        where = den.where
        measures = "sum(num) AS num, sum(den) AS den"
    else:
        columns.append(f"{count} AS num")
        where = num.where
        measures = "sum(num) AS num"
    if indicator.method == "mean":
        assert num.value is not None
        columns.append(f"CAST(({num.value}) AS DOUBLE) AS val")
        measures += ", sum(val) AS val_sum, sum(val * val) AS val_sq, count(val) AS val_n"
    if indicator.method == "dsr":
        _require(indicator, table, available, [indicator.age_column])
        columns.append(f"{_band_sql(indicator)} AS std_band")
    sql = (
        f"CREATE OR REPLACE TEMP TABLE {BASE_TABLE} AS SELECT {', '.join(columns)} FROM {table} "
        f"WHERE ({where}) AND financial_year IN ({_period_list(periods)})"
    )
    _run(warehouse, indicator, sql)
    return BASE_TABLE, measures


def _population_base(
    warehouse: Warehouse, indicator: Indicator, den: Denominator, periods: list[str]
) -> None:
    assert den.population is not None
    _columns(warehouse, POPULATION_TABLE)
    _columns(warehouse, "ref_lsoa")
    values = ", ".join(f"('{p}')" for p in periods)
    sql = (
        f"CREATE OR REPLACE TEMP TABLE {DENOMINATOR_TABLE} AS "
        "SELECT y.period, l.lad19_code, l.ward19_code, l.msoa11_code, "
        "CAST(l.imd_decile AS INTEGER) AS imd_decile, CAST(l.imd_quintile AS INTEGER) AS imd_quintile, "
        f"CAST(({den.population}) AS DOUBLE) AS den "
        f"FROM {POPULATION_TABLE} p JOIN ref_lsoa l USING (lsoa11_code) CROSS JOIN (VALUES {values}) y(period)"
    )
    _run(warehouse, indicator, sql)


def usable_denominator(warehouse: Warehouse, den: Denominator, periods: list[str]) -> Denominator:
    """``den``, or its fallback when its table is absent or has no rows in the periods."""
    if den.table == POPULATION_TABLE or den.fallback is None:
        return den
    tables = set(warehouse.list_tables())
    rows = 0
    if den.table in tables:
        rows = int(
            warehouse.scalar(
                f"SELECT count(*) FROM {den.table} WHERE financial_year IN ({_period_list(periods)})"
            )
        )
    return den if rows > 0 else usable_denominator(warehouse, den.fallback, periods)


def _person_year_denominator(
    warehouse: Warehouse, indicator: Indicator, den: Denominator, periods: list[str]
) -> None:
    needed = ["financial_year", "lad19_code", "ward19_code", "msoa11_code", *indicator.breakdowns]
    _require(indicator, den.table, _columns(warehouse, den.table), needed)
    columns = ["financial_year AS period", "lad19_code", "ward19_code", "msoa11_code", *indicator.breakdowns]
    sql = (
        f"CREATE OR REPLACE TEMP TABLE {DENOMINATOR_TABLE} AS SELECT {', '.join(columns)}, 1 AS den "
        f"FROM {den.table} WHERE ({den.where}) AND financial_year IN ({_period_list(periods)})"
    )
    _run(warehouse, indicator, sql)


def _run(warehouse: Warehouse, indicator: Indicator, sql: str) -> None:
    try:
        warehouse.execute(sql)
    except Exception as exc:  # the engine's own error type varies (DuckDB, Spark)
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise StageError(
            "indicators",
            f"indicator '{indicator.id}': its SQL failed: {first_line}",
            fix=f"check numerator/denominator in atr/indicators/catalogue/{indicator.id}.yaml",
        ) from exc


def _grouped(indicator: Indicator, table: str, measures: str, extra_group: str = "") -> str:
    """UNION ALL of one GROUP BY per (area level, breakdown) the indicator publishes."""
    parts = []
    for level in indicator.areas:
        area = AREA_COLUMNS[level]
        breakdowns: list[Breakdown | None] = [None]
        if level not in SMALL_AREAS:
            breakdowns += list(indicator.breakdowns)
        for breakdown in breakdowns:
            name = breakdown or ALL
            value = BREAKDOWN_SQL[breakdown] if breakdown else f"'{ALL}'"
            parts.append(
                f"SELECT period, '{level}' AS area_type, CAST({area} AS VARCHAR) AS area_code, "
                f"'{name}' AS breakdown, {value} AS breakdown_value{extra_group}, {measures} "
                f"FROM {table} WHERE {area} IS NOT NULL GROUP BY ALL"
            )
    return "\nUNION ALL\n".join(parts)


def aggregate(warehouse: Warehouse, indicator: Indicator, periods: list[str]) -> pd.DataFrame:
    """One row per published cell: ``CELL_KEYS`` + num, den (+ val_* for means, std_band for DSRs)."""
    if indicator.method == "modelled":
        return _modelled(warehouse, indicator)
    band = ", std_band" if indicator.method == "dsr" else ""
    table, measures = _person_year_base(warehouse, indicator, periods)
    frame = _query(warehouse, indicator, _grouped(indicator, table, measures, band))
    den = indicator.denominator
    if den is None:  # a plain count: no denominator (NaN), every cell of the table published
        frame["den"] = float("nan")
    elif den.table != indicator.numerator.table:
        den = usable_denominator(warehouse, den, periods)
        if den.table == POPULATION_TABLE:
            _population_base(warehouse, indicator, den, periods)
        else:  # another person-year table, e.g. the registered population
            _person_year_denominator(warehouse, indicator, den, periods)
        denominators = _query(warehouse, indicator, _grouped(indicator, DENOMINATOR_TABLE, "sum(den) AS den"))
        frame = frame.merge(denominators, on=CELL_KEYS, how="outer")
        frame["num"] = frame["num"].fillna(0.0)
    for name in (BASE_TABLE, DENOMINATOR_TABLE):
        warehouse.execute(f"DROP TABLE IF EXISTS {name}")
    return frame


def _query(warehouse: Warehouse, indicator: Indicator, sql: str) -> pd.DataFrame:
    try:
        frame: pd.DataFrame = warehouse.query(sql).to_pandas()
    except Exception as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise StageError("indicators", f"indicator '{indicator.id}': {first_line}") from exc
    return frame


def _modelled(warehouse: Warehouse, indicator: Indicator) -> pd.DataFrame:
    table = indicator.numerator.table
    _columns(warehouse, table)
    levels = ", ".join(f"'{level}'" for level in indicator.areas)
    period = indicator.periods[0] if indicator.periods != "all" else ""
    sql = (
        f"SELECT '{period}' AS period, area_type, area_code, '{ALL}' AS breakdown, '{ALL}' AS breakdown_value, "
        "estimate AS num, children_0_17 AS den, rate, rate_lower, rate_upper "
        f"FROM {table} WHERE ({indicator.numerator.where}) AND area_type IN ({levels})"
    )
    return _query(warehouse, indicator, sql)
