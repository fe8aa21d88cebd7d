"""Load the linkage truth into the warehouse for ``linkage.py``.

- ``truth__records``: every partner record and the simulated person behind it
  (``person_record.parquet``), pseudonymised with the key ingest used (``files.py``);
- ``truth__household_pairs``: from ``household_membership.parquet`` and ``person.parquet``, a
  child and an adult truly share a household when their memberships of one household overlap
  at a time when the child is under 18 and the adult 16 or over.
"""

from __future__ import annotations

from pathlib import Path

from atr.errors import InputFileError
from atr.pseudonymise import PseudonymisationKey
from atr.truth.files import RECORDS, WRONG_KEY_HINT, pseudonymised_records, read_truth_table, truth_folder
from atr.warehouse import Warehouse

TRUTH_RECORDS = "truth__records"
TRUTH_HOUSEHOLD_PAIRS = "truth__household_pairs"
MEMBERSHIP_FILE = "household_membership.parquet"


def _load_records(wh: Warehouse, folder: Path, key: PseudonymisationKey) -> None:
    records = pseudonymised_records(folder, key).rename_columns(
        ["dataset", "partner_code", "person_id", "true_id"]
    )
    wh.write_arrow(TRUTH_RECORDS, records)
    matched = wh.scalar(
        f"SELECT count(*) FROM {TRUTH_RECORDS} JOIN entity_membership USING (dataset, partner_code, person_id)"
    )
    if not matched:
        raise InputFileError(
            folder / f"{RECORDS}.parquet", "no truth record matches the warehouse", hint=WRONG_KEY_HINT
        )


def _load_household_pairs(wh: Warehouse, truth_dir: Path) -> None:
    membership = truth_dir / MEMBERSHIP_FILE
    if not membership.is_file():
        wh.execute(f"DROP TABLE IF EXISTS {TRUTH_HOUSEHOLD_PAIRS}")
        return
    wh.write_arrow(
        "truth__membership",
        read_truth_table(
            truth_dir, "household_membership", ["true_person_id", "household_id", "start_date", "end_date"]
        ),
    )
    wh.write_arrow(
        "truth__person", read_truth_table(truth_dir, "person", ["true_person_id", "date_of_birth"])
    )
    wh.execute(
        f"""CREATE OR REPLACE TABLE {TRUTH_HOUSEHOLD_PAIRS} AS
            WITH m AS (
                SELECT m.true_person_id, m.household_id, m.start_date,
                       coalesce(m.end_date, DATE '9999-12-31') AS end_date, p.date_of_birth
                FROM truth__membership m JOIN truth__person p USING (true_person_id)
                WHERE p.date_of_birth IS NOT NULL
            ),
            overlap AS (
                SELECT c.true_person_id AS child_true_id, a.true_person_id AS adult_true_id,
                       greatest(c.start_date, a.start_date) AS from_, least(c.end_date, a.end_date) AS to_,
                       c.date_of_birth AS child_dob, a.date_of_birth AS adult_dob
                FROM m c JOIN m a ON a.household_id = c.household_id AND a.true_person_id <> c.true_person_id
                WHERE a.date_of_birth < c.date_of_birth
            )
            SELECT DISTINCT child_true_id, adult_true_id FROM overlap
            WHERE from_ <= to_
              AND child_dob + INTERVAL 18 YEAR > from_
              AND adult_dob + INTERVAL 16 YEAR <= to_"""
    )
    for table in ("truth__membership", "truth__person"):
        wh.execute(f"DROP TABLE IF EXISTS {table}")


def load_truth(wh: Warehouse, truth_dir: Path, key: PseudonymisationKey) -> None:
    """Fill ``truth__records`` and (when memberships exist) ``truth__household_pairs``.

    Called after link has written ``entity_membership``; a key that matches none of it fails.
    """
    folder = truth_folder(truth_dir)
    _load_records(wh, folder, key)
    _load_household_pairs(wh, folder)
