"""Read the ground truth ``atr synth`` writes and load it, pseudonymised, for ``truth.py``.

Files read from ``DIR/truth`` (see docs/synthetic.md):

- ``person_record.parquet`` (dataset, partner_code, person_id, true_person_id): every partner
  record and the simulated person behind it, keyed by the partners' *raw* person ids. The
  same key ingest used turns them into the warehouse's pseudonyms
  (``PseudonymisationKey.person_id``); a different key matches nothing, which is an error
  rather than a recall of zero.
- ``household_membership.parquet`` (true_person_id, household_id, start_date, end_date) and
  ``person.parquet`` (true_person_id, date_of_birth): a child and an adult truly share a
  household when their memberships of one household overlap at a time when the child is
  under 18 and the adult 16 or over.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from atr.errors import InputFileError
from atr.link.truth import TRUTH_HOUSEHOLD_PAIRS, TRUTH_RECORDS
from atr.pseudonymise import PseudonymisationKey
from atr.warehouse import Warehouse

RECORDS_FILE = "person_record.parquet"
MEMBERSHIP_FILE = "household_membership.parquet"
PERSON_FILE = "person.parquet"


def _read(path: Path, columns: list[str]) -> pa.Table:
    if not path.is_file():
        raise InputFileError(
            path, "truth file not found", hint="pass the truth/ folder written by `atr synth`"
        )
    try:
        schema = pq.read_schema(path)
        for column in columns:
            if column not in schema.names:
                raise InputFileError(path, "required column missing", field=column)
        return pq.read_table(path, columns=columns)
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputFileError(path, f"not a readable Parquet file: {exc}") from exc


def _load_records(wh: Warehouse, truth_dir: Path, key: PseudonymisationKey) -> None:
    records = _read(
        truth_dir / RECORDS_FILE, ["dataset", "partner_code", "person_id", "true_person_id"]
    ).to_pydict()
    pseudonyms = [
        key.person_id(str(d), str(p), str(raw))
        for d, p, raw in zip(records["dataset"], records["partner_code"], records["person_id"], strict=True)
    ]
    table = pa.table(
        {
            "dataset": pa.array(records["dataset"], pa.string()),
            "partner_code": pa.array(records["partner_code"], pa.string()),
            "person_id": pa.array(pseudonyms, pa.string()),
            "true_id": pa.array(records["true_person_id"], pa.string()),
        }
    )
    wh.write_temp_arrow(TRUTH_RECORDS, table)
    matched = wh.scalar(
        f"SELECT count(*) FROM {TRUTH_RECORDS} JOIN identity_person USING (dataset, partner_code, person_id)"
    )
    if not matched:
        raise InputFileError(
            truth_dir / RECORDS_FILE,
            "no truth record matches the warehouse",
            hint="use the key file ingest used (a --demo ingest's throwaway key cannot be reused)",
        )


def check_key(wh: Warehouse, truth_dir: Path, key: PseudonymisationKey, sample: int = 2000) -> None:
    """Fail fast, before linking, when the key is not the one ingest used."""
    path = truth_dir / RECORDS_FILE
    records = _read(path, ["dataset", "partner_code", "person_id"]).slice(0, sample).to_pylist()
    pseudonyms = [
        key.person_id(str(r["dataset"]), str(r["partner_code"]), str(r["person_id"])) for r in records
    ]
    wh.write_temp_arrow("link__key_check", pa.table({"person_id": pa.array(pseudonyms, pa.string())}))
    matched = wh.scalar("SELECT count(*) FROM link__key_check JOIN identity_person USING (person_id)")
    wh.execute("DROP TABLE IF EXISTS link__key_check")
    if records and not matched:
        raise InputFileError(
            path,
            "no truth record matches the warehouse",
            hint="use the key file ingest used (a --demo ingest's throwaway key cannot be reused)",
        )


def _load_household_pairs(wh: Warehouse, truth_dir: Path) -> None:
    membership = truth_dir / MEMBERSHIP_FILE
    if not membership.is_file():
        wh.execute(f"DROP TABLE IF EXISTS {TRUTH_HOUSEHOLD_PAIRS}")
        return
    wh.write_temp_arrow(
        "link__truth_membership",
        _read(membership, ["true_person_id", "household_id", "start_date", "end_date"]),
    )
    wh.write_temp_arrow(
        "link__truth_person", _read(truth_dir / PERSON_FILE, ["true_person_id", "date_of_birth"])
    )
    wh.execute(
        f"""CREATE OR REPLACE TEMP TABLE {TRUTH_HOUSEHOLD_PAIRS} AS
            WITH m AS (
                SELECT m.true_person_id, m.household_id, m.start_date,
                       coalesce(m.end_date, DATE '9999-12-31') AS end_date, p.date_of_birth
                FROM link__truth_membership m JOIN link__truth_person p USING (true_person_id)
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
    for table in ("link__truth_membership", "link__truth_person"):
        wh.execute(f"DROP TABLE IF EXISTS {table}")


def load_truth(wh: Warehouse, truth_dir: Path, key: PseudonymisationKey) -> None:
    """Fill ``link__truth_records`` and (when memberships exist) ``link__truth_household_pairs``."""
    _load_records(wh, truth_dir, key)
    _load_household_pairs(wh, truth_dir)


def truth_loader(truth_dir: Path, key: PseudonymisationKey) -> Callable[[Warehouse], None]:
    """A loader ``run_link`` calls once the outputs exist."""

    def load(wh: Warehouse) -> None:
        load_truth(wh, truth_dir, key)

    return load
