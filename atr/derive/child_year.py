"""``child_year``: one row per child (0-17) and reporting year, with everything indicators need.

A child-year exists for every linked person who is aged 0-17 at some point in a reporting
financial year (born by 31 March, not yet 18 on 1 April). ``age`` is the age on 1 April (0 for a
child born during the year). The row carries: area and demographic columns; for each category the
number of events and the best evidence tier; the observable ACE count; the toxic trio three ways,
with and without tier C/D evidence; service contact; protective-factor proxies; outcomes; and
``reasons``, the rules that fired, so no figure is without its evidence.

``observable_ace_count`` counts the 8 categories administrative data can see (§5 "admin-ACE-8").
It is not comparable with survey ACE scores and must never be presented as if it were.
"""

from __future__ import annotations

from atr.derive.areas import area_columns_sql, area_of_year_sql, child_age_band_sql, responsible_district_join
from atr.derive.categories import CATEGORY_NAMES, OBSERVABLE_ACE_CATEGORIES, SPECIFIC_ABUSE_CATEGORIES
from atr.derive.child_outcomes import (
    SPINE,
    attendance_sql,
    care_sql,
    child_in_need_sql,
    cp_plan_sql,
    exclusion_sql,
    youth_justice_sql,
)
from atr.derive.events_sql import EventContext, sql_list
from atr.derive.periods_sql import FY_TABLE, birth_date_sql, eighteenth_birthday_sql
from atr.derive.toxic_trio import TRIO_TABLE, build_toxic_trio
from atr.periods import age_sql
from atr.warehouse import Warehouse

EVENTS_BY_YEAR = "derive__child_events"
AREA_TABLE = "derive__child_area"
AB = "('A', 'B')"


def _ace_count_sql(tiers: str | None) -> str:
    """Distinct observable categories; 'abuse, type unspecified' counts once if nothing specific."""
    tier_filter = f" AND evidence_tier IN {tiers}" if tiers else ""
    cats = sql_list(OBSERVABLE_ACE_CATEGORIES)
    specific = sql_list(SPECIFIC_ABUSE_CATEGORIES)
    return (
        f"count(DISTINCT CASE WHEN category IN {cats}{tier_filter} THEN category END)"
        f" + CASE WHEN max(CASE WHEN category = 'abuse_type_unspecified'{tier_filter} THEN 1 ELSE 0 END) = 1"
        f" AND max(CASE WHEN category IN {specific}{tier_filter} THEN 1 ELSE 0 END) = 0 THEN 1 ELSE 0 END"
    )


def _event_aggregates(warehouse: Warehouse) -> None:
    per_category = ",\n".join(
        f"CAST(sum(CASE WHEN category = '{c}' THEN 1 ELSE 0 END) AS INTEGER) AS {c}_events, "
        f"min(CASE WHEN category = '{c}' THEN evidence_tier END) AS {c}_tier"
        for c in CATEGORY_NAMES
    )
    warehouse.execute(
        f"""
        CREATE OR REPLACE TABLE {EVENTS_BY_YEAR} AS
        SELECT entity_id, financial_year, {per_category},
               CAST(count(*) AS INTEGER) AS adversity_events,
               CAST({_ace_count_sql(None)} AS INTEGER) AS observable_ace_count,
               CAST({_ace_count_sql(AB)} AS INTEGER) AS observable_ace_count_ab,
               CAST(sum(CASE WHEN rule_id IN ('police_da_child_present', 'police_da_child_resident') THEN 1 ELSE 0 END)
                    AS INTEGER) AS police_da_child_occurrences,
               string_agg(DISTINCT rule_id, '; ' ORDER BY rule_id) AS reasons
        FROM adversity_event
        WHERE NOT unborn
        GROUP BY entity_id, financial_year
        """
    )


def _spine(warehouse: Warehouse, ctx: EventContext) -> None:
    entity = ctx.t("entity")
    warehouse.execute(
        f"""
        CREATE OR REPLACE TABLE {SPINE} AS
        SELECT c.entity_id, f.financial_year, f.fy_start, f.fy_end,
               greatest({age_sql("c", "f.fy_start")}, 0) AS age
        FROM {entity} c JOIN {FY_TABLE} f ON f.in_periods
        WHERE c.birth_year IS NOT NULL
          AND {birth_date_sql("c")} <= f.fy_end AND {eighteenth_birthday_sql("c")} > f.fy_start
        """
    )
    warehouse.execute(f"CREATE OR REPLACE TABLE {AREA_TABLE} AS {area_of_year_sql(ctx.inputs, SPINE)}")


def build_child_year(warehouse: Warehouse, ctx: EventContext, window_months: int) -> int:
    """Create ``child_year``; return its row count."""
    _spine(warehouse, ctx)
    _event_aggregates(warehouse)
    build_toxic_trio(warehouse, window_months)
    counts = ",\n".join(
        f"coalesce(ev.{c}_events, 0) AS {c}_events, ev.{c}_tier AS {c}_tier" for c in CATEGORY_NAMES
    )
    trio_flags = ",\n".join(
        f"coalesce(tt.{name}, FALSE) AS {name}"
        for base in ("toxic_trio_assessment", "toxic_trio_any2", "toxic_trio_window")
        for name in (base, f"{base}_ab")
    )
    sub = {
        "att": attendance_sql(ctx),
        "exc": exclusion_sql(ctx),
        "care": care_sql(ctx),
        "cin": child_in_need_sql(ctx),
        "cpp": cp_plan_sql(ctx),
        "yj": youth_justice_sql(ctx),
    }
    joins = "\n".join(
        f"LEFT JOIN ({sql}) {alias} ON {alias}.entity_id = s.entity_id AND {alias}.financial_year = s.financial_year"
        for alias, sql in sub.items()
    )
    warehouse.execute(
        f"""
        CREATE OR REPLACE TABLE child_year AS
        SELECT s.entity_id, s.financial_year, s.age, {child_age_band_sql("s.age")} AS age_band,
               {area_columns_sql("c", "a", "r")},
               {counts},
               coalesce(ev.adversity_events, 0) AS adversity_events,
               coalesce(ev.observable_ace_count, 0) AS observable_ace_count,
               coalesce(ev.observable_ace_count_ab, 0) AS observable_ace_count_ab,
               CAST(coalesce(tt.toxic_trio_domains, 0) AS INTEGER) AS toxic_trio_domains,
               CAST(coalesce(tt.toxic_trio_domains_ab, 0) AS INTEGER) AS toxic_trio_domains_ab,
               {trio_flags},
               coalesce(cin.cin_referral, FALSE) AS cin_referral,
               coalesce(cin.child_in_need, FALSE) AS child_in_need,
               coalesce(cin.child_in_need_31_march, FALSE) AS child_in_need_31_march,
               coalesce(cpp.cp_plan, FALSE) AS cp_plan,
               coalesce(cpp.cp_plan_start, FALSE) AS cp_plan_start,
               coalesce(cpp.cp_plan_31_march, FALSE) AS cp_plan_31_march,
               coalesce(care.looked_after, FALSE) AS looked_after,
               coalesce(care.looked_after_31_march, FALSE) AS looked_after_31_march,
               CAST(care.placements_in_year AS INTEGER) AS placements_in_year,
               coalesce(ev.police_da_child_occurrences, 0) AS police_da_child_occurrences,
               CAST(att.sessions_possible AS INTEGER) AS sessions_possible,
               CASE WHEN att.sessions_possible > 0
                    THEN 1.0 - CAST(att.sessions_absent AS DOUBLE) / att.sessions_possible END AS attendance_rate,
               CASE WHEN att.sessions_possible > 0
                    THEN CAST(att.sessions_absent AS DOUBLE) / att.sessions_possible >= 0.1 END AS persistent_absence,
               CAST(coalesce(exc.suspensions, 0) AS INTEGER) AS suspensions,
               coalesce(exc.permanent_exclusion, FALSE) AS permanent_exclusion,
               coalesce(yj.first_time_entrant, FALSE) AS first_time_entrant,
               CAST(coalesce(yj.youth_justice_outcomes, 0) AS INTEGER) AS youth_justice_outcomes,
               coalesce(care.care_entry, FALSE) AS care_entry,
               CASE WHEN att.sessions_possible > 0
                    THEN CAST(att.sessions_absent AS DOUBLE) / att.sessions_possible < 0.1
                         AND coalesce(exc.suspensions, 0) = 0 AND NOT coalesce(exc.permanent_exclusion, FALSE)
               END AS pf_good_attendance_proxy,
               CASE WHEN care.looked_after THEN care.placements_in_year <= 2 END AS pf_placement_stability_proxy,
               CASE WHEN a.lsoas_in_year >= 1 THEN a.lsoas_in_year = 1 END AS pf_stable_address_proxy,
               coalesce(cin.pf_early_help_proxy, FALSE) AS pf_early_help_proxy,
               ev.reasons
        FROM {SPINE} s
        JOIN {ctx.t("entity")} c ON c.entity_id = s.entity_id
        LEFT JOIN {AREA_TABLE} a ON a.entity_id = s.entity_id AND a.financial_year = s.financial_year
        LEFT JOIN {ctx.t("ref_lsoa")} r ON r.lsoa11_code = coalesce(a.lsoa11_code, c.lsoa11_code)
        {responsible_district_join("s.entity_id")}
        LEFT JOIN {EVENTS_BY_YEAR} ev ON ev.entity_id = s.entity_id AND ev.financial_year = s.financial_year
        LEFT JOIN {TRIO_TABLE} tt ON tt.entity_id = s.entity_id AND tt.financial_year = s.financial_year
        {joins}
        ORDER BY s.financial_year, s.entity_id
        """
    )
    for table in (EVENTS_BY_YEAR, TRIO_TABLE, AREA_TABLE):
        warehouse.execute(f"DROP TABLE IF EXISTS {table}")
    return warehouse.count("child_year")
