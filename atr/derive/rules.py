"""The mapping from partner codes to adverse experiences, written down once as data.

Every rule here comes from ``national-returns-reference.md`` §5 (the evidence tiers A–D, whose
experience the evidence is about, and what cannot be observed). Keeping the rules as data rather
than scattered SQL means the same table drives the SQL, the documentation and the tests, and is
loaded into the warehouse as ``derive_rule`` so every derived event can be traced to the rule
that made it (``adversity_event.rule_id``).

Tiers: A statutory finding or decision; B an assessed concern by a professional; C a service-use
proxy about a linked adult (needs a household link); D a weak or non-specific proxy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from atr.derive.categories import TrioDomain

Tier = Literal["A", "B", "C", "D"]
Whose = Literal["child", "household"]


@dataclass(frozen=True)
class Rule:
    """One way a record becomes an adverse experience."""

    rule_id: str
    category: str
    tier: Tier
    whose: Whose
    description: str
    trio_domain: TrioDomain | None = None


@dataclass(frozen=True)
class CodeRule:
    """A rule triggered by one code in one coded field (looked up in SQL)."""

    field: str
    code: str
    rule: Rule


def _codes(field: str, codes: tuple[str, ...], rule: Rule) -> tuple[CodeRule, ...]:
    return tuple(CodeRule(field, code, rule) for code in codes)


# --- CIN child protection plans: category of abuse (tier A) -------------------------------------
CP_FIELD = "csc_cp_plan.category_of_abuse"
_CP = {
    "PHY": Rule(
        "cp_plan_physical", "physical_abuse", "A", "child", "Child protection plan, category physical abuse"
    ),
    "EMO": Rule(
        "cp_plan_emotional",
        "emotional_abuse",
        "A",
        "child",
        "Child protection plan, category emotional abuse",
    ),
    "SAB": Rule(
        "cp_plan_sexual", "sexual_abuse", "A", "child", "Child protection plan, category sexual abuse"
    ),
    "NEG": Rule("cp_plan_neglect", "neglect", "A", "child", "Child protection plan, category neglect"),
    "MUL": Rule(
        "cp_plan_multiple",
        "abuse_type_unspecified",
        "A",
        "child",
        "Child protection plan, category multiple: at least one abuse type, never a specific one",
    ),
}

# --- CIN assessment factors (tier B unless stated) ----------------------------------------------
FACTOR_FIELD = "csc_assessment_factor.factor"
_F_DA = Rule(
    "cin_factor_domestic_abuse",
    "domestic_abuse",
    "B",
    "household",
    "Assessment factor 3A/3B/3C: domestic abuse concerning the child, a parent/carer or another household member",
    "domestic_abuse",
)
_F_SM = Rule(
    "cin_factor_substance_misuse",
    "household_substance_misuse",
    "B",
    "household",
    "Assessment factor 1B/1C/2B/2C: alcohol or drug misuse by a parent/carer or another household member",
    "substance_misuse",
)
_F_MH = Rule(
    "cin_factor_mental_health",
    "household_mental_ill_health",
    "B",
    "household",
    "Assessment factor 4B/4C: mental health of a parent/carer or another household member",
    "mental_health",
)
FACTOR_RULES: tuple[CodeRule, ...] = (
    *_codes(
        FACTOR_FIELD,
        ("18C", "18A"),
        Rule(
            "cin_factor_physical",
            "physical_abuse",
            "B",
            "child",
            "Assessment factor 18C (adult on child) or legacy 18A: physical abuse",
        ),
    ),
    *_codes(
        FACTOR_FIELD,
        ("17A",),
        Rule(
            "cin_factor_emotional", "emotional_abuse", "B", "child", "Assessment factor 17A: emotional abuse"
        ),
    ),
    *_codes(
        FACTOR_FIELD,
        ("19C", "19A"),
        Rule(
            "cin_factor_sexual",
            "sexual_abuse",
            "B",
            "child",
            "Assessment factor 19C (adult on child) or legacy 19A: sexual abuse",
        ),
    ),
    *_codes(
        FACTOR_FIELD,
        ("16A",),
        Rule("cin_factor_neglect", "neglect", "B", "child", "Assessment factor 16A: neglect"),
    ),
    *_codes(
        FACTOR_FIELD,
        ("18B", "19B"),
        Rule(
            "cin_factor_peer_abuse",
            "peer_abuse",
            "B",
            "child",
            "Assessment factor 18B/19B: physical or sexual abuse by another child (kept apart from household ACEs)",
        ),
    ),
    *_codes(FACTOR_FIELD, ("3A", "3B", "3C"), _F_DA),
    *_codes(FACTOR_FIELD, ("1B", "1C", "2B", "2C"), _F_SM),
    *_codes(FACTOR_FIELD, ("4B", "4C"), _F_MH),
    *_codes(
        FACTOR_FIELD,
        ("10A", "11A", "12A", "13A", "14A", "15A", "22A", "24A"),
        Rule(
            "cin_factor_extra_familial",
            "extra_familial_harm",
            "B",
            "child",
            "Assessment factor 10A-15A, 22A, 24A: missing, exploitation, trafficking, gangs, behaviour, self-harm, FGM",
        ),
    ),
    *_codes(
        FACTOR_FIELD,
        ("5B", "6B", "7A"),
        Rule(
            "cin_factor_parental_illness",
            "parental_illness_disability",
            "B",
            "household",
            "Assessment factor 5B/6B/7A: parental learning disability, illness or disability; young carer",
        ),
    ),
    *_codes(
        FACTOR_FIELD,
        ("8B", "8C", "8D", "8E", "8F", "9A"),
        Rule(
            "cin_factor_separation",
            "separation",
            "D",
            "child",
            "Assessment factor 8B-8F/9A: privately fostered or unaccompanied asylum-seeking child",
        ),
    ),
)

# --- Category of need, CIN episodes and looked-after episodes (tier D) ---------------------------
NEED_FIELD = "need_code"
NEED_RULES: tuple[CodeRule, ...] = (
    CodeRule(
        NEED_FIELD,
        "N1",
        Rule(
            "need_abuse_neglect",
            "neglect",
            "D",
            "child",
            "Category of need N1 'abuse or neglect' (type unspecified)",
        ),
    ),
    CodeRule(
        NEED_FIELD,
        "N3",
        Rule(
            "need_parental_illness",
            "household_mental_ill_health",
            "D",
            "household",
            "Category of need N3 'parental disability or illness' (includes mental illness and addiction; non-specific)",
        ),
    ),
    CodeRule(
        NEED_FIELD,
        "N7",
        Rule("need_low_income", "poverty", "D", "household", "Category of need N7 'low income'"),
    ),
    CodeRule(
        NEED_FIELD,
        "N8",
        Rule("need_absent_parenting", "separation", "D", "child", "Category of need N8 'absent parenting'"),
    ),
)

# --- Housing (H-CLIC shape): an adult's support need in a household with a linked child (tier D) --
SUPPORT_FIELD = "housing_support_need.need"
SUPPORT_RULES: tuple[CodeRule, ...] = (
    CodeRule(
        SUPPORT_FIELD,
        "domestic_abuse",
        Rule(
            "housing_need_domestic_abuse",
            "domestic_abuse",
            "D",
            "household",
            "Homelessness case: a linked adult has a domestic-abuse support need",
            "domestic_abuse",
        ),
    ),
    CodeRule(
        SUPPORT_FIELD,
        "drug_dependency",
        Rule(
            "housing_need_substance",
            "household_substance_misuse",
            "D",
            "household",
            "Homelessness case: a linked adult has a drug or alcohol dependency support need",
            "substance_misuse",
        ),
    ),
    CodeRule(
        SUPPORT_FIELD,
        "alcohol_dependency",
        Rule(
            "housing_need_substance",
            "household_substance_misuse",
            "D",
            "household",
            "Homelessness case: a linked adult has a drug or alcohol dependency support need",
            "substance_misuse",
        ),
    ),
    CodeRule(
        SUPPORT_FIELD,
        "mental_health",
        Rule(
            "housing_need_mental_health",
            "household_mental_ill_health",
            "D",
            "household",
            "Homelessness case: a linked adult has a mental-health support need",
            "mental_health",
        ),
    ),
)

CODE_RULES: tuple[CodeRule, ...] = (
    *(CodeRule(CP_FIELD, code, rule) for code, rule in _CP.items()),
    *FACTOR_RULES,
    *NEED_RULES,
    *SUPPORT_RULES,
)

# --- Rules that are joins rather than code look-ups ---------------------------------------------
STRUCTURAL_RULES: tuple[Rule, ...] = (
    Rule(
        "police_da_child_present",
        "domestic_abuse",
        "B",
        "household",
        "Police domestic-abuse occurrence with the child recorded as present or witnessing",
        "domestic_abuse",
    ),
    Rule(
        "police_da_child_resident",
        "domestic_abuse",
        "B",
        "household",
        "Police domestic-abuse occurrence with the child recorded as ordinarily resident (not as present)",
        "domestic_abuse",
    ),
    Rule(
        "police_da_linked_adult",
        "domestic_abuse",
        "C",
        "household",
        "Police domestic-abuse occurrence involving an adult household-linked to the child (child not named)",
        "domestic_abuse",
    ),
    Rule(
        "police_violence_by_household_member",
        "physical_abuse",
        "B",
        "child",
        "Notifiable violence-against-the-person crime with the child as victim and a parent or household member as suspect",
    ),
    Rule(
        "substance_treatment_linked_adult",
        "household_substance_misuse",
        "C",
        "household",
        "A household-linked adult in drug or alcohol treatment while the child was under 18",
        "substance_misuse",
    ),
    Rule(
        "mental_health_referral_linked_adult",
        "household_mental_ill_health",
        "C",
        "household",
        "A household-linked adult with a mental-health referral open while the child was under 18",
        "mental_health",
    ),
    Rule(
        "probation_custody_linked_adult",
        "household_custody",
        "C",
        "household",
        "A household-linked adult in custody while the child was under 18",
    ),
    Rule(
        "housing_reason_domestic_abuse",
        "domestic_abuse",
        "D",
        "household",
        "Homelessness case of the child's household, reason for loss of home: domestic abuse",
        "domestic_abuse",
    ),
    Rule(
        "housing_reason_prison",
        "household_custody",
        "D",
        "household",
        "Homelessness case of the child's household, reason for loss of home: left prison",
    ),
    Rule(
        "housing_duty_child",
        "homelessness",
        "B",
        "household",
        "The child is a member of a homelessness case owed a prevention or relief duty",
    ),
    Rule(
        "care_entry_care_order",
        "separation",
        "A",
        "child",
        "Started to be looked after under a care order (legal status C1/C2)",
    ),
    Rule(
        "care_entry",
        "separation",
        "D",
        "child",
        "Started to be looked after (not under a care order; short breaks V3/V4 excluded)",
    ),
    Rule("free_school_meals", "poverty", "B", "child", "Eligible for free school meals"),
)


def all_rules() -> tuple[Rule, ...]:
    """Every distinct rule, code look-ups first, in a stable order."""
    seen: dict[str, Rule] = {}
    for code_rule in CODE_RULES:
        seen.setdefault(code_rule.rule.rule_id, code_rule.rule)
    for rule in STRUCTURAL_RULES:
        seen.setdefault(rule.rule_id, rule)
    return tuple(seen.values())


RULES_BY_ID: dict[str, Rule] = {rule.rule_id: rule for rule in all_rules()}

# Codes the reference maps to something other than an adverse experience, recorded so the
# documentation can say why they are left out.
NOT_ADVERSITY_CODES: dict[str, str] = {
    "1A, 2A": "the child's own alcohol or drug misuse (a vulnerability, not an ACE)",
    "4A": "the child's own mental health (an outcome, not an ACE)",
    "5A, 6A, 5C, 6C": "disability of the child or another household member (context only)",
    "20, 21, 23A": "other / no factors / abuse linked to faith or belief (not in the §5 mapping)",
    "903 J1-J3, REC E9, PLACE R5": "the child's own custody, not a household member's",
}
