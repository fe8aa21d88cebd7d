"""The tables and columns of the partner-extract contract (CONTRACT.md §3-§4, version 1.0).

Declared here, once, so the writer can refuse to emit a table whose columns drift from the
contract and the tests can check every dataset against it.
"""

from __future__ import annotations

CONTRACT_VERSION = "1.0"

PERSON = (
    "person_id",
    "nhs_number",
    "upn",
    "la_child_id",
    "pnc_id",
    "forename",
    "middle_names",
    "surname",
    "former_surname",
    "date_of_birth",
    "sex",
    "ethnicity_code",
    "postcode",
    "uprn",
    "address_line_1",
    "town",
)

TABLES: dict[str, dict[str, tuple[str, ...]]] = {
    "csc": {
        "episode": (
            "record_id",
            "person_id",
            "referral_date",
            "referral_source",
            "primary_need_code",
            "referral_nfa",
            "closure_date",
            "closure_reason",
        ),
        "assessment": ("record_id", "person_id", "episode_id", "start_date", "authorisation_date"),
        "assessment_factor": ("record_id", "person_id", "assessment_id", "factor"),
        "cp_plan": (
            "record_id",
            "person_id",
            "start_date",
            "end_date",
            "initial_category_of_abuse",
            "latest_category_of_abuse",
        ),
        "relationship": (
            "record_id",
            "person_id",
            "related_person_id",
            "relationship_type",
            "parental_responsibility",
            "lives_with",
            "start_date",
            "end_date",
        ),
    },
    "lac": {
        "episode": (
            "record_id",
            "person_id",
            "start_date",
            "end_date",
            "reason_new_episode",
            "legal_status",
            "category_of_need",
            "placement_type",
            "reason_episode_ceased",
            "home_postcode",
        ),
    },
    "school": {
        "enrolment": (
            "record_id",
            "person_id",
            "urn",
            "academic_year",
            "entry_date",
            "leaving_date",
            "enrol_status",
        ),
        "attendance": (
            "record_id",
            "person_id",
            "academic_year",
            "term",
            "sessions_possible",
            "sessions_authorised_absence",
            "sessions_unauthorised_absence",
        ),
        "exclusion": ("record_id", "person_id", "category", "start_date", "sessions", "reason_1"),
        "sen": ("record_id", "person_id", "academic_year", "sen_provision", "sen_type"),
        "fsm": ("record_id", "person_id", "start_date", "end_date"),
        "contact": ("record_id", "person_id", "contact_person_id", "relationship", "parental_responsibility"),
    },
    "police": {
        "occurrence": (
            "record_id",
            "occurrence_date",
            "da_flag",
            "is_notifiable_crime",
            "ho_offence_code",
            "dash_risk_level",
            "location_postcode",
            "location_uprn",
        ),
        "involvement": ("record_id", "occurrence_id", "person_id", "role", "relationship_to_suspect"),
    },
    "mental_health": {
        "referral": (
            "record_id",
            "person_id",
            "referral_received_date",
            "source_of_referral",
            "primary_reason",
            "team_type",
            "discharge_date",
        ),
    },
    "substance": {
        "episode": (
            "record_id",
            "person_id",
            "referral_date",
            "triage_date",
            "discharge_date",
            "drug_1",
            "drug_2",
            "parental_status",
            "children_living_with_client",
        ),
    },
    "probation": {"custody": ("record_id", "person_id", "start_date", "release_date", "sentence_type")},
    "housing": {
        "case": (
            "record_id",
            "approach_date",
            "assessment_outcome",
            "reason_loss_settled_home",
            "household_type",
        ),
        "case_member": ("record_id", "case_id", "person_id", "relationship_to_applicant"),
        "support_need": ("record_id", "case_id", "person_id", "need"),
    },
    "youth_justice": {
        "outcome": (
            "record_id",
            "person_id",
            "offence_date",
            "outcome_date",
            "outcome_type",
            "gravity_score",
            "is_first_time_entrant",
        ),
    },
    "gp_registration": {
        "registration": ("record_id", "person_id", "practice_code", "start_date", "end_date")
    },
    "programme": {
        "participation": (
            "record_id",
            "person_id",
            "programme_code",
            "provider_code",
            "referral_date",
            "start_date",
            "end_date",
            "sessions_offered",
            "sessions_attended",
            "exit_reason",
        )
    },
}
"""Every dataset's tables (other than ``person``) with their columns in contract order."""

PERSON_REFERENCES: dict[tuple[str, str], tuple[str, ...]] = {
    ("csc", "relationship"): ("person_id", "related_person_id"),
    ("school", "contact"): ("person_id", "contact_person_id"),
}
"""Columns other than ``person_id`` that hold a person key of the same extract."""

DATASETS: tuple[str, ...] = tuple(TABLES)
