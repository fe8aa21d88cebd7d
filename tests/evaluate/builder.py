"""A tiny linked world for evaluate tests: participants, non-participants and their outcomes.

The tables are those ingest, link and derive would have written, with only the columns evaluate
reads. A person's ``person_id`` in a dataset is ``<dataset>-<entity_id>``, so tests talk about
people by entity id, and each test states exactly the records its check needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pyarrow as pa

from atr.warehouse import DuckDBWarehouse, Warehouse

V, D, B, INT = pa.string(), pa.date32(), pa.bool_(), pa.int32()
KEYS = {"dataset": V, "partner_code": V, "person_id": V, "record_id": V}
TABLES: dict[str, dict[str, pa.DataType]] = {
    "ingest_batch": {"dataset": V, "partner_code": V, "period_start": D, "period_end": D},
    "entity": {
        "entity_id": V,
        "birth_year": INT,
        "birth_month": INT,
        "sex": V,
        "lad19_code": V,
        "datasets": V,
    },
    "entity_membership": {"dataset": V, "partner_code": V, "person_id": V, "entity_id": V},
    "child_year": {
        "entity_id": V,
        "financial_year": V,
        "age": INT,
        "lad19_code": V,
        "ward19_code": V,
        "msoa11_code": V,
        "imd_decile": INT,
        "imd_quintile": INT,
        "looked_after": B,
        "youth_justice_outcomes": INT,
        "toxic_trio_any2": B,
    },
    "adult_year": {"entity_id": V, "financial_year": V, "age": INT, "lad19_code": V},
    "adult_population_year": {"entity_id": V, "financial_year": V, "age": INT, "lad19_code": V},
    "adversity_event": {"entity_id": V, "category": V, "event_date": D},
    "programme_participation": {
        **KEYS,
        "programme_code": V,
        "provider_code": V,
        "start_date": D,
        "end_date": D,
    },
    "school_exclusion": {**KEYS, "category": V, "start_date": D},
    "youth_justice_outcome": {**KEYS, "outcome_date": D},
    "lac_episode": {**KEYS, "start_date": D, "reason_new_episode": V},
    "mental_health_referral": {**KEYS, "referral_received_date": D},
    "csc_episode": {**KEYS, "referral_date": D},
    "school_attendance": {
        **KEYS,
        "academic_year": V,
        "term": V,
        "sessions_possible": INT,
        "sessions_authorised_absence": INT,
        "sessions_unauthorised_absence": INT,
    },
    "school_enrolment": {**KEYS, "urn": V, "entry_date": D, "leaving_date": D},
    "school_sen": {**KEYS, "academic_year": V, "sen_provision": V},
}
LEEDS = "E08000035"
BRADFORD = "E08000032"
OUTCOME_DATASETS = ("school", "youth_justice", "lac", "mental_health", "csc")
YEARS = ("2019/20", "2020/21", "2021/22", "2022/23", "2023/24", "2024/25")


@dataclass
class World:
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {name: [] for name in TABLES})
    datasets: dict[str, set[str]] = field(default_factory=dict)

    def person(
        self, entity_id: str, born: date, *, sex: str = "M", district: str = LEEDS, imd_decile: int = 3
    ) -> None:
        """A linked person with a child-year in every year they are 0-17."""
        self.datasets.setdefault(entity_id, set())
        self.rows["entity"].append(
            {
                "entity_id": entity_id,
                "birth_year": born.year,
                "birth_month": born.month,
                "sex": sex,
                "lad19_code": district,
            }
        )
        for year in YEARS:
            age = int(year[:4]) - born.year - (1 if born.month > 4 else 0)
            if 0 <= age <= 17:
                self.rows["child_year"].append(
                    {
                        "entity_id": entity_id,
                        "financial_year": year,
                        "age": age,
                        "lad19_code": district,
                        "imd_decile": imd_decile,
                        "looked_after": False,
                        "youth_justice_outcomes": 0,
                        "toxic_trio_any2": False,
                    }
                )

    def record(self, table: str, entity_id: str, partner: str = "383", **values: Any) -> None:
        """A content-table row of ``entity_id`` (its dataset is the table name's first part)."""
        dataset = (
            "youth_justice"
            if table.startswith("youth_justice")
            else "mental_health"
            if table.startswith("mental_health")
            else table.split("_")[0]
        )
        person_id = f"{dataset}-{partner}-{entity_id}"
        self.datasets.setdefault(entity_id, set()).add(dataset)
        key = {"dataset": dataset, "partner_code": partner, "person_id": person_id}
        membership = {**key, "entity_id": entity_id}
        if membership not in self.rows["entity_membership"]:
            self.rows["entity_membership"].append(membership)
        self.rows[table].append({**key, "record_id": f"R{len(self.rows[table]) + 1}", **values})

    def participation(
        self, entity_id: str, code: str, start: date, partner: str = "383", **values: Any
    ) -> None:
        self.record(
            "programme_participation", entity_id, partner, programme_code=code, start_date=start, **values
        )

    def build(self, path: str = ":memory:") -> Warehouse:
        return self.fill(DuckDBWarehouse(path))

    def fill(self, wh: Warehouse) -> Warehouse:
        """Write the world's tables into ``wh`` (any engine); returns it."""
        for dataset in (*OUTCOME_DATASETS, "programme"):
            self.rows["ingest_batch"].append(
                {
                    "dataset": dataset,
                    "partner_code": "383",
                    "period_start": date(2019, 4, 1),
                    "period_end": date(2025, 3, 31),
                }
            )
        for row in self.rows["entity"]:
            row["datasets"] = ",".join(sorted(self.datasets.get(row["entity_id"], set()))) or "school"
        for name, columns in TABLES.items():
            schema = pa.schema(list(columns.items()))
            table = pa.Table.from_pylist(
                [{k: r.get(k) for k in columns} for r in self.rows[name]], schema=schema
            )
            wh.write_arrow(name, table)
        return wh
