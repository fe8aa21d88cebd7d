"""Where household links come from: one SQL source per kind of evidence partners hold.

Each source yields candidate (child record, adult record) pairs with the adult's *role* in
the evidence (which sets its confidence in ``households.py``) and the dates it covers:

| link type | evidence | roles |
|---|---|---|
| ``csc_relationship`` | social-care relationship (not a sibling) | ``lives_with``, ``lives_with_unknown``, ``not_living_with`` |
| ``school_contact_pr`` | school contact with parental responsibility | ``parental_responsibility`` |
| ``hclic_household`` | a child and an adult member of one homelessness case | ``applicant_or_partner``, ``other_member`` |
| ``police_child_resident`` | child resident at a domestic-abuse occurrence; adult involved | ``victim``, ``suspect``, ``other`` |
| ``police_child_present`` | child present (not said to live there); adult involved | ``victim``, ``suspect``, ``other`` |
| ``same_uprn_overlap`` | child and adult recorded at one address on extracts close in time | ``same_address`` |

``same_uprn_overlap`` meets on the UPRN, or on the postcode and first address line (GP
registrations, the population spine, carry no UPRN); an address holding more than
``max_household_size`` people at once is treated as an institution.
"""

from __future__ import annotations

from atr.link.entities import ENTITY_TABLE, MEMBERSHIP_TABLE
from atr.link.prepare import INPUT_TABLE
from atr.link.settings import LinkSettings
from atr.periods import age_sql
from atr.warehouse import Warehouse

EVIDENCE_COLUMNS = (
    "child_dataset, child_partner, child_person, adult_dataset, adult_partner, adult_person, "
    "link_type, role, valid_from, valid_to, source_dataset"
)
_ADULT_ROLES = "('victim', 'suspect', 'offender', 'witness', 'other')"


def _csc() -> str:
    return """
        SELECT r.dataset, r.partner_code, r.person_id, r.dataset, r.partner_code, r.related_person_id,
               'csc_relationship',
               CASE WHEN r.lives_with THEN 'lives_with' WHEN r.lives_with IS NULL THEN 'lives_with_unknown'
                    ELSE 'not_living_with' END,
               CAST(r.start_date AS DATE), CAST(r.end_date AS DATE), r.dataset
        FROM csc_relationship r
        WHERE coalesce(r.relationship_type, '') <> 'sibling' AND r.related_person_id IS NOT NULL
    """


def _school() -> str:
    return """
        SELECT c.dataset, c.partner_code, c.person_id, c.dataset, c.partner_code, c.contact_person_id,
               'school_contact_pr', 'parental_responsibility', CAST(NULL AS DATE), CAST(NULL AS DATE), c.dataset
        FROM school_contact c
        WHERE c.parental_responsibility AND c.contact_person_id IS NOT NULL
    """


def _housing() -> str:
    return """
        SELECT c.dataset, c.partner_code, c.person_id, a.dataset, a.partner_code, a.person_id,
               'hclic_household',
               CASE WHEN a.relationship_to_applicant IN ('main_applicant', 'partner') THEN 'applicant_or_partner'
                    ELSE 'other_member' END,
               CAST(h.approach_date AS DATE), CAST(h.approach_date AS DATE), c.dataset
        FROM housing_case_member c
        JOIN housing_case_member a
          ON a.dataset = c.dataset AND a.partner_code = c.partner_code AND a.case_id = c.case_id
         AND a.person_id <> c.person_id AND a.relationship_to_applicant <> 'child'
        LEFT JOIN housing_case h
          ON h.dataset = c.dataset AND h.partner_code = c.partner_code AND h.record_id = c.case_id
        WHERE c.relationship_to_applicant = 'child'
    """


def _police(child_role: str, link_type: str) -> str:
    return f"""
        SELECT c.dataset, c.partner_code, c.person_id, a.dataset, a.partner_code, a.person_id,
               '{link_type}',
               CASE WHEN a.role = 'victim' THEN 'victim' WHEN a.role IN ('suspect', 'offender') THEN 'suspect'
                    ELSE 'other' END,
               CAST(o.occurrence_date AS DATE), CAST(o.occurrence_date AS DATE), c.dataset
        FROM police_involvement c
        JOIN police_involvement a
          ON a.dataset = c.dataset AND a.partner_code = c.partner_code AND a.occurrence_id = c.occurrence_id
         AND a.person_id <> c.person_id AND a.role IN {_ADULT_ROLES}
        LEFT JOIN police_occurrence o
          ON o.dataset = c.dataset AND o.partner_code = c.partner_code AND o.record_id = c.occurrence_id
        WHERE c.role = '{child_role}'
    """


def address_keys_sql(alias: str) -> str:
    """A record's keys for its dwelling: its UPRN and its postcode + first line, where held.

    Two keys, not one, so a school record with a UPRN still meets a GP record without one.
    """
    return (
        f"list_filter(['u:' || {alias}.uprn, 'p:' || {alias}.postcode || '|' || {alias}.address_line_1], "
        "lambda k: k IS NOT NULL)"
    )


def _same_address(settings: LinkSettings) -> str:
    """Children and adults recorded at one address on extracts close in time.

    Records are first reduced to one per (address, extract date, person) and split into
    children and adults, so the self-join stays small even where a family has many records.
    """
    age = age_sql("e", "i.extract_date")
    return f"""
        WITH keyed AS (
            SELECT unnest({address_keys_sql("i")}) AS address, i.extract_date, m.entity_id,
                   i.dataset, i.partner_code, i.person_id, {age} AS age
            FROM {INPUT_TABLE} i
            JOIN {MEMBERSHIP_TABLE} m USING (dataset, partner_code, person_id)
            JOIN {ENTITY_TABLE} e USING (entity_id)
            WHERE i.extract_date IS NOT NULL AND e.birth_year IS NOT NULL
        ),
        at_address AS (
            SELECT address, extract_date, entity_id,
                   min(struct_pack(d := dataset, p := partner_code, i := person_id)) AS rec, any_value(age) AS age
            FROM keyed GROUP BY address, extract_date, entity_id
        ),
        crowded AS (
            SELECT address, extract_date FROM at_address GROUP BY address, extract_date
            HAVING count(*) > {settings.max_household_size}
        ),
        usable AS (SELECT * FROM at_address ANTI JOIN crowded USING (address, extract_date))
        SELECT DISTINCT c.rec.d, c.rec.p, c.rec.i, a.rec.d, a.rec.p, a.rec.i, 'same_uprn_overlap', 'same_address',
               least(c.extract_date, a.extract_date), greatest(c.extract_date, a.extract_date), c.rec.d
        FROM (SELECT * FROM usable WHERE age < 18) c
        JOIN (SELECT * FROM usable WHERE age >= 18) a
          ON a.address = c.address AND a.entity_id <> c.entity_id
         AND abs(date_diff('day', a.extract_date, c.extract_date)) <= {settings.same_uprn_window_days}
    """


def evidence_sources(wh: Warehouse, settings: LinkSettings) -> tuple[list[str], list[str]]:
    """The SQL of every source whose tables exist, and a note for each that does not."""
    needed = {
        "csc_relationship": (["csc_relationship"], _csc()),
        "school_contact_pr": (["school_contact"], _school()),
        "hclic_household": (["housing_case_member", "housing_case"], _housing()),
        "police_child_resident": (
            ["police_involvement", "police_occurrence"],
            _police("child_resident", "police_child_resident"),
        ),
        "police_child_present": (
            ["police_involvement", "police_occurrence"],
            _police("child_present", "police_child_present"),
        ),
        "same_uprn_overlap": ([], _same_address(settings)),
    }
    parts, missing = [], []
    for link_type, (tables, sql) in needed.items():
        absent = [t for t in tables if not wh.table_exists(t)]
        if absent:
            missing.append(f"{link_type} (no {', '.join(absent)})")
        else:
            parts.append(sql)
    return parts, missing
