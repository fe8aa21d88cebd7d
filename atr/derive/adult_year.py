"""``adult_year``: the domains of multiple disadvantage per adult and financial year.

As issue 6 defines them, each a boolean for the year:

- ``homelessness``: a member of a homelessness (H-CLIC) case whose approach date is in the year;
- ``offending``: a probation custody period overlapping the year;
- ``substance_misuse``: a drug or alcohol treatment episode overlapping the year;
- ``mental_health``: a mental-health referral open at some point in the year;

and ``domain_count``, how many of the four. Adults are people 18 or over by the end of the year
(or of unknown age, since these are adult services). Only adult-years with at least one domain
are kept: the rest of the adult population is the denominator, taken from reference populations.
Open spells (no end date) run to the end of the last reporting year.
"""

from __future__ import annotations

from atr.derive.areas import adult_age_band_sql, area_columns_sql, area_of_year_sql, responsible_district_join
from atr.derive.events_sql import EventContext, member_join
from atr.derive.periods_sql import FY_TABLE, eighteenth_birthday_sql
from atr.periods import age_sql
from atr.warehouse import Warehouse

DOMAINS: tuple[str, ...] = ("homelessness", "offending", "substance_misuse", "mental_health")
ADULT_SPINE = "derive__adult_spine"


def _domain_evidence_sql(ctx: EventContext) -> str:
    """``(entity_id, financial_year, domain, source)`` for every piece of domain evidence."""
    case, member = ctx.t("housing_case"), ctx.t("housing_case_member")
    custody, episode, referral = (
        ctx.t("probation_custody"),
        ctx.t("substance_episode"),
        ctx.t("mental_health_referral"),
    )
    open_end = ctx.open_end

    def spell(table: str, start: str, end: str, domain: str, source: str) -> str:
        return f"""
            SELECT m.entity_id, f.financial_year, '{domain}' AS domain, '{source}' AS source
            FROM {table} x {member_join(ctx, "x")}
            JOIN {FY_TABLE} f ON f.in_periods AND x.{start} <= f.fy_end AND coalesce(x.{end}, {open_end}) >= f.fy_start
        """

    return "\nUNION ALL\n".join(
        [
            f"""
            SELECT m.entity_id, f.financial_year, 'homelessness' AS domain, 'housing_case' AS source
            FROM {member} cm
            JOIN {case} c ON c.dataset = cm.dataset AND c.partner_code = cm.partner_code AND c.record_id = cm.case_id
            {member_join(ctx, "cm")}
            JOIN {FY_TABLE} f ON f.in_periods AND c.approach_date BETWEEN f.fy_start AND f.fy_end
            """,
            spell(custody, "start_date", "release_date", "offending", "probation_custody"),
            spell(episode, "referral_date", "discharge_date", "substance_misuse", "substance_episode"),
            spell(
                referral,
                "referral_received_date",
                "discharge_date",
                "mental_health",
                "mental_health_referral",
            ),
        ]
    )


def build_adult_year(warehouse: Warehouse, ctx: EventContext) -> int:
    """Create ``adult_year``; return its row count."""
    entity, links = ctx.t("entity"), ctx.t("household_link")
    flags = ",\n".join(f"max(CASE WHEN domain = '{d}' THEN 1 ELSE 0 END) = 1 AS {d}" for d in DOMAINS)
    warehouse.execute(
        f"""
        CREATE OR REPLACE TABLE {ADULT_SPINE} AS
        SELECT d.entity_id, d.financial_year, f.fy_start, f.fy_end, {flags},
               count(DISTINCT domain) AS domain_count,
               string_agg(DISTINCT source, '; ' ORDER BY source) AS reasons
        FROM ({_domain_evidence_sql(ctx)}) d
        JOIN {FY_TABLE} f ON f.financial_year = d.financial_year
        JOIN {entity} c ON c.entity_id = d.entity_id
        WHERE c.birth_year IS NULL OR {eighteenth_birthday_sql("c")} <= f.fy_end
        GROUP BY d.entity_id, d.financial_year, f.fy_start, f.fy_end
        """
    )
    area = area_of_year_sql(ctx.inputs, ADULT_SPINE)
    warehouse.execute(
        f"""
        CREATE OR REPLACE TABLE adult_year AS
        SELECT s.entity_id, s.financial_year, {", ".join(f"s.{d}" for d in DOMAINS)},
               CAST(s.domain_count AS INTEGER) AS domain_count,
               CASE WHEN c.birth_year IS NULL THEN NULL ELSE greatest({age_sql("c", "s.fy_start")}, 18) END AS age,
               {adult_age_band_sql(f"CASE WHEN c.birth_year IS NULL THEN NULL ELSE greatest({age_sql('c', 's.fy_start')}, 18) END")} AS age_band,
               {area_columns_sql("c", "a", "r")},
               hl.adult_entity_id IS NOT NULL AS has_linked_child,
               s.reasons
        FROM {ADULT_SPINE} s
        JOIN {entity} c ON c.entity_id = s.entity_id
        LEFT JOIN ({area}) a ON a.entity_id = s.entity_id AND a.financial_year = s.financial_year
        LEFT JOIN {ctx.t("ref_lsoa")} r ON r.lsoa11_code = coalesce(a.lsoa11_code, c.lsoa11_code)
        {responsible_district_join("s.entity_id")}
        LEFT JOIN (
            SELECT DISTINCT l.adult_entity_id, f.financial_year
            FROM {links} l JOIN {FY_TABLE} f ON f.in_periods
                 AND coalesce(l.valid_from, DATE '1900-01-01') <= f.fy_end
                 AND coalesce(l.valid_to, {ctx.open_end}) >= f.fy_start
            WHERE l.confidence >= {ctx.household_threshold}
        ) hl ON hl.adult_entity_id = s.entity_id AND hl.financial_year = s.financial_year
        ORDER BY s.financial_year, s.entity_id
        """
    )
    warehouse.execute(f"DROP TABLE {ADULT_SPINE}")
    return warehouse.count("adult_year")
