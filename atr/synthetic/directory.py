"""A synthetic service directory for West Yorkshire, as Open Referral UK records, with gaps planted.

Why: the need-against-provision step must be tested against a directory whose gaps are known.
This module is the one place that decides where the synthetic services are — and where they are
deliberately *not* — so the platform's demo (``atr web demo``), the Open Referral UK page folder
of the pipeline demo and the tests that check the gap analysis all agree.

The planting rule (:func:`planted_gaps`), deterministic and documented:

* a ward's *need* is the population-weighted mean IMD score of its LSOAs (the modelled need of
  derive follows deprivation closely, so the most deprived wards are the wards of highest need);
* in each district, the wards are ranked by need (ties by ward code), and for the i-th kind of
  :data:`GAP_KINDS` the i-th ward of that ranking gets *no service of that kind*: no service of
  the kind is located there and none names it (or its district) as a service area;
* every other one of the :data:`COVERED_TOP_WARDS` neediest wards of each district has at least
  one service of *every* kind located in it, so a planted gap stands out from its neighbours;
* each district still has services of every kind elsewhere (a gap is a ward's, not a district's).

Every service is a fully nested Open Referral UK service (``/services/{id}`` shape), ids are
UUIDs derived from the seed, and :func:`write_oruk_pages` writes them as ``services-page-N.json``
files, each a ``Page`` envelope like ``GET /services?full=true&page=N`` of the platform's API.
Everything is invented: names from word lists, addresses on invented streets, example.org email.
"""

from __future__ import annotations

import json
import random
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from atr.platform import SERVICE_KINDS, TAXONOMY_ID, TAXONOMY_NAME, ServiceKind
from atr.reference import DISTRICTS

GAP_KINDS: tuple[str, ...] = (
    "domestic-abuse",
    "substance-misuse",
    "children-mental-health",
)
"""The kinds with a planted gap in every district (the i-th kind in the i-th neediest ward)."""
COVERED_TOP_WARDS = 6
SERVICES = 600
PER_PAGE = 100
LAST_CHECKED = date(2026, 3, 31)
_NAMESPACE = uuid.UUID("a3c0f6f2-2a4b-5d8e-8f3e-5b2c7d9e1a01")
_STEMS = (
    "Aire",
    "Calder",
    "Colne",
    "Wharfe",
    "Pennine",
    "Holme",
    "Spen",
    "Dearne",
    "Heron",
    "Beacon",
    "Harbour",
    "Kestrel",
    "Lantern",
    "Meadow",
    "Northern",
    "Oak",
    "Riverside",
    "Willow",
)
_KINDS_OF_BODY = ("Trust", "Project", "Partnership", "Community Interest Company", "Foundation", "Network")
_STREETS = ("Victoria Road", "Church Lane", "Station Road", "Mill Street", "High Street", "Chapel Street")
_DAYS = ("MO", "TU", "WE", "TH", "FR")


@dataclass(frozen=True)
class Area:
    """One LSOA as the directory needs it: where it is, how needy, and one of its postcodes."""

    lsoa_code: str
    ward_code: str
    district_code: str
    need: float  # higher = more need (the IMD score)
    population: float
    postcode: str
    longitude: float
    latitude: float


@dataclass(frozen=True)
class PlantedGap:
    """A ward left without any service of one kind, on purpose."""

    district_code: str
    ward_code: str
    kind_code: str
    need_rank: int  # 1 = the neediest ward of its district


def ward_need(areas: Sequence[Area]) -> dict[str, float]:
    """Population-weighted mean need of each ward's LSOAs."""
    total: dict[str, float] = defaultdict(float)
    weight: dict[str, float] = defaultdict(float)
    for area in areas:
        total[area.ward_code] += area.need * area.population
        weight[area.ward_code] += area.population
    return {ward: total[ward] / weight[ward] if weight[ward] else 0.0 for ward in total}


def wards_by_need(areas: Sequence[Area]) -> dict[str, list[str]]:
    """Each district's wards, neediest first (ties broken by ward code)."""
    need = ward_need(areas)
    district_of = {a.ward_code: a.district_code for a in areas}
    ranked: dict[str, list[str]] = defaultdict(list)
    for ward in sorted(need, key=lambda w: (-need[w], w)):
        ranked[district_of[ward]].append(ward)
    return dict(ranked)


def planted_gaps(areas: Sequence[Area]) -> tuple[PlantedGap, ...]:
    """The planted gaps: in each district, the i-th neediest ward has no service of GAP_KINDS[i]."""
    gaps = []
    for district, wards in sorted(wards_by_need(areas).items()):
        for i, kind in enumerate(GAP_KINDS):
            if i < len(wards):
                gaps.append(PlantedGap(district, wards[i], kind, i + 1))
    return tuple(gaps)


def _uid(*parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, ":".join(str(p) for p in parts)))


def synthetic_services(
    areas: Sequence[Area], *, seed: int = 17, services: int = SERVICES
) -> list[dict[str, Any]]:
    """At least ``services`` fully nested Open Referral UK services, gaps planted as the module says.

    The covered neediest wards and one service per (district, kind) come first, so a small
    ``services`` still gives every guarantee of the module (about 475 at West Yorkshire scale).
    """
    rng = random.Random(seed)
    gaps = planted_gaps(areas)
    barred = {(g.ward_code, g.kind_code) for g in gaps}
    gap_districts = {(g.district_code, g.kind_code) for g in gaps}
    by_ward: dict[str, list[Area]] = defaultdict(list)
    by_district: dict[str, list[Area]] = defaultdict(list)
    for area in sorted(areas, key=lambda a: a.lsoa_code):
        by_ward[area.ward_code].append(area)
        by_district[area.district_code].append(area)
    plan: list[tuple[ServiceKind, Area]] = []
    # The neediest wards are covered for every kind, except their planted gap.
    for wards in wards_by_need(areas).values():
        for ward in wards[:COVERED_TOP_WARDS]:
            for kind in SERVICE_KINDS:
                if (ward, kind.code) not in barred:
                    plan.append((kind, rng.choice(by_ward[ward])))
    # Every district has every kind somewhere; then the rest where people live.
    districts = sorted(by_district)
    for district in districts:
        for kind in SERVICE_KINDS:
            if (placed := _place(rng, by_district[district], kind, barred)) is not None:
                plan.append((kind, placed))
    populations = [sum(a.population for a in by_district[d]) for d in districts]
    while len(plan) < services:
        kind = rng.choice(SERVICE_KINDS)
        district = rng.choices(districts, weights=populations)[0]
        if (placed := _place(rng, by_district[district], kind, barred)) is not None:
            plan.append((kind, placed))
    organisations = _organisations(rng, districts, max(20, services // 5))
    return [
        _service(rng, n, kind, area, rng.choice(organisations[area.district_code]), gap_districts)
        for n, (kind, area) in enumerate(plan)
    ]


def _place(
    rng: random.Random, areas: list[Area], kind: ServiceKind, barred: set[tuple[str, str]]
) -> Area | None:
    """An LSOA for a service of ``kind`` by population, never in a barred ward (None if all are)."""
    allowed = [a for a in areas if (a.ward_code, kind.code) not in barred]
    return rng.choices(allowed, weights=[a.population for a in allowed])[0] if allowed else None


def _organisations(rng: random.Random, districts: list[str], count: int) -> dict[str, list[dict[str, Any]]]:
    made: dict[str, list[dict[str, Any]]] = {d: [] for d in districts}
    for n in range(count):
        district = districts[n % len(districts)]
        name = f"{rng.choice(_STEMS)} {DISTRICTS[district]} {rng.choice(_KINDS_OF_BODY)}"
        made[district].append(
            {
                "id": _uid("organization", n),
                "name": f"{name} ({n + 1})" if any(o["name"] == name for o in made[district]) else name,
                "description": f"A voluntary and community organisation working across {DISTRICTS[district]} (synthetic).",
                "email": f"hello{n + 1}@example.org",
                "website": f"https://org{n + 1}.example.org",
            }
        )
    return made


def _service(
    rng: random.Random,
    n: int,
    kind: ServiceKind,
    area: Area,
    organisation: dict[str, Any],
    gap_districts: set[tuple[str, str]],
) -> dict[str, Any]:
    """One fully nested service; a kind with a planted gap in the district serves its ward only."""
    service_id = _uid("service", n)
    location_id = _uid("location", n)
    district = DISTRICTS[area.district_code]
    district_wide = (area.district_code, kind.code) not in gap_districts and rng.random() < 0.3
    area_code = area.district_code if district_wide else area.ward_code
    opens = rng.choice(("09:00:00", "09:30:00", "10:00:00"))
    checked = LAST_CHECKED - timedelta(days=rng.choice((10, 40, 90, 150, 200, 400)))
    service: dict[str, Any] = {
        "id": service_id,
        "organization_id": organisation["id"],
        "name": f"{kind.name} – {rng.choice(_STEMS)} {district}",
        "description": f"{kind.description} Provided in {district} (synthetic).",
        "url": f"https://services.example.org/{service_id}",
        "email": f"service{n + 1}@example.org",
        "status": "active",
        "assured_date": checked.isoformat(),
        "last_modified": f"{checked.isoformat()}T09:00:00Z",
        "schedules": [
            {
                "id": _uid("schedule", n),
                "freq": "WEEKLY",
                "byday": ",".join(sorted(rng.sample(_DAYS, rng.randint(2, 5)), key=_DAYS.index)),
                "opens_at": opens,
                "closes_at": "17:00:00",
                "description": "Open on the days shown; ring first.",
            }
        ],
        "service_areas": [
            {
                "id": _uid("service_area", n),
                "name": district if district_wide else f"Ward {area.ward_code}",
                "extent_type": "ons_code",
                "extent": area_code,
                "uri": f"http://statistics.data.gov.uk/id/statistical-geography/{area_code}",
            }
        ],
        "service_at_locations": [
            {
                "id": _uid("service_at_location", n),
                "service_id": service_id,
                "location_id": location_id,
                "location": {
                    "id": location_id,
                    "location_type": "physical",
                    "name": f"{rng.choice(_STEMS)} Centre",
                    "latitude": round(area.latitude + rng.uniform(-0.002, 0.002), 5),
                    "longitude": round(area.longitude + rng.uniform(-0.002, 0.002), 5),
                    "addresses": [
                        {
                            "id": _uid("address", n),
                            "location_id": location_id,
                            "address_1": f"{rng.randint(1, 200)} {rng.choice(_STREETS)}",
                            "city": district,
                            "state_province": "West Yorkshire",
                            "postal_code": area.postcode,
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                    "accessibility": [
                        {
                            "id": _uid("accessibility", n),
                            "location_id": location_id,
                            "description": rng.choice(
                                ("Step-free entrance and accessible toilet.", "Hearing loop at reception.")
                            ),
                        }
                    ],
                },
            }
        ],
        "languages": [{"id": _uid("language", n), "service_id": service_id, "name": "English", "code": "en"}],
        "organization": dict(organisation),
        "cost_options": [
            {
                "id": _uid("cost", n),
                "service_id": service_id,
                "option": "Free",
                "amount": 0,
                "amount_description": "free",
            }
        ],
        "contacts": [
            {
                "id": _uid("contact", n),
                "service_id": service_id,
                "name": "Duty worker",
                "title": "Duty worker",
            }
        ],
        "attributes": [
            {
                "id": _uid("attribute", n),
                "link_id": service_id,
                "link_type": "service",
                "taxonomy_term_id": kind.id,
                "taxonomy_term": {
                    "id": kind.id,
                    "name": kind.name,
                    "description": kind.description,
                    "taxonomy": TAXONOMY_NAME,
                    "taxonomy_id": TAXONOMY_ID,
                    "term": kind.code,
                },
            }
        ],
    }
    if kind.minimum_age is not None:
        service["minimum_age"] = kind.minimum_age
    if kind.maximum_age is not None:
        service["maximum_age"] = kind.maximum_age
    return service


def write_oruk_pages(
    services: Sequence[dict[str, Any]], folder: Path, per_page: int = PER_PAGE
) -> list[Path]:
    """Write ``services-page-N.json`` files (N from 1), each a Page envelope of full services."""
    folder.mkdir(parents=True, exist_ok=True)
    total_pages = max(1, -(-len(services) // per_page))
    written = []
    for number in range(1, total_pages + 1):
        contents = list(services[(number - 1) * per_page : number * per_page])
        page = {
            "total_items": len(services),
            "total_pages": total_pages,
            "page_number": number,
            "size": len(contents),
            "first_page": number == 1,
            "last_page": number == total_pages,
            "empty": not contents,
            "contents": contents,
        }
        path = folder / f"services-page-{number}.json"
        path.write_text(json.dumps(page, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(path)
    return written


def areas_from_reference(source: Any) -> list[Area]:
    """The LSOAs of a reference source (``atr.reference.ReferenceSource``), real or synthetic.

    The postcode of each LSOA is the first of the synthetic postcode directory's (the same rule
    ``atr synth`` uses, so the pipeline's postcode → LSOA table knows it); the point is the
    centre of the LSOA's boundary box.
    """
    from atr.reference import read_geography
    from atr.synthetic.places import Geography

    table = read_geography(source)
    geography = Geography.from_table(table)
    postcode = dict(zip(geography.lsoa_code.tolist(), geography.postcodes[:, 0].tolist(), strict=True))
    centres = _centres(Path(source.path) / "wy_lsoa11_boundaries.geojson")
    rows = table.to_pylist()
    return [
        Area(
            lsoa_code=r["lsoa11_code"],
            ward_code=r["ward19_code"],
            district_code=r["lad19_code"],
            need=float(r["imd_score"]),
            population=float(r["pop_total"]),
            postcode=str(postcode[r["lsoa11_code"]]),
            longitude=centres.get(r["lsoa11_code"], (-1.6, 53.75))[0],
            latitude=centres.get(r["lsoa11_code"], (-1.6, 53.75))[1],
        )
        for r in rows
    ]


def _centres(path: Path) -> dict[str, tuple[float, float]]:
    if not path.is_file():
        return {}
    found: dict[str, tuple[float, float]] = {}
    for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
        code = feature["properties"].get("lsoa11_code")
        xs: list[float] = []
        ys: list[float] = []
        _collect(feature["geometry"]["coordinates"], xs, ys)
        if code and xs:
            found[code] = (round((min(xs) + max(xs)) / 2, 5), round((min(ys) + max(ys)) / 2, 5))
    return found


def _collect(node: Any, xs: list[float], ys: list[float]) -> None:
    if node and isinstance(node[0], int | float):
        xs.append(float(node[0]))
        ys.append(float(node[1]))
        return
    for child in node:
        _collect(child, xs, ys)
