"""Where and who: the area and demographic columns every person-year table carries.

The indicator stage breaks every figure down by district, ward, MSOA, LSOA, national IMD decile
and quintile, sex, age band and ethnic group, so ``child_year`` and ``adult_year`` carry those as
columns. A person's area in a year is the LSOA of their most relevant address record for that
year (``entity_lsoa_history``): one seen during the year if any, else the latest seen before it,
else the person's most recent LSOA (``entity.lsoa11_code``).
"""

from __future__ import annotations

from atr.derive.inputs import Inputs


def ethnic_group_sql(code_expr: str) -> str:
    """The five ONS 2011 groups (and Unknown) from a DfE 4-letter or NHS 1-letter code.

    Chinese (DfE ``CHNE``, NHS ``R``) is counted as Asian, as in the 2011 Census.
    Extended school sub-codes (e.g. ``WENG``, ``APKM``) roll up by their first letter.
    """
    c = f"upper(trim({code_expr}))"
    return (
        f"CASE WHEN {code_expr} IS NULL OR trim({code_expr}) = '' THEN 'Unknown' "
        f"WHEN length({c}) = 1 OR {c} = '99' THEN CASE "
        f"WHEN {c} IN ('A', 'B', 'C') THEN 'White' WHEN {c} IN ('D', 'E', 'F', 'G') THEN 'Mixed' "
        f"WHEN {c} IN ('H', 'J', 'K', 'L', 'R') THEN 'Asian' WHEN {c} IN ('M', 'N', 'P') THEN 'Black' "
        f"WHEN {c} = 'S' THEN 'Other' ELSE 'Unknown' END "
        f"WHEN {c} IN ('REFU', 'NOBT') THEN 'Unknown' WHEN {c} = 'CHNE' THEN 'Asian' "
        f"WHEN substr({c}, 1, 1) = 'W' THEN 'White' WHEN substr({c}, 1, 1) = 'M' THEN 'Mixed' "
        f"WHEN substr({c}, 1, 1) = 'A' THEN 'Asian' WHEN substr({c}, 1, 1) = 'B' THEN 'Black' "
        f"WHEN substr({c}, 1, 1) = 'O' THEN 'Other' ELSE 'Unknown' END"
    )


def child_age_band_sql(age_expr: str) -> str:
    return (
        f"CASE WHEN {age_expr} IS NULL THEN NULL WHEN {age_expr} <= 4 THEN '0-4' "
        f"WHEN {age_expr} <= 9 THEN '5-9' WHEN {age_expr} <= 14 THEN '10-14' ELSE '15-17' END"
    )


def adult_age_band_sql(age_expr: str) -> str:
    return (
        f"CASE WHEN {age_expr} IS NULL THEN NULL WHEN {age_expr} <= 24 THEN '18-24' "
        f"WHEN {age_expr} <= 34 THEN '25-34' WHEN {age_expr} <= 44 THEN '35-44' "
        f"WHEN {age_expr} <= 54 THEN '45-54' WHEN {age_expr} <= 64 THEN '55-64' ELSE '65+' END"
    )


def area_of_year_sql(inputs: Inputs, spine: str) -> str:
    """A query giving ``(entity_id, financial_year, lsoa11_code, lsoas_in_year)`` for a spine.

    ``spine`` has ``entity_id, financial_year, fy_start, fy_end``. ``lsoas_in_year`` counts the
    different LSOAs seen during the year (the stable-address proxy).
    """
    history = inputs["entity_lsoa_history"]
    seen = f"""
        FROM {spine} s
        JOIN {history} h ON h.entity_id = s.entity_id AND h.first_seen <= s.fy_end AND h.lsoa11_code IS NOT NULL
    """
    return f"""
        SELECT ranked.entity_id, ranked.financial_year, ranked.lsoa11_code, coalesce(moves.lsoas_in_year, 0) AS lsoas_in_year
        FROM (
            SELECT s.entity_id, s.financial_year, h.lsoa11_code,
                   row_number() OVER (
                       PARTITION BY s.entity_id, s.financial_year
                       ORDER BY CASE WHEN h.last_seen >= s.fy_start THEN 0 ELSE 1 END,
                                h.last_seen DESC, h.first_seen DESC, h.lsoa11_code
                   ) AS rank_in_year
            {seen}
        ) ranked
        LEFT JOIN (
            SELECT s.entity_id, s.financial_year, count(DISTINCT h.lsoa11_code) AS lsoas_in_year
            {seen} AND h.last_seen >= s.fy_start
            GROUP BY s.entity_id, s.financial_year
        ) moves ON moves.entity_id = ranked.entity_id AND moves.financial_year = ranked.financial_year
        WHERE ranked.rank_in_year = 1
    """


def area_columns_sql(entity_alias: str, area_alias: str, lsoa_alias: str) -> str:
    """The select list of area columns, given the entity, the year's area and ``ref_lsoa``."""
    return (
        f"coalesce({area_alias}.lsoa11_code, {entity_alias}.lsoa11_code) AS lsoa11_code, "
        f"coalesce({lsoa_alias}.lad19_code, {entity_alias}.lad19_code) AS lad19_code, "
        f"{lsoa_alias}.ward19_code AS ward19_code, {lsoa_alias}.msoa11_code AS msoa11_code, "
        f"CAST({lsoa_alias}.imd_decile AS INTEGER) AS imd_decile, "
        f"CAST({lsoa_alias}.imd_quintile AS INTEGER) AS imd_quintile, "
        f"{entity_alias}.sex AS sex, {ethnic_group_sql(f'{entity_alias}.ethnicity_code')} AS ethnic_group"
    )
