"""Need against provision for each ward and kind of need: ``need_provision_ward``.

Provision is read from the placed services: a service *reaches* the wards it has a location in
and the wards its service areas cover, and its one unit of provision (and its capacity, where
the directory gives one) is shared evenly among them. Within each district, a ward's **gap** is
its share of the district's need minus its share of the district's provision: positive where a
ward carries more of the need than it gets of the services. ``gap_lower``/``gap_upper`` put the
ends of the need interval in (the need side is modelled); a gap whose lower end is above zero
holds across the interval. ``nearest_km`` is from the ward's centre to the nearest location of
a service of the kind, anywhere in the area.

A ward is **unserved** when no service of the kind is located in it or covers it, and of **high
need** when its need per resident is in the top third of its district's wards: an unserved ward
of high need is what a planner looks for first, whatever its size.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import numpy as np

from atr.provision.geography import Geography, km_between
from atr.provision.kinds import NeedKind
from atr.provision.need import Recorded, WardNeed

HIGH_NEED_SHARE_OF_WARDS = 3
"""A ward is of high need when its need per resident is in the top third of its district's."""


def _reach(geo: Geography, places: list[dict[str, Any]], kind: NeedKind) -> dict[str, dict[str, Any]]:
    """Per service of the kind: the wards it is located in, the wards it reaches, capacity, points."""
    services: dict[str, dict[str, Any]] = {}
    for p in places:
        if kind.kind not in str(p["need_kinds"]).split(";") or not kind.serves_ages(
            p["minimum_age"], p["maximum_age"]
        ):
            continue
        s = services.setdefault(
            p["service_id"], {"located": set(), "reach": set(), "capacity": p["capacity"], "points": []}
        )
        if p["place_type"] == "location":
            s["located"].add(p["ward19_code"])
            s["reach"].add(p["ward19_code"])
            if p["latitude"] is not None:
                s["points"].append((float(p["longitude"]), float(p["latitude"])))
        else:
            s["reach"].update(geo.wards_in(str(p["place_code"])) or [])
    return services


def compare_kind(
    geo: Geography,
    places: list[dict[str, Any]],
    kind: NeedKind,
    need: dict[str, WardNeed],
    recorded: dict[str, Recorded],
    population: dict[str, float],
) -> list[dict[str, Any]]:
    """One row per ward of the reference geography for ``kind``."""
    services = _reach(geo, places, kind)
    provision: dict[str, float] = defaultdict(float)
    capacity: dict[str, float] = defaultdict(float)
    located: dict[str, int] = defaultdict(int)
    reaching: dict[str, int] = defaultdict(int)
    has_capacity = False
    for s in services.values():
        for ward in s["reach"]:
            provision[ward] += 1 / len(s["reach"])
            reaching[ward] += 1
            if s["capacity"] is not None:
                has_capacity = True
                capacity[ward] += float(s["capacity"]) / len(s["reach"])
        for ward in s["located"]:
            located[ward] += 1
    points = np.array([pt for s in services.values() for pt in s["points"]], dtype=float).reshape(-1, 2)
    rows = []
    for ward, district in sorted(geo.ward_district.items()):
        n = need.get(ward)
        centre = geo.ward_centres.get(ward)
        nearest = (
            float(km_between(points[:, 0], points[:, 1], centre[0], centre[1]).min())
            if len(points) and centre is not None
            else None
        )
        r = recorded.get(ward)
        rows.append(
            {
                "ward_code": ward,
                "ward_name": geo.names.get(ward, ward),
                "lad19_code": district,
                "district": geo.names.get(district, district),
                "need_kind": kind.kind,
                "need_label": kind.label,
                "need_basis": n.basis if n else None,
                "population": population.get(ward),
                "need_per_1000": round(1000 * n.need / population[ward], 6)
                if n and population.get(ward)
                else None,
                "modelled_need": n.need if n else None,
                "need_lower_95": n.lower if n else None,
                "need_upper_95": n.upper if n else None,
                "recorded_need": r.count if r else None,
                "recorded_suppressed": r.suppressed if r else False,
                "recorded_period": r.period if r else None,
                "services_located": located.get(ward, 0),
                "services_reaching": reaching.get(ward, 0),
                "provision": round(provision.get(ward, 0.0), 6),
                "capacity": round(capacity.get(ward, 0.0), 6) if has_capacity else None,
                "nearest_km": None if nearest is None else round(nearest, 2),
            }
        )
    _gaps(rows)
    return rows


def _gaps(rows: list[dict[str, Any]]) -> None:
    """Shares, gaps and ranks within each district (adds columns in place)."""
    by_district: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_district[row["lad19_code"]].append(row)
    for wards in by_district.values():
        need_total = sum(r["modelled_need"] or 0.0 for r in wards)
        provision_total = sum(r["provision"] for r in wards)
        for r in wards:
            provision_share = r["provision"] / provision_total if provision_total else 0.0
            r["provision_share"] = round(provision_share, 6)
            if r["modelled_need"] is None or not need_total:
                r.update(need_share=None, gap=None, gap_lower=None, gap_upper=None, gap_holds=None)
                continue
            r["need_share"] = round(r["modelled_need"] / need_total, 6)
            r["gap"] = round(r["need_share"] - provision_share, 6)
            ends = [r[k] for k in ("need_lower_95", "need_upper_95")]
            if None in ends:
                r["gap_lower"] = r["gap_upper"] = None
            else:
                r["gap_lower"] = round(float(ends[0]) / need_total - provision_share, 6)
                r["gap_upper"] = round(float(ends[1]) / need_total - provision_share, 6)
            r["gap_holds"] = r["gap"] > 0 and (r["gap_lower"] is None or r["gap_lower"] > 0)
        ranked = sorted((r for r in wards if r["gap"] is not None), key=lambda r: (-r["gap"], r["ward_code"]))
        for i, r in enumerate(ranked, start=1):
            r["gap_rank"] = i
        by_rate = sorted(
            (r for r in wards if r["need_per_1000"] is not None),
            key=lambda r: (-r["need_per_1000"], r["ward_code"]),
        )
        high = math.ceil(len(wards) / HIGH_NEED_SHARE_OF_WARDS)
        for i, r in enumerate(by_rate, start=1):
            r["need_rate_rank"] = i
        for r in wards:
            r.setdefault("gap_rank", None)
            r.setdefault("need_rate_rank", None)
            r["unserved"] = r["services_reaching"] == 0
            r["high_need_unserved"] = (
                r["unserved"] and r["need_rate_rank"] is not None and r["need_rate_rank"] <= high
            )


__all__ = ["compare_kind"]
