"""Household adversities seen in an adult's records, reaching a child only through a household link.

Evidence about an adult (a treatment episode, a mental-health referral, a custody period, a
domestic-abuse occurrence, a homelessness support need) counts for a child only while a household
link joins them: its confidence at or above ``LinkSettings.household_confidence_threshold``, its
validity overlapping the evidence, and the child under 18. The link used is recorded on the
event (id, type, confidence), and where several links qualify the most confident wins. A spell
gives one event per financial year it overlaps while all of that holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from atr.derive.events_child import ADULT_ROLES
from atr.derive.events_sql import EventContext, code_rule_join, member_join, rule_literals, sql_list
from atr.derive.periods_sql import FY_TABLE, birth_date_sql, eighteenth_birthday_sql
from atr.derive.rules import SUPPORT_FIELD


@dataclass(frozen=True)
class AdultEvidence:
    """A query over an adult's records giving ``adult_entity_id``, the rule columns,
    ``source_dataset, source_table, partner_code, source_record_id, source_code, spell_start,
    spell_end`` (``spell_end`` NULL = still open)."""

    sql: str
    exclusion: str | None = None
    """Optional SQL condition, over aliases ``s`` (evidence) and ``l`` (link), that drops a
    candidate — used so a child named on an occurrence is not counted again through a link."""


def substance_evidence(ctx: EventContext) -> AdultEvidence:
    t = ctx.t("substance_episode")
    return AdultEvidence(f"""
        SELECT m.entity_id AS adult_entity_id, {rule_literals("substance_treatment_linked_adult")},
               'substance' AS source_dataset, 'episode' AS source_table, x.partner_code,
               x.record_id AS source_record_id,
               'parental_status=' || coalesce(x.parental_status, '') || ';drug_1=' || coalesce(x.drug_1, '') AS source_code,
               x.referral_date AS spell_start, x.discharge_date AS spell_end
        FROM {t} x {member_join(ctx, "x")} WHERE x.referral_date IS NOT NULL
    """)


def mental_health_evidence(ctx: EventContext) -> AdultEvidence:
    t = ctx.t("mental_health_referral")
    return AdultEvidence(f"""
        SELECT m.entity_id AS adult_entity_id, {rule_literals("mental_health_referral_linked_adult")},
               'mental_health' AS source_dataset, 'referral' AS source_table, x.partner_code,
               x.record_id AS source_record_id, 'referral' AS source_code,
               x.referral_received_date AS spell_start, x.discharge_date AS spell_end
        FROM {t} x {member_join(ctx, "x")} WHERE x.referral_received_date IS NOT NULL
    """)


def custody_evidence(ctx: EventContext) -> AdultEvidence:
    t = ctx.t("probation_custody")
    return AdultEvidence(f"""
        SELECT m.entity_id AS adult_entity_id, {rule_literals("probation_custody_linked_adult")},
               'probation' AS source_dataset, 'custody' AS source_table, x.partner_code,
               x.record_id AS source_record_id, 'sentence_type=' || coalesce(x.sentence_type, '') AS source_code,
               x.start_date AS spell_start, x.release_date AS spell_end
        FROM {t} x {member_join(ctx, "x")} WHERE x.start_date IS NOT NULL
    """)


def police_adult_evidence(ctx: EventContext) -> AdultEvidence:
    """Tier C: an adult victim, suspect or offender in a DA occurrence that does not name the child."""
    occ, inv = ctx.t("police_occurrence"), ctx.t("police_involvement")
    sql = f"""
        SELECT m.entity_id AS adult_entity_id, {rule_literals("police_da_linked_adult")},
               'police' AS source_dataset, 'occurrence' AS source_table, o.partner_code,
               o.record_id AS source_record_id, 'adult_role=' || lower(i.role) AS source_code,
               o.occurrence_date AS spell_start, o.occurrence_date AS spell_end
        FROM {inv} i
        JOIN {occ} o ON o.dataset = i.dataset AND o.partner_code = i.partner_code AND o.record_id = i.occurrence_id
        {member_join(ctx, "i")}
        WHERE o.da_flag = TRUE AND lower(i.role) IN {sql_list(ADULT_ROLES)} AND o.occurrence_date IS NOT NULL
    """
    named = f"""NOT EXISTS (
        SELECT 1 FROM {inv} ci {member_join(ctx, "ci", "cm")}
        WHERE ci.partner_code = s.partner_code AND ci.occurrence_id = s.source_record_id
          AND ci.dataset = 'police' AND cm.entity_id = l.child_entity_id)"""
    return AdultEvidence(sql, exclusion=named)


def housing_support_evidence(ctx: EventContext) -> AdultEvidence:
    """Tier D: an adult's support need in a homelessness case, at the approach date."""
    need, case = ctx.t("housing_support_need"), ctx.t("housing_case")
    return AdultEvidence(f"""
        SELECT m.entity_id AS adult_entity_id, r.rule_id, r.category, r.evidence_tier, r.toxic_trio_domain,
               'housing' AS source_dataset, 'support_need' AS source_table, n.partner_code,
               n.record_id AS source_record_id, 'need=' || lower(n.need) AS source_code,
               c.approach_date AS spell_start, c.approach_date AS spell_end
        FROM {need} n
        JOIN {case} c ON c.dataset = n.dataset AND c.partner_code = n.partner_code AND c.record_id = n.case_id
        {member_join(ctx, "n")} {code_rule_join(SUPPORT_FIELD, "n.need")}
        WHERE c.approach_date IS NOT NULL
    """)


def linked_events_sql(ctx: EventContext, evidence: AdultEvidence) -> str:
    """Turn adult evidence into child events through qualifying household links."""
    links, entity = ctx.t("household_link"), ctx.t("entity")
    exclusion = f"AND {evidence.exclusion}" if evidence.exclusion else ""
    return f"""
        SELECT entity_id, rule_id, category, evidence_tier, toxic_trio_domain, source_dataset, source_table,
               partner_code, source_record_id, source_code, event_date, event_end_date,
               CAST(NULL AS VARCHAR) AS assessment_id, household_link_id, household_link_type,
               household_link_confidence, adult_entity_id, TRUE AS needs_known_age
        FROM (
            SELECT y.*, row_number() OVER (
                       PARTITION BY entity_id, source_dataset, partner_code, source_table, source_record_id, rule_id, fy
                       ORDER BY household_link_confidence DESC, household_link_type, household_link_id
                   ) AS pick
            FROM (
                SELECT ov.child_entity_id AS entity_id, ov.rule_id, ov.category, ov.evidence_tier,
                       ov.toxic_trio_domain, ov.source_dataset, ov.source_table, ov.partner_code,
                       ov.source_record_id, ov.source_code,
                       greatest(ov.overlap_start, f.fy_start) AS event_date,
                       least(ov.overlap_end, f.fy_end) AS event_end_date, f.financial_year AS fy,
                       ov.link_id AS household_link_id, ov.link_type AS household_link_type,
                       ov.confidence AS household_link_confidence, ov.adult_entity_id
                FROM (
                    SELECT s.*, l.link_id, l.link_type, l.confidence, l.child_entity_id,
                           greatest(s.spell_start, coalesce(l.valid_from, DATE '1900-01-01'), {birth_date_sql("c")}) AS overlap_start,
                           least(coalesce(s.spell_end, {ctx.open_end}), coalesce(l.valid_to, {ctx.open_end}),
                                 CAST({eighteenth_birthday_sql("c")} - INTERVAL '1' DAY AS DATE)) AS overlap_end
                    FROM ({evidence.sql}) s
                    JOIN {links} l ON l.adult_entity_id = s.adult_entity_id AND l.confidence >= {ctx.household_threshold}
                    JOIN {entity} c ON c.entity_id = l.child_entity_id AND c.birth_year IS NOT NULL
                    WHERE l.child_entity_id <> s.adult_entity_id {exclusion}
                ) ov
                JOIN {FY_TABLE} f ON f.fy_start <= ov.overlap_end AND f.fy_end >= ov.overlap_start
                WHERE ov.overlap_start <= ov.overlap_end
            ) y
        ) picked WHERE pick = 1
    """


def household_queries(ctx: EventContext) -> list[str]:
    evidences = (
        substance_evidence(ctx),
        mental_health_evidence(ctx),
        custody_evidence(ctx),
        police_adult_evidence(ctx),
        housing_support_evidence(ctx),
    )
    return [linked_events_sql(ctx, evidence) for evidence in evidences]
