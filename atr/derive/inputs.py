"""The tables derive reads, the columns it needs from each, and stand-ins for tables not sent.

A partnership rarely sends every dataset: a district may have no probation extract, or a run may
ingest only schools. Rather than special-casing each absent table in SQL, an absent input is
replaced by an empty table with the same columns (``derive__in_<name>``), so every query runs
and simply finds nothing. A table that exists but lacks a needed column is an error that names
the table and the column, because silently deriving from half an input would mislead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from atr.errors import StageError
from atr.warehouse import Warehouse

V, D, B, INT = "VARCHAR", "DATE", "BOOLEAN", "INTEGER"
_KEYS = {"dataset": V, "partner_code": V, "person_id": V, "record_id": V}

# Columns derive reads from each content table (contract names; see docs/tables.md).
CONTENT_TABLES: dict[str, dict[str, str]] = {
    "csc_episode": {
        **_KEYS,
        "referral_date": D,
        "referral_source": V,
        "primary_need_code": V,
        "referral_nfa": B,
        "closure_date": D,
        "closure_reason": V,
    },
    "csc_assessment": {**_KEYS, "episode_id": V, "start_date": D, "authorisation_date": D},
    "csc_assessment_factor": {**_KEYS, "assessment_id": V, "factor": V},
    "csc_cp_plan": {
        **_KEYS,
        "start_date": D,
        "end_date": D,
        "initial_category_of_abuse": V,
        "latest_category_of_abuse": V,
    },
    "lac_episode": {
        **_KEYS,
        "start_date": D,
        "end_date": D,
        "reason_new_episode": V,
        "legal_status": V,
        "category_of_need": V,
        "placement_type": V,
    },
    "school_attendance": {
        **_KEYS,
        "academic_year": V,
        "term": V,
        "sessions_possible": INT,
        "sessions_authorised_absence": INT,
        "sessions_unauthorised_absence": INT,
    },
    "school_exclusion": {**_KEYS, "category": V, "start_date": D},
    "school_fsm": {**_KEYS, "start_date": D, "end_date": D},
    "police_occurrence": {
        "dataset": V,
        "partner_code": V,
        "record_id": V,
        "occurrence_date": D,
        "da_flag": B,
        "is_notifiable_crime": B,
        "ho_offence_code": V,
    },
    "police_involvement": {**_KEYS, "occurrence_id": V, "role": V, "relationship_to_suspect": V},
    "mental_health_referral": {**_KEYS, "referral_received_date": D, "discharge_date": D},
    "substance_episode": {
        **_KEYS,
        "referral_date": D,
        "discharge_date": D,
        "drug_1": V,
        "parental_status": V,
    },
    "probation_custody": {**_KEYS, "start_date": D, "release_date": D, "sentence_type": V},
    "housing_case": {
        "dataset": V,
        "partner_code": V,
        "record_id": V,
        "approach_date": D,
        "assessment_outcome": V,
        "reason_loss_settled_home": V,
    },
    "housing_case_member": {**_KEYS, "case_id": V, "relationship_to_applicant": V},
    "housing_support_need": {**_KEYS, "case_id": V, "need": V},
    "youth_justice_outcome": {**_KEYS, "outcome_date": D, "outcome_type": V, "is_first_time_entrant": B},
    "gp_registration_registration": {**_KEYS, "start_date": D, "end_date": D},
}

# Tables made by linkage and reference; derive cannot run without the first two.
LINK_TABLES: dict[str, dict[str, str]] = {
    "entity_membership": {"dataset": V, "partner_code": V, "person_id": V, "entity_id": V},
    "entity": {
        "entity_id": V,
        "birth_year": INT,
        "birth_month": INT,
        "sex": V,
        "ethnicity_code": V,
        "lsoa11_code": V,
        "lad19_code": V,
    },
    "household_link": {
        "link_id": V,
        "child_entity_id": V,
        "adult_entity_id": V,
        "link_type": V,
        "confidence": "DOUBLE",
        "valid_from": D,
        "valid_to": D,
        "source_dataset": V,
    },
    "entity_lsoa_history": {"entity_id": V, "lsoa11_code": V, "first_seen": D, "last_seen": D},
}
REQUIRED_LINK_TABLES = ("entity_membership", "entity")

REFERENCE_TABLES: dict[str, dict[str, str]] = {
    "ref_lsoa": {
        "lsoa11_code": V,
        "lad19_code": V,
        "msoa11_code": V,
        "ward19_code": V,
        "imd_decile": INT,
        "imd_quintile": INT,
    },
    "ref_population": {
        "lsoa11_code": V,
        "lad19_code": V,
        "pop_aged_0_15": "BIGINT",
        "pop_aged_16_59": "BIGINT",
        "pop_aged_60_plus": "BIGINT",
    },
}


@dataclass
class Inputs:
    """Which physical table to read for each logical input, and which were absent."""

    tables: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    def __getitem__(self, name: str) -> str:
        return self.tables[name]


def stand_in_name(table: str) -> str:
    return f"derive__in_{table}"


def _columns_of(warehouse: Warehouse, table: str) -> set[str]:
    return {name.lower() for name in warehouse.query(f"SELECT * FROM {table} LIMIT 0").schema.names}


def _check_columns(warehouse: Warehouse, table: str, needed: dict[str, str]) -> None:
    present = _columns_of(warehouse, table)
    lacking = [column for column in needed if column not in present]
    if lacking:
        raise StageError(
            "derive",
            f"input table '{table}' lacks column(s) {', '.join(lacking)}",
            fix="re-run the stage that writes it (ingest or link) with the current contract",
        )


def _create_stand_in(warehouse: Warehouse, table: str, columns: dict[str, str]) -> str:
    name = stand_in_name(table)
    select = ", ".join(f"CAST(NULL AS {sql_type}) AS {column}" for column, sql_type in columns.items())
    warehouse.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT {select} WHERE 1 = 0")
    return name


def resolve_inputs(warehouse: Warehouse) -> Inputs:
    """Check every input; create empty stand-ins for optional ones that are absent."""
    inputs = Inputs()
    # list_tables() rather than table_exists(): one round trip, and it reads its result to the end.
    existing = set(warehouse.list_tables())
    for table in REQUIRED_LINK_TABLES:
        if table not in existing:
            raise StageError(
                "derive",
                f"table '{table}' not found in the warehouse",
                fix="run `atr link` before `atr derive`",
            )
    groups = (CONTENT_TABLES, LINK_TABLES, REFERENCE_TABLES)
    for group in groups:
        for table, columns in group.items():
            if table in existing:
                _check_columns(warehouse, table, columns)
                inputs.tables[table] = table
            else:
                inputs.tables[table] = _create_stand_in(warehouse, table, columns)
                inputs.missing.append(table)
    return inputs


def drop_stand_ins(warehouse: Warehouse, inputs: Inputs) -> None:
    for table in inputs.missing:
        warehouse.execute(f"DROP TABLE IF EXISTS {stand_in_name(table)}")
