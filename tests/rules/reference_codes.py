"""Real partner codes and the adverse experience each must give, written out by hand.

Every row was copied from ``../shared/contract/national-returns-reference.md`` (§1.1 CIN code
lists, §1.7 H-CLIC support needs and §5 "Mapping real codes to ACE categories"), not from the
mapping-rules file: a wrong or missing mapping in ``mapping_rules_v1.yaml`` disagrees with this
table and :func:`mismatches` says where. Column meanings: category (derive's name for the §5
ACE row), tier (§5 evidence tier), whose (§5 "Whose"), trio (§5 toxic-trio domain, None when the
code is in no domain).

Two readings of the reference are choices, written down here so they are deliberate:

- 18B and 19B (abuse by another child) are the §5 "separate sub-flag" — derive's ``peer_abuse``;
- H-CLIC support needs are tier-D trio evidence ("report counts with and without tier-C/D
  evidence"), though the §5 trio sets name only the tier-B and tier-C sources.
"""

from __future__ import annotations

from atr.mapping_rules import MappingRules

CP = "csc_cp_plan.category_of_abuse"
FACTOR = "csc_assessment_factor.factor"
NEED = "need_code"
SUPPORT = "housing_support_need.need"

DA, MH, SM = "domestic_abuse", "mental_health", "substance_misuse"

# (field, code) -> (category, tier, whose, trio domain)
EXPECTED: dict[tuple[str, str], tuple[str, str, str, str | None]] = {
    # CIN Initial/LatestCategoryOfAbuse (§5: tier A, the child's)
    (CP, "PHY"): ("physical_abuse", "A", "child", None),
    (CP, "EMO"): ("emotional_abuse", "A", "child", None),
    (CP, "SAB"): ("sexual_abuse", "A", "child", None),
    (CP, "NEG"): ("neglect", "A", "child", None),
    (CP, "MUL"): ("abuse_type_unspecified", "A", "child", None),
    # CIN AssessmentFactors (§5: tier B unless stated)
    (FACTOR, "18C"): ("physical_abuse", "B", "child", None),
    (FACTOR, "18A"): ("physical_abuse", "B", "child", None),
    (FACTOR, "18B"): ("peer_abuse", "B", "child", None),
    (FACTOR, "17A"): ("emotional_abuse", "B", "child", None),
    (FACTOR, "19C"): ("sexual_abuse", "B", "child", None),
    (FACTOR, "19A"): ("sexual_abuse", "B", "child", None),
    (FACTOR, "19B"): ("peer_abuse", "B", "child", None),
    (FACTOR, "16A"): ("neglect", "B", "child", None),
    (FACTOR, "3A"): ("domestic_abuse", "B", "household", DA),
    (FACTOR, "3B"): ("domestic_abuse", "B", "household", DA),
    (FACTOR, "3C"): ("domestic_abuse", "B", "household", DA),
    (FACTOR, "1B"): ("household_substance_misuse", "B", "household", SM),
    (FACTOR, "2B"): ("household_substance_misuse", "B", "household", SM),
    (FACTOR, "1C"): ("household_substance_misuse", "B", "household", SM),
    (FACTOR, "2C"): ("household_substance_misuse", "B", "household", SM),
    (FACTOR, "4B"): ("household_mental_ill_health", "B", "household", MH),
    (FACTOR, "4C"): ("household_mental_ill_health", "B", "household", MH),
    (FACTOR, "5B"): ("parental_illness_disability", "B", "household", None),
    (FACTOR, "6B"): ("parental_illness_disability", "B", "household", None),
    (FACTOR, "7A"): ("parental_illness_disability", "B", "household", None),
    (FACTOR, "10A"): ("extra_familial_harm", "B", "child", None),
    (FACTOR, "11A"): ("extra_familial_harm", "B", "child", None),
    (FACTOR, "12A"): ("extra_familial_harm", "B", "child", None),
    (FACTOR, "13A"): ("extra_familial_harm", "B", "child", None),
    (FACTOR, "14A"): ("extra_familial_harm", "B", "child", None),
    (FACTOR, "15A"): ("extra_familial_harm", "B", "child", None),
    (FACTOR, "22A"): ("extra_familial_harm", "B", "child", None),
    (FACTOR, "24A"): ("extra_familial_harm", "B", "child", None),
    (FACTOR, "8B"): ("separation", "D", "child", None),
    (FACTOR, "8C"): ("separation", "D", "child", None),
    (FACTOR, "8D"): ("separation", "D", "child", None),
    (FACTOR, "8E"): ("separation", "D", "child", None),
    (FACTOR, "8F"): ("separation", "D", "child", None),
    (FACTOR, "9A"): ("separation", "D", "child", None),
    # CIN PrimaryNeedCode / 903 category of need (§5: tier D)
    (NEED, "N1"): ("neglect", "D", "child", None),
    (NEED, "N3"): ("household_mental_ill_health", "D", "household", None),
    (NEED, "N7"): ("poverty", "D", "household", None),
    (NEED, "N8"): ("separation", "D", "child", None),
    # H-CLIC support needs of an adult in the child's household (§5: tier D)
    (SUPPORT, "DOMESTIC_ABUSE"): ("domestic_abuse", "D", "household", DA),
    (SUPPORT, "DRUG_DEPENDENCY"): ("household_substance_misuse", "D", "household", SM),
    (SUPPORT, "ALCOHOL_DEPENDENCY"): ("household_substance_misuse", "D", "household", SM),
    (SUPPORT, "MENTAL_HEALTH"): ("household_mental_ill_health", "D", "household", MH),
}

# Real codes §5 says are not adverse experiences (or not in its mapping): they must map to nothing.
NOT_MAPPED: tuple[tuple[str, str], ...] = (
    (FACTOR, "1A"),  # the child's own alcohol misuse
    (FACTOR, "2A"),  # the child's own drug misuse
    (FACTOR, "4A"),  # the child's own mental health
    (FACTOR, "5A"),
    (FACTOR, "5C"),
    (FACTOR, "6A"),
    (FACTOR, "6C"),
    (FACTOR, "20"),
    (FACTOR, "21"),
    (FACTOR, "23A"),
    (NEED, "N2"),
    (NEED, "N4"),
    (NEED, "N5"),
    (NEED, "N6"),
    (NEED, "N9"),
    (NEED, "N0"),
    (SUPPORT, "OFFENDING"),
    (SUPPORT, "PHYSICAL_ILL_HEALTH"),
    (SUPPORT, "LEARNING_DISABILITY"),
)

# Rules that are joins in derive's SQL (§5 rows without a code list).
EXPECTED_JOINS: dict[str, tuple[str, str, str, str | None]] = {
    "police_da_child_present": ("domestic_abuse", "B", "household", DA),
    "police_da_child_resident": ("domestic_abuse", "B", "household", DA),
    "police_da_linked_adult": ("domestic_abuse", "C", "household", DA),
    "police_violence_by_household_member": ("physical_abuse", "B", "child", None),
    "substance_treatment_linked_adult": ("household_substance_misuse", "C", "household", SM),
    "mental_health_referral_linked_adult": ("household_mental_ill_health", "C", "household", MH),
    "probation_custody_linked_adult": ("household_custody", "C", "household", None),
    "housing_reason_domestic_abuse": ("domestic_abuse", "D", "household", DA),
    "housing_reason_prison": ("household_custody", "D", "household", None),
    "housing_duty_child": ("homelessness", "B", "household", None),
    "care_entry_care_order": ("separation", "A", "child", None),
    "care_entry": ("separation", "D", "child", None),
    "free_school_meals": ("poverty", "B", "child", None),
}

# §5: the observable ACE count ("admin-ACE-8") has exactly these eight categories.
ADMIN_ACE_8 = {
    "physical_abuse",
    "emotional_abuse",
    "sexual_abuse",
    "neglect",
    "domestic_abuse",
    "household_substance_misuse",
    "household_mental_ill_health",
    "household_custody",
}


def mismatches(mapping: MappingRules) -> list[str]:
    """Every way ``mapping`` disagrees with the hand-written tables above (empty: it agrees)."""
    found = {
        (c.field, c.code.upper()): (c.rule.category, c.rule.tier, c.rule.whose, c.rule.trio_domain)
        for c in mapping.code_rules
    }
    problems = [
        f"{field} {code}: expected {want}, mapped to {found.get((field, code))}"
        for (field, code), want in EXPECTED.items()
        if found.get((field, code)) != want
    ]
    problems += [
        f"{field} {code}: mapped but not in the hand-written table"
        for field, code in found.keys() - EXPECTED.keys()
    ]
    problems += [
        f"{field} {code}: must map to nothing, maps to {found[(field, code)]}"
        for field, code in NOT_MAPPED
        if (field, code) in found
    ]
    joins = {r.rule_id: (r.category, r.tier, r.whose, r.trio_domain) for r in mapping.structural_rules}
    problems += [
        f"join rule {rule_id}: expected {want}, found {joins.get(rule_id)}"
        for rule_id, want in EXPECTED_JOINS.items()
        if joins.get(rule_id) != want
    ]
    problems += [
        f"join rule {rule_id}: not in the hand-written table"
        for rule_id in joins.keys() - EXPECTED_JOINS.keys()
    ]
    observable = {c.name for c in mapping.categories if c.observable_ace}
    if observable != ADMIN_ACE_8:
        problems.append(
            f"observable ACE categories: expected {sorted(ADMIN_ACE_8)}, found {sorted(observable)}"
        )
    return problems
