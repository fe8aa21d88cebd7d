"""A tiny linked world for derive tests: people, their records and household links.

Each test builds exactly the records its rule needs, in an in-memory warehouse with the tables
ingest and link would have written (``<dataset>_<table>``, ``entity``, ``entity_membership``,
``household_link``, ``entity_lsoa_history``, ``ref_lsoa``). A person's ``person_id`` in a dataset
is ``<dataset>-<entity_id>``, so tests can talk about people by entity id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pyarrow as pa

from atr.derive.inputs import CONTENT_TABLES, LINK_TABLES, REFERENCE_TABLES
from atr.derive.run import DeriveResult, run_derive
from atr.derive.settings import DeriveSettings
from atr.link.settings import LinkSettings
from atr.warehouse import DuckDBWarehouse, Warehouse

ARROW = {
    "VARCHAR": pa.string(),
    "DATE": pa.date32(),
    "BOOLEAN": pa.bool_(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
}
LSOA = "E01000001"
LAD = "E08000035"
PARTNER = "383"
PERIODS = ["2021/22", "2022/23", "2023/24"]


def _table(columns: dict[str, str], rows: list[dict[str, Any]]) -> pa.Table:
    schema = pa.schema([(name, ARROW[kind]) for name, kind in columns.items()])
    return pa.Table.from_pylist([{k: row.get(k) for k in columns} for row in rows], schema=schema)


@dataclass
class World:
    """People and records, written to a fresh warehouse by :meth:`derive`."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    _ids: int = 0

    def person(
        self,
        entity_id: str,
        born: tuple[int, int] | None = (2015, 6),
        *,
        lsoa: str = LSOA,
        sex: str = "F",
        ethnicity: str = "WBRI",
    ) -> str:
        year, month = born if born else (None, None)
        self.rows.setdefault("entity", []).append(
            {
                "entity_id": entity_id,
                "birth_year": year,
                "birth_month": month,
                "sex": sex,
                "ethnicity_code": ethnicity,
                "lsoa11_code": lsoa,
                "lad19_code": LAD,
            }
        )
        return entity_id

    def record(self, table: str, entity_id: str | None = None, **values: Any) -> str:
        """Add a row to ``<dataset>_<table>``; returns its record_id."""
        self._ids += 1
        record_id: str = values.pop("record_id", f"r{self._ids}")
        dataset = table.split("_", 1)[0]
        if table.startswith("mental_health"):
            dataset = "mental_health"
        if table.startswith("youth_justice"):
            dataset = "youth_justice"
        row = {"dataset": dataset, "partner_code": PARTNER, "record_id": record_id, **values}
        if entity_id is not None:
            person_id = f"{dataset}-{entity_id}"
            row["person_id"] = person_id
            member = {
                "dataset": dataset,
                "partner_code": PARTNER,
                "person_id": person_id,
                "entity_id": entity_id,
            }
            members = self.rows.setdefault("entity_membership", [])
            if member not in members:
                members.append(member)
        self.rows.setdefault(table, []).append(row)
        return record_id

    def link(
        self,
        child: str,
        adult: str,
        *,
        confidence: float = 0.95,
        link_type: str = "csc_relationship",
        valid_from: date | None = None,
        valid_to: date | None = None,
    ) -> str:
        link_id = f"L{len(self.rows.get('household_link', [])) + 1}"
        self.rows.setdefault("household_link", []).append(
            {
                "link_id": link_id,
                "child_entity_id": child,
                "adult_entity_id": adult,
                "link_type": link_type,
                "confidence": confidence,
                "valid_from": valid_from,
                "valid_to": valid_to,
                "source_dataset": "csc",
            }
        )
        return link_id

    def lsoa_seen(self, entity_id: str, lsoa: str, first: date, last: date) -> None:
        self.rows.setdefault("entity_lsoa_history", []).append(
            {"entity_id": entity_id, "lsoa11_code": lsoa, "first_seen": first, "last_seen": last}
        )

    def write(self, warehouse: Warehouse) -> None:
        declared = {**CONTENT_TABLES, **LINK_TABLES, **REFERENCE_TABLES}
        self.rows.setdefault("entity_membership", [])
        self.rows.setdefault("ref_lsoa", []).extend(
            [
                {
                    "lsoa11_code": LSOA,
                    "lad19_code": LAD,
                    "msoa11_code": "E02000001",
                    "ward19_code": "E05000001",
                    "imd_decile": 1,
                    "imd_quintile": 1,
                },
                {
                    "lsoa11_code": "E01000002",
                    "lad19_code": LAD,
                    "msoa11_code": "E02000001",
                    "ward19_code": "E05000001",
                    "imd_decile": 9,
                    "imd_quintile": 5,
                },
            ]
        )
        for table, rows in self.rows.items():
            warehouse.write_arrow(table, _table(declared[table], rows))

    def derive(
        self,
        settings: DeriveSettings | None = None,
        threshold: float = 0.8,
        warehouse: Warehouse | None = None,
    ) -> Derived:
        """Write the world to ``warehouse`` (default: a new in-memory DuckDB) and derive."""
        warehouse = warehouse or DuckDBWarehouse(":memory:")
        self.write(warehouse)
        result = run_derive(
            warehouse,
            settings or DeriveSettings(simulations=100, bootstrap_samples=50),
            LinkSettings(household_confidence_threshold=threshold),
            PERIODS,
        )
        return Derived(warehouse, result)


@dataclass
class Derived:
    warehouse: Warehouse
    result: DeriveResult

    def events(self, entity_id: str | None = None) -> list[dict[str, Any]]:
        where = "WHERE entity_id = ?" if entity_id else ""
        return self.warehouse.rows(
            f"SELECT * FROM adversity_event {where} ORDER BY event_date, rule_id",
            [entity_id] if entity_id else None,
        )

    def child_year(self, entity_id: str, year: str) -> dict[str, Any]:
        rows = self.warehouse.rows(
            "SELECT * FROM child_year WHERE entity_id = ? AND financial_year = ?", [entity_id, year]
        )
        assert len(rows) == 1, f"expected one child_year row for {entity_id} {year}, got {len(rows)}"
        return rows[0]

    def adult_year(self, entity_id: str) -> list[dict[str, Any]]:
        return self.warehouse.rows(
            "SELECT * FROM adult_year WHERE entity_id = ? ORDER BY financial_year", [entity_id]
        )


class Scenarios:
    """Many small fixtures in one world, derived once: each test reads only its own people.

    Deriving costs about half a second of SQL planning whatever the data size, so a module's
    fixtures (one per rule) share a run; ids are prefixed with the fixture's name so they cannot
    meet.
    """

    def __init__(self) -> None:
        self.builders: dict[str, Any] = {}

    def add(self, name: str, builder: Any) -> None:
        self.builders[name] = builder

    def derive(
        self,
        settings: DeriveSettings | None = None,
        threshold: float = 0.8,
        warehouse: Warehouse | None = None,
    ) -> Derived:
        world = World()
        for name, builder in self.builders.items():
            builder(world, name)
        return world.derive(settings, threshold, warehouse)
