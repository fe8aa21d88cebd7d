"""The need side of the comparison, per ward and kind: modelled, recorded, or from population.

1. **Modelled** (preferred): derive's ``modelled_toxic_trio`` ward estimate of the kind's
   measure, with its 95% interval (published district estimates spread along a deprivation
   gradient; docs/derive.md).
2. **Population and deprivation** when there is no modelled estimate (no published estimates
   were found, or the kind has no modelled measure): the ward's population of the kind's ages
   weighted by its IMD score relative to West Yorkshire's. Not a count of people in need: it
   only says where need is likely to be greater, which is all the shares below use. No interval.

**Recorded** need is shown beside it: people in derive's year table with the kind's column
above zero in the latest year, counted by ward, after the same disclosure control as every
published figure (0 shown; 1 to ``suppress_below`` − 1 withheld; the rest rounded).
"""

from __future__ import annotations

from dataclasses import dataclass

from atr.indicators import DisclosureSettings
from atr.provision.kinds import NeedKind
from atr.warehouse import Warehouse

CHILD_FACTOR = 18 / 16  # the reference stops at 15: ages 16 and 17 as an average year (as derive)
MODELLED = "modelled"
POPULATION = "population and deprivation"


@dataclass(frozen=True)
class WardNeed:
    need: float
    lower: float | None
    upper: float | None
    basis: str


@dataclass(frozen=True)
class Recorded:
    count: int | None  # disclosure-controlled; None = withheld or not available
    suppressed: bool
    period: str | None


def modelled_need(wh: Warehouse, measure: str) -> dict[str, WardNeed]:
    """The ward estimates of ``measure``, with their interval where the table has one."""
    if "modelled_toxic_trio" not in wh.list_tables():
        return {}
    columns = set(wh.query("SELECT * FROM modelled_toxic_trio LIMIT 0").column_names)
    limits = "lower, upper" if {"lower", "upper"} <= columns else "NULL AS lower, NULL AS upper"
    rows = wh.rows(
        f"SELECT area_code, estimate, {limits} FROM modelled_toxic_trio "
        "WHERE area_type = 'ward' AND measure = ? AND estimate IS NOT NULL",
        [measure],
    )

    def number(value: object) -> float | None:
        return None if value is None else float(str(value))

    return {
        str(r["area_code"]): WardNeed(float(r["estimate"]), number(r["lower"]), number(r["upper"]), MODELLED)
        for r in rows
    }


def population_need(wh: Warehouse, ages: tuple[int, int] | None) -> dict[str, WardNeed]:
    children = f"p.pop_aged_0_15 * {CHILD_FACTOR}"
    if ages is not None and ages[1] < 18:
        people = children
    elif ages is not None and ages[0] >= 18:
        people = f"greatest(p.pop_total - {children}, 0)"
    else:
        people = "p.pop_total"
    rows = wh.rows(
        f"""
        WITH lsoa AS (
            SELECT a.ward19_code, {people} AS people, l.imd_score
            FROM ref_population p JOIN ref_lsoa l USING (lsoa11_code)
            JOIN ref_area_lookup a USING (lsoa11_code)
        ), mean AS (SELECT sum(people * imd_score) / nullif(sum(people), 0) AS score FROM lsoa)
        SELECT ward19_code, sum(people * imd_score) / (SELECT score FROM mean) AS need
        FROM lsoa GROUP BY ward19_code
        """
    )
    return {str(r["ward19_code"]): WardNeed(float(r["need"] or 0.0), None, None, POPULATION) for r in rows}


def ward_need(wh: Warehouse, kind: NeedKind) -> dict[str, WardNeed]:
    found = modelled_need(wh, kind.modelled) if kind.modelled else {}
    return found or population_need(wh, kind.ages)


def disclose(count: int, rule: DisclosureSettings) -> int | None:
    """0 stays 0; 1 to ``suppress_below`` − 1 is withheld (None); the rest is rounded."""
    if count == 0:
        return 0
    if count < rule.suppress_below:
        return None
    return int(rule.round_to * round(count / rule.round_to))


def recorded_need(wh: Warehouse, kind: NeedKind, rule: DisclosureSettings) -> dict[str, Recorded]:
    table, column = kind.recorded_table, kind.recorded_column
    if table is None or column is None or table not in wh.list_tables():
        return {}
    columns = set(wh.query(f"SELECT * FROM {table} LIMIT 0").column_names)
    if column not in columns or "ward19_code" not in columns:
        return {}
    period = wh.scalar(f"SELECT max(financial_year) FROM {table}")
    if period is None:
        return {}
    rows = wh.rows(
        f"""
        SELECT ward19_code, count(*) AS people FROM {table}
        WHERE financial_year = ? AND ward19_code IS NOT NULL AND coalesce(CAST({column} AS INTEGER), 0) > 0
        GROUP BY ward19_code
        """,
        [period],
    )
    counts = {str(r["ward19_code"]): int(r["people"]) for r in rows}
    wards = [str(r["ward19_code"]) for r in wh.rows("SELECT DISTINCT ward19_code FROM ref_area_lookup")]
    out = {}
    for ward in wards:
        shown = disclose(counts.get(ward, 0), rule)
        out[ward] = Recorded(shown, shown is None, str(period))
    return out


__all__ = ["MODELLED", "POPULATION", "Recorded", "WardNeed", "disclose", "recorded_need", "ward_need"]
