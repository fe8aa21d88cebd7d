"""The toxic trio (domestic abuse, parental mental ill health, parental substance misuse), three ways.

Following §5 of the national-returns reference:

- ``toxic_trio_assessment``: all three domains among the factors of one children's social care
  assessment authorised in the year (same-day, tier B evidence);
- ``toxic_trio_any2``: at least two of the three domains evidenced in the year, any sources;
- ``toxic_trio_window``: all three domains evidenced, across sources, within a rolling window of
  ``toxic_trio_window_months`` ending in the year. An event that lasts (a treatment episode) counts
  for the whole time it is open, so the window test asks whether some day in the year has evidence
  of every domain within the preceding window.

Each is also computed from tier A/B evidence only (``_ab``), so figures can be shown with and
without the weaker service-use (C) and non-specific (D) proxies.
"""

from __future__ import annotations

from atr.warehouse import Warehouse

TRIO_TABLE = "derive__trio"


def _window_sql(months: int, tiers: str, name: str) -> str:
    """Child-years where some anchor day in the year sees all three domains in the window.

    CTE names carry ``name``: Spark lifts nested CTEs to the top, where names must be unique.
    """
    return f"""
        WITH ev_{name} AS (
            SELECT entity_id, toxic_trio_domain AS domain, event_date, event_end_date
            FROM adversity_event
            WHERE toxic_trio_domain IS NOT NULL AND NOT unborn AND evidence_tier IN {tiers}
        ),
        candidates_{name} AS (
            SELECT entity_id FROM ev_{name} GROUP BY entity_id HAVING count(DISTINCT domain) = 3
        ),
        anchors_{name} AS (
            SELECT DISTINCT e.entity_id, e.event_date AS anchor
            FROM ev_{name} e JOIN candidates_{name} USING (entity_id)
            UNION
            SELECT DISTINCT e.entity_id, e.event_end_date FROM ev_{name} e JOIN candidates_{name} USING (entity_id)
        ),
        covered_{name} AS (
            SELECT a.entity_id, a.anchor
            FROM anchors_{name} a
            JOIN ev_{name} e ON e.entity_id = a.entity_id AND e.event_date <= a.anchor
                 AND e.event_end_date >= CAST(a.anchor - INTERVAL '{months}' MONTH AS DATE)
            GROUP BY a.entity_id, a.anchor
            HAVING count(DISTINCT e.domain) = 3
        )
        SELECT DISTINCT c.entity_id, f.financial_year
        FROM covered_{name} c JOIN derive__fy f ON c.anchor BETWEEN f.fy_start AND f.fy_end
    """


def build_toxic_trio(warehouse: Warehouse, window_months: int) -> None:
    """``derive__trio(entity_id, financial_year, …)``: the trio columns for child-years with any domain."""
    all_tiers, ab = "('A', 'B', 'C', 'D')", "('A', 'B')"
    warehouse.execute(
        f"""
        CREATE OR REPLACE TABLE {TRIO_TABLE} AS
        WITH domains AS (
            SELECT entity_id, financial_year,
                   count(DISTINCT toxic_trio_domain) AS toxic_trio_domains,
                   count(DISTINCT CASE WHEN evidence_tier IN {ab} THEN toxic_trio_domain END) AS toxic_trio_domains_ab
            FROM adversity_event
            WHERE toxic_trio_domain IS NOT NULL AND NOT unborn
            GROUP BY entity_id, financial_year
        ),
        assessments AS (
            SELECT DISTINCT entity_id, financial_year FROM (
                SELECT entity_id, financial_year, assessment_id
                FROM adversity_event
                WHERE assessment_id IS NOT NULL AND toxic_trio_domain IS NOT NULL AND NOT unborn
                GROUP BY entity_id, financial_year, assessment_id
                HAVING count(DISTINCT toxic_trio_domain) = 3
            ) full_assessments
        ),
        window_all AS ({_window_sql(window_months, all_tiers, "all")}),
        window_ab AS ({_window_sql(window_months, ab, "ab")})
        SELECT d.entity_id, d.financial_year, d.toxic_trio_domains, d.toxic_trio_domains_ab,
               a.entity_id IS NOT NULL AS toxic_trio_assessment,
               a.entity_id IS NOT NULL AS toxic_trio_assessment_ab,
               d.toxic_trio_domains >= 2 AS toxic_trio_any2,
               d.toxic_trio_domains_ab >= 2 AS toxic_trio_any2_ab,
               w.entity_id IS NOT NULL AS toxic_trio_window,
               wab.entity_id IS NOT NULL AS toxic_trio_window_ab
        FROM domains d
        LEFT JOIN assessments a ON a.entity_id = d.entity_id AND a.financial_year = d.financial_year
        LEFT JOIN window_all w ON w.entity_id = d.entity_id AND w.financial_year = d.financial_year
        LEFT JOIN window_ab wab ON wab.entity_id = d.entity_id AND wab.financial_year = d.financial_year
        """
    )
