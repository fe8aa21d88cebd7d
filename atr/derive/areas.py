"""Where and who: the area and demographic columns every person-year table carries.

The indicator stage breaks every figure down by district, ward, MSOA, LSOA, national IMD decile
and quintile, sex, age band and ethnic group, so ``child_year`` and ``adult_year`` carry those as
columns. A person's area in a year is the LSOA of their most relevant address record for that
year (``entity_lsoa_history``): one seen during the year if any, else the latest seen before it,
else the person's most recent LSOA (``entity.lsoa11_code``).

Where no address places a person in West Yorkshire, a council's own records still say which
district is responsible for them: a child known to Leeds' children's social care is Leeds'
child. Such people are placed in the district of the council whose dataset holds them
(``area_source = 'responsible_council'``), so that the districts add up to West Yorkshire; the
rest (``area_source = 'not_known'``) are published as an explicit "area not known" remainder
rather than vanishing between the region and its districts.
"""

from __future__ import annotations

from atr.derive.inputs import Inputs
from atr.reference import DFE_LA_CODES
from atr.warehouse import Warehouse

RESPONSIBLE_DISTRICT_TABLE = "derive__responsible_district"
COUNCIL_DATASETS: tuple[str, ...] = ("lac", "csc", "youth_justice", "school", "housing")
"""Datasets a council sends under its DfE code, in the order that decides a person's responsible
district when several councils hold them: care first (the placing authority is responsible),
then social care, youth justice, schools and housing."""


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


def write_responsible_district(warehouse: Warehouse, inputs: Inputs) -> None:
    """Create ``(entity_id, lad19_code)``: the district of the council responsible for each person.

    Only council datasets count, and only partner codes that are West Yorkshire DfE LA codes;
    ties between councils are broken by :data:`COUNCIL_DATASETS` order, then by code, so the
    answer does not depend on the order an engine returns rows in.
    """
    membership = inputs["entity_membership"]
    codes = ", ".join(f"('{code}', '{lad}')" for code, lad in sorted(DFE_LA_CODES.items()))
    datasets = ", ".join(f"'{d}'" for d in COUNCIL_DATASETS)
    priority = " ".join(f"WHEN '{d}' THEN {i}" for i, d in enumerate(COUNCIL_DATASETS))
    warehouse.execute(
        f"""
        CREATE OR REPLACE TABLE {RESPONSIBLE_DISTRICT_TABLE} AS
        SELECT entity_id, lad19_code FROM (
            SELECT m.entity_id, la.lad19_code,
                   row_number() OVER (
                       PARTITION BY m.entity_id ORDER BY CASE m.dataset {priority} END, la.partner_code
                   ) AS rank_of_council
            FROM {membership} m
            JOIN (VALUES {codes}) la(partner_code, lad19_code) ON trim(m.partner_code) = la.partner_code
            WHERE m.dataset IN ({datasets})
        ) ranked
        WHERE rank_of_council = 1
        """
    )


def area_source_notes(warehouse: Warehouse) -> list[str]:
    """How many person-years each table placed by council rather than address, or could not place.

    Said in the run notes because a district's figures lean on it: if many children are placed
    by council, the district rates are right but their wards' are missing those children.
    """
    notes = []
    for table in ("child_year", "adult_year"):
        rows = warehouse.rows(f"SELECT area_source, count(*) AS n FROM {table} GROUP BY area_source")
        counts = {str(r["area_source"]): int(r["n"]) for r in rows}
        total = sum(counts.values())
        if total == 0:
            continue
        council, unknown = counts.get("responsible_council", 0), counts.get("not_known", 0)
        notes.append(
            f"{table}: {council:,} of {total:,} person-years ({council / total:.1%}) placed in a district "
            f"by the council responsible (no address in West Yorkshire); {unknown:,} ({unknown / total:.1%}) "
            "in no district, published as 'area not known'"
        )
    return notes


def responsible_district_join(entity_id_expr: str, alias: str = "rd") -> str:
    """The join :func:`area_columns_sql` needs for its ``council_alias``."""
    return f"LEFT JOIN {RESPONSIBLE_DISTRICT_TABLE} {alias} ON {alias}.entity_id = {entity_id_expr}"


def area_columns_sql(entity_alias: str, area_alias: str, lsoa_alias: str, council_alias: str = "rd") -> str:
    """The select list of area columns, given the entity, the year's area, ``ref_lsoa`` and the
    responsible council (:func:`responsible_district_join`).

    ``area_source`` says how the district was found: ``address`` (an LSOA in West Yorkshire),
    ``responsible_council`` (no address placed them; the council holding their record did) or
    ``not_known``.
    """
    by_address = f"coalesce({lsoa_alias}.lad19_code, {entity_alias}.lad19_code)"
    return (
        f"coalesce({area_alias}.lsoa11_code, {entity_alias}.lsoa11_code) AS lsoa11_code, "
        f"coalesce({by_address}, {council_alias}.lad19_code) AS lad19_code, "
        f"CASE WHEN {by_address} IS NOT NULL THEN 'address' "
        f"WHEN {council_alias}.lad19_code IS NOT NULL THEN 'responsible_council' "
        "ELSE 'not_known' END AS area_source, "
        f"{lsoa_alias}.ward19_code AS ward19_code, {lsoa_alias}.msoa11_code AS msoa11_code, "
        f"CAST({lsoa_alias}.imd_decile AS INTEGER) AS imd_decile, "
        f"CAST({lsoa_alias}.imd_quintile AS INTEGER) AS imd_quintile, "
        f"{entity_alias}.sex AS sex, {ethnic_group_sql(f'{entity_alias}.ethnicity_code')} AS ethnic_group"
    )
