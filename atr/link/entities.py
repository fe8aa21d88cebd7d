"""The person-level outputs: ``entity_membership``, ``entity`` and ``entity_lsoa_history``.

``entity`` carries no names, no full dates of birth and no addresses: only what analysis
needs (year and month of birth, sex, ethnicity, the most recent LSOA and its district). Where
a person's records disagree, the value most records hold wins, ties going to the smallest
value so that a re-run gives the same answer; the LSOA is the one on the most recent extract.
"""

from __future__ import annotations

from atr.link.clustering import CLUSTERS_TABLE
from atr.link.prepare import INPUT_TABLE
from atr.warehouse import Warehouse

MEMBERSHIP_TABLE = "entity_membership"
ENTITY_TABLE = "entity"
LSOA_HISTORY_TABLE = "entity_lsoa_history"
RECORDS_VIEW = "link__entity_records"


def _most_common(column: str) -> str:
    """CTE body: per entity, the most frequent non-null value of ``column`` (ties: smallest)."""
    return f"""
        SELECT entity_id, {column} FROM (
            SELECT entity_id, {column},
                   row_number() OVER (PARTITION BY entity_id ORDER BY count(*) DESC, {column}) AS rank
            FROM {RECORDS_VIEW} WHERE {column} IS NOT NULL GROUP BY entity_id, {column}
        ) WHERE rank = 1
    """


def _lad_lookup(wh: Warehouse) -> str:
    """LSOA → district from the reference tables when loaded; else an empty lookup."""
    for table in ("ref_area_lookup", "ref_lsoa"):
        if wh.table_exists(table):
            return f"SELECT DISTINCT lsoa11_code, lad19_code FROM {table}"
    return "SELECT CAST(NULL AS VARCHAR) AS lsoa11_code, CAST(NULL AS VARCHAR) AS lad19_code WHERE false"


def write_entity_tables(wh: Warehouse) -> None:
    """Create the three tables from ``link__clusters`` (call inside a transaction)."""
    wh.execute(
        f"""CREATE OR REPLACE TEMP VIEW {RECORDS_VIEW} AS
            SELECT c.entity_id, c.match_probability, i.*
            FROM {CLUSTERS_TABLE} c JOIN {INPUT_TABLE} i USING (record_key)"""
    )
    wh.execute(
        f"""CREATE OR REPLACE TABLE {MEMBERSHIP_TABLE} AS
            SELECT dataset, partner_code, person_id, entity_id, match_probability
            FROM {RECORDS_VIEW} ORDER BY entity_id, dataset, partner_code, person_id"""
    )
    wh.execute(
        f"""CREATE OR REPLACE TABLE {ENTITY_TABLE} AS
            WITH base AS (
                SELECT entity_id, count(*) AS n_records,
                       string_agg(DISTINCT dataset, ',' ORDER BY dataset) AS datasets,
                       count(DISTINCT dataset) AS n_datasets
                FROM {RECORDS_VIEW} GROUP BY entity_id
            ),
            dob AS ({_most_common("date_of_birth")}),
            sex AS ({_most_common("sex")}),
            eth AS ({_most_common("ethnicity_code")}),
            latest AS (
                SELECT entity_id, lsoa11_code FROM (
                    SELECT entity_id, lsoa11_code,
                           row_number() OVER (PARTITION BY entity_id
                               ORDER BY max(extract_date) DESC NULLS LAST, count(*) DESC, lsoa11_code) AS rank
                    FROM {RECORDS_VIEW} WHERE lsoa11_code IS NOT NULL GROUP BY entity_id, lsoa11_code
                ) WHERE rank = 1
            ),
            lad AS ({_lad_lookup(wh)})
            SELECT b.entity_id,
                   CAST(year(dob.date_of_birth) AS INTEGER) AS birth_year,
                   CAST(month(dob.date_of_birth) AS INTEGER) AS birth_month,
                   sex.sex, eth.ethnicity_code, latest.lsoa11_code, lad.lad19_code,
                   CAST(b.n_records AS INTEGER) AS n_records, b.datasets,
                   CAST(b.n_datasets AS INTEGER) AS n_datasets
            FROM base b
            LEFT JOIN dob USING (entity_id) LEFT JOIN sex USING (entity_id)
            LEFT JOIN eth USING (entity_id) LEFT JOIN latest USING (entity_id)
            LEFT JOIN lad ON lad.lsoa11_code = latest.lsoa11_code
            ORDER BY b.entity_id"""
    )
    wh.execute(
        f"""CREATE OR REPLACE TABLE {LSOA_HISTORY_TABLE} AS
            SELECT entity_id, lsoa11_code, min(extract_date) AS first_seen, max(extract_date) AS last_seen,
                   dataset AS source_dataset
            FROM {RECORDS_VIEW} WHERE lsoa11_code IS NOT NULL
            GROUP BY entity_id, lsoa11_code, dataset
            ORDER BY entity_id, first_seen, lsoa11_code, source_dataset"""
    )
