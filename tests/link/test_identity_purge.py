"""Retention: identities of people absent for YEARS leave the store; their content and ids stay."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from atr.cli import app
from atr.identity import IdentityStore
from atr.identity.retention import PURGED_TABLE, apply_purge, plan_purge, years_before
from atr.link.run import run_link
from atr.pseudonymise import load_key, write_new_key
from atr.warehouse import Warehouse, open_warehouse

from .conftest import FAST
from .population import EXTRACT_DATE, Population, make_people, record_everyone
from .records import write_to_warehouse

OLD = dt.date(2012, 3, 31)
runner = CliRunner()


def aged_population() -> tuple[Population, set[str]]:
    """A population where every record of the people in one family in four is from 2012."""
    pop = record_everyone(make_people(30, seed=3), seed=4)
    old_people = {p.true_id for h, members in pop.households.items() if h % 4 == 0 for p in members}
    for row, truth in zip(pop.identity_rows, pop.truth, strict=True):
        if truth["true_id"] in old_people:
            row["extract_date"] = OLD
    return pop, old_people


def demographics(wh: Warehouse, pop: Population) -> None:
    """person_demographics as ingest writes it: the content that outlives a purge."""
    keys = ("dataset", "partner_code", "person_id", "birth_year", "sex")
    wh.write_arrow(
        "person_demographics", pa.Table.from_pylist([{k: r[k] for k in keys} for r in pop.identity_rows])
    )


@pytest.fixture
def linked_store(tmp_path: Path) -> tuple[Path, IdentityStore, Population, set[str]]:
    pop, old_people = aged_population()
    write_new_key(tmp_path / "key")
    store = IdentityStore.beside(tmp_path / "atr.duckdb", load_key(tmp_path / "key"))
    with open_warehouse(tmp_path / "atr.duckdb") as wh:
        write_to_warehouse(wh, pop, store=store)
        demographics(wh, pop)
        run_link(wh, FAST, tmp_path / "link", identities=store)
    return tmp_path, store, pop, old_people


def test_years_before_counts_calendar_years() -> None:
    assert years_before(dt.date(2025, 3, 31), 6) == dt.date(2019, 3, 31)
    assert years_before(dt.date(2024, 2, 29), 1) == dt.date(2023, 2, 28)


def test_purge_removes_identities_of_people_not_seen_and_keeps_their_place(
    linked_store: tuple[Path, IdentityStore, Population, set[str]],
) -> None:
    root, store, pop, old_people = linked_store
    old_records = sum(t["true_id"] in old_people for t in pop.truth)
    assert 0 < old_records < len(pop.truth)
    with open_warehouse(root / "atr.duckdb") as wh:
        before = {
            (r["dataset"], r["partner_code"], r["person_id"]): r["entity_id"]
            for r in wh.rows("SELECT * FROM entity_membership")
        }
        entities_before = wh.count("entity")
        plan = plan_purge(wh, store, 6, EXTRACT_DATE)
        assert plan.cutoff == dt.date(2019, 3, 31)
        assert plan.records == old_records and plan.records_kept == len(pop.truth) - old_records
        apply_purge(wh, store, plan)
        assert store.count() == len(pop.truth) - old_records
        assert wh.count(PURGED_TABLE) == old_records
        kept_true_ids = {t["true_id"] for t in pop.truth} - old_people
        assert set(store.read(columns=["person_id"]).column("person_id").to_pylist()) == {
            t["person_id"] for t in pop.truth if t["true_id"] in kept_true_ids
        }
        # Re-linking without their identities keeps every record in its person.
        run_link(wh, FAST, root / "link2", identities=store)
        after = {
            (r["dataset"], r["partner_code"], r["person_id"]): r["entity_id"]
            for r in wh.rows("SELECT * FROM entity_membership")
        }
        assert after == before
        assert wh.count("entity") == entities_before
        # A second purge finds nothing more to remove.
        assert plan_purge(wh, store, 6, EXTRACT_DATE).records == 0


def test_the_command_dry_run_changes_nothing_and_the_real_run_removes(
    linked_store: tuple[Path, IdentityStore, Population, set[str]],
) -> None:
    root, store, _pop, old_people = linked_store
    args = [
        "identity",
        "purge",
        "--not-seen-for",
        "6",
        "--as-of",
        EXTRACT_DATE.isoformat(),
        "--warehouse",
        str(root / "atr.duckdb"),
        "--key-file",
        str(root / "key"),
    ]
    before = store.path.read_bytes()
    result = runner.invoke(app, [*args, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"Would remove the identities of {len(old_people)} people" in result.output
    assert store.path.read_bytes() == before
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert f"Removed the identities of {len(old_people)} people" in result.output
    assert store.path.read_bytes() != before
    bad = runner.invoke(app, [*args[:-2], "--key-file", str(root / "nokey")])
    assert bad.exit_code != 0
