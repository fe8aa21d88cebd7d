"""``run_provision``: read the directory, place its services, compare with need, allocate.

Runs after derive and indicators (it reads derive's modelled and year tables) and before
publish (which reads the tables it writes). Every table is rewritten in one transaction; with no
directory configured the step writes them empty and says so, so publish simply leaves the page
out.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from atr.errors import ConfigError
from atr.indicators import DisclosureSettings
from atr.provision.allocation import allocate, allocation_range, change_percent
from atr.provision.compare import compare_kind
from atr.provision.geography import load_geography
from atr.provision.kinds import NeedKind, load_need_kinds
from atr.provision.need import recorded_need, ward_need
from atr.provision.oruk import read_feed
from atr.provision.place import Placed, place_services
from atr.provision.settings import AllocationSettings, ProvisionSettings
from atr.provision.tables import SCHEMAS, as_table
from atr.warehouse import Warehouse


@dataclass
class ProvisionResult:
    read: int = 0
    placed: int = 0
    rejected: int = 0
    places: int = 0
    issues: int = 0
    wards: int = 0
    gaps_that_hold: int = 0
    high_need_unserved: int = 0
    need_basis: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    skipped: str | None = None

    def summary(self) -> dict[str, Any]:
        if self.skipped:
            return {"skipped": self.skipped}
        return {
            "services_read": self.read,
            "placed": self.placed,
            "rejected": self.rejected,
            "places": self.places,
            "gaps_that_hold": self.gaps_that_hold,
            "high_need_unserved": self.high_need_unserved,
        }


def _population(wh: Warehouse) -> dict[str, float]:
    rows = wh.rows(
        "SELECT a.ward19_code, sum(p.pop_total) AS people FROM ref_population p "
        "JOIN ref_area_lookup a USING (lsoa11_code) GROUP BY a.ward19_code"
    )
    return {str(r["ward19_code"]): float(r["people"] or 0) for r in rows}


def _areas(rows: list[dict[str, Any]], level: str, population: dict[str, float]) -> dict[str, dict[str, Any]]:
    """One kind's ward rows summed to the allocation's areas (wards, or districts)."""
    areas: dict[str, dict[str, Any]] = {}
    for r in rows:
        code, name = (r["ward_code"], r["ward_name"]) if level == "ward" else (r["lad19_code"], r["district"])
        a = areas.setdefault(
            code,
            {
                "area_code": code,
                "area_name": name,
                "area_type": level,
                "lad19_code": r["lad19_code"],
                "population": 0.0,
                "need": 0.0,
                "lower": 0.0,
                "upper": 0.0,
                "basis": r["need_basis"],
                "has_interval": True,
            },
        )
        a["population"] += population.get(r["ward_code"], 0.0)
        a["need"] += r["modelled_need"] or 0.0
        a["has_interval"] &= r["need_lower_95"] is not None
        a["lower"] += r["need_lower_95"] or 0.0
        a["upper"] += r["need_upper_95"] or 0.0
    return areas


def allocation_tables(
    compared: dict[str, list[dict[str, Any]]], settings: AllocationSettings, population: dict[str, float]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``provision_allocation`` and ``provision_sensitivity`` rows."""
    if settings.need_kind not in compared:
        raise ConfigError(
            f"[provision.allocation] need_kind '{settings.need_kind}' is not a kind of need",
            hint=f"one of {', '.join(compared)}",
        )
    areas = list(_areas(compared[settings.need_kind], settings.level, population).values())
    people = [a["population"] for a in areas]
    u, total = settings.universal_share, settings.total
    declared = allocate(total, u, people, [a["need"] for a in areas])
    with_interval = all(a["has_interval"] for a in areas)
    ranges = allocation_range(total, u, people, [a["lower"] for a in areas], [a["upper"] for a in areas])
    allocation = []
    for a, value, (low, high) in zip(areas, declared, ranges, strict=True):
        universal = total * u * a["population"] / (sum(people) or 1)
        allocation.append(
            {
                **a,
                "need_kind": settings.need_kind,
                "need_basis": a["basis"],
                "need_lower_95": a["lower"] if with_interval else None,
                "need_upper_95": a["upper"] if with_interval else None,
                "universal": universal,
                "targeted": value - universal,
                "allocation": value,
                "share": value / total,
                "allocation_low": low if with_interval else None,
                "allocation_high": high if with_interval else None,
                "unit": settings.unit,
                "total": total,
                "universal_share": u,
            }
        )
    scenarios: list[tuple[str, str, list[float]]] = [("declared", "As declared", declared)]
    if with_interval:
        scenarios += [
            (
                "need_lower",
                "Need at the lower 95% limits",
                allocate(total, u, people, [a["lower"] for a in areas]),
            ),
            (
                "need_upper",
                "Need at the upper 95% limits",
                allocate(total, u, people, [a["upper"] for a in areas]),
            ),
        ]
    for kind, rows in compared.items():
        if kind != settings.need_kind:
            other = _areas(rows, settings.level, population)
            label = f"By {rows[0]['need_label'].lower()} need" if rows else kind
            scenarios.append(
                (
                    f"kind:{kind}",
                    label,
                    allocate(total, u, people, [other[a["area_code"]]["need"] for a in areas]),
                )
            )
    scenarios += [
        ("universal_only", "All by population", allocate(total, 1.0, people, people)),
        (
            "need_only",
            "All by need",
            allocate(total, 0.0, people, [a["need"] for a in areas]),
        ),
    ]
    sensitivity = [
        {
            "area_code": a["area_code"],
            "area_name": a["area_name"],
            "area_type": a["area_type"],
            "scenario": key,
            "scenario_label": label,
            "allocation": values[i],
            "change": values[i] - declared[i],
            "change_percent": change_percent(values[i], declared[i]),
        }
        for key, label, values in scenarios
        for i, a in enumerate(areas)
    ]
    return allocation, sensitivity


def run_provision(
    wh: Warehouse, settings: ProvisionSettings, disclosure: DisclosureSettings | None = None
) -> ProvisionResult:
    """Read ``settings.directory``, place it, compare it with need and allocate; write the tables."""
    started = time.perf_counter()
    result = ProvisionResult()
    kinds: tuple[NeedKind, ...] = load_need_kinds(settings.need_kinds)
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in SCHEMAS}
    if settings.directory is None:
        result.skipped = "no directory configured ([provision] directory)"
    else:
        geo = load_geography(wh)
        placed: Placed = place_services(
            read_feed(settings.directory), geo, kinds, max_km=settings.max_km_to_lsoa
        )
        rule = disclosure or DisclosureSettings()
        population = _population(wh)
        compared = {
            k.kind: compare_kind(
                geo, placed.places, k, ward_need(wh, k), recorded_need(wh, k, rule), population
            )
            for k in kinds
        }
        allocation, sensitivity = allocation_tables(compared, settings.allocation, population)
        tables.update(
            provision_read=placed.records,
            provision_issue=placed.issues,
            provision_service_place=placed.places,
            need_provision_ward=[r for rows in compared.values() for r in rows],
            provision_allocation=allocation,
            provision_sensitivity=sensitivity,
        )
        result.read, result.placed, result.rejected = len(placed.records), placed.placed, placed.rejected
        result.places, result.issues = len(placed.places), len(placed.issues)
        result.wards = len(geo.ward_district)
        result.gaps_that_hold = sum(bool(r["gap_holds"]) for r in tables["need_provision_ward"])
        result.high_need_unserved = sum(bool(r["high_need_unserved"]) for r in tables["need_provision_ward"])
        result.need_basis = {k: rows[0]["need_basis"] for k, rows in compared.items() if rows}
    with wh.transaction():
        for name, rows in tables.items():
            wh.write_arrow(name, as_table(name, rows))
    result.seconds = time.perf_counter() - started
    return result


__all__ = ["ProvisionResult", "allocation_tables", "run_provision"]
