"""``hidden_need``: modelled versus recorded toxic trio, per area and year.

For every area with a modelled estimate, the number of children whose records show the toxic
trio in the year is set beside the modelled number, for three matching measures:

=============  ==============================  ==========================================
measure        recorded (``child_year``)       modelled (narrow, Children's Commissioner)
=============  ==============================  ==========================================
any            ``toxic_trio_domains >= 1``     ``any_narrow``
two_or_more    ``toxic_trio_any2``             ``two_or_more_narrow``
all_three      ``toxic_trio_window``           ``all_three_narrow``
=============  ==============================  ==========================================

each with all evidence and with tier A/B evidence only. ``hidden_estimate`` is modelled minus
recorded; ``recorded_share`` is recorded over modelled. The two are not the same definition (a
survey of adults' conditions against what services recorded in a year), so the comparison shows
the scale of what records may not see, not a count of missed children.

The warehouse keeps the true ``recorded`` count and the figures computed from it, for analysts.
They are never published as they are: the publish stage suppresses and rounds ``recorded`` and
computes ``hidden_estimate``, ``recorded_share`` and ``recorded_above_modelled`` again from the
published count (``atr.publish.derived``), since the exact ones give the true count back.
"""

from __future__ import annotations

from atr.reference import REGION_CODE
from atr.warehouse import Warehouse

TABLE = "hidden_need"
RECORDED: dict[str, tuple[str, str, str]] = {
    "any": ("toxic_trio_domains >= 1", "toxic_trio_domains_ab >= 1", "any_narrow"),
    "two_or_more": ("toxic_trio_any2", "toxic_trio_any2_ab", "two_or_more_narrow"),
    "all_three": ("toxic_trio_window", "toxic_trio_window_ab", "all_three_narrow"),
}
AREA_COLUMNS: dict[str, str] = {
    "lsoa": "lsoa11_code",
    "msoa": "msoa11_code",
    "ward": "ward19_code",
    "district": "lad19_code",
    "region": f"'{REGION_CODE}'",
}


def build_hidden_need(warehouse: Warehouse) -> int:
    """Create ``hidden_need`` from ``child_year`` and ``modelled_toxic_trio``."""
    recorded_parts = []
    for measure, (all_tiers, ab, modelled) in RECORDED.items():
        for evidence, condition in (("all_tiers", all_tiers), ("tier_ab", ab)):
            for area_type, column in AREA_COLUMNS.items():
                recorded_parts.append(
                    f"""
                    SELECT {column} AS area_code, '{area_type}' AS area_type, financial_year,
                           '{measure}' AS measure, '{evidence}' AS evidence, '{modelled}' AS modelled_measure,
                           sum(CASE WHEN {condition} THEN 1 ELSE 0 END) AS recorded
                    FROM child_year WHERE {column} IS NOT NULL
                    GROUP BY {column}, financial_year
                    """
                )
    recorded = "\nUNION ALL\n".join(recorded_parts)
    warehouse.execute(
        f"""
        CREATE OR REPLACE TABLE {TABLE} AS
        WITH recorded AS ({recorded}),
        years AS (SELECT DISTINCT financial_year FROM child_year),
        grid AS (
            SELECT m.area_code, m.area_type, m.lad19_code, y.financial_year, k.measure, k.evidence,
                   m.measure AS modelled_measure, m.children_0_17, m.estimate, m.lower, m.upper
            FROM modelled_toxic_trio m
            CROSS JOIN years y
            JOIN (SELECT DISTINCT measure, evidence, modelled_measure FROM recorded) k
                 ON k.modelled_measure = m.measure
        )
        SELECT g.area_code, g.area_type, g.lad19_code, g.financial_year, g.measure, g.evidence,
               CAST(coalesce(r.recorded, 0) AS BIGINT) AS recorded,
               g.modelled_measure, g.children_0_17, g.estimate AS modelled_estimate,
               g.lower AS modelled_lower, g.upper AS modelled_upper,
               g.estimate - coalesce(r.recorded, 0) AS hidden_estimate,
               CASE WHEN g.estimate > 0 THEN coalesce(r.recorded, 0) / g.estimate END AS recorded_share,
               coalesce(r.recorded, 0) > g.upper AS recorded_above_modelled
        FROM grid g
        LEFT JOIN recorded r ON r.area_code = g.area_code AND r.area_type = g.area_type
             AND r.financial_year = g.financial_year AND r.measure = g.measure AND r.evidence = g.evidence
        ORDER BY g.area_type, g.area_code, g.financial_year, g.measure, g.evidence
        """
    )
    return warehouse.count(TABLE)
