"""The registered adult population: the denominator for adult indicators.

``adult_year`` holds only adults with a domain of multiple disadvantage, so it cannot be its own
denominator. The GP registration extract (the contract's optional population spine) lists who
lived in the area: an adult counts in a financial year if registered on its mid-point (30
September), as NHS registered-population counts are usually taken at a fixed date. Where no GP
extract was sent the table is empty and the indicator catalogue falls back to the reference
population (see ``Denominator.fallback``).
"""

from __future__ import annotations

from atr.derive.areas import adult_age_band_sql, area_columns_sql, area_of_year_sql, responsible_district_join
from atr.derive.events_sql import EventContext, member_join
from atr.derive.periods_sql import FY_TABLE, eighteenth_birthday_sql
from atr.periods import age_sql
from atr.warehouse import Warehouse

POPULATION_SPINE = "derive__population_spine"


def build_adult_population_year(warehouse: Warehouse, ctx: EventContext) -> int:
    """Create ``adult_population_year`` (one row per registered adult per year); return its size."""
    entity, registration = ctx.t("entity"), ctx.t("gp_registration_registration")
    warehouse.execute(
        f"""
        CREATE OR REPLACE TABLE {POPULATION_SPINE} AS
        SELECT DISTINCT m.entity_id, f.financial_year, f.fy_start, f.fy_end
        FROM {registration} g
        {member_join(ctx, "g")}
        JOIN {FY_TABLE} f ON f.in_periods
             AND g.start_date <= CAST(f.fy_start + INTERVAL 182 DAY AS DATE)
             AND (g.end_date IS NULL OR g.end_date >= CAST(f.fy_start + INTERVAL 182 DAY AS DATE))
        JOIN {entity} c ON c.entity_id = m.entity_id
        WHERE c.birth_year IS NOT NULL AND {eighteenth_birthday_sql("c")} <= f.fy_end
        """
    )
    area = area_of_year_sql(ctx.inputs, POPULATION_SPINE)
    age = f"greatest({age_sql('c', 's.fy_start')}, 18)"
    warehouse.execute(
        f"""
        CREATE OR REPLACE TABLE adult_population_year AS
        SELECT s.entity_id, s.financial_year, {age} AS age, {adult_age_band_sql(age)} AS age_band,
               {area_columns_sql("c", "a", "r")}
        FROM {POPULATION_SPINE} s
        JOIN {entity} c ON c.entity_id = s.entity_id
        LEFT JOIN ({area}) a ON a.entity_id = s.entity_id AND a.financial_year = s.financial_year
        LEFT JOIN {ctx.t("ref_lsoa")} r ON r.lsoa11_code = coalesce(a.lsoa11_code, c.lsoa11_code)
        {responsible_district_join("s.entity_id")}
        ORDER BY s.financial_year, s.entity_id
        """
    )
    warehouse.execute(f"DROP TABLE IF EXISTS {POPULATION_SPINE}")
    return int(warehouse.count("adult_population_year"))
