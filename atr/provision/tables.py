"""The tables the provision step writes (docs/tables.md), with their column types.

Declared once, so an empty result still makes every table with its columns (publish and the
tests read them whether or not a directory was configured).
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

S, F, INT, B = pa.string(), pa.float64(), pa.int64(), pa.bool_()

SCHEMAS: dict[str, pa.Schema] = {
    "provision_read": pa.schema(
        [
            ("source", S),
            ("page", INT),
            ("record", INT),
            ("service_id", S),
            ("service_name", S),
            ("status", S),
            ("reason", S),
            ("locations", INT),
            ("service_areas", INT),
        ]
    ),
    "provision_issue": pa.schema(
        [("source", S), ("record", INT), ("service_id", S), ("field", S), ("problem", S)]
    ),
    "provision_service_place": pa.schema(
        [
            ("service_id", S),
            ("service_name", S),
            ("organisation", S),
            ("need_kinds", S),
            ("minimum_age", INT),
            ("maximum_age", INT),
            ("capacity", F),
            ("place_type", S),
            ("place_code", S),
            ("place_name", S),
            ("lsoa11_code", S),
            ("ward19_code", S),
            ("lad19_code", S),
            ("latitude", F),
            ("longitude", F),
            ("placed_by", S),
        ]
    ),
    "need_provision_ward": pa.schema(
        [
            ("ward_code", S),
            ("ward_name", S),
            ("lad19_code", S),
            ("district", S),
            ("need_kind", S),
            ("need_label", S),
            ("need_basis", S),
            ("population", F),
            ("need_per_1000", F),
            ("modelled_need", F),
            ("need_lower_95", F),
            ("need_upper_95", F),
            ("recorded_need", INT),
            ("recorded_suppressed", B),
            ("recorded_period", S),
            ("services_located", INT),
            ("services_reaching", INT),
            ("provision", F),
            ("capacity", F),
            ("nearest_km", F),
            ("provision_share", F),
            ("need_share", F),
            ("gap", F),
            ("gap_lower", F),
            ("gap_upper", F),
            ("gap_holds", B),
            ("gap_rank", INT),
            ("need_rate_rank", INT),
            ("unserved", B),
            ("high_need_unserved", B),
        ]
    ),
    "provision_allocation": pa.schema(
        [
            ("area_code", S),
            ("area_name", S),
            ("area_type", S),
            ("lad19_code", S),
            ("population", F),
            ("need_kind", S),
            ("need_basis", S),
            ("need", F),
            ("need_lower_95", F),
            ("need_upper_95", F),
            ("universal", F),
            ("targeted", F),
            ("allocation", F),
            ("share", F),
            ("allocation_low", F),
            ("allocation_high", F),
            ("unit", S),
            ("total", F),
            ("universal_share", F),
        ]
    ),
    "provision_sensitivity": pa.schema(
        [
            ("area_code", S),
            ("area_name", S),
            ("area_type", S),
            ("scenario", S),
            ("scenario_label", S),
            ("allocation", F),
            ("change", F),
            ("change_percent", F),
        ]
    ),
}
PUBLISHED = (
    "need_provision_ward",
    "provision_service_place",
    "provision_allocation",
    "provision_sensitivity",
)
"""Safe to publish: services are public, need is modelled or disclosure-controlled."""


def as_table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    schema = SCHEMAS[name]
    return pa.Table.from_pylist([{c: r.get(c) for c in schema.names} for r in rows], schema=schema)


__all__ = ["PUBLISHED", "SCHEMAS", "as_table"]
