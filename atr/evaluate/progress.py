"""Progress to the target: unique young people supported, by district, programme and year.

People, not referrals: a person counts once per programme (their first start, whichever provider
sent it) and once in ``ALL`` (their first start in any programme), so someone referred twice or
supported by two providers is one person. ``programme_trajectory`` sets West Yorkshire's
cumulative count against the straight line from the latest year to the target year.
"""

from __future__ import annotations

from atr.evaluate.frame import fy_label_sql
from atr.evaluate.settings import EvaluateSettings
from atr.periods import FinancialYear
from atr.reference import REGION_CODE
from atr.warehouse import Warehouse, sql_literal


def build_progress(wh: Warehouse, settings: EvaluateSettings) -> None:
    region = sql_literal(REGION_CODE)
    wh.execute(
        f"""
        CREATE OR REPLACE TABLE programme_progress AS
        WITH firsts AS (
            SELECT programme_code, entity_id, start_date FROM evaluate__participants
            UNION ALL
            SELECT 'ALL', entity_id, min(start_date) FROM evaluate__participants GROUP BY entity_id
        ),
        placed AS (
            SELECT f.programme_code, {fy_label_sql("f.start_date")} AS financial_year,
                   coalesce(cy.lad19_code, e.lad19_code, 'not known') AS district
            FROM firsts f JOIN entity e ON e.entity_id = f.entity_id
            LEFT JOIN child_year cy ON cy.entity_id = f.entity_id
             AND cy.financial_year = {fy_label_sql("f.start_date")}
        ),
        counted AS (
            SELECT district, financial_year, programme_code, count(*) AS people_new FROM placed
            GROUP BY ALL
            UNION ALL
            SELECT {region}, financial_year, programme_code, count(*) FROM placed GROUP BY ALL
        )
        SELECT district, financial_year, programme_code, people_new,
               sum(people_new) OVER (PARTITION BY district, programme_code ORDER BY financial_year
                                     ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS people_cumulative
        FROM counted
        ORDER BY programme_code, district, financial_year
        """
    )
    _trajectory(wh, settings)
    _person_years(wh)


def _person_years(wh: Warehouse) -> None:
    """``programme_person_year``: each person supported, in every year from their first start
    to the latest year of the records, placed where they lived at the start. The indicator
    ``young_people_supported`` counts its rows (the cumulative number, with its 2030 target)."""
    wh.execute(
        f"""
        CREATE OR REPLACE TABLE programme_person_year AS
        WITH firsts AS (
            SELECT entity_id, min(start_date) AS start_date, min_by(programme_code, start_date) AS programme_code
            FROM evaluate__participants GROUP BY entity_id
        ),
        placed AS (
            SELECT f.entity_id, f.programme_code, {fy_label_sql("f.start_date")} AS start_year,
                   coalesce(cy.lad19_code, e.lad19_code) AS lad19_code, cy.ward19_code, cy.msoa11_code,
                   e.sex, cy.imd_decile, cy.imd_quintile
            FROM firsts f JOIN entity e ON e.entity_id = f.entity_id
            LEFT JOIN child_year cy ON cy.entity_id = f.entity_id
             AND cy.financial_year = {fy_label_sql("f.start_date")}
        ),
        years AS (SELECT DISTINCT financial_year FROM child_year)
        SELECT p.entity_id, y.financial_year, p.lad19_code, p.ward19_code, p.msoa11_code, p.sex,
               p.imd_decile, p.imd_quintile, p.programme_code, y.financial_year = p.start_year AS new_in_year
        FROM placed p JOIN years y ON y.financial_year >= p.start_year
        """
    )


def _trajectory(wh: Warehouse, settings: EvaluateSettings) -> None:
    """Actual years, then the years to the target on the straight line needed to reach it."""
    rows = wh.rows(
        "SELECT financial_year, people_cumulative FROM programme_progress "
        f"WHERE programme_code = 'ALL' AND district = {sql_literal(REGION_CODE)} ORDER BY financial_year"
    )
    target_year = FinancialYear.parse(settings.target_year)
    out: list[tuple[str, int | None, float | None]] = [
        (str(r["financial_year"]), int(r["people_cumulative"]), None) for r in rows
    ]
    last_year = FinancialYear.parse(out[-1][0]) if out else FinancialYear(target_year.start_year - 1)
    reached = (out[-1][1] or 0) if out else 0
    steps = target_year.start_year - last_year.start_year
    if out:
        out[-1] = (out[-1][0], out[-1][1], float(reached))
    for step in range(1, max(steps, 0) + 1):
        year = FinancialYear(last_year.start_year + step)
        needed = reached + (settings.target_people - reached) * step / steps
        out.append((year.label, None, round(needed, 1)))
    values = (
        ", ".join(
            f"({sql_literal(y)}, {'NULL' if c is None else c}, {'NULL' if n is None else n})"
            for y, c, n in out
        )
        or "(NULL, NULL, NULL)"
    )
    wh.execute(
        f"""
        CREATE OR REPLACE TABLE programme_trajectory AS
        SELECT CAST(financial_year AS VARCHAR) AS financial_year, CAST(people_cumulative AS BIGINT) AS people_cumulative,
               CAST(needed_cumulative AS DOUBLE) AS needed_cumulative,
               CAST({settings.target_people} AS BIGINT) AS target, {sql_literal(target_year.label)} AS target_year
        FROM (VALUES {values}) AS t(financial_year, people_cumulative, needed_cumulative)
        WHERE financial_year IS NOT NULL
        """
    )
