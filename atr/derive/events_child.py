"""Adverse experiences recorded in the child's own records (no household link needed).

Children's social care (protection plans, assessment factors, category of need), looked-after
episodes, free school meals, police occurrences naming the child, and homelessness cases the
child is a member of. Spells that last (a protection plan, a free-school-meals period) give one
event per financial year they overlap, dated from the later of the spell start and 1 April, so a
year's count reflects what was open that year.
"""

from __future__ import annotations

from atr.derive.events_sql import (
    NO_ASSESSMENT,
    NO_LINK,
    EventContext,
    code_rule_join,
    member_join,
    rule_choice,
    rule_literals,
    sql_list,
)
from atr.derive.periods_sql import FY_TABLE
from atr.derive.rules import CP_FIELD, FACTOR_FIELD, NEED_FIELD
from atr.mapping_rules import load_mapping_rules

_MAPPING = load_mapping_rules()
# The code lists the join rules read, from the mapping-rules file (see its comments).
VIOLENCE_OFFENCE_CODES: tuple[str, ...] = _MAPPING.police.violence_offence_codes
PARENT_RELATIONSHIPS: tuple[str, ...] = _MAPPING.police.parent_relationships
CHILD_PRESENT_ROLES: tuple[str, ...] = _MAPPING.police.child_present_roles
CHILD_RESIDENT_ROLES: tuple[str, ...] = _MAPPING.police.child_resident_roles
ADULT_ROLES: tuple[str, ...] = _MAPPING.police.adult_roles
DUTY_OUTCOMES: tuple[str, ...] = _MAPPING.housing.duty_outcomes
CARE_ORDERS: tuple[str, ...] = _MAPPING.looked_after.care_order_legal_statuses
SHORT_BREAKS: tuple[str, ...] = _MAPPING.looked_after.short_break_legal_statuses


def _spell_years(start: str, end: str, ctx: EventContext) -> str:
    """Join to every financial year a spell overlaps (open spells run to the last period)."""
    return f"JOIN {FY_TABLE} f ON f.fy_start <= coalesce({end}, {ctx.open_end}) AND f.fy_end >= {start}"


def cp_plan_events(ctx: EventContext) -> str:
    """Tier A: category of abuse of a protection plan, for every year the plan is open.

    The initial category applies from the start; a different latest category is taken to apply
    from the start too, because the contract carries no date for the change.
    """
    plan = ctx.t("csc_cp_plan")
    return f"""
        WITH plan_codes AS (
            SELECT dataset, partner_code, person_id, record_id, start_date, end_date,
                   initial_category_of_abuse AS code, 'initial' AS which FROM {plan}
            UNION ALL
            SELECT dataset, partner_code, person_id, record_id, start_date, end_date,
                   latest_category_of_abuse AS code, 'latest' AS which FROM {plan}
            WHERE latest_category_of_abuse IS NOT NULL
              AND (initial_category_of_abuse IS NULL
                   OR upper(trim(latest_category_of_abuse)) <> upper(trim(initial_category_of_abuse)))
        )
        SELECT m.entity_id, r.rule_id, r.category, r.evidence_tier, r.toxic_trio_domain,
               'csc' AS source_dataset, 'cp_plan' AS source_table, p.partner_code,
               p.record_id AS source_record_id, p.which || '_category_of_abuse=' || upper(trim(p.code)) AS source_code,
               greatest(p.start_date, f.fy_start) AS event_date,
               least(coalesce(p.end_date, {ctx.open_end}), f.fy_end) AS event_end_date,
               {NO_ASSESSMENT}, {NO_LINK}, FALSE AS needs_known_age
        FROM plan_codes p {member_join(ctx, "p")} {code_rule_join(CP_FIELD, "p.code")}
        {_spell_years("p.start_date", "p.end_date", ctx)}
        WHERE p.start_date IS NOT NULL
    """


def assessment_factor_events(ctx: EventContext) -> str:
    """Tier B (D for private fostering/UASC): factors of an assessment, dated at its authorisation."""
    factor, assessment = ctx.t("csc_assessment_factor"), ctx.t("csc_assessment")
    return f"""
        SELECT m.entity_id, r.rule_id, r.category, r.evidence_tier, r.toxic_trio_domain,
               'csc' AS source_dataset, 'assessment_factor' AS source_table, af.partner_code,
               af.record_id AS source_record_id, 'factor=' || upper(trim(af.factor)) AS source_code,
               coalesce(a.authorisation_date, a.start_date) AS event_date,
               coalesce(a.authorisation_date, a.start_date) AS event_end_date,
               af.partner_code || ':' || a.record_id AS assessment_id, {NO_LINK}, FALSE AS needs_known_age
        FROM {factor} af
        JOIN {assessment} a ON a.dataset = af.dataset AND a.partner_code = af.partner_code
             AND a.record_id = af.assessment_id
        {member_join(ctx, "af")} {code_rule_join(FACTOR_FIELD, "af.factor")}
    """


def need_code_events(ctx: EventContext) -> str:
    """Tier D: category of need of a referral that went beyond no further action, and of care entry."""
    episode, lac = ctx.t("csc_episode"), ctx.t("lac_episode")
    return f"""
        SELECT m.entity_id, r.rule_id, r.category, r.evidence_tier, r.toxic_trio_domain,
               'csc' AS source_dataset, 'episode' AS source_table, e.partner_code,
               e.record_id AS source_record_id, 'primary_need_code=' || upper(trim(e.primary_need_code)) AS source_code,
               e.referral_date AS event_date, e.referral_date AS event_end_date,
               {NO_ASSESSMENT}, {NO_LINK}, FALSE AS needs_known_age
        FROM {episode} e {member_join(ctx, "e")} {code_rule_join(NEED_FIELD, "e.primary_need_code")}
        WHERE coalesce(e.referral_nfa, FALSE) = FALSE
        UNION ALL
        SELECT m.entity_id, r.rule_id, r.category, r.evidence_tier, r.toxic_trio_domain,
               'lac' AS source_dataset, 'episode' AS source_table, l.partner_code,
               l.record_id AS source_record_id, 'category_of_need=' || upper(trim(l.category_of_need)) AS source_code,
               l.start_date AS event_date, l.start_date AS event_end_date,
               {NO_ASSESSMENT}, {NO_LINK}, FALSE AS needs_known_age
        FROM {lac} l {member_join(ctx, "l")} {code_rule_join(NEED_FIELD, "l.category_of_need")}
        WHERE upper(trim(l.reason_new_episode)) = 'S'
          AND coalesce(upper(trim(l.legal_status)), '') NOT IN {sql_list(SHORT_BREAKS)}
    """


def care_entry_events(ctx: EventContext) -> str:
    """Separation: starting to be looked after; tier A under a care order, else D."""
    lac = ctx.t("lac_episode")
    care_order = f"upper(trim(l.legal_status)) IN {sql_list(CARE_ORDERS)}"
    return f"""
        SELECT m.entity_id, {rule_choice(care_order, "care_entry_care_order", "care_entry")},
               'lac' AS source_dataset, 'episode' AS source_table, l.partner_code,
               l.record_id AS source_record_id, 'legal_status=' || coalesce(upper(trim(l.legal_status)), '') AS source_code,
               l.start_date AS event_date, l.start_date AS event_end_date,
               {NO_ASSESSMENT}, {NO_LINK}, FALSE AS needs_known_age
        FROM {lac} l {member_join(ctx, "l")}
        WHERE upper(trim(l.reason_new_episode)) = 'S'
          AND coalesce(upper(trim(l.legal_status)), '') NOT IN {sql_list(SHORT_BREAKS)}
    """


def free_school_meal_events(ctx: EventContext) -> str:
    fsm = ctx.t("school_fsm")
    return f"""
        SELECT m.entity_id, {rule_literals("free_school_meals")},
               'school' AS source_dataset, 'fsm' AS source_table, s.partner_code,
               s.record_id AS source_record_id, 'fsm' AS source_code,
               greatest(s.start_date, f.fy_start) AS event_date,
               least(coalesce(s.end_date, {ctx.open_end}), f.fy_end) AS event_end_date,
               {NO_ASSESSMENT}, {NO_LINK}, FALSE AS needs_known_age
        FROM {fsm} s {member_join(ctx, "s")} {_spell_years("s.start_date", "s.end_date", ctx)}
        WHERE s.start_date IS NOT NULL
    """


def police_child_events(ctx: EventContext) -> str:
    """Tier B: a domestic-abuse occurrence naming the child as present/witness or resident.

    One event per child and occurrence: 'present or witnessed' wins over 'resides only'. A
    witness must have a known age under 18 (adults witness too); the child roles imply a child.
    """
    occ, inv = ctx.t("police_occurrence"), ctx.t("police_involvement")
    present, resident = sql_list(CHILD_PRESENT_ROLES), sql_list(CHILD_RESIDENT_ROLES)
    return f"""
        SELECT entity_id, rule_id, category, evidence_tier, toxic_trio_domain, source_dataset,
               source_table, partner_code, source_record_id, source_code, event_date, event_end_date,
               {NO_ASSESSMENT}, {NO_LINK}, needs_known_age
        FROM (
            SELECT m.entity_id,
                   {rule_choice(f"lower(i.role) IN {present}", "police_da_child_present", "police_da_child_resident")},
                   'police' AS source_dataset, 'occurrence' AS source_table, o.partner_code,
                   o.record_id AS source_record_id, 'role=' || lower(i.role) AS source_code,
                   o.occurrence_date AS event_date, o.occurrence_date AS event_end_date,
                   lower(i.role) = 'witness' AS needs_known_age,
                   row_number() OVER (
                       PARTITION BY m.entity_id, o.partner_code, o.record_id
                       ORDER BY CASE WHEN lower(i.role) IN {present} THEN 0 ELSE 1 END, i.record_id
                   ) AS pick
            FROM {inv} i
            JOIN {occ} o ON o.dataset = i.dataset AND o.partner_code = i.partner_code AND o.record_id = i.occurrence_id
            {member_join(ctx, "i")}
            WHERE o.da_flag = TRUE AND (lower(i.role) IN {present} OR lower(i.role) IN {resident})
        ) named WHERE pick = 1
    """


def police_violence_events(ctx: EventContext) -> str:
    """Tier B physical abuse: a violent crime against the child by a parent or household member.

    'Household member' means the suspect's relationship says so, or the suspect is linked to the
    child by a household link above the threshold that is valid on the day (its type is kept).
    """
    occ, inv, links = ctx.t("police_occurrence"), ctx.t("police_involvement"), ctx.t("household_link")
    return f"""
        SELECT entity_id, {rule_literals("police_violence_by_household_member")},
               'police' AS source_dataset, 'occurrence' AS source_table, partner_code, source_record_id,
               source_code, event_date, event_end_date, {NO_ASSESSMENT},
               link_id AS household_link_id, link_type AS household_link_type,
               confidence AS household_link_confidence, suspect_entity_id AS adult_entity_id,
               TRUE AS needs_known_age
        FROM (
            SELECT victim.entity_id, o.partner_code, o.record_id AS source_record_id,
                   'ho_offence_code=' || trim(o.ho_offence_code) AS source_code,
                   o.occurrence_date AS event_date, o.occurrence_date AS event_end_date,
                   sm.entity_id AS suspect_entity_id, l.link_id, l.link_type, l.confidence,
                   row_number() OVER (
                       PARTITION BY victim.entity_id, o.partner_code, o.record_id
                       ORDER BY CASE WHEN l.link_id IS NOT NULL THEN 0 ELSE 1 END, l.confidence DESC, l.link_id
                   ) AS pick
            FROM {inv} vi
            JOIN {occ} o ON o.dataset = vi.dataset AND o.partner_code = vi.partner_code AND o.record_id = vi.occurrence_id
            {member_join(ctx, "vi", "victim")}
            JOIN {inv} si ON si.dataset = o.dataset AND si.partner_code = o.partner_code
                 AND si.occurrence_id = o.record_id AND lower(si.role) IN ('suspect', 'offender')
            {member_join(ctx, "si", "sm")}
            LEFT JOIN {links} l ON l.child_entity_id = victim.entity_id AND l.adult_entity_id = sm.entity_id
                 AND l.confidence >= {ctx.household_threshold}
                 AND coalesce(l.valid_from, DATE '1900-01-01') <= o.occurrence_date
                 AND coalesce(l.valid_to, {ctx.open_end}) >= o.occurrence_date
            WHERE lower(vi.role) = 'victim' AND o.is_notifiable_crime = TRUE
              AND trim(o.ho_offence_code) IN {sql_list(VIOLENCE_OFFENCE_CODES)}
              AND sm.entity_id <> victim.entity_id
              AND (l.link_id IS NOT NULL OR lower(trim(vi.relationship_to_suspect)) IN {sql_list(PARENT_RELATIONSHIPS)})
        ) crimes WHERE pick = 1
    """


def housing_child_events(ctx: EventContext) -> str:
    """The child's own homelessness case: a duty owed (B), or a case caused by DA or prison (D)."""
    case, member = ctx.t("housing_case"), ctx.t("housing_case_member")
    base = f"""
        FROM {member} cm
        JOIN {case} c ON c.dataset = cm.dataset AND c.partner_code = cm.partner_code AND c.record_id = cm.case_id
        {member_join(ctx, "cm")}
    """
    common = (
        "'housing' AS source_dataset, 'case' AS source_table, c.partner_code, c.record_id AS source_record_id"
    )
    tail = f"c.approach_date AS event_date, c.approach_date AS event_end_date, {NO_ASSESSMENT}, {NO_LINK}, TRUE AS needs_known_age"
    return f"""
        SELECT m.entity_id, {rule_literals("housing_duty_child")}, {common},
               'assessment_outcome=' || lower(c.assessment_outcome) AS source_code, {tail}
        {base} WHERE lower(c.assessment_outcome) IN {sql_list(DUTY_OUTCOMES)}
        UNION ALL
        SELECT m.entity_id, {rule_literals("housing_reason_domestic_abuse")}, {common},
               'reason_loss_settled_home=' || lower(c.reason_loss_settled_home) AS source_code, {tail}
        {base} WHERE lower(c.reason_loss_settled_home) LIKE '%{_MAPPING.housing.reason_domestic_abuse_contains}%'
        UNION ALL
        SELECT m.entity_id, {rule_literals("housing_reason_prison")}, {common},
               'reason_loss_settled_home=' || lower(c.reason_loss_settled_home) AS source_code, {tail}
        {base} WHERE lower(c.reason_loss_settled_home) LIKE '%{_MAPPING.housing.reason_prison_contains}%'
    """


def child_record_queries(ctx: EventContext) -> list[str]:
    return [
        cp_plan_events(ctx),
        assessment_factor_events(ctx),
        need_code_events(ctx),
        care_entry_events(ctx),
        free_school_meal_events(ctx),
        police_child_events(ctx),
        police_violence_events(ctx),
        housing_child_events(ctx),
    ]
