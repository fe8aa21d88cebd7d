"""Service contact, protective-factor proxies and outcomes per child-year.

Protective factors are mostly not observable in administrative data (§5); these are *proxies*,
named ``pf_…_proxy`` so no one mistakes them for the thing itself:

- ``pf_good_attendance_proxy``: attended at least 90% of possible sessions in the academic year
  and had no suspension or permanent exclusion in the financial year (NULL: no attendance record);
- ``pf_placement_stability_proxy``: a looked-after child with at most two placements in the year
  (NULL when not looked after);
- ``pf_stable_address_proxy``: one LSOA across every address record seen in the year (NULL: none
  seen). A move within an LSOA cannot be seen;
- ``pf_early_help_proxy``: a social-care case closed to early help (RC9) or a referral from early
  help (source 5D) in the year. FALSE means no such record, not that no help was given.

School data are by academic year: academic year ``2023/24`` (September to July) is reported in
financial year ``2023/24``, the one it mostly overlaps. Persistent absence is missing 10% or more
of possible sessions (DfE definition since 2015/16).
"""

from __future__ import annotations

from atr.derive.events_sql import EventContext, member_join, sql_list
from atr.mapping_rules import load_mapping_rules
from atr.periods import age_sql

SPINE = "derive__child_spine"
SHORT_BREAKS: tuple[str, ...] = load_mapping_rules().looked_after.short_break_legal_statuses
PLACEMENT_STARTS = ("S", "P", "T", "U", "B")


def attendance_sql(ctx: EventContext) -> str:
    att = ctx.t("school_attendance")
    return f"""
        SELECT m.entity_id, trim(a.academic_year) AS financial_year,
               sum(a.sessions_possible) AS sessions_possible,
               sum(coalesce(a.sessions_authorised_absence, 0) + coalesce(a.sessions_unauthorised_absence, 0)) AS sessions_absent
        FROM {att} a {member_join(ctx, "a")}
        WHERE a.sessions_possible > 0
        GROUP BY m.entity_id, trim(a.academic_year)
    """


def exclusion_sql(ctx: EventContext) -> str:
    exc = ctx.t("school_exclusion")
    return f"""
        SELECT m.entity_id, f.financial_year,
               sum(CASE WHEN upper(trim(x.category)) IN ('SUSP', 'FIXD') THEN 1 ELSE 0 END) AS suspensions,
               max(CASE WHEN upper(trim(x.category)) = 'PERM' THEN 1 ELSE 0 END) = 1 AS permanent_exclusion
        FROM {exc} x {member_join(ctx, "x")}
        JOIN derive__fy f ON x.start_date BETWEEN f.fy_start AND f.fy_end
        GROUP BY m.entity_id, f.financial_year
    """


def care_sql(ctx: EventContext) -> str:
    """Looked-after status, care entry and placements in the year (short-break-only care excluded)."""
    lac = ctx.t("lac_episode")
    starts = sql_list(PLACEMENT_STARTS)
    return f"""
        SELECT s.entity_id, s.financial_year,
               TRUE AS looked_after,
               max(CASE WHEN l.start_date <= s.fy_end AND (l.end_date IS NULL OR l.end_date > s.fy_end) THEN 1 ELSE 0 END) = 1 AS looked_after_31_march,
               max(CASE WHEN upper(trim(l.reason_new_episode)) = 'S' AND l.start_date >= s.fy_start THEN 1 ELSE 0 END) = 1 AS care_entry,
               sum(CASE WHEN upper(trim(l.reason_new_episode)) IN {starts} AND l.start_date >= s.fy_start THEN 1 ELSE 0 END)
                 + max(CASE WHEN l.start_date < s.fy_start THEN 1 ELSE 0 END) AS placements_in_year
        FROM {SPINE} s
        JOIN {ctx.t("entity_membership")} m ON m.entity_id = s.entity_id
        JOIN {lac} l ON l.dataset = m.dataset AND l.partner_code = m.partner_code AND l.person_id = m.person_id
        WHERE l.start_date <= s.fy_end AND coalesce(l.end_date, {ctx.open_end}) >= s.fy_start
          AND coalesce(upper(trim(l.legal_status)), '') NOT IN {sql_list(SHORT_BREAKS)}
        GROUP BY s.entity_id, s.financial_year
    """


def child_in_need_sql(ctx: EventContext) -> str:
    """Referrals, children in need, and the early-help proxy."""
    episode, member = ctx.t("csc_episode"), ctx.t("entity_membership")
    return f"""
        SELECT s.entity_id, s.financial_year,
               max(CASE WHEN e.referral_date BETWEEN s.fy_start AND s.fy_end THEN 1 ELSE 0 END) = 1 AS cin_referral,
               max(CASE WHEN coalesce(e.referral_nfa, FALSE) = FALSE AND e.referral_date <= s.fy_end
                         AND coalesce(e.closure_date, {ctx.open_end}) >= s.fy_start THEN 1 ELSE 0 END) = 1 AS child_in_need,
               max(CASE WHEN coalesce(e.referral_nfa, FALSE) = FALSE AND e.referral_date <= s.fy_end
                         AND (e.closure_date IS NULL OR e.closure_date > s.fy_end) THEN 1 ELSE 0 END) = 1 AS child_in_need_31_march,
               max(CASE WHEN (upper(trim(e.closure_reason)) = 'RC9' AND e.closure_date BETWEEN s.fy_start AND s.fy_end)
                         OR (upper(trim(e.referral_source)) = '5D' AND e.referral_date BETWEEN s.fy_start AND s.fy_end)
                        THEN 1 ELSE 0 END) = 1 AS pf_early_help_proxy
        FROM {SPINE} s
        JOIN {member} m ON m.entity_id = s.entity_id
        JOIN {episode} e ON e.dataset = m.dataset AND e.partner_code = m.partner_code AND e.person_id = m.person_id
        GROUP BY s.entity_id, s.financial_year
    """


def cp_plan_sql(ctx: EventContext) -> str:
    """Child protection plans open, started, and open at 31 March."""
    plan, member = ctx.t("csc_cp_plan"), ctx.t("entity_membership")
    return f"""
        SELECT s.entity_id, s.financial_year,
               TRUE AS cp_plan,
               max(CASE WHEN p.start_date BETWEEN s.fy_start AND s.fy_end THEN 1 ELSE 0 END) = 1 AS cp_plan_start,
               max(CASE WHEN (p.end_date IS NULL OR p.end_date > s.fy_end) THEN 1 ELSE 0 END) = 1 AS cp_plan_31_march
        FROM {SPINE} s
        JOIN {member} m ON m.entity_id = s.entity_id
        JOIN {plan} p ON p.dataset = m.dataset AND p.partner_code = m.partner_code AND p.person_id = m.person_id
        WHERE p.start_date <= s.fy_end AND coalesce(p.end_date, {ctx.open_end}) >= s.fy_start
        GROUP BY s.entity_id, s.financial_year
    """


def youth_justice_sql(ctx: EventContext) -> str:
    """First-time entrants: the partner's first-time-entrant flag, aged 10-17 at the outcome."""
    yj, entity = ctx.t("youth_justice_outcome"), ctx.t("entity")
    age = age_sql("c", "y.outcome_date")
    return f"""
        SELECT m.entity_id, f.financial_year, count(*) AS youth_justice_outcomes,
               max(CASE WHEN y.is_first_time_entrant = TRUE AND {age} BETWEEN 10 AND 17 THEN 1 ELSE 0 END) = 1
                   AS first_time_entrant
        FROM {yj} y {member_join(ctx, "y")}
        JOIN {entity} c ON c.entity_id = m.entity_id
        JOIN derive__fy f ON y.outcome_date BETWEEN f.fy_start AND f.fy_end
        GROUP BY m.entity_id, f.financial_year
    """
