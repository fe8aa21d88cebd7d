"""Read the ground truth ``atr synth`` writes (``DIR/truth/*.parquet``, see docs/synthetic.md).

The truth is keyed by the partners' *raw* person ids, as a partner would send them. The key
ingest used turns them into the warehouse's pseudonyms (``PseudonymisationKey.person_id``), so
the truth joins the pseudonymised tables ingest and link write (``person_demographics``,
``entity_membership``) and never the identity zone. A different key matches nothing, which is
an error rather than a recall of zero.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from atr.errors import InputFileError
from atr.pseudonymise import PseudonymisationKey
from atr.warehouse import Warehouse

RECORDS = "person_record"
WRONG_KEY_HINT = "use the key file ingest used (a --demo ingest's throwaway key cannot be reused)"


def truth_folder(path: Path) -> Path:
    """``path`` itself or its ``truth/`` (either may be given), holding ``person_record.parquet``."""
    folder = path / "truth" if (path / "truth" / f"{RECORDS}.parquet").is_file() else path
    if not (folder / f"{RECORDS}.parquet").is_file():
        raise InputFileError(
            folder / f"{RECORDS}.parquet",
            "synthetic truth not found (expected DIR/truth/*.parquet)",
            hint="pass the truth/ folder written by `atr synth`",
        )
    return folder


def read_truth_table(folder: Path, name: str, columns: list[str]) -> pa.Table:
    """``folder/name.parquet`` with ``columns``; an error names the file and the missing column."""
    path = folder / f"{name}.parquet"
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


def pseudonymised_records(folder: Path, key: PseudonymisationKey, limit: int | None = None) -> pa.Table:
    """Every partner record of the truth as ``(dataset, partner_code, person_id, true_person_id)``,
    with ``person_id`` the keyed pseudonym ingest gave it (the first ``limit`` records if given)."""
    records = read_truth_table(folder, RECORDS, ["dataset", "partner_code", "person_id", "true_person_id"])
    if limit is not None:
        records = records.slice(0, limit)
    columns = records.to_pydict()
    pseudonyms = [
        key.person_id(str(d), str(p), str(raw))
        for d, p, raw in zip(columns["dataset"], columns["partner_code"], columns["person_id"], strict=True)
    ]
    return pa.table(
        {
            "dataset": pa.array(columns["dataset"], pa.string()),
            "partner_code": pa.array(columns["partner_code"], pa.string()),
            "person_id": pa.array(pseudonyms, pa.string()),
            "true_person_id": pa.array(columns["true_person_id"], pa.string()),
        }
    )


def check_key(wh: Warehouse, truth_dir: Path, key: PseudonymisationKey, sample: int = 2000) -> None:
    """Fail fast, before linking, when ``key`` is not the one ingest used.

    The truth's first records, pseudonymised with ``key``, must meet ``person_demographics``
    (the pseudonymised zone's copy of every ingested person record).
    """
    folder = truth_folder(truth_dir)
    if not wh.table_exists("person_demographics"):
        return  # nothing ingested yet: linking will say so
    sample_table = pseudonymised_records(folder, key, limit=sample)
    if not sample_table.num_rows:
        return
    wh.write_arrow("truth__key_check", sample_table)
    matched = wh.scalar(
        "SELECT count(*) FROM truth__key_check JOIN person_demographics USING (dataset, partner_code, person_id)"
    )
    wh.execute("DROP TABLE IF EXISTS truth__key_check")
    if not matched:
        raise InputFileError(
            folder / f"{RECORDS}.parquet", "no truth record matches the warehouse", hint=WRONG_KEY_HINT
        )
