"""Household links: which children live with which adults, and how sure we are.

Evidence (``household_evidence.py``) is mapped to people through ``entity_membership`` and
collapsed to one row per (child, adult, link type). Its confidence depends on the adult's role
in the evidence and on whether the child's and the adult's own records give the same address
(same UPRN, or same postcode, on their identity records):

| link type, role | same address | address unknown | different address |
|---|---|---|---|
| csc_relationship, lives with | 0.99 | 0.95 | 0.9 |
| csc_relationship, not recorded | 0.95 | 0.7 | 0.3 |
| csc_relationship, does not live with | 0.9 | 0.6 | 0.15 |
| school_contact_pr | 0.99 | 0.9 | 0.6 |
| hclic_household, applicant or partner | 0.99 | 0.95 | 0.95 |
| hclic_household, other member | 0.95 | 0.85 | 0.85 |
| police_child_resident, victim | 0.99 | 0.95 | 0.9 |
| police_child_resident, suspect/offender | 0.97 | 0.55 | 0.15 |
| police_child_present, victim | 0.97 | 0.9 | 0.85 |
| police_child_present, suspect/offender | 0.95 | 0.5 | 0.1 |
| police, other roles | 0.8 | 0.4 | 0.1 |
| same_uprn_overlap | 0.95 | – | – |

The values are the precision each cell reached on the synthetic extracts at scale 0.1 (see
``docs/link.md``), rounded down, with the same ordering kept where a cell was empty. They are
priors to be checked on real data, not guarantees. A link's confidence is that value times the
weaker of the two people's membership probabilities. Links below
``household_confidence_threshold`` are kept, so analysts can see them, but derive does not use
them for household adversity: an ex-partner named as a suspect who lives elsewhere is a real
relationship, not a household.

Age rules: the child must be under 18 and the adult 16 or over at the date of the evidence,
when both are known; a person is never linked to themself. Dates: ``valid_from``/``valid_to``
span the evidence (a point event gives the same date for both); ``valid_from`` NULL means
"since before the records begin", ``valid_to`` NULL means the link is still open. School
contacts carry no dates, so they are open at both ends.
"""

from __future__ import annotations

from dataclasses import dataclass

from atr.link.entities import ENTITY_TABLE, MEMBERSHIP_TABLE
from atr.link.household_evidence import EVIDENCE_COLUMNS, evidence_sources
from atr.link.prepare import INPUT_TABLE
from atr.link.settings import LinkSettings
from atr.periods import age_sql
from atr.warehouse import Warehouse

HOUSEHOLD_TABLE = "household_link"
EVIDENCE_TABLE = "link__household_evidence"
LINK_TYPES = (
    "csc_relationship",
    "school_contact_pr",
    "hclic_household",
    "police_child_resident",
    "police_child_present",
    "same_uprn_overlap",
)
# (link type, role) -> confidence at (same address, address unknown, different address)
CONFIDENCE: dict[tuple[str, str], tuple[float, float, float]] = {
    ("csc_relationship", "lives_with"): (0.99, 0.95, 0.9),
    ("csc_relationship", "lives_with_unknown"): (0.95, 0.7, 0.3),
    ("csc_relationship", "not_living_with"): (0.9, 0.6, 0.15),
    ("school_contact_pr", "parental_responsibility"): (0.99, 0.9, 0.6),
    ("hclic_household", "applicant_or_partner"): (0.99, 0.95, 0.95),
    ("hclic_household", "other_member"): (0.95, 0.85, 0.85),
    ("police_child_resident", "victim"): (0.99, 0.95, 0.9),
    ("police_child_resident", "suspect"): (0.97, 0.55, 0.15),
    ("police_child_resident", "other"): (0.8, 0.4, 0.1),
    ("police_child_present", "victim"): (0.97, 0.9, 0.85),
    ("police_child_present", "suspect"): (0.95, 0.5, 0.1),
    ("police_child_present", "other"): (0.8, 0.4, 0.1),
    ("same_uprn_overlap", "same_address"): (0.95, 0.95, 0.95),
}


@dataclass
class HouseholdSummary:
    evidence_rows: dict[str, int]
    missing_sources: list[str]


def _confidence_values() -> str:
    rows = ", ".join(
        f"('{link_type}', '{role}', {same}, {unknown}, {different})"
        for (link_type, role), (same, unknown, different) in CONFIDENCE.items()
    )
    return f"(VALUES {rows}) AS k(link_type, role, same_address, address_unknown, different_address)"


def _agreement(child: str, adult: str) -> str:
    """'same', 'different' or 'unknown' address for two link__input rows."""
    return f"""CASE
        WHEN {child}.uprn IS NOT NULL AND {adult}.uprn IS NOT NULL
            THEN CASE WHEN {child}.uprn = {adult}.uprn THEN 'same' ELSE 'different' END
        WHEN {child}.postcode IS NOT NULL AND {adult}.postcode IS NOT NULL
            THEN CASE WHEN {child}.postcode = {adult}.postcode THEN 'same' ELSE 'different' END
        ELSE 'unknown' END"""


def write_household_links(wh: Warehouse, settings: LinkSettings) -> HouseholdSummary:
    """Build ``household_link`` from every evidence source the warehouse holds."""
    parts, missing = evidence_sources(wh, settings)
    union = " UNION ALL ".join(f"(SELECT * FROM ({p}))" for p in parts)
    wh.execute(
        f"CREATE OR REPLACE TEMP TABLE {EVIDENCE_TABLE} AS SELECT * FROM ({union}) AS e({EVIDENCE_COLUMNS})"
    )
    evidence = wh.rows(f"SELECT link_type, count(*) AS n FROM {EVIDENCE_TABLE} GROUP BY link_type")

    age = age_sql

    evidence_date = "coalesce(e.valid_to, e.valid_from)"
    wh.execute(
        f"""
        CREATE OR REPLACE TABLE {HOUSEHOLD_TABLE} AS
        WITH mapped AS (
            SELECT cm.entity_id AS child_entity_id, am.entity_id AS adult_entity_id, e.link_type,
                   CASE {_agreement("ci", "ai")}
                        WHEN 'same' THEN k.same_address WHEN 'different' THEN k.different_address
                        ELSE k.address_unknown END
                   * least(cm.match_probability, am.match_probability) AS confidence,
                   e.valid_from, e.valid_to, e.source_dataset
            FROM {EVIDENCE_TABLE} e
            JOIN {_confidence_values()} ON k.link_type = e.link_type AND k.role = e.role
            JOIN {MEMBERSHIP_TABLE} cm
              ON cm.dataset = e.child_dataset AND cm.partner_code = e.child_partner AND cm.person_id = e.child_person
            JOIN {MEMBERSHIP_TABLE} am
              ON am.dataset = e.adult_dataset AND am.partner_code = e.adult_partner AND am.person_id = e.adult_person
            JOIN {INPUT_TABLE} ci
              ON ci.dataset = e.child_dataset AND ci.partner_code = e.child_partner AND ci.person_id = e.child_person
            JOIN {INPUT_TABLE} ai
              ON ai.dataset = e.adult_dataset AND ai.partner_code = e.adult_partner AND ai.person_id = e.adult_person
            JOIN {ENTITY_TABLE} ce ON ce.entity_id = cm.entity_id
            JOIN {ENTITY_TABLE} ae ON ae.entity_id = am.entity_id
            WHERE cm.entity_id <> am.entity_id
              AND NOT coalesce({age("ce", evidence_date)} >= 18, false)
              AND NOT coalesce({age("ae", evidence_date)} < 16, false)
        )
        SELECT 'H' || substr(sha256('atr-household|' || child_entity_id || '|' || adult_entity_id || '|' || link_type),
                             1, 15) AS link_id,
               child_entity_id, adult_entity_id, link_type,
               round(max(confidence), 4) AS confidence,
               CASE WHEN bool_or(valid_from IS NULL) THEN NULL ELSE min(valid_from) END AS valid_from,
               CASE WHEN bool_or(valid_to IS NULL) THEN NULL ELSE max(valid_to) END AS valid_to,
               string_agg(DISTINCT source_dataset, ',' ORDER BY source_dataset) AS source_dataset
        FROM mapped
        GROUP BY child_entity_id, adult_entity_id, link_type
        ORDER BY child_entity_id, adult_entity_id, link_type
        """
    )
    return HouseholdSummary({r["link_type"]: int(r["n"]) for r in evidence}, missing)
