"""Entity ids survive a re-run, a reused model and new records that sort after a person's first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa

from atr.link.run import run_link
from atr.warehouse import Warehouse, open_warehouse

from .conftest import FAST, Linked
from .population import Population
from .records import IDENTITY_SCHEMA, identity_row, write_to_warehouse


def memberships(wh: Warehouse) -> dict[tuple[str, str, str], str]:
    rows = wh.rows("SELECT dataset, partner_code, person_id, entity_id FROM entity_membership")
    return {(r["dataset"], r["partner_code"], r["person_id"]): r["entity_id"] for r in rows}


def test_a_rerun_gives_the_same_entity_ids(linked: Linked, population: Population, tmp_path: Path) -> None:
    with open_warehouse(linked.warehouse, read_only=True) as wh:
        first = memberships(wh)
    with open_warehouse(tmp_path / "again.duckdb") as wh:
        write_to_warehouse(wh, population)
        run_link(wh, FAST, tmp_path / "link")  # retrains from scratch: the same seed, the same model
        second = memberships(wh)
    assert second == first


def test_a_saved_model_reproduces_the_run_and_new_records_keep_old_ids(
    linked: Linked, population: Population, tmp_path: Path
) -> None:
    with open_warehouse(linked.warehouse, read_only=True) as wh:
        first = memberships(wh)
        someone = wh.rows(
            "SELECT m.entity_id, i.* FROM entity_membership m JOIN identity_person i USING (dataset, partner_code, person_id) "
            "WHERE m.dataset = 'gp_registration' AND i.nhs_number_status = 'valid' ORDER BY m.entity_id LIMIT 1"
        )[0]
    with open_warehouse(tmp_path / "grown.duckdb") as wh:
        write_to_warehouse(wh, population)
        # A new dataset holding the same person (same NHS number); its key sorts after theirs.
        extra = {
            k: someone[k] for k in someone if k not in ("entity_id", "dataset", "partner_code", "person_id")
        }
        new = identity_row(
            "youth_justice", "383", "new-record", **{**extra, "extract_date": dt.date(2025, 6, 30)}
        )
        wh.write_arrow("identity_person", pa.Table.from_pylist([new], schema=IDENTITY_SCHEMA), mode="append")
        outputs = run_link(wh, FAST, tmp_path / "link", model_in=linked.outputs.model_json)
        grown = memberships(wh)
    assert outputs.report["model"]["trained"] is False
    assert grown[("youth_justice", "383", "new-record")] == someone["entity_id"]
    assert {k: v for k, v in grown.items() if k[0] != "youth_justice"} == first
