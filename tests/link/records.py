"""Identity rows, warehouse tables and truth files for the link tests (see ``population.py``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from atr.identity import IdentityStore
from atr.warehouse import Warehouse

from .population import EXTRACT_DATE, Population

IDENTITY_SCHEMA = pa.schema(
    [
        ("dataset", pa.string()),
        ("partner_code", pa.string()),
        ("person_id", pa.string()),
        ("nhs_number_hash", pa.string()),
        ("nhs_number_status", pa.string()),
        ("upn_hash", pa.string()),
        ("upn_status", pa.string()),
        ("la_child_id_hash", pa.string()),
        ("pnc_id_hash", pa.string()),
        ("uprn_hash", pa.string()),
        ("forename", pa.string()),
        ("middle_names", pa.string()),
        ("surname", pa.string()),
        ("former_surname", pa.string()),
        ("date_of_birth", pa.date32()),
        ("birth_year", pa.int32()),
        ("birth_month", pa.int32()),
        ("sex", pa.string()),
        ("ethnicity_code", pa.string()),
        ("postcode", pa.string()),
        ("postcode_outward", pa.string()),
        ("postcode_sector", pa.string()),
        ("lsoa11_code", pa.string()),
        ("address_line_1", pa.string()),
        ("town", pa.string()),
        ("extract_date", pa.date32()),
    ]
)


def write_to_warehouse(
    wh: Warehouse,
    pop: Population,
    *,
    rename: dict[str, str] | None = None,
    store: IdentityStore | None = None,
) -> None:
    """Write ``identity_person`` and the content tables (optionally with renamed person ids);
    with ``store``, the identities go to that identity store instead, as ingest puts them."""
    rename = rename or {}

    def pid(dataset: str, partner: str, raw: str) -> str:
        return rename.get(f"{dataset}|{partner}|{raw}", raw)

    rows = [
        {**r, "person_id": pid(r["dataset"], r["partner_code"], r["person_id"])} for r in pop.identity_rows
    ]
    identities = pa.Table.from_pylist(rows, schema=IDENTITY_SCHEMA)
    if store is not None:
        store.stage([identities]).commit()
    else:
        wh.write_arrow("identity_person", identities)
    for table, content_rows in pop.content.items():
        if not content_rows:
            continue
        fixed = []
        for r in content_rows:
            r = dict(r)
            for col in ("person_id", "related_person_id", "contact_person_id"):
                if col in r:
                    r[col] = pid(r["dataset"], r["partner_code"], r[col])
            fixed.append(r)
        wh.write_arrow(table, pa.Table.from_pylist(fixed))


def household_pairs(pop: Population) -> list[dict[str, str]]:
    """Every (child, adult) pair living together: the household truth."""
    return [
        {"child_true_id": c.true_id, "adult_true_id": a.true_id}
        for members in pop.households.values()
        for c in members
        if c.is_child
        for a in members
        if not a.is_child
    ]


def write_truth_files(pop: Population, truth_dir: Path) -> None:
    """The truth in the layout ``atr synth`` writes (raw partner ids; see docs/synthetic.md)."""
    truth_dir.mkdir(parents=True, exist_ok=True)
    pq.write_table(
        pa.Table.from_pylist(
            [{**t, "true_person_id": t["true_id"], "is_duplicate_registration": False} for t in pop.truth]
        ).drop(["true_id"]),
        truth_dir / "person_record.parquet",
    )
    pq.write_table(
        pa.Table.from_pylist(
            [
                {
                    "true_person_id": p.true_id,
                    "household_id": p.household,
                    "role": "child" if p.is_child else "parent",
                    "start_date": p.dob if p.is_child else dt.date(2010, 1, 1),
                    "end_date": None,
                }
                for p in pop.people
            ],
            schema=pa.schema(
                [
                    ("true_person_id", pa.string()),
                    ("household_id", pa.int64()),
                    ("role", pa.string()),
                    ("start_date", pa.date32()),
                    ("end_date", pa.date32()),
                ]
            ),
        ),
        truth_dir / "household_membership.parquet",
    )
    pq.write_table(
        pa.Table.from_pylist([{"true_person_id": p.true_id, "date_of_birth": p.dob} for p in pop.people]),
        truth_dir / "person.parquet",
    )


def identity_row(dataset: str, partner: str, person_id: str, **values: Any) -> dict[str, Any]:
    """One ``identity_person`` row with plain defaults (no noise), overridden by ``values``."""
    dob = values.get("date_of_birth", dt.date(2012, 5, 17))
    row: dict[str, Any] = {name: None for name in IDENTITY_SCHEMA.names}
    row.update(
        dataset=dataset,
        partner_code=partner,
        person_id=person_id,
        nhs_number_status="missing",
        upn_status="missing",
        forename="amelia",
        surname="walker",
        date_of_birth=dob,
        birth_year=dob.year if dob else None,
        birth_month=dob.month if dob else None,
        sex="F",
        postcode="LS6 1AB",
        postcode_outward="LS6",
        postcode_sector="LS6 1",
        lsoa11_code="E01011234",
        address_line_1="12 high street",
        town="leeds",
        extract_date=EXTRACT_DATE,
    )
    row.update(values)
    return row


def write_identity(wh: Warehouse, rows: list[dict[str, Any]]) -> None:
    wh.write_arrow("identity_person", pa.Table.from_pylist(rows, schema=IDENTITY_SCHEMA))
