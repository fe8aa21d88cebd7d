"""Perfect linkage from the synthetic truth, so derive's rules can be checked apart from linkage.

A step of the truth package, run after ingest instead of ``atr link``.

``atr link`` decides who is who from noisy identifiers; its errors would blur any comparison of
derive's output with what the truth says services recorded. With the truth (``atr synth``'s
``DIR/truth``) the answer is known, so this module writes the tables link would have written, as
link would have written them if it never erred:

- ``entity_membership``: every ingested person record (``person_demographics``, the pseudonymised
  zone's copy), its entity the simulated person behind it (``entity_id`` = the true person id;
  ``match_probability`` 1);
- ``entity``: year and month of birth, sex and ethnicity from the true person, the latest LSOA
  of the person's true address history and its district;
- ``entity_lsoa_history``: the true address history by LSOA;
- ``household_link``: one row per spell in which a child (under 18) and an adult (18 or over)
  were members of one true household, ``link_type`` ``truth_household``, confidence 1. The
  validity is the overlap of the two membership spells, from the adult's 18th birthday to the
  day before the child's, with birthdays taken as the first of the birth month as everywhere in
  derive (the pseudonymised zone keeps only year and month of birth).

Only people with at least one ingested record become entities (a person no service recorded is
invisible to derive too). The records are keyed by the partners' raw ids, pseudonymised with the
key ingest used, and joined to ``person_demographics``: like every truth check, this step reads
pseudonymised tables only, never ``identity_person``. The tables replace link's: use a
warehouse built for this purpose.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from atr.errors import InputFileError
from atr.pseudonymise import PseudonymisationKey
from atr.truth.files import pseudonymised_records, read_truth_table, truth_folder
from atr.warehouse import Warehouse

LINK_TYPE = "truth_household"
_RECORDS = "truth__perfect_records"
_PERSON = "truth__perfect_person"
_MEMBERSHIP = "truth__perfect_membership"
_ADDRESS = "truth__perfect_address"
RECORDS_TABLE = "person_demographics"
"""Every ingested person record, keyed by its pseudonym (ingest's pseudonymised zone)."""


@dataclass(frozen=True)
class PerfectLinkage:
    """What was written: entities, records and household links."""

    entities: int
    records: int
    household_links: int


def _load(warehouse: Warehouse, folder: Path, key: PseudonymisationKey) -> None:
    warehouse.write_arrow(_RECORDS, pseudonymised_records(folder, key))
    warehouse.write_arrow(
        _PERSON,
        read_truth_table(folder, "person", ["true_person_id", "sex", "date_of_birth", "ethnicity_code"]),
    )
    warehouse.write_arrow(
        _MEMBERSHIP,
        read_truth_table(
            folder, "household_membership", ["true_person_id", "household_id", "start_date", "end_date"]
        ),
    )
    warehouse.write_arrow(
        _ADDRESS,
        read_truth_table(
            folder,
            "person_address",
            ["true_person_id", "lsoa11_code", "lad19_code", "start_date", "end_date"],
        ),
    )


def _write_entities(warehouse: Warehouse) -> None:
    warehouse.execute(
        f"""
        CREATE OR REPLACE TABLE entity_membership AS
        SELECT i.dataset, i.partner_code, i.person_id, t.true_person_id AS entity_id,
               CAST(1.0 AS DOUBLE) AS match_probability
        FROM {RECORDS_TABLE} i
        JOIN {_RECORDS} t ON t.dataset = i.dataset AND t.partner_code = i.partner_code AND t.person_id = i.person_id
        ORDER BY entity_id, i.dataset, i.partner_code, i.person_id
        """
    )
    warehouse.execute(
        f"""
        CREATE OR REPLACE TABLE entity AS
        WITH base AS (
            SELECT entity_id, count(*) AS n_records,
                   string_agg(DISTINCT dataset, ',' ORDER BY dataset) AS datasets,
                   count(DISTINCT dataset) AS n_datasets
            FROM entity_membership GROUP BY entity_id
        ),
        latest AS (
            SELECT true_person_id, lsoa11_code, lad19_code FROM {_ADDRESS}
            QUALIFY row_number() OVER (PARTITION BY true_person_id ORDER BY start_date DESC, lsoa11_code) = 1
        )
        SELECT b.entity_id,
               CAST(year(p.date_of_birth) AS INTEGER) AS birth_year,
               CAST(month(p.date_of_birth) AS INTEGER) AS birth_month,
               p.sex, p.ethnicity_code, l.lsoa11_code, l.lad19_code,
               CAST(b.n_records AS INTEGER) AS n_records, b.datasets, CAST(b.n_datasets AS INTEGER) AS n_datasets
        FROM base b
        LEFT JOIN {_PERSON} p ON p.true_person_id = b.entity_id
        LEFT JOIN latest l ON l.true_person_id = b.entity_id
        ORDER BY b.entity_id
        """
    )
    warehouse.execute(
        f"""
        CREATE OR REPLACE TABLE entity_lsoa_history AS
        SELECT a.true_person_id AS entity_id, a.lsoa11_code, min(a.start_date) AS first_seen,
               max(coalesce(CAST(a.end_date - INTERVAL 1 DAY AS DATE), a.start_date)) AS last_seen,
               'truth' AS source_dataset
        FROM {_ADDRESS} a JOIN entity e ON e.entity_id = a.true_person_id
        WHERE a.lsoa11_code IS NOT NULL
        GROUP BY a.true_person_id, a.lsoa11_code
        ORDER BY entity_id, first_seen, a.lsoa11_code
        """
    )


def _write_household_links(warehouse: Warehouse) -> None:
    """Child-adult pairs sharing a true household: membership spells end the day before ``end_date``."""

    def first_of_month(years: int) -> str:
        return f"make_date(year(p.date_of_birth) + {years}, month(p.date_of_birth), 1)"

    warehouse.execute(
        f"""
        CREATE OR REPLACE TABLE household_link AS
        WITH spell AS (
            SELECT m.true_person_id, m.household_id, m.start_date,
                   CAST(coalesce(m.end_date, DATE '2999-12-31') - INTERVAL 1 DAY AS DATE) AS last_day,
                   {first_of_month(18)} AS adult_from
            FROM {_MEMBERSHIP} m
            JOIN {_PERSON} p ON p.true_person_id = m.true_person_id
            JOIN entity e ON e.entity_id = m.true_person_id
            WHERE p.date_of_birth IS NOT NULL
        ),
        pair AS (
            SELECT c.true_person_id AS child_entity_id, a.true_person_id AS adult_entity_id,
                   greatest(c.start_date, a.start_date, a.adult_from) AS valid_from,
                   least(c.last_day, a.last_day, CAST(c.adult_from - INTERVAL 1 DAY AS DATE)) AS valid_to
            FROM spell c
            JOIN spell a ON a.household_id = c.household_id AND a.true_person_id <> c.true_person_id
        )
        SELECT 'H' || substr(sha256('atr-truth|' || child_entity_id || '|' || adult_entity_id || '|'
                                    || CAST(valid_from AS VARCHAR)), 1, 15) AS link_id,
               child_entity_id, adult_entity_id, '{LINK_TYPE}' AS link_type,
               CAST(1.0 AS DOUBLE) AS confidence, valid_from,
               CASE WHEN valid_to >= DATE '2999-01-01' THEN NULL ELSE valid_to END AS valid_to,
               'truth' AS source_dataset
        FROM pair
        WHERE valid_from <= valid_to
        ORDER BY child_entity_id, adult_entity_id, valid_from
        """
    )


def write_perfect_linkage(warehouse: Warehouse, truth_dir: Path, key: PseudonymisationKey) -> PerfectLinkage:
    """Write link's output tables from the truth (after ingest, instead of ``atr link``)."""
    folder = truth_folder(truth_dir)
    if not warehouse.table_exists(RECORDS_TABLE):
        raise InputFileError(
            folder, f"the warehouse has no {RECORDS_TABLE} table", hint="run `atr ingest` first"
        )
    with warehouse.transaction():
        _load(warehouse, folder, key)
        _write_entities(warehouse)
        _write_household_links(warehouse)
        for table in (_RECORDS, _PERSON, _MEMBERSHIP, _ADDRESS):
            warehouse.execute(f"DROP TABLE IF EXISTS {table}")
    entities = warehouse.count("entity")
    if not entities:
        raise InputFileError(
            folder / "person_record.parquet",
            "no truth record matches the warehouse",
            hint="use the key file ingest used",
        )
    return PerfectLinkage(entities, warehouse.count("entity_membership"), warehouse.count("household_link"))
